//! Things kept between the renders of `watch` and `preview`, which render
//! the same document again and again with most of it unchanged: set
//! paragraphs (typeset), font subsets and compressed streams (pdf), each
//! by a BLAKE3 hash of what it was made from.
//!
//! Off until a generation is started: `build` and `render` make each thing
//! once. Two generations: what the last render used survives one more,
//! the rest is dropped, so memory stays that of a document or two.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// A hash of what a kept thing was made from.
pub(crate) type Key = [u8; 32];

/// The key of anything hashable: its `Hash` fed to BLAKE3, so equal keys
/// mean equal inputs (a 256-bit collision aside).
pub(crate) fn key_of(value: &impl Hash) -> Key {
    struct Blake3(blake3::Hasher);
    impl Hasher for Blake3 {
        fn write(&mut self, bytes: &[u8]) {
            self.0.update(bytes);
        }
        fn finish(&self) -> u64 {
            0
        }
    }
    let mut hasher = Blake3(blake3::Hasher::new());
    value.hash(&mut hasher);
    *hasher.0.finalize().as_bytes()
}

struct Generations<V> {
    current: HashMap<Key, V>,
    previous: HashMap<Key, V>,
}

/// Things of one kind kept between renders.
pub(crate) struct Kept<V>(Mutex<Option<Generations<V>>>);

impl<V: Clone> Default for Kept<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: Clone> Kept<V> {
    pub(crate) const fn new() -> Self {
        Kept(Mutex::new(None))
    }

    /// Keeps things from now on; each call starts a new generation.
    pub(crate) fn new_generation(&self) {
        if let Ok(mut kept) = self.0.lock() {
            let kept = kept.get_or_insert_with(|| Generations {
                current: HashMap::new(),
                previous: HashMap::new(),
            });
            kept.previous = std::mem::take(&mut kept.current);
        }
    }

    /// Whether things are kept.
    pub(crate) fn is_on(&self) -> bool {
        self.0.lock().is_ok_and(|kept| kept.is_some())
    }

    /// The thing made from `key` by a recent render, if kept.
    pub(crate) fn get(&self, key: &Key) -> Option<V> {
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
    pub(crate) fn put(&self, key: Key, value: V) {
        if let Ok(mut guard) = self.0.lock() {
            if let Some(kept) = guard.as_mut() {
                kept.current.insert(key, value);
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn holds(&self, key: &Key) -> bool {
        self.0.lock().is_ok_and(|kept| {
            kept.as_ref()
                .is_some_and(|k| k.current.contains_key(key) || k.previous.contains_key(key))
        })
    }
}
