//! The XLIFF file of a locale against the source locale: a `<file>` per
//! Fluent file, a unit per message, term and attribute.

use std::collections::BTreeMap;
use std::path::Path;

use super::content::{pieces, placeholder_ids, to_content};
use super::entries::{entries, units, ValueSpan};
use crate::diagnostic::Diagnostic;
use crate::xml;

/// The names of the Fluent files directly in the locale folder `dir`, sorted.
fn ftl_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ftl"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The XLIFF file of the locale `target` against `source`, both under
/// `locales` (the `locales/` folder).
pub fn export(locales: &Path, source: &str, target: &str) -> Result<String, Diagnostic> {
    let source_dir = locales.join(source);
    let names = ftl_files(&source_dir);
    if names.is_empty() {
        return Err(
            Diagnostic::error(format!("the source locale `{source}` has no .ftl files"))
                .in_file(&source_dir)
                .with_hint("pass --source with a locale under locales/"),
        );
    }
    if !locales.join(target).is_dir() {
        return Err(
            Diagnostic::error(format!("there is no locale folder for `{target}`"))
                .in_file(&locales.join(target))
                .with_hint(format!("create locales/{target}/ first")),
        );
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
    for name in names {
        let source_text = std::fs::read_to_string(source_dir.join(&name)).map_err(|e| {
            Diagnostic::error(format!("cannot read {name}: {e}")).in_file(&source_dir.join(&name))
        })?;
        let target_text =
            std::fs::read_to_string(locales.join(target).join(&name)).unwrap_or_default();
        let source_entries = entries(&source_text);
        let target_entries = entries(&target_text);
        let targets: BTreeMap<String, &ValueSpan> = units(&target_entries)
            .into_iter()
            .map(|(id, v, _)| (id, v))
            .collect();
        xml.push_str(&format!(
            "  <file original=\"locales/{target}/{}\" source-language=\"{source}\" target-language=\"{target}\" datatype=\"x-fluent\" product-name=\"polypress\">\n    <body>\n",
            xml::escape(&name)
        ));
        for (id, value, comment) in units(&source_entries) {
            let source_pieces = pieces(&value.raw);
            let (state, content, source_ids) = match targets.get(&id) {
                None => {
                    let (ids, _) = placeholder_ids(&source_pieces, &[]);
                    ("needs-translation", String::new(), ids)
                }
                Some(t) => {
                    let target_pieces = pieces(&t.raw);
                    let (ids, target_ids) = placeholder_ids(&source_pieces, &target_pieces);
                    ("translated", to_content(&target_pieces, &target_ids), ids)
                }
            };
            xml.push_str(&format!(
                "      <trans-unit id=\"{}\" xml:space=\"preserve\">\n        <source>{}</source>\n        <target state=\"{state}\">{content}</target>\n",
                xml::escape(&id),
                to_content(&source_pieces, &source_ids)
            ));
            if let Some(comment) = comment {
                xml.push_str(&format!(
                    "        <note from=\"developer\">{}</note>\n",
                    xml::escape(comment)
                ));
            }
            xml.push_str("      </trans-unit>\n");
        }
        xml.push_str("    </body>\n  </file>\n");
    }
    xml.push_str("</xliff>\n");
    Ok(xml)
}
