//! Words set from their letters: in a face whose only shaping of plain
//! letters is kerning between neighbours, a word of such letters is the
//! glyph of each letter, advanced by the kerning with the next one. Each
//! distinct letter is then shaped once (by harfrust, alone) and the pairs'
//! kerning read from the face's GPOS table, instead of each distinct word
//! shaped: an 8-page report has about 1,600 distinct words, and harfrust
//! took about 4,600 instructions a word, including its buffer and plan.
//!
//! Which faces: those whose layout tables (GSUB, GPOS, GDEF) are the same
//! bytes, by the checksums and lengths in their table directory, as
//! those of the built-in Liberation Serif faces, read for this (fontTools,
//! 2026-12): for the scripts `latn`, `cyrl` and `grek` and the features
//! harfrust turns on for a left-to-right text, GSUB has only `ccmp`
//! ligatures of the tone letters U+02E5–U+02E9; GPOS has a `kern` lookup
//! of pair adjustments (format 1) that change the first glyph's advance
//! alone (no value for the second glyph, so each pair is worked out on
//! its own), and `mark` attachments, which move marks only. GDEF marks no
//! glyph of the letters below. Any other face, any letter not below, a
//! letter that shapes to anything but one glyph at rest, or a GPOS table
//! [`kerning`] cannot read, and the whole word goes to harfrust. A test
//! sets every word of the repository's documents, random words, and every
//! plain letter between kerned pairs both ways.

use rustc_hash::FxHashMap;

use super::fonts::FaceId;
use super::sfnt::{checksum_and_length, table, BigEndian};

/// The checksum and length of the GSUB, GPOS and GDEF tables of each face
/// read as above (Liberation Serif 2.1: Regular, Bold, Italic, Bold Italic).
const READ: [[(u32, u32); 3]; 4] = [
    [
        (0x7324_2d47, 2360),
        (0x4b4b_880d, 18532),
        (0x7b32_8440, 146),
    ],
    [
        (0x7324_2d47, 2360),
        (0x7e5e_6311, 19178),
        (0x7b32_8440, 146),
    ],
    [
        (0x9484_2ef9, 2432),
        (0x5c1c_d493, 18562),
        (0x7b62_8478, 146),
    ],
    [
        (0x92db_2cf6, 2432),
        (0x38ff_af13, 19128),
        (0x7b3a_844b, 146),
    ],
];

/// Whether the font file `bytes` is one whose words may be set from their
/// letters: its layout tables are those of a face read as above.
pub(crate) fn kerns_pairs_only(bytes: &[u8]) -> bool {
    let tables = |tag: &[u8; 4]| checksum_and_length(bytes, tag);
    let found = [tables(b"GSUB"), tables(b"GPOS"), tables(b"GDEF")];
    // Tables that would take over from GSUB and GPOS (AAT) or change the
    // glyphs by the instance (variations) are not in the faces read.
    let none_else = [b"morx", b"mort", b"kerx", b"trak", b"fvar"]
        .iter()
        .all(|tag| tables(tag).is_none());
    none_else
        && READ
            .iter()
            .any(|face| face.iter().zip(&found).all(|(read, f)| Some(*read) == *f))
}

/// Whether `c` is a plain letter (or digit, punctuation, space) of the
/// Latin, Greek or Cyrillic alphabets: none of the combining marks, the
/// characters that are invisible or steer the text (soft hyphen, joiners,
/// direction marks), the fraction slash (automatic fractions), the tone
/// letters and spacing modifiers, which shaping may treat otherwise.
pub(crate) fn plain(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7E
        | 0xA0..=0xAC
        | 0xAE..=0x24F
        | 0x386
        | 0x388..=0x38A
        | 0x38C
        | 0x38E..=0x3A1
        | 0x3A3..=0x3CE
        | 0x400..=0x482
        | 0x48A..=0x52F
        | 0x2010..=0x2027
        | 0x202F
        | 0x2030..=0x2043
        | 0x2045..=0x205E
        | 0x20A0..=0x20C0
        | 0x2116
        | 0x2122)
}

/// A letter shaped alone: its glyph and advance, in font units; `None`
/// when it is not one glyph at rest.
pub(crate) type Letter = Option<(u16, i32)>;

/// The letters a shaper has shaped alone, by face, script (tag) and
/// character.
pub(crate) type Letters = FxHashMap<(FaceId, [u8; 4], char), Letter>;

/// The scripts whose kerning a face keeps (`LoadedFace::kerning`), in
/// that order: those of [`plain`] letters.
pub(crate) const SCRIPTS: [[u8; 4]; 3] = [*b"latn", *b"cyrl", *b"grek"];

/// Pair kerning: what each pair of glyphs adds to the first glyph's
/// advance, in font units. The pairs are kept by first glyph: the second
/// glyphs of each first, in order, with their values, found by halving
/// among those of the first alone (a few dozen, where all the pairs are
/// thousands).
#[derive(Default)]
pub(crate) struct Kerning {
    /// Where each first glyph's pairs begin in `seconds` (one more than
    /// the highest first glyph, then the end).
    starts: Vec<u32>,
    seconds: Vec<(u16, i32)>,
}

impl Kerning {
    /// The kerning of pairs (first and second glyph as one number, as
    /// `first << 16 | second`), in order, each once.
    fn of_sorted(pairs: &[(u32, i32)]) -> Self {
        let firsts = pairs
            .last()
            .map_or(0, |&(pair, _)| (pair >> 16) as usize + 1);
        let mut starts = Vec::with_capacity(firsts + 1);
        for (at, &(pair, _)) in pairs.iter().enumerate() {
            let first = (pair >> 16) as usize;
            while starts.len() <= first {
                starts.push(at as u32);
            }
        }
        starts.push(pairs.len() as u32);
        let seconds = pairs.iter().map(|&(pair, v)| (pair as u16, v)).collect();
        Kerning { starts, seconds }
    }

    /// What `second` after `first` adds to `first`'s advance.
    #[inline]
    pub fn get(&self, first: u16, second: u16) -> i32 {
        let first = usize::from(first);
        let (Some(&start), Some(&end)) = (self.starts.get(first), self.starts.get(first + 1))
        else {
            return 0;
        };
        let of_first = &self.seconds[start as usize..end as usize];
        of_first
            .binary_search_by_key(&second, |&(glyph, _)| glyph)
            .map_or(0, |at| of_first[at].1)
    }
}

/// The kerning the GPOS table of `font` gives pairs of glyphs of the
/// script `script`, as harfrust applies it: the lookups of the `kern`
/// feature of the script's default language system, in the order of
/// their indices, each adding its value, and within a lookup the first
/// subtable that has the pair. `None` when the table has anything else
/// that could move a glyph of a plain letter (another feature harfrust
/// turns on with lookups that are not mark attachments, a required
/// feature, a lookup of another type or flags, a pair subtable of format
/// 2 or with values other than the first glyph's advance), or when the
/// script is not in the table (harfrust would use another's): then the
/// word goes to harfrust.
pub(crate) fn kerning(font: &[u8], script: [u8; 4]) -> Option<Kerning> {
    let gpos = table(font, b"GPOS")?;
    let be = BigEndian(gpos);
    if be.u16(0)? != 1 {
        return None;
    }
    let (scripts, features, lookups) = (
        usize::from(be.u16(4)?),
        usize::from(be.u16(6)?),
        usize::from(be.u16(8)?),
    );
    let script_table = (0..usize::from(be.u16(scripts)?)).find_map(|i| {
        let record = scripts + 2 + 6 * i;
        (gpos.get(record..record + 4)? == script).then(|| be.u16(record + 4))?
    })?;
    let script_table = scripts + usize::from(script_table);
    let default = usize::from(be.u16(script_table)?);
    let lang_sys = script_table + default;
    if default == 0 || be.u16(lang_sys + 2)? != 0xFFFF {
        return None;
    }
    // Features harfrust turns on that could hold GPOS lookups.
    const ON: [&[u8; 4]; 19] = [
        b"abvm", b"blwm", b"ccmp", b"locl", b"rlig", b"calt", b"clig", b"curs", b"dist", b"liga",
        b"rclt", b"rvrn", b"ltra", b"ltrm", b"rand", b"trak", b"mark", b"mkmk", b"kern",
    ];
    let mut kern_lookups = Vec::new();
    for i in 0..usize::from(be.u16(lang_sys + 4)?) {
        let index = usize::from(be.u16(lang_sys + 6 + 2 * i)?);
        let record = features + 2 + 6 * index;
        let tag: [u8; 4] = gpos.get(record..record + 4)?.try_into().ok()?;
        if !ON.contains(&&tag) {
            continue;
        }
        let feature = features + usize::from(be.u16(record + 4)?);
        for k in 0..usize::from(be.u16(feature + 2)?) {
            let lookup_index = usize::from(be.u16(feature + 4 + 2 * k)?);
            let lookup = lookups + usize::from(be.u16(lookups + 2 + 2 * lookup_index)?);
            let (kind, subtables) = lookup_subtables(gpos, lookup)?;
            match (&tag, kind) {
                (b"kern", 2) if be.u16(lookup + 2)? & 0x0006 == 0 => {
                    kern_lookups.push((lookup_index, subtables));
                }
                // Mark attachments move marks alone, and a plain letter
                // is never one.
                (b"mark" | b"mkmk", 4..=6) => {}
                _ => return None,
            }
        }
    }
    kern_lookups.sort_by_key(|(index, _)| *index);
    kern_lookups.dedup_by_key(|(index, _)| *index);
    let mut all = Vec::new();
    for (_, subtables) in kern_lookups {
        // This lookup's pairs, the first subtable's value of each.
        let mut this = Vec::new();
        for subtable in subtables {
            pairs_of(gpos, subtable, &mut this)?;
        }
        // A stable sort keeps a pair's entries in subtable order.
        this.sort_by_key(|&(pair, _)| pair);
        this.dedup_by_key(|&mut (pair, _)| pair);
        all.extend(this);
    }
    // The lookups' values of a pair add up.
    all.sort_by_key(|&(pair, _)| pair);
    let mut kerning: Vec<(u32, i32)> = Vec::with_capacity(all.len());
    for (pair, value) in all {
        match kerning.last_mut() {
            Some((last, sum)) if *last == pair => *sum += value,
            _ => kerning.push((pair, value)),
        }
    }
    Some(Kerning::of_sorted(&kerning))
}

/// A lookup's type and the offsets (in GPOS) of its subtables, through
/// extension subtables.
fn lookup_subtables(gpos: &[u8], lookup: usize) -> Option<(u16, Vec<usize>)> {
    let be = BigEndian(gpos);
    let outer = be.u16(lookup)?;
    let mut kind = outer;
    let mut subtables = Vec::new();
    for i in 0..usize::from(be.u16(lookup + 4)?) {
        let mut at = lookup + usize::from(be.u16(lookup + 6 + 2 * i)?);
        if outer == 9 {
            // Extension: format 1, the type (the same in every one), a
            // 32-bit offset.
            if be.u16(at)? != 1 || (i > 0 && be.u16(at + 2)? != kind) {
                return None;
            }
            kind = be.u16(at + 2)?;
            at += be.u32(at + 4)? as usize;
        }
        subtables.push(at);
    }
    Some((kind, subtables))
}

/// Adds to `pairs` those of the pair adjustment subtable at `subtable`
/// (first and second glyph as one number, and the value).
fn pairs_of(gpos: &[u8], subtable: usize, pairs: &mut Vec<(u32, i32)>) -> Option<()> {
    let be = BigEndian(gpos);
    // Format 1, the first glyph's advance alone (value formats 4 and 0).
    if be.u16(subtable)? != 1 || be.u16(subtable + 4)? != 4 || be.u16(subtable + 6)? != 0 {
        return None;
    }
    let firsts = coverage(gpos, subtable + usize::from(be.u16(subtable + 2)?))?;
    let sets = usize::from(be.u16(subtable + 8)?);
    if firsts.len() != sets {
        return None;
    }
    for (i, first) in firsts.into_iter().enumerate() {
        let set = subtable + usize::from(be.u16(subtable + 10 + 2 * i)?);
        for k in 0..usize::from(be.u16(set)?) {
            let record = set + 2 + 4 * k;
            let second = be.u16(record)?;
            let value = i32::from(be.u16(record + 2)? as i16);
            pairs.push((u32::from(first) << 16 | u32::from(second), value));
        }
    }
    Some(())
}

/// The glyphs of a coverage table, in coverage index order.
fn coverage(gpos: &[u8], at: usize) -> Option<Vec<u16>> {
    let be = BigEndian(gpos);
    let count = usize::from(be.u16(at + 2)?);
    match be.u16(at)? {
        1 => (0..count).map(|i| be.u16(at + 4 + 2 * i)).collect(),
        2 => {
            let mut glyphs = Vec::new();
            for i in 0..count {
                let range = at + 4 + 6 * i;
                let (start, end) = (be.u16(range)?, be.u16(range + 2)?);
                if usize::from(be.u16(range + 4)?) != glyphs.len() || end < start {
                    return None;
                }
                glyphs.extend(start..=end);
            }
            Some(glyphs)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_faces_read_are_the_built_in_latin_ones_and_no_other() {
        let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        for name in [
            "LiberationSerif-Regular",
            "LiberationSerif-Bold",
            "LiberationSerif-Italic",
            "LiberationSerif-BoldItalic",
        ] {
            let bytes = std::fs::read(fonts.join(format!("latin/{name}.ttf"))).unwrap();
            assert!(kerns_pairs_only(&bytes), "{name}");
            // One byte of GPOS changed (its checksum in the directory):
            // the face is no longer one read.
            let mut changed = bytes.clone();
            let count = usize::from(u16::from_be_bytes([changed[4], changed[5]]));
            let record = (0..count)
                .map(|i| 12 + 16 * i)
                .find(|&r| &changed[r..r + 4] == b"GPOS")
                .unwrap();
            changed[record + 4] ^= 1;
            assert!(!kerns_pairs_only(&changed), "{name}");
        }
        for other in [
            "arabic/NotoNaskhArabic-Regular.ttf",
            "chinese/NotoSerifSC-Regular.ttf",
        ] {
            let bytes = std::fs::read(fonts.join(other)).unwrap();
            assert!(!kerns_pairs_only(&bytes), "{other}");
        }
        assert!(!kerns_pairs_only(b"not a font"));
    }

    #[test]
    fn plain_letters_exclude_what_shaping_treats_apart() {
        for c in [
            'a', 'Z', 'é', 'ß', 'Ж', 'ё', 'Ω', '’', '«', '\u{202F}', '№', '€',
        ] {
            assert!(plain(c), "{c:?}");
        }
        for c in [
            '\u{AD}', '\u{301}', '\u{483}', '\u{200D}', '\u{200F}', '\u{2044}', '\u{2E5}',
            '\u{2C6}', 'ب', '中', '\u{FEFF}',
        ] {
            assert!(!plain(c), "{c:?}");
        }
    }

    #[test]
    fn kerning_is_found_by_first_glyph_then_second() {
        let pairs = [
            (1 << 16 | 7, -20),
            (1 << 16 | 9, 5),
            (4 << 16 | 1, -3),
            (4 << 16 | 2, 8),
        ];
        let kerning = Kerning::of_sorted(&pairs);
        for &(pair, value) in &pairs {
            assert_eq!(kerning.get((pair >> 16) as u16, pair as u16), value);
        }
        for (first, second) in [
            (0, 7),
            (1, 8),
            (2, 1),
            (3, 2),
            (4, 3),
            (5, 1),
            (9, 9),
            (1, 4),
        ] {
            assert_eq!(kerning.get(first, second), 0, "{first} {second}");
        }
        assert_eq!(Kerning::of_sorted(&[]).get(0, 0), 0);
    }
}
