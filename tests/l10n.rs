//! `polypress l10n check` on the repository's locales and on a broken copy.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(root: &Path) -> (i32, serde_json::Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root)
        .args(["l10n", "check", "--json"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    (output.status.code().unwrap_or(-1), json)
}

#[test]
fn the_repository_locales_have_no_errors() {
    let (code, json) = check(&repo());
    assert_eq!(code, 0, "{json:#}");
    let summary = json["summary"].as_object().unwrap();
    for lang in ["ar", "zh", "fr", "ru", "es"] {
        assert_eq!(summary[lang]["errors"], 0, "{lang}: {json:#}");
    }
}

#[test]
fn a_broken_translation_is_reported_with_its_place() {
    let root = std::env::temp_dir().join(format!("polypress-l10n-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for lang in ["en", "fr"] {
        std::fs::create_dir_all(root.join("locales").join(lang)).unwrap();
        for entry in std::fs::read_dir(repo().join("locales").join(lang)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(
                entry.path(),
                root.join("locales").join(lang).join(entry.file_name()),
            )
            .unwrap();
        }
    }
    // A translator mistypes a variable and drops a message.
    let letter = root.join("locales/fr/letter.ftl");
    let text = std::fs::read_to_string(&letter).unwrap();
    let text = text
        .replacen("{ DATE($date) }", "{ DATE($dat) }", 1)
        .replace("signed = (Signé)\n", "");
    std::fs::write(&letter, text).unwrap();
    let (code, json) = check(&root);
    assert_eq!(code, 1);
    let findings = json["findings"].as_array().unwrap();
    let has = |kind: &str, id: &str| {
        findings
            .iter()
            .any(|f| f["kind"] == kind && f["message_id"] == id && f["locale"] == "fr")
    };
    assert!(has("variable", "letter-title"), "{json:#}");
    assert!(has("missing", "signed"), "{json:#}");
    let variable = findings.iter().find(|f| f["kind"] == "variable").unwrap();
    assert!(variable["file"]
        .as_str()
        .unwrap()
        .ends_with("locales/fr/letter.ftl"));
    assert!(variable["line"].as_u64().unwrap() > 0);
}
