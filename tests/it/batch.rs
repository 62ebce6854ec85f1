//! The CI batch engine: incremental builds, reports, shards, a killed
//! build, and a broken document in a set.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{copy_dir, repo};

/// A scratch copy of the repository's sources (fonts linked, not copied).
fn scratch(name: &str) -> PathBuf {
    let root = common::scratch(&format!("batch-{name}"));
    for dir in ["documents", "locales", "templates"] {
        copy_dir(&repo().join(dir), &root.join(dir));
    }
    std::os::unix::fs::symlink(repo().join("fonts"), root.join("fonts")).unwrap();
    root
}

fn build(root: &Path, args: &[&str]) -> Output {
    let out = root.join("out");
    let mut all = vec!["build", "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    common::polypress(root, &all)
}

/// Builds with a JSON report and returns (status, job id) pairs.
fn build_report(root: &Path, args: &[&str]) -> (Option<i32>, Vec<(String, String)>) {
    let report = root.join("report.json");
    let spec = format!("json={}", report.display());
    let mut all = args.to_vec();
    all.extend(["--report", spec.as_str()]);
    let output = build(root, &all);
    (output.status.code(), report_jobs(&report))
}

/// The (status, job id) pairs of a JSON report.
fn report_jobs(report: &Path) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    json["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["status"].as_str().unwrap().to_owned(),
                j["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn with_status<'a>(jobs: &'a [(String, String)], status: &str) -> BTreeSet<&'a str> {
    jobs.iter()
        .filter(|(s, _)| s == status)
        .map(|(_, id)| id.as_str())
        .collect()
}

/// Jobs of the repository's documents: the letter and four press releases
/// in six languages, the report and the resolution in two.
const REPOSITORY_JOBS: usize = 34;

#[test]
fn a_second_build_renders_nothing_and_a_locale_change_rebuilds_its_language() {
    let root = scratch("incremental");
    let (code, jobs) = build_report(&root, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(with_status(&jobs, "rendered").len(), jobs.len());
    assert_eq!(jobs.len(), REPOSITORY_JOBS);

    let (code, jobs) = build_report(&root, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        with_status(&jobs, "up-to-date").len(),
        REPOSITORY_JOBS,
        "nothing changed: {jobs:?}"
    );

    // A comment in a locale file changes no PDF; a changed message
    // re-renders exactly the PDFs that print it: the French press releases.
    let locale = root.join("locales/fr/press.ftl");
    let mut text = std::fs::read_to_string(&locale).unwrap();
    text.push_str("\n# reviewed\n");
    std::fs::write(&locale, &text).unwrap();
    let (_, jobs) = build_report(&root, &[]);
    assert_eq!(with_status(&jobs, "up-to-date").len(), REPOSITORY_JOBS);
    let text = text.replace(
        "press-release = Communiqué de presse",
        "press-release = Communiqué",
    );
    std::fs::write(&locale, text).unwrap();
    let (_, jobs) = build_report(&root, &[]);
    let rendered = with_status(&jobs, "rendered");
    assert_eq!(rendered.len(), 4, "{rendered:?}");
    assert!(
        rendered
            .iter()
            .all(|id| id.starts_with("csto-") && id.ends_with(".fr")),
        "{rendered:?}"
    );

    // An output deleted or edited by hand is rebuilt.
    std::fs::remove_file(root.join("out/csto-2024-12-23-crisis-response-training.en.pdf")).unwrap();
    std::fs::write(
        root.join("out/a-75-906-s-2021-534.ru.pdf"),
        b"%PDF-1.7 edited by hand",
    )
    .unwrap();
    let (_, jobs) = build_report(&root, &[]);
    let rendered = with_status(&jobs, "rendered");
    assert_eq!(
        rendered,
        BTreeSet::from([
            "a-75-906-s-2021-534.ru",
            "csto-2024-12-23-crisis-response-training.en"
        ])
    );
    // A texts file edited: only its job; the other documents are not even
    // loaded (the no-op path reads their document.yaml alone).
    let texts = root.join("documents/a-75-906-s-2021-534/zh.yaml");
    let mut text = std::fs::read_to_string(&texts).unwrap();
    text.push_str("\n# reviewed\n");
    std::fs::write(&texts, text).unwrap();
    let (_, jobs) = build_report(&root, &[]);
    assert_eq!(
        with_status(&jobs, "rendered"),
        BTreeSet::from(["a-75-906-s-2021-534.zh"])
    );
    assert_eq!(with_status(&jobs, "up-to-date").len(), REPOSITORY_JOBS - 1);

    // An output copied away and back (new time, same bytes) is still up to date.
    let output = root.join("out/a-75-906-s-2021-534.en.pdf");
    let bytes = std::fs::read(&output).unwrap();
    std::fs::remove_file(&output).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&output, &bytes).unwrap();
    let (_, jobs) = build_report(&root, &[]);
    assert_eq!(
        with_status(&jobs, "up-to-date").len(),
        REPOSITORY_JOBS,
        "{jobs:?}"
    );

    // --force renders everything.
    let (_, jobs) = build_report(&root, &["--force"]);
    assert_eq!(with_status(&jobs, "rendered").len(), REPOSITORY_JOBS);
}

#[test]
fn shards_are_disjoint_and_cover_every_job() {
    let root = scratch("shards");
    let (_, all) = build_report(&root, &[]);
    let all: BTreeSet<String> = all.into_iter().map(|(_, id)| id).collect();
    let mut union = BTreeSet::new();
    for k in 1..=3 {
        let (code, jobs) = build_report(&root, &["--shard", &format!("{k}/3")]);
        assert_eq!(code, Some(0));
        for (_, id) in jobs {
            assert!(union.insert(id.clone()), "{id} is in two shards");
        }
    }
    assert_eq!(union, all);

    // The same through the CI's environment, with a JUnit report.
    let junit = root.join("report.xml");
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(&root)
        .args(["build", "--force", "-o"])
        .arg(root.join("out"))
        .arg("--report")
        .arg(format!("junit={}", junit.display()))
        .env("CI_NODE_INDEX", "2")
        .env("CI_NODE_TOTAL", "3")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let xml = std::fs::read_to_string(&junit).unwrap();
    let document = roxmltree::Document::parse(&xml).expect("the JUnit report is XML");
    let cases: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| n.attribute("name").unwrap())
        .collect();
    let (_, shard_two) = build_report(&root, &["--shard", "2/3"]);
    let expected: Vec<&str> = shard_two.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(cases, expected, "one testcase per job of shard 2/3");
}

#[test]
fn a_broken_document_fails_alone() {
    let root = scratch("broken");
    copy_dir(
        &repo().join("tests/fixtures/bad/malformed-symbol"),
        &root.join("documents/broken-letter"),
    );
    let (code, jobs) = build_report(&root, &[]);
    assert_eq!(code, Some(2), "bad input");
    assert_eq!(
        with_status(&jobs, "failed"),
        BTreeSet::from(["broken-letter"])
    );
    assert_eq!(with_status(&jobs, "rendered").len(), REPOSITORY_JOBS);
    let junit = root.join("r.xml");
    let output = build(&root, &["--report", &format!("junit={}", junit.display())]);
    assert_eq!(output.status.code(), Some(2));
    let xml = std::fs::read_to_string(&junit).unwrap();
    let document = roxmltree::Document::parse(&xml).unwrap();
    let failure = document
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    assert!(failure
        .attribute("message")
        .unwrap()
        .contains("malformed document symbol"));
    assert!(
        failure.text().unwrap().contains("document.yaml:2:"),
        "the diagnostic with its location"
    );
}

#[test]
fn a_killed_build_leaves_no_truncated_pdf_and_the_next_one_completes() {
    let root = scratch("killed");
    // A larger set: 40 copies of the letter in six languages.
    let letter = root.join("documents/a-75-906-s-2021-534");
    for i in 0..40 {
        copy_dir(&letter, &root.join(format!("documents/generated-{i:02}")));
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(&root)
        .args(["build", "--jobs", "2", "-q", "-o"])
        .arg(root.join("out"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the build is part-way, then kill it.
    let out = root.join("out");
    let started = std::time::Instant::now();
    loop {
        let count = std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
        if count >= 20 || started.elapsed().as_secs() > 60 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    let _ = child.wait();

    let pdfs = |out: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect()
    };
    let partial = pdfs(&out);
    assert!(
        partial.len() < 270,
        "the build was killed part-way ({} PDFs)",
        partial.len()
    );
    for pdf in &partial {
        let bytes = std::fs::read(pdf).unwrap();
        lopdf::Document::load_mem(&bytes)
            .unwrap_or_else(|e| panic!("{} is damaged: {e}", pdf.display()));
    }

    // Every PDF finished before the kill is recorded as it landed: the
    // next build renders what is missing, and at most the jobs that were
    // between writing their PDF and recording it (two threads).
    let (code, jobs) = build_report(&root, &["-q"]);
    assert_eq!(code, Some(0));
    let total = 270 + REPOSITORY_JOBS - 30;
    let rendered = with_status(&jobs, "rendered").len();
    assert!(
        rendered <= total - partial.len() + 2,
        "{rendered} rendered again after a kill that left {} of {total} PDFs",
        partial.len()
    );
    assert_eq!(rendered + with_status(&jobs, "up-to-date").len(), total);
    let complete = pdfs(&out);
    assert_eq!(
        complete.len(),
        total,
        "41 letters and 4 press releases in six languages, and the report and resolution in two"
    );
    for pdf in &complete {
        lopdf::Document::load_mem(&std::fs::read(pdf).unwrap()).unwrap();
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files removed: {leftovers:?}"
    );
}

#[test]
fn a_second_build_on_the_same_folder_is_refused_while_the_first_runs() {
    let root = scratch("locked");
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A stale temporary of a dead build, swept once the lock is taken.
    std::fs::write(out.join(".x.pdf.AbC123.tmp"), b"partial").unwrap();
    let held = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".polypress.lock"))
        .unwrap();
    held.lock().unwrap();
    let output = build(&root, &["--lang", "en"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another polypress build is writing to"),
        "{stderr}"
    );
    assert!(
        out.join(".x.pdf.AbC123.tmp").exists(),
        "not swept while locked"
    );
    let pdfs = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count();
    assert_eq!(pdfs, 0, "nothing written by the refused build");
    held.unlock().unwrap();
    let output = build(&root, &["--lang", "en", "-q"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(!out.join(".x.pdf.AbC123.tmp").exists(), "swept");
}

#[test]
fn the_number_of_outcomes_is_known_before_the_build() {
    let paths = polypress::batch::discover(&repo().join("documents")).unwrap();
    let all = polypress::batch::Selection {
        languages: None,
        kind: None,
        shard: None,
    };
    assert_eq!(
        polypress::batch::expected_outcomes(&paths, &all),
        REPOSITORY_JOBS
    );
    let english = ["en".to_owned()];
    let some = polypress::batch::Selection {
        languages: Some(&english),
        kind: Some(polypress::source::model::Kind::Report),
        shard: None,
    };
    assert_eq!(polypress::batch::expected_outcomes(&paths, &some), 1);
}

/// Runs the binary in `dir` without `--root` and returns the job statuses
/// of its JSON report.
fn build_in(exe: &Path, dir: &Path, out: &Path) -> Vec<(String, String)> {
    let report = out.with_extension("json");
    let output = common::unsharded(Command::new(exe).current_dir(dir))
        .args(["build", "-o"])
        .arg(out)
        .arg("--report")
        .arg(format!("json={}", report.display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    report_jobs(&report)
}

#[test]
fn nothing_but_content_makes_a_pdf_stale() {
    let root = scratch("content");
    // The Latin faces copied (so their times can change), the others linked.
    std::fs::remove_file(root.join("fonts")).unwrap();
    copy_dir(&repo().join("fonts/latin"), &root.join("fonts/latin"));
    for folder in ["arabic", "chinese"] {
        std::os::unix::fs::symlink(
            repo().join("fonts").join(folder),
            root.join("fonts").join(folder),
        )
        .unwrap();
    }
    let out = root.join("out");
    let jobs = build_in(Path::new(env!("CARGO_BIN_EXE_polypress")), &root, &out);
    assert_eq!(with_status(&jobs, "rendered").len(), REPOSITORY_JOBS);

    // From a sub-folder, through --root with an absolute path, with the
    // fonts' times changed, and with the binary copied elsewhere.
    let exe = root.join("copied-polypress");
    if std::fs::hard_link(env!("CARGO_BIN_EXE_polypress"), &exe).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_polypress"), &exe).unwrap();
    }
    let regular = std::fs::File::options()
        .write(true)
        .open(root.join("fonts/latin/LiberationSerif-Regular.ttf"))
        .unwrap();
    regular
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
        .unwrap();
    let jobs = build_in(&exe, &root.join("documents/a-res-48-161"), &out);
    assert_eq!(
        with_status(&jobs, "up-to-date").len(),
        REPOSITORY_JOBS,
        "{jobs:?}"
    );
    let (_, jobs) = build_report(&root, &[]);
    assert_eq!(
        with_status(&jobs, "up-to-date").len(),
        REPOSITORY_JOBS,
        "{jobs:?}"
    );

    // A fresh copy of the sources (new file times, another path) with the
    // output restored from a cache.
    let clone = common::scratch("batch-content-clone");
    for dir in ["documents", "locales", "templates", "out"] {
        copy_dir(&root.join(dir), &clone.join(dir));
    }
    std::os::unix::fs::symlink(root.join("fonts"), clone.join("fonts")).unwrap();
    let jobs = build_in(&exe, &clone, &clone.join("out"));
    assert_eq!(
        with_status(&jobs, "up-to-date").len(),
        REPOSITORY_JOBS,
        "{jobs:?}"
    );

    // A page-1 mark of the set's own renders again exactly the documents
    // that draw it: the emblem and the recycle mark are on page 1 of the
    // letter, the report and the resolution (masthead and first-page
    // footer); the press releases have neither.
    let drawn = |id: &&str| !id.starts_with("csto-");
    let all: BTreeSet<&str> = jobs.iter().map(|(_, id)| id.as_str()).collect();
    let expected: BTreeSet<&str> = all.iter().copied().filter(drawn).collect();
    assert_eq!(expected.len(), 10, "{all:?}");
    std::fs::create_dir_all(root.join("assets")).unwrap();
    for (mark, width) in [("emblem", 10), ("recycle", 10), ("emblem", 12)] {
        std::fs::write(
            root.join(format!("assets/{mark}.svg")),
            format!(r#"<svg viewBox="0 0 {width} 5" xmlns="http://www.w3.org/2000/svg"><path d="M0 0H10V5H0Z"/></svg>"#),
        )
        .unwrap();
        let (_, jobs) = build_report(&root, &[]);
        assert_eq!(with_status(&jobs, "rendered"), expected, "{mark} {width}");
        let (_, jobs) = build_report(&root, &[]);
        assert_eq!(with_status(&jobs, "rendered").len(), 0, "{mark} {width}");
    }
}

/// A forced rebuild replaces every PDF it renders. Each file it replaces
/// is removed: that of every job by the next to finish, the last one's
/// while the manifest is written. None is left behind under a temporary
/// name, with one thread and with two.
#[test]
fn a_rebuild_leaves_none_of_the_files_it_replaced() {
    let root = scratch("replaced");
    let out = root.join("out");
    let selected = ["a-res-48-161", "a-hrc-wg6-7-ita-1"];
    let (code, first) = build_report(&root, &["-q", selected[0], selected[1]]);
    assert_eq!(code, Some(0));
    let rendered = with_status(&first, "rendered").len();
    assert!(rendered >= 2, "{first:?}");
    for threads in ["1", "2"] {
        let (code, again) = build_report(
            &root,
            &["-q", "--force", "--jobs", threads, selected[0], selected[1]],
        );
        assert_eq!(code, Some(0));
        assert_eq!(with_status(&again, "rendered").len(), rendered, "{threads}");
        let names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let leftovers: Vec<&String> = names.iter().filter(|n| n.ends_with(".tmp")).collect();
        assert!(leftovers.is_empty(), "{threads} thread(s): {leftovers:?}");
        let pdfs: Vec<&String> = names.iter().filter(|n| n.ends_with(".pdf")).collect();
        assert_eq!(pdfs.len(), rendered, "{names:?}");
        for pdf in pdfs {
            lopdf::Document::load_mem(&std::fs::read(out.join(pdf)).unwrap()).unwrap();
        }
    }
}

/// A build of one job keeps no journal of its own. A journal a killed
/// build left is still read into the manifest that build writes, then
/// emptied, as a build of many jobs does with it.
#[test]
fn a_one_job_build_folds_in_and_empties_a_journal_left_behind() {
    let root = scratch("one-job-journal");
    let out = root.join("out");
    let manifest_path = out.join(".polypress-manifest.json");
    let journal_path = out.join(".polypress-journal.jsonl");
    let (code, _) = build_report(&root, &["-q", "a-res-48-161", "a-hrc-wg6-7-ita-1"]);
    assert_eq!(code, Some(0));
    let manifest = |path: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    };
    let forgotten = "a-hrc-wg6-7-ita-1.fr";
    assert!(manifest(&manifest_path)["jobs"].get(forgotten).is_some());
    // A killed build's last record: that job failed.
    std::fs::write(
        &journal_path,
        format!("{{\"id\":\"{forgotten}\",\"entry\":null}}\n"),
    )
    .unwrap();
    let (code, jobs) = build_report(&root, &["-q", "--force", "--lang", "en", "a-res-48-161"]);
    assert_eq!(code, Some(0));
    assert_eq!(with_status(&jobs, "rendered").len(), 1, "{jobs:?}");
    assert_eq!(
        std::fs::read(&journal_path).unwrap().len(),
        0,
        "the journal is emptied"
    );
    let written = manifest(&manifest_path);
    assert!(written["jobs"].get(forgotten).is_none(), "{written}");
    assert!(
        written["jobs"].get("a-res-48-161.en").is_some(),
        "{written}"
    );
    // The job the journal forgot is rendered again, the others are not.
    let (code, jobs) = build_report(&root, &["-q", "a-res-48-161", "a-hrc-wg6-7-ita-1"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        with_status(&jobs, "rendered"),
        BTreeSet::from([forgotten]),
        "{jobs:?}"
    );
}
