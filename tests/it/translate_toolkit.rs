//! A round trip through a real CAT library: translate-toolkit (the Python
//! toolkit behind Pootle and Weblate's XLIFF support). Its XLIFF storage
//! API edits targets, approves one unit, marks another fuzzy and rewrites
//! a locale unit's placeholders in another order by id, as CAT tools do;
//! the import must leave exactly those changes in the files. Its PO
//! conversion (`xliff2po`, `po2xliff`), which loses the protected
//! placeholders, must be refused whole with each problem named.
//!
//! Skipped, with a message, where translate-toolkit is absent (`.ci/run`
//! installs it with pip).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, repo};

const LETTER: &str = "a-75-906-s-2021-534";

fn toolkit() -> bool {
    Command::new("python3")
        .args(["-c", "import translate.storage.xliff"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn scratch_root(name: &str) -> PathBuf {
    let root = common::scratch(&format!("toolkit-{name}"));
    copy_dir(&repo().join("locales"), &root.join("locales"));
    copy_dir(
        &repo().join("documents").join(LETTER),
        &root.join("documents").join(LETTER),
    );
    for dir in ["templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    root
}

fn polypress(root: &Path, args: &[&str]) -> (i32, String) {
    let output = common::polypress(root, args);
    let (code, stderr) = common::code_and_stderr(&output);
    (
        code,
        format!("{}{stderr}", String::from_utf8_lossy(&output.stdout)),
    )
}

fn python(dir: &Path, script: &str) {
    let path = dir.join("edit.py");
    std::fs::write(&path, script).unwrap();
    let output = Command::new("python3")
        .arg(&path)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The lines of `after` that differ from `before`'s, as (old, new) pairs
/// (the files keep their line count).
fn changed_lines(before: &str, after: &str) -> Vec<(String, String)> {
    assert_eq!(before.lines().count(), after.lines().count(), "{after}");
    before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
        .collect()
}

const EDIT_TEXTS: &str = r#"
from translate.storage import xliff
store = xliff.xlifffile.parsefile("fr.xlf")
ns = "{urn:oasis:names:tc:xliff:document:1.2}"
for unit in store.units:
    uid = unit.getid().split("\x04")[-1]
    target = unit.xmlelement.find(ns + "target")
    if uid == "letter/circulate":
        target.text = target.text.replace("Nous vous serions reconnaissants", "Nous vous serions très reconnaissants")
        unit.markapproved(True)
    if uid == "annexes/csto-statement/title":
        target.text = target.text.replace("Déclaration", "Déclaration commune")
        unit.markfuzzy(True)
store.savefile("fr-edited.xlf")
"#;

#[test]
fn document_texts_through_the_xliff_storage_api_change_only_what_was_edited() {
    if !toolkit() {
        eprintln!(
            "skipped: no translate-toolkit (pip install translate-toolkit); .ci/run installs it"
        );
        return;
    }
    let root = scratch_root("texts");
    let fr = root.join("documents").join(LETTER).join("fr.yaml");
    // Reviewed first, so the export approves every unit.
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "mark-reviewed",
            LETTER,
            "--lang",
            "fr",
            "--source",
            "en",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let before = std::fs::read_to_string(&fr).unwrap();
    let xlf = root.join("fr.xlf");
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "export",
            LETTER,
            "--lang",
            "fr",
            "--source",
            "en",
            "-o",
            xlf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    python(&root, EDIT_TEXTS);
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "import",
            LETTER,
            root.join("fr-edited.xlf").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    let after = std::fs::read_to_string(&fr).unwrap();
    let changed: Vec<(String, String)> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .map(|l| (l.trim().to_owned(), String::new()))
        .collect();
    // Two one-line edits, and the fuzzy unit's stamp removed.
    assert_eq!(before.lines().count(), after.lines().count() + 1, "{after}");
    assert_eq!(changed.len(), 3, "{changed:?}");
    assert!(after.contains("Nous vous serions très reconnaissants de bien vouloir"));
    assert!(after.contains("Déclaration commune des ministres"));
    let (_, out) = polypress(&root, &["l10n", "status", LETTER, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fr_status = &json["documents"][0]["languages"]["fr"];
    assert_eq!(
        fr_status["unreviewed"],
        serde_json::json!(["annexes/csto-statement/title"]),
        "the fuzzy unit is unreviewed, the approved one reviewed: {fr_status:#}"
    );
    assert_eq!(fr_status["translated"].as_array().unwrap().len(), 9);

    // Through PO and back, the protected placeholders are lost: refused
    // whole, each problem named, nothing written.
    let current = std::fs::read(&fr).unwrap();
    let run = |program: &str, args: &[&str]| {
        let output = Command::new(program)
            .args(args)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(output.status.success(), "{program}: {output:?}");
    };
    run("xliff2po", &["fr.xlf", "fr.po"]);
    run("po2xliff", &["-t", "fr.xlf", "fr.po", "fr-po.xlf"]);
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "import",
            LETTER,
            root.join("fr-po.xlf").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("refused, nothing written"), "{out}");
    assert!(out.contains("unit `"), "each problem names its unit: {out}");
    assert_eq!(std::fs::read(&fr).unwrap(), current);
}

const REORDER_LOCALE: &str = r#"
# A CAT tool writes each placeholder with the source's content of its id,
# wherever the translator put it: here `letter-title` in another order.
import copy
from translate.storage import xliff
store = xliff.xlifffile.parsefile("fr-locales.xlf")
ns = "{urn:oasis:names:tc:xliff:document:1.2}"
for unit in store.units:
    if unit.getid().split("\x04")[-1] != "letter-title":
        continue
    source = unit.xmlelement.find(ns + "source")
    target = unit.xmlelement.find(ns + "target")
    ph = {p.get("id"): p for p in source.findall(ns + "ph")}
    by_content = {p.text: p.get("id") for p in source.findall(ns + "ph")}
    date, senders, addressee = by_content["{ DATE($date) }"], by_content["{ $senders }"], by_content["{ $addressee }"]
    for child in list(target):
        target.remove(child)
    target.text = "Lettre du "
    parts = [(date, ", de la part de "), (senders, ", adressée "), (addressee, "")]
    for pid, tail in parts:
        element = copy.deepcopy(ph[pid])
        element.tail = tail
        target.append(element)
    unit.markapproved(True)
store.savefile("fr-locales-edited.xlf")
"#;

#[test]
fn a_locale_unit_reordered_by_placeholder_id_keeps_each_variable() {
    if !toolkit() {
        eprintln!(
            "skipped: no translate-toolkit (pip install translate-toolkit); .ci/run installs it"
        );
        return;
    }
    let root = scratch_root("locales");
    let letter = root.join("locales/fr/letter.ftl");
    let before = std::fs::read_to_string(&letter).unwrap();
    let xlf = root.join("fr-locales.xlf");
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "export",
            "locales",
            "--lang",
            "fr",
            "-o",
            xlf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    python(&root, REORDER_LOCALE);
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "import",
            "locales",
            root.join("fr-locales-edited.xlf").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    let after = std::fs::read_to_string(&letter).unwrap();
    assert_eq!(
        changed_lines(&before, &after),
        [(
            "letter-title = Lettre datée du { DATE($date) }, adressée { $addressee } par { $senders }"
                .to_owned(),
            "letter-title = Lettre du { DATE($date) }, de la part de { $senders }, adressée { $addressee }"
                .to_owned()
        )]
    );
    let (code, out) = polypress(&root, &["l10n", "check"]);
    assert_eq!(code, 0, "the locale still checks: {out}");
}

/// The Python that has translate-toolkit's XLIFF 2 storage: `POLYPRESS_PYTHON`
/// if set (a virtualenv with translate-toolkit from PyPI, 3.13 or later),
/// else `python3` (Debian's 3.8 has TMX but no XLIFF 2).
fn python_with(module: &str) -> Option<String> {
    let python = std::env::var("POLYPRESS_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(python)
}

const EDIT_XLIFF_2: &str = r#"
# translate-toolkit's XLIFF 2 storage: open, edit one target, mark its
# segment reviewed, save.
import sys
from translate.storage import xliff2
store = xliff2.Xliff2File.parsefile("fr.2.xlf")
store.savefile("fr.2.same.xlf")
# Its units are the segments; the unit element, with the segment id as
# its name, is their parent.
for unit in store.units:
    if unit.xmlelement.getparent().get("name") == "letter/circulate":
        target = unit.xmlelement.find("{urn:oasis:names:tc:xliff:document:2.0}target")
        target.text = target.text.replace("Nous vous serions reconnaissants", "Nous vous serions très reconnaissants")
        unit.xmlelement.set("state", "reviewed")
store.savefile("fr.2.edited.xlf")
"#;

#[test]
fn an_xliff_2_file_through_translate_toolkit_changes_only_the_edited_segment() {
    let Some(python) = python_with("translate.storage.xliff2") else {
        eprintln!("skipped: no translate-toolkit with XLIFF 2 (set POLYPRESS_PYTHON to a Python with translate-toolkit 3.13 or later)");
        return;
    };
    let root = scratch_root("xliff2");
    let fr = root.join("documents").join(LETTER).join("fr.yaml");
    let before = std::fs::read_to_string(&fr).unwrap();
    let xlf = root.join("fr.2.xlf");
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "export",
            LETTER,
            "--lang",
            "fr",
            "--source",
            "en",
            "--xliff",
            "2.0",
            "-o",
            xlf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    std::fs::write(root.join("edit.py"), EDIT_XLIFF_2).unwrap();
    let output = Command::new(python)
        .arg("edit.py")
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    // Opened and saved, the file is byte-identical.
    assert_eq!(
        std::fs::read_to_string(root.join("fr.2.same.xlf")).unwrap(),
        std::fs::read_to_string(&xlf).unwrap()
    );
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "import",
            LETTER,
            root.join("fr.2.edited.xlf").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    let after = std::fs::read_to_string(&fr).unwrap();
    let removed: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(added.len(), 2, "the edited line and the stamp: {added:?}");
    assert!(added[0].trim().starts_with("source: en:"), "{added:?}");
    assert!(added[1].contains("très reconnaissants"), "{added:?}");
}

const READ_TMX: &str = r#"
# translate-toolkit's TMX storage reads the memory: units, languages, text.
import json
from translate.storage import tmx
store = tmx.tmxfile.parsefile("all.tmx")
XML = "{http://www.w3.org/XML/1998/namespace}lang"
units = {}
for unit in store.units:
    langs = [tuv.get(XML) for tuv in unit.xmlelement.iter("{*}tuv")]
    units[unit.getid()] = {"source": unit.source, "langs": langs}
json.dump(units, open("units.json", "w"))
"#;

#[test]
fn the_translation_memory_opens_in_translate_toolkit() {
    let Some(python) = python_with("translate.storage.tmx") else {
        eprintln!("skipped: no translate-toolkit; .ci/run installs it");
        return;
    };
    let root = scratch_root("tmx");
    let (code, out) = polypress(
        &root,
        &["l10n", "tmx", "-o", root.join("all.tmx").to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}");
    std::fs::write(root.join("read.py"), READ_TMX).unwrap();
    let output = Command::new(python)
        .arg("read.py")
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let units: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("units.json")).unwrap()).unwrap();
    let transmit = &units[format!("{LETTER}/letter/transmit")];
    assert_eq!(
        transmit["langs"],
        serde_json::json!(["ru", "ar", "en", "es", "fr", "zh"]),
        "the original first, then every language: {transmit:#}"
    );
    assert!(
        transmit["source"]
            .as_str()
            .unwrap()
            .starts_with("Имеем честь настоящим препроводить"),
        "{transmit:#}"
    );
    assert!(units.as_object().unwrap().len() >= 10, "{units:#}");
}
