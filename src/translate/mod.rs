//! The translators' wing: the tools around the pipeline that translators
//! and their CAT tools use, never the pipeline itself.
//!
//! - [`lint`]: `polypress l10n check`, every locale against the reference;
//! - [`tracked`] and [`status`]: which texts of a document are current,
//!   stale or missing in each language, from the provenance of each text;
//! - [`xliff`] (document texts, XLIFF 1.2 and 2.0), [`xliff_locales`]
//!   (locale files) and [`tmx`]: the exchange with CAT tools;
//! - [`proof`]: the proof PDF that shows a reviser each text's state.
//!
//! It stands above the pipeline (the proof renders through it) and below
//! the batch and the CLI (tests/it/architecture.rs); the runtime localisation
//! stage, `l10n`, knows nothing of it.

pub mod lint;
pub mod proof;
pub mod status;
pub mod tmx;
pub mod tracked;
pub mod xliff;
pub mod xliff_locales;
