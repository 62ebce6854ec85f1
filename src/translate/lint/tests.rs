use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::plurals::{plural_problems, plurals};
use super::read::ftl_files;
use super::{check, Level};
use crate::diagnostic::Position;
use crate::l10n::syntax::{parts, walk_pattern, Unit};

/// The check's plural categories are those the renderer selects: a
/// message with a variant for every CLDR category, formatted by
/// fluent-bundle for the same numbers, picks exactly these (French has
/// no `many` for the renderer, so the check does not ask for one).
#[test]
fn plural_categories_are_the_ones_the_renderer_selects() {
    use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
    let ftl = "x = { $n ->\n [zero] zero\n [one] one\n [two] two\n [few] few\n [many] many\n *[other] other\n}\n";
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        let id: unic_langid::LanguageIdentifier = lang.parse().unwrap();
        let mut bundle = FluentBundle::new(vec![id]);
        bundle.set_use_isolating(false);
        bundle
            .add_resource(FluentResource::try_new(ftl.to_owned()).unwrap())
            .unwrap();
        let pattern = bundle.get_message("x").unwrap().value().unwrap();
        let mut selected = BTreeSet::new();
        let numbers = (0..=1000u32).map(f64::from).chain([1e6, 0.5, 1.5, 2.1]);
        for n in numbers {
            let mut args = FluentArgs::new();
            args.set("n", n);
            let mut errors = vec![];
            selected.insert(
                bundle
                    .format_pattern(pattern, Some(&args), &mut errors)
                    .into_owned(),
            );
        }
        let categories: BTreeSet<String> =
            plurals(lang).all.into_iter().map(str::to_owned).collect();
        assert_eq!(categories, selected, "{lang}");
    }
    assert_eq!(plurals("fr").all, ["one", "other"]);
    assert_eq!(plurals("ru").required(), ["one", "few", "many"]);
    assert_eq!(
        plurals("ar").exact(),
        [
            ("one", "1".to_owned()),
            ("two", "2".to_owned()),
            ("zero", "0".to_owned())
        ]
    );
}

fn locales(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("polypress-lint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_real_tree_s_folders_plurals_and_term_attributes_are_not_false_findings() {
    let dir = locales(
        "real-tree",
        &[
            ("en/a.ftl", "-brand = Firefox\nitems = { $n ->\n    [one] One item\n   *[other] { $n } items\n}\n"),
            ("be/a.ftl", "-brand = Firefox\n    .gender = masculine\nitems = { $n ->\n    [one] Адзін\n    [few] Некалькі\n    [many] Шмат\n   *[other] { $n }\n}\n"),
            ("images/logo.txt", "not a locale"),
        ],
    );
    let findings = check(&dir, "en");
    assert!(
        findings
            .iter()
            .all(|f| f.level() != Level::Error && f.kind() != "obsolete"),
        "{findings:#?}"
    );
    assert!(
        findings.iter().all(|f| f.locale != "images"),
        "{findings:#?}"
    );
    // A Belarusian select without [few] lacks a category CLDR gives it.
    let dir = locales(
        "real-tree-few",
        &[
            (
                "en/a.ftl",
                "items = { $n ->\n    [one] One item\n   *[other] { $n } items\n}\n",
            ),
            (
                "be/a.ftl",
                "items = { $n ->\n    [one] Адзін\n   *[other] { $n }\n}\n",
            ),
        ],
    );
    assert!(
        check(&dir, "en")
            .iter()
            .any(|f| f.kind() == "plural" && f.locale == "be"),
        "be needs one, few and many"
    );
}

#[test]
fn finds_what_compare_locales_misses() {
    let dir = locales("misses", &[
        ("en/a.ftl", "greeting = Hello { $name }\nitems = { $count ->\n    [one] One item\n   *[other] { $count } items\n}\ngone = Gone\nsame = Distr.: General\n"),
        (
            "ru/a.ftl",
            "greeting = Привет { $nam }\nitems = { $count ->\n    [one] Один\n   *[other] { $count } штук\n}\nextra = Лишнее\nsame = Distr.: General\nwhen = { DATETIME($d) }\n",
        ),
    ]);
    let findings = check(&dir, "en");
    let kinds: Vec<(&str, Option<&str>)> = findings
        .iter()
        .filter(|f| f.locale == "ru")
        .map(|f| (f.kind(), f.message_id.as_deref()))
        .collect();
    assert!(kinds.contains(&("variable", Some("greeting"))), "{kinds:?}");
    assert!(
        kinds.contains(&("plural", Some("items"))),
        "ru needs few and many: {kinds:?}"
    );
    assert!(kinds.contains(&("missing", Some("gone"))), "{kinds:?}");
    assert!(kinds.contains(&("obsolete", Some("extra"))), "{kinds:?}");
    assert!(kinds.contains(&("identical", Some("same"))), "{kinds:?}");
    assert!(kinds.contains(&("function", Some("when"))), "{kinds:?}");
    let greeting = findings.iter().find(|f| f.kind() == "variable").unwrap();
    assert_eq!(greeting.position(), Position { line: 1, column: 1 });
}

#[test]
fn syntax_errors_have_lines_and_columns() {
    let dir = locales("syntax", &[("en/a.ftl", "ok = Fine\nbroken = { $x\n")]);
    let findings = check(&dir, "en");
    let syntax = findings
        .iter()
        .find(|f| f.kind() == "syntax")
        .expect("a syntax error");
    assert_eq!(syntax.position().line, 2);
}

/// `(kind, locale, file relative to the locales folder, id)` of each
/// finding that is not accepted.
fn found(dir: &Path) -> Vec<(&'static str, String, String, Option<String>)> {
    check(dir, "en")
        .into_iter()
        .filter(|f| f.level() != Level::Accepted)
        .map(|f| {
            let file = f.file().strip_prefix(dir).unwrap_or(f.file());
            let file = file.display().to_string();
            (f.kind(), f.locale, file, f.message_id)
        })
        .collect()
}

fn one(
    kind: &'static str,
    locale: &str,
    file: &str,
    id: Option<&str>,
) -> (&'static str, String, String, Option<String>) {
    (kind, locale.into(), file.into(), id.map(str::to_owned))
}

#[test]
fn sub_folders_are_compared_file_by_file() {
    let dir = locales(
        "tree",
        &[
            ("en/top.ftl", "top = Top\n"),
            ("en/pages/deep/page.ftl", "title = Title\ngone = Gone\n"),
            ("en/pages/other.ftl", "other = Other\n"),
            ("ru/top.ftl", "top = Верх\n"),
            // `title` is in another file than the reference's: missing there, obsolete here.
            ("ru/pages/deep/page.ftl", "gone = Нет\nnew = Новое\n"),
            ("ru/pages/title.ftl", "title = Заголовок\n"),
            ("ru/.hidden/x.ftl", "x = X\n"),
        ],
    );
    assert_eq!(
        found(&dir),
        [
            one("missing", "ru", "ru/pages/deep/page.ftl", Some("title")),
            one("obsolete", "ru", "ru/pages/deep/page.ftl", Some("new")),
            one("missing-file", "ru", "ru/pages/other.ftl", None),
            one("obsolete-file", "ru", "ru/pages/title.ftl", None),
        ]
    );
    assert_eq!(
        ftl_files(&dir.join("en")),
        [
            PathBuf::from("pages/deep/page.ftl"),
            PathBuf::from("pages/other.ftl"),
            PathBuf::from("top.ftl"),
        ]
    );
}

#[test]
fn term_parameters_are_the_terms_own() {
    let dir = locales(
        "terms",
        &[
            ("en/a.ftl", "-brand = Firefox\nabout = About { -brand }\nhello = Hello { $name }\n"),
            (
                "ru/a.ftl",
                "-brand =\n    { $case ->\n       *[nominative] Файрфокс\n        [genitive] Файрфокса\n    }\nabout = О { -brand(case: \"prepositional\") }\nhello = Привет, { $name }\n",
            ),
        ],
    );
    assert_eq!(found(&dir), []);
}

#[test]
fn default_variants_cover_the_rare_cldr_categories() {
    let select = |keys: &str| {
        let mut text = String::from("n = { $n ->\n");
        for key in keys.split(' ') {
            text.push_str(&format!("    {key} x\n"));
        }
        text.push_str("}\n");
        text
    };
    let cases = [
        // ru: `other` holds only fractions, which `*[many]` covers.
        ("ru", "[one] [few] *[many]", true),
        ("ru", "[one] [few] [many] *[other]", true),
        ("ru", "[one] *[many]", false),
        ("ru", "[one] *[other]", false),
        // A numeric key is not `one` in Russian (21, 31, …).
        ("ru", "[1] [few] [many] *[other]", false),
        // Numeric keys only: exact values (an index, a level), not plural.
        ("ru", "[1] *[other]", true),
        // fr, es: `many` holds round millions, which `*[other]` covers.
        ("fr", "[one] *[other]", true),
        ("es", "[one] [many] *[other]", true),
        ("fr", "[one] *[many]", false),
        ("fr", "[one] [several] *[other]", false),
        // In English `one` is 1 only, so `[1]` names it.
        ("es", "[1] [many] *[other]", true),
        ("en", "[1] [one] *[other]", true),
        ("en", "[0] [zero] *[other]", false),
        ("zh", "[0] [one] *[other]", true),
        ("ar", "[zero] [one] [two] [few] [many] *[other]", true),
        ("ar", "[0] [1] [2] [few] [many] *[other]", true),
        ("ar", "[one] [few] [many] *[other]", false),
        // Not on a number.
        ("ru", "[nominative] *[genitive]", true),
    ];
    for (lang, keys, ok) in cases {
        let text = select(keys);
        let (resource, _) = match fluent_syntax::parser::parse(text.as_str()) {
            Ok(r) => (r, false),
            Err((r, _)) => (r, true),
        };
        let mut unit = Unit::default();
        for entry in &resource.body {
            if let Some((_, Some(value), _)) = parts(entry) {
                walk_pattern(value, &mut unit);
            }
        }
        let problems: Vec<String> = unit
            .plural_selects
            .iter()
            .flat_map(|s| plural_problems(lang, "n", s))
            .collect();
        assert_eq!(problems.is_empty(), ok, "{lang} {keys}: {problems:?}");
    }
}

#[test]
fn reviewed_identical_texts_are_accepted() {
    let dir = locales(
        "allow",
        &[
            ("en/brands.ftl", "-brand = Firefox\n-other = Other Brand\n"),
            ("en/page.ftl", "name = Firefox\nsame = Same text\nlisted = Listed text\n"),
            ("ru/brands.ftl", "-brand = Firefox\n-other = Other Brand\n"),
            ("ru/page.ftl", "name = Firefox\nsame = Same text\nlisted = Listed text\n"),
            (
                "ru/.l10n-allow",
                "# reviewed\n[identical]\nbrands.ftl -brand*  # trademarks\nlisted\npage.ftl name extra\n[nothing]\n",
            ),
        ],
    );
    let findings = check(&dir, "en");
    let levels: Vec<(Level, &str, Option<&str>)> = findings
        .iter()
        .map(|f| (f.level(), f.kind(), f.message_id.as_deref()))
        .collect();
    assert_eq!(
        levels,
        [
            (Level::Error, "allow", None),
            (Level::Error, "allow", None),
            (Level::Accepted, "identical", Some("-brand")),
            (Level::Warning, "identical", Some("-other")),
            // `name` reads as the brand `-brand`: not an untranslated sentence.
            (Level::Warning, "identical", Some("same")),
            (Level::Accepted, "identical", Some("listed")),
        ]
    );
    let allow: Vec<usize> = findings
        .iter()
        .filter(|f| f.kind() == "allow")
        .map(|f| f.position().line)
        .collect();
    assert_eq!(allow, [5, 6]);
}
