//! Searching text by byte, for the characters a stage looks for that are
//! ASCII or begin with a byte of their own.

/// The first index from `from` on where `exact` holds, sixteen bytes at a
/// time first: a stretch of sixteen where `maybe` (which holds wherever
/// `exact` does) holds for no byte is passed over by one test the compiler
/// makes on all sixteen at once. Most stretches of a text have none of
/// what is looked for.
#[inline]
pub(crate) fn find_from(
    bytes: &[u8],
    from: usize,
    maybe: impl Fn(u8) -> bool,
    exact: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 16) {
        let chunk: &[u8; 16] = chunk.try_into().expect("sixteen bytes");
        if chunk.iter().fold(false, |any, &b| any | maybe(b)) {
            if let Some(found) = (at..at + 16).find(|&i| exact(i)) {
                return Some(found);
            }
        }
        at += 16;
    }
    (at..bytes.len()).find(|&i| exact(i))
}

#[cfg(test)]
mod tests {
    /// Random bytes and starts: the index found is the first where the
    /// exact test holds, as a plain search finds it.
    #[test]
    fn finds_what_a_plain_search_finds() {
        let mut next = crate::testing::random(0x0b17_e5ea);
        for _ in 0..3000 {
            let bytes: Vec<u8> = (0..next(80))
                .map(|_| [b'a', b' ', b';', 0xc2, 0xab][next(5) as usize])
                .collect();
            let from = next(bytes.len() as u32 + 1) as usize;
            let exact = |i: usize| bytes[i] == 0xc2 && bytes.get(i + 1) == Some(&0xab);
            let found = super::find_from(&bytes, from, |b| b == 0xc2, exact);
            assert_eq!(
                found,
                (from..bytes.len()).find(|&i| exact(i)),
                "{bytes:?} {from}"
            );
        }
    }
}
