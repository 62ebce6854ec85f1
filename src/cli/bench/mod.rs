//! `polypress bench`: generates a corpus deterministically and measures the
//! real binary on it, as a user runs it. Per case: the median wall time
//! over several runs, pages per second, peak memory (RSS of the process)
//! and output bytes.
//!
//! Cases: an 8-page statement per language, a 200-page statement per
//! language, the first 100 and all 300 documents of a mixed set with
//! `--jobs 2` (their peak memory should not differ much), and a no-op
//! rebuild of the 300: the first cases, kept for history. They repeat
//! a few short paragraphs of the seed statement, which flatters the
//! typesetter (word caches hit, short paragraphs break fast).
//!
//! The realistic cases (`realistic.rs`) are reports of varied text, long
//! paragraphs, headings, sub-paragraphs and footnotes: 8 and 200 pages per
//! language, and a mixed batch of 60 reports of 1 to 12 pages in the six
//! languages. Pages per second and milliseconds per 1,000 words make cases
//! of different density comparable.
//!
//! With `--typst COMMAND`, the realistic 8- and 200-page reports are also
//! set by Typst from the same texts and font files (`typst.rs`), and the
//! table ends with Typst ÷ polypress for each.
//!
//! The watch case (`watch.rs`) edits one paragraph of the realistic 8-page
//! English report under `polypress watch` and times each save to the
//! moment the watcher reports the PDF written.

mod corpus;
mod realistic;
mod typst;
mod watch;

use polypress::project::Project;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use clap::Args;
use corpus::{facts, generate, Corpus};

use super::{BAD_INPUT, OK};

#[derive(Debug, Args)]
pub struct Bench {
    /// Runs per case (the median is reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Work folder for the generated corpus (default: a folder under the system's temporary folder).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Only cases whose name contains this text.
    #[arg(long)]
    only: Option<String>,
    /// Also count each case's instructions, in one more run under
    /// valgrind's callgrind (slow; needs valgrind): the figure that does
    /// not move with the machine's load.
    #[arg(long)]
    instructions: bool,
    /// Also render the realistic 8- and 200-page reports with this Typst
    /// command (`typst`, or a path to one), from the same texts and font
    /// files, and print Typst ÷ polypress for each, with how far it moves
    /// from one pair of runs to the next.
    #[arg(long, value_name = "COMMAND")]
    typst: Option<PathBuf>,
}

/// How each case is run: how many timed runs, and whether one more counts
/// instructions.
#[derive(Clone, Copy)]
struct Sampling {
    runs: usize,
    instructions: bool,
}

const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// One measured case.
pub struct Measure {
    case: String,
    pages: usize,
    /// Words of text rendered (0 where not counted).
    words: u64,
    median_ms: f64,
    /// Every timed run's wall time, in the order the runs were taken (the
    /// same round of two alternated cases, the same index).
    runs_ms: Vec<f64>,
    pages_per_second: f64,
    peak_rss_kib: u64,
    /// Page faults of the median run (minor and major).
    page_faults: u64,
    /// Instructions of one run under callgrind, when asked for.
    instructions: Option<u64>,
    output_bytes: u64,
    target: &'static str,
}

impl Bench {
    pub fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        let work = self
            .work
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("polypress-bench"));
        // The corpus is made from the root's documents, locales and fonts.
        let missing: Vec<&str> = ["documents", "locales", "templates", "fonts"]
            .into_iter()
            .filter(|d| !root.join(d).is_dir())
            .collect();
        if !missing.is_empty() {
            eprintln!(
                "error: {} is not a polypress root: it has no {}/",
                root.display(),
                missing.join("/, ")
            );
            eprintln!("  = hint: run from a polypress checkout, or pass --root DIR");
            return BAD_INPUT;
        }
        let corpus = match generate(root, &work) {
            Ok(c) => c,
            Err(e) => {
                eprintln!(
                    "error: cannot generate the benchmark corpus in {}: {e}",
                    work.display()
                );
                return BAD_INPUT;
            }
        };
        let exe = match std::env::current_exe() {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error: cannot find the polypress binary: {e}");
                return BAD_INPUT;
            }
        };
        let mut results = Vec::new();
        self.single_cases(&exe, &corpus, &work, &mut results);
        self.batch_cases(&exe, &corpus, &work, &mut results);
        if self.wanted("watch") {
            let (doc, words) = &corpus.realistic_short["en"];
            match watch::measure(&exe, &corpus.root, doc, &work.join("out-watch"), self.runs) {
                Ok(mut m) => {
                    m.words = *words;
                    results.push(m);
                }
                Err(e) => eprintln!("warning: the watch case failed: {e}"),
            }
        }
        if self.json {
            print_json(&results);
        } else {
            print_table(&results);
        }
        OK
    }

    fn sampling(&self) -> Sampling {
        Sampling {
            runs: self.runs,
            instructions: self.instructions,
        }
    }

    /// Whether the case `name` is to be measured (`--only`).
    fn wanted(&self, name: &str) -> bool {
        self.only.as_deref().is_none_or(|o| name.contains(o))
    }

    /// The single-document cases: each size of statement and of realistic
    /// report rendered alone, in each language.
    fn single_cases(&self, exe: &Path, corpus: &Corpus, work: &Path, results: &mut Vec<Measure>) {
        let singles = [
            ("8-page", &corpus.short),
            ("200-page", &corpus.long),
            ("8-page realistic", &corpus.realistic_short),
            ("200-page realistic", &corpus.realistic_long),
        ];
        for (size, documents) in singles {
            for lang in LANGUAGES {
                let name = format!("render {size} {lang}");
                if !self.wanted(&name) {
                    continue;
                }
                let (doc, words) = &documents[lang];
                let out = work.join("out-single");
                let target = match (size, lang) {
                    ("8-page", "zh") => "≤ 15 ms",
                    (s, _) if s.starts_with("8-page") => "≤ 10 ms",
                    _ => "≤ 100 ms",
                };
                let args = vec![
                    "--root".into(),
                    corpus.root.display().to_string(),
                    "render".into(),
                    doc.display().to_string(),
                    "--lang".into(),
                    lang.into(),
                    "-q".into(),
                    "-o".into(),
                    out.display().to_string(),
                ];
                let output = out.join(format!(
                    "{}.{lang}.pdf",
                    doc.file_name().unwrap_or_default().to_string_lossy()
                ));
                let ours = Case {
                    exe,
                    name: &name,
                    args: &args,
                    sampling: self.sampling(),
                    outputs: std::slice::from_ref(&output),
                    target,
                };
                // Beside Typst, the two take their timed runs in turn.
                let typst = match (&self.typst, size.ends_with("realistic")) {
                    (Some(typst), true) => match typst_source(corpus, doc, lang, work) {
                        Ok(source) => Some((typst, source)),
                        Err(e) => {
                            eprintln!("warning: no Typst figure for {name}: {e}");
                            None
                        }
                    },
                    _ => None,
                };
                let Some((typst, (typst_args, typst_output))) = typst else {
                    let mut m = measure_alternating(&[ours]).remove(0);
                    m.words = *words;
                    results.push(m);
                    continue;
                };
                let typst_name = format!("typst {size} {lang}");
                let theirs = Case {
                    exe: typst,
                    name: &typst_name,
                    args: &typst_args,
                    sampling: Sampling {
                        instructions: false,
                        ..self.sampling()
                    },
                    outputs: std::slice::from_ref(&typst_output),
                    target: "",
                };
                let mut both = measure_alternating(&[ours, theirs]);
                for m in &mut both {
                    m.words = *words;
                }
                let theirs = both.pop();
                results.extend(both);
                match theirs {
                    Some(m) if m.pages > 0 => results.push(m),
                    _ => eprintln!(
                        "warning: no Typst figure for {name}: `{} compile` wrote no PDF at {}",
                        typst.display(),
                        typst_output.display()
                    ),
                }
            }
        }
    }

    /// The batch cases: the 60 realistic reports, the first 100 and all
    /// 300 documents of the mixed set, and a no-op rebuild of the 300.
    fn batch_cases(&self, exe: &Path, corpus: &Corpus, work: &Path, results: &mut Vec<Measure>) {
        if self.wanted("batch 60 realistic") {
            let out = work.join("out-realistic-batch");
            let args = vec![
                "--root".to_owned(),
                corpus.realistic_batch_root.display().to_string(),
                "build".into(),
                "--jobs".into(),
                "2".into(),
                "--force".into(),
                "-q".into(),
                "-o".into(),
                out.display().to_string(),
            ];
            let outputs: Vec<PathBuf> = corpus
                .realistic_batch_outputs
                .iter()
                .map(|n| out.join(n))
                .collect();
            let mut m = measure(
                exe,
                "batch 60 realistic --jobs 2",
                &args,
                self.sampling(),
                &outputs,
                "≥ 3,000 pages/s",
            );
            m.words = corpus.realistic_batch_words;
            results.push(m);
            if let Some(typst) = &self.typst {
                match self.typst_batch(typst, corpus, work) {
                    Ok(mut m) => {
                        m.words = corpus.realistic_batch_words;
                        results.push(m);
                    }
                    Err(e) => eprintln!("warning: no Typst figure for the batch: {e}"),
                }
            }
        }
        let batch_out = work.join("out-batch");
        let batch_args = |force: bool| {
            let mut a = vec![
                "--root".to_owned(),
                corpus.batch_root.display().to_string(),
                "build".into(),
                "--jobs".into(),
                "2".into(),
                "-q".into(),
                "-o".into(),
                batch_out.display().to_string(),
            ];
            if force {
                a.push("--force".into());
            }
            a
        };
        let batch_outputs: Vec<PathBuf> = corpus
            .batch_outputs
            .iter()
            .map(|n| batch_out.join(n))
            .collect();
        if self.wanted("batch 100 documents") {
            // The first third of the set: its peak memory against the whole
            // set's shows whether a batch's memory grows with its size.
            let mut args = batch_args(true);
            args.insert(3, "doc-0*".into());
            results.push(measure(
                exe,
                "batch 100 documents --jobs 2",
                &args,
                self.sampling(),
                &batch_outputs[..100.min(batch_outputs.len())],
                "memory as for 300",
            ));
        }
        if self.wanted("batch 300 documents") {
            results.push(measure(
                exe,
                "batch 300 documents --jobs 2",
                &batch_args(true),
                self.sampling(),
                &batch_outputs,
                "≥ 3,000 pages/s",
            ));
        }
        if self.wanted("no-op rebuild") {
            let mut m = measure(
                exe,
                "no-op rebuild of the 300",
                &batch_args(false),
                self.sampling(),
                &[],
                "≤ 50 ms",
            );
            m.pages = 0;
            results.push(m);
        }
    }

    /// The 60 realistic reports set by Typst, two compiles at a time (as
    /// `xargs -P2` runs them), against `build --jobs 2`.
    fn typst_batch(&self, typst: &Path, corpus: &Corpus, work: &Path) -> std::io::Result<Measure> {
        let folder = work.join("typst-batch");
        let mut jobs = Vec::new();
        let mut outputs = Vec::new();
        for name in &corpus.realistic_batch_outputs {
            let Some((id, lang)) = name.trim_end_matches(".pdf").rsplit_once('.') else {
                continue;
            };
            let doc = corpus.realistic_batch_root.join("documents").join(id);
            let source = typst::write(&doc, lang, &folder)?;
            let output = source.with_extension("pdf");
            jobs.push(typst::compile_args(
                &corpus.root.join("fonts"),
                &source,
                &output,
            ));
            outputs.push(output);
        }
        // One warm-up run, as for every case.
        two_at_a_time(typst, &jobs)?;
        let mut times = Vec::new();
        for _ in 0..self.runs.max(1) {
            let started = Instant::now();
            two_at_a_time(typst, &jobs)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let median_ms = times[times.len() / 2];
        Ok(Measure::timed(
            "typst batch 60 realistic --jobs 2",
            median_ms,
            &outputs,
            "",
        ))
    }
}

/// Runs `command` once per argument list, at most two at a time; an
/// error if any run fails.
fn two_at_a_time(command: &Path, jobs: &[Vec<String>]) -> std::io::Result<()> {
    let mut running: Vec<std::process::Child> = Vec::new();
    let mut next = jobs.iter();
    loop {
        while running.len() < 2 {
            let Some(args) = next.next() else { break };
            let child = Command::new(command)
                .args(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()?;
            running.push(child);
        }
        if running.is_empty() {
            return Ok(());
        }
        // Whichever finishes first frees its slot.
        let finished = loop {
            if let Some(i) = running
                .iter_mut()
                .position(|c| c.try_wait().ok().flatten().is_some())
            {
                break i;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        };
        let mut child = running.swap_remove(finished);
        if !child.wait()?.success() {
            return Err(std::io::Error::other(format!(
                "`{} compile` failed",
                command.display()
            )));
        }
    }
}

/// The pages and bytes of the PDFs at `outputs` (those that exist).
fn pages_and_bytes(outputs: &[PathBuf]) -> (usize, u64) {
    let mut pages = 0;
    let mut bytes = 0;
    for output in outputs {
        if let Ok(data) = std::fs::read(output) {
            bytes += data.len() as u64;
            // The page count alone: loading a 200-page PDF whole took the
            // bench's own memory past what the cases use.
            pages += lopdf::Document::load_metadata_mem(&data)
                .map(|m| m.page_count as usize)
                .unwrap_or(0);
        }
    }
    (pages, bytes)
}

/// The measured cases as JSON, one object per case.
fn print_json(results: &[Measure]) {
    let rows: Vec<_> = results
        .iter()
        .map(|m| {
            serde_json::json!({
                "case": m.case, "pages": m.pages, "words": m.words,
                "ms_per_1000_words": m.ms_per_1000_words(), "median_ms": m.median_ms,
                "runs_ms": m.runs_ms,
                "pages_per_second": m.pages_per_second,
                "peak_rss_kib": (m.peak_rss_kib > 0).then_some(m.peak_rss_kib),
                "page_faults": m.page_faults, "instructions": m.instructions,
                "output_bytes": m.output_bytes, "target": m.target,
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&rows).unwrap_or_default()
    );
}

/// The measured cases as a table, one line per case.
fn print_table(results: &[Measure]) {
    println!(
        "{:<34} {:>6} {:>8} {:>10} {:>8} {:>10} {:>10} {:>8} {:>9} {:>10}  target",
        "case",
        "pages",
        "words",
        "median ms",
        "ms/1kw",
        "pages/s",
        "peak MiB",
        "faults",
        "M instr",
        "output KB"
    );
    for m in results.iter().filter(|m| !m.case.starts_with("typst ")) {
        let per_words = m
            .ms_per_1000_words()
            .map_or("–".to_owned(), |v| format!("{v:.2}"));
        let instructions = m
            .instructions
            .map_or("–".to_owned(), |n| format!("{:.1}", n as f64 / 1e6));
        let peak = match m.peak_rss_kib {
            0 => "–".to_owned(),
            kib => format!("{:.1}", kib as f64 / 1024.0),
        };
        println!(
            "{:<34} {:>6} {:>8} {:>10.1} {:>8} {:>10.0} {:>10} {:>8} {:>9} {:>10.1}  {}",
            m.case,
            m.pages,
            m.words,
            m.median_ms,
            per_words,
            m.pages_per_second,
            peak,
            m.page_faults,
            instructions,
            m.output_bytes as f64 / 1000.0,
            m.target
        );
    }
    let pairs = typst_pairs(results);
    if !pairs.is_empty() {
        println!(
            "\n{:<34} {:>6} {:>10} {:>6} {:>10} {:>10} {:>12}  target",
            "same text, Typst and polypress",
            "pages",
            "Typst ms",
            "pages",
            "ours ms",
            "ratio",
            "pairs 25–75%"
        );
        for (typst, ours) in pairs {
            let spread = paired_ratio_quartiles(&typst.runs_ms, &ours.runs_ms)
                .map_or("–".to_owned(), |(low, high)| {
                    format!("{low:.1}–{high:.1}")
                });
            println!(
                "{:<34} {:>6} {:>10.1} {:>6} {:>10.1} {:>10.1} {:>12}  ≥ 10",
                typst.case.trim_start_matches("typst "),
                typst.pages,
                typst.median_ms,
                ours.pages,
                ours.median_ms,
                typst.median_ms / ours.median_ms,
                spread
            );
        }
    }
}

/// The first and third quartiles of the ratio `theirs[i] / ours[i]` of
/// the runs taken in the same round (nearest rank), when there are at
/// least four rounds: how far the ratio moves with the machine's load,
/// which the ratio of the two medians does not show.
fn paired_ratio_quartiles(theirs: &[f64], ours: &[f64]) -> Option<(f64, f64)> {
    let mut ratios: Vec<f64> = theirs
        .iter()
        .zip(ours)
        .filter(|(_, &o)| o > 0.0)
        .map(|(&t, &o)| t / o)
        .collect();
    if ratios.len() < 4 {
        return None;
    }
    ratios.sort_by(f64::total_cmp);
    let rank = |q: usize| ratios[(q * ratios.len()).div_ceil(4).saturating_sub(1)];
    Some((rank(1), rank(3)))
}

/// Each Typst case with the polypress case of the same report.
fn typst_pairs(results: &[Measure]) -> Vec<(&Measure, &Measure)> {
    results
        .iter()
        .filter_map(|typst| {
            let case = typst.case.strip_prefix("typst ")?;
            let ours = results.iter().find(|m| {
                !m.case.starts_with("typst ")
                    && m.case.strip_prefix("render ").unwrap_or(&m.case) == case
            })?;
            Some((typst, ours))
        })
        .collect()
}

impl Measure {
    /// A case timed alone: its median and its outputs' pages and bytes;
    /// no memory, fault or instruction figures.
    fn timed(case: &str, median_ms: f64, outputs: &[PathBuf], target: &'static str) -> Measure {
        let (pages, output_bytes) = pages_and_bytes(outputs);
        Measure {
            case: case.to_owned(),
            pages,
            words: 0,
            median_ms,
            runs_ms: vec![median_ms],
            pages_per_second: pages as f64 / (median_ms / 1000.0),
            peak_rss_kib: 0,
            page_faults: 0,
            instructions: None,
            output_bytes,
            target,
        }
    }

    /// Milliseconds per 1,000 words, where the words were counted.
    fn ms_per_1000_words(&self) -> Option<f64> {
        (self.words > 0).then(|| self.median_ms * 1000.0 / self.words as f64)
    }
}

/// The report `doc` in `lang` as a Typst source (written from its texts,
/// compiled with the corpus's fonts alone): the `typst compile` arguments
/// and the PDF they write.
fn typst_source(
    corpus: &Corpus,
    doc: &Path,
    lang: &str,
    work: &Path,
) -> std::io::Result<(Vec<String>, PathBuf)> {
    let source = typst::write(doc, lang, &work.join("typst"))?;
    let output = source.with_extension("pdf");
    let args = typst::compile_args(&corpus.root.join("fonts"), &source, &output);
    Ok((args, output))
}

/// One command to time: what `measure` and `measure_alternating` take.
struct Case<'a> {
    exe: &'a Path,
    name: &'a str,
    args: &'a [String],
    sampling: Sampling,
    outputs: &'a [PathBuf],
    target: &'static str,
}

/// Runs the binary `runs` times: the median wall time and its run's page
/// faults; the peak RSS of two runs of its own (`peak_alone`); and the
/// instructions of one more run, when asked for.
fn measure(
    exe: &Path,
    name: &str,
    args: &[String],
    sampling: Sampling,
    outputs: &[PathBuf],
    target: &'static str,
) -> Measure {
    let case = Case {
        exe,
        name,
        args,
        sampling,
        outputs,
        target,
    };
    measure_alternating(&[case]).remove(0)
}

/// As [`measure`] for each case, their timed runs taken in turn (a run of
/// each, the next round in the opposite order): two commands compared
/// see the same phases of the machine's load, which on a shared virtual
/// machine moves the times of either by a third from one minute to the
/// next.
fn measure_alternating(cases: &[Case]) -> Vec<Measure> {
    // One warm-up run each, so the file cache and the manifest are as in
    // steady use; a failing case is reported, not measured as fast.
    for case in cases {
        if let Ok(output) = Command::new(case.exe).args(case.args).output() {
            if !output.status.success() {
                eprintln!(
                    "warning: `{}` failed:\n{}",
                    case.name,
                    String::from_utf8_lossy(&output.stderr)
                );
            }
        }
    }
    let mut times: Vec<Vec<(f64, u64)>> = cases.iter().map(|_| Vec::new()).collect();
    let rounds = cases
        .iter()
        .map(|c| c.sampling.runs.max(1))
        .max()
        .unwrap_or(1);
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..cases.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for i in order {
            if times[i].len() < cases[i].sampling.runs.max(1) {
                let started = Instant::now();
                let usage = run_and_measure(cases[i].exe, cases[i].args);
                times[i].push((started.elapsed().as_secs_f64() * 1000.0, usage.page_faults));
            }
        }
    }
    cases
        .iter()
        .zip(times)
        .map(|(case, mut times)| {
            // The peak resident set from runs of their own: see `peak_alone`.
            let peak = (0..2)
                .filter_map(|_| peak_alone(case.exe, case.args))
                .max()
                .unwrap_or(0);
            if peak == 0 {
                eprintln!(
                    "warning: no peak memory for `{}`: it was not above the bench's own",
                    case.name
                );
            }
            let runs_ms: Vec<f64> = times.iter().map(|t| t.0).collect();
            times.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (median_ms, page_faults) = times[times.len() / 2];
            let instructions = if case.sampling.instructions {
                count_instructions(case.exe, case.args)
            } else {
                None
            };
            let (pages, bytes) = pages_and_bytes(case.outputs);
            Measure {
                case: case.name.to_owned(),
                pages,
                words: 0,
                median_ms,
                runs_ms,
                pages_per_second: if median_ms > 0.0 {
                    pages as f64 / (median_ms / 1000.0)
                } else {
                    0.0
                },
                peak_rss_kib: peak,
                page_faults,
                instructions,
                output_bytes: bytes,
                target: case.target,
            }
        })
        .collect()
}

/// The instructions one run executes, as valgrind's callgrind counts them
/// (`Collected : N`); `None`, with a warning, when valgrind cannot run.
fn count_instructions(exe: &Path, args: &[String]) -> Option<u64> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .args(args)
        .output();
    let counted = output.ok().and_then(|o| {
        String::from_utf8_lossy(&o.stderr).lines().find_map(|line| {
            let (_, n) = line.split_once("Collected : ")?;
            n.trim().parse().ok()
        })
    });
    if counted.is_none() {
        eprintln!("warning: no instruction count: valgrind is not installed or failed");
    }
    counted
}

/// What the kernel says of a finished run.
#[derive(Default)]
struct Usage {
    /// Peak resident set, in KiB.
    peak_rss_kib: u64,
    /// Minor and major page faults.
    page_faults: u64,
}

/// Runs the command (no figures where the platform gives none: not Unix).
#[cfg(not(unix))]
fn run_and_measure(exe: &Path, args: &[String]) -> Usage {
    let _ = Command::new(exe)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    Usage::default()
}

/// The peak resident set of one run, in KiB; `None` where it cannot be
/// told from the bench's own. A child spawned the usual way (vfork)
/// starts with the bench's own peak, since Linux keeps the high-water mark
/// of the address space it leaves at exec: after the 200-page PDFs were
/// read, every later case showed 121 MiB. A forked child starts with the
/// bench's current resident set only, which a figure must exceed.
#[cfg(unix)]
fn peak_alone(exe: &Path, args: &[String]) -> Option<u64> {
    use std::os::unix::process::CommandExt;
    let own = own_resident_kib()?;
    let mut command = Command::new(exe);
    command.args(args);
    // SAFETY: the hook does nothing; its only effect is that the child is
    // made by fork, not vfork.
    unsafe {
        command.pre_exec(|| Ok(()));
    }
    let peak = wait_for(command).peak_rss_kib;
    (peak > own).then_some(peak)
}

#[cfg(not(unix))]
fn peak_alone(_: &Path, _: &[String]) -> Option<u64> {
    None
}

/// The bench's own resident set now, in KiB (Linux: `VmRSS`).
#[cfg(unix)]
fn own_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the command and returns the child's peak resident set and faults.
#[cfg(unix)]
fn run_and_measure(exe: &Path, args: &[String]) -> Usage {
    let mut command = Command::new(exe);
    command.args(args);
    wait_for(command)
}

/// Runs `command` and returns what the kernel says of it.
#[cfg(unix)]
fn wait_for(mut command: Command) -> Usage {
    let Ok(mut child) = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    else {
        return Usage::default();
    };
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with valid pointers to locals.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if reaped != pid {
        let _ = child.wait();
        return Usage::default();
    }
    Usage {
        // ru_maxrss is in KiB on Linux.
        peak_rss_kib: usage.ru_maxrss.max(0) as u64,
        page_faults: (usage.ru_minflt.max(0) + usage.ru_majflt.max(0)) as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::paired_ratio_quartiles;

    #[test]
    fn the_spread_is_the_quartiles_of_each_round_s_ratio() {
        // Ratios 10, 8, 12, 9, 11, 7, 13, 10: sorted 7 8 9 10 10 11 12 13.
        let theirs = [100.0, 80.0, 120.0, 90.0, 110.0, 70.0, 130.0, 100.0];
        let ours = [10.0; 8];
        assert_eq!(paired_ratio_quartiles(&theirs, &ours), Some((8.0, 11.0)));
        // Each run is divided by the one of its own round: a slow phase
        // of the machine slows both, and the ratio stays.
        let theirs = [100.0, 200.0, 100.0, 200.0];
        let ours = [10.0, 20.0, 10.0, 20.0];
        assert_eq!(paired_ratio_quartiles(&theirs, &ours), Some((10.0, 10.0)));
        // Too few rounds for quartiles.
        assert_eq!(paired_ratio_quartiles(&theirs[..3], &ours[..3]), None);
    }
}
