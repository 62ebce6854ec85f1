use std::collections::BTreeMap;

use super::content::{pieces, placeholder_ids, placeholder_problems, to_content};
use super::entries::entries;
use super::import::rewrite;
use crate::l10n::syntax::variables;

const FTL: &str = "# A heading.\n\n# $number is 0 for the only annex.\nannex-heading = { $number ->\n    [0] Annex\n   *[other] Annex { ROMAN($number) }\n} to the letter dated { DATE($date) }\n    .short = Annex\n\nplain = Hello \"world\"\n";

#[test]
fn entries_are_found_by_lines() {
    let e = entries(FTL);
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].id, "annex-heading");
    assert_eq!(
        e[0].comment.as_deref(),
        Some("$number is 0 for the only annex.")
    );
    let v = &e[0].value;
    assert_eq!((v.start, v.end), (3, 7));
    assert_eq!(
        v.raw,
        "{ $number ->\n    [0] Annex\n   *[other] Annex { ROMAN($number) }\n} to the letter dated { DATE($date) }"
    );
    assert_eq!(e[0].attributes[0].0, "short");
    assert_eq!(e[0].attributes[0].1.raw, "Annex");
    assert_eq!(e[1].value.raw, "Hello \"world\"");
}

#[test]
fn fluent_syntax_travels_as_placeholders() {
    let v = pieces(&entries(FTL)[0].value.raw);
    let (ids, _) = placeholder_ids(&v, &[]);
    assert_eq!(
        to_content(&v, &ids),
        "<ph id=\"1\">{ $number -&gt;</ph>\n    <ph id=\"2\">[0]</ph> Annex\n   <ph id=\"3\">*[other]</ph> Annex <ph id=\"4\">{ ROMAN($number) }</ph>\n<ph id=\"5\">}</ph> to the letter dated <ph id=\"6\">{ DATE($date) }</ph>"
    );
}

#[test]
fn a_target_placeable_takes_the_id_of_the_same_placeable_in_the_source() {
    let source =
        pieces("Letter dated { DATE($date) } from { $senders } addressed to the { $addressee }");
    let target =
        pieces("Lettre datée du { DATE($date) }, adressée { $addressee } par { $senders }");
    let (source_ids, target_ids) = placeholder_ids(&source, &target);
    assert_eq!(source_ids, [1, 2, 3]);
    assert_eq!(
        target_ids,
        [1, 3, 2],
        "$addressee is 3 and $senders 2 on both sides"
    );
    // The target's own plural forms get ids of their own.
    let source = pieces("{ $n ->\n    [one] one annex\n   *[other] { $n } annexes\n}");
    let target = pieces("{ $n ->\n    [one] приложение\n    [few] { $n } приложения\n   *[other] { $n } приложений\n}");
    let (source_ids, target_ids) = placeholder_ids(&source, &target);
    assert_eq!(source_ids, [1, 2, 3, 4, 5]);
    assert_eq!(target_ids, [1, 2, 6, 4, 3, 7, 5]);
    assert_eq!(
        to_content(&target, &target_ids).matches("<ph id=").count(),
        7
    );
}

/// A unit of a fixture XLIFF file, as a CAT tool gives it back.
fn target_node<'a>(doc: &'a roxmltree::Document<'a>) -> roxmltree::Node<'a, 'a> {
    doc.descendants()
        .find(|n| n.has_tag_name("target"))
        .unwrap()
}

#[test]
fn swapped_or_edited_placeholders_are_refused_and_a_reorder_by_id_is_not() {
    let source = "from { $senders } addressed to the { $addressee }";
    // Reordered as French wants, each id with its own content: fine.
    let xml = r#"<target><ph id="2">{ $addressee }</ph> par <ph id="1">{ $senders }</ph></target>"#;
    let doc = roxmltree::Document::parse(xml).unwrap();
    assert!(placeholder_problems(source, target_node(&doc)).is_empty());
    // Id 1 carrying the content of id 2: refused, naming both.
    let xml = r#"<target><ph id="1">{ $addressee }</ph> par <ph id="2">{ $senders }</ph></target>"#;
    let doc = roxmltree::Document::parse(xml).unwrap();
    let problems = placeholder_problems(source, target_node(&doc));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains(
        "placeholder 1 is `{ $addressee }` in the target but `{ $senders }` in the source"
    ));
    // The target's own syntax, under ids of its own: nothing to compare.
    let xml = r#"<target><ph id="1">{ $senders }</ph> <ph id="3">{ "et" }</ph> <ph id="2">{ $addressee }</ph></target>"#;
    let doc = roxmltree::Document::parse(xml).unwrap();
    assert!(placeholder_problems(source, target_node(&doc)).is_empty());
}

#[test]
fn rewrite_changes_only_what_changed() {
    let mut changes = BTreeMap::new();
    assert_eq!(rewrite(FTL, &changes), FTL);
    changes.insert("plain".to_owned(), "Bonjour".to_owned());
    changes.insert("annex-heading.long".to_owned(), "Annexe".to_owned());
    changes.insert("new".to_owned(), "\n    Nouveau".to_owned());
    let out = rewrite(FTL, &changes);
    assert_eq!(
        out,
        FTL.replace("Hello \"world\"", "Bonjour").replace(
            "    .short = Annex\n",
            "    .short = Annex\n    .long = Annexe\n"
        ) + "\nnew =\n    Nouveau\n"
    );
    let (vars, broken) = variables(&out);
    assert!(!broken);
    assert!(vars.contains_key("annex-heading.long") && vars.contains_key("new"));
}
