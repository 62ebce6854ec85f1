//! What the unit tests of any stage share.

/// A xorshift generator from `seed`, for the tests' random inputs: each
/// call a number below `n`.
pub(crate) fn random(mut seed: u32) -> impl FnMut(u32) -> u32 {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed % n
    }
}
