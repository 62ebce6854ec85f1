//! `polypress schema`: the JSON Schema of the source files, generated from
//! the same types the loader uses, for YAML editors.

use clap::{Args, ValueEnum};
use polypress::source::model::{Facts, Texts};

use super::OK;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum File {
    /// document.yaml: the language-neutral facts.
    Document,
    /// <lang>.yaml: the texts of one language.
    Texts,
}

#[derive(Debug, Args)]
pub struct Schema {
    /// Which file's schema to print.
    #[arg(value_enum, default_value = "document")]
    file: File,
}

impl Schema {
    pub fn execute(self) -> u8 {
        let schema = match self.file {
            File::Document => schemars::schema_for!(Facts),
            File::Texts => schemars::schema_for!(Texts),
        };
        match serde_json::to_string_pretty(&schema) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("error: {e}"),
        }
        OK
    }
}
