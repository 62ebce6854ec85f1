//! Setting a line of the contents: an entry's number and title, the dot
//! leader, the paragraphs column and the page column pagination fills.

use super::{
    label_line, style_spec, typeset_paragraph, Line, PlacedRuns, SetParagraph, Setting, Shaper,
    TypesetError, TAB,
};
use crate::language::Language;
use crate::layout::Paragraph;

/// The page column of the contents, at the end of the measure.
const CONTENTS_PAGE: f32 = 30.0;
/// The paragraphs column, before it ("46–111").
const CONTENTS_PARAGRAPHS: f32 = 62.0;
/// Between a title (or its leader) and the paragraphs column.
const CONTENTS_GAP: f32 = 10.0;

/// Sets a line of the contents: an entry's number and title in the
/// measure less the two columns (wrapped lines under the title, as the
/// label column leaves them), a dot leader from the end of the title to
/// the paragraphs column, the paragraphs right-aligned in it; or the
/// column heads. The page number is pagination's (`page_of`). Mirrored in
/// right-to-left text: the columns at the left.
pub(super) fn typeset_contents_line(
    paragraph: &Paragraph,
    measure: f32,
    language: Language,
    shaper: &mut Shaper,
) -> Result<SetParagraph, TypesetError> {
    let Some(columns) = &paragraph.contents else {
        return typeset_paragraph(paragraph, measure, language, shaper);
    };
    let spec = style_spec(paragraph.style);
    let setting = Setting::new(language, spec);
    let rtl = setting.rtl();
    let reserved = CONTENTS_PAGE + CONTENTS_PARAGRAPHS + CONTENTS_GAP;
    let mut set = if paragraph.inlines.is_empty() {
        SetParagraph {
            style: paragraph.style,
            id: None,
            bookmark: None,
            lines: vec![Line {
                runs: Vec::new(),
                leading: spec.leading,
            }],
            space_before: spec.space_before,
            space_after: spec.space_after,
            keep_with_next: spec.keep_with_next,
            keep_together: spec.keep_together,
            boxed: false,
            page_of: None,
        }
    } else {
        // The number in a column of its own at the level's indent, the
        // title's lines all under its first word (hanging).
        let indent = paragraph.depth as f32 * TAB;
        let label = match &paragraph.label {
            Some(l) => Some(label_line(&l.text, setting, shaper)?),
            None => None,
        };
        let column = label.as_ref().map_or(0.0, |(_, w)| TAB.max(w + 4.0));
        let title = Paragraph {
            label: None,
            depth: 0,
            ..paragraph.clone()
        };
        let mut set = typeset_paragraph(
            &title,
            measure - reserved - indent - column,
            language,
            shaper,
        )?;
        let shift = if rtl { reserved } else { indent + column };
        for (x, _) in set.lines.iter_mut().flat_map(|l| l.runs.iter_mut()) {
            *x += shift;
        }
        if let (Some((runs, width)), Some(first)) = (label, set.lines.first_mut()) {
            let x = if rtl {
                measure - indent - width
            } else {
                indent
            };
            for (i, (dx, run)) in runs.into_iter().enumerate() {
                first.runs.insert(i, (x + dx, run));
            }
        }
        set
    };
    // Positions are worked out left to right, then mirrored for
    // right-to-left text (`place`: the x of a run `width` wide).
    let place = |x: f32, width: f32| if rtl { measure - x - width } else { x };
    let mut extra: PlacedRuns = Vec::new();
    let last = set.lines.len() - 1;
    // The leader: dots from the end of the title to the paragraphs column,
    // right-aligned there so they line up from entry to entry.
    let text_end = set.lines[last]
        .runs
        .iter()
        .map(|(x, r)| if rtl { measure - x } else { x + r.width() })
        .fold(0.0, f32::max);
    let leader_end = measure - CONTENTS_PAGE - CONTENTS_PARAGRAPHS - 3.0;
    if !paragraph.inlines.is_empty() {
        let (_, dot) = label_line(".", setting, shaper)?;
        let room = leader_end - text_end - 3.0;
        if dot > 0.0 && room > 2.0 * dot {
            let count = (room / dot).floor() as usize;
            let (runs, width) = label_line(&".".repeat(count), setting.left_to_right(), shaper)?;
            let x = place(leader_end - width, width);
            extra.extend(runs.into_iter().map(|(dx, r)| (x + dx, r)));
        }
    }
    let mut right_aligned =
        |text: &str, right: f32, shaper: &mut Shaper| -> Result<(), TypesetError> {
            if text.is_empty() {
                return Ok(());
            }
            let (runs, width) = label_line(text, setting, shaper)?;
            let x = place(right - width, width);
            extra.extend(runs.into_iter().map(|(dx, r)| (x + dx, r)));
            Ok(())
        };
    right_aligned(&columns.paragraphs, measure - CONTENTS_PAGE - 4.0, shaper)?;
    match &columns.page {
        crate::layout::ContentsPage::Head(head) => right_aligned(head, measure, shaper)?,
        crate::layout::ContentsPage::Of(id) => set.page_of = Some(id.clone()),
    }
    set.lines[last].runs.extend(extra);
    Ok(set)
}
