//! Stage 3: layout. Handlebars templates turn a document in one language
//! into layout markup (`markup.rs`), which becomes a block tree (`tree/`).

mod comments;
mod compiled;
pub mod context;
pub mod markup;
pub mod quotes;
pub mod templates;
pub mod tree;

pub use templates::Templates;
pub use tree::{
    Block, CellAlign, ContentsColumns, ContentsPage, Direction, Inline, Label, LayoutDocument,
    Paper, Paragraph, Style, Table,
};
