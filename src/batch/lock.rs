//! One build at a time per output folder.
//!
//! A build holds an exclusive lock on `<out>/.polypress.lock` (an advisory
//! file lock, released by the system when the process ends, however it
//! ends). A second build on the same folder is refused with a message
//! instead of interleaving its writes with the first's. Holding the lock,
//! the build may remove the temporary files left in the folder: they can
//! only be those of a build that died.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// File name of the lock inside the output folder.
pub(crate) const FILE_NAME: &str = ".polypress.lock";

/// How temporary files of [`super::write_atomic`] end.
pub(crate) const TEMPORARY_SUFFIX: &str = ".tmp";

/// The lock of an output folder, held while this value lives.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
    pub path: PathBuf,
}

impl OutputLock {
    /// Locks `out` (created if needed), then removes the temporaries that
    /// an interrupted build left there.
    pub fn acquire(out: &Path) -> Result<Self, Diagnostic> {
        let path = out.join(FILE_NAME);
        let failed = |e: std::io::Error| {
            Diagnostic::error(format!(
                "cannot lock the output folder {}: {e}",
                out.display()
            ))
            .in_file(&path)
            .with_hint("check that the output folder is writable")
            .internal()
        };
        std::fs::create_dir_all(out).map_err(failed)?;
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(failed)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                let holder = holder.trim();
                return Err(Diagnostic::error(format!(
                    "another polypress build is writing to {}{}",
                    out.display(),
                    if holder.is_empty() {
                        String::new()
                    } else {
                        format!(" (process {holder})")
                    }
                ))
                .in_file(&path)
                .with_hint("wait for it to finish, or give this build its own folder with -o")
                .internal());
            }
            Err(TryLockError::Error(e)) => return Err(failed(e)),
        }
        // Who holds it, for the message above; not needed for the lock.
        // Written over what is there, padded to the longest a process id
        // can be, rather than after truncating the file: emptying a file
        // that has data makes ext4 write its new data out on close
        // (`auto_da_alloc`), and the next build's truncation then frees
        // that block, which on a filesystem mounted with `discard` and no
        // journal waits for the disk (0.24 ms of each build there).
        let _ = file.write_all(holder_line(std::process::id()).as_bytes());
        remove_temporaries(out);
        Ok(OutputLock { _file: file, path })
    }
}

/// The line naming the process that holds the lock: its id, padded with
/// spaces to the same length whatever the id, so that it covers any line
/// written before (the reader trims it).
fn holder_line(pid: u32) -> String {
    format!("{pid:<10}\n")
}

/// Removes the temporary files of [`super::write_atomic`] from `out`:
/// hidden files ending in `.tmp`. Called with the folder locked, so none
/// belongs to a running build.
fn remove_temporaries(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.starts_with('.') && name.ends_with(TEMPORARY_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let out = std::env::temp_dir().join(format!("polypress-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join(".a.pdf.x1y2.tmp"), b"partial").unwrap();
        std::fs::write(out.join("kept.tmp"), b"not ours").unwrap();
        let first = OutputLock::acquire(&out).unwrap();
        assert!(
            !out.join(".a.pdf.x1y2.tmp").exists(),
            "stale temporary swept"
        );
        assert!(out.join("kept.tmp").exists());
        let second = OutputLock::acquire(&out).unwrap_err();
        assert!(
            second.message.contains("another polypress build"),
            "{}",
            second.message
        );
        assert!(second.internal);
        drop(first);
        // The holder's line covers a longer one left by an older build.
        std::fs::write(out.join(FILE_NAME), "4294967295\n").unwrap();
        let third = OutputLock::acquire(&out).unwrap();
        let holder = std::fs::read_to_string(&third.path).unwrap();
        assert_eq!(holder, holder_line(std::process::id()));
        assert_eq!(holder.trim(), std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&out);
    }
}
