//! Helpers shared by the integration tests: the repository, scratch
//! folders, copies of documents and the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (documents/, locales/, templates/, fonts/).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An empty scratch folder for one test, unique to this process, in the
/// system's temporary folder: outside any checkout, as a user's document
/// repository is (the target folder would put the checkout above it).
pub fn scratch(name: &str) -> PathBuf {
    static SWEPT: std::sync::Once = std::sync::Once::new();
    let base = std::env::temp_dir();
    SWEPT.call_once(|| sweep(&base));
    let dir = base.join(format!("polypress-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Removes the scratch folders of test runs that have ended (their
/// process is gone), so runs do not pile up in the temporary folder (5,600
/// folders, 19 GB, after a day of runs).
fn sweep(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix("polypress-")
            .and_then(|rest| rest.rsplit('-').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid {
            if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs polypress with `--root root` and `args`.
pub fn polypress(root: &Path, args: &[&str]) -> Output {
    unsharded(
        Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg("--root")
            .arg(root),
    )
    .args(args)
    .output()
    .expect("the binary runs")
}

/// A command without the CI system's shard variables, which `build` reads.
pub fn unsharded(command: &mut Command) -> &mut Command {
    command
        .env_remove("CI_NODE_INDEX")
        .env_remove("CI_NODE_TOTAL")
        .env_remove("JOB_COMPLETION_INDEX")
        .env_remove("JOB_COMPLETIONS")
}

/// Asserts that a run of the binary exited 0, showing its standard error
/// when it did not.
pub fn assert_succeeded(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The exit code and standard error of an output.
pub fn code_and_stderr(output: &Output) -> (i32, String) {
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// xorshift64*: a small deterministic generator for generated inputs.
pub struct Random(pub u64);

impl Random {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A long-running child (`watch`, `preview`, a browser), killed when
/// dropped, its standard error read line by line.
pub struct Running {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    pub fn start(command: &mut Command) -> Running {
        use std::io::BufRead;
        let mut child = command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the program starts");
        let stderr = child.stderr.take().expect("piped");
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The lines read until one contains `text` (that one last); panics
    /// with everything printed when none does within a minute (a debug
    /// build renders slowly, not that slowly).
    pub fn wait_for(&mut self, text: &str) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let mut got = Vec::new();
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
        {
            self.seen.push(line.clone());
            got.push(line.clone());
            if line.contains(text) {
                return got;
            }
        }
        panic!(
            "no line with {text:?}; the program printed:\n{}",
            self.seen.join("\n")
        );
    }

    /// The first line containing `text`.
    pub fn line_with(&mut self, text: &str) -> String {
        self.wait_for(text).pop().unwrap_or_default()
    }

    /// The lines printed within `quiet` from now.
    pub fn lines_within(&mut self, quiet: std::time::Duration) -> Vec<String> {
        let deadline = std::time::Instant::now() + quiet;
        let mut got = Vec::new();
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
        {
            self.seen.push(line.clone());
            got.push(line);
        }
        got
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every seed document of the checkout in all its languages, built once
/// for the whole test binary and shared by the tests that only read it.
pub fn seed_pdfs() -> &'static Path {
    static OUT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let out = scratch("seeds");
        let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg("--root")
            .arg(repo())
            .args(["build", "-o"])
            .arg(&out)
            .output()
            .expect("the binary runs");
        assert_succeeded(&output);
        out
    })
}

/// The text of a PDF in reading order, from `pdftotext`.
pub fn pdftotext(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed; .ci/run installs it");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text of each page of a PDF as mupdf's `mutool draw -F txt` gives
/// it: a second reader beside poppler, which keeps the order glyphs are
/// drawn in (right-to-left text comes out in visual order).
pub fn mutool_pages(pdf: &Path) -> Vec<String> {
    let output = Command::new("mutool")
        .args(["draw", "-q", "-F", "txt", "-o", "-"])
        .arg(pdf)
        .output()
        .expect("mutool (mupdf-tools) is installed; .ci/run installs it");
    assert!(output.status.success(), "mutool draw {}", pdf.display());
    let text = String::from_utf8(output.stdout).expect("mutool writes UTF-8");
    // A form feed ends each page.
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|last| last.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// A word's box on a page, from `pdftotext -bbox`.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
}

/// Whether poppler's `pdftotext` is here (`.ci/run` installs it); the
/// tests that read PDFs back skip, with a message, where it is not.
pub fn have_pdftotext() -> bool {
    let here = Command::new("pdftotext").arg("-v").output().is_ok();
    if !here {
        eprintln!("skipped: no pdftotext (poppler-utils); .ci/run installs it");
    }
    here
}

/// The pages (width, height) and words of a PDF, from `pdftotext -bbox`.
pub fn words(pdf: &Path) -> (Vec<(f32, f32)>, Vec<Word>) {
    let output = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed; .ci/run installs it");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    let html = String::from_utf8_lossy(&output.stdout);
    let attribute = |line: &str, name: &str| -> f32 {
        let start = line.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let end = start + line[start..].find('"').expect("closing quote");
        line[start..end].parse().expect("a number")
    };
    let mut pages = Vec::new();
    let mut words = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            pages.push((attribute(line, "width"), attribute(line, "height")));
        } else if line.starts_with("<word ") {
            let text = line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_owned();
            words.push(Word {
                page: pages.len() - 1,
                text,
                x_min: attribute(line, "xMin"),
                y_min: attribute(line, "yMin"),
                x_max: attribute(line, "xMax"),
                y_max: attribute(line, "yMax"),
            });
        }
    }
    (pages, words)
}

/// The one overprint check of the suite (property, structure and
/// typography tests use it).
/// Asserts that no word of any page overprints another (their boxes
/// overlap by more than a sliver) or leaves the page.
pub fn assert_no_overprint(pdf: &Path) {
    let (pages, words) = words(pdf);
    assert!(!words.is_empty(), "{}: no text", pdf.display());
    if let Some(problem) = overprint(&pages, &words) {
        panic!("{}: {problem}", pdf.display());
    }
}

/// The first word that leaves its page or overprints another, if any.
pub fn overprint(pages: &[(f32, f32)], words: &[Word]) -> Option<String> {
    for word in words {
        let (width, height) = pages[word.page];
        if !(word.x_min >= 0.0 && word.y_min >= 0.0 && word.x_max <= width && word.y_max <= height)
        {
            return Some(format!("`{}` leaves page {}", word.text, word.page + 1));
        }
    }
    // A word's box is the font's full height (Noto Naskh Arabic's is far
    // taller than its 12 pt leading), so boxes of consecutive lines
    // overlap: compare the middle band of each box, around the x-height,
    // where the ink of two words on one spot would meet.
    let band = |w: &Word| {
        let middle = (w.y_min + w.y_max) / 2.0;
        let half = (w.y_max - w.y_min) * 0.2;
        (middle - half, middle + half)
    };
    for (i, a) in words.iter().enumerate() {
        for b in words[i + 1..].iter().take_while(|b| b.page == a.page) {
            let ((a_top, a_bottom), (b_top, b_bottom)) = (band(a), band(b));
            let x = (a.x_max.min(b.x_max) - a.x_min.max(b.x_min)).max(0.0);
            let y = (a_bottom.min(b_bottom) - a_top.max(b_top)).max(0.0);
            let smaller = ((a.x_max - a.x_min) * (a_bottom - a_top))
                .min((b.x_max - b.x_min) * (b_bottom - b_top))
                .max(0.01);
            if x * y >= 0.25 * smaller {
                return Some(format!(
                    "page {}: `{}` overprints `{}`",
                    a.page + 1,
                    a.text,
                    b.text
                ));
            }
        }
    }
    None
}
