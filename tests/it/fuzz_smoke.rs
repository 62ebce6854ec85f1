//! A seconds-long smoke run of every fuzz target (`fuzz/`, README
//! "Fuzzing"): the seeds in `fuzz/seeds/<target>/` and a fixed number of
//! deterministic mutations of them, through the same functions the
//! libFuzzer targets call. A panic fails the test and leaves the input in
//! `target/fuzz-smoke/<target>.bin`. `POLYPRESS_FUZZ_SMOKE_SCALE=N` runs N
//! times as many mutations.

use crate::common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::{repo, Random};

/// Tokens a mutation inserts: the syntax of each input language and
/// characters that have broken text software before.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "\\",
    "{i:",
    "{b:",
    "{q:",
    "{sup:",
    "{footnote:",
    "{annex:",
    "{br}",
    "{nbsp}",
    "\n",
    ": ",
    "- ",
    "  ",
    "id: ",
    "text: ",
    "heading: 1",
    "items:",
    "table:",
    "\"",
    "'",
    "|",
    ">-",
    "<",
    ">",
    "&",
    "&amp;",
    "</",
    "/>",
    "<trans-unit id=\"",
    "<target>",
    "{ $",
    " -> ",
    "*[",
    "[one]",
    "-brand",
    ".title",
    "=",
    "\u{202E}",
    "\u{200F}",
    "\u{0301}",
    "\u{FEFF}",
    "\u{0000}",
    "😀",
    "ﻻ",
    "ꙮ",
    "\u{00AD}",
    "\t",
    "\r\n",
    "9999999999999999999999",
];

fn mutate(random: &mut Random, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + random.below(4) {
        let at = random.below(input.len() + 1);
        match random.below(6) {
            0 if !input.is_empty() => {
                let i = random.below(input.len());
                input[i] ^= 1 << random.below(8);
            }
            1 => {
                let token = TOKENS[random.below(TOKENS.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            2 if at < input.len() => {
                let end = (at + 1 + random.below(64)).min(input.len());
                input.drain(at..end);
            }
            3 if at < input.len() => {
                let end = (at + 1 + random.below(64)).min(input.len());
                let copy = input[at..end].to_vec();
                let to = random.below(input.len() + 1);
                input.splice(to..to, copy);
            }
            4 => {
                let other = &seeds[random.below(seeds.len())];
                let from = random.below(other.len());
                let end = (from + random.below(128)).min(other.len());
                input.splice(at..at, other[from..end].iter().copied());
            }
            _ => input.insert(at.min(input.len()), random.next() as u8),
        }
    }
}

fn smoke(target: &str, run: fn(&[u8]) -> bool, mutations: usize) {
    let scale: usize = std::env::var("POLYPRESS_FUZZ_SMOKE_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let dir = repo().join("fuzz/seeds").join(target);
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "{target}: no seeds");
    let accepted = seeds.iter().filter(|s| run(s)).count();
    assert!(accepted > 0, "{target}: no seed gets past the checks");
    let mut random = Random(0x9E37_79B9_7F4A_7C15 ^ target.len() as u64);
    let mut inputs: Vec<Vec<u8>> = seeds.clone();
    for _ in 0..mutations * scale {
        let mut input = seeds[random.below(seeds.len())].clone();
        mutate(&mut random, &seeds, &mut input);
        inputs.push(input);
    }
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut crash = None;
    for input in &inputs {
        if catch_unwind(AssertUnwindSafe(|| {
            polypress::fuzz::on_worker_stack(|| run(input));
        }))
        .is_err()
        {
            crash = Some(input.clone());
            break;
        }
    }
    std::panic::set_hook(hook);
    if let Some(input) = crash {
        let out = repo().join("target/fuzz-smoke");
        std::fs::create_dir_all(&out).unwrap();
        let path = out.join(format!("{target}.bin"));
        std::fs::write(&path, &input).unwrap();
        // Run it again with the hook in place, for the message.
        let _ = polypress::fuzz::on_worker_stack(|| run(&input));
        panic!("{target}: panicked on {}", path.display());
    }
}

#[test]
fn inline_markup() {
    smoke("inline_markup", polypress::fuzz::inline_markup, 20_000);
}

#[test]
fn layout_markup() {
    smoke("layout_markup", polypress::fuzz::layout_markup, 3_000);
}

#[test]
fn sources() {
    smoke("sources", polypress::fuzz::sources, 2_000);
}

#[test]
fn xliff_import() {
    smoke("xliff_import", polypress::fuzz::xliff_import, 1_000);
}

#[test]
fn typeset() {
    smoke("typeset", polypress::fuzz::typeset, 2_000);
}

#[test]
fn render() {
    smoke("render", polypress::fuzz::render, 100);
}

#[test]
fn fluent_lint() {
    smoke("fluent_lint", polypress::fuzz::fluent_lint, 1_000);
}
