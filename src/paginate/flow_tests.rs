//! The flow rules on synthetic lines: no text, only leadings and the
//! notes each line calls, so each rule is seen alone.

use std::sync::Arc;

use super::*;
use crate::layout::Paper;
use crate::typeset::{FaceId, Run, SetRow};

#[test]
fn a_note_never_splits_leaving_one_line_alone() {
    // All that has room, when nothing goes over.
    assert_eq!(split_note(0, 6, 6), 6);
    assert_eq!(split_note(0, 9, 6), 6);
    // Room for four of six: four here, two over.
    assert_eq!(split_note(0, 4, 6), 4);
    // Room for five of six: one would go over alone; two go.
    assert_eq!(split_note(0, 5, 6), 4);
    // Room for one: it would stand alone at the foot; all go over.
    assert_eq!(split_note(0, 1, 6), 0);
    // A continued piece (lines 3..8) counts from where it starts.
    assert_eq!(split_note(3, 4, 8), 3);
    assert_eq!(split_note(3, 5, 8), 5);
    assert_eq!(split_note(3, 7, 8), 6);
    // Three lines with room for two: one here or one there; none here.
    assert_eq!(split_note(0, 2, 3), 0);
}

/// A line `leading` high, calling the note `calls`, if any; its run marks
/// it (`tag`, as the font size) so a test can find where it landed.
fn line(leading: f32, calls: Option<&str>, tag: f32) -> Line {
    let run = Run {
        face: FaceId::SerifRegular,
        size: tag,
        glyphs: Vec::new(),
        link: None,
        level: 0,
        footnote: calls.map(str::to_owned),
    };
    Line {
        runs: vec![(0.0, Arc::new(run))],
        leading,
    }
}

fn paragraph(lines: Vec<Line>) -> SetParagraph {
    SetParagraph {
        style: Style::Body,
        id: None,
        bookmark: None,
        lines,
        space_before: 0.0,
        space_after: 0.0,
        keep_with_next: false,
        keep_together: false,
        boxed: false,
        page_of: None,
    }
}

/// A flow at the top of page 1 of a Letter page, with these notes.
fn flow<'a, 'g>(
    geometry: &'g Geometry,
    footnotes: HashMap<&'a str, &'a SetParagraph>,
) -> Flow<'a, 'g> {
    Flow {
        geometry,
        direction: Direction::LeftToRight,
        pages: vec![Page::default()],
        notes: vec![PageNotes::default()],
        footnotes,
        placed: HashSet::new(),
        pending: Vec::new(),
        y: geometry.body_top,
        page_has_body: false,
        elements: Vec::new(),
        shift: 0.0,
        reserve: 0.0,
    }
}

/// The tags (font sizes) of the text marks of a page, top to bottom.
fn tags(page: &Page) -> Vec<f32> {
    page.marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text { run, .. } => Some(run.size),
            _ => None,
        })
        .collect()
}

#[test]
fn a_long_note_continues_on_the_next_page_before_anything_else() {
    let geometry = Geometry::of(Paper::Letter);
    let note = paragraph((0..10).map(|_| line(10.0, None, 9.0)).collect());
    let mut flow = flow(&geometry, HashMap::from([("n", &note)]));
    // Room under the calling line for the separator and four and a half
    // lines of the note: four here, six continued.
    let calling = line(12.0, Some("n"), 1.0);
    flow.y = flow.bottom() - 12.0 - FOOTNOTE_SEPARATOR - 45.0;
    flow.place_line(&calling, Tag::Element(0)).unwrap();
    assert_eq!(
        flow.notes[0].pieces,
        [NotePiece {
            id: "n",
            from: 0,
            to: 4
        }]
    );
    assert_eq!(
        flow.pending,
        [NotePiece {
            id: "n",
            from: 4,
            to: 10
        }]
    );
    assert!(flow.y + flow.notes[0].height <= flow.page_bottom() + 0.01);
    flow.new_page();
    let second = &flow.notes[1];
    assert!(second.continued, "the page says the note continues");
    assert_eq!(
        second.pieces,
        [NotePiece {
            id: "n",
            from: 4,
            to: 10
        }]
    );
    assert!(flow.pending.is_empty());
    // A note called on the new page waits behind nothing now, and a
    // called note is set once.
    assert!(flow.fresh(&calling).is_empty());
}

#[test]
fn a_note_that_would_leave_one_line_alone_goes_over_whole() {
    let geometry = Geometry::of(Paper::Letter);
    let note = paragraph((0..6).map(|_| line(10.0, None, 9.0)).collect());
    let mut flow = flow(&geometry, HashMap::from([("n", &note)]));
    // Room for one line of the note: it would stand alone at the foot.
    let calling = line(12.0, Some("n"), 1.0);
    flow.y = flow.bottom() - 12.0 - FOOTNOTE_SEPARATOR - 15.0;
    flow.place_line(&calling, Tag::Element(0)).unwrap();
    assert!(flow.notes[0].pieces.is_empty());
    assert_eq!(
        flow.pending,
        [NotePiece {
            id: "n",
            from: 0,
            to: 6
        }]
    );
}

#[test]
fn a_line_fits_only_with_room_for_its_notes() {
    let geometry = Geometry::of(Paper::Letter);
    let short = paragraph((0..3).map(|_| line(10.0, None, 9.0)).collect());
    let long = paragraph((0..8).map(|_| line(10.0, None, 9.0)).collect());
    let flow = {
        let mut flow = flow(&geometry, HashMap::from([("s", &short), ("l", &long)]));
        flow.y = flow.bottom() - 12.0 - FOOTNOTE_SEPARATOR - 25.0;
        flow
    };
    // A short note goes whole: three lines need 30 pt, 25 are left.
    assert!(!flow.fits(&line(12.0, Some("s"), 1.0)));
    // A long one may split with two lines here: 20 pt.
    assert!(flow.fits(&line(12.0, Some("l"), 1.0)));
    assert!(flow.fits(&line(12.0, None, 1.0)));
}

#[test]
fn a_table_repeats_its_header_on_every_page_it_spans() {
    let geometry = Geometry::of(Paper::Letter);
    let header = SetRow {
        lines: vec![line(12.0, None, 7.0)],
    };
    let rows: Vec<SetRow> = (0..120)
        .map(|_| SetRow {
            lines: vec![line(12.0, None, 1.0)],
        })
        .collect();
    let table = SetTable {
        id: None,
        header: vec![header],
        rows,
        note: None,
    };
    let mut flow = flow(&geometry, HashMap::new());
    flow.table(&table).unwrap();
    assert!(flow.pages.len() >= 3, "{} pages", flow.pages.len());
    let mut body_rows = 0;
    for (n, page) in flow.pages.iter().enumerate() {
        let tags = tags(page);
        assert_eq!(
            tags.first(),
            Some(&7.0),
            "page {} starts with the header",
            n + 1
        );
        assert_eq!(tags.iter().filter(|&&t| t == 7.0).count(), 1);
        body_rows += tags.iter().filter(|&&t| t == 1.0).count();
    }
    assert_eq!(body_rows, 120, "every row once");
}

#[test]
fn a_heading_keeps_with_the_first_lines_of_what_follows() {
    let mut heading = paragraph(vec![line(14.0, None, 1.0)]);
    heading.keep_with_next = true;
    heading.space_after = 6.0;
    let long = paragraph((0..8).map(|_| line(12.0, None, 1.0)).collect());
    let short = paragraph((0..3).map(|_| line(12.0, None, 1.0)).collect());
    let (long_block, short_block) = (SetBlock::Paragraph(long), SetBlock::Paragraph(short));
    let mut lines = Vec::new();
    // Two lines of a long paragraph (no orphan) …
    assert_eq!(
        needed_height(&heading, &[&long_block], &mut lines),
        14.0 + 6.0 + 24.0
    );
    assert_eq!(lines.len(), 3);
    // … all of a short one (no widow).
    let mut lines = Vec::new();
    assert_eq!(
        needed_height(&heading, &[&short_block], &mut lines),
        14.0 + 6.0 + 36.0
    );
    // A chain of headings keeps with what ends it.
    let mut subheading = heading.clone();
    subheading.space_after = 0.0;
    let sub_block = SetBlock::Paragraph(subheading);
    let mut lines = Vec::new();
    assert_eq!(
        needed_height(&heading, &[&sub_block, &long_block], &mut lines),
        14.0 + 6.0 + 14.0 + 24.0
    );
    // A paragraph that does not keep with the next needs only its own.
    let SetBlock::Paragraph(long) = &long_block else {
        unreachable!()
    };
    assert_eq!(needed_height(long, &[&short_block], &mut Vec::new()), 24.0);
}
