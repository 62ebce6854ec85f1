//! Writing a font's table directory anew around changed tables (the
//! reading is the typesetter's, `typeset/sfnt.rs`).

pub(super) use crate::typeset::sfnt::{table, tables, BigEndian};

/// `font` with the tables of `replaced` in place of its own of the same
/// tags (or added), the directory written anew.
pub(super) fn with_tables(font: &[u8], replaced: Vec<([u8; 4], Vec<u8>)>) -> Option<Vec<u8>> {
    let mut tables = tables(font)?;
    tables.retain(|(tag, _)| !replaced.iter().any(|(t, _)| t == tag));
    tables.extend(replaced.iter().map(|(tag, data)| (*tag, data.as_slice())));
    tables.sort_by_key(|t| t.0);
    let n = tables.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros());
    // The exact size: a new table larger than the one it replaces (a
    // subset's cmap) had the buffer grow, copied, into fresh pages.
    let size = 12
        + tables
            .iter()
            .map(|(_, d)| 16 + d.len().div_ceil(4) * 4)
            .sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(font.get(0..4)?);
    for v in [
        n,
        power * 16,
        power.trailing_zeros() as u16,
        n * 16 - power * 16,
    ] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        let checksum = table_checksum(data);
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    debug_assert_eq!(out.len(), size);
    Some(out)
}

/// A table's checksum: the sum of its big-endian 32-bit words, the last
/// padded with zeros (OpenType, "Calculating checksums"). Whole words are
/// read in place: copying each into a buffer of its own called `memcpy`
/// once a word (43,000 times for a Chinese subset).
fn table_checksum(data: &[u8]) -> u32 {
    let words = data.chunks_exact(4);
    let mut last = [0u8; 4];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    words
        .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
        .fold(u32::from_be_bytes(last), u32::wrapping_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checksum_sums_big_endian_words_the_last_padded() {
        assert_eq!(table_checksum(&[]), 0);
        assert_eq!(table_checksum(&[0, 0, 1, 2]), 0x0102);
        assert_eq!(table_checksum(&[0, 0, 1, 2, 0xAB]), 0x0102 + 0xAB00_0000);
        // Words wrap around.
        assert_eq!(table_checksum(&[0xFF; 8]), 0xFFFF_FFFE);
        assert_eq!(table_checksum(&[1, 2, 3]), 0x0102_0300);
    }
}
