//! What the PDF stage keeps between the renders of `watch` and `preview`
//! ([`crate::kept`]): compressed streams (save.rs) and font subsets
//! (subset.rs).

/// Held by the tests that start generations, which would otherwise drop
/// each other's kept things.
#[cfg(test)]
pub(super) static GENERATIONS_IN_TESTS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Keeps compressed streams and font subsets from now on, for the next
/// renders to take instead of making the same again (`watch`, `preview`);
/// each call starts a new generation (what no render used since the call
/// before is dropped).
pub fn keep_between_renders() {
    super::save::KEPT_STREAMS.new_generation();
    super::subset::KEPT_SUBSETS.new_generation();
}
