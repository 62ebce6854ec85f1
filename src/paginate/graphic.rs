//! Vector marks of page 1: the emblem and the recycle mark (SVG files,
//! filled paths), and the QR code linking to the document. All are drawn as
//! PDF paths and rectangles, never as images, so they print sharp and add
//! a few hundred bytes.

use std::path::Path;
use std::sync::Arc;

use kurbo::{BezPath, PathEl};

/// One step of a path, in the graphic's own units (y down, as in SVG).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathOp {
    Move(f32, f32),
    Line(f32, f32),
    Curve(f32, f32, f32, f32, f32, f32),
    Close,
}

/// A filled vector graphic: its paths and the box they are drawn in.
#[derive(Debug, Clone, PartialEq)]
pub struct Graphic {
    /// The SVG `viewBox`: x, y, width, height.
    pub view_box: [f32; 4],
    pub ops: Arc<[PathOp]>,
    /// A name for the PDF resource that draws it, from its paths (stable
    /// across runs, so output stays byte-identical).
    pub name: String,
    /// Its PDF form's content, compressed once by the PDF stage and shared
    /// by every document the process writes (the emblem is 600 curves).
    pub form: Arc<std::sync::OnceLock<Vec<u8>>>,
}

impl Graphic {
    /// Reads the `viewBox` and every `<path d="…">` of an SVG document.
    /// Arcs and quadratic curves become cubic curves (kurbo); fills use the
    /// non-zero rule, SVG's default.
    pub(crate) fn from_svg(text: &str) -> Result<Graphic, String> {
        let document = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
        let root = document.root_element();
        let view_box: Vec<f32> = root
            .attribute("viewBox")
            .ok_or("the <svg> element has no viewBox")?
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|_| "the viewBox is not four numbers")?;
        let [x, y, width, height] = view_box[..] else {
            return Err("the viewBox is not four numbers".into());
        };
        if !(width > 0.0 && height > 0.0) {
            return Err("the viewBox has no area".into());
        }
        let mut ops = Vec::new();
        for path in document.descendants().filter(|n| n.has_tag_name("path")) {
            let data = path.attribute("d").ok_or("a <path> has no d")?;
            let bez = BezPath::from_svg(data).map_err(|e| format!("path data: {e}"))?;
            let mut last = (0.0f32, 0.0f32);
            for element in bez.elements() {
                let p = |p: kurbo::Point| (p.x as f32, p.y as f32);
                match *element {
                    PathEl::MoveTo(a) => {
                        last = p(a);
                        ops.push(PathOp::Move(last.0, last.1));
                    }
                    PathEl::LineTo(a) => {
                        last = p(a);
                        ops.push(PathOp::Line(last.0, last.1));
                    }
                    PathEl::QuadTo(c, a) => {
                        // The cubic with the same curve: controls two thirds
                        // of the way to the quadratic's control point.
                        let (c, a) = (p(c), p(a));
                        let c1 = (
                            last.0 + 2.0 / 3.0 * (c.0 - last.0),
                            last.1 + 2.0 / 3.0 * (c.1 - last.1),
                        );
                        let c2 = (a.0 + 2.0 / 3.0 * (c.0 - a.0), a.1 + 2.0 / 3.0 * (c.1 - a.1));
                        ops.push(PathOp::Curve(c1.0, c1.1, c2.0, c2.1, a.0, a.1));
                        last = a;
                    }
                    PathEl::CurveTo(c1, c2, a) => {
                        let (c1, c2, a) = (p(c1), p(c2), p(a));
                        ops.push(PathOp::Curve(c1.0, c1.1, c2.0, c2.1, a.0, a.1));
                        last = a;
                    }
                    PathEl::ClosePath => ops.push(PathOp::Close),
                }
            }
        }
        if ops.is_empty() {
            return Err("the SVG has no <path>".into());
        }
        // FNV-1a over the SVG text: a short, stable resource name.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        Ok(Graphic {
            view_box: [x, y, width, height],
            ops: ops.into(),
            name: format!("G{:08x}", hash as u32),
            form: Arc::default(),
        })
    }
}

/// A mark built into the binary (the UN's), as its SVG gives it and with
/// its PDF form already drawn and compressed: parsing the emblem's 600
/// curves and compressing its form took about 5 M instructions at the
/// start of every process. A test in the PDF stage checks every field
/// against the SVG, and writes the form again (`POLYPRESS_BLESS=1 cargo
/// test built_in_marks`) when the SVG or the compressor changes.
pub struct BuiltInMark {
    /// Its file under `assets/` in the built-in house.
    pub file: &'static str,
    pub view_box: [f32; 4],
    pub name: &'static str,
    /// Its form's content, compressed as the PDF stage compresses it.
    pub form: &'static [u8],
}

impl BuiltInMark {
    /// The graphic, its form made: it has no path operations, since
    /// nothing draws them but the form.
    fn graphic(&self) -> Graphic {
        Graphic {
            view_box: self.view_box,
            ops: Arc::from([]),
            name: self.name.to_owned(),
            form: Arc::new(std::sync::OnceLock::from(self.form.to_vec())),
        }
    }
}

/// The UN's emblem and recycle mark, in the order [`Marks`] holds them.
pub const BUILT_IN_MARKS: [BuiltInMark; 2] = [
    BuiltInMark {
        file: "un-emblem.svg",
        view_box: [0.0, 0.0, 24.0, 24.0],
        name: "G6c336a17",
        form: include_bytes!("marks/un-emblem.form"),
    },
    BuiltInMark {
        file: "recycle.svg",
        view_box: [0.0, 0.0, 1493.0, 1452.0],
        name: "Gc13dd357",
        form: include_bytes!("marks/recycle.form"),
    },
];

/// The page-1 marks of a document set.
#[derive(Debug, Clone)]
pub struct Marks {
    pub emblem: Graphic,
    pub recycle: Graphic,
}

impl Marks {
    /// The set's own `assets/emblem.svg` and `assets/recycle.svg` under
    /// `root` where they exist, else the UN's.
    pub fn load(root: &Path) -> Result<Marks, (std::path::PathBuf, String)> {
        Self::of(&crate::house::House::folder(root))
    }

    /// The house's `assets/emblem.svg` and `assets/recycle.svg` (a
    /// repository's, over the base's) where it has them, else the UN's
    /// (`assets/un-emblem.svg` and `assets/recycle.svg` built in).
    pub fn of(house: &crate::house::House) -> Result<Marks, (std::path::PathBuf, String)> {
        let read =
            |name: &str, default: &BuiltInMark| -> Result<Graphic, (std::path::PathBuf, String)> {
                let Some(file) = house.file(&format!("assets/{name}")) else {
                    return Ok(default.graphic());
                };
                let text = String::from_utf8_lossy(&file.bytes);
                Graphic::from_svg(&text).map_err(|e| (file.path.clone(), e))
            };
        Ok(Marks {
            emblem: read("emblem.svg", &BUILT_IN_MARKS[0])?,
            recycle: read("recycle.svg", &BUILT_IN_MARKS[1])?,
        })
    }

    /// What identifies one mark (a hash of its SVG text), for the build
    /// manifest, by the name a render records it under
    /// ([`Marks::EMBLEM`], [`Marks::RECYCLE`]).
    pub(crate) fn fingerprint_of(&self, name: &str) -> Option<&str> {
        match name {
            Self::EMBLEM => Some(&self.emblem.name),
            Self::RECYCLE => Some(&self.recycle.name),
            _ => None,
        }
    }

    /// The names under which a render records that it drew a mark (beside
    /// the messages it used, `l10n::uses`): what a changed emblem or
    /// recycle mark renders again.
    pub(crate) const EMBLEM: &'static str = "@mark:emblem";
    pub(crate) const RECYCLE: &'static str = "@mark:recycle";
}

/// The dark modules of a QR code.
#[derive(Debug, Clone, PartialEq)]
pub struct QrModules {
    /// Runs of dark modules: (row, first column, length).
    pub runs: Vec<(usize, usize, usize)>,
    /// Modules a side, without the quiet zone.
    pub width: usize,
}

/// The QR code of `text` (error correction M, as UN documents use).
pub fn qr_modules(text: &str) -> Option<QrModules> {
    let segments = qrcodegen::QrSegment::make_segments(text);
    let code = qrcodegen::QrCode::encode_segments_advanced(
        &segments,
        qrcodegen::QrCodeEcc::Medium,
        qrcodegen::Version::MIN,
        qrcodegen::Version::MAX,
        None,
        false,
    )
    .ok()?;
    let width = usize::try_from(code.size()).ok()?;
    let dark = |row: usize, column: usize| code.get_module(column as i32, row as i32);
    let mut runs = Vec::new();
    for row in 0..width {
        let mut column = 0;
        while column < width {
            if dark(row, column) {
                let start = column;
                while column < width && dark(row, column) {
                    column += 1;
                }
                runs.push((row, start, column - start));
            } else {
                column += 1;
            }
        }
    }
    Some(QrModules { runs, width })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in_svg(mark: &BuiltInMark) -> Graphic {
        let file = crate::house::built_in_file(&format!("assets/{}", mark.file)).unwrap();
        Graphic::from_svg(&String::from_utf8_lossy(&file.bytes)).unwrap()
    }

    #[test]
    fn the_built_in_marks_parse_into_curves() {
        let emblem = built_in_svg(&BUILT_IN_MARKS[0]);
        assert_eq!(emblem.view_box, [0.0, 0.0, 24.0, 24.0]);
        assert!(emblem.ops.iter().any(|o| matches!(o, PathOp::Curve(..))));
        let recycle = built_in_svg(&BUILT_IN_MARKS[1]);
        assert!(recycle.ops.iter().filter(|o| **o == PathOp::Close).count() >= 3);
    }

    #[test]
    fn a_set_without_marks_of_its_own_gets_the_built_in_ones() {
        let marks = Marks::load(Path::new("/nonexistent")).unwrap();
        for (graphic, built_in) in [
            (&marks.emblem, &BUILT_IN_MARKS[0]),
            (&marks.recycle, &BUILT_IN_MARKS[1]),
        ] {
            let parsed = built_in_svg(built_in);
            assert_eq!(
                (graphic.view_box, &graphic.name),
                (parsed.view_box, &parsed.name)
            );
            assert_eq!(graphic.form.get().map(Vec::as_slice), Some(built_in.form));
        }
    }

    #[test]
    fn bad_svg_is_refused() {
        assert!(Graphic::from_svg("<svg><path d='M0 0L1 1'/></svg>").is_err());
        assert!(Graphic::from_svg("<svg viewBox='0 0 1 1'><path d='M0 0 Q'/></svg>").is_err());
        assert!(Graphic::from_svg("<svg viewBox='0 0 1 1'></svg>").is_err());
    }

    #[test]
    fn a_qr_code_has_its_finder_patterns() {
        let QrModules { runs, width } = qr_modules("https://undocs.org/A/75/906").unwrap();
        assert_eq!((width - 17) % 4, 0, "a QR version is 17 + 4n modules wide");
        // The top-left finder pattern: a run of 7 dark modules on row 0.
        assert!(runs.contains(&(0, 0, 7)));
    }

    /// The level of error correction is M, as asked, even where a higher
    /// one would fit in the same size (the encoder is not left to raise it).
    #[test]
    fn a_qr_code_keeps_error_correction_m() {
        for address in [
            "https://undocs.org/A/75/906",
            "https://undocs.org/S/2021/534",
            "x",
        ] {
            let QrModules { runs, .. } = qr_modules(address).unwrap();
            let dark = |row: usize, column: usize| {
                runs.iter().any(|&(r, start, length)| {
                    r == row && (start..start + length).contains(&column)
                })
            };
            // The 15 format bits beside the top-left finder (ISO/IEC 18004, 7.9).
            let mut places: Vec<(usize, usize)> = (0..=5).map(|row| (row, 8)).collect();
            places.extend([(7, 8), (8, 8), (8, 7)]);
            places.extend((9..15).map(|i| (8, 14 - i)));
            let bits = places
                .iter()
                .enumerate()
                .fold(0u16, |bits, (i, &(row, column))| {
                    bits | (u16::from(dark(row, column)) << i)
                });
            // Unmasked, the top two bits are the level: 00 is M.
            assert_eq!((bits ^ 0x5412) >> 13, 0, "{address}");
        }
    }
}
