//! Work nobody waits for: freeing what a stage is done with on another
//! thread, so that the thread which made it goes on with what the user is
//! waiting for (the next stage, the file, the process's end).

/// Drops `value` on another thread of the current pool when there is one
/// (a job of its own there), else at once. What a render is done with (its
/// layout, its pages, the PDF's objects) is hundreds of thousands of
/// allocations, which took a quarter of a millisecond and more of an
/// 8-page render's last serial stretch to free. Freeing changes nothing
/// the program writes; in a process about to end, a value still waiting
/// is left to the system with the rest of its memory.
pub(crate) fn drop<T: Send + 'static>(value: T) {
    if rayon::current_num_threads() > 1 {
        rayon::spawn(move || std::mem::drop(value));
    } else {
        std::mem::drop(value);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// Counts its drops.
    struct Counted(Arc<AtomicUsize>);

    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// A value handed over is dropped, once, on a pool of two threads as
    /// on a pool of one (where it is dropped before the call returns).
    #[test]
    fn a_value_is_dropped_once_whatever_the_pool() {
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let count = Arc::new(AtomicUsize::new(0));
            pool.install(|| super::drop(Counted(count.clone())));
            if threads == 1 {
                assert_eq!(count.load(Ordering::SeqCst), 1);
            }
            // The pool ends once its jobs have run.
            drop(pool);
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while count.load(Ordering::SeqCst) == 0 && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            assert_eq!(count.load(Ordering::SeqCst), 1, "{threads} thread(s)");
        }
    }
}
