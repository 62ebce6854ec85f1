//! Command-line conventions: the root is found upward from a sub-folder,
//! as cargo and git find theirs, and the output goes to its out/.

use crate::common;

use std::process::Command;

use common::{copy_dir, repo, scratch};

#[test]
fn run_from_a_document_folder_the_root_is_found_upward() {
    let root = scratch("cli-upward");
    for dir in ["locales", "templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    let document = root.join("documents/a-res-48-161");
    copy_dir(&repo().join("documents/a-res-48-161"), &document);
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .current_dir(&document)
        .args(["render", ".", "--lang", "en"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(root.join("out/a-res-48-161.en.pdf").is_file(), "{stderr}");
    assert!(
        !document.join("out").exists(),
        "nothing written in the sub-folder"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .current_dir(&document)
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("checked 1 document(s)"), "{stderr}");
}

#[test]
fn the_schemas_constrain_dates_languages_and_symbols() {
    let output = common::polypress(&repo(), &["schema", "document"]);
    assert_eq!(output.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let p = &schema["properties"];
    assert_eq!(p["masthead_date"]["format"], "date");
    assert_eq!(p["footer_dates"]["items"]["format"], "date");
    assert_eq!(
        schema["$defs"]["LetterFacts"]["properties"]["date"]["format"],
        "date"
    );
    assert_eq!(
        p["languages"]["items"]["enum"],
        serde_json::json!(["ar", "zh", "en", "fr", "ru", "es"])
    );
    assert!(p["original_language"]["enum"].is_array());
    let pattern = p["symbols"]["items"]["pattern"].as_str().unwrap();
    assert!(pattern.starts_with("^[A-Z]+"), "{pattern}");
}

#[test]
fn every_ci_recipe_in_the_docs_is_valid_yaml_and_the_cache_is_saved_again() {
    let text = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    let mut blocks = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("```yaml\n") {
        let body = &rest[start + 8..];
        let end = body.find("```").expect("a closed block");
        blocks.push(&body[..end]);
        rest = &body[end + 3..];
    }
    assert!(
        blocks.len() >= 3,
        "the GitHub, GitLab and Kubernetes recipes"
    );
    for block in &blocks {
        serde_yaml::from_str::<serde_yaml::Value>(block)
            .unwrap_or_else(|e| panic!("not valid YAML: {e}\n{block}"));
    }
    // GitHub Actions: a cache hit is never saved again, so a key that does
    // not change per run would keep the first out/ for ever.
    let github: serde_yaml::Value = serde_yaml::from_str(blocks[0]).unwrap();
    let steps = github["jobs"]["build"]["steps"].as_sequence().unwrap();
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache"))
        })
        .unwrap();
    assert!(cache["with"]["key"]
        .as_str()
        .unwrap()
        .contains("github.sha"));
    assert!(cache["with"]["restore-keys"].as_str().is_some());
}

#[test]
fn diagnostics_are_coloured_only_when_asked_and_completions_are_printed() {
    let bad = repo().join("tests/fixtures/bad/malformed-symbol");
    let bad = bad.to_str().unwrap();
    let plain = common::polypress(&repo(), &["check", bad]);
    let plain = String::from_utf8_lossy(&plain.stderr);
    assert!(
        plain.contains("error: malformed document symbol"),
        "{plain}"
    );
    assert!(!plain.contains('\u{1b}'), "piped: no colour\n{plain}");
    let coloured = common::polypress(&repo(), &["--color", "always", "check", bad]);
    let coloured = String::from_utf8_lossy(&coloured.stderr);
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[31merror"),
        "{coloured:?}"
    );
    let never = common::polypress(&repo(), &["--color", "never", "check", bad]);
    assert!(!String::from_utf8_lossy(&never.stderr).contains('\u{1b}'));

    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = common::polypress(&repo(), &["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&output.stdout);
        assert!(
            script.contains("polypress") && script.contains("render"),
            "{shell}"
        );
    }
}

#[test]
fn check_json_gives_word_counts_and_diagnostics_with_their_places() {
    let bad = repo().join("tests/fixtures/bad/malformed-symbol");
    let warn = repo().join("tests/fixtures/warn/over-limit-and-mismatch");
    let output = common::polypress(
        &repo(),
        &[
            "check",
            "--json",
            bad.to_str().unwrap(),
            warn.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    assert_eq!(json["problems"], 1);
    assert_eq!(json["documents"][0]["words"]["en"], 24);
    assert_eq!(json["documents"][0]["limit"], 10);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let symbol = diagnostics
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("malformed document symbol")
        })
        .unwrap();
    assert_eq!(symbol["severity"], "error");
    assert_eq!(symbol["line"], 2);
    assert!(symbol["file"].as_str().unwrap().ends_with("document.yaml"));
    assert!(diagnostics.iter().any(|d| d["severity"] == "warning"));
}

#[test]
fn the_benchmark_renders_its_realistic_cases_and_counts_their_words() {
    let work = common::scratch("bench-realistic");
    let work_arg = work.display().to_string();
    let output = common::polypress(
        &repo(),
        &[
            "bench",
            "--runs",
            "1",
            "--json",
            "--only",
            "8-page realistic",
            "--work",
            &work_arg,
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 6, "one 8-page realistic report per language");
    for row in rows {
        let pages = row["pages"].as_u64().unwrap();
        let words = row["words"].as_u64().unwrap();
        // Eight pages of text, with their contents (two pages) and, in
        // Arabic, the taller lines.
        assert!((6..=12).contains(&pages), "{row}");
        assert!(words > 3000, "{row}");
        assert!(row["ms_per_1000_words"].as_f64().unwrap() > 0.0, "{row}");
    }
    // The corpus is the same on every run: the second generation writes
    // the same report.
    let report = work.join("single/documents/realistic-8-page-ar/ar.yaml");
    let first = std::fs::read(&report).unwrap();
    let again = common::polypress(
        &repo(),
        &[
            "bench",
            "--runs",
            "1",
            "--only",
            "no such case",
            "--work",
            &work_arg,
        ],
    );
    assert!(again.status.success());
    assert_eq!(std::fs::read(&report).unwrap(), first);
}

#[test]
fn the_benchmark_outside_a_root_says_so() {
    let empty = common::scratch("bench-no-root");
    let output = common::polypress(&empty, &["bench", "--runs", "1"]);
    let (code, stderr) = common::code_and_stderr(&output);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is not a polypress root"), "{stderr}");
    assert!(stderr.contains("--root"), "{stderr}");
}

/// The binary sets mimalloc's arena reservation to 64 MiB before its first
/// allocation (main.rs): the option's number is mimalloc's own, which the
/// binding crate does not name, so a wrong one would go unnoticed but for
/// the allocator's statistics, which give the address space reserved.
#[cfg(target_os = "linux")]
#[test]
fn the_allocator_reserves_small_arenas() {
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--version")
        .env("MIMALLOC_SHOW_STATS", "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stats = String::from_utf8_lossy(&output.stderr);
    // "  reserved  :    66.3 MiB    66.3 MiB ...": peak, then total.
    let line = stats
        .lines()
        .find(|l| l.trim_start().starts_with("reserved"))
        .unwrap_or_else(|| panic!("no reserved line in the statistics:\n{stats}"));
    let fields: Vec<&str> = line.split_whitespace().collect();
    let (figure, unit) = (fields[2], fields[3]);
    let mib: f64 = figure.parse().unwrap();
    assert_eq!(unit, "MiB", "{stats}");
    assert!(mib <= 128.0, "{mib} MiB reserved:\n{stats}");
}

/// A command ends the process at once when it returns (main.rs), but not
/// when mimalloc is asked for the statistics it prints at a normal exit;
/// either way its output is all there.
#[cfg(target_os = "linux")]
#[test]
fn a_command_ends_with_its_output_whole_and_the_statistics_asked_for() {
    let run = |stats: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_polypress"));
        command.args(["schema", "document"]);
        if stats {
            command.env("MIMALLOC_SHOW_STATS", "1");
        }
        let output = command.output().unwrap();
        assert!(output.status.success());
        let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert!(schema["properties"].is_object());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(!run(false).contains("reserved"));
    let stats = run(true);
    assert!(
        stats
            .lines()
            .any(|l| l.trim_start().starts_with("reserved")),
        "no statistics:\n{stats}"
    );
}

/// The binary carries its unwinder (build.rs): it does not load
/// libgcc_s, whose start-up runs `cpuid` nine times, wherever the
/// compiler driver has libgcc's static unwinder to link.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_does_not_load_libgcc_s() {
    let archive = Command::new("cc")
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    if !std::path::Path::new(&archive).is_absolute() {
        return;
    }
    let ldd = Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_polypress"))
        .output()
        .expect("ldd runs");
    let libraries = String::from_utf8_lossy(&ldd.stdout);
    assert!(libraries.contains("libc.so"), "{libraries}");
    assert!(!libraries.contains("libgcc_s"), "{libraries}");
}

/// On Linux with glibc the binary defines the math functions its
/// dependencies call (src/math.rs), so it does not load the system's
/// libm: the library's name is nowhere in its dynamic section or symbol
/// versions. A dependency that starts calling one more libm function
/// brings the library back and fails this, until the function is added.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_does_not_load_the_system_s_libm() {
    let binary = std::fs::read(env!("CARGO_BIN_EXE_polypress")).unwrap();
    let name = b"libm.so.6";
    assert!(
        !binary.windows(name.len()).any(|w| w == name),
        "the binary links libm.so.6: a math function its dependencies call is missing from src/math.rs (`nm -D --undefined-only` lists it)"
    );
    // The test reads what it should: the C library is named the same way.
    let libc = b"libc.so.6";
    assert!(binary.windows(libc.len()).any(|w| w == libc));
}
