//! XLIFF 1.2 export and import of document texts, for CAT tools (Trados,
//! memoQ, Okapi). Units are the tracked texts (titles, paragraphs,
//! footnotes) with their stable ids (tracked.rs); `{annex:…}` and `{footnote:…}` placeholders
//! travel as `<x/>` elements a CAT tool protects. Stale segments are
//! `needs-review-translation`, missing ones `needs-translation`.

mod content;
mod export;
mod import;
mod read;

pub(crate) use content::from_content;
pub(super) use content::{codes_in_order, numbered_content};
pub use export::export;
pub use import::import;
pub(crate) use read::check_root;

/// The XLIFF versions: an export writes the one asked for, an import
/// reads either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// XLIFF 1.2, what most CAT tools read (the default).
    V1_2,
    /// XLIFF 2.0 (OASIS, 2014): units named by their segment ids,
    /// placeholders as numbered `<ph/>` codes.
    V2_0,
}

/// The XLIFF 1.2 namespace.
const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// The XLIFF 2 core namespace (2.0, 2.1 and 2.2 share it).
const NAMESPACE_2: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The namespace of polypress's own attributes in an XLIFF 2.0 file
/// (`pp:source`, the stamp of the source exported).
const OWN_NAMESPACE: &str = "urn:polypress:xliff";

/// The prefix of a unit's `extradata`: the stamp of the source exported.
const PROVENANCE: &str = "polypress-source ";
