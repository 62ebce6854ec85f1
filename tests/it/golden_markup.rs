//! Golden tests of the layout markup the templates render for every
//! document and language, and for the structure fixture. handlebars is pinned because some releases render
//! wrong output (upstream #698); these files catch such a change.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test --test it golden_markup::` and
//! review the diff.

use std::path::PathBuf;

use polypress::pipeline::{self, Resources};
use polypress::source::load_document;

#[test]
fn rendered_markup_matches_the_golden_files() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let resources = Resources::load(&root).expect("the repository's resources load");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut compared = 0;
    let mut documents: Vec<PathBuf> = std::fs::read_dir(root.join("documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    documents.sort();
    // The structure fixture: every element of a structured body, in the six
    // languages (tests/it/structure.rs renders it).
    documents.push(root.join("tests/fixtures/structure"));
    for dir in documents {
        let goldens = if dir.starts_with(root.join("tests")) {
            root.join("tests/golden/structure")
        } else {
            root.join("tests/golden")
        };
        let document = load_document(&dir, &resources.localizer.languages())
            .expect("seed documents are valid");
        for lang in &document.facts.languages {
            let markup = pipeline::render_markup(&document, lang, &resources).expect("renders");
            // The markup must also parse into a block tree.
            pipeline::layout(&document, &markup).expect("valid markup");
            let golden = goldens.join(format!("{}.{lang}.xml", document.id));
            if update {
                std::fs::write(&golden, &markup).unwrap();
            }
            let expected = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
                panic!("{} is missing; run with UPDATE_GOLDEN=1", golden.display())
            });
            assert!(
                markup == expected,
                "{} differs from the rendered markup:\n{markup}",
                golden.display()
            );
            compared += 1;
        }
    }
    assert!(compared >= 30, "every seed document in the six languages");
}
