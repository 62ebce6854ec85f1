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
            },
            // Furniture x = 56.6 … 538.7, the same text block width.
            Paper::A4 => Geometry {
                width: 595.0,
                height: 842.0,
                body_left: 114.0,
                measure: 367.0,
                furniture_left: 56.6,
                furniture_right: 538.7,
                body_top: 90.0,
                first_body_top: 72.0,
                body_bottom: 770.0,
                footer_baseline: 807.0,
                header_baseline: 61.0,
                right_column: 397.75,
            },
        }
    }
}
