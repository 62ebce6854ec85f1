//! A property of `l10n import`: for random edits a CAT tool may make to an
//! exported XLIFF file (1.2 or 2.0) — targets edited, placeholders
//! reordered, states changed, units removed, a missing segment filled —
//! the import applies exactly those edits; for edits it must refuse (a
//! placeholder deleted, a unit for no segment, a unit twice, a formatting
//! code) it refuses the whole file. Run in memory through the library: the
//! writing half (all or nothing, atomically) is `tests/it/l10n.rs`'s.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{repo, Random};
use polypress::source::{load_document_from, model::Texts, Document};
use polypress::translate::tracked::tracked;
use polypress::translate::xliff::{self, Version};

const DOCUMENT: &str = "a-75-906-s-2021-534";
const LANGS: [&str; 3] = ["en", "fr", "ru"];

/// The letter's files, with a paragraph that calls two references (so
/// placeholders can be reordered), French reviewed against English for
/// every segment but one it lacks (`other-areas`), and one English
/// paragraph changed since the review (`circulate` is stale).
fn fixture() -> BTreeMap<String, String> {
    let from = repo().join("documents").join(DOCUMENT);
    let read = |name: &str| std::fs::read_to_string(from.join(name)).unwrap();
    let mut files = BTreeMap::new();
    files.insert(
        "document.yaml".to_owned(),
        read("document.yaml").replace("[ar, zh, en, fr, ru, es]", "[en, fr, ru]"),
    );
    let en = read("en.yaml").replace(
        "(see {annex:csto-statement})",
        "(see {annex:csto-statement} and {footnote:agenda})",
    );
    let fr = read("fr.yaml").replace(
        "(voir {annex:csto-statement})",
        "(voir {annex:csto-statement} et {footnote:agenda})",
    );
    // French lacks `other-areas`: its item, up to the comment after it.
    let start = fr.find("      - id: other-areas").unwrap();
    let end = start + fr[start..].find("\n#").unwrap() + 1;
    let fr = format!("{}{}", &fr[..start], &fr[end..]);
    files.insert("en.yaml".to_owned(), en);
    files.insert("fr.yaml".to_owned(), fr);
    files.insert("ru.yaml".to_owned(), read("ru.yaml"));
    let document = load(&files);
    let (reviewed, _) =
        polypress::translate::status::mark_reviewed(&document, "en", "fr", &[]).unwrap();
    files.insert("fr.yaml".to_owned(), reviewed);
    let en = files["en.yaml"].replace(
        "and of the Security Council.",
        "and of the Security Council, for which we thank you.",
    );
    files.insert("en.yaml".to_owned(), en);
    files
}

fn load(files: &BTreeMap<String, String>) -> Document {
    let languages: Vec<String> = LANGS.iter().map(|l| l.to_string()).collect();
    load_document_from(Path::new(DOCUMENT), files, &languages).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Each segment of a texts file: its text and the stamp it carries.
fn segments(yaml: &str) -> BTreeMap<String, (String, Option<String>)> {
    let texts: Texts = serde_yaml::from_str(yaml).unwrap();
    tracked(&texts, None)
        .into_iter()
        .map(|t| (t.id, (t.text.to_string(), t.source.map(str::to_owned))))
        .collect()
}

/// The pieces of an exported file: before the first unit, the units, after
/// the last.
fn split<'a>(xml: &'a str, open: &str, close: &str) -> (&'a str, Vec<String>, &'a str) {
    let first = xml.find(open).unwrap();
    let mut units = Vec::new();
    let mut at = first;
    while let Some(start) = xml[at..].find(open).map(|s| s + at) {
        let end = start + xml[start..].find(close).unwrap() + close.len();
        units.push(xml[start..end].to_owned());
        at = end;
    }
    (&xml[..first], units, &xml[at..])
}

/// What a unit of either version says and how to change it.
struct Shape {
    version: Version,
    open: &'static str,
    close: &'static str,
}

impl Shape {
    fn id(&self, unit: &str) -> String {
        let attribute = match self.version {
            Version::V1_2 => "<trans-unit id=\"",
            Version::V2_0 => " name=\"",
        };
        let start = unit.find(attribute).unwrap() + attribute.len();
        unit[start..start + unit[start..].find('"').unwrap()].to_owned()
    }

    /// The unit with its target content replaced (a target added to a
    /// 2.0 segment without one).
    fn with_target(&self, unit: &str, content: &str) -> String {
        match unit.find("<target") {
            Some(start) => {
                let open_end = start + unit[start..].find('>').unwrap() + 1;
                let end = unit.find("</target>").unwrap();
                format!("{}{content}{}", &unit[..open_end], &unit[end..])
            }
            None => unit.replace(
                "</source>\n",
                &format!("</source>\n        <target>{content}</target>\n"),
            ),
        }
    }

    fn target(&self, unit: &str) -> String {
        match unit.find("<target") {
            Some(start) => {
                let open_end = start + unit[start..].find('>').unwrap() + 1;
                unit[open_end..unit.find("</target>").unwrap()].to_owned()
            }
            None => String::new(),
        }
    }

    /// The unit marked reviewed or not, as a CAT tool marks it.
    fn reviewed(&self, unit: &str, reviewed: bool) -> String {
        match self.version {
            Version::V1_2 => {
                let bare = unit.replace(" approved=\"yes\"", "");
                if reviewed {
                    bare.replacen("<trans-unit ", "<trans-unit approved=\"yes\" ", 1)
                } else {
                    bare
                }
            }
            Version::V2_0 => {
                let start = unit.find("<segment state=\"").unwrap() + 16;
                let end = start + unit[start..].find('"').unwrap();
                let state = if reviewed { "reviewed" } else { "translated" };
                format!("{}{state}{}", &unit[..start], &unit[end..])
            }
        }
    }

    fn is_reviewed(&self, unit: &str) -> bool {
        match self.version {
            Version::V1_2 => unit.contains("approved=\"yes\""),
            Version::V2_0 => unit.contains("<segment state=\"reviewed\""),
        }
    }

    /// The placeholder elements of a content, in order.
    fn codes(&self, content: &str) -> Vec<String> {
        let open = match self.version {
            Version::V1_2 => "<x ",
            Version::V2_0 => "<ph ",
        };
        let mut codes = Vec::new();
        let mut at = 0;
        while let Some(start) = content[at..].find(open).map(|s| s + at) {
            let end = start + content[start..].find("/>").unwrap() + 2;
            codes.push(content[start..end].to_owned());
            at = end;
        }
        codes
    }
}

/// One random round: export, edit, import, compare.
fn round(random: &mut Random, files: &BTreeMap<String, String>, shape: &Shape) -> (bool, String) {
    let document = load(files);
    let xml = xliff::export(&document, "en", "fr", shape.version).unwrap();
    let before = segments(&files["fr.yaml"]);
    let sources = segments(&files["en.yaml"]);
    let stamp_of = |id: &str| polypress::translate::status::source_stamp("en", &sources[id].0);
    let (head, units, tail) = split(&xml, shape.open, shape.close);
    let mut expected = before.clone();
    let mut refuse: Option<&str> = None;
    let mut out_units: Vec<String> = Vec::new();
    let mut log = Vec::new();
    for unit in units {
        let id = shape.id(&unit);
        let reviewed = if random.chance(50) {
            !shape.is_reviewed(&unit)
        } else {
            shape.is_reviewed(&unit)
        };
        let mut unit = shape.reviewed(&unit, reviewed);
        let content = shape.target(&unit);
        let codes = shape.codes(&content);
        let old = before.get(&id).map(|(t, _)| t.clone());
        let mut text = old.clone();
        match random.below(12) {
            // Removed: the segment stays as it was.
            0 => {
                log.push(format!("{id}: removed"));
                continue;
            }
            // The target edited (or a missing one written).
            1..=3 => {
                let word = format!(" révisé{}", random.below(1000));
                let base = if old.is_some() {
                    content.clone()
                } else {
                    "Nouveau texte".to_owned()
                };
                unit = shape.with_target(&unit, &format!("{base}{word}"));
                text = Some(format!(
                    "{}{word}",
                    old.clone().unwrap_or("Nouveau texte".to_owned())
                ));
                log.push(format!("{id}: edited{word}"));
            }
            // Two placeholders swapped: the same references, reordered.
            4 if codes.len() == 2 => {
                let swapped = content
                    .replacen(&codes[0], "\u{1}", 1)
                    .replacen(&codes[1], &codes[0], 1)
                    .replacen('\u{1}', &codes[1], 1);
                unit = shape.with_target(&unit, &swapped);
                let old = old.clone().unwrap();
                text = Some(
                    old.replacen("{annex:csto-statement}", "\u{1}", 1)
                        .replacen("{footnote:agenda}", "{annex:csto-statement}", 1)
                        .replacen('\u{1}', "{footnote:agenda}", 1),
                );
                log.push(format!("{id}: placeholders swapped"));
            }
            // Refused: a placeholder deleted.
            5 if !codes.is_empty() => {
                unit = shape.with_target(&unit, &content.replacen(&codes[0], "", 1));
                refuse = Some("note calls and annex references");
            }
            // Refused: a unit for no segment.
            6 if random.chance(30) => {
                out_units.push(unit.replace(&format!("\"{id}\""), "\"no-such-segment\""));
                refuse = Some("no segment with this id");
            }
            // Refused: the unit twice.
            7 if random.chance(30) => {
                out_units.push(unit.clone());
                refuse = Some("a second unit with this id");
            }
            // Refused: a formatting code the CAT tool added.
            8 if random.chance(30) && old.is_some() => {
                let code = match shape.version {
                    Version::V1_2 => {
                        "<bpt id=\"9\">&lt;b&gt;</bpt>gras<ept id=\"9\">&lt;/b&gt;</ept>"
                    }
                    Version::V2_0 => "<pc id=\"9\">gras</pc>",
                };
                unit = shape.with_target(&unit, &format!("{content}{code}"));
                refuse = Some("code (formatting the CAT tool added)");
            }
            _ => log.push(format!("{id}: state only")),
        }
        // What the segment should be after the import.
        let current = before
            .get(&id)
            .and_then(|(_, s)| s.clone())
            .is_some_and(|s| s == stamp_of(&id));
        match (&old, &text) {
            (_, None) => {}
            (Some(old), Some(new)) if old == new => {
                if reviewed && !current {
                    expected.insert(id.clone(), (new.clone(), Some(stamp_of(&id))));
                } else if !reviewed && current {
                    expected.insert(id.clone(), (new.clone(), None));
                }
            }
            (_, Some(new)) => {
                expected.insert(id.clone(), (new.clone(), reviewed.then(|| stamp_of(&id))));
            }
        }
        log.push(format!("{id}: reviewed={reviewed}"));
        out_units.push(unit);
    }
    let edited = format!("{head}{}{tail}", out_units.concat());
    let result = xliff::import(&document, &edited);
    let log = log.join("\n");
    match (refuse, result) {
        (Some(reason), Err(problems)) => {
            assert!(
                problems.iter().any(|p| p.contains(reason)),
                "refused for another reason than `{reason}`: {problems:?}\n{log}"
            );
            (false, log)
        }
        (Some(reason), Ok(_)) => panic!("accepted, though `{reason}`:\n{log}\n{edited}"),
        (None, Err(problems)) => panic!("refused: {problems:?}\n{log}\n{edited}"),
        (None, Ok((lang, written))) => {
            assert_eq!(lang, "fr");
            let after = match written {
                Some(yaml) => segments(&yaml),
                None => before.clone(),
            };
            assert_eq!(after, expected, "{log}");
            (true, log)
        }
    }
}

#[test]
fn an_import_applies_exactly_the_cat_tools_edits_or_refuses_the_file() {
    let files = fixture();
    let shapes = [
        Shape {
            version: Version::V1_2,
            open: "<trans-unit ",
            close: "</trans-unit>",
        },
        Shape {
            version: Version::V2_0,
            open: "<unit ",
            close: "</unit>",
        },
    ];
    let mut random = Random(0x5eed_cafe_2026_1203);
    let mut applied = [0, 0];
    for n in 0..120 {
        let shape = &shapes[n % 2];
        let (accepted, _) = round(&mut random, &files, shape);
        if accepted {
            applied[n % 2] += 1;
        }
    }
    // Both outcomes are reached in both versions.
    assert!(
        applied.iter().all(|&a| (5..55).contains(&a)),
        "applied per version: {applied:?} of 60"
    );
}
