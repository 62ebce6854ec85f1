//! Kashida as glyphs of their own. A justified Arabic word lengthened by
//! tatweels is shaped as letter, tatweel, tatweel, …; drawn so, the
//! tatweels are either text (U+0640, which no one searching types) or,
//! with no text, gaps that readers take for spaces ("بش أن"). Here each
//! letter with the tatweels after it in drawing order becomes one
//! composite glyph of the subset (ISO/IEC 14496-22 §5.3.3: the letter's
//! outline and the tatweel's, side by side), whose advance is theirs
//! together and whose text is the letter's: the page looks the same and
//! the text layer reads the word as written.
//!
//! The subset font program (written by `subsetter`) gains the composites
//! at the end of `glyf`, with `loca` rewritten in the long format, `hmtx`
//! widened to a metric per glyph, and `maxp`, `hhea` and `post` to match.

use std::collections::BTreeSet;

use super::sfnt::BigEndian;

/// A letter and the tatweels drawn after it: original glyph ids of the
/// face, and how many tatweels.
pub(super) type Lengthening = (u16, u16, u8);

/// The lengthenings one font draws, in a fixed order.
#[derive(Debug, Default)]
pub(super) struct Lengthenings(pub BTreeSet<Lengthening>);

/// A composite to add: the subset glyph ids of the letter and the
/// tatweel, how many tatweels, and their advances in font units.
pub(super) struct Composite {
    pub letter: u16,
    pub tatweel: u16,
    pub count: u8,
    pub letter_advance: u16,
    pub tatweel_advance: u16,
}

/// `font` with `composites` appended as glyphs `first..`, where `first`
/// is its glyph count; `None` when its tables are not as expected (the
/// caller then draws tatweels as glyphs).
pub(super) fn with_composites(font: &[u8], composites: &[Composite]) -> Option<Vec<u8>> {
    let tables = super::sfnt::tables(font)?;
    let table = |tag: &[u8; 4]| tables.iter().find(|t| &t.0 == tag).map(|t| t.1);
    let (head, maxp, hhea, hmtx, loca, glyf) = (
        table(b"head")?,
        table(b"maxp")?,
        table(b"hhea")?,
        table(b"hmtx")?,
        table(b"loca")?,
        table(b"glyf")?,
    );
    let glyphs = usize::from(BigEndian(maxp).u16(4)?);
    let original = glyph_offsets(head, loca, glyphs)?;
    let added = Added::append(glyf, &original, composites)?;
    let total = glyphs + composites.len();
    let total_u16 = u16::try_from(total).ok()?;

    let mut new_loca = Vec::with_capacity(4 * (total + 1));
    for &o in &added.offsets {
        new_loca.extend_from_slice(&u32::try_from(o).ok()?.to_be_bytes());
    }
    let mut new_head = head.to_vec();
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1i16.to_be_bytes());

    let (new_hmtx, widest) = long_metrics(hhea, hmtx, glyphs, &added.metrics)?;
    let mut new_hhea = hhea.to_vec();
    new_hhea
        .get_mut(10..12)?
        .copy_from_slice(&widest.to_be_bytes());
    new_hhea
        .get_mut(34..36)?
        .copy_from_slice(&total_u16.to_be_bytes());
    let new_maxp = grown_maxp(maxp, total_u16, added.most_components, added.deepest)?;

    let mut replaced: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"glyf", added.glyf),
        (*b"loca", new_loca),
        (*b"head", new_head),
        (*b"hmtx", new_hmtx),
        (*b"hhea", new_hhea),
        (*b"maxp", new_maxp),
    ];
    // Glyph names (post format 2) are per glyph: the table keeps its
    // metrics and gives up its names (format 3).
    if let Some(post) = table(b"post") {
        if BigEndian(post).u32(0)? == 0x0002_0000 {
            let mut new_post = post.get(..32)?.to_vec();
            new_post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
            replaced.push((*b"post", new_post));
        }
    }
    super::sfnt::with_tables(font, replaced)
}

/// Where each of the `glyphs` glyphs starts in `glyf`, and where the last
/// ends, read from `loca` in the format `head` gives.
fn glyph_offsets(head: &[u8], loca: &[u8], glyphs: usize) -> Option<Vec<usize>> {
    let long = BigEndian(head).i16(50)? == 1;
    let offset = |i: usize| -> Option<usize> {
        if long {
            Some(BigEndian(loca).u32(4 * i)? as usize)
        } else {
            Some(2 * usize::from(BigEndian(loca).u16(2 * i)?))
        }
    };
    (0..=glyphs).map(offset).collect::<Option<_>>()
}

/// The font's `glyf` with the kashida composites appended, their offsets
/// and metrics, and the most components and deepest nesting they reach
/// (for `maxp`).
struct Added {
    glyf: Vec<u8>,
    offsets: Vec<usize>,
    metrics: Vec<(u16, i16)>,
    most_components: u16,
    deepest: u16,
}

impl Added {
    /// Appends one composite glyph per letter-and-tatweels to `glyf`,
    /// whose glyphs start at `original`.
    fn append(glyf: &[u8], original: &[usize], composites: &[Composite]) -> Option<Self> {
        let bounds = |g: u16| -> Option<[i16; 4]> {
            let (start, end) = (
                *original.get(usize::from(g))?,
                *original.get(usize::from(g) + 1)?,
            );
            if end <= start {
                return None;
            }
            let header = BigEndian(glyf.get(start..end)?);
            Some([
                header.i16(2)?,
                header.i16(4)?,
                header.i16(6)?,
                header.i16(8)?,
            ])
        };
        let depth = |g: u16| -> u16 {
            let start = original[usize::from(g)];
            u16::from(
                original[usize::from(g) + 1] > start && BigEndian(glyf).i16(start) == Some(-1),
            )
        };

        let mut offsets = original.to_vec();
        let mut new_glyf = glyf.get(..*offsets.last()?)?.to_vec();
        let mut metrics: Vec<(u16, i16)> = Vec::new();
        let mut most_components = 0u16;
        let mut deepest = 0u16;
        for c in composites {
            let x_min = composite_glyph(c, bounds(c.letter)?, bounds(c.tatweel)?, &mut new_glyf)?;
            new_glyf.resize(new_glyf.len().div_ceil(4) * 4, 0);
            offsets.push(new_glyf.len());
            let advance =
                u32::from(c.letter_advance) + u32::from(c.count) * u32::from(c.tatweel_advance);
            metrics.push((u16::try_from(advance).ok()?, x_min));
            most_components = most_components.max(u16::from(c.count) + 1);
            deepest = deepest.max(depth(c.letter).max(depth(c.tatweel)) + 1);
        }
        Some(Self {
            glyf: new_glyf,
            offsets,
            metrics,
            most_components,
            deepest,
        })
    }
}

/// `maxp` counting `total` glyphs and, in version 1.0, allowing the
/// composites' component count and nesting depth.
fn grown_maxp(maxp: &[u8], total: u16, most_components: u16, deepest: u16) -> Option<Vec<u8>> {
    let mut new_maxp = maxp.to_vec();
    new_maxp
        .get_mut(4..6)?
        .copy_from_slice(&total.to_be_bytes());
    if BigEndian(maxp).u32(0)? == 0x0001_0000 {
        for (at, least) in [(28, most_components), (30, deepest)] {
            let value = BigEndian(maxp).u16(at)?.max(least);
            new_maxp
                .get_mut(at..at + 2)?
                .copy_from_slice(&value.to_be_bytes());
        }
    }
    Some(new_maxp)
}

/// `hmtx` with a long metric (advance and side bearing) for each of the
/// `glyphs` glyphs and then for each of `added`, and the widest advance.
fn long_metrics(
    hhea: &[u8],
    hmtx: &[u8],
    glyphs: usize,
    added: &[(u16, i16)],
) -> Option<(Vec<u8>, u16)> {
    let long = usize::from(BigEndian(hhea).u16(34)?);
    let mut out = Vec::with_capacity(4 * (glyphs + added.len()));
    let mut last_advance = 0u16;
    for g in 0..glyphs {
        let (advance, lsb) = if g < long {
            (BigEndian(hmtx).u16(4 * g)?, BigEndian(hmtx).i16(4 * g + 2)?)
        } else {
            let at = 4 * long + 2 * (g - long);
            (last_advance, BigEndian(hmtx).i16(at)?)
        };
        last_advance = advance;
        out.extend_from_slice(&advance.to_be_bytes());
        out.extend_from_slice(&lsb.to_be_bytes());
    }
    let mut widest = BigEndian(hhea).u16(10)?;
    for &(advance, lsb) in added {
        widest = widest.max(advance);
        out.extend_from_slice(&advance.to_be_bytes());
        out.extend_from_slice(&lsb.to_be_bytes());
    }
    Some((out, widest))
}

/// Appends the composite glyph record of `c` to `glyf`: its box (the
/// letter's and the tatweels' together), then the letter at 0 and each
/// tatweel after the one before. Returns the box's left edge.
fn composite_glyph(
    c: &Composite,
    letter_box: [i16; 4],
    tatweel_box: [i16; 4],
    glyf: &mut Vec<u8>,
) -> Option<i16> {
    let mut parts = vec![(c.letter, 0i32)];
    for i in 0..i32::from(c.count) {
        parts.push((
            c.tatweel,
            i32::from(c.letter_advance) + i * i32::from(c.tatweel_advance),
        ));
    }
    let [mut x_min, mut y_min, mut x_max, mut y_max] = letter_box.map(i32::from);
    for &(_, dx) in &parts[1..] {
        x_min = x_min.min(dx + i32::from(tatweel_box[0]));
        y_min = y_min.min(i32::from(tatweel_box[1]));
        x_max = x_max.max(dx + i32::from(tatweel_box[2]));
        y_max = y_max.max(i32::from(tatweel_box[3]));
    }
    let short = |v: i32| i16::try_from(v).ok();
    glyf.extend_from_slice(&(-1i16).to_be_bytes());
    for v in [x_min, y_min, x_max, y_max] {
        glyf.extend_from_slice(&short(v)?.to_be_bytes());
    }
    for (i, &(glyph, dx)) in parts.iter().enumerate() {
        // ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES, MORE_COMPONENTS
        // but for the last; ROUND_XY_TO_GRID as fonts set it.
        let more = if i + 1 < parts.len() { 0x0020 } else { 0 };
        let flags: u16 = 0x0001 | 0x0002 | 0x0004 | more;
        glyf.extend_from_slice(&flags.to_be_bytes());
        glyf.extend_from_slice(&glyph.to_be_bytes());
        glyf.extend_from_slice(&short(dx)?.to_be_bytes());
        glyf.extend_from_slice(&0i16.to_be_bytes());
    }
    short(x_min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_composite_joins_the_letter_and_its_tatweels_with_their_advances() {
        let face = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fonts/arabic/NotoNaskhArabic-Regular.ttf"),
        )
        .unwrap();
        let tables = super::super::sfnt::tables(&face).unwrap();
        let glyphs = tables
            .iter()
            .find(|t| &t.0 == b"maxp")
            .and_then(|t| BigEndian(t.1).u16(4))
            .unwrap();
        // Any two glyphs with outlines: their ids and advances as given.
        let composite = Composite {
            letter: 100,
            tatweel: 101,
            count: 2,
            letter_advance: 300,
            tatweel_advance: 210,
        };
        let font = with_composites(&face, &[composite]).expect("the tables are as expected");
        let tables = super::super::sfnt::tables(&font).unwrap();
        let table = |tag: &[u8; 4]| tables.iter().find(|t| &t.0 == tag).unwrap().1;
        assert_eq!(BigEndian(table(b"maxp")).u16(4), Some(glyphs + 1));
        assert_eq!(BigEndian(table(b"hhea")).u16(34), Some(glyphs + 1));
        let new = usize::from(glyphs);
        assert_eq!(BigEndian(table(b"hmtx")).u16(4 * new), Some(300 + 2 * 210));
        let loca = BigEndian(table(b"loca"));
        let start = loca.u32(4 * new).unwrap() as usize;
        let glyph = BigEndian(&table(b"glyf")[start..]);
        assert_eq!(glyph.i16(0), Some(-1), "a composite");
        // Three components: the letter at 0, the tatweels at 300 and 510.
        let component = |i: usize| (glyph.u16(10 + 8 * i + 2), glyph.i16(10 + 8 * i + 4));
        assert_eq!(component(0), (Some(100), Some(0)));
        assert_eq!(component(1), (Some(101), Some(300)));
        assert_eq!(component(2), (Some(101), Some(510)));
        assert_eq!(glyph.u16(10 + 8).map(|f| f & 0x0020), Some(0x0020), "more");
        assert_eq!(glyph.u16(10 + 16).map(|f| f & 0x0020), Some(0), "the last");
    }
}
