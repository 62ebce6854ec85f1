//! The language of a version, parsed once from its tag: the script it is
//! written in, its direction and the typographic rules of that script and
//! language. Every stage asks this type (`Language::of(lang).is_rtl()`)
//! instead of comparing language codes; a test below keeps it so.
//!
//! The decisions are made on the primary subtag (`fr-CA` sets French
//! spacing), except for the pseudo-locales `en-XA` and `en-XB`, which are
//! English made strange: they take no English-only rule (no hyphenation
//! patterns), and `en-XB` is read right to left.

/// A writing system, as far as typesetting tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Hebrew,
    Han,
}

/// The direction a version is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    LeftToRight,
    RightToLeft,
}

impl Direction {
    pub(crate) fn is_rtl(self) -> bool {
        self == Direction::RightToLeft
    }

    /// The HTML `dir` value: `ltr` or `rtl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }
}

/// The pseudo-locales polypress knows, both made from English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pseudo {
    /// `en-XA`: accented letters, about 30 % longer.
    Accented,
    /// `en-XB`: English set right to left.
    Mirrored,
}

/// One language tag and what it decides. Cheap to make and `Copy`: make it
/// where a decision is taken, from the `lang: &str` at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language<'a> {
    tag: &'a str,
    primary: &'a str,
    script: Script,
    direction: Direction,
    pseudo: Option<Pseudo>,
}

/// The tags of the pseudo-locales.
pub(crate) const PSEUDO_LOCALES: [&str; 2] = ["en-XA", "en-XB"];

/// The language the pseudo-locales are made from.
pub(crate) const PSEUDO_SOURCE: &str = "en";

impl<'a> Language<'a> {
    /// The language of a BCP 47 tag (`ar`, `zh`, `fr-CA`, `en-XB`). A tag
    /// polypress knows nothing about is taken as Latin, left to right.
    pub fn of(tag: &'a str) -> Self {
        // Called at every decision, some per run of text: a byte search,
        // not a string split (which cost 4 % of a 200-page render).
        let primary = match tag.bytes().position(|b| b == b'-') {
            Some(i) => &tag[..i],
            None => tag,
        };
        let pseudo = match (primary.len() < tag.len()).then_some(tag) {
            Some("en-XA") => Some(Pseudo::Accented),
            Some("en-XB") => Some(Pseudo::Mirrored),
            _ => None,
        };
        let script = match primary {
            "ar" | "fa" | "ur" => Script::Arabic,
            "he" => Script::Hebrew,
            "zh" => Script::Han,
            "ru" => Script::Cyrillic,
            _ => Script::Latin,
        };
        let direction = match (script, pseudo) {
            (Script::Arabic | Script::Hebrew, _) | (_, Some(Pseudo::Mirrored)) => {
                Direction::RightToLeft
            }
            _ => Direction::LeftToRight,
        };
        Language {
            tag,
            primary,
            script,
            direction,
            pseudo,
        }
    }

    /// The tag as given.
    pub fn tag(self) -> &'a str {
        self.tag
    }

    /// The primary language subtag: `fr` for `fr-CA`, `en` for `en-XB`.
    pub(crate) fn primary(self) -> &'a str {
        self.primary
    }

    pub fn script(self) -> Script {
        self.script
    }

    pub fn direction(self) -> Direction {
        self.direction
    }

    /// Whether the version is read right to left (Arabic, Hebrew, and the
    /// pseudo-locale `en-XB`).
    pub(crate) fn is_rtl(self) -> bool {
        self.direction == Direction::RightToLeft
    }

    /// The pseudo-locale this is, if it is one.
    pub fn pseudo(self) -> Option<Pseudo> {
        self.pseudo
    }

    pub(crate) fn is_pseudo(self) -> bool {
        self.pseudo.is_some()
    }

    /// The tag whose document texts the version is made from: English for a
    /// pseudo-locale, else its own.
    pub fn texts_tag(self) -> &'a str {
        if self.is_pseudo() {
            PSEUDO_SOURCE
        } else {
            self.tag
        }
    }

    /// Whether this is the language the pseudo-locales are made from: a
    /// document with texts in it has pseudo-locale versions too.
    pub(crate) fn is_pseudo_source(self) -> bool {
        self.tag == PSEUDO_SOURCE
    }

    /// The language itself (not only its script) is Arabic: footnotes
    /// lettered in the abjad order, bare Arabic words kept for kashida.
    fn is_arabic(self) -> bool {
        self.primary == "ar" && !self.is_pseudo()
    }

    /// Whether the language is one of those that put footnote calls before
    /// punctuation and write a decimal comma: French, Spanish, Russian
    /// (docs/un-format.md §4.2).
    fn is_continental(self) -> bool {
        matches!(self.primary, "fr" | "es" | "ru")
    }

    /// Footnote calls go before the punctuation they touch (French,
    /// Spanish, Russian), not after it (English, Arabic, Chinese).
    pub(crate) fn footnote_calls_before_punctuation(self) -> bool {
        self.is_continental()
    }

    /// Month names as dates print them in each language, which a line never
    /// splits from their day (typeset/keep.rs) (genitive in
    /// Russian; the Arabic pairs the UN uses, Syriac and transliterated).
    pub(crate) fn month_names(self) -> &'static [&'static str] {
        match self.primary {
            "en" => &EN_MONTHS,
            "fr" => &FR_MONTHS,
            "es" => &ES_MONTHS,
            "ru" => &RU_MONTHS_GENITIVE,
            "ar" => &AR_MONTHS,
            _ => &[],
        }
    }

    /// The words that follow a number as its unit "per cent", which a
    /// line never splits from it (typeset/keep.rs).
    pub(crate) fn percent_words(self) -> &'static [&'static str] {
        match self.primary {
            "en" => &["per cent", "percent"],
            "fr" => &["pour cent", "p. 100"],
            "es" => &["por ciento"],
            "ru" => &["процента", "процентов", "процент"],
            "ar" => &["في المائة"],
            _ => &[],
        }
    }

    /// Whether ordinals set their letters superior (French: 1er, XXIe).
    pub(crate) fn superior_ordinals(self) -> bool {
        self.french_spacing()
    }

    /// The least leading of a line in this script, in em of its size:
    /// Naskh's glyphs reach from 1.065 em above the baseline to 0.561 em
    /// below (Noto Naskh Arabic's `head` bounds), so lines 1.63 em apart
    /// never touch, whatever marks they carry. At the Latin 1.2 em, 14 of
    /// the Arabic letter's 44 line pairs had no white row between them
    /// (150 dpi). No UN source for the Arabic leading was found here: this
    /// is the least at which no two lines can touch.
    pub(crate) fn least_leading_em(self) -> f32 {
        if self.is_arabic() {
            1.63
        } else {
            0.0
        }
    }

    /// The decimal sign of numbers: a comma in French, Spanish and Russian.
    pub(crate) fn decimal_sign(self) -> &'static str {
        if self.is_continental() {
            ","
        } else {
            "."
        }
    }

    /// The counter style of lettered footnotes: the abjad order (أ، ب، ج …)
    /// in Arabic, a, b, … elsewhere.
    pub(crate) fn footnote_letters(self) -> &'static str {
        if self.is_arabic() {
            "abjad"
        } else {
            "lower-latin"
        }
    }

    /// French spacing: a thin space before `;:!?` and inside guillemets.
    pub fn french_spacing(self) -> bool {
        self.primary == "fr"
    }

    /// The hyphenation patterns of the language, if it is hyphenated (not
    /// Arabic or Chinese, nor a pseudo-locale).
    pub(crate) fn hyphenation_patterns(self) -> Option<hypher::Lang> {
        if self.is_pseudo() {
            return None;
        }
        match self.primary {
            "en" => Some(hypher::Lang::English),
            "fr" => Some(hypher::Lang::French),
            "es" => Some(hypher::Lang::Spanish),
            "ru" => Some(hypher::Lang::Russian),
            _ => None,
        }
    }

    /// Whether the script has italics: Arabic and Han have none, so a Latin
    /// word or digits in an italic line of theirs stay upright.
    pub(crate) fn has_italics(self) -> bool {
        !matches!(self.script, Script::Arabic | Script::Han)
    }

    /// Chinese punctuation (，。「」): full width, in the Han face, compressed
    /// where two meet.
    pub(crate) fn full_width_punctuation(self) -> bool {
        self.script == Script::Han
    }

    /// Words are counted by characters (Han), not by spaces.
    pub(crate) fn counts_characters(self) -> bool {
        self.script == Script::Han
    }

    /// Arabic bare-letter rule: a word set in one right-to-left run keeps
    /// its letters, to be stretched with kashida in loose lines.
    pub(crate) fn stretches_with_kashida(self) -> bool {
        self.is_arabic()
    }

    /// The language of a run of Latin letters inside the text (a symbol, an
    /// acronym), for the PDF's `/Lang` of that span: English inside Arabic
    /// and Chinese; none where Latin letters are the language's own.
    pub(crate) fn latin_runs_language(self) -> Option<&'static str> {
        (!self.is_pseudo() && matches!(self.script, Script::Arabic | Script::Han)).then_some("en")
    }

    /// The tag written in the PDF's `/Lang` and XMP: Chinese is written in
    /// Simplified Han (`zh-Hans`).
    pub(crate) fn pdf_tag(self) -> &'a str {
        if self.tag == "zh" {
            "zh-Hans"
        } else {
            self.tag
        }
    }
}

/// Month names as dates print them.
pub(crate) const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(crate) const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
pub(crate) const ES_MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
pub(crate) const RU_MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
/// UN Arabic writes the Levantine and the Western month name (docs/un-format.md §5.3).
pub(crate) const AR_MONTHS: [&str; 12] = [
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيه",
    "تموز/يوليه",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_un_languages_and_the_pseudo_locales() {
        let rtl: Vec<bool> = ["ar", "zh", "en", "fr", "ru", "es", "en-XA", "en-XB"]
            .iter()
            .map(|l| Language::of(l).is_rtl())
            .collect();
        assert_eq!(rtl, [true, false, false, false, false, false, false, true]);
        assert_eq!(Language::of("ar").script(), Script::Arabic);
        assert_eq!(Language::of("ru").script(), Script::Cyrillic);
        assert_eq!(Language::of("zh").script(), Script::Han);
        assert_eq!(Language::of("en-XB").script(), Script::Latin);
        assert_eq!(Language::of("fa").direction(), Direction::RightToLeft);
        assert_eq!(Language::of("he").direction().as_str(), "rtl");
        assert_eq!(Language::of("zh").pdf_tag(), "zh-Hans");
        assert_eq!(Language::of("en-XA").pdf_tag(), "en-XA");
        assert_eq!(Language::of("en-XA").texts_tag(), "en");
        assert_eq!(Language::of("en-XA").hyphenation_patterns(), None);
        assert_eq!(Language::of("fr-CA").decimal_sign(), ",");
        assert_eq!(Language::of("ar").footnote_letters(), "abjad");
        assert_eq!(Language::of("en-XB").footnote_letters(), "lower-latin");
        assert!(!Language::of("ar").has_italics());
        assert!(Language::of("en-XB").has_italics());
        assert_eq!(Language::of("zh").latin_runs_language(), Some("en"));
        assert_eq!(Language::of("en").latin_runs_language(), None);
    }

    /// Files that may name language codes in comparisons, and why:
    /// - `l10n/functions.rs`: locale data (month names, ordinals) keyed by
    ///   language, like the Fluent files themselves; it decides words, not
    ///   typography.
    /// - `translate/lint/tests.rs`: the locale check's tests, a file of
    ///   their own (so read whole), pick findings by their fixtures' locales.
    /// - `cli/bench/`: measured per-page timings and page densities for
    ///   each language.
    // The benchmark's per-language page densities are measured figures,
    // not typographic decisions.
    const ALLOWED: [&str; 6] = [
        "language.rs",
        "l10n/functions.rs",
        "translate/lint/tests.rs",
        "cli/bench/mod.rs",
        "cli/bench/corpus.rs",
        "cli/bench/realistic.rs",
    ];

    /// No comparison of language codes outside this module (and the files
    /// above): `lang == "ar"`, `"zh" =>`, `Some("fr" | …)`. Test modules (from
    /// `#[cfg(test)]` on) are not read.
    #[test]
    fn no_language_code_comparisons_elsewhere() {
        const CODES: [&str; 11] = [
            "ar", "zh", "en", "fr", "ru", "es", "he", "fa", "ur", "en-XA", "en-XB",
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let name = path.strip_prefix(&root).unwrap().to_string_lossy();
                let name = name.replace('\\', "/");
                if path.extension().is_none_or(|e| e != "rs") || ALLOWED.contains(&name.as_str()) {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    if line.trim() == "#[cfg(test)]" {
                        break;
                    }
                    // `|| "en".to_owned()` is a default, not a pattern.
                    let line = line.replace("||", "  ");
                    for code in CODES {
                        let quoted = format!("\"{code}\"");
                        let compared = [
                            format!("== {quoted}"),
                            format!("!= {quoted}"),
                            format!("{quoted} =>"),
                            format!("{quoted} |"),
                            format!("| {quoted}"),
                            format!("Some({quoted}"),
                        ];
                        if compared.iter().any(|p| line.contains(p.as_str())) {
                            found.push(format!("src/{name}:{}: {}", n + 1, line.trim()));
                        }
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "language codes compared outside src/language.rs (ask Language instead):\n{}",
            found.join("\n")
        );
    }
}
