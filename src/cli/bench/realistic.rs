//! The realistic cases of `polypress bench`: reports of the shape users
//! render — headings, numbered paragraphs of three to seven sentences,
//! sub-paragraphs, footnotes — with the text varied rather than a few
//! paragraphs repeated.
//!
//! The sentences come from every text of the repository's documents in
//! each language (the seed statement, the press releases, the report and
//! the resolution where they have that language); a paragraph draws its
//! sentences with a seeded generator, so the corpus is the same on every
//! run and every machine, and no two paragraphs of a case are alike.

use std::path::Path;

use polypress::language::{Language, Script};
use polypress::source::model::{DutyStation, Facts, Kind, Marker, OrganKind, Segment, Texts};
use polypress::source::submission::word_count;

/// A small deterministic generator (SplitMix64): the corpus must not
/// change between runs, machines or versions of a random-number crate.
pub struct Draw(u64);

impl Draw {
    pub fn new(seed: u64) -> Self {
        Draw(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }
}

/// The sentences of a language, from every document that has it.
pub fn sentences(root: &Path, lang: &str) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut folders: Vec<_> = std::fs::read_dir(root.join("documents"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    folders.sort();
    for folder in folders {
        let path = folder.join(format!("{lang}.yaml"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let texts: Texts = serde_yaml::from_str(&text).map_err(std::io::Error::other)?;
        let mut all = Vec::new();
        for (i, segment) in texts.paragraphs.iter().chain(&texts.summary).enumerate() {
            segment.texts(&format!("p{i}"), &mut all);
        }
        for (i, segment) in texts.letter.iter().flat_map(|l| &l.paragraphs).enumerate() {
            segment.texts(&format!("l{i}"), &mut all);
        }
        for (i, segment) in texts.footnotes.iter().enumerate() {
            segment.texts(&format!("f{i}"), &mut all);
        }
        for annex in texts.annexes.values() {
            for (i, segment) in annex.paragraphs.iter().enumerate() {
                segment.texts(&format!("a{i}"), &mut all);
            }
        }
        for (_, _, text) in all {
            out.extend(split_sentences(&without_markup(text)));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A text without its footnote calls (`{footnote:ID}`).
pub fn without_footnote_calls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{footnote:") {
        out.push_str(&rest[..start]);
        rest = rest[start..].split_once('}').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// A text without its footnote calls; empty when other markup remains
/// (a sentence with a reference or emphasis is left out, not mangled).
fn without_markup(text: &str) -> String {
    let out = without_footnote_calls(text);
    if out.contains(['{', '}', '\\']) {
        return String::new();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentences of a text: cut after a full stop, question or
/// exclamation mark followed by a space, or after a Chinese full stop.
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let end = match c {
            '。' | '！' | '？' => true,
            '.' | '?' | '!' => next == Some(' '),
            _ => false,
        };
        if end {
            let sentence = text[start..i + c.len_utf8()].trim();
            // Fragments (“No.”, list numbers) are too short to be sentences;
            // Chinese says in 15 characters what English says in 40.
            let shortest = if c == '。' { 15 } else { 40 };
            if sentence.chars().count() >= shortest {
                out.push(sentence.to_owned());
            }
            start = i + c.len_utf8();
        }
    }
    // A paragraph that does not end in a full stop ends a sentence too.
    let last = text[start..].trim();
    if last.chars().count() >= 40 {
        out.push(last.to_owned());
    }
    out
}

/// Words of text per page, as measured on these reports, so a case has about the pages it
/// names (the bench reports the pages it got).
fn words_per_page(lang: &str) -> usize {
    match lang {
        "zh" => 800,
        "ar" => 720,
        "es" => 690,
        "fr" => 660,
        "en" => 650,
        _ => 460,
    }
}

/// A report of about `pages` pages in `lang`: texts, and the words in them.
pub fn report_texts(sentences: &[String], lang: &str, pages: usize, seed: u64) -> (Texts, u32) {
    let mut draw = Draw::new(seed);
    let unspaced = Language::of(lang).script() == Script::Han;
    let paragraph = |draw: &mut Draw, low: usize, high: usize| {
        let count = draw.between(low, high);
        let mut text = String::new();
        for _ in 0..count {
            if !text.is_empty() && !unspaced {
                text.push(' ');
            }
            text.push_str(&sentences[draw.between(0, sentences.len() - 1)]);
        }
        text
    };
    let mut texts = Texts {
        title: Some(
            paragraph(&mut draw, 1, 1)
                .chars()
                .take(90)
                .collect::<String>()
                .into(),
        ),
        summary: (0..2)
            .map(|i| segment(format!("s{i}"), paragraph(&mut draw, 2, 4)))
            .collect(),
        ..Texts::default()
    };
    // Page 1 gives most of its height to the masthead and the summary.
    let target = (pages * words_per_page(lang)).saturating_sub(words_per_page(lang) * 4 / 5);
    let mut words = word_count(&texts, lang) as usize;
    let mut n = 0;
    // At least one paragraph, however short the report.
    while words < target || n == 0 {
        // What this round adds, counted alone (counting the whole text
        // each round would be quadratic).
        let mut added = Texts::default();
        if n % 12 == 0 {
            let level = if n % 36 == 0 { 1 } else { 2 };
            let mut heading = segment(format!("h{n}"), sentence_start(&mut draw, sentences));
            heading.heading = Some(level);
            added.paragraphs.push(heading);
        }
        let mut p = segment(format!("p{n}"), paragraph(&mut draw, 3, 7));
        if n % 5 == 2 {
            let id = format!("f{n}");
            p.text = format!("{}{{footnote:{id}}}", p.text).into();
            added
                .footnotes
                .push(segment(id, paragraph(&mut draw, 1, 2)));
        }
        if n % 9 == 4 {
            p.marker = Some(Marker::Letters);
            p.items = (0..draw.between(2, 4))
                .map(|i| segment(format!("p{n}-{i}"), paragraph(&mut draw, 1, 2)))
                .collect();
        }
        added.paragraphs.push(p);
        words += word_count(&added, lang) as usize;
        texts.paragraphs.append(&mut added.paragraphs);
        texts.footnotes.append(&mut added.footnotes);
        n += 1;
    }
    let words = word_count(&texts, lang);
    (texts, words)
}

/// The first words of a sentence, as a heading.
fn sentence_start(draw: &mut Draw, sentences: &[String]) -> String {
    let sentence = &sentences[draw.between(0, sentences.len() - 1)];
    let heading: String = sentence.chars().take(60).collect();
    match heading.rfind(' ') {
        Some(space) if space > 20 => heading[..space].to_owned(),
        _ => heading,
    }
    .trim_end_matches([',', ';', ':', '،', '，'])
    .to_owned()
}

fn segment(id: String, text: String) -> Segment {
    Segment {
        id,
        text: text.into(),
        ..Segment::default()
    }
}

/// The facts of a report to the Human Rights Council in one language:
/// the statement's facts of the first cases, with a report's kind,
/// symbol, job number, duty station and organ.
pub fn report_facts(lang: &str, n: usize) -> Facts {
    let mut facts = super::facts(vec![lang.into()], lang, n);
    facts.kind = Kind::Report;
    facts.symbols = vec![format!("A/HRC/48/{}", 100 + n)];
    facts.job_number = Some(polypress::source::model::JobNumber::One(format!(
        "GE.21-{:05}",
        11000 + n
    )));
    facts.duty_station = DutyStation::Geneva;
    facts.masthead_date = Some("2021-07-12".into());
    facts.footer_dates = Vec::new();
    facts.date = None;
    if let Some(organ) = facts.organs.first_mut() {
        organ.organ = OrganKind::HumanRightsCouncil;
        organ.session = Some(48);
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_cut_at_full_stops_and_short_fragments_dropped() {
        let text =
            "The Committee met on 3 May. It adopted the report of its working group. No. 5. \
                    Les délégations ont pris note du rapport du Secrétaire général.";
        assert_eq!(
            split_sentences(text),
            [
                "It adopted the report of its working group.",
                "Les délégations ont pris note du rapport du Secrétaire général."
            ]
        );
        assert_eq!(
            split_sentences(
                "会议于五月三日举行了第一次会议并通过了议程。好。各代表团对秘书长的报告表示欢迎。"
            ),
            [
                "会议于五月三日举行了第一次会议并通过了议程。",
                "各代表团对秘书长的报告表示欢迎。"
            ]
        );
    }

    #[test]
    fn footnote_calls_go_and_other_markup_drops_the_text() {
        assert_eq!(without_markup("A note{footnote:n1} here."), "A note here.");
        assert_eq!(without_markup("See {annex:a1}."), "");
    }

    #[test]
    fn the_same_seed_gives_the_same_report_and_paragraphs_differ() {
        let pool: Vec<String> = (0..50)
            .map(|i| format!("Sentence number {i} of the pool, long enough to count."))
            .collect();
        let (a, words) = report_texts(&pool, "en", 2, 7);
        let (b, _) = report_texts(&pool, "en", 2, 7);
        assert_eq!(a, b);
        // Two pages, less what the masthead takes of page 1.
        assert!(words as usize >= 2 * words_per_page("en") - words_per_page("en") * 4 / 5);
        let bodies: std::collections::BTreeSet<&str> = a
            .paragraphs
            .iter()
            .filter(|p| p.heading.is_none())
            .map(|p| p.text.as_str())
            .collect();
        let paragraphs = a.paragraphs.iter().filter(|p| p.heading.is_none()).count();
        assert_eq!(bodies.len(), paragraphs, "no two paragraphs alike");
        assert!(!a.footnotes.is_empty() && a.paragraphs.iter().any(|p| !p.items.is_empty()));
    }
}
