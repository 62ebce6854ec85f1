//! `polypress watch [doc…]`: renders the selected documents, then watches
//! `documents/`, `locales/`, `templates/`, `fonts/` and `assets/` and
//! re-renders what each save touches:
//!
//! - a document's `<lang>.yaml`: that document in that language (and in
//!   the pseudo-locales, when they are selected and the file is English);
//! - its `document.yaml`, or any other file of its folder: the document in
//!   every selected language;
//! - a file of `locales/<lang>/`: every selected document in that language,
//!   with the locales read again;
//! - a template, a font or an asset: everything, with them read again.
//!
//! The fonts, bundles and compiled templates stay loaded between changes,
//! so a one-paragraph edit costs only the render of that document. A save
//! that breaks a source prints the diagnostic and leaves the last good PDF
//! where it was (outputs are written only when a render succeeds); broken
//! locales or templates keep the last good ones until they are fixed.

use polypress::project::Project;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use polypress::batch::{self, select, Outcome, Status};
use polypress::pipeline::Resources;

use super::{languages, report as print_diagnostics, BAD_INPUT, FAILED};

#[derive(Debug, Args)]
pub struct Watch {
    /// Documents to watch: folder names under documents/, with * and ? wildcards (default: all).
    documents: Vec<String>,
    /// Only these languages (comma-separated codes, e.g. en,fr).
    #[arg(long)]
    lang: Option<String>,
    /// Output folder [default: out/ of the root].
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// The standard the PDFs claim: a-2u (PDF/A-2u, tagged) or none (tagged PDF 1.7).
    /// [default: pdf-standard of polypress.toml, else a-2u]
    #[arg(long, value_name = "STANDARD", value_parser = ["a-2u", "none"])]
    pdf_standard: Option<String>,
}

/// The folders of the root that are watched.
const WATCHED: [&str; 5] = ["documents", "locales", "templates", "fonts", "assets"];

/// How long events are gathered at most after the first of a save, when
/// no closed write or rename says it is over: an editor's save is several
/// events (write, truncate, rename) within a millisecond or two.
const SETTLE: Duration = Duration::from_millis(8);

/// What a changed file touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Touched {
    /// A document folder: in one language, or in every one (`None`).
    Document(PathBuf, Option<String>),
    /// Every document in one language (a locale file of that language).
    Language(String),
    /// Everything (a template, a font, an asset, a shared locale file).
    Everything,
}

/// What the file at `path` (under `root`) touches; none for files that
/// are not sources (an editor's swap and backup files, hidden files).
fn touched(root: &Path, path: &Path) -> Option<Touched> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let name = parts.last()?;
    let scratch = parts.iter().any(|p| p.starts_with('.')) // hidden: .git/, .file.swp
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".bak"]
            .iter()
            .any(|e| name.ends_with(e))
        || name.bytes().all(|b| b.is_ascii_digit()); // vim's write test
    if scratch {
        return None;
    }
    match parts.as_slice() {
        ["documents", folder, file] => {
            let folder = root.join("documents").join(folder);
            let lang = file
                .strip_suffix(".yaml")
                .filter(|stem| *stem != "document")
                .map(str::to_owned);
            Some(Touched::Document(folder, lang))
        }
        ["documents", folder, ..] => {
            Some(Touched::Document(root.join("documents").join(folder), None))
        }
        ["locales", lang, _, ..] => Some(Touched::Language((*lang).to_owned())),
        [first, _, ..] if WATCHED.contains(first) => Some(Touched::Everything),
        _ => None,
    }
}

/// The jobs a set of changes calls for: by document folder, the languages
/// to render (`None`: every selected one).
fn plan(
    changes: &BTreeSet<Touched>,
    documents: &[PathBuf],
) -> BTreeMap<PathBuf, Option<BTreeSet<String>>> {
    let mut plan: BTreeMap<PathBuf, Option<BTreeSet<String>>> = BTreeMap::new();
    let mut add = |folder: &Path, lang: Option<&String>| {
        let entry = plan
            .entry(folder.to_path_buf())
            .or_insert_with(|| Some(BTreeSet::new()));
        match (entry.as_mut(), lang) {
            (Some(langs), Some(lang)) => {
                langs.insert(lang.clone());
            }
            _ => *entry = None,
        }
    };
    for change in changes {
        match change {
            Touched::Everything => documents.iter().for_each(|d| add(d, None)),
            Touched::Language(lang) => documents.iter().for_each(|d| add(d, Some(lang))),
            Touched::Document(folder, lang) => {
                if documents.contains(folder) {
                    add(folder, lang.as_ref());
                }
            }
        }
    }
    plan
}

impl Watch {
    pub fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        // Absolute, so the paths of events and of documents compare.
        let root = &root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut resources = match super::resources(project) {
            Ok(r) => r,
            Err(code) => return code,
        };
        resources.pdf_standard = super::build::pdf_standard(project, self.pdf_standard.as_deref());
        let langs = languages(&self.lang);
        if let Err(code) = super::build::known_languages(&resources, langs.as_deref()) {
            return code;
        }
        let out = project.output(self.out.clone());
        // Held while watching: a build into the same folder waits its turn.
        let _lock = match batch::lock::OutputLock::acquire(&out) {
            Ok(lock) => lock,
            Err(d) => {
                print_diagnostics(&[d]);
                return FAILED;
            }
        };
        let Some((_watcher, events, watched)) = watch_folders(root) else {
            return FAILED;
        };
        let documents = self.documents(root);
        if documents.is_empty() {
            eprintln!(
                "error: no document under {} matches {}",
                root.join("documents").display(),
                if self.documents.is_empty() {
                    "(any)".to_owned()
                } else {
                    self.documents.join(", ")
                }
            );
            return BAD_INPUT;
        }
        let first: BTreeMap<_, _> = documents.iter().map(|d| (d.clone(), None)).collect();
        self.render(&first, &resources, &out, langs.as_deref());
        eprintln!(
            "watching {} for {} document(s); Ctrl-C to stop",
            watched.join(", "),
            documents.len()
        );
        while let Some(changes) = next_changes(root, &events) {
            let reload = changes
                .iter()
                .any(|c| matches!(c, Touched::Everything | Touched::Language(_)));
            if reload {
                match Resources::of(project.house()) {
                    Ok(mut fresh) => {
                        fresh.pdf_standard = resources.pdf_standard;
                        resources = fresh;
                    }
                    Err(diagnostics) => {
                        print_diagnostics(&diagnostics);
                        eprintln!("kept the last good locales, templates and fonts");
                        continue;
                    }
                }
            }
            // A document folder may have appeared since the start.
            let documents = self.documents(root);
            let plan = plan(&changes, &documents);
            self.render(&plan, &resources, &out, langs.as_deref());
        }
        eprintln!("error: the watcher stopped (were the watched folders removed?)");
        FAILED
    }

    /// The selected document folders, as they are now.
    fn documents(&self, root: &Path) -> Vec<PathBuf> {
        batch::discover(&root.join("documents"))
            .unwrap_or_default()
            .into_iter()
            .filter(|p| select::selected(p, &self.documents))
            .collect()
    }

    /// Renders the planned jobs and prints what became of each.
    fn render(
        &self,
        plan: &BTreeMap<PathBuf, Option<BTreeSet<String>>>,
        resources: &Resources,
        out: &Path,
        selected: Option<&[String]>,
    ) {
        if plan.is_empty() {
            return;
        }
        // Most paragraphs and pages come out as they were: their lines and
        // compressed streams are taken from the render before.
        resources.caches.keep_set_paragraphs();
        polypress::pdf::keep_between_renders();
        let paths: Vec<PathBuf> = plan.keys().cloned().collect();
        let (documents, failures) = batch::load(&paths, &resources.localizer.languages());
        for (_, diagnostics) in failures {
            print_diagnostics(&diagnostics);
            eprintln!("kept the last good PDFs of that document");
        }
        // By document id (its folder's name), the languages to render.
        let wanted: BTreeMap<String, Option<&BTreeSet<String>>> = plan
            .iter()
            .map(|(path, langs)| (polypress::source::document_id(path), langs.as_ref()))
            .collect();
        let mut jobs = batch::jobs(&documents, selected);
        jobs.retain(|job| {
            let wanted = wanted.get(&job.document.id).copied().flatten();
            wanted.is_none_or(|langs| {
                // An English text also feeds the pseudo-locales.
                let texts = polypress::language::Language::of(&job.lang).texts_tag();
                langs.contains(&job.lang) || langs.contains(texts)
            })
        });
        let on_finish = |o: &Outcome| match o.status {
            Status::Failed => {
                print_diagnostics(&o.diagnostics);
                eprintln!("kept the last good {}.pdf", o.job_id);
            }
            status => eprintln!("{:<10} {} ({} ms)", status.name(), o.job_id, o.millis),
        };
        let options = batch::Options {
            out: out.to_path_buf(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            force: true,
            on_finish: &on_finish,
        };
        batch::run(&jobs, resources, &options);
    }
}

/// Watches the folders of the root that feed documents; the watcher (kept
/// alive while events are wanted), its events and the folders' names.
/// None, with the reason printed, when the system cannot watch them.
#[allow(clippy::type_complexity)]
pub(super) fn watch_folders(
    root: &Path,
) -> Option<(
    notify::RecommendedWatcher,
    mpsc::Receiver<notify::Result<Event>>,
    Vec<String>,
)> {
    let (sender, events) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = match notify::recommended_watcher(sender) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files on this system: {e}");
            return None;
        }
    };
    let mut watched = Vec::new();
    for folder in WATCHED {
        let path = root.join(folder);
        if path.is_dir() {
            if let Err(e) = watcher.watch(&path, RecursiveMode::Recursive) {
                eprintln!("error: cannot watch {}: {e}", path.display());
                return None;
            }
            watched.push(format!("{folder}/"));
        }
    }
    Some((watcher, events, watched))
}

/// Waits for the next save and gathers the events that follow it: what
/// they touch. A save is over when a file written has been closed (or a
/// file renamed into place, an editor's atomic save) and no other file
/// written is still open; failing that, [`SETTLE`] after its first event.
/// None when the watcher has stopped.
pub(super) fn next_changes(
    root: &Path,
    events: &mpsc::Receiver<notify::Result<Event>>,
) -> Option<BTreeSet<Touched>> {
    loop {
        let mut save = Save::default();
        let first = events.recv().ok()?;
        let deadline = Instant::now() + SETTLE;
        save.gather(root, first);
        while !save.is_over() {
            match events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(event) => save.gather(root, event),
                Err(_) => break,
            }
        }
        if !save.changes.is_empty() {
            return Some(save.changes);
        }
    }
}

/// The events of one save, as they come.
#[derive(Default)]
struct Save {
    changes: BTreeSet<Touched>,
    /// Files written to and not closed yet.
    open: BTreeSet<PathBuf>,
    /// Whether a written file was closed or a file renamed into place.
    closed: bool,
}

impl Save {
    fn gather(&mut self, root: &Path, event: notify::Result<Event>) {
        use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                eprintln!("warning: {e}");
                return;
            }
        };
        let paths = event.paths.iter().filter(|p| touched(root, p).is_some());
        match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                for path in paths {
                    self.open.remove(path);
                    self.closed = true;
                }
            }
            EventKind::Access(_) => return,
            EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => {
                self.closed |= paths.count() > 0;
            }
            EventKind::Modify(ModifyKind::Data(_)) | EventKind::Create(_) => {
                self.open.extend(paths.cloned());
            }
            _ => {}
        }
        self.changes
            .extend(event.paths.iter().filter_map(|p| touched(root, p)));
    }

    /// Whether the save is complete: a file closed or renamed into place,
    /// none still open.
    fn is_over(&self) -> bool {
        self.closed && self.open.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        PathBuf::from("/r")
    }

    fn doc(name: &str, lang: Option<&str>) -> Touched {
        Touched::Document(root().join("documents").join(name), lang.map(str::to_owned))
    }

    #[test]
    fn a_save_is_over_when_its_file_is_closed_or_renamed_into_place() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode,
        };
        let file = root().join("documents/letter/en.yaml");
        let on = |kind, path: &Path| Ok(Event::new(kind).add_path(path.to_path_buf()));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let mut save = Save::default();
        save.gather(
            &root(),
            on(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &file),
        );
        assert!(!save.is_over(), "written, still open");
        save.gather(&root(), on(closed, &file));
        assert!(save.is_over());
        assert_eq!(save.changes, BTreeSet::from([doc("letter", Some("en"))]));
        // An editor's atomic save: the new file renamed over the old.
        let mut save = Save::default();
        save.gather(
            &root(),
            on(EventKind::Modify(ModifyKind::Name(RenameMode::To)), &file),
        );
        assert!(save.is_over());
        // A scratch file closed says nothing of the document's own file.
        let mut save = Save::default();
        save.gather(&root(), on(EventKind::Create(CreateKind::File), &file));
        save.gather(&root(), on(closed, &root().join("documents/letter/4913")));
        assert!(!save.is_over());
    }

    #[test]
    fn a_change_touches_what_the_file_feeds() {
        let t = |p: &str| touched(&root(), &root().join(p));
        assert_eq!(
            t("documents/letter/fr.yaml"),
            Some(doc("letter", Some("fr")))
        );
        assert_eq!(
            t("documents/letter/document.yaml"),
            Some(doc("letter", None))
        );
        assert_eq!(t("documents/letter"), Some(doc("letter", None)));
        assert_eq!(
            t("locales/ar/main.ftl"),
            Some(Touched::Language("ar".into()))
        );
        assert_eq!(
            t("templates/partials/masthead.hbs"),
            Some(Touched::Everything)
        );
        assert_eq!(
            t("fonts/LiberationSerif-Regular.ttf"),
            Some(Touched::Everything)
        );
        for scratch in [
            "documents/letter/.fr.yaml.swp",
            "documents/letter/fr.yaml~",
            "documents/letter/4913",
            "locales/.git/x",
            "out/letter.en.pdf",
        ] {
            assert_eq!(t(scratch), None, "{scratch}");
        }
    }

    #[test]
    fn the_plan_renders_only_the_touched_documents_and_languages() {
        let letter = root().join("documents/letter");
        let report = root().join("documents/report");
        let documents = vec![letter.clone(), report.clone()];
        let changes = BTreeSet::from([doc("letter", Some("fr")), doc("letter", Some("ar"))]);
        let plan = plan(&changes, &documents);
        assert_eq!(plan.len(), 1);
        assert_eq!(
            plan[&letter],
            Some(BTreeSet::from(["ar".to_owned(), "fr".to_owned()]))
        );
        // document.yaml touches every language; an unwatched folder nothing.
        let changes = BTreeSet::from([
            doc("letter", Some("fr")),
            doc("letter", None),
            doc("other", None),
        ]);
        let plan_all = super::plan(&changes, &documents);
        assert_eq!(plan_all.len(), 1);
        assert_eq!(plan_all[&letter], None);
        // A locale: every document in that language.
        let changes = BTreeSet::from([Touched::Language("zh".into())]);
        let by_language = super::plan(&changes, &documents);
        assert_eq!(by_language.len(), 2);
        assert_eq!(
            by_language[&report],
            Some(BTreeSet::from(["zh".to_owned()]))
        );
    }
}
