//! The `polypress` command: parses arguments, runs a subcommand, maps the
//! outcome to an exit code (0 all good, 1 a job failed for a reason other
//! than its input, 2 bad input or bad invocation).

// Diagnostics travel only on the error path (see the library).
#![allow(clippy::result_large_err)]

mod cli;

/// mimalloc: small allocations are most of a render's, and it makes them
/// faster than the system allocator (Cargo.toml says how much).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Output piped into `head` and closed early: end quietly, as Unix tools
    // do, instead of panicking on the failed write.
    // SAFETY: restoring the default disposition of one signal at start-up,
    // before any thread exists.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let arguments = cli::Arguments::parse();
    ExitCode::from(cli::run(arguments))
}
