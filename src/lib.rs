//! polypress: YAML sources of UN-style official documents to print-ready
//! PDFs in the six UN languages.
//!
//! The pipeline (README, "A two-minute tour"), one module per stage, data flowing one way:
//! [`source`] → [`l10n`] → [`layout`] → [`typeset`] → [`paginate`] → [`pdf`],
//! chained for one document and language by [`pipeline`]; [`batch`] runs
//! many jobs; [`translate`] holds the translators' tools (the locale check,
//! XLIFF and TMX, text status, the proof); the CLI lives in the binary. [`timing`] times any stage
//! (`POLYPRESS_PHASES`) outside the data flow.

// Diagnostics are large (file, position, code frame, hint) and travel only
// on the error path; boxing them would buy nothing measurable.
#![allow(clippy::result_large_err)]

pub mod batch;
pub(crate) mod bytes;

pub mod diagnostic;
#[doc(hidden)]
pub mod fuzz;
pub mod house;
pub mod input;
pub(crate) mod kept;
pub mod l10n;
pub mod language;
pub(crate) mod later;
pub mod layout;
pub mod paginate;
pub mod pdf;
pub mod pipeline;
pub mod project;
pub mod source;
#[cfg(test)]
mod testing;
pub mod timing;
pub mod translate;
pub mod typeset;
pub(crate) mod xml;
