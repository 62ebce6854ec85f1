//! The watch case of `polypress bench`: `polypress watch` runs on one
//! document; one paragraph is edited again and again (two versions of the
//! text, saved in turn), and each save is timed until the watcher reports
//! the PDF written — what a writer waits for between saving and seeing.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Measure;

/// Runs the case `runs` times (after one warm-up save).
pub fn measure(
    exe: &Path,
    root: &Path,
    document: &Path,
    out: &Path,
    runs: usize,
) -> Result<Measure, String> {
    let name = document
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let texts = document.join("en.yaml");
    let original = std::fs::read_to_string(&texts).map_err(|e| e.to_string())?;
    // The first " and " of the body becomes " or ": one word of one
    // paragraph, the page count unchanged.
    let body = original.find("paragraphs:").unwrap_or(0);
    let at = original[body..]
        .find(" and ")
        .map(|i| body + i)
        .ok_or("the report has no “ and ” to edit")?;
    let edited = format!("{} or {}", &original[..at], &original[at + 5..]);
    let mut child = Command::new(exe)
        .arg("--root")
        .arg(root)
        .args(["--color", "never", "watch", &name, "--lang", "en", "-o"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stderr = child.stderr.take().ok_or("no standard error")?;
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |text: &str| -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while let Ok(line) = lines.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            if line.contains(text) {
                return Ok(());
            }
            if line.starts_with("error") {
                return Err(line);
            }
        }
        Err(format!("the watcher did not print “{text}”"))
    };
    let rendered = format!("rendered   {name}.en");
    let result = (|| {
        wait_for("watching")?;
        let mut times = Vec::new();
        for run in 0..=runs.max(1) {
            let text = if run % 2 == 0 { &edited } else { &original };
            let started = Instant::now();
            std::fs::write(&texts, text).map_err(|e| e.to_string())?;
            wait_for(&rendered)?;
            if run > 0 {
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            // Let the file system settle, as between a writer's saves.
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok::<_, String>(times)
    })();
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::write(&texts, &original);
    let mut times = result?;
    times.sort_by(f64::total_cmp);
    let median_ms = times[times.len() / 2];
    let pdf = out.join(format!("{name}.en.pdf"));
    if !pdf.is_file() {
        return Err(format!("{}: no PDF was written", pdf.display()));
    }
    Ok(Measure::timed(
        "watch: one paragraph edited, 8-page en",
        median_ms,
        &[pdf],
        "≤ 10 ms save to PDF",
    ))
}
