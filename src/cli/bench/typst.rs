//! The realistic reports as Typst sources, for `bench --typst`: the same
//! text (title, summary, headings, numbered paragraphs, lettered
//! sub-paragraphs, footnotes at their calls), the same font files, A4
//! with a UN report's text block (4 cm from the left edge, 2 cm from the
//! right), 10-point justified text with hyphenation in the report's
//! language: a page of either holds about as many words (700 and 770 on
//! page 3 of the English 8-page report).
//! Typst's output is not the UN layout (no masthead, emblem or running
//! heads): what is compared is the work of setting the same words into
//! pages, which is most of either tool's time.

use std::path::{Path, PathBuf};

use polypress::source::model::{Segment, Texts};

/// The fonts polypress sets the six languages in, in the order Typst
/// falls back through them.
const FONTS: &str = r#"("Liberation Serif", "Noto Naskh Arabic", "Noto Serif SC")"#;

/// Writes the Typst source of the report in `doc` (its `<lang>.yaml`) to
/// `folder`, and returns its path.
pub fn write(doc: &Path, lang: &str, folder: &Path) -> std::io::Result<PathBuf> {
    let text = std::fs::read_to_string(doc.join(format!("{lang}.yaml")))?;
    let texts: Texts = serde_yaml::from_str(&text).map_err(std::io::Error::other)?;
    std::fs::create_dir_all(folder)?;
    let name = doc.file_name().unwrap_or_default().to_string_lossy();
    let path = folder.join(format!("{name}.{lang}.typ"));
    std::fs::write(&path, source(&texts, lang))?;
    Ok(path)
}

/// The arguments of `typst compile` for `source`, with the fonts of
/// `fonts` alone (polypress's).
pub fn compile_args(fonts: &Path, source: &Path, output: &Path) -> Vec<String> {
    vec![
        "compile".to_owned(),
        "--font-path".into(),
        fonts.display().to_string(),
        "--ignore-system-fonts".into(),
        source.display().to_string(),
        output.display().to_string(),
    ]
}

/// The Typst source of a report in `lang`.
pub fn source(texts: &Texts, lang: &str) -> String {
    let mut out = format!(
        "#set page(paper: \"a4\", margin: (left: 114pt, right: 56.7pt, y: 70pt), numbering: \"1\")\n\
         #set text(font: {FONTS}, size: 10pt, lang: \"{lang}\", hyphenate: true)\n\
         #set par(justify: true, spacing: 12pt)\n\
         #show heading: set text(size: 10pt, weight: \"bold\")\n\
         #set footnote.entry(separator: line(length: 30%, stroke: 0.5pt))\n\n"
    );
    if let Some(title) = &texts.title {
        out.push_str(&format!(
            "#text(size: 14pt, weight: \"bold\")[{}]\n\n",
            escape(title.as_str())
        ));
    }
    for segment in &texts.summary {
        out.push_str(&paragraph(&segment.text, texts));
        out.push_str("\n\n");
    }
    let mut number = 0;
    for segment in &texts.paragraphs {
        if let Some(level) = segment.heading {
            let marks = "=".repeat(usize::from(level).max(1));
            out.push_str(&format!("{marks} {}\n\n", paragraph(&segment.text, texts)));
            continue;
        }
        number += 1;
        out.push_str(&format!(
            "{number}.#h(1em){}\n\n",
            paragraph(&segment.text, texts)
        ));
        if !segment.items.is_empty() {
            out.push_str("#enum(numbering: \"(a)\", indent: 2em,\n");
            for item in &segment.items {
                out.push_str(&format!("  [{}],\n", paragraph(&item.text, texts)));
            }
            out.push_str(")\n\n");
        }
    }
    out
}

/// A paragraph's text, escaped, with each footnote call (`{footnote:ID}`)
/// replaced by the note itself.
fn paragraph(text: &str, texts: &Texts) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find("{footnote:") {
        out.push_str(&escape(&rest[..start]));
        let Some((call, after)) = rest[start..].split_once('}') else {
            break;
        };
        let id = &call["{footnote:".len()..];
        if let Some(note) = texts.footnotes.iter().find(|n: &&Segment| n.id == id) {
            out.push_str(&format!("#footnote[{}]", escape(&note.text)));
        }
        rest = after;
    }
    out.push_str(&escape(rest));
    out
}

/// Text with every character Typst markup gives a meaning to escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '#'
                | '*'
                | '_'
                | '`'
                | '$'
                | '@'
                | '<'
                | '>'
                | '['
                | ']'
                | '/'
                | '='
                | '-'
                | '+'
                | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(id: &str, text: &str) -> Segment {
        Segment {
            id: id.into(),
            text: text.into(),
            ..Segment::default()
        }
    }

    #[test]
    fn markup_characters_are_escaped_and_notes_go_to_their_calls() {
        let mut heading = segment("h0", "Rights = duties");
        heading.heading = Some(1);
        let mut body = segment("p0", "See A/75/906 #3 *not bold*{footnote:f0} [sic].");
        body.items = vec![segment("p0-0", "first_item")];
        let texts = Texts {
            paragraphs: vec![heading, body],
            footnotes: vec![segment("f0", "A note <here>.")],
            ..Texts::default()
        };
        let typst = source(&texts, "en");
        assert!(typst.contains("= Rights \\= duties\n"), "{typst}");
        assert!(
            typst.contains(
                "1.#h(1em)See A\\/75\\/906 \\#3 \\*not bold\\*#footnote[A note \\<here\\>.] \\[sic\\]."
            ),
            "{typst}"
        );
        assert!(typst.contains("  [first\\_item],\n"), "{typst}");
        assert!(typst.contains("lang: \"en\""), "{typst}");
    }
}
