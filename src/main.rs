//! The `polypress` command: parses arguments, runs a subcommand, maps the
//! outcome to an exit code (0 all good, 1 a job failed for a reason other
//! than its input, 2 bad input or bad invocation).

// Diagnostics travel only on the error path (see the library).
#![allow(clippy::result_large_err)]

mod allocator;
mod cli;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod math;

/// mimalloc: small allocations are most of a render's, and it makes them
/// faster than the system allocator (Cargo.toml says how much).
#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;

/// mimalloc's `mi_option_arena_reserve` (`mimalloc.h`, version 3): the
/// address space it reserves for an arena, in KiB (1 GiB by default). The
/// binding crate names only the options of version 2; a test checks this
/// one by the allocator's statistics (tests/it/cli.rs).
#[cfg(target_os = "linux")]
const ARENA_RESERVE: std::ffi::c_int = 23;

#[cfg(target_os = "linux")]
extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Arenas of 64 MiB instead of 1 GiB: mimalloc clears bitmaps in
/// proportion to an arena when it reserves one, and for the first those
/// pages were about 45 of a one-document render's 1,750 page faults. A
/// larger process reserves more arenas as it grows. Set before the first
/// allocation, which reserves the first arena: by a constructor, which
/// the loader runs before `main` and Rust's runtime.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static SMALLER_ARENAS: extern "C" fn() = smaller_arenas;

#[cfg(target_os = "linux")]
extern "C" fn smaller_arenas() {
    // SAFETY: sets one option of the allocator, which does not depend on
    // anything else being initialised.
    unsafe { mi_option_set(ARENA_RESERVE, 64 * 1024) }
}

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    polypress::timing::process_started();
    // Output piped into `head` and closed early: end quietly, as Unix tools
    // do, instead of panicking on the failed write.
    // SAFETY: restoring the default disposition of one signal at start-up,
    // before any thread exists.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let arguments = cli::Arguments::parse();
    let code = cli::run(arguments);
    end(code)
}

/// Ends the process with `code`. On Unix, at once (`_exit`) once the
/// standard streams are flushed: everything the command wrote or locked
/// was closed when it returned, and what a normal exit adds is the
/// allocator's, which frees and hands back to the system, page run by
/// page run, the memory the system is about to take back whole (38
/// `madvise` calls, 0.3–0.4 ms of an 8-page render, with the other core
/// interrupted for each). Unless mimalloc was asked for its statistics,
/// which it prints at a normal exit.
fn end(code: u8) -> ExitCode {
    #[cfg(unix)]
    if !["MIMALLOC_SHOW_STATS", "MIMALLOC_VERBOSE"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
    {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        // SAFETY: ends the process; nothing runs after it.
        unsafe { libc::_exit(i32::from(code)) }
    }
    ExitCode::from(code)
}
