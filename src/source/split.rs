//! A large texts file parsed on every core: cut between its top-level
//! keys and between the items of its long lists, each piece parsed alone,
//! the pieces joined.
//!
//! YAML parsing is most of loading a long document (libyaml takes about
//! 100 instructions a byte), and it ran on one core while the other had
//! only the messages to read. The cuts are only where the file's own
//! layout shows a new entry of the top-level mapping or of one of its
//! lists: a line at column 0 that is `key:`, or a `- ` at the indentation
//! of that list's first item. Anything the scan does not recognise at
//! column 0 (a document marker, a directive, a quoted or flow key, a
//! repeated key) and the file is parsed whole, as is any file one of whose
//! pieces does not parse: the whole parse then gives its own error, with
//! its own position. A cut inside a quoted or bracketed text leaves an
//! unclosed piece, so the pieces fail and the whole is parsed; a cut can
//! fall inside no other construct, since plain and block texts end at a
//! line indented no deeper than their list's items.

use rayon::prelude::*;

use super::model::Texts;

/// Files smaller than this are parsed whole: a piece costs a parser's
/// start-up and a rayon task.
pub(super) const SPLIT_BYTES: usize = 24 * 1024;

/// Bytes a piece is at least, once a file is cut.
const PIECE_BYTES: usize = 12 * 1024;

/// One place a file may be cut: the line starting at `start` begins a
/// top-level key (`continues` is `None`) or an item of the list under the
/// key `continues` names.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cut<'a> {
    start: usize,
    continues: Option<&'a str>,
}

/// The texts of `text`, parsed in pieces on the current rayon pool, or
/// `None` when the file is small, cannot be cut safely, or a piece does
/// not parse (then the caller parses it whole, for the same result or
/// the whole file's error).
pub(super) fn texts_in_pieces(text: &str) -> Option<Texts> {
    let parts = (rayon::current_num_threads() * 2).min(text.len() / PIECE_BYTES);
    if text.len() < SPLIT_BYTES || parts < 2 {
        return None;
    }
    in_parts(text, parts)
}

/// The texts of `text` cut in about `parts` pieces.
fn in_parts(text: &str, parts: usize) -> Option<Texts> {
    let cuts = cuts(text)?;
    let pieces = choose(text, &cuts, parts);
    if pieces.len() < 2 {
        return None;
    }
    let parsed: Option<Vec<Texts>> = pieces
        .par_iter()
        .map(|piece| {
            let text = piece.text();
            super::fast::texts(&text).or_else(|| serde_yaml::from_str::<Texts>(&text).ok())
        })
        .collect();
    let mut parsed = parsed?.into_iter();
    let mut whole = parsed.next()?;
    for (piece, part) in pieces[1..].iter().zip(parsed) {
        join(&mut whole, part, piece.continues)?;
    }
    Some(whole)
}

/// A piece of the file: `text[start..end]`, behind the header `key:` when
/// it continues that key's list.
struct Piece<'a> {
    body: &'a str,
    continues: Option<&'a str>,
}

impl Piece<'_> {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self.continues {
            Some(key) => format!("{key}:\n{}", self.body).into(),
            None => self.body.into(),
        }
    }
}

/// Every place the file may be cut, or `None` when its top level is not a
/// plain block mapping of distinct lower-case keys.
fn cuts(text: &str) -> Option<Vec<Cut<'_>>> {
    let mut cuts = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    // The key whose value the lines belong to, whether its line ends at
    // the colon (its value may be a list on the lines below), and the
    // indentation of that list's items once its first item is seen.
    let mut key: Option<(&str, bool)> = None;
    let mut items: Option<usize> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let here = start;
        start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let rest = &content[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if indent == 0 {
            if let Some((name, bare)) = top_level_key(rest) {
                if keys.contains(&name) {
                    return None;
                }
                keys.push(name);
                key = Some((name, bare));
                items = None;
                cuts.push(Cut {
                    start: here,
                    continues: None,
                });
                continue;
            }
            if !is_item(rest) {
                return None;
            }
        }
        let (name, bare) = key?;
        if !bare {
            continue;
        }
        // The key's first line below it says whether its value is a list,
        // and at what indentation its items are.
        match items {
            None => items = Some(if is_item(rest) { indent } else { usize::MAX }),
            Some(at) if at == indent && is_item(rest) => cuts.push(Cut {
                start: here,
                continues: Some(name),
            }),
            Some(_) => {}
        }
    }
    Some(cuts)
}

/// `name` when the line is `name:` (with a value after a space, or none),
/// `name` being lower-case letters and underscores, and whether nothing
/// but a comment follows the colon.
fn top_level_key(line: &str) -> Option<(&str, bool)> {
    let end = line.find(|c: char| !(c.is_ascii_lowercase() || c == '_'))?;
    let (name, after) = line.split_at(end);
    let value = after.strip_prefix(':')?;
    if name.is_empty() || !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    let value = value.trim_start_matches(' ');
    Some((name, value.is_empty() || value.starts_with('#')))
}

/// Whether a line (from its first non-space) begins a list item.
fn is_item(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// Cuts the file at about `parts` places of equal size, at the nearest
/// allowed place after each share.
fn choose<'a>(text: &'a str, cuts: &[Cut<'a>], parts: usize) -> Vec<Piece<'a>> {
    let share = text.len() / parts;
    let mut pieces = Vec::with_capacity(parts);
    let mut from = Cut {
        start: 0,
        continues: None,
    };
    for cut in cuts {
        if cut.start >= from.start + share && text.len() - cut.start >= share / 2 {
            pieces.push(Piece {
                body: &text[from.start..cut.start],
                continues: from.continues,
            });
            from = *cut;
        }
    }
    pieces.push(Piece {
        body: &text[from.start..],
        continues: from.continues,
    });
    pieces
}

/// Adds the texts of the next piece: the rest of a list when the piece
/// continues one, else keys the pieces before did not have (the scan
/// made sure of it; `None` if not).
fn join(whole: &mut Texts, part: Texts, continues: Option<&str>) -> Option<()> {
    let Texts {
        agenda_items,
        signatories,
        letter,
        annexes,
        title,
        subtitle,
        summary,
        preamble,
        place,
        paragraphs,
        footnotes,
    } = part;
    fn list<T>(into: &mut Vec<T>, more: Vec<T>, continues: bool) -> Option<()> {
        if !more.is_empty() && !into.is_empty() && !continues {
            return None;
        }
        into.extend(more);
        Some(())
    }
    fn map<K: Ord, V>(
        into: &mut std::collections::BTreeMap<K, V>,
        more: std::collections::BTreeMap<K, V>,
    ) -> Option<()> {
        if !more.is_empty() && !into.is_empty() {
            return None;
        }
        into.extend(more);
        Some(())
    }
    fn one<T>(into: &mut Option<T>, more: Option<T>) -> Option<()> {
        if more.is_some() {
            if into.is_some() {
                return None;
            }
            *into = more;
        }
        Some(())
    }
    list(&mut whole.summary, summary, continues == Some("summary"))?;
    list(&mut whole.preamble, preamble, continues == Some("preamble"))?;
    list(
        &mut whole.paragraphs,
        paragraphs,
        continues == Some("paragraphs"),
    )?;
    list(
        &mut whole.footnotes,
        footnotes,
        continues == Some("footnotes"),
    )?;
    map(&mut whole.agenda_items, agenda_items)?;
    map(&mut whole.signatories, signatories)?;
    map(&mut whole.annexes, annexes)?;
    one(&mut whole.letter, letter)?;
    one(&mut whole.title, title)?;
    one(&mut whole.subtitle, subtitle)?;
    one(&mut whole.place, place)?;
    Some(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn whole(text: &str) -> Option<Texts> {
        serde_yaml::from_str(text).ok()
    }

    /// A long texts file: `n` paragraphs, items at `indent`.
    fn long(n: usize, indent: usize) -> String {
        let pad = " ".repeat(indent);
        let mut text =
            String::from("title: A title\nsummary:\n- id: s0\n  text: Summary.\nparagraphs:\n");
        for i in 0..n {
            text.push_str(&format!(
                "{pad}- id: p{i}\n{pad}  text: Paragraph {i}, long enough to make the file worth cutting into pieces.\n"
            ));
        }
        text.push_str("footnotes:\n- id: f1\n  text: A note.\n");
        text
    }

    #[test]
    fn a_long_file_in_pieces_is_the_file_whole() {
        for indent in [0, 2, 4] {
            let text = long(2_000, indent);
            let pieces = choose(&text, &cuts(&text).unwrap(), 4);
            assert_eq!(pieces.len(), 4, "indent {indent}");
            assert!(pieces[1..]
                .iter()
                .all(|p| p.continues == Some("paragraphs")));
            let split = texts_in_pieces(&text).expect("cut and parsed");
            assert_eq!(Some(split), whole(&text), "indent {indent}");
        }
    }

    /// The texts files (`<lang>.yaml`) of the repository's documents.
    pub(in crate::source) fn repository_texts_files() -> Vec<std::path::PathBuf> {
        let documents = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("documents");
        let mut files = Vec::new();
        for dir in std::fs::read_dir(documents).unwrap() {
            for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                if path.file_name().is_some_and(|n| n != "document.yaml")
                    && path.extension().is_some_and(|e| e == "yaml")
                {
                    files.push(path);
                }
            }
        }
        files
    }

    /// Every texts file of the repository's documents, cut wherever it
    /// can be, gives the texts it gives whole.
    #[test]
    fn the_repository_documents_in_pieces_are_the_documents_whole() {
        let mut cut = 0;
        for path in repository_texts_files() {
            let text = std::fs::read_to_string(&path).unwrap();
            if let Some(texts) = in_parts(&text, 8) {
                assert_eq!(Some(texts), whole(&text), "{}", path.display());
                cut += 1;
            }
        }
        assert!(cut > 30, "only {cut} files were cut");
    }

    #[test]
    fn small_files_are_parsed_whole() {
        assert!(texts_in_pieces(&long(10, 0)).is_none());
    }

    /// Each text breaks the file's top level or one of its lists in a way
    /// the pieces must not hide: the file is parsed whole (and, where the
    /// whole file is an error, that error is what the user sees).
    #[test]
    fn files_that_cannot_be_cut_safely_are_parsed_whole() {
        let body = long(1_000, 0);
        let cases = [
            // A repeated key (an error whole).
            format!("{body}title: Again\n"),
            // A second document.
            format!("{body}---\ntitle: B\n"),
            // A directive, a quoted key, a flow mapping at the top.
            format!("%YAML 1.2\n---\n{body}"),
            format!("\"place\": Geneva\n{body}"),
            format!("{{place: Geneva}}\n{body}"),
            // A top-level list before any key.
            format!("- id: x\n{body}"),
            // A quoted text left open across a cut.
            body.replacen("Paragraph 500,", "'Paragraph 500,", 1),
        ];
        for (i, text) in cases.iter().enumerate() {
            assert!(texts_in_pieces(text).is_none(), "case {i}");
        }
        // A list whose items change indentation is an error whole.
        let mixed = body.replacen("- id: p700\n  text:", "  - id: p700\n    text:", 1);
        assert!(whole(&mixed).is_none());
        assert!(texts_in_pieces(&mixed).is_none());
    }

    /// Random files built from the constructs a cut could fall inside:
    /// multi-line quoted, plain and block texts, comments at column 0,
    /// lists at column 0 or indented, a key whose value is a mapping. The
    /// pieces give the whole file's texts, or nothing.
    #[test]
    fn random_files_in_pieces_are_the_files_whole() {
        let mut state = 0x2545_f491_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as usize
        };
        let (mut checked, mut refused) = (0, 0);
        for _ in 0..60 {
            let indent = [0, 2][next(2)];
            let pad = " ".repeat(indent);
            let mut text = String::new();
            let mut keys = vec!["paragraphs", "footnotes", "summary", "preamble"];
            let mut titled = false;
            while text.len() < 40_000 {
                match next(12) {
                    0 if !titled => {
                        text.push_str("title: 'A title\n  over two lines'\n");
                        titled = true;
                    }
                    1 => text.push_str("# a comment at column 0\n"),
                    2 => text.push_str(&format!("{pad}# an indented comment\n")),
                    _ => {
                        let Some(key) = keys.pop() else { break };
                        text.push_str(&format!("{key}:\n"));
                        for i in 0..(200 + next(400)) {
                            text.push_str(&format!("{pad}- id: {key}{i}\n"));
                            match next(6) {
                                0 => text.push_str(&format!(
                                    "{pad}  text: \"quoted over\n{pad}    two lines, {i}\"\n"
                                )),
                                1 => text.push_str(&format!(
                                    "{pad}  text: |\n{pad}    a block text\n\n{pad}    - not an item\n"
                                )),
                                2 => text.push_str(&format!(
                                    "{pad}  text: plain text\n{pad}    - still the text\n"
                                )),
                                3 => text.push_str(&format!("{pad}  text: '- {i}: a dash'\n")),
                                4 if next(800) == 0 => {
                                    // An error: a field no segment has.
                                    text.push_str(&format!("{pad}  colour: red\n"))
                                }
                                _ => text.push_str(&format!("{pad}  text: Text {i}.\n")),
                            }
                        }
                    }
                }
            }
            let split = texts_in_pieces(&text);
            let parsed = whole(&text);
            if split.is_some() {
                assert_eq!(split, parsed, "{text}");
                checked += 1;
            }
            if parsed.is_none() {
                assert!(split.is_none());
                refused += 1;
            }
        }
        assert!(checked > 20, "only {checked} files were cut");
        assert!(refused > 3, "only {refused} files had an error");
    }
}
