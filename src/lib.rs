//! polypress: YAML sources of UN-style official documents to print-ready
//! PDFs in the six UN languages.
//!
//! The pipeline (DESIGN.md), one module per stage, data flowing one way:
//! [`source`] → [`l10n`] → [`layout`] → [`typeset`] → [`paginate`] → [`pdf`],
//! chained for one document and language by [`pipeline`]; [`batch`] runs
//! many jobs; the CLI lives in the binary.

pub mod diagnostic;
pub mod l10n;
pub mod layout;
pub mod source;
pub mod typeset;
pub mod paginate;
pub mod pdf;
pub mod pipeline;
pub mod batch;
