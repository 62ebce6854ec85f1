//! The page content streams, written straight to bytes (ISO 32000-1 §8,
//! §9.4, §14.6): text as glyph codes in `TJ` arrays, rules and bars,
//! marked-content sequences. Going through printpdf's operator list for
//! every glyph cost more than the typesetting itself.

use std::io::Write;

/// A content stream being written.
#[derive(Debug, Default)]
pub struct Content {
    bytes: Vec<u8>,
    /// Inside `[` … `] TJ`.
    in_array: bool,
    /// Inside a literal string of glyph codes, `(` … `)`.
    in_string: bool,
    /// The current font's codes are one byte each (its subset has at most
    /// 256 glyphs), not two.
    one_byte: bool,
}

/// Writes a number the short way: at most three decimals, no trailing
/// zeros, no exponent.
fn number(out: &mut Vec<u8>, value: f32) {
    // In thousandths, written by hand: this runs for every kern and
    // position of every page.
    let thousandths = (f64::from(value) * 1000.0).round() as i64;
    if thousandths < 0 {
        out.push(b'-');
    }
    let magnitude = thousandths.unsigned_abs();
    integer(out, magnitude / 1000);
    let mut fraction = magnitude % 1000;
    if fraction != 0 {
        out.push(b'.');
        let mut divisor = 100;
        while fraction != 0 {
            out.push(b'0' + (fraction / divisor) as u8);
            fraction %= divisor;
            divisor /= 10;
        }
    }
}

fn integer(out: &mut Vec<u8>, value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = value;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

impl Content {
    pub fn new() -> Self {
        Content {
            bytes: Vec::with_capacity(16 * 1024),
            in_array: false,
            in_string: false,
            one_byte: false,
        }
    }

    pub fn into_bytes(mut self) -> Vec<u8> {
        self.close_array();
        self.bytes
    }

    fn close_string(&mut self) {
        if self.in_string {
            self.bytes.push(b')');
            self.in_string = false;
        }
    }

    fn close_array(&mut self) {
        self.close_string();
        if self.in_array {
            self.bytes.extend_from_slice(b"] TJ\n");
            self.in_array = false;
        }
    }

    /// `/Tag <</MCID n>> BDC`.
    pub(crate) fn begin_marked(&mut self, tag: &str, mcid: i64) {
        self.close_array();
        let _ = writeln!(self.bytes, "/{tag} <</MCID {mcid}>> BDC");
    }

    /// An artifact: `Layout`, or pagination with its subtype (`Header`, `Footer`).
    pub(crate) fn begin_artifact(&mut self, kind: &str) {
        self.close_array();
        if kind == "Layout" {
            self.bytes
                .extend_from_slice(b"/Artifact <</Type /Layout>> BDC\n");
        } else {
            let _ = writeln!(
                self.bytes,
                "/Artifact <</Type /Pagination /Subtype /{kind}>> BDC"
            );
        }
    }

    pub(crate) fn end_marked(&mut self) {
        self.close_array();
        self.bytes.extend_from_slice(b"EMC\n");
    }

    pub(crate) fn begin_text(&mut self) {
        self.bytes.extend_from_slice(b"BT\n");
    }

    pub(crate) fn end_text(&mut self) {
        self.close_array();
        self.bytes.extend_from_slice(b"ET\n");
    }

    /// `/Name size Tf`, for a font whose codes are one byte each or two.
    pub fn font(&mut self, name: &str, size: f32, one_byte: bool) {
        self.close_array();
        self.one_byte = one_byte;
        let _ = write!(self.bytes, "/{name} ");
        number(&mut self.bytes, size);
        self.bytes.extend_from_slice(b" Tf\n");
    }

    /// `Tw`: the word spacing, added to the advance of every code 32 of a
    /// one-byte font (ISO 32000-1 §9.3.3), in points (text space is
    /// unscaled here).
    pub(crate) fn word_spacing(&mut self, points: f32) {
        self.close_array();
        number(&mut self.bytes, points);
        self.bytes.extend_from_slice(b" Tw\n");
    }

    /// `Tc`: the character spacing, added to the advance of every glyph
    /// (ISO 32000-1 §9.3.2), in points.
    pub(crate) fn char_spacing(&mut self, points: f32) {
        self.close_array();
        number(&mut self.bytes, points);
        self.bytes.extend_from_slice(b" Tc\n");
    }

    /// A text matrix that only translates: the next glyph's origin.
    pub(crate) fn move_to(&mut self, x: f32, y: f32) {
        self.close_array();
        self.bytes.extend_from_slice(b"1 0 0 1 ");
        number(&mut self.bytes, x);
        self.bytes.push(b' ');
        number(&mut self.bytes, y);
        self.bytes.extend_from_slice(b" Tm\n");
    }

    /// A glyph code (one byte or two, as the font's encoding has them)
    /// in the open `TJ` array, as binary in a literal string (half the
    /// bytes of hex); glyphs with no adjustment between them share one
    /// string.
    #[inline]
    pub fn glyph(&mut self, code: u16) {
        if !self.in_array {
            self.bytes.push(b'[');
            self.in_array = true;
        }
        if !self.in_string {
            self.bytes.push(b'(');
            self.in_string = true;
        }
        let [high, low] = code.to_be_bytes();
        if !self.one_byte {
            self.string_byte(high);
        }
        self.string_byte(low);
    }

    /// One byte in a literal string: the delimiters and the backslash
    /// escaped, and an end of line too, since a bare one in a string
    /// reads as a line feed (ISO 32000-1 §7.3.4.2).
    #[inline]
    fn string_byte(&mut self, byte: u8) {
        match byte {
            b'(' | b')' | b'\\' => self.bytes.extend_from_slice(&[b'\\', byte]),
            b'\r' => self.bytes.extend_from_slice(b"\\r"),
            b'\n' => self.bytes.extend_from_slice(b"\\n"),
            _ => self.bytes.push(byte),
        }
    }

    /// A `TJ` adjustment in thousandths of an em (positive moves left).
    #[inline]
    pub(crate) fn kern(&mut self, units: f32) {
        if units == 0.0 {
            return;
        }
        if !self.in_array {
            self.bytes.push(b'[');
            self.in_array = true;
        } else if self.in_string {
            self.close_string();
        } else {
            self.bytes.push(b' ');
        }
        number(&mut self.bytes, units);
    }

    /// A black horizontal rule.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        self.close_array();
        self.bytes.extend_from_slice(b"0 G\n");
        number(&mut self.bytes, thickness);
        self.bytes.extend_from_slice(b" w\n");
        for (x, op) in [(x1, b" m\n"), (x2, b" l\n")] {
            number(&mut self.bytes, x);
            self.bytes.push(b' ');
            number(&mut self.bytes, y);
            self.bytes.extend_from_slice(op);
        }
        self.bytes.extend_from_slice(b"S\n");
    }

    /// A vector graphic drawn by its form XObject (`graphic_form`): its
    /// view box's top-left corner at (`x`, `top`) in PDF coordinates,
    /// `scale` points per unit, y flipped (the paths are SVG's, y down).
    pub fn shape(&mut self, graphic: &crate::paginate::Graphic, x: f32, top: f32, scale: f32) {
        self.close_array();
        self.bytes.extend_from_slice(b"q\n");
        let [vx, vy, _, _] = graphic.view_box;
        for v in [scale, 0.0, 0.0, -scale, x - vx * scale, top + vy * scale] {
            number(&mut self.bytes, v);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(b"cm\n/");
        self.bytes.extend_from_slice(graphic.name.as_bytes());
        self.bytes.extend_from_slice(b" Do\nQ\n");
    }

    /// A black filled rectangle.
    pub fn bar(&mut self, x: f32, y: f32, width: f32, height: f32) {
        self.close_array();
        self.bytes.extend_from_slice(b"0 g\n");
        for v in [x, y, width, height] {
            number(&mut self.bytes, v);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(b"re\nf\n");
    }
}

/// The content of a graphic's form XObject: its paths in its own units,
/// filled black with the non-zero rule (SVG's default).
pub fn graphic_form(graphic: &crate::paginate::Graphic) -> Vec<u8> {
    use crate::paginate::PathOp;
    let mut bytes = b"0 g\n".to_vec();
    let point = |bytes: &mut Vec<u8>, px: f32, py: f32| {
        number(bytes, px);
        bytes.push(b' ');
        number(bytes, py);
        bytes.push(b' ');
    };
    for op in graphic.ops.iter() {
        match *op {
            PathOp::Move(a, b) => {
                point(&mut bytes, a, b);
                bytes.extend_from_slice(b"m\n");
            }
            PathOp::Line(a, b) => {
                point(&mut bytes, a, b);
                bytes.extend_from_slice(b"l\n");
            }
            PathOp::Curve(a, b, c, d, e, f) => {
                point(&mut bytes, a, b);
                point(&mut bytes, c, d);
                point(&mut bytes, e, f);
                bytes.extend_from_slice(b"c\n");
            }
            PathOp::Close => bytes.extend_from_slice(b"h\n"),
        }
    }
    bytes.extend_from_slice(b"f\n");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules_and_marked_content_as_pdf_operators() {
        let mut c = Content::new();
        c.begin_marked("P", 0);
        c.begin_text();
        c.font("ABCDEF", 10.0, false);
        c.move_to(123.0, 690.5);
        c.glyph(0x1e);
        c.kern(79.0);
        c.glyph(0x23);
        c.glyph(0x1);
        c.kern(-84.4);
        c.kern(2.0);
        c.glyph(0x0a29);
        c.glyph(0x5c0d);
        c.end_text();
        c.end_marked();
        c.begin_artifact("Header");
        c.rule(60.0, 554.0, 729.0, 0.5);
        c.end_marked();
        c.bar(1.0, 2.25, 0.7, 30.0);
        assert_eq!(
            String::from_utf8(c.into_bytes()).unwrap(),
            "/P <</MCID 0>> BDC\nBT\n/ABCDEF 10 Tf\n1 0 0 1 123 690.5 Tm\n\
             [(\0\u{1e})79(\0#\0\u{1})-84.4 2(\\n\\)\\\\\\r)] TJ\nET\nEMC\n\
             /Artifact <</Type /Pagination /Subtype /Header>> BDC\n0 G\n0.5 w\n60 729 m\n554 729 l\nS\nEMC\n\
             0 g\n1 2.25 0.7 30 re\nf\n"
        );
    }

    #[test]
    fn a_one_byte_font_writes_one_byte_a_glyph() {
        let mut c = Content::new();
        c.begin_text();
        c.font("ABCDEF", 10.0, true);
        c.move_to(0.0, 0.0);
        c.glyph(0x1e);
        c.glyph(0x28);
        c.kern(-12.0);
        c.glyph(0x0d);
        c.word_spacing(1.25);
        c.glyph(0x20);
        c.char_spacing(0.32);
        c.font("GHIJKL", 10.0, false);
        c.glyph(0x1e);
        c.end_text();
        assert_eq!(
            String::from_utf8(c.into_bytes()).unwrap(),
            "BT\n/ABCDEF 10 Tf\n1 0 0 1 0 0 Tm\n[(\u{1e}\\()-12(\\r)] TJ\n1.25 Tw\n[( )] TJ\n0.32 Tc\n\
             /GHIJKL 10 Tf\n[(\0\u{1e})] TJ\nET\n"
        );
    }

    #[test]
    fn numbers_are_short() {
        let text = |v| {
            let mut out = Vec::new();
            number(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(text(1.0), "1");
        assert_eq!(text(-0.5), "-0.5");
        assert_eq!(text(0.000_000_015), "0");
        assert_eq!(text(12.345_67), "12.346");
        assert_eq!(text(-0.0004), "0");
        assert_eq!(text(-104.0), "-104");
        assert_eq!(text(391.68), "391.68");
        assert_eq!(text(0.05), "0.05");
        assert_eq!(text(1000.001), "1000.001");
    }
}
