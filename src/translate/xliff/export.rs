//! The XLIFF file of a document's texts from one language into another,
//! each unit with where it stands and notes for the translator.

use std::collections::BTreeMap;

use super::content::{codes_in_order, numbered_content, ph_code, to_content, x_code};
use super::{Version, NAMESPACE_2, OWN_NAMESPACE, PROVENANCE};
use crate::diagnostic::Diagnostic;
use crate::source::Document;
use crate::translate::status::{source_stamp, Versions};
use crate::translate::tracked::{tracked, Tracked};
use crate::xml;

/// Where a unit stands, as an export tells the CAT tool.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// The target has no such segment.
    Missing,
    /// Reviewed against an older source.
    Stale,
    /// Translated, never reviewed.
    Unreviewed,
    /// Reviewed against the current source.
    Reviewed,
}

/// One unit of an export, whatever the version.
struct Outgoing<'a> {
    source: &'a Tracked<'a>,
    target: Option<&'a Tracked<'a>>,
    standing: Standing,
    /// The stamp of the source exported, which an import records.
    provenance: String,
    /// Where the segment is and its words; for a stale one, the source it
    /// was translated from and the words changed since.
    context: String,
    change: Option<String>,
}

/// The XLIFF file of `document` from `source` into `target`.
pub fn export(
    document: &Document,
    source: &str,
    target: &str,
    version: Version,
) -> Result<String, Diagnostic> {
    let (source_texts, source_file) = document.texts_in(source)?;
    let (target_texts, target_file) = document.texts_in(target)?;
    let target_units = tracked(target_texts, Some(target_file));
    let targets: BTreeMap<&str, &Tracked> =
        target_units.iter().map(|t| (t.id.as_str(), t)).collect();
    let versions = Versions::of(document);
    let original = &document.facts.original_language;
    let source_units = tracked(source_texts, Some(source_file));
    let units: Vec<Outgoing> = source_units
        .iter()
        .map(|unit| {
            let target = targets.get(unit.id.as_str()).copied();
            let standing = match target.map(|t| t.source) {
                None => Standing::Missing,
                Some(Some(stamp)) if versions.is_current(stamp, &unit.id, original) => {
                    Standing::Reviewed
                }
                Some(Some(_)) => Standing::Stale,
                Some(None) => Standing::Unreviewed,
            };
            let (context, change) = notes(document, &versions, unit, target, standing);
            Outgoing {
                source: unit,
                target,
                standing,
                provenance: source_stamp(source, unit.text),
                context,
                change,
            }
        })
        .collect();
    let original_file = format!(
        "documents/{}/{}",
        document.id,
        target_file
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
    );
    Ok(match version {
        Version::V1_2 => write_1_2(&units, &original_file, source, target),
        Version::V2_0 => write_2_0(&units, &original_file, source, target),
    })
}

fn write_1_2(units: &[Outgoing], original: &str, source: &str, target: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
    xml.push_str(&format!(
        "  <file original=\"{}\" source-language=\"{source}\" target-language=\"{target}\" datatype=\"plaintext\" product-name=\"polypress\">\n    <body>\n",
        xml::escape(original)
    ));
    for unit in units {
        // Reviewed against the current source: approved; reviewed against
        // an older one: to review; never reviewed: translated.
        let (state, approved) = match unit.standing {
            Standing::Missing => ("needs-translation", ""),
            Standing::Stale => ("needs-review-translation", ""),
            Standing::Unreviewed => ("translated", ""),
            Standing::Reviewed => ("translated", " approved=\"yes\""),
        };
        let content = unit
            .target
            .map(|t| to_content(t.text, &mut x_code))
            .unwrap_or_default();
        let mut notes = format!(
            "        <note from=\"polypress\" annotates=\"general\">{}</note>\n",
            xml::escape_text(&unit.context)
        );
        if let Some(change) = &unit.change {
            notes.push_str(&format!(
                "        <note from=\"polypress\" annotates=\"source\">{}</note>\n",
                xml::escape_text(change)
            ));
        }
        xml.push_str(&format!(
            "      <trans-unit id=\"{}\"{approved} extradata=\"{}\" xml:space=\"preserve\">\n        <source>{}</source>\n        <target state=\"{state}\">{content}</target>\n{notes}      </trans-unit>\n",
            xml::escape(&unit.source.id),
            xml::escape(&format!("{PROVENANCE}{}", unit.provenance)),
            to_content(unit.source.text, &mut x_code)
        ));
    }
    xml.push_str("    </body>\n  </file>\n</xliff>\n");
    xml
}

fn write_2_0(units: &[Outgoing], original: &str, source: &str, target: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<xliff xmlns=\"{NAMESPACE_2}\" xmlns:pp=\"{OWN_NAMESPACE}\" version=\"2.0\" srcLang=\"{source}\" trgLang=\"{target}\">\n"
    ));
    xml.push_str(&format!(
        "  <file id=\"f1\" original=\"{}\">\n",
        xml::escape(original)
    ));
    for (n, unit) in units.iter().enumerate() {
        // Unit ids are XML name tokens, which segment ids (`annexes/a/title`)
        // are not: the segment id is the unit's name.
        let mut xml_unit = format!(
            "    <unit id=\"u{}\" name=\"{}\" pp:source=\"{}\">\n",
            n + 1,
            xml::escape(&unit.source.id),
            xml::escape(&unit.provenance)
        );
        xml_unit.push_str("      <notes>\n");
        xml_unit.push_str(&format!(
            "        <note category=\"context\">{}</note>\n",
            xml::escape_text(&unit.context)
        ));
        if let Some(change) = &unit.change {
            xml_unit.push_str(&format!(
                "        <note category=\"source-change\" appliesTo=\"source\">{}</note>\n",
                xml::escape_text(change)
            ));
        }
        xml_unit.push_str("      </notes>\n");
        let state = match unit.standing {
            Standing::Missing => "state=\"initial\"",
            Standing::Stale => "state=\"initial\" subState=\"polypress:stale\"",
            Standing::Unreviewed => "state=\"translated\"",
            Standing::Reviewed => "state=\"reviewed\"",
        };
        let codes = codes_in_order(unit.source.text);
        let source_content = numbered_content(unit.source.text, &codes, &ph_code);
        xml_unit.push_str(&format!(
            "      <segment {state}>\n        <source xml:space=\"preserve\">{source_content}</source>\n"
        ));
        if let Some(t) = unit.target {
            let content = numbered_content(t.text, &codes, &ph_code);
            xml_unit.push_str(&format!(
                "        <target xml:space=\"preserve\">{content}</target>\n"
            ));
        }
        xml_unit.push_str("      </segment>\n    </unit>\n");
        xml.push_str(&xml_unit);
    }
    xml.push_str("  </file>\n</xliff>\n");
    xml
}

/// The notes of a unit for the translator: where the segment is and how
/// many words it has, and for a stale one the source it was translated
/// from (found in the repository's git history) with the words changed
/// since, as `l10n status` shows them.
fn notes(
    document: &Document,
    versions: &Versions,
    unit: &Tracked,
    target: Option<&Tracked>,
    standing: Standing,
) -> (String, Option<String>) {
    let words = unit.text.split_whitespace().count();
    let context = format!(
        "document {}, segment {}: {words} source words",
        document.id, unit.id
    );
    let stamp = target.and_then(|t| t.source);
    let change = match (stamp, standing) {
        (Some(stamp), Standing::Stale) => {
            let (lang, hash) = crate::translate::status::parse_stamp(stamp);
            let lang = lang.unwrap_or(&document.facts.original_language);
            let old = document.texts.get(lang).and_then(|(_, file)| {
                crate::translate::status::old_text(&file.path, &unit.id, hash)
            });
            match (old, versions.text(lang, &unit.id)) {
                (Some(old), Some(now)) => {
                    let diff = crate::translate::status::word_diff_text(
                        &crate::translate::status::word_diff(&old, now),
                    );
                    Some(format!(
                        "translated from this {lang} text, changed since: {old} — changes: {}",
                        diff.trim()
                    ))
                }
                _ => None,
            }
        }
        _ => None,
    };
    (context, change)
}
