//! `polypress build`: every selected document × language into out/, in
//! parallel, incrementally, optionally one shard of it, with reports.

use polypress::project::Project;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use polypress::batch::{self, report, select, shard::Shard, Outcome, Status};
use polypress::l10n::Localizer;
use polypress::pdf::PdfStandard;
use polypress::source::model::Kind;

use super::{languages, report as print_diagnostics, resources_for, BAD_INPUT, FAILED, OK};

#[derive(Debug, Args)]
pub struct Build {
    /// Documents to build: folder names or paths under documents/, with * and ? wildcards (default: all).
    documents: Vec<String>,
    /// Output folder [default: out/ of the root].
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Only these languages (comma-separated codes, e.g. en,ru).
    #[arg(long)]
    lang: Option<String>,
    /// Only documents of this kind.
    #[arg(long, value_parser = KINDS)]
    kind: Option<String>,
    /// Parallel jobs (default: the number of cores). On Linux each worker keeps to a CPU of its
    /// own when there is one for each; POLYPRESS_PIN=0 leaves placement to the system.
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Render every job, even those whose inputs did not change.
    #[arg(long)]
    force: bool,
    /// Build only shard K of N (default: from CI_NODE_INDEX/CI_NODE_TOTAL or JOB_COMPLETION_INDEX/JOB_COMPLETIONS).
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Write a report: json=PATH or junit=PATH (repeatable).
    #[arg(long, value_name = "FORMAT=PATH")]
    report: Vec<String>,
    /// Print only failures and the summary.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// The standard the PDFs claim: a-2u (PDF/A-2u, tagged) or none (tagged PDF 1.7).
    /// [default: pdf-standard of polypress.toml, else a-2u]
    #[arg(long, value_name = "STANDARD", value_parser = ["a-2u", "none"])]
    pdf_standard: Option<String>,
}

/// The standard named on the command line, else in polypress.toml, else
/// PDF/A-2u.
pub fn pdf_standard(project: &Project, given: Option<&str>) -> PdfStandard {
    let name = given
        .or(project.config.pdf_standard.as_deref())
        .unwrap_or("a-2u");
    if name == "none" {
        PdfStandard::None
    } else {
        PdfStandard::A2u
    }
}

/// Refuses (exit 2, with the languages there are) a language no locale
/// has; the pseudo-locales count.
pub fn known_languages(
    resources: &polypress::pipeline::Resources,
    langs: Option<&[String]>,
) -> Result<(), u8> {
    let available = resources.localizer.languages();
    if let Some(unknown) = langs
        .unwrap_or_default()
        .iter()
        .find(|l| !available.contains(l))
    {
        let near = available
            .iter()
            .find(|a| a.eq_ignore_ascii_case(unknown))
            .map(|a| format!(" (did you mean `{a}`?)"))
            .unwrap_or_default();
        eprintln!(
            "error: no locale for language `{unknown}`{near}; the languages are {}",
            available.join(", ")
        );
        return Err(BAD_INPUT);
    }
    Ok(())
}

/// What `build` and `render` share.
pub struct Request<'a> {
    pub project: &'a Project,
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub langs: Option<Vec<String>>,
    pub kind: Option<Kind>,
    pub threads: Option<usize>,
    pub force: bool,
    pub shard: Option<Shard>,
    pub reports: Vec<(String, PathBuf)>,
    pub quiet: bool,
    pub pdf_standard: PdfStandard,
}

impl Build {
    pub fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        let documents_dir = root.join("documents");
        let all = match batch::discover(&documents_dir) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", documents_dir.display());
                return BAD_INPUT;
            }
        };
        let paths: Vec<PathBuf> = all
            .into_iter()
            .filter(|p| select::selected(p, &self.documents))
            .collect();
        if paths.is_empty() && !self.documents.is_empty() {
            eprintln!("error: no document matches {}", self.documents.join(", "));
            return BAD_INPUT;
        }
        let shard = match &self.shard {
            Some(text) => Shard::parse(text).map(Some),
            None => Shard::from_environment(|name| std::env::var(name).ok()),
        };
        let shard = match shard {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return BAD_INPUT;
            }
        };
        let reports = match parse_reports(&self.report) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return BAD_INPUT;
            }
        };
        let kind = match self.kind.as_deref().map(parse_kind).transpose() {
            Ok(k) => k,
            Err(e) => {
                eprintln!("error: {e}");
                return BAD_INPUT;
            }
        };
        execute(Request {
            project,
            paths,
            out: project.output(self.out),
            langs: languages(&self.lang).or_else(|| project.config.languages.clone()),
            kind,
            threads: self.jobs.or(project.config.jobs),
            force: self.force,
            shard,
            reports,
            quiet: self.quiet,
            pdf_standard: pdf_standard(project, self.pdf_standard.as_deref()),
        })
    }
}

/// Parses `json=PATH` / `junit=PATH`.
/// The kinds a document.yaml may declare, as `--kind` takes them.
const KINDS: [&str; 6] = [
    "letter",
    "statement",
    "press-release",
    "report",
    "resolution",
    "note",
];

/// A `--kind` value: one of the kinds a document.yaml may declare.
fn parse_kind(text: &str) -> Result<Kind, String> {
    if KINDS.contains(&text) {
        if let Ok(kind) = serde_yaml::from_str::<Kind>(text) {
            return Ok(kind);
        }
    }
    Err(format!(
        "unknown kind `{text}`; the kinds are {}",
        KINDS.join(", ")
    ))
}

fn parse_reports(specs: &[String]) -> Result<Vec<(String, PathBuf)>, String> {
    specs
        .iter()
        .map(|spec| match spec.split_once('=') {
            Some((format @ ("json" | "junit"), path)) if !path.is_empty() => {
                Ok((format.to_owned(), PathBuf::from(path)))
            }
            _ => Err(format!(
                "--report takes json=PATH or junit=PATH, not `{spec}`"
            )),
        })
        .collect()
}

/// Loads, renders, reports; returns the exit code.
pub fn execute(request: Request) -> u8 {
    let mut phases = polypress::timing::Phases::start();
    let threads = process_pool(request.threads);
    // A few documents (a `render`, a small build) are read on the other
    // core while the messages and templates load: most often they are to
    // be rendered, and reading one that is up to date costs only that core.
    let speculate = request.paths.len() <= 2 * threads;
    // Such a build parses at once the locales of its documents' languages
    // alone (any other on first use): most often one of six.
    let declared = match &request.langs {
        None if speculate => batch::declared_languages(&request.paths),
        _ => None,
    };
    let wanted = request.langs.as_deref().or(declared.as_deref());
    let (resources, early) = rayon::join(
        || resources_for(request.project, wanted),
        || {
            speculate.then(|| {
                let locales = Localizer::languages_in(&request.project.house());
                batch::load(&request.paths, &locales)
            })
        },
    );
    let mut resources = match resources {
        Ok(r) => r,
        Err(code) => return code,
    };
    resources.pdf_standard = request.pdf_standard;
    phases.mark("resources");
    if let Err(code) = known_languages(&resources, request.langs.as_deref()) {
        return code;
    }
    // One build per output folder; held until this function returns.
    let _lock = match batch::lock::OutputLock::acquire(&request.out) {
        Ok(lock) => lock,
        Err(d) => {
            print_diagnostics(&[d]);
            return FAILED;
        }
    };
    // Documents whose every selected job is up to date are not loaded.
    let plan = batch::plan::Plan {
        paths: &request.paths,
        out: &request.out,
        selection: batch::Selection {
            languages: request.langs.as_deref(),
            kind: request.kind,
            shard: request.shard,
        },
        force: request.force,
        threads,
    };
    let (fresh, paths) = plan.sort_out(&resources);
    let bar = progress_bar(request.quiet, || {
        fresh.len() + batch::expected_outcomes(&paths, &plan.selection)
    });
    let quiet = request.quiet;
    let on_finish = |o: &Outcome| show_outcome(o, bar.as_ref(), quiet);
    let options = batch::Options {
        out: request.out.clone(),
        threads,
        force: request.force,
        on_finish: &on_finish,
    };
    for o in &fresh {
        on_finish(o);
    }
    let (mut outcomes, mut done) = plan.run(&paths, early, &resources, &options, &|outcome| {
        print_diagnostics(&outcome.diagnostics)
    });
    phases.mark("load and jobs");
    // The process ends soon: its fonts, shaping caches and messages are
    // left to the system rather than freed one allocation at a time (2 %
    // of a one-document render's instructions).
    std::mem::forget(resources);
    phases.report("process", "*");
    // The documents that did not load first, then every job in order.
    done.extend(fresh);
    done.sort_by(|a, b| a.job_id.cmp(&b.job_id));
    outcomes.extend(done);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let shard_text = request.shard.map(|s| s.to_string());
    if let Err(code) = write_reports(&request.reports, &outcomes, shard_text.as_deref()) {
        return code;
    }
    summary(&outcomes, shard_text)
}

/// The threads of a build (those asked for, else the cores), and one pool
/// of them for the whole process: start-up work and the jobs share it (if
/// the calling thread is already a pool's, the jobs get a pool of their
/// own). The calling thread is the pool's first worker, so every rayon
/// call it makes goes to the pool without a global one, and it goes on
/// at once instead of waiting for the other workers to start (as
/// `build_global` does), and its work is not handed to another thread
/// and back. Each worker is kept on a CPU of its own when there is one
/// for each ([`polypress::batch::pinning`]).
fn process_pool(threads: Option<usize>) -> usize {
    let threads =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .stack_size(polypress::batch::WORKER_STACK)
        .use_current_thread();
    let cpus = polypress::batch::pinning::worker_cpus(threads);
    if let Some(cpus) = cpus.clone() {
        pool = pool.start_handler(move |worker| {
            if let Some(&cpu) = cpus.get(worker) {
                polypress::batch::pinning::pin_current_thread(cpu);
            }
        });
    }
    if let Ok(pool) = pool.build() {
        // Kept for the life of the process: dropping it would end its
        // workers, and the calling thread stays its first.
        std::mem::forget(pool);
        // The start handler runs on the spawned workers only.
        if let Some(&cpu) = cpus.as_ref().and_then(|c| c.first()) {
            polypress::batch::pinning::pin_current_thread(cpu);
        }
    }
    threads
}

/// The progress bar of the jobs (`total` of them), on a terminal unless
/// quiet.
fn progress_bar(quiet: bool, total: impl FnOnce() -> usize) -> Option<ProgressBar> {
    (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(total() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
            bar.set_style(style);
        }
        bar
    })
}

/// Shows a finished job: a step of the progress bar, or its line unless
/// quiet; and a failed job's diagnostics.
fn show_outcome(o: &Outcome, bar: Option<&ProgressBar>, quiet: bool) {
    let line = match o.status {
        Status::Failed => None,
        status => Some(format!(
            "{:<10} {} ({} ms)",
            status.name(),
            o.job_id,
            o.millis
        )),
    };
    match bar {
        Some(bar) => {
            bar.inc(1);
            bar.set_message(o.job_id.clone());
        }
        None => {
            if let (false, Some(line)) = (quiet, line) {
                eprintln!("{line}");
            }
        }
    }
    if o.status == Status::Failed {
        let text = super::diagnostics_text(&o.diagnostics);
        match bar {
            Some(bar) => bar.println(text),
            None => eprint!("{text}"),
        }
    }
}

/// Writes the reports asked for (JSON or JUnit) of every job's outcome;
/// exit 1 when one cannot be written.
fn write_reports(
    reports: &[(String, PathBuf)],
    outcomes: &[Outcome],
    shard_text: Option<&str>,
) -> Result<(), u8> {
    for (format, path) in reports {
        let text = if format == "json" {
            report::json(outcomes, shard_text.map(str::to_owned))
        } else {
            report::junit(outcomes)
        };
        if let Err(e) = batch::write_atomic(path, text.as_bytes()) {
            eprintln!(
                "error: cannot write the {format} report {}: {e}",
                path.display()
            );
            return Err(FAILED);
        }
    }
    Ok(())
}

/// The summary of the jobs, the failed ones named, and the exit code: 0,
/// 2 when every failure is the input's, else 1.
fn summary(outcomes: &[Outcome], shard_text: Option<String>) -> u8 {
    let (rendered, up_to_date, failed) = report::summary(outcomes);
    // One write (stderr is unbuffered: `eprintln!` wrote each piece of the
    // line with a system call of its own).
    let line = format!(
        "{} job(s){}: {rendered} rendered, {up_to_date} up to date, {failed} failed\n",
        outcomes.len(),
        shard_text
            .map(|s| format!(" in shard {s}"))
            .unwrap_or_default()
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
    if failed > 0 {
        let mut internal = false;
        for o in outcomes.iter().filter(|o| o.status == Status::Failed) {
            eprintln!("failed: {}", o.job_id);
            internal |= o.diagnostics.iter().any(|d| d.internal);
        }
        // Exit 2 when every failure is the input's (README, "Exit codes").
        if internal {
            FAILED
        } else {
            BAD_INPUT
        }
    } else {
        OK
    }
}
