//! The binary's allocator: mimalloc, called the way its own C interface
//! expects.
//!
//! The `mimalloc` crate passes every allocation to `mi_malloc_aligned`,
//! which for anything over 1 KiB leaves the fast path: a block of a size
//! that is not a power of two is over-allocated by the alignment and
//! aligned within (`alloc-aligned.c`). On the realistic 200-page Arabic
//! report that was 66,870 over-allocations and 26 M instructions. A
//! Rust allocation rarely needs more than a word's alignment, and every
//! block `mi_malloc` returns is aligned to 16 bytes when it is at least
//! 16 bytes long (its size classes are whole double words,
//! `page-queue.c`, `MI_ALIGN2W`): those go to the plain calls, as the
//! standard library's `System` does with `malloc`; the rest keep the
//! aligned ones.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

/// The alignment every `mi_malloc` block of at least this size has.
const PLAIN_ALIGN: usize = 16;

pub struct MiMalloc;

/// Whether the plain calls give `align` for a block of `size` bytes.
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: each call keeps `GlobalAlloc`'s contract by mimalloc's: a block
// of at least the size asked for, aligned as asked (the plain calls only
// where their alignment suffices, see `plain`), freed by `mi_free`.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            mi_malloc(layout.size()).cast()
        } else {
            mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            mi_zalloc(layout.size()).cast()
        } else {
            mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi_free(ptr.cast::<c_void>());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align(), new_size) {
            mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout};

    use super::MiMalloc;

    /// Every size from 1 byte to 64 KiB (then by larger steps), at each
    /// alignment up to a page: allocated, zeroed, grown and shrunk, the
    /// block is aligned as asked and keeps its bytes. Dropping the
    /// `align <= size` condition of `plain` fails it (an 8-byte block
    /// asked at 16).
    #[test]
    fn blocks_are_aligned_as_asked() {
        let sizes = (1..=1024).chain((1025..=65_536).step_by(97)).chain([
            1 << 17,
            (1 << 20) + 3,
            (4 << 20) + 5,
        ]);
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                unsafe {
                    let p = MiMalloc.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "alloc {size} at {align}");
                    p.write_bytes(0xa5, size);
                    let grown = MiMalloc.realloc(p, layout, size * 2 + 1);
                    assert_eq!(grown as usize % align, 0, "grow {size} at {align}");
                    assert!((0..size).all(|i| *grown.add(i) == 0xa5));
                    let bigger = Layout::from_size_align(size * 2 + 1, align).unwrap();
                    let shrunk = MiMalloc.realloc(grown, bigger, size.div_ceil(2));
                    assert_eq!(shrunk as usize % align, 0, "shrink {size} at {align}");
                    assert!((0..size.div_ceil(2)).all(|i| *shrunk.add(i) == 0xa5));
                    let smaller = Layout::from_size_align(size.div_ceil(2), align).unwrap();
                    MiMalloc.dealloc(shrunk, smaller);
                    let z = MiMalloc.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0, "zeroed {size} at {align}");
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    MiMalloc.dealloc(z, layout);
                }
            }
        }
    }
}
