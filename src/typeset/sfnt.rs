//! Reading the big-endian numbers of a TrueType/OpenType font (its table
//! directory and tables), out of range giving `None`, never a panic: for
//! the typesetter (letters.rs) and the PDF writer (pdf/sfnt.rs, which
//! writes directories anew).

/// A font or one of its tables, read as big-endian numbers.
#[derive(Clone, Copy)]
pub(crate) struct BigEndian<'a>(pub &'a [u8]);

impl BigEndian<'_> {
    pub fn u16(self, at: usize) -> Option<u16> {
        Some(u16::from_be_bytes(self.0.get(at..at + 2)?.try_into().ok()?))
    }

    pub(crate) fn i16(self, at: usize) -> Option<i16> {
        self.u16(at).map(|v| v as i16)
    }

    pub fn u32(self, at: usize) -> Option<u32> {
        Some(u32::from_be_bytes(self.0.get(at..at + 4)?.try_into().ok()?))
    }

    pub fn i32(self, at: usize) -> Option<i32> {
        self.u32(at).map(|v| v as i32)
    }
}

/// The tables of a font: (tag, bytes), in directory order.
pub(crate) fn tables(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let be = BigEndian(font);
    let count = usize::from(be.u16(4)?);
    (0..count)
        .map(|i| {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
            let offset = be.u32(record + 8)? as usize;
            let length = be.u32(record + 12)? as usize;
            Some((tag, font.get(offset..offset + length)?))
        })
        .collect()
}

/// The bytes of table `tag` of a TrueType/OpenType font.
pub(crate) fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    tables(font)?
        .into_iter()
        .find_map(|(t, bytes)| (&t == tag).then_some(bytes))
}

/// The checksum and length of table `tag` in the font's directory.
pub(crate) fn checksum_and_length(font: &[u8], tag: &[u8; 4]) -> Option<(u32, u32)> {
    let be = BigEndian(font);
    (0..usize::from(be.u16(4)?)).find_map(|i| {
        let record = 12 + 16 * i;
        (font.get(record..record + 4)? == tag)
            .then(|| Some((be.u32(record + 4)?, be.u32(record + 12)?)))?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_big_endian_and_out_of_range_is_none() {
        let bytes = [0x00, 0x01, 0xFF, 0xFE, 0x80, 0x00, 0x00, 0x00];
        let be = BigEndian(&bytes);
        assert_eq!(be.u16(0), Some(1));
        assert_eq!(be.i16(2), Some(-2));
        assert_eq!(be.u32(4), Some(0x8000_0000));
        assert_eq!(be.i32(4), Some(i32::MIN));
        assert_eq!(be.u16(7), None);
        assert_eq!(be.u32(6), None);
    }
}
