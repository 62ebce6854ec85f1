//! Reading order: the order a page's marks are read in, which orders the
//! marked-content sequences inside their structure elements and finds
//! each footnote's label; and the texts the structure tree gives in that
//! order (a link's text, a run's language).

use crate::language::Language;
use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::paginate::{Mark, PagedDocument, Role, Tag};
use crate::typeset::{Glyph, Run};

/// A page's marks in reading order, as the content writer needs them.
pub(crate) struct PageOrder {
    /// Each mark's place in the logical order, by its index on the page.
    /// Left to right, logical order is content order: empty, lookups fall
    /// back to the mark's index (see [`PageOrder::rank`]).
    ranks: Vec<usize>,
    /// The indices of the marks that are a footnote's label (its first
    /// run read).
    pub labels: BTreeSet<usize>,
}

impl PageOrder {
    /// Where the mark at `index` is read on its page.
    pub(crate) fn rank(&self, index: usize) -> usize {
        self.ranks.get(index).copied().unwrap_or(index)
    }
}

/// The reading order of every page. Pages are ordered in parallel; then,
/// in page order, the one thing that runs across pages: which page holds
/// the label of a footnote that runs over a page break (its first page).
pub(crate) fn page_orders(document: &PagedDocument) -> Vec<PageOrder> {
    let rtl = document.language().is_rtl();
    // Left to right, a page is read in content order: no order to make
    // (an index a mark, 160 KiB of fresh memory for a Chinese report).
    let orders: Vec<Option<(Vec<usize>, Vec<usize>)>> = document
        .pages
        .par_iter()
        .map(|page| {
            rtl.then(|| {
                let logical = reading_order(&page.marks, rtl);
                let mut ranks = vec![0; page.marks.len()];
                for (order, &index) in logical.iter().enumerate() {
                    ranks[index] = order;
                }
                (logical, ranks)
            })
        })
        .collect();
    // Footnotes whose label has been found (a note may run over a page).
    let mut labelled: BTreeSet<usize> = BTreeSet::new();
    document
        .pages
        .iter()
        .zip(orders)
        .map(|(page, order)| {
            let mut labels = BTreeSet::new();
            let (logical, ranks) = order.unzip();
            let in_order: Box<dyn Iterator<Item = usize>> = match logical {
                Some(logical) => Box::new(logical.into_iter()),
                None => Box::new(0..page.marks.len()),
            };
            for index in in_order {
                if let Mark::Text {
                    tag: Tag::Element(e),
                    ..
                } = page.marks[index]
                {
                    if document.elements[e] == Role::Note && labelled.insert(e) {
                        labels.insert(index);
                    }
                }
            }
            PageOrder {
                ranks: ranks.unwrap_or_default(),
                labels,
            }
        })
        .collect()
}

/// The indices of a page's marks in the order they are read. In
/// right-to-left documents the runs of a line are read from the right,
/// each left-to-right island (a symbol or a number) whole: UAX #9 L2
/// undone for a line of levels 1 and 2. The content stays in drawing
/// order (text extractors that follow it expect that); this order sorts
/// the marked-content sequences inside their structure elements.
pub(crate) fn reading_order(marks: &[Mark], rtl: bool) -> Vec<usize> {
    if !rtl {
        return (0..marks.len()).collect();
    }
    let mut out = Vec::with_capacity(marks.len());
    let mut i = 0;
    while i < marks.len() {
        let (units, end) = line_units(marks, i);
        if units.is_empty() {
            out.push(i);
            i += 1;
        } else {
            read_line(marks, units, &mut out);
            i = end;
        }
    }
    out
}

/// A unit of a line: its left edge, whether it is right to left, and the
/// indices of its link mark (if any) and its text mark.
type Unit = (f32, bool, Option<usize>, usize);

/// The line that starts at `marks[start]`: text marks (each with the link
/// mark before it) on one baseline, of one structure element or
/// furniture; and the index after it.
fn line_units(marks: &[Mark], start: usize) -> (Vec<Unit>, usize) {
    let mut units: Vec<Unit> = Vec::new();
    let mut key = None;
    let mut j = start;
    loop {
        let len = match (marks.get(j), marks.get(j + 1)) {
            (Some(Mark::Link { .. }), Some(Mark::Text { .. })) => 2,
            (Some(Mark::Text { .. }), _) => 1,
            _ => break,
        };
        let text = j + len - 1;
        let Mark::Text {
            x,
            baseline,
            run,
            tag,
        } = &marks[text]
        else {
            break;
        };
        if key.is_some_and(|k| k != (baseline.to_bits(), *tag)) {
            break;
        }
        key = Some((baseline.to_bits(), *tag));
        let link = (len == 2).then_some(j);
        units.push((*x, run.is_rtl(), link, text));
        j += len;
    }
    (units, j)
}

/// Appends a line's marks to `out` in reading order. Visual order (left
/// to right) into groups: each right-to-left run alone, consecutive
/// left-to-right runs together; the groups are read from the right. A
/// link's area goes just before the first of its runs read.
fn read_line(marks: &[Mark], mut units: Vec<Unit>, out: &mut Vec<usize>) {
    units.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut links: Vec<usize> = units.iter().filter_map(|unit| unit.2).collect();
    // The groups from the right, each a stretch of `units`: a
    // right-to-left unit alone, or left-to-right ones side by side.
    let mut end = units.len();
    let groups = std::iter::from_fn(|| {
        let mut start = end.checked_sub(1)?;
        if !units[start].1 {
            while start > 0 && !units[start - 1].1 {
                start -= 1;
            }
        }
        let group = &units[start..end];
        end = start;
        Some(group)
    });
    for text in groups.flatten().map(|unit| unit.3) {
        if let Mark::Text { run, .. } = &marks[text] {
            let first = links.iter().position(|&l| {
                matches!(&marks[l], Mark::Link { to, .. } if run.link.as_deref() == Some(&*to.target))
            });
            if let Some(k) = first {
                out.push(links.remove(k));
            }
        }
        out.push(text);
    }
    out.extend(links);
}

/// A run's text in logical order (the glyphs of a right-to-left run are
/// in visual order).
pub(crate) fn logical_text(run: &Run) -> String {
    if run.is_rtl() {
        run.glyphs.iter().rev().map(|g| g.text.as_str()).collect()
    } else {
        run.text()
    }
}

/// The text of the link whose first run is `marks[start]`: its runs on
/// the line, in logical order.
pub fn link_text(marks: &[Mark], start: usize, order: &PageOrder, first: &Run) -> String {
    let mut pieces: Vec<(usize, String)> = Vec::new();
    for (i, mark) in marks.iter().enumerate().skip(start) {
        match mark {
            Mark::Text { run, .. } if run.link == first.link => {
                pieces.push((order.rank(i), logical_text(run)));
            }
            Mark::Text { run, .. } if run.glyphs.iter().all(|g| g.text.trim().is_empty()) => {}
            _ => break,
        }
    }
    pieces.sort_by_key(|p| p.0);
    pieces.into_iter().map(|p| p.1).collect()
}

/// The language of a run that is not in the document's language: Latin
/// letters (a symbol, a name, an acronym) inside Arabic or Chinese text.
/// Digits and punctuation alone have no language.
pub(crate) fn foreign_language(language: Language, run: &Run) -> Option<&'static str> {
    // By bytes: no byte of a longer UTF-8 sequence is an ASCII letter.
    let latin = |g: &Glyph| g.text.bytes().any(|b| b.is_ascii_alphabetic());
    language
        .latin_runs_language()
        .filter(|_| !run.is_rtl() && run.glyphs.iter().any(latin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::FaceId;

    fn text(x: f32, s: &str, level: u8, link: Option<&str>) -> Mark {
        Mark::Text {
            x,
            baseline: 100.0,
            run: std::sync::Arc::new(Run {
                face: FaceId::SerifRegular,
                size: 10.0,
                glyphs: vec![Glyph {
                    id: 1,
                    advance: 10.0,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    text: s.into(),
                }],
                link: link.map(str::to_owned),
                level,
                footnote: None,
            }),
            tag: Tag::Element(0),
        }
    }

    fn texts(marks: &[Mark], order: &[usize]) -> Vec<String> {
        order
            .iter()
            .map(|&i| match &marks[i] {
                Mark::Text { run, .. } => run.text(),
                Mark::Link { to, .. } => format!("link:{}", to.target),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn right_to_left_lines_read_from_the_right_with_latin_islands_whole() {
        // Drawn left to right: C (Arabic), "A/75" "/906" (Latin), B (Arabic).
        let marks = vec![
            text(0.0, "C", 1, None),
            text(10.0, "A/75", 2, None),
            text(20.0, "/906", 2, None),
            text(30.0, "B", 1, None),
        ];
        assert_eq!(
            texts(&marks, &reading_order(&marks, true)),
            ["B", "A/75", "/906", "C"]
        );
        assert_eq!(
            texts(&marks, &reading_order(&marks, false)),
            ["C", "A/75", "/906", "B"]
        );
    }

    #[test]
    fn a_link_area_goes_before_the_first_of_its_runs_read() {
        let link = Mark::Link {
            x: 0.0,
            top: 90.0,
            width: 20.0,
            height: 12.0,
            to: Box::new(crate::paginate::LinkTo {
                target: "annex".into(),
                destination: None,
            }),
        };
        let marks = vec![
            link,
            text(0.0, "Y", 1, Some("annex")),
            text(10.0, "X", 1, Some("annex")),
            text(20.0, "W", 1, None),
        ];
        assert_eq!(
            texts(&marks, &reading_order(&marks, true)),
            ["W", "link:annex", "X", "Y"]
        );
        assert_eq!(
            logical_text(match &marks[1] {
                Mark::Text { run, .. } => run,
                _ => unreachable!(),
            }),
            "Y"
        );
    }

    #[test]
    fn latin_inside_arabic_or_chinese_has_its_language() {
        let run = |s: &str, level| match text(0.0, s, level, None) {
            Mark::Text { run, .. } => run,
            _ => unreachable!(),
        };
        assert_eq!(
            foreign_language(Language::of("ar"), &run("A/75/906", 2)),
            Some("en")
        );
        assert_eq!(
            foreign_language(Language::of("zh"), &run("CSTO", 0)),
            Some("en")
        );
        assert_eq!(
            foreign_language(Language::of("ar"), &run("2021", 2)),
            None,
            "digits"
        );
        assert_eq!(foreign_language(Language::of("en"), &run("CSTO", 0)), None);
    }
}
