//! Each worker of a build's pool kept on a CPU of its own (Linux).
//!
//! On a virtual machine, which is what a CI runner is, the guest's
//! scheduler often wakes a worker on the CPU of the thread that woke it
//! and leaves it queued there while the other CPU stays idle: a halted
//! virtual CPU looks preempted to the guest, and it avoids one. The two
//! workers of an 8-page render then took turns on one CPU for
//! milliseconds at a time (`perf sched timehist`: 4–7 ms of a 15 ms
//! render spent runnable but waiting, and only 1–4 ms with both workers
//! running). Pinned, each worker has its CPU to itself: the waits fell to
//! under 1 ms and the time with both running rose to about 5 ms. On an idle
//! machine without the quirk, pinning changes nothing measurable.
//!
//! A pool is pinned only when it has at least two workers and no more
//! than the CPUs the process may use, one CPU each, in the order of the
//! allowed set (a container's cpuset is respected), except that the
//! calling thread, the first worker, keeps the CPU it runs on.
//! `POLYPRESS_PIN=0` leaves the placement to the scheduler, for a machine
//! shared with other work.

/// The CPU for each of `threads` workers, when the pool is to be pinned;
/// the first is the one the calling thread runs on, when it is one of
/// them (see `cpus_for`).
pub fn worker_cpus(threads: usize) -> Option<Vec<usize>> {
    let setting = std::env::var_os("POLYPRESS_PIN");
    cpus_for(threads, setting.as_deref(), &allowed_cpus()?, current_cpu())
}

/// The first `threads` of the `allowed` CPUs, when there are enough of
/// them and more than one thread to place, unless `POLYPRESS_PIN` is `0`;
/// `here` first among them, when it is one. The calling thread is the
/// first worker: kept where it runs, pinning it moves nothing, where
/// moving a running thread waits for the other CPU to take it (a wait in
/// most renders, `perf sched`).
fn cpus_for(
    threads: usize,
    setting: Option<&std::ffi::OsStr>,
    allowed: &[usize],
    here: Option<usize>,
) -> Option<Vec<usize>> {
    if setting.is_some_and(|v| v == "0") {
        return None;
    }
    let mut cpus =
        (threads >= 2 && threads <= allowed.len()).then(|| allowed[..threads].to_vec())?;
    if let Some(at) = here.and_then(|here| cpus.iter().position(|&cpu| cpu == here)) {
        cpus.swap(0, at);
    }
    Some(cpus)
}

/// The CPU the calling thread runs on now.
#[cfg(target_os = "linux")]
fn current_cpu() -> Option<usize> {
    // SAFETY: no arguments; -1 on error.
    usize::try_from(unsafe { libc::sched_getcpu() }).ok()
}

#[cfg(not(target_os = "linux"))]
fn current_cpu() -> Option<usize> {
    None
}

/// The CPUs this process may run on.
#[cfg(target_os = "linux")]
fn allowed_cpus() -> Option<Vec<usize>> {
    // SAFETY: a zeroed cpu_set_t is the empty set; sched_getaffinity
    // writes at most its size into it.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    if unsafe { libc::sched_getaffinity(0, size, &mut set) } != 0 {
        return None;
    }
    let count = 8 * size;
    // SAFETY: every index is below the set's capacity in bits.
    Some(
        (0..count)
            .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
            .collect(),
    )
}

#[cfg(not(target_os = "linux"))]
fn allowed_cpus() -> Option<Vec<usize>> {
    None
}

/// Keeps the calling thread on `cpu`; whether the system took it.
#[cfg(target_os = "linux")]
pub fn pin_current_thread(cpu: usize) -> bool {
    // SAFETY: as above; CPU_SET ignores an index past the set's capacity.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    unsafe { libc::CPU_SET(cpu, &mut set) };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // Thread 0 is the calling thread.
    unsafe { libc::sched_setaffinity(0, size, &set) == 0 }
}

#[cfg(not(target_os = "linux"))]
pub fn pin_current_thread(_cpu: usize) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_is_pinned_only_with_a_cpu_for_each_of_two_or_more_workers() {
        let allowed = [0, 1, 4, 5];
        assert_eq!(cpus_for(2, None, &allowed, None), Some(vec![0, 1]));
        assert_eq!(cpus_for(4, None, &allowed, None), Some(vec![0, 1, 4, 5]));
        assert_eq!(cpus_for(1, None, &allowed, None), None);
        assert_eq!(cpus_for(5, None, &allowed, None), None);
        assert_eq!(cpus_for(2, None, &[3], None), None);
    }

    #[test]
    fn the_calling_thread_keeps_its_cpu_when_it_is_one_of_the_pool() {
        let allowed = [0, 1, 4, 5];
        assert_eq!(cpus_for(2, None, &allowed, Some(1)), Some(vec![1, 0]));
        assert_eq!(cpus_for(4, None, &allowed, Some(4)), Some(vec![4, 1, 0, 5]));
        // Not among the CPUs the pool takes: their order stays.
        assert_eq!(cpus_for(2, None, &allowed, Some(5)), Some(vec![0, 1]));
    }

    #[test]
    fn polypress_pin_0_leaves_the_pool_unpinned() {
        let allowed = [0, 1];
        let setting = |v: &'static str| Some(std::ffi::OsStr::new(v));
        assert_eq!(cpus_for(2, setting("0"), &allowed, None), None);
        assert_eq!(cpus_for(2, setting("1"), &allowed, None), Some(vec![0, 1]));
        assert_eq!(cpus_for(2, setting(""), &allowed, None), Some(vec![0, 1]));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_pinned_thread_runs_only_on_its_cpu() {
        let allowed = allowed_cpus().expect("the allowed CPUs");
        assert!(!allowed.is_empty());
        let cpu = *allowed.last().unwrap();
        let (took, now) = std::thread::spawn(move || {
            let took = pin_current_thread(cpu);
            (took, allowed_cpus())
        })
        .join()
        .unwrap();
        assert!(took);
        assert_eq!(now, Some(vec![cpu]));
        // The thread that asked is the one pinned, not the process.
        assert_eq!(allowed_cpus(), Some(allowed));
    }
}
