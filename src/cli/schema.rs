//! `polypress schema`: the JSON Schema of the source files, generated from
//! the same types the loader uses, for YAML editors.

use clap::{Args, ValueEnum};
use polypress::source::model::{Facts, Texts};

use serde_json::{json, Value};

use super::OK;

/// What the types alone do not say, added so an editor catches it: dates
/// (every field documented as YYYY-MM-DD) are `format: date`, languages
/// are one of the six, symbols have the shape of a document symbol.
fn refine(schema: &mut Value) {
    let Value::Object(map) = schema else {
        if let Value::Array(items) = schema {
            items.iter_mut().for_each(refine);
        }
        return;
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            let Value::Object(p) = property else { continue };
            let dated = p
                .get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| d.contains("YYYY-MM-DD"));
            let is_array = p.get("items").is_some();
            let constraint = match name.as_str() {
                _ if dated => Some(json!({"format": "date"})),
                "languages" | "original_language" => {
                    Some(json!({"enum": polypress::source::UN_LANGUAGES}))
                }
                "symbols" => Some(json!({"pattern": SYMBOL_PATTERN})),
                _ => None,
            };
            if let Some(Value::Object(constraint)) = constraint {
                let target = if is_array {
                    p.get_mut("items")
                } else {
                    Some(property)
                };
                if let Some(Value::Object(target)) = target {
                    target.extend(constraint);
                }
            }
        }
    }
    map.values_mut().for_each(refine);
}

/// The outline of a document symbol (A/75/906, S/2021/534,
/// A/HRC/WG.6/7/ITA/1, A/RES/48/161): a body letter, then parts separated
/// by slashes. The loader checks each part (source/symbol.rs).
const SYMBOL_PATTERN: &str = r"^[A-Z]+(/[A-Za-z0-9.\-]+)+$";

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
        let mut schema = schema.to_value();
        refine(&mut schema);
        match serde_json::to_string_pretty(&schema) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("error: {e}"),
        }
        OK
    }
}
