//! The generated corpus: the seed statement's paragraphs and the
//! documents' sentences written into statements and realistic reports in
//! each language, under roots that share the repository's locales,
//! templates and fonts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polypress::source::model::{
    Distribution, DutyStation, Facts, JobNumber, Kind, Organ, OrganKind, Segment, Texts,
};

use super::{realistic, LANGUAGES};

/// Makes `link` stand for the folder `target`: a symbolic link on Unix, a
/// copy elsewhere (a Windows symbolic link needs a privilege).
fn link_folder(target: &Path, link: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(target, link)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(link)?;
        for entry in std::fs::read_dir(target)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                link_folder(&entry.path(), &link.join(entry.file_name()))?;
            } else {
                std::fs::copy(entry.path(), link.join(entry.file_name()))?;
            }
        }
        Ok(())
    }
}

/// The generated corpus.
pub(super) struct Corpus {
    /// Root with the single-document cases: by language, the document's
    /// folder and its words.
    pub(super) root: PathBuf,
    pub(super) short: BTreeMap<&'static str, (PathBuf, u64)>,
    pub(super) long: BTreeMap<&'static str, (PathBuf, u64)>,
    pub(super) realistic_short: BTreeMap<&'static str, (PathBuf, u64)>,
    pub(super) realistic_long: BTreeMap<&'static str, (PathBuf, u64)>,
    /// Root with the mixed batch of realistic reports, its output file
    /// names and its words.
    pub(super) realistic_batch_root: PathBuf,
    pub(super) realistic_batch_outputs: Vec<String>,
    pub(super) realistic_batch_words: u64,
    /// Root with the 300-document set, and its output file names.
    pub(super) batch_root: PathBuf,
    pub(super) batch_outputs: Vec<String>,
}

/// The seed statement's paragraphs in one language.
fn seed_paragraphs(root: &Path, lang: &str) -> std::io::Result<Vec<String>> {
    let path = root
        .join("documents/a-75-906-s-2021-534")
        .join(format!("{lang}.yaml"));
    let text = std::fs::read_to_string(&path)?;
    let texts: Texts = serde_yaml::from_str(&text).map_err(std::io::Error::other)?;
    // Footnote calls are dropped: the generated statements carry no footnotes.
    let without_calls = realistic::without_footnote_calls;
    Ok(texts
        .annexes
        .values()
        .flat_map(|a| a.paragraphs.iter().map(|p| without_calls(&p.text)))
        .collect())
}

pub(super) fn facts(languages: Vec<String>, original: &str, n: usize) -> Facts {
    Facts {
        kind: Kind::Statement,
        symbols: vec![format!("A/75/{}", 900 + n)],
        job_number: Some(JobNumber::One(format!("21-{:05}", 7000 + n))),
        duty_station: DutyStation::NewYork,
        masthead_date: Some("2021-06-01".into()),
        footer_dates: vec!["2021-06-02".into(), "2021-06-03".into()],
        original_language: original.into(),
        distribution: Distribution::General,
        languages,
        organs: vec![Organ {
            organ: OrganKind::GeneralAssembly,
            session: Some(75),
            year: None,
            agenda_items: Vec::new(),
            body: None,
            session_dates: Vec::new(),
        }],
        letter: None,
        annexes: Vec::new(),
        date: Some("2021-05-19".into()),
        organization: None,
        category: Default::default(),
        word_limit: None,
        numbered_paragraphs: None,
        contents: None,
        resolution: None,
        note_by: None,
        notes: Default::default(),
    }
}

fn write_document(dir: &Path, facts: &Facts, texts: &[(String, Texts)]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_yaml(&dir.join("document.yaml"), facts)?;
    for (lang, t) in texts {
        write_yaml(&dir.join(format!("{lang}.yaml")), t)?;
    }
    Ok(())
}

fn write_yaml<T: serde::Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    std::fs::write(
        path,
        serde_yaml::to_string(value).map_err(std::io::Error::other)?,
    )
}

fn statement_texts(paragraphs: &[String], count: usize) -> Texts {
    Texts {
        title: Some(paragraphs[0].chars().take(80).collect::<String>().into()),
        place: Some("Dushanbe".into()),
        paragraphs: (0..count)
            .map(|i| Segment {
                id: format!("p{i}"),
                text: paragraphs[i % paragraphs.len()].clone().into(),
                source: None,
                ..Segment::default()
            })
            .collect(),
        ..Texts::default()
    }
}

/// By language, a document's folder and its words.
type ByLanguage = BTreeMap<&'static str, (PathBuf, u64)>;

/// By language, the sentences of the documents the realistic reports
/// draw on.
type Pools = BTreeMap<&'static str, Vec<String>>;

/// Writes the corpus; the same every time.
pub(super) fn generate(root: &Path, work: &Path) -> std::io::Result<Corpus> {
    let _ = std::fs::remove_dir_all(work);
    let single = work.join("single");
    let batch = work.join("batch");
    let realistic_batch = work.join("realistic-batch");
    for base in [&single, &batch, &realistic_batch] {
        share(root, base)?;
    }
    let (short, long) = statements(root, &single)?;
    let (realistic_short, realistic_long, pools) = realistic_reports(root, &single)?;
    let (realistic_batch_outputs, realistic_batch_words) =
        realistic_batch_set(&realistic_batch, &pools)?;
    let batch_outputs = statement_batch(root, &batch)?;
    Ok(Corpus {
        root: single,
        short,
        long,
        realistic_short,
        realistic_long,
        realistic_batch_root: realistic_batch,
        realistic_batch_outputs,
        realistic_batch_words,
        batch_root: batch,
        batch_outputs,
    })
}

/// A root of the corpus: its documents folder, and the root's locales,
/// templates and fonts linked in.
fn share(root: &Path, base: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(base.join("documents"))?;
    for shared in ["locales", "templates", "fonts"] {
        let target = std::fs::canonicalize(root.join(shared))?;
        link_folder(&target, &base.join(shared))?;
    }
    Ok(())
}

/// How many of the seed statement's paragraphs fill `pages` pages in
/// `lang`: paragraphs per page differ by script (measured on the seed
/// statement's paragraphs); the masthead takes most of page 1.
fn paragraphs_for(lang: &str, pages: usize) -> usize {
    let per_page = match lang {
        "zh" => 11.6,
        "ar" => 9.9,
        "en" => 8.1,
        "fr" => 7.6,
        "es" => 7.3,
        _ => 6.8,
    };
    ((pages as f64 - 0.8) * per_page).round() as usize
}

/// The 8-page and 200-page statements of the seed's paragraphs, one per
/// language, under the single-document root.
fn statements(root: &Path, single: &Path) -> std::io::Result<(ByLanguage, ByLanguage)> {
    let mut short = BTreeMap::new();
    let mut long = BTreeMap::new();
    for (i, lang) in LANGUAGES.into_iter().enumerate() {
        let paragraphs = seed_paragraphs(root, lang)?;
        for (size, pages, map) in [("8-page", 8, &mut short), ("200-page", 200, &mut long)] {
            let dir = single.join("documents").join(format!("{size}-{lang}"));
            let texts = statement_texts(&paragraphs, paragraphs_for(lang, pages));
            let words = polypress::source::submission::word_count(&texts, lang).into();
            write_document(
                &dir,
                &facts(vec![lang.into()], lang, i),
                &[(lang.into(), texts)],
            )?;
            map.insert(lang, (dir, words));
        }
    }
    Ok((short, long))
}

/// The 8-page and 200-page realistic reports, one per language, under
/// the single-document root, and each language's sentences they drew on.
fn realistic_reports(
    root: &Path,
    single: &Path,
) -> std::io::Result<(ByLanguage, ByLanguage, Pools)> {
    let mut realistic_short = BTreeMap::new();
    let mut realistic_long = BTreeMap::new();
    let mut pools = BTreeMap::new();
    for (i, lang) in LANGUAGES.into_iter().enumerate() {
        let sentences = realistic::sentences(root, lang)?;
        if sentences.len() < 12 {
            return Err(std::io::Error::other(format!(
                "the documents have only {} sentences in `{lang}`: too few for the realistic cases",
                sentences.len()
            )));
        }
        let cases = [
            ("8-page", 8, &mut realistic_short),
            ("200-page", 200, &mut realistic_long),
        ];
        for (size, pages, map) in cases {
            let dir = single
                .join("documents")
                .join(format!("realistic-{size}-{lang}"));
            let (texts, words) =
                realistic::report_texts(&sentences, lang, pages, pages as u64 + i as u64);
            write_document(
                &dir,
                &realistic::report_facts(lang, i),
                &[(lang.into(), texts)],
            )?;
            map.insert(lang, (dir, words.into()));
        }
        pools.insert(lang, sentences);
    }
    Ok((realistic_short, realistic_long, pools))
}

/// The mixed batch of 60 realistic reports of 1 to 12 pages in the six
/// languages, drawn from `pools`: their output file names and words.
fn realistic_batch_set(
    realistic_batch: &Path,
    pools: &Pools,
) -> std::io::Result<(Vec<String>, u64)> {
    let mut realistic_batch_outputs = Vec::new();
    let mut realistic_batch_words = 0;
    let mut draw = realistic::Draw::new(60);
    for n in 0..60 {
        let lang = LANGUAGES[n % LANGUAGES.len()];
        let id = format!("report-{n:02}");
        let pages = draw.between(1, 12);
        let (texts, words) = realistic::report_texts(&pools[lang], lang, pages, 1000 + n as u64);
        let dir = realistic_batch.join("documents").join(&id);
        write_document(
            &dir,
            &realistic::report_facts(lang, n),
            &[(lang.into(), texts)],
        )?;
        realistic_batch_outputs.push(format!("{id}.{lang}.pdf"));
        realistic_batch_words += u64::from(words);
    }
    Ok((realistic_batch_outputs, realistic_batch_words))
}

/// The 300 statements of 1 to 8 pages, cycling through the languages:
/// their output file names.
fn statement_batch(root: &Path, batch: &Path) -> std::io::Result<Vec<String>> {
    let mut batch_outputs = Vec::new();
    for n in 0..300 {
        let lang = LANGUAGES[n % LANGUAGES.len()];
        let paragraphs = seed_paragraphs(root, lang)?;
        // 1 to 8 pages, cycling.
        let count = paragraphs_for(lang, n % 8 + 1).max(1);
        let id = format!("doc-{n:03}");
        let dir = batch.join("documents").join(&id);
        write_document(
            &dir,
            &facts(vec![lang.into()], lang, n),
            &[(lang.into(), statement_texts(&paragraphs, count))],
        )?;
        batch_outputs.push(format!("{id}.{lang}.pdf"));
    }
    Ok(batch_outputs)
}
