//! Stage 1: load a document folder and check it.
//!
//! A document is a folder under `documents/`: `document.yaml` with the
//! language-neutral facts and one `<lang>.yaml` of texts per language. Loading
//! gives a [`Document`] or every diagnostic found, each pointing at a file,
//! line and column.

mod blocks;
mod check;
mod fast;
mod file;
pub mod inline;
mod load;
pub(crate) mod locate;
pub mod model;
mod split;
pub mod submission;
pub mod symbol;

pub use file::SourceFile;
pub use load::{document_id, load_document, load_document_from, Document};
pub use model::{parse_date, UN_LANGUAGES};
