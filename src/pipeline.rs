//! The pipeline for one document in one language: the only place that
//! knows the order of the stages.
//!
//! source → context → Handlebars markup → block tree → typeset → paginate → PDF

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Position};
use crate::house::House;
use crate::l10n::Localizer;
use crate::language::Language;
use crate::layout::Style;
use crate::layout::{context, markup, tree, LayoutDocument, Templates};
use crate::paginate::{paginate, qr_modules, Geometry, Marks, PagedDocument, QrModules};
use crate::pdf::{self, PdfInfo};
use crate::source::Document;
use crate::timing::Phases;
use crate::typeset::shaping::SharedWork;
use crate::typeset::{
    style_spec, typeset_body, FaceId, FontBook, Hyphenation, SetBlock, Shaper, ShapingCaches,
    TypesetError,
};

/// What every job shares, loaded once: messages, templates and fonts.
pub struct Resources {
    /// Where they come from: the built-in house and a repository's
    /// overrides, or a checkout's folders.
    pub house: House,
    pub localizer: Arc<Localizer>,
    pub templates: Templates,
    pub fonts: FontBook,
    /// Hyphenation exceptions by language (`locales/<lang>/hyphenation.txt`
    /// of the house, then of the repository).
    pub hyphenation: BTreeMap<String, Hyphenation>,
    /// A hash of the exceptions' text by language, for the build manifest.
    pub hyphenation_digests: BTreeMap<String, String>,
    /// The standard the PDFs claim (PDF/A-2u unless told otherwise).
    pub pdf_standard: pdf::PdfStandard,
    /// The emblem and recycle mark of page 1 (`assets/` of the set, or the UN's).
    pub marks: Marks,
    /// What shapers learned (shaped words, face choices, hyphenation), for
    /// the next job of the process to start from.
    pub caches: ShapingCaches,
}

impl Resources {
    /// Loads the house of a checkout at `root`: its `locales/`,
    /// `templates/`, `assets/` and (lazily) `fonts/`.
    pub fn load(root: &Path) -> Result<Self, Vec<Diagnostic>> {
        for folder in ["locales", "templates"] {
            if !root.join(folder).is_dir() {
                return Err(vec![Diagnostic::error(format!(
                    "cannot read the {folder} folder {}: no such folder",
                    root.join(folder).display()
                ))
                .in_file(&root.join(folder))
                .with_hint("run polypress inside a document repository (`polypress init` makes one), or pass --root")]);
            }
        }
        Self::of(House::folder(root))
    }

    /// Loads a house: messages, templates, marks and (lazily) fonts.
    pub fn of(house: House) -> Result<Self, Vec<Diagnostic>> {
        Self::for_languages(house, None)
    }

    /// As [`Resources::of`], parsing at once only the messages of the
    /// languages `wanted` (all when `None`), any other on first use.
    pub fn for_languages(house: House, wanted: Option<&[String]>) -> Result<Self, Vec<Diagnostic>> {
        let links = house.outside_links();
        if !links.is_empty() {
            return Err(links);
        }
        // Four pieces, none of which needs another: the messages, the
        // marks (an SVG parse), the templates' files and the hyphenation
        // exceptions, side by side, so that whichever core is free takes
        // the next. Read after the messages, the templates and the
        // exceptions kept a one-document render's jobs 0.075 ms later (a
        // repository with its own house). Errors are reported in that order.
        let ((localizer, marks), (templates, exceptions)) = rayon::join(
            || {
                rayon::join(
                    || Localizer::for_languages(&house, wanted),
                    || Marks::of(&house),
                )
            },
            || {
                rayon::join(
                    || Templates::read(&house),
                    || hyphenation_exceptions(&house, Localizer::languages_in(&house)),
                )
            },
        );
        let localizer = Arc::new(localizer?);
        let marks = marks.map_err(|(path, e): (PathBuf, String)| {
            vec![Diagnostic::error(format!("cannot draw {}: {e}", path.display()))
                .in_file(&path)
                .with_hint("an emblem or recycle mark is an SVG file of filled <path> elements with a viewBox")]
        })?;
        let templates = Templates::from_files(templates?, localizer.clone())?;
        // Those of the languages with messages: the folders were read for
        // their names alone.
        let languages = localizer.languages();
        let (mut hyphenation, mut hyphenation_digests) = exceptions;
        hyphenation.retain(|lang, _| languages.contains(lang));
        hyphenation_digests.retain(|lang, _| languages.contains(lang));
        let fonts = FontBook::of(&house);
        check_added_faces(&fonts)?;
        Ok(Resources {
            marks,
            localizer,
            templates,
            fonts,
            house,
            hyphenation,
            hyphenation_digests,
            caches: ShapingCaches::default(),
            pdf_standard: pdf::PdfStandard::default(),
        })
    }
}

/// The faces a repository adds: at most four, each a font that loads.
fn check_added_faces(fonts: &FontBook) -> Result<(), Vec<Diagnostic>> {
    let added = fonts.added();
    if let Some(extra) = added.get(FaceId::ADDED.len()) {
        return Err(vec![Diagnostic::error(format!(
            "{} fonts in fonts/ add to the built-in faces; at most {} can",
            added.len(),
            FaceId::ADDED.len()
        ))
        .in_file(extra)
        .with_hint(
            "keep the faces your documents need (they are tried in name order)",
        )]);
    }
    let errors: Vec<Diagnostic> = FaceId::ADDED[..fonts.added_count()]
        .iter()
        .filter_map(|&face| fonts.face_ref(face).err())
        .map(|e| {
            Diagnostic::error(e.to_string())
                .in_file(&e.path)
                .with_hint("fonts/ of a repository holds TrueType or OpenType fonts (.ttf, .otf)")
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Each language's hyphenation exceptions, parsed, and a hash of their
/// text (a job's inputs), for those of `languages` that have any.
fn hyphenation_exceptions(
    house: &House,
    languages: Vec<String>,
) -> (BTreeMap<String, Hyphenation>, BTreeMap<String, String>) {
    let mut hyphenation = BTreeMap::new();
    let mut digests = BTreeMap::new();
    for lang in languages {
        if let Some(text) = hyphenation_text(house, &lang) {
            digests.insert(
                lang.clone(),
                blake3::hash(text.as_bytes()).to_hex().to_string(),
            );
            hyphenation.insert(lang, Hyphenation::parse(&text));
        }
    }
    (hyphenation, digests)
}

/// The hyphenation exceptions of `lang`: the house's, then the
/// repository's (a word listed in both takes the repository's breaks).
pub(crate) fn hyphenation_text(house: &House, lang: &str) -> Option<String> {
    let name = format!("locales/{lang}/hyphenation.txt");
    let base = house.base_file(&name);
    let own = house
        .overrides
        .as_ref()
        .and_then(|root| std::fs::read(root.join(&name)).ok());
    if base.is_none() && own.is_none() {
        return None;
    }
    let mut text = base.map_or_else(String::new, |f| {
        String::from_utf8_lossy(&f.bytes).into_owned()
    });
    if let Some(own) = own {
        text.push('\n');
        text.push_str(&String::from_utf8_lossy(&own));
    }
    Some(text)
}

/// Renders the layout markup of `document` in `lang` (stage 3, first half).
pub fn render_markup(
    document: &Document,
    lang: &str,
    resources: &Resources,
) -> Result<String, Diagnostic> {
    let context = context::build(document, Language::of(lang), &resources.localizer)?;
    let kind = document.facts.kind.name();
    if !resources.templates.has(kind) {
        return Err(
            Diagnostic::error(format!("no template for documents of kind `{kind}`"))
                .in_file(&document.facts_file.path)
                .with_hint(format!("add templates/{kind}.hbs")),
        );
    }
    resources.templates.render(kind, &context)
}

/// Parses markup into the block tree (stage 3, second half).
pub fn layout(document: &Document, markup_text: &str) -> Result<LayoutDocument, Diagnostic> {
    let kind = document.facts.kind.name();
    let invalid = |message: String, position: Position| {
        let line = markup_text
            .lines()
            .nth(position.line.saturating_sub(1))
            .unwrap_or("")
            .trim();
        Diagnostic::error(format!(
            "template `{kind}` produced invalid markup: {message}"
        ))
        .with_hint(format!(
            "markup line {} column {}: `{}`; see docs/markup.md",
            position.line,
            position.column,
            line.chars().take(80).collect::<String>()
        ))
    };
    let root = markup::parse(markup_text).map_err(|e| invalid(e.message, e.position))?;
    tree::build(&root).map_err(|e| invalid(e.message, e.position))
}

/// Sets and paginates the block tree (stages 4 and 5).
pub fn typeset(
    document: &Document,
    layout: &LayoutDocument,
    resources: &Resources,
) -> Result<PagedDocument, Diagnostic> {
    typeset_sharing(document, layout, resources, Arc::default())
}

/// As [`typeset`], the shapers sharing `work` (what was shaped ahead).
fn typeset_sharing(
    document: &Document,
    layout: &LayoutDocument,
    resources: &Resources,
    work: Arc<SharedWork>,
) -> Result<PagedDocument, Diagnostic> {
    let mut shaper = shaper_for(layout, resources, work);
    let body = set_body(document, layout, resources, &mut shaper)?;
    let qr = || qr_of(layout);
    paginate_body(document, layout, &body, resources, &mut shaper, qr, |_| ())
}

/// The first page's QR code, when the document has one (3 million
/// instructions, made on the other core while the body is laid out).
fn qr_of(layout: &LayoutDocument) -> Option<QrModules> {
    let address = layout.first_page_footer.as_ref()?.qr.as_deref()?;
    qr_modules(address)
}

/// The job's shaper, sharing `work` (what was shaped ahead).
pub(crate) fn shaper_for<'a>(
    layout: &LayoutDocument,
    resources: &'a Resources,
    work: Arc<SharedWork>,
) -> Shaper<'a> {
    let mut shaper = Shaper::pooled(&resources.fonts, &resources.caches);
    shaper.share(work);
    shaper.hyphenation = resources.hyphenation.get(&layout.lang).cloned();
    shaper
}

/// Sets the block tree (stage 4).
pub(crate) fn set_body(
    document: &Document,
    layout: &LayoutDocument,
    resources: &Resources,
    shaper: &mut Shaper,
) -> Result<Vec<SetBlock>, Diagnostic> {
    let geometry = Geometry::of(layout.paper);
    let body = typeset_body(&layout.body, geometry.measure, layout.language(), shaper);
    let body = body.map_err(|e| typeset_error(document, &layout.lang, e, resources))?;
    Ok(crate::typeset::attach_note_tables(body))
}

/// Lays the set blocks out on pages (stage 5).
fn paginate_body(
    document: &Document,
    layout: &LayoutDocument,
    body: &[SetBlock],
    resources: &Resources,
    shaper: &mut Shaper,
    qr: impl FnOnce() -> Option<QrModules> + Send,
    flowed: impl FnOnce(usize),
) -> Result<PagedDocument, Diagnostic> {
    // The marks page 1 draws, for the manifest: a changed emblem renders
    // again the documents with a masthead, a changed recycle mark those
    // with a first-page footer.
    if layout.masthead.is_some() {
        crate::l10n::uses::note_other(crate::paginate::graphic::Marks::EMBLEM);
    }
    if layout.first_page_footer.is_some() {
        crate::l10n::uses::note_other(crate::paginate::graphic::Marks::RECYCLE);
    }
    let mut phases = Phases::start();
    let paged = paginate(layout, body, &resources.marks, qr, flowed, shaper)
        .map_err(|e| typeset_error(document, &layout.lang, e, resources));
    phases.mark("paginate");
    phases.report("paginate", &layout.lang);
    paged
}

/// The whole pipeline: the PDF bytes of `document` in `lang`.
pub fn render(
    document: &Document,
    lang: &str,
    resources: &Resources,
) -> Result<Vec<u8>, Diagnostic> {
    render_placed(document, lang, resources).map(|r| r.bytes)
}

/// As [`render`], calling `laid_out` on this thread once the layout is
/// made: every message the render formats has been formatted by then
/// (the templates are the only callers of the localizer), so a caller can
/// start work on them beside the typesetting.
pub fn render_then(
    document: &Document,
    lang: &str,
    resources: &Resources,
    laid_out: impl FnOnce(),
) -> Result<Vec<u8>, Diagnostic> {
    render_placed_then(document, lang, resources, laid_out).map(|r| r.bytes)
}

/// A rendered version and where its blocks landed.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Each block with an id (a segment), in the order laid out: its page
    /// (0-based) and top, in points from the top of the page.
    pub anchors: Vec<crate::paginate::Anchor>,
    /// Page size in points.
    pub width: f32,
    pub height: f32,
}

/// The whole pipeline, keeping where each segment landed (the preview
/// aligns language versions by it).
pub fn render_placed(
    document: &Document,
    lang: &str,
    resources: &Resources,
) -> Result<Rendered, Diagnostic> {
    render_placed_then(document, lang, resources, || ())
}

/// As [`render_placed`], calling `laid_out` once the layout is made
/// ([`render_then`]).
fn render_placed_then(
    document: &Document,
    lang: &str,
    resources: &Resources,
    laid_out: impl FnOnce(),
) -> Result<Rendered, Diagnostic> {
    let mut phases = Phases::start();
    // While the markup is rendered and read, the other core shapes the
    // words of the job's texts ahead for the typesetter.
    let work = Arc::new(SharedWork::default());
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (layout, ()) = rayon::join(
        || {
            // The markup is freed once the layout has its own, so later
            // stages reuse that memory instead of touching fresh pages.
            let layout = render_markup(document, lang, resources)
                .and_then(|markup_text| layout(document, &markup_text));
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            layout
        },
        || {
            if let Some((_, file)) = document.texts.get(Language::of(lang).texts_tag()) {
                work.shape_ahead(
                    &resources.fonts,
                    Language::of(lang),
                    &file.text,
                    style_spec(Style::Body).size,
                    &stop,
                );
            }
        },
    );
    let layout = layout?;
    phases.mark("markup+layout");
    laid_out();
    let mut shaper = shaper_for(&layout, resources, work);
    let body = Arc::new(set_body(document, &layout, resources, &mut shaper)?);
    let facts = &document.facts;
    let info = PdfInfo {
        date: document.issue_date(),
        subject: if facts.symbols.is_empty() {
            document.id.clone()
        } else {
            facts.symbols.join(" ")
        },
        standard: resources.pdf_standard,
    };
    // While the body is laid out on pages and the pages are written, the
    // other core makes the QR code and reads the body's glyphs; once the
    // body has flowed into pages, the furniture is set for that page
    // count (on a thread that has nothing else to do, with a shaper of
    // its own) and the fonts' subsets made from both, their programs cut
    // and compressed (`pdf::Ahead`). Whichever side comes first to the QR
    // code, the body's glyphs, a subset or a program makes it, and the
    // other takes it (or waits for it while it is being made); nothing
    // waits for work not begun. With one thread the pages come first, and
    // close the work ahead unbegun.
    //
    // The body and the layout are freed as soon as the pages are laid out
    // (the body by whichever side lets it go last), so the PDF stage
    // reuses their memory rather than touching fresh pages: kept to the
    // end, they had cost a 200-page Chinese report 2,500 more page faults.
    let page_body = {
        let geometry = Geometry::of(layout.paper);
        geometry.body_bottom - geometry.body_top
    };
    let ahead = pdf::Ahead::new(body.clone(), page_body);
    let address = layout.first_page_footer.as_ref().and_then(|f| f.qr.clone());
    let qr = std::sync::OnceLock::new();
    let make_qr = || address.as_deref().and_then(qr_modules);
    // The furniture, for the work ahead: the layout without its body.
    let furniture = LayoutDocument {
        lang: layout.lang.clone(),
        paper: layout.paper,
        title: String::new(),
        masthead: layout.masthead.clone(),
        first_page_footer: layout.first_page_footer.clone(),
        running_header: layout.running_header.clone(),
        running_footer: layout.running_footer.clone(),
        body: Vec::new(),
    };
    let work = shaper.shared_work();
    let mut beside_shaper = shaper.sibling(&work);
    let written = rayon::scope(|scope| {
        let (written, ()) = rayon::join(
            || {
                let _closes = ahead.closing();
                let qr = || qr.get_or_init(make_qr).clone();
                let (ahead, marks, fonts) = (&ahead, &resources.marks, &resources.fonts);
                let flowed = move |pages| {
                    scope.spawn(move |_| {
                        // The runs the QR code's furniture draws do not
                        // depend on its modules.
                        let shaper = &mut beside_shaper;
                        let runs =
                            crate::paginate::furniture_runs(&furniture, marks, None, pages, shaper);
                        ahead.prepare(&runs, fonts);
                    });
                };
                let paged =
                    paginate_body(document, &layout, &body, resources, &mut shaper, qr, flowed);
                drop(body);
                crate::later::drop(layout);
                let paged = paged?;
                phases.mark("typeset+paginate");
                let bytes = pdf::write_with(&paged, &resources.fonts, &info, ahead).map_err(|e| {
                    Diagnostic::error(format!("{} ({lang}): {e}", document.id))
                        .in_file(&document.dir)
                        .internal()
                });
                Ok::<_, Diagnostic>((paged, bytes))
            },
            || {
                qr.get_or_init(make_qr);
                ahead.read_body();
            },
        );
        written
    });
    crate::later::drop(ahead);
    let (paged, bytes) = written?;
    phases.mark("pdf");
    phases.report(&document.id, lang);
    let mut paged = paged;
    let anchors = std::mem::take(&mut paged.anchors);
    let (width, height) = (paged.width, paged.height);
    crate::later::drop(paged);
    Ok(Rendered {
        bytes: bytes?,
        anchors,
        width,
        height,
    })
}

/// Turns a typesetting error into a diagnostic that points at the
/// character in the source, when it can be found there.
fn typeset_error(
    document: &Document,
    lang: &str,
    error: TypesetError,
    resources: &Resources,
) -> Diagnostic {
    match &error {
        TypesetError::MissingGlyph { character, context } => {
            let message = format!("{error} in document `{}`, language `{lang}`", document.id);
            let hint = format!(
                "the built-in fonts (Liberation Serif, Noto Naskh Arabic, Noto Serif SC) lack this character; \
                 replace it, or add a font that has it to fonts/ of the document repository \
                 (docs/repositories.md) (text: “…{context}…”)"
            );
            let mut files: Vec<PathBuf> = document
                .texts
                .get(lang)
                .map(|(_, f)| f.path.clone())
                .into_iter()
                .collect();
            files.push(document.facts_file.path.clone());
            let mut texts: Vec<(PathBuf, String)> = files
                .into_iter()
                .filter_map(|file| Some((file.clone(), std::fs::read_to_string(&file).ok()?)))
                .collect();
            texts.extend(resources.localizer.files(lang).iter().map(|f| {
                (
                    f.path.clone(),
                    String::from_utf8_lossy(&f.bytes).into_owned(),
                )
            }));
            for (file, text) in texts {
                if let Some(offset) = text.find(*character) {
                    return Diagnostic::error(message)
                        .at_offset(&file, &text, offset, character.len_utf8())
                        .with_hint(hint);
                }
            }
            Diagnostic::error(message)
                .in_file(&document.dir)
                .with_hint(hint)
        }
        TypesetError::Font(e) => Diagnostic::error(e.to_string())
            .in_file(&e.path)
            .with_hint(
                "the fonts live in fonts/ of the repository; restore them with git checkout fonts/",
            )
            .internal(),
        TypesetError::MastheadTooTall { column, .. } => {
            masthead_error(document, lang, *column, error.to_string())
        }
        TypesetError::TooManyPages { .. } => Diagnostic::error(format!(
            "{error}: document `{}`, language `{lang}`",
            document.id
        ))
        .in_file(texts_file(document, lang))
        .with_hint(format!(
            "split it into several documents; the limit ({}) is far above any real document",
            crate::input::Limits::PAGES
        )),
        TypesetError::Unplaceable { .. } => Diagnostic::error(format!(
            "{error} in document `{}`, language `{lang}`",
            document.id
        ))
        .in_file(texts_file(document, lang))
        .with_hint("shorten that text or split it"),
        TypesetError::WordTooWide { word, place, .. } => {
            let message = format!("{error} in document `{}`, language `{lang}`", document.id);
            let hint = if *place == "line" {
                "a word without a break point must fit the line: shorten it, or give it break \
                 points (a URL or a long code: put a space or a hyphen where it may break)"
            } else {
                "widen the column (`columns: [{ width: … }]`), give the table fewer columns, or \
                 let the word break (a space or a hyphen)"
            };
            // The word's place in the texts, when it is written there as set.
            let probe: String = word.chars().take(40).collect();
            let file = texts_file(document, lang);
            match std::fs::read_to_string(file)
                .ok()
                .and_then(|text| text.find(&probe).map(|at| (text, at)))
            {
                Some((text, at)) => Diagnostic::error(message)
                    .at_offset(file, &text, at, probe.len())
                    .with_hint(hint),
                None => Diagnostic::error(message).in_file(file).with_hint(hint),
            }
        }
        TypesetError::UnresolvedLink { .. } => Diagnostic::error(format!(
            "{error}: document `{}`, language `{lang}`",
            document.id
        ))
        .in_file(texts_file(document, lang))
        .with_hint("this is a bug of polypress: please report it with the document")
        .internal(),
    }
}

/// The texts file of `lang`, or document.yaml when there is none.
fn texts_file<'a>(document: &'a Document, lang: &str) -> &'a Path {
    document
        .texts
        .get(lang)
        .map_or(&document.facts_file.path, |(_, f)| &f.path)
}

/// A masthead too tall for page 1: points at the longest agenda-item title
/// of the organ in column `column`, in the texts of `lang`, or at the organ
/// in document.yaml when it has none.
fn masthead_error(document: &Document, lang: &str, column: usize, message: String) -> Diagnostic {
    let message = format!("{message} (document `{}`, language `{lang}`)", document.id);
    let organ = document.facts.organs.get(column);
    let texts = crate::language::Language::of(lang).texts_tag();
    let longest = organ.and_then(|o| {
        let (texts, _) = document.texts.get(texts)?;
        o.agenda_items
            .iter()
            .filter_map(|n| texts.agenda_items.get(n).map(|t| (t.chars().count(), *n)))
            .max()
    });
    match (longest, document.texts.get(texts)) {
        (Some((_, item)), Some((_, file))) => file
            .error_at(&format!("agenda_items.{item}"), message)
            .with_hint(
                "an agenda-item title in the masthead takes a few lines: give the short title \
                 of the item as it appears in the agenda",
            ),
        _ => document
            .facts_file
            .error_at(&format!("organs[{column}]"), message)
            .with_hint("the masthead's session block has too many lines for page 1"),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    /// The hyphenation exceptions, read beside the messages from the
    /// locale folders' names, are those of every language with messages
    /// (as read from the loaded messages), in the checkout's house and in
    /// the built-in one: four languages have exceptions. Reading them for
    /// no language, or only for those wanted at once, fails this.
    #[test]
    fn every_language_s_hyphenation_exceptions_are_loaded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for house in [
            crate::house::House::folder(root),
            crate::house::House::built_in(root),
        ] {
            let wanted = ["fr".to_owned()];
            let resources = super::Resources::for_languages(house.clone(), Some(&wanted)).unwrap();
            let languages = resources.localizer.languages();
            let (hyphenation, digests) = super::hyphenation_exceptions(&house, languages.clone());
            assert_eq!(
                resources.hyphenation.keys().collect::<Vec<_>>(),
                hyphenation.keys().collect::<Vec<_>>()
            );
            assert_eq!(resources.hyphenation_digests, digests);
            assert!(
                ["en", "es", "fr", "ru"]
                    .iter()
                    .all(|l| digests.contains_key(*l)),
                "{digests:?}"
            );
        }
    }

    /// A subset made ahead is taken only when the pages draw the glyphs
    /// it was made for, and the file is the same with it as without. Read
    /// with the furniture (the page count right), every face's subset is
    /// taken, in a press release and in a letter, in Chinese and in
    /// English. Without it, the letter's masthead draws 第七十五届会议
    /// and more, which its body lacks, and its pages' numbers, job number
    /// and symbol draw digits and letters the body lacks: fewer are.
    #[test]
    fn a_subset_made_ahead_is_taken_only_for_the_same_glyphs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let resources = super::Resources::load(root).unwrap();
        let cases = [
            ("csto-2024-12-11-training-consultations", "zh", true),
            ("a-75-906-s-2021-534", "zh", true),
            ("a-75-906-s-2021-534", "en", true),
            ("a-75-906-s-2021-534", "zh", false),
            ("a-75-906-s-2021-534", "en", false),
        ];
        for (name, lang, with_furniture) in cases {
            let dir = root.join("documents").join(name);
            let document =
                crate::source::load_document(&dir, &resources.localizer.languages()).unwrap();
            let markup = super::render_markup(&document, lang, &resources).unwrap();
            let layout = super::layout(&document, &markup).unwrap();
            let mut shaper = super::shaper_for(&layout, &resources, Arc::default());
            let body = super::set_body(&document, &layout, &resources, &mut shaper).unwrap();
            let paged = super::typeset(&document, &layout, &resources).unwrap();
            let info = crate::pdf::PdfInfo {
                date: document.issue_date(),
                subject: name.into(),
                standard: crate::pdf::PdfStandard::A2u,
            };
            // The faces the pages draw.
            let faces: std::collections::BTreeSet<String> = paged
                .pages
                .iter()
                .flat_map(|p| &p.marks)
                .filter_map(|m| match m {
                    crate::paginate::Mark::Text { run, .. } => {
                        Some(format!("{:?} {}", run.face, run.is_rtl()))
                    }
                    _ => None,
                })
                .collect();
            let furniture = match with_furniture {
                true => {
                    let address = layout.first_page_footer.as_ref().and_then(|f| f.qr.clone());
                    let qr = address.as_deref().and_then(super::qr_modules);
                    let (marks, pages) = (&resources.marks, paged.pages.len());
                    crate::paginate::furniture_runs(&layout, marks, qr.as_ref(), pages, &mut shaper)
                }
                false => Vec::new(),
            };
            let page_body = 600.0;
            let prepare = |body| {
                let ahead = crate::pdf::Ahead::new(Arc::new(body), page_body);
                ahead.read_body();
                ahead.prepare(&furniture, &resources.fonts);
                ahead
            };
            let ahead = prepare(body.clone());
            let with = crate::pdf::write_with(&paged, &resources.fonts, &info, &ahead).unwrap();
            let without = crate::pdf::write(&paged, &resources.fonts, &info).unwrap();
            let case = format!("{name} {lang}, furniture {with_furniture}, faces {faces:?}");
            let taken = ahead.taken();
            match with_furniture {
                true => assert_eq!(taken, faces.len(), "{case}"),
                false => assert!(taken < faces.len(), "{case}: {taken} taken"),
            }
            assert!(with == without, "{case}: the same file");
            if lang != "zh" || !with_furniture {
                continue;
            }

            // A paragraph the pages do not draw, with a Chinese glyph none
            // of them has: as the contents' "(continued)" heading, set
            // ahead for pages the contents may run onto, it is not read
            // while the contents are short, and both subsets are still
            // taken; read beside tall contents, or as any other paragraph,
            // the regular face's subset is made afresh.
            let body_runs = body
                .iter()
                .filter_map(|b| match b {
                    crate::typeset::SetBlock::Paragraph(p) => Some(&p.lines),
                    _ => None,
                })
                .flatten()
                .flat_map(|l| l.runs.iter().map(|(_, r)| r));
            let drawn: std::collections::BTreeSet<u16> = body_runs
                .chain(&furniture)
                .flat_map(|r| r.glyphs.iter().map(|g| g.id))
                .collect();
            let unseen = (1..).find(|id| !drawn.contains(id)).unwrap();
            let (mut extra, run) = body
                .iter()
                .find_map(|b| match b {
                    crate::typeset::SetBlock::Paragraph(p) => p.lines.iter().find_map(|l| {
                        let run = l
                            .runs
                            .iter()
                            .find(|(_, r)| r.face == crate::typeset::FaceId::CjkRegular)?;
                        Some((p.clone(), run.1.clone()))
                    }),
                    _ => None,
                })
                .unwrap();
            let mut odd = (*run).clone();
            odd.glyphs[0].id = unseen;
            extra.lines = vec![crate::typeset::Line {
                runs: vec![(0.0, Arc::new(odd))],
                leading: 12.0,
            }];
            // Contents taller than half a page (`page_body`), of glyphs the
            // pages draw: then the heading is read.
            let mut tall = extra.clone();
            tall.style = crate::layout::Style::ContentsEntry;
            tall.lines = vec![
                crate::typeset::Line {
                    runs: vec![(0.0, run.clone())],
                    leading: 12.0,
                };
                30
            ];
            use crate::layout::Style::{Body, ContentsContinued};
            for (style, tall_contents, taken_now) in [
                (ContentsContinued, false, taken),
                (ContentsContinued, true, taken - 1),
                (Body, false, taken - 1),
            ] {
                extra.style = style;
                let mut more = body.clone();
                if tall_contents {
                    more.push(crate::typeset::SetBlock::Paragraph(tall.clone()));
                }
                more.push(crate::typeset::SetBlock::Paragraph(extra.clone()));
                let ahead = prepare(more);
                let with = crate::pdf::write_with(&paged, &resources.fonts, &info, &ahead).unwrap();
                let case = format!("{name}, {style:?}, tall contents {tall_contents}");
                assert_eq!(ahead.taken(), taken_now, "{case}");
                assert!(with == without, "{case}: the same file");
            }
        }
    }
}
