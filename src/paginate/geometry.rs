//! Page geometry (docs/un-format.md §0, measured on A/INF/76/1 and the Geneva
//! A/HRC/WG.6/34/ITA/3): points from the top-left corner.

use crate::layout::Paper;

/// Where things go on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    /// Left edge of the text block.
    pub body_left: f32,
    /// Width of the text block.
    pub measure: f32,
    /// Outer edges of the masthead, header and footer.
    pub furniture_left: f32,
    pub furniture_right: f32,
    /// Top of the body on pages 2 … n.
    pub body_top: f32,
    /// Top of the body on a first page without masthead.
    pub first_body_top: f32,
    /// Lowest baseline of the body.
    pub body_bottom: f32,
    /// Baseline of the footer.
    pub footer_baseline: f32,
    /// Baseline of the first header line.
    pub header_baseline: f32,
    /// x of the masthead's right-hand column.
    pub right_column: f32,
    /// Lowest baseline of the body on page 1, whose foot holds the job
    /// line, barcode, recycle mark and QR code.
    pub first_page_bottom: f32,
    /// The masthead: x of the UN's name and the organ names, how far its
    /// lines sit above New York's (the Geneva masthead is set higher),
    /// how far the symbol sits under the UN's name's baseline, and the
    /// size of the first line of the session block (the council).
    pub masthead_left: f32,
    pub masthead_raise: f32,
    /// How far the right-hand column (Distr., date) sits above New York's.
    pub right_raise: f32,
    pub symbol_drop: f32,
    pub council_size: f32,
    /// How far right of the furniture's left edge the job line and the
    /// barcode of page 1 start, and the job line's baseline.
    pub footer_indent: f32,
    pub job_line_baseline: f32,
    /// The highest the thick rule over the session block sits, and the
    /// space from the session block's last line to the body.
    pub session_rule: f32,
    pub title_gap: f32,
    /// The barcode's width, if set to one (Geneva: 84 pt), and whether a
    /// human-readable line ("* 1 9 1 3 8 7 9 *") stands under it.
    pub barcode_width: Option<f32>,
    pub barcode_readable: bool,
}

impl Geometry {
    pub fn of(paper: Paper) -> Geometry {
        match paper {
            // Text block x = 123 … 490, furniture x = 60 … 554.
            Paper::Letter => Geometry {
                width: 612.0,
                height: 792.0,
                body_left: 123.0,
                measure: 367.0,
                furniture_left: 60.0,
                furniture_right: 554.0,
                body_top: 90.0,
                first_body_top: 72.0,
                body_bottom: 720.0,
                footer_baseline: 757.0,
                header_baseline: 61.0,
                right_column: 397.0,
                first_page_bottom: 720.0,
                masthead_left: 123.0,
                masthead_raise: 0.0,
                right_raise: 0.0,
                symbol_drop: 0.0,
                council_size: 10.0,
                footer_indent: 5.0,
                job_line_baseline: 748.0,
                session_rule: 206.0,
                title_gap: 24.0,
                barcode_width: None,
                barcode_readable: false,
            },
            // Furniture x = 56.6 … 538.7, the same text block width; the
            // Geneva furniture measured on A/HRC/WG.6/34/ITA/3 (English):
            // the UN's name and the organ at x 119.7, 7 pt higher than New
            // York's, the symbol 2.4 pt under the name's baseline, the
            // Distr. block at x 392.1, "Human Rights Council" 12 pt, the
            // job line at the furniture's edge, page 1's text block ending
            // 31 pt higher than later pages', and on later pages the
            // header 8 pt higher, the text 21.6 pt higher and the page
            // number 4.9 pt lower (baselines from the words' boxes, each
            // font's ascent taken into account).
            Paper::A4 => Geometry {
                width: 595.0,
                height: 842.0,
                body_left: 114.0,
                measure: 367.0,
                furniture_left: 56.6,
                furniture_right: 538.7,
                body_top: 68.4,
                first_body_top: 72.0,
                body_bottom: 770.0,
                footer_baseline: 811.9,
                header_baseline: 51.1,
                right_column: 392.1,
                first_page_bottom: 739.0,
                masthead_left: 119.7,
                masthead_raise: 7.0,
                right_raise: 8.0,
                symbol_drop: 2.4,
                council_size: 12.0,
                footer_indent: 0.0,
                job_line_baseline: 783.5,
                session_rule: 202.2,
                title_gap: 15.5,
                barcode_width: Some(84.0),
                barcode_readable: true,
            },
        }
    }
}
