//! The style sheet: what each paragraph style looks like (size, leading,
//! weight, alignment, spacing, indents, keeps), measured on the real UN
//! documents cited beside each value (docs/un-format.md §0).

use crate::layout::Style;

/// How a paragraph is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Right,
    Center,
}

/// The look of a paragraph style (docs/un-format.md §0 sizes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StyleSpec {
    /// Font size in points.
    pub size: f32,
    /// Distance between baselines in points.
    pub leading: f32,
    pub bold: bool,
    pub italic: bool,
    pub align: Align,
    pub space_before: f32,
    pub space_after: f32,
    /// Indent from the start side of the text block, as a fraction of the measure.
    pub start_indent: f32,
    /// Keep this paragraph on the same page as the next one.
    pub keep_with_next: bool,
    /// Never split this paragraph across pages (signature blocks).
    pub keep_together: bool,
    /// Extra indent of the first line, in points (preambular paragraphs);
    /// negative, the first line hangs (titles). Not with a number.
    pub first_indent: f32,
    /// Gap between a hanging number and the text block.
    pub label_gap: f32,
    /// The number is a superscript (a note's: 58 % of the size, raised).
    pub label_superscript: bool,
    /// Indent from the end side of the text block, in points.
    pub end_indent: f32,
}

/// One tab stop of UN documents: 1 cm. Paragraph numbers and list markers
/// stand in a column this wide; each list level indents by it
/// (measured on A/HRC/WG.6/34/ITA/3: number at 113.3 pt, text at 141.7 pt).
pub const TAB: f32 = 28.35;

/// Gap between a hanging heading number and the text block (the same
/// document: "A." ends at 99.3 pt, the heading text starts at 113.3 pt).
pub const HANG_GAP: f32 = 14.0;

/// The style table.
// Purely a table of data: one arm per style, each value beside the UN
// document it was measured on; split, the table would no longer read as one.
#[allow(clippy::too_many_lines)]
pub fn style_spec(style: Style) -> StyleSpec {
    let base = StyleSpec {
        size: 10.0,
        leading: 12.0,
        bold: false,
        italic: false,
        align: Align::Justify,
        space_before: 0.0,
        // Paragraphs are 6 pt apart, not a blank line (measured on
        // A/HRC/WG.6/34/ITA/3: 18 pt from a last baseline to the next first).
        space_after: 6.0,
        start_indent: 0.0,
        keep_with_next: false,
        keep_together: false,
        first_indent: 0.0,
        label_gap: HANG_GAP,
        label_superscript: false,
        end_indent: 0.0,
    };
    let heading = |size: f32, leading: f32, before: f32, after: f32| StyleSpec {
        size,
        leading,
        bold: true,
        align: Align::Left,
        space_before: before,
        space_after: after,
        keep_with_next: true,
        ..base
    };
    match style {
        // docs/un-format.md §0: chapter 14 pt bold, A. 12 pt bold, 1. 10 pt bold;
        // a sub-heading 10 pt italic.
        Style::Heading1 => heading(14.0, 16.0, 12.0, 10.0),
        Style::Heading2 => heading(12.0, 14.0, 6.0, 8.0),
        Style::Heading3 => heading(10.0, 12.0, 4.0, 8.0),
        Style::Heading4 => StyleSpec {
            bold: false,
            italic: true,
            ..heading(10.0, 12.0, 2.0, 8.0)
        },
        Style::Item => base,
        Style::Preambular => StyleSpec {
            first_indent: TAB,
            ..base
        },
        // The number at the first-line indent of the preambular paragraphs,
        // the text at the next tab, wrapped lines at the margin: numbers
        // and preambular paragraphs line up (A/RES/48/246, A/RES/48/161).
        Style::Operative => StyleSpec {
            first_indent: TAB,
            ..base
        },
        Style::ResolutionHeading => StyleSpec {
            size: 12.0,
            leading: 14.0,
            bold: true,
            align: Align::Center,
            space_after: 8.0,
            keep_with_next: true,
            ..base
        },
        Style::ResolutionBasis => StyleSpec {
            align: Align::Center,
            space_after: 18.0,
            keep_with_next: true,
            ..base
        },
        Style::Meeting => StyleSpec {
            italic: true,
            align: Align::Right,
            space_before: 12.0,
            keep_together: true,
            ..base
        },
        Style::SummaryHeading => StyleSpec {
            size: 12.0,
            leading: 14.0,
            bold: true,
            align: Align::Center,
            space_before: 8.0,
            space_after: 8.0,
            keep_with_next: true,
            ..base
        },
        Style::TableCaption => StyleSpec {
            bold: true,
            align: Align::Left,
            space_after: 6.0,
            keep_with_next: true,
            ..base
        },
        Style::TableHeader => StyleSpec {
            size: 9.0,
            leading: 10.5,
            italic: true,
            align: Align::Left,
            space_after: 0.0,
            ..base
        },
        Style::TableCell => StyleSpec {
            size: 9.0,
            leading: 10.5,
            align: Align::Left,
            space_after: 0.0,
            ..base
        },
        Style::TableNote => StyleSpec {
            size: 9.0,
            leading: 10.5,
            align: Align::Left,
            space_before: 0.0,
            space_after: 6.0,
            ..base
        },
        // The title's first line hangs 12 pt left of the text block (A/INF/76/1:
        // x = 111 pt, then 123).
        Style::Title | Style::TitleFlush => StyleSpec {
            size: 14.0,
            leading: 16.0,
            bold: true,
            align: Align::Left,
            space_after: 18.0,
            keep_with_next: true,
            first_indent: if style == Style::Title { -12.0 } else { 0.0 },
            ..base
        },
        Style::Heading => StyleSpec {
            bold: true,
            align: Align::Left,
            space_after: 12.0,
            keep_with_next: true,
            ..base
        },
        // "Note by the Secretariat" hangs with the title (A/INF/76/1: x = 111 pt);
        // under a flush title it stands on the text's edge too ("Italie",
        // A/HRC/WG.6/7/ITA/1, page 1).
        Style::Subtitle | Style::SubtitleFlush => StyleSpec {
            size: 12.0,
            leading: 14.0,
            bold: true,
            align: Align::Left,
            space_before: 6.0,
            space_after: 12.0,
            keep_with_next: true,
            first_indent: if style == Style::Subtitle { -12.0 } else { 0.0 },
            ..base
        },
        Style::Body => base,
        Style::Marker => StyleSpec {
            align: Align::Right,
            keep_with_next: true,
            ..base
        },
        Style::PlaceDate => StyleSpec {
            italic: true,
            align: Align::Right,
            keep_with_next: true,
            ..base
        },
        // In the end half of the text block, a gutter short of its edge, so
        // two can stand side by side (paginate sets them in pairs).
        Style::Signature => StyleSpec {
            align: Align::Left,
            space_before: 12.0,
            start_indent: 0.5,
            end_indent: 12.0,
            keep_together: true,
            ..base
        },
        Style::Organization => StyleSpec {
            size: 14.0,
            leading: 16.0,
            bold: true,
            align: Align::Left,
            space_after: 4.0,
            keep_with_next: true,
            ..base
        },
        // The note's number hangs left of the text block as a superscript
        // (A/HRC/WG.6/34/ITA/3: a 6 pt figure ending 5.7 pt before the text
        // at 113.3 pt), the notes 11 pt apart, line to line, with no space
        // between them.
        Style::Footnote | Style::Endnote => StyleSpec {
            size: 9.0,
            leading: 11.0,
            space_after: 0.0,
            label_gap: 5.7,
            label_superscript: true,
            ..base
        },
        Style::Dateline => StyleSpec {
            italic: true,
            align: Align::Left,
            space_after: 18.0,
            keep_with_next: true,
            ..base
        },
        // "Notes" (A/HRC/WG.6/34/ITA/3, page 10): 10 pt italic at the
        // furniture's edge (x 56.6, the text at 113.3), 29 pt from its
        // baseline to the first note's.
        Style::EndnotesHeading => StyleSpec {
            italic: true,
            align: Align::Left,
            first_indent: -56.7,
            space_before: 12.0,
            space_after: 18.0,
            keep_with_next: true,
            ..base
        },
        // The contents (A/HRC/WG.6/7/ITA/1, pp. 2–3): the heading bold, the
        // column heads italic, each entry set ragged with a line between.
        Style::ContentsTitle | Style::ContentsContinued => StyleSpec {
            keep_with_next: true,
            ..heading(12.0, 14.0, 0.0, 10.0)
        },
        Style::ContentsHead => StyleSpec {
            italic: true,
            align: Align::Left,
            space_after: 6.0,
            keep_with_next: true,
            ..base
        },
        Style::ContentsEntry => StyleSpec {
            align: Align::Left,
            space_after: 8.0,
            keep_together: true,
            ..base
        },
    }
}
