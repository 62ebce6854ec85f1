//! What the PDF stage keeps between the renders of `watch` and `preview`,
//! which render the same document again and again with most of its pages
//! and fonts unchanged: compressed streams (save.rs) and font subsets
//! (subset.rs), each by a hash of what it was made from.
//!
//! Off unless asked for ([`keep_between_renders`]): `build` and `render`
//! make each stream once. Two generations: what the last render used
//! survives one more, the rest is dropped, so memory stays that of a
//! document or two.

use std::collections::HashMap;
use std::sync::Mutex;

/// A hash of what a kept thing was made from (BLAKE3).
pub(super) type Key = [u8; 32];

struct Generations<V> {
    current: HashMap<Key, V>,
    previous: HashMap<Key, V>,
}

/// Things of one kind kept between renders.
pub(super) struct Kept<V>(Mutex<Option<Generations<V>>>);

impl<V: Clone> Kept<V> {
    pub(super) const fn new() -> Self {
        Kept(Mutex::new(None))
    }

    /// Keeps things from now on; each call starts a new generation.
    fn new_generation(&self) {
        if let Ok(mut kept) = self.0.lock() {
            let kept = kept.get_or_insert_with(|| Generations {
                current: HashMap::new(),
                previous: HashMap::new(),
            });
            kept.previous = std::mem::take(&mut kept.current);
        }
    }

    /// Whether things are kept.
    pub(super) fn is_on(&self) -> bool {
        self.0.lock().is_ok_and(|kept| kept.is_some())
    }

    /// The thing made from `key` by a recent render, if kept.
    pub(super) fn get(&self, key: &Key) -> Option<V> {
        let mut guard = self.0.lock().ok()?;
        let kept = guard.as_mut()?;
        if let Some(found) = kept.current.get(key) {
            return Some(found.clone());
        }
        let found = kept.previous.remove(key)?;
        kept.current.insert(*key, found.clone());
        Some(found)
    }

    /// Keeps `value`, made from `key`, when things are kept.
    pub(super) fn put(&self, key: Key, value: V) {
        if let Ok(mut guard) = self.0.lock() {
            if let Some(kept) = guard.as_mut() {
                kept.current.insert(key, value);
            }
        }
    }

    #[cfg(test)]
    pub(super) fn holds(&self, key: &Key) -> bool {
        self.0.lock().is_ok_and(|kept| {
            kept.as_ref()
                .is_some_and(|k| k.current.contains_key(key) || k.previous.contains_key(key))
        })
    }
}

/// Held by the tests that start generations, which would otherwise drop
/// each other's kept things.
#[cfg(test)]
pub(super) static GENERATIONS_IN_TESTS: Mutex<()> = Mutex::new(());

/// Keeps compressed streams and font subsets from now on, for the next
/// renders to take instead of making the same again (`watch`, `preview`);
/// each call starts a new generation (what no render used since the call
/// before is dropped).
pub fn keep_between_renders() {
    super::save::KEPT_STREAMS.new_generation();
    super::subset::KEPT_SUBSETS.new_generation();
}
