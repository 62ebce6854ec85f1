//! A property of every accepted source: its PDF has no word printed over
//! another, and every letter of the source is in the text layer, in
//! logical order. Checked on documents generated from a seed in the six
//! languages (headings, numbered paragraphs, lists, emphasis, footnotes
//! long enough to continue on the next page), read back with poppler's
//! pdftotext. `POLYPRESS_PROPERTY_CASES=N` (default 2 per language) and
//! `POLYPRESS_PROPERTY_SEED` run more or other cases.

use crate::common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{code_and_stderr, polypress, repo, scratch, Random};

const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// Words of a language, taken from the structure fixture's texts: letters
/// only, so the check compares letters.
fn words(lang: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(repo().join(format!("tests/fixtures/structure/{lang}.yaml")))
            .unwrap();
    let mut words: Vec<String> = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let body = line.split_once(": ").map_or(line, |(_, v)| v);
        if lang == "zh" {
            // Runs of Han characters, cut into pieces of two.
            let han: Vec<char> = body.chars().filter(|c| is_han(*c)).collect();
            for piece in han.chunks(2) {
                words.push(piece.iter().collect());
            }
        } else {
            for word in body.split(|c: char| !c.is_alphabetic()) {
                if word.chars().count() >= 2 && word.chars().all(char::is_alphabetic) {
                    words.push(word.to_owned());
                }
            }
        }
    }
    words.sort();
    words.dedup();
    assert!(words.len() > 50, "{lang}: {} words", words.len());
    words
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// A sentence of `least` to `least + spread - 1` words, with markup here and there; returns the
/// source text and its plain letters.
fn sentence(
    random: &mut Random,
    words: &[String],
    (least, spread): (usize, usize),
    lang: &str,
) -> (String, String) {
    let n = least + random.below(spread);
    let mut source = String::new();
    let mut plain = String::new();
    for i in 0..n {
        let word = &words[random.below(words.len())];
        if i > 0 && lang != "zh" {
            source.push(' ');
        }
        let marked = match random.below(30) {
            0 => format!("{{i:{word}}}"),
            1 => format!("{{b:{word}}}"),
            _ => word.clone(),
        };
        source.push_str(&marked);
        plain.push_str(word);
    }
    source.push(if lang == "zh" { '。' } else { '.' });
    (source, plain)
}

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// One generated document in `lang`: its texts file and the letters of
/// the body and of each footnote, in order.
fn generate(random: &mut Random, lang: &str, words: &[String]) -> (String, String, Vec<String>) {
    let mut yaml = String::new();
    let mut body = String::new();
    let (title, plain) = sentence(random, words, (3, 6), lang);
    let title = title.trim_end_matches(['.', '。']).to_owned();
    yaml.push_str(&format!("title: {}\n", quoted(&title)));
    body.push_str(
        &plain
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect::<String>(),
    );
    yaml.push_str("paragraphs:\n");
    let mut notes = Vec::new();
    let mut note_yaml = String::new();
    let blocks = 4 + random.below(14);
    for b in 0..blocks {
        if random.chance(20) {
            let (text, plain) = sentence(random, words, (2, 5), lang);
            let text = text.trim_end_matches(['.', '。']);
            let level = 1 + random.below(3);
            yaml.push_str(&format!(
                "  - id: h{b}\n    heading: {level}\n    text: {}\n",
                quoted(&strip_markup(text))
            ));
            body.push_str(&plain);
            continue;
        }
        let mut text = String::new();
        for _ in 0..1 + random.below(6) {
            let (s, plain) = sentence(random, words, (4, 25), lang);
            if !text.is_empty() && lang != "zh" {
                text.push(' ');
            }
            text.push_str(&s);
            body.push_str(&plain);
        }
        if random.chance(25) {
            let id = format!("n{}", notes.len());
            text.push_str(&format!("{{footnote:{id}}}"));
            // Now and then a note longer than a page's room for notes.
            let length = if random.chance(20) {
                (300, 500)
            } else {
                (5, 40)
            };
            let (note, plain) = sentence(random, words, length, lang);
            note_yaml.push_str(&format!("  - id: {id}\n    text: {}\n", quoted(&note)));
            notes.push(plain);
        }
        yaml.push_str(&format!("  - id: p{b}\n    text: {}\n", quoted(&text)));
        if random.chance(15) {
            yaml.push_str(&format!(
                "  - id: l{b}\n    text: {}\n    items:\n",
                quoted("—")
            ));
            for k in 0..2 + random.below(3) {
                let (item, plain) = sentence(random, words, (3, 15), lang);
                yaml.push_str(&format!(
                    "      - id: l{b}-{k}\n        text: {}\n",
                    quoted(&item)
                ));
                body.push_str(&plain);
            }
        }
    }
    if !note_yaml.is_empty() {
        yaml.push_str("footnotes:\n");
        yaml.push_str(&note_yaml);
    }
    (yaml, body, notes)
}

fn strip_markup(text: &str) -> String {
    text.replace("{i:", "").replace("{b:", "").replace('}', "")
}

/// The letters of a text, in order.
fn letters(text: &str) -> Vec<char> {
    text.chars().filter(|c| c.is_alphabetic()).collect()
}

/// Whether `needle` is a subsequence of `haystack`.
fn is_subsequence(needle: &[char], haystack: &[char]) -> Option<usize> {
    let mut at = 0;
    for (i, c) in needle.iter().enumerate() {
        match haystack[at..].iter().position(|h| h == c) {
            Some(p) => at += p + 1,
            None => return Some(i),
        }
    }
    None
}

#[test]
fn generated_documents_have_no_overprint_and_give_their_text_back_in_order() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("pdftotext (poppler-utils) not installed: skipped; .ci/run installs it");
        return;
    }
    let per_language: usize = std::env::var("POLYPRESS_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let seed: u64 = std::env::var("POLYPRESS_PROPERTY_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x005E_ED0F_D0C5);
    let root = scratch("property");
    for dir in ["locales", "templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    let facts =
        std::fs::read_to_string(repo().join("tests/fixtures/structure/document.yaml")).unwrap();
    let mut random = Random(seed | 1);
    let mut expected: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for lang in LANGUAGES {
        let words = words(lang);
        for case in 0..per_language {
            let name = format!("generated-{lang}-{case:03}");
            let dir = root.join("documents").join(&name);
            std::fs::create_dir_all(&dir).unwrap();
            let facts = facts
                .replace(
                    "languages: [ar, zh, en, fr, ru, es]",
                    &format!("languages: [{lang}]"),
                )
                .replace(
                    "original_language: en",
                    &format!("original_language: {lang}"),
                );
            std::fs::write(dir.join("document.yaml"), facts).unwrap();
            let (yaml, body, notes) = generate(&mut random, lang, &words);
            std::fs::write(dir.join(format!("{lang}.yaml")), &yaml).unwrap();
            expected.insert(format!("{name}.{lang}"), (body, notes));
        }
    }
    let out = root.join("out");
    let output = polypress(&root, &["build", "-q", "-o", out.to_str().unwrap()]);
    let (code, stderr) = code_and_stderr(&output);
    assert_eq!(code, 0, "every generated document is accepted\n{stderr}");

    let mut failures = Vec::new();
    for (job, (body, notes)) in &expected {
        let pdf = out.join(format!("{job}.pdf"));
        // Left-to-right text in content-stream order, the order the PDF
        // gives its text in, not poppler's guess at columns; right-to-left
        // text through poppler's bidi (its raw mode is visual order).
        let mode = if job.ends_with(".ar") {
            "-layout"
        } else {
            "-raw"
        };
        let text = Command::new("pdftotext")
            .arg(mode)
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        let got = letters(&text);
        if let Some(at) = is_subsequence(&letters(body), &got) {
            let context: String = letters(body)
                .iter()
                .skip(at.saturating_sub(20))
                .take(40)
                .collect();
            failures.push(format!(
                "{job}: body letter {at} not found in order (…{context}…)"
            ));
        }
        for (i, note) in notes.iter().enumerate() {
            if let Some(at) = is_subsequence(&letters(note), &got) {
                failures.push(format!(
                    "{job}: footnote {i}, letter {at} not found in order"
                ));
            }
        }
        let (pages, boxes) = common::words(&pdf);
        if let Some(problem) = common::overprint(&pages, &boxes) {
            failures.push(format!("{job}: {problem}"));
        }
        if failures.len() > 20 {
            break;
        }
    }
    assert!(
        failures.is_empty(),
        "seed {seed}: {} problem(s):\n{}\n(sources in {})",
        failures.len(),
        failures.join("\n"),
        root.display()
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn the_checks_catch_an_overprint_and_a_reordering() {
    let word = |x: f32, y: f32| common::Word {
        page: 0,
        text: "w".to_owned(),
        x_min: x,
        y_min: y,
        x_max: x + 30.0,
        y_max: y + 17.0,
    };
    let page = [(612.0, 792.0)];
    // Words of neighbouring Arabic lines: boxes 12 pt apart, 17 pt tall.
    assert!(common::overprint(&page, &[word(100.0, 100.0), word(100.0, 112.0)]).is_none());
    assert!(common::overprint(&page, &[word(100.0, 100.0), word(140.0, 100.0)]).is_none());
    assert!(common::overprint(&page, &[word(100.0, 100.0), word(105.0, 101.0)]).is_some());
    // A word off the page.
    assert!(common::overprint(&page, &[word(600.0, 100.0)]).is_some());
    let source = letters("first second third");
    assert_eq!(
        is_subsequence(&source, &letters("head first sec-\nond note third")),
        None
    );
    assert!(is_subsequence(&source, &letters("first third second")).is_some());
}

#[test]
fn long_words_and_wide_tables_are_set_inside_the_page_or_refused() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("pdftotext (poppler-utils) not installed: skipped; .ci/run installs it");
        return;
    }
    let root = scratch("property-wide");
    for dir in ["locales", "templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    let facts = std::fs::read_to_string(repo().join("tests/fixtures/structure/document.yaml"))
        .unwrap()
        .replace("languages: [ar, zh, en, fr, ru, es]", "languages: [en]");
    let words = words("en");
    let mut random = Random(0x0057_1DE5 | 1);
    let mut names = Vec::new();
    for case in 0..12 {
        let name = format!("wide-{case:02}");
        let dir = root.join("documents").join(&name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("document.yaml"), &facts).unwrap();
        let mut yaml = String::from("title: Wide\nparagraphs:\n");
        // A paragraph with, now and then, a word of up to 150 letters.
        let (mut text, _) = sentence(&mut random, &words, (10, 30), "en");
        if random.chance(50) {
            let long = "w".repeat(20 + random.below(130));
            text = format!("{text} {long} end.");
        }
        yaml.push_str(&format!("  - id: p\n    text: {}\n", quoted(&text)));
        // A table of 1 to 40 columns of words.
        let columns = 1 + random.below(40);
        yaml.push_str("  - id: t\n    table:\n      columns: [");
        yaml.push_str(&vec!["{ width: 1 }"; columns].join(", "));
        yaml.push_str("]\n      rows:\n");
        for _ in 0..1 + random.below(4) {
            let cells: Vec<String> = (0..columns)
                .map(|_| quoted(&words[random.below(words.len())]))
                .collect();
            yaml.push_str(&format!("        - [{}]\n", cells.join(", ")));
        }
        std::fs::write(dir.join("en.yaml"), yaml).unwrap();
        names.push(name);
    }
    let out = root.join("out");
    let output = polypress(&root, &["build", "-q", "-o", out.to_str().unwrap()]);
    let (_, stderr) = code_and_stderr(&output);
    let mut set = 0;
    for name in &names {
        let pdf = out.join(format!("{name}.en.pdf"));
        if !pdf.exists() {
            assert!(
                stderr.contains(&format!("failed: {name}")) && stderr.contains("wider than its"),
                "{name} neither rendered nor refused with its reason:\n{stderr}"
            );
            continue;
        }
        set += 1;
        let (pages, boxes) = common::words(&pdf);
        if let Some(problem) = common::overprint(&pages, &boxes) {
            panic!("{name}: {problem}");
        }
    }
    eprintln!(
        "{set} of {} cases rendered, the others refused",
        names.len()
    );
    assert!(
        set > 0 && set < names.len(),
        "both outcomes are tried: {stderr}"
    );
    let _ = std::fs::remove_dir_all(&root);
}
