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
//! The watch case (`watch.rs`) edits one paragraph of the realistic 8-page
//! English report under `polypress watch` and times each save to the
//! moment the watcher reports the PDF written.

mod realistic;
mod watch;

use polypress::project::Project;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use clap::Args;
use polypress::source::model::{
    Distribution, DutyStation, Facts, JobNumber, Kind, Organ, OrganKind, Segment, Texts,
};

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
}

const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// One measured case.
pub struct Measure {
    case: String,
    pages: usize,
    /// Words of text rendered (0 where not counted).
    words: u64,
    median_ms: f64,
    pages_per_second: f64,
    peak_rss_kib: u64,
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
        let wanted = |name: &str| self.only.as_deref().is_none_or(|o| name.contains(o));
        let mut results = Vec::new();
        let singles = [
            ("8-page", &corpus.short),
            ("200-page", &corpus.long),
            ("8-page realistic", &corpus.realistic_short),
            ("200-page realistic", &corpus.realistic_long),
        ];
        for (size, documents) in singles {
            for lang in LANGUAGES {
                let name = format!("render {size} {lang}");
                if !wanted(&name) {
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
                let mut m = measure(&exe, &name, &args, self.runs, &[output], target);
                m.words = *words;
                results.push(m);
            }
        }
        if wanted("batch 60 realistic") {
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
                &exe,
                "batch 60 realistic --jobs 2",
                &args,
                self.runs,
                &outputs,
                "≥ 3,000 pages/s",
            );
            m.words = corpus.realistic_batch_words;
            results.push(m);
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
        if wanted("batch 100 documents") {
            // The first third of the set: its peak memory against the whole
            // set's shows whether a batch's memory grows with its size.
            let mut args = batch_args(true);
            args.insert(3, "doc-0*".into());
            results.push(measure(
                &exe,
                "batch 100 documents --jobs 2",
                &args,
                self.runs,
                &batch_outputs[..100.min(batch_outputs.len())],
                "memory as for 300",
            ));
        }
        if wanted("batch 300 documents") {
            results.push(measure(
                &exe,
                "batch 300 documents --jobs 2",
                &batch_args(true),
                self.runs,
                &batch_outputs,
                "≥ 3,000 pages/s",
            ));
        }
        if wanted("no-op rebuild") {
            let mut m = measure(
                &exe,
                "no-op rebuild of the 300",
                &batch_args(false),
                self.runs,
                &[],
                "≤ 50 ms",
            );
            m.pages = 0;
            results.push(m);
        }
        if wanted("watch") {
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
            let rows: Vec<_> = results
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "case": m.case, "pages": m.pages, "words": m.words,
                        "ms_per_1000_words": m.ms_per_1000_words(), "median_ms": m.median_ms,
                        "pages_per_second": m.pages_per_second, "peak_rss_kib": m.peak_rss_kib,
                        "output_bytes": m.output_bytes, "target": m.target,
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&rows).unwrap_or_default()
            );
        } else {
            println!(
                "{:<34} {:>6} {:>8} {:>10} {:>8} {:>10} {:>10} {:>10}  target",
                "case", "pages", "words", "median ms", "ms/1kw", "pages/s", "peak MiB", "output KB"
            );
            for m in &results {
                let per_words = m
                    .ms_per_1000_words()
                    .map_or("–".to_owned(), |v| format!("{v:.2}"));
                println!(
                    "{:<34} {:>6} {:>8} {:>10.1} {:>8} {:>10.0} {:>10.1} {:>10.1}  {}",
                    m.case,
                    m.pages,
                    m.words,
                    m.median_ms,
                    per_words,
                    m.pages_per_second,
                    m.peak_rss_kib as f64 / 1024.0,
                    m.output_bytes as f64 / 1000.0,
                    m.target
                );
            }
        }
        OK
    }
}

impl Measure {
    /// Milliseconds per 1,000 words, where the words were counted.
    fn ms_per_1000_words(&self) -> Option<f64> {
        (self.words > 0).then(|| self.median_ms * 1000.0 / self.words as f64)
    }
}

/// Runs the binary `runs` times; the median wall time, the largest peak RSS.
fn measure(
    exe: &Path,
    name: &str,
    args: &[String],
    runs: usize,
    outputs: &[PathBuf],
    target: &'static str,
) -> Measure {
    let mut times = Vec::new();
    let mut peak = 0;
    // One warm-up run, so the file cache and the manifest are as in steady
    // use; a failing case is reported, not measured as fast.
    if let Ok(output) = Command::new(exe).args(args).output() {
        if !output.status.success() {
            eprintln!(
                "warning: `{name}` failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let rss = run_and_measure(exe, args);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        peak = peak.max(rss);
    }
    times.sort_by(f64::total_cmp);
    let median_ms = times[times.len() / 2];
    let mut pages = 0;
    let mut bytes = 0;
    for output in outputs {
        if let Ok(data) = std::fs::read(output) {
            bytes += data.len() as u64;
            pages += lopdf::Document::load_mem(&data)
                .map(|d| d.get_pages().len())
                .unwrap_or(0);
        }
    }
    Measure {
        case: name.to_owned(),
        pages,
        words: 0,
        median_ms,
        pages_per_second: if median_ms > 0.0 {
            pages as f64 / (median_ms / 1000.0)
        } else {
            0.0
        },
        peak_rss_kib: peak,
        output_bytes: bytes,
        target,
    }
}

/// Runs the command and returns the child's peak resident set in KiB
/// (0 where the platform does not say: not Unix).
#[cfg(not(unix))]
fn run_and_measure(exe: &Path, args: &[String]) -> u64 {
    let _ = Command::new(exe)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    0
}

/// Runs the command and returns the child's peak resident set in KiB.
#[cfg(unix)]
fn run_and_measure(exe: &Path, args: &[String]) -> u64 {
    let Ok(mut child) = Command::new(exe)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    else {
        return 0;
    };
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with valid pointers to locals.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if reaped != pid {
        let _ = child.wait();
        return 0;
    }
    // ru_maxrss is in KiB on Linux.
    usage.ru_maxrss.max(0) as u64
}

/// Makes `link` stand for the folder `target`: a symbolic link on Unix, a
/// copy elsewhere (a Windows symbolic link needs a privilege).
fn link_folder(target: &Path, link: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(target, link)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(link)?;
        for entry in std::fs::read_dir(target)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                link_folder(&entry.path(), &link.join(entry.file_name()))?;
            } else {
                std::fs::copy(entry.path(), link.join(entry.file_name()))?;
            }
        }
        Ok(())
    }
}

/// The generated corpus.
struct Corpus {
    /// Root with the single-document cases: by language, the document's
    /// folder and its words.
    root: PathBuf,
    short: BTreeMap<&'static str, (PathBuf, u64)>,
    long: BTreeMap<&'static str, (PathBuf, u64)>,
    realistic_short: BTreeMap<&'static str, (PathBuf, u64)>,
    realistic_long: BTreeMap<&'static str, (PathBuf, u64)>,
    /// Root with the mixed batch of realistic reports, its output file
    /// names and its words.
    realistic_batch_root: PathBuf,
    realistic_batch_outputs: Vec<String>,
    realistic_batch_words: u64,
    /// Root with the 300-document set, and its output file names.
    batch_root: PathBuf,
    batch_outputs: Vec<String>,
}

/// The seed statement's paragraphs in one language.
fn seed_paragraphs(root: &Path, lang: &str) -> std::io::Result<Vec<String>> {
    let path = root
        .join("documents/a-75-906-s-2021-534")
        .join(format!("{lang}.yaml"));
    let text = std::fs::read_to_string(&path)?;
    let texts: Texts = serde_yaml::from_str(&text).map_err(std::io::Error::other)?;
    // Footnote calls are dropped: the generated statements carry no footnotes.
    let without_calls = realistic::without_footnote_calls;
    Ok(texts
        .annexes
        .values()
        .flat_map(|a| a.paragraphs.iter().map(|p| without_calls(&p.text)))
        .collect())
}

fn facts(languages: Vec<String>, original: &str, n: usize) -> Facts {
    Facts {
        kind: Kind::Statement,
        symbols: vec![format!("A/75/{}", 900 + n)],
        job_number: Some(JobNumber::One(format!("21-{:05}", 7000 + n))),
        duty_station: DutyStation::NewYork,
        masthead_date: Some("2021-06-01".into()),
        footer_dates: vec!["2021-06-02".into(), "2021-06-03".into()],
        original_language: original.into(),
        distribution: Distribution::General,
        languages,
        organs: vec![Organ {
            organ: OrganKind::GeneralAssembly,
            session: Some(75),
            year: None,
            agenda_items: Vec::new(),
            body: None,
            session_dates: Vec::new(),
        }],
        letter: None,
        annexes: Vec::new(),
        date: Some("2021-05-19".into()),
        organization: None,
        category: Default::default(),
        word_limit: None,
        numbered_paragraphs: None,
        contents: None,
        resolution: None,
        note_by: None,
        notes: Default::default(),
    }
}

fn write_document(dir: &Path, facts: &Facts, texts: &[(String, Texts)]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_yaml(&dir.join("document.yaml"), facts)?;
    for (lang, t) in texts {
        write_yaml(&dir.join(format!("{lang}.yaml")), t)?;
    }
    Ok(())
}

fn write_yaml<T: serde::Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    std::fs::write(
        path,
        serde_yaml::to_string(value).map_err(std::io::Error::other)?,
    )
}

fn statement_texts(paragraphs: &[String], count: usize) -> Texts {
    Texts {
        title: Some(paragraphs[0].chars().take(80).collect::<String>().into()),
        place: Some("Dushanbe".into()),
        paragraphs: (0..count)
            .map(|i| Segment {
                id: format!("p{i}"),
                text: paragraphs[i % paragraphs.len()].clone().into(),
                source: None,
                ..Segment::default()
            })
            .collect(),
        ..Texts::default()
    }
}

/// Writes the corpus; the same every time.
fn generate(root: &Path, work: &Path) -> std::io::Result<Corpus> {
    let _ = std::fs::remove_dir_all(work);
    let single = work.join("single");
    let batch = work.join("batch");
    let realistic_batch = work.join("realistic-batch");
    for base in [&single, &batch, &realistic_batch] {
        std::fs::create_dir_all(base.join("documents"))?;
        for shared in ["locales", "templates", "fonts"] {
            let target = std::fs::canonicalize(root.join(shared))?;
            link_folder(&target, &base.join(shared))?;
        }
    }
    // Paragraphs per page differ by script (measured on the seed
    // statement's paragraphs); the masthead takes most of page 1.
    let per_page = |lang: &str| match lang {
        "zh" => 11.6,
        "ar" => 9.9,
        "en" => 8.1,
        "fr" => 7.6,
        "es" => 7.3,
        _ => 6.8,
    };
    let paragraphs_for =
        |lang: &str, pages: usize| ((pages as f64 - 0.8) * per_page(lang)).round() as usize;
    let mut short = BTreeMap::new();
    let mut long = BTreeMap::new();
    for (i, lang) in LANGUAGES.into_iter().enumerate() {
        let paragraphs = seed_paragraphs(root, lang)?;
        for (size, pages, map) in [("8-page", 8, &mut short), ("200-page", 200, &mut long)] {
            let dir = single.join("documents").join(format!("{size}-{lang}"));
            let texts = statement_texts(&paragraphs, paragraphs_for(lang, pages));
            let words = polypress::source::submission::word_count(&texts, lang).into();
            write_document(
                &dir,
                &facts(vec![lang.into()], lang, i),
                &[(lang.into(), texts)],
            )?;
            map.insert(lang, (dir, words));
        }
    }
    let mut realistic_short = BTreeMap::new();
    let mut realistic_long = BTreeMap::new();
    let mut pools = BTreeMap::new();
    for (i, lang) in LANGUAGES.into_iter().enumerate() {
        let sentences = realistic::sentences(root, lang)?;
        if sentences.len() < 12 {
            return Err(std::io::Error::other(format!(
                "the documents have only {} sentences in `{lang}`: too few for the realistic cases",
                sentences.len()
            )));
        }
        let cases = [
            ("8-page", 8, &mut realistic_short),
            ("200-page", 200, &mut realistic_long),
        ];
        for (size, pages, map) in cases {
            let dir = single
                .join("documents")
                .join(format!("realistic-{size}-{lang}"));
            let (texts, words) =
                realistic::report_texts(&sentences, lang, pages, pages as u64 + i as u64);
            write_document(
                &dir,
                &realistic::report_facts(lang, i),
                &[(lang.into(), texts)],
            )?;
            map.insert(lang, (dir, words.into()));
        }
        pools.insert(lang, sentences);
    }
    let mut realistic_batch_outputs = Vec::new();
    let mut realistic_batch_words = 0;
    let mut draw = realistic::Draw::new(60);
    for n in 0..60 {
        let lang = LANGUAGES[n % LANGUAGES.len()];
        let id = format!("report-{n:02}");
        let pages = draw.between(1, 12);
        let (texts, words) = realistic::report_texts(&pools[lang], lang, pages, 1000 + n as u64);
        let dir = realistic_batch.join("documents").join(&id);
        write_document(
            &dir,
            &realistic::report_facts(lang, n),
            &[(lang.into(), texts)],
        )?;
        realistic_batch_outputs.push(format!("{id}.{lang}.pdf"));
        realistic_batch_words += u64::from(words);
    }
    let mut batch_outputs = Vec::new();
    for n in 0..300 {
        let lang = LANGUAGES[n % LANGUAGES.len()];
        let paragraphs = seed_paragraphs(root, lang)?;
        // 1 to 8 pages, cycling.
        let count = paragraphs_for(lang, n % 8 + 1).max(1);
        let id = format!("doc-{n:03}");
        let dir = batch.join("documents").join(&id);
        write_document(
            &dir,
            &facts(vec![lang.into()], lang, n),
            &[(lang.into(), statement_texts(&paragraphs, count))],
        )?;
        batch_outputs.push(format!("{id}.{lang}.pdf"));
    }
    Ok(Corpus {
        root: single,
        short,
        long,
        realistic_short,
        realistic_long,
        realistic_batch_root: realistic_batch,
        realistic_batch_outputs,
        realistic_batch_words,
        batch_root: batch,
        batch_outputs,
    })
}
