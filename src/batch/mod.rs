//! Batch rendering for CI: one job per (document, language), run in
//! parallel on shared read-only resources, skipped when nothing it depends
//! on changed (`manifest.rs`), restricted to a shard (`shard.rs`) or a
//! selection (`select.rs`), reported as JSON or JUnit (`report.rs`). A
//! failing job never stops the others, and no output path ever holds a
//! partial file.

mod freshness;
pub mod lock;
pub mod manifest;
pub mod pinning;
pub mod plan;
pub mod report;
pub mod select;
pub mod shard;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::language::Language;
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::pipeline::{self, Resources};
use crate::source::{load_document, Document};
use freshness::HouseInputs;
use manifest::{Entry, Manifest};

pub use freshness::up_to_date;

/// The stack of each thread that renders: that of the main thread on
/// Linux, so an input is refused or rendered alike whether `check` reads
/// it on the main thread or a build's worker does, and the fuzz targets
/// run on a thread of this size too (`fuzz::on_worker_stack`).
pub const WORKER_STACK: usize = 8 << 20;

/// The document folders under `dir` (those holding a `document.yaml`), sorted.
pub fn discover(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("document.yaml").is_file())
        .collect();
    found.sort();
    Ok(found)
}

/// Loads documents; those that fail come back with their diagnostics.
pub fn load(
    paths: &[PathBuf],
    locales: &[String],
) -> (Vec<Document>, Vec<(PathBuf, Vec<Diagnostic>)>) {
    let results: Vec<_> = paths
        .par_iter()
        .map(|p| (p.clone(), load_document(p, locales)))
        .collect();
    let mut documents = Vec::new();
    let mut failures = Vec::new();
    for (path, result) in results {
        match result {
            Ok(d) => documents.push(d),
            Err(e) => failures.push((path, e)),
        }
    }
    (documents, failures)
}

/// One unit of work.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    pub document: &'a Document,
    pub lang: String,
}

impl Job<'_> {
    /// `document-id.lang`, also the output file stem.
    pub fn id(&self) -> String {
        format!("{}.{}", self.document.id, self.lang)
    }
}

/// The jobs for `documents`, restricted to `languages` when given, sorted
/// by id.
pub fn jobs<'a>(documents: &'a [Document], languages: Option<&[String]>) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for document in documents {
        // Pseudo-locales only when asked for, for documents with English.
        for lang in job_languages(&document.facts.languages, languages) {
            jobs.push(Job { document, lang });
        }
    }
    jobs.sort_by_key(|j| j.id());
    jobs
}

/// What became of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Rendered,
    /// Inputs and output unchanged since the last build: skipped.
    UpToDate,
    Failed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Rendered => "rendered",
            Status::UpToDate => "up-to-date",
            Status::Failed => "failed",
        }
    }
}

/// The outcome of one job (or of a document that did not load).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub job_id: String,
    pub document: String,
    /// `*` for a document that did not load.
    pub lang: String,
    pub status: Status,
    pub output: Option<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    pub millis: u128,
}

impl Outcome {
    /// Outcome for a document whose sources did not load.
    pub(crate) fn not_loaded(path: &Path, diagnostics: Vec<Diagnostic>) -> Self {
        let document = crate::source::document_id(path);
        Outcome {
            job_id: document.clone(),
            document,
            lang: "*".into(),
            status: Status::Failed,
            output: None,
            diagnostics,
            millis: 0,
        }
    }
}

/// How to run a batch.
pub struct Options<'a> {
    pub out: PathBuf,
    pub threads: usize,
    /// Render even jobs whose inputs did not change.
    pub force: bool,
    /// Called as each job finishes, from the worker thread.
    pub on_finish: &'a (dyn Fn(&Outcome) + Sync),
}

/// Renders the jobs, skipping those that are up to date, and updates the
/// manifest. Outcomes come back in job order.
pub fn run(jobs: &[Job], resources: &Resources, options: &Options) -> Vec<Outcome> {
    let mut phases = crate::timing::Phases::start();
    let out = &options.out;
    let previous = Manifest::read(out);
    // Each finished job is recorded as it lands, so a killed build's
    // successor renders only what is missing.
    let _ = std::fs::create_dir_all(out);
    let shared = Shared {
        resources,
        options,
        // A build of one job keeps no journal: the job's record would be
        // folded into the manifest written right after it (a kill in
        // between costs that job's render either way), and opening,
        // appending to and emptying the file were three system calls on
        // the path to the end of a `render`.
        journal: (jobs.len() > 1)
            .then(|| manifest::Journal::open(out))
            .flatten(),
        house: std::sync::OnceLock::new(),
        previous,
        updates: Mutex::new(Vec::new()),
        replaced: Mutex::new(Replaced(None)),
    };
    phases.mark("manifest read");
    // The templates of the kinds to render are parsed on one thread
    // while the first jobs hash their inputs and build their contexts on
    // the other (Handlebars takes 2,000 instructions a byte of template);
    // then the forms of the page-1 marks are drawn and compressed, which
    // the PDF stage needs last.
    let kinds: BTreeSet<&str> = jobs.iter().map(|j| j.document.facts.kind.name()).collect();
    let prepare = || {
        kinds
            .par_iter()
            .for_each(|kind| resources.templates.prepare(kind));
        if !jobs.is_empty() {
            crate::pdf::graphic_form(&resources.marks.emblem);
            crate::pdf::graphic_form(&resources.marks.recycle);
        }
    };
    let render = || jobs.par_iter().map(|job| shared.job(job)).collect();
    let work = || rayon::join(prepare, render).1;
    // The global pool when it has the threads asked for (the CLI sets it
    // up so), else a pool of that many.
    let threads = options.threads.max(1);
    let outcomes: Vec<Outcome> = if rayon::current_num_threads() == threads {
        work()
    } else {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .stack_size(WORKER_STACK)
            .build()
        {
            Ok(pool) => {
                phases.mark("pool");
                pool.install(work)
            }
            Err(_) => work(),
        }
    };
    phases.mark("work");
    let Shared {
        previous,
        journal,
        updates,
        replaced,
        ..
    } = shared;
    // The last file replaced is removed on another thread while the
    // manifest is written.
    let replaced = replaced.into_inner().unwrap_or(Replaced(None));
    rayon::join(
        move || drop(replaced),
        || {
            let updates = updates.into_inner().unwrap_or_default();
            let failed: Vec<&str> = outcomes
                .iter()
                .filter(|o| o.status == Status::Failed)
                .map(|o| o.job_id.as_str())
                .collect();
            if !updates.is_empty() || !failed.is_empty() {
                let mut manifest = previous;
                manifest.version = 1;
                manifest.polypress = Some(format!("polypress {}", crate::house::version_line()));
                for id in failed {
                    manifest.jobs.remove(id);
                }
                for (id, mut entry, uses) in updates {
                    entry.uses = Some(manifest.add_uses(&uses));
                    manifest.jobs.insert(id, entry);
                }
                manifest.prune_uses();
                // A manifest that cannot be written only costs a rebuild next time;
                // the journal is emptied only once its records are in the manifest.
                if manifest.write(out).is_ok() {
                    match &journal {
                        Some(journal) => journal.clear(),
                        // One a killed build left, read in with the manifest.
                        None => manifest::Journal::clear_left(out),
                    }
                }
            }
        },
    );
    phases.mark("manifest write");
    phases.report("batch", "*");
    outcomes
}

/// What the jobs of one run share.
struct Shared<'a> {
    resources: &'a Resources,
    options: &'a Options<'a>,
    /// The manifest as the run found it.
    previous: Manifest,
    journal: Option<manifest::Journal>,
    /// What every job depends on besides its document.
    /// Made by the first job, while the templates are parsed on the
    /// other core.
    house: std::sync::OnceLock<HouseInputs>,
    /// The manifest entries of the jobs rendered so far.
    updates: Mutex<Vec<(String, Entry, Vec<String>)>>,
    /// The file the last job to finish replaced ([`write_replacing`]).
    replaced: Mutex<Replaced>,
}

impl Shared<'_> {
    /// One job: skipped when up to date, else rendered, written and
    /// recorded in the journal; reported to `on_finish` either way.
    fn job(&self, job: &Job) -> Outcome {
        let started = Instant::now();
        let id = job.id();
        let path = self.options.out.join(format!("{id}.pdf"));
        let mut phases = crate::timing::Phases::start();
        // The texts as loaded, which are what the job renders, whatever
        // is saved over them meanwhile.
        let texts = job
            .document
            .texts
            .get(Language::of(&job.lang).texts_tag())
            .map(|(_, file)| file.text.as_str());
        let house = || self.house.get_or_init(|| HouseInputs::of(self.resources));
        let hash = || {
            house().hash(
                job.document.facts.kind.name(),
                Some(&job.document.facts_file.text),
                texts,
                &job.lang,
            )
        };
        let render = || {
            let rendered = render_one(job, self.resources, &path);
            phases.mark("render and write");
            phases.report(&id, "");
            rendered
        };
        // A job rendered whatever its inputs (forced, or new to the
        // manifest) only records their hash: made on the other core while
        // the job begins (its markup is made on one), not before it.
        let must_render = self.options.force || !self.previous.jobs.contains_key(&id);
        let (inputs, rendered) = if must_render {
            let (rendered, inputs) = rayon::join(render, hash);
            (inputs, Some(rendered))
        } else {
            let inputs = hash();
            let up_to_date = house().is_up_to_date(
                &self.previous,
                self.resources,
                &id,
                &job.lang,
                &inputs,
                &path,
            );
            let rendered = (!up_to_date).then(render);
            (inputs, rendered)
        };
        let (status, diagnostics) = match rendered {
            None => (Status::UpToDate, Vec::new()),
            Some(Ok(Written {
                output,
                uses,
                messages,
                replaced,
            })) => {
                // The file this job replaced waits for the next job to
                // finish, or for the manifest (`run`): then removing it
                // costs no job its time.
                let earlier = self
                    .replaced
                    .lock()
                    .map(|mut waiting| std::mem::replace(&mut *waiting, replaced));
                drop(earlier);
                let entry = Entry {
                    inputs,
                    output,
                    stamp: Some(manifest::stamp(&path)),
                    uses: Some(manifest::uses_key(&uses)),
                    messages: Some(messages),
                };
                if let Some(journal) = &self.journal {
                    journal.record(&id, Some(&entry), Some(&uses));
                }
                if let Ok(mut u) = self.updates.lock() {
                    u.push((id.clone(), entry, uses));
                }
                (Status::Rendered, Vec::new())
            }
            Some(Err(d)) => {
                if let Some(journal) = &self.journal {
                    journal.record(&id, None, None);
                }
                (Status::Failed, vec![d])
            }
        };
        let outcome = Outcome {
            job_id: id,
            document: job.document.id.clone(),
            lang: job.lang.clone(),
            status,
            output: (status != Status::Failed).then_some(path),
            diagnostics,
            millis: started.elapsed().as_millis(),
        };
        (self.options.on_finish)(&outcome);
        outcome
    }
}

/// A job's PDF written, with what its manifest entry records of it.
struct Written {
    /// The fingerprint of the PDF: its trailer `/ID`, a hash of the file
    /// (read, not hashed again).
    output: String,
    /// The messages the render used.
    uses: Vec<String>,
    /// The fingerprint of those messages (`freshness::used_fingerprint`).
    messages: String,
    /// The PDF the job replaced, removed where no job waits for it.
    replaced: Replaced,
}

/// Renders one job and writes it atomically.
///
/// The manifest's fingerprint of the messages the job used is made
/// beside the typesetting, from those the job's recording holds once the
/// layout is made (the templates are all that format messages), and taken
/// at the end only if they are still exactly the job's; else it is made
/// again from the job's own. Made at the end, it had been 0.1–0.2 ms of a
/// one-document render, one core working and the other asleep (handed to
/// that core while the file was written, still 0.1 ms).
fn render_one(job: &Job, resources: &Resources, path: &Path) -> Result<Written, Diagnostic> {
    let mut phases = crate::timing::Phases::start();
    let early: std::sync::OnceLock<(Vec<String>, String)> = std::sync::OnceLock::new();
    let (bytes, uses) = rayon::scope(|scope| {
        crate::l10n::uses::recording(|| {
            pipeline::render_then(job.document, &job.lang, resources, || {
                let messages = freshness::messages_among(&crate::l10n::uses::recorded_so_far());
                let early = &early;
                scope.spawn(move |_| {
                    early.get_or_init(|| {
                        let fingerprint =
                            freshness::messages_fingerprint(resources, &job.lang, &messages);
                        (messages, fingerprint)
                    });
                });
            })
        })
    });
    phases.mark("render");
    let bytes = bytes?;
    let written = write_replacing(path, &bytes);
    let known = early
        .get()
        .map(|(made_for, fingerprint)| (made_for.as_slice(), fingerprint.as_str()));
    let (messages, taken) = freshness::used_fingerprint_given(resources, &job.lang, &uses, known);
    phases.mark(if taken {
        "write (messages fingerprinted beside the typesetting)"
    } else {
        "write and fingerprint the messages"
    });
    phases.report("write", &job.lang);
    let replaced = written.map_err(|e| {
        Diagnostic::error(format!("cannot write {}: {e}", path.display()))
            .in_file(path)
            .with_hint("check that the output folder is writable")
            .internal()
    })?;
    let output = crate::pdf::id_of(&bytes).unwrap_or_else(|| manifest::hash_bytes(&bytes));
    Ok(Written {
        output,
        uses,
        messages,
        replaced,
    })
}

/// Which jobs a build selects: languages, kind and shard.
pub struct Selection<'a> {
    pub languages: Option<&'a [String]>,
    pub kind: Option<crate::source::model::Kind>,
    pub shard: Option<shard::Shard>,
}

/// The languages of a document's jobs: its own (those selected), and the
/// selected pseudo-locales when it has English.
fn job_languages(facts_languages: &[String], selected: Option<&[String]>) -> Vec<String> {
    let mut langs: Vec<String> = facts_languages
        .iter()
        .filter(|l| selected.is_none_or(|s| s.contains(l)))
        .cloned()
        .collect();
    if facts_languages
        .iter()
        .any(|l| Language::of(l).is_pseudo_source())
    {
        langs.extend(
            selected
                .into_iter()
                .flatten()
                .filter(|l| crate::l10n::pseudo::is_pseudo(l))
                .cloned(),
        );
    }
    langs
}

/// What a `document.yaml` declares of its jobs: its kind and languages.
#[derive(serde::Deserialize)]
struct Declared {
    kind: Option<crate::source::model::Kind>,
    #[serde(default)]
    languages: Vec<String>,
}

/// The declarations of `dir`'s `document.yaml`, when they read (the load
/// reports the file that does not).
fn declared(dir: &Path) -> Option<Declared> {
    std::fs::read_to_string(dir.join("document.yaml"))
        .ok()
        .filter(|t| {
            crate::source::locate::first_alias(t).is_none()
                && crate::source::locate::too_deep(t).is_none()
        })
        .and_then(|t| serde_yaml::from_str::<Declared>(&t).ok())
}

/// Every language the documents at `paths` declare, in order, once each;
/// `None` if a `document.yaml` does not read or declares none (then every
/// language may be needed). For a small build, whose locales are parsed
/// beside the first loads: only these are parsed at once, any other on
/// first use.
pub fn declared_languages(paths: &[PathBuf]) -> Option<Vec<String>> {
    let mut languages: Vec<String> = Vec::new();
    for dir in paths {
        let declared = declared(dir)?;
        if declared.languages.is_empty() {
            return None;
        }
        for lang in declared.languages {
            if !languages.contains(&lang) {
                languages.push(lang);
            }
        }
    }
    Some(languages)
}

/// How many outcomes a build of `paths` will report: its jobs (by the
/// languages each `document.yaml` declares, selected), or one for a
/// document whose facts do not read. Reads only `document.yaml`; for the
/// progress bar's total, known from the start.
pub fn expected_outcomes(paths: &[PathBuf], selection: &Selection) -> usize {
    paths
        .par_iter()
        .map(|dir| {
            let Some(declared) = declared(dir) else {
                // Reported as one failure, when in the shard.
                let shown = dir.display().to_string();
                return usize::from(selection.shard.as_ref().is_none_or(|s| s.contains(&shown)));
            };
            if selection
                .kind
                .is_some_and(|k| declared.kind.is_some_and(|d| d != k))
            {
                return 0;
            }
            let document = crate::source::document_id(dir);
            job_languages(&declared.languages, selection.languages)
                .iter()
                .filter(|lang| {
                    selection
                        .shard
                        .as_ref()
                        .is_none_or(|s| s.contains(&format!("{document}.{lang}")))
                })
                .count()
        })
        .sum()
}

/// Writes `bytes` to a temporary file beside `path`, then puts it in
/// place (swapped with the file there, or renamed), so `path` never holds
/// a partial file. The temporary is created exclusively
/// under a random name (never through a planted link), with the
/// permissions of the file it replaces, or the usual ones for a new file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_replacing(path, bytes).map(std::mem::drop)
}

/// The file a write replaced, under a temporary name beside the new one
/// ([`write_replacing`]): removed when dropped.
pub(crate) struct Replaced(#[allow(dead_code)] Option<tempfile::NamedTempFile>);

/// As [`write_atomic`], leaving the file replaced to the caller, who
/// removes it by dropping it, where that costs least: removing a file
/// frees its blocks, which on a file system mounted with `discard` waited
/// 0.16–0.29 ms for the device here, once the file was more than a few
/// seconds old. A build removes the PDF a job replaced when the next job
/// finishes, the last one while it writes its manifest (`run`).
pub(crate) fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<Replaced> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}.");
    builder.prefix(&prefix).suffix(lock::TEMPORARY_SUFFIX);
    // The path looked at once: a file there is what is replaced (a link
    // is followed for its target's permissions alone).
    let there = std::fs::symlink_metadata(path).ok();
    let replacing = there.as_ref().is_some_and(|m| m.is_file());
    let permissions = match there {
        Some(m) if m.is_file() => Some(m.permissions()),
        _ => std::fs::metadata(path).map(|m| m.permissions()).ok(),
    };
    #[cfg(unix)]
    let permissions = permissions.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        // Less the umask, as for any new file.
        Some(std::fs::Permissions::from_mode(0o666))
    });
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    // No fsync: the rename is atomic against an interrupted process,
    // which is what a killed CI job is; a power cut is not our case.
    // A file already there is swapped with the temporary, which then
    // holds the old bytes and is removed when `file` drops (as it is on
    // an error); anything else takes the temporary's name.
    if replacing && exchange(file.path(), path).is_ok() {
        return Ok(Replaced(Some(file)));
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(Replaced(None))
}

/// Swaps the files at `a` and `b` in one step (Linux's `renameat2` with
/// `RENAME_EXCHANGE`), where replacing `b` by renaming `a` over it costs
/// more: ext4 then writes `a` out at once (its `auto_da_alloc`, against a
/// crash), and frees `b`'s blocks inside the rename, which on a file
/// system mounted with `discard` waits for the device. Swapped, the old
/// file is removed afterwards (a file rewritten within seconds, as
/// `watch` and repeated renders do, has no blocks yet to free), and `b`
/// holds at every moment one whole file. Where the system or file
/// system cannot swap, an error, and the caller renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two NUL-terminated paths that live across the call.
    let swapped = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if swapped == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::write_atomic;
    use std::io::Read;

    /// What is left in `dir` besides the files named.
    fn others(dir: &std::path::Path, named: &[&str]) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !named.contains(&n.as_str()))
            .collect()
    }

    #[test]
    fn a_file_is_replaced_whole_and_its_reader_keeps_the_old_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomic(&path, b"first").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let mut reader = std::fs::File::open(&path).unwrap();
        write_atomic(&path, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second, longer");
        let mut old = String::new();
        reader.read_to_string(&mut old).unwrap();
        assert_eq!(old, "first", "an open reader's file was changed");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(others(dir.path(), &["a.pdf"]), Vec::<String>::new());
    }

    #[test]
    fn a_folder_at_the_path_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside"), b"kept").unwrap();
        assert!(write_atomic(&path, b"bytes").is_err());
        assert_eq!(std::fs::read(path.join("inside")).unwrap(), b"kept");
        assert_eq!(others(dir.path(), &["a.pdf"]), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_path_is_replaced_and_its_target_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, b"target").unwrap();
        let path = dir.path().join("a.pdf");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        write_atomic(&path, b"bytes").unwrap();
        assert!(std::fs::symlink_metadata(&path).unwrap().is_file());
        assert_eq!(std::fs::read(&path).unwrap(), b"bytes");
        assert_eq!(std::fs::read(&target).unwrap(), b"target");
        assert_eq!(
            others(dir.path(), &["a.pdf", "target"]),
            Vec::<String>::new()
        );
    }
}
