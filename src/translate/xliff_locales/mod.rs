//! XLIFF 1.2 export and import of the locale files (`locales/<lang>/*.ftl`).
//!
//! One `<file>` per `.ftl` file of the source locale, one `<trans-unit>` per
//! message, term and attribute (`letter-title`, `-brand`,
//! `annex-heading.short`), the comment above a message as a `<note>`. The
//! unit's text is the Fluent value as written; the Fluent syntax in it
//! (placeables `{ $date }`, select headers `{ $n ->`, variant keys
//! `*[other]` and closing braces) travels as `<ph>` elements, which CAT tools
//! protect, so the translator edits only the words.
//!
//! Import rewrites only the values that changed (export then import leaves
//! every file byte-identical), adds messages and attributes the target
//! lacks, and refuses the whole file, writing nothing, when a unit is not in
//! the source locale, does not parse as Fluent, uses other variables than
//! the source, or has a `<ph>` whose content is not the source's of that id.
//!
//! A placeable has the same `<ph>` id in source and target (the target's
//! k-th `{ $x }` takes the id of the source's k-th), so CAT tools, which
//! match placeholders by id, keep each variable where the translator put it.

mod content;
mod entries;
mod export;
mod import;

pub use entries::entry_texts;
pub use export::export;
pub use import::{import, Writes};

#[cfg(test)]
mod tests;
