//! The source files of a document, as typed values.
//!
//! `document.yaml` holds the language-neutral facts, `<lang>.yaml` the texts
//! of one language. Unknown fields are errors (`deny_unknown_fields`), and the
//! JSON Schema that `polypress schema` prints is generated from these types.

use std::collections::BTreeMap;

use schemars::JsonSchema;

pub use super::inline::InlineText;

/// The six official languages, in English alphabetical order of their names.
pub const UN_LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}
use serde::{Deserialize, Serialize};

/// What kind of document a folder holds; it picks the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A letter from Member States, with annexes.
    Letter,
    /// A statement (place, date, title, paragraphs).
    Statement,
    /// A news item of an organization.
    PressRelease,
    /// A report (of the Secretary-General, of a State to the Universal
    /// Periodic Review, …): numbered headings and paragraphs.
    Report,
    /// A resolution: preambular and numbered operative paragraphs.
    Resolution,
    /// A note by the Secretary-General or by the Secretariat.
    Note,
}

impl Kind {
    /// The name used in files and templates (`press-release`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Letter => "letter",
            Kind::Statement => "statement",
            Kind::PressRelease => "press-release",
            Kind::Report => "report",
            Kind::Resolution => "resolution",
            Kind::Note => "note",
        }
    }

    /// Whether body paragraphs are numbered unless the document says
    /// otherwise: in reports, notes and resolutions (operative part), not in
    /// letters and statements from Member States (docs/un-format.md §0, [S4]).
    pub(crate) fn numbers_paragraphs(self) -> bool {
        matches!(self, Kind::Report | Kind::Resolution | Kind::Note)
    }
}

/// Where the document is issued; it sets the paper size (docs/un-format.md §0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DutyStation {
    /// Headquarters: US Letter.
    #[default]
    NewYork,
    /// A4.
    Geneva,
    /// A4.
    Vienna,
    /// A4.
    Nairobi,
}

/// A document's job number: one for every version, or one per language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum JobNumber {
    One(String),
    PerLanguage(std::collections::BTreeMap<String, String>),
}

impl JobNumber {
    /// The job number of the version in `lang` (a language's texts tag).
    pub fn of(&self, lang: &str) -> Option<&str> {
        match self {
            JobNumber::One(job) => Some(job),
            JobNumber::PerLanguage(jobs) => jobs.get(lang).map(String::as_str),
        }
    }

    /// Every job number given, with the language it is for (none for one
    /// shared by all).
    pub fn all(&self) -> Vec<(Option<&str>, &str)> {
        match self {
            JobNumber::One(job) => vec![(None, job)],
            JobNumber::PerLanguage(jobs) => jobs
                .iter()
                .map(|(lang, job)| (Some(lang.as_str()), job.as_str()))
                .collect(),
        }
    }
}

/// The distribution category printed in the masthead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Distribution {
    #[default]
    General,
    Limited,
    Restricted,
}

impl Distribution {
    pub fn name(self) -> &'static str {
        match self {
            Distribution::General => "general",
            Distribution::Limited => "limited",
            Distribution::Restricted => "restricted",
        }
    }
}

/// The category of a document, for its word limit (submission checks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Letters and notes verbale from Member States: no limit.
    #[default]
    Communication,
    /// Reports of the Secretariat: 8,500 words.
    SecretariatReport,
    /// Reports of intergovernmental bodies: 10,700 words.
    IntergovernmentalReport,
    /// In-session documents: 3,300 words.
    InSession,
}

/// A principal organ the document is issued to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OrganKind {
    GeneralAssembly,
    SecurityCouncil,
    /// The Human Rights Council, a subsidiary organ of the General Assembly:
    /// the masthead names the General Assembly, the session block the Council.
    HumanRightsCouncil,
    EconomicAndSocialCouncil,
}

impl OrganKind {
    pub fn name(self) -> &'static str {
        match self {
            OrganKind::GeneralAssembly => "general-assembly",
            OrganKind::SecurityCouncil => "security-council",
            OrganKind::HumanRightsCouncil => "human-rights-council",
            OrganKind::EconomicAndSocialCouncil => "economic-and-social-council",
        }
    }
}

/// One column of the session block: the General Assembly with its session
/// and agenda items, or the Security Council with its year.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organ {
    pub organ: OrganKind,
    /// General Assembly session number (75 → "Seventy-fifth session").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<u32>,
    /// Security Council year (2021 → "Seventy-sixth year").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Agenda item numbers; their titles are texts (an item without a
    /// title in the texts is printed as its number alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda_items: Vec<u32>,
    /// A subsidiary body of the organ, printed under it in the session
    /// block: `upr-working-group` (Working Group on the Universal Periodic Review).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// First and last day of the session (YYYY-MM-DD), printed under the
    /// session ("4–15 November 2019").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub session_dates: Vec<String>,
}

/// Who sends a letter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    #[default]
    PermanentRepresentative,
    ChargeDAffaires,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::PermanentRepresentative => "permanent-representative",
            Role::ChargeDAffaires => "charge-d-affaires",
        }
    }
}

/// The senders of a letter: a role and the States (ISO 3166 alpha-2 codes).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Senders {
    #[serde(default)]
    pub role: Role,
    pub states: Vec<String>,
}

/// A signatory: an id that the texts give a name to, and the State.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub id: String,
    pub state: String,
    #[serde(default)]
    pub role: Role,
}

/// Facts of a letter.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterFacts {
    /// The letter's own date (YYYY-MM-DD).
    pub date: String,
    /// Message id suffix of the addressee: `secretary-general`, …
    pub addressee: String,
    pub senders: Senders,
    #[serde(default)]
    pub signatories: Vec<Signatory>,
}

/// An annex of a letter.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnexFacts {
    /// Stable id: texts and references use it.
    pub id: String,
    /// The number printed in the heading; by default the position (1, 2, …),
    /// and none when the letter has a single annex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub kind: Kind,
    /// The annex's own original language, for the "[Original: …]" marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_language: Option<String>,
    /// Date of an annexed statement (YYYY-MM-DD), for its place and date line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// `document.yaml`: the language-neutral facts of a document.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub kind: Kind,
    /// Document symbols, General Assembly first: `[A/75/906, S/2021/534]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbols: Vec<String>,
    /// Job number `YY-NNNNN`, or one per language version, as the UN
    /// gives each its own (`{en: GE.09-17087, fr: GE.09-17088}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_number: Option<JobNumber>,
    #[serde(default)]
    pub duty_station: DutyStation,
    /// The date in the masthead (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masthead_date: Option<String>,
    /// Dates printed as DDMMYY in the first-page footer (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footer_dates: Vec<String>,
    /// Language code of the original: en, fr, es, ru, ar, zh.
    pub original_language: String,
    #[serde(default)]
    pub distribution: Distribution,
    /// The languages this document is issued in; each has a `<lang>.yaml`.
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organs: Vec<Organ>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<LetterFacts>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annexes: Vec<AnnexFacts>,
    /// Date of a press release or a standalone statement (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Message id suffix of the issuing organization of a press release (`csto`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// The category, which sets the word limit `polypress check` applies.
    #[serde(default)]
    pub category: Category,
    /// A word limit that overrides the category's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_limit: Option<u32>,
    /// Number the body paragraphs 1, 2, 3 …: the kind decides by default
    /// (reports, notes and resolutions yes; letters, statements, press
    /// releases no).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbered_paragraphs: Option<bool>,
    /// A table of contents after page 1, from the body's headings, with
    /// the paragraphs under each and its page (default: a report with
    /// headings has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contents: Option<bool>,
    /// Facts of an adopted resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<ResolutionFacts>,
    /// Where notes are set: `footnotes` (at the foot of the page that calls
    /// them, the default) or `endnotes` (under "Notes" at the end).
    #[serde(default, skip_serializing_if = "NotePlacement::is_footnotes")]
    pub notes: NotePlacement,
    /// Who issues a note: `secretary-general` or `secretariat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_by: Option<String>,
}

/// Where a document's notes are set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NotePlacement {
    #[default]
    Footnotes,
    Endnotes,
}

impl NotePlacement {
    fn is_footnotes(&self) -> bool {
        *self == NotePlacement::Footnotes
    }
}

/// Facts of an adopted resolution (A/RES/…).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolutionFacts {
    /// The resolution's number, `48/161`.
    pub number: String,
    /// The draft it was adopted on, `A/48/L.21/Rev.1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// The Main Committee whose report it was adopted on (`fifth`), or none
    /// ("without reference to a Main Committee").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committee: Option<String>,
    /// The plenary meeting it was adopted at.
    pub meeting: u32,
    /// The date of adoption (YYYY-MM-DD).
    pub adopted: String,
}

/// One block of a structured body, with a stable id: a paragraph, a
/// heading, a list, a table. `text` is the translatable text (inline tags:
/// docs/authoring.md); `items` are its sub-paragraphs or list items.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub id: String,
    /// The text; `{annex:ID}` refers to an annex, `{footnote:ID}` calls a
    /// note, `{i:…}` `{b:…}` `{q:…}` mark emphasis and quotations.
    #[serde(default)]
    pub text: InlineText,
    /// In a translation: the hash of the source-language text it was made
    /// from (`polypress l10n mark-reviewed` writes it; `l10n status` reports
    /// the segment stale when the source changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A heading of this level: 1 (I.), 2 (A.), 3 (1.), 4 (a sub-heading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<u8>,
    /// `false` leaves this heading or paragraph unnumbered; `true` numbers a
    /// paragraph in a document that does not number paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbered: Option<bool>,
    /// Forces this paragraph's number; the count continues from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// How the items are marked: letters (a), roman (i), bullet, dash, numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<Marker>,
    /// Sub-paragraphs or list items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Segment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Table>,
    /// Footnotes only: a symbol (`*`) printed instead of the next number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Segment {
    /// Every text of this block and the blocks inside it, in reading order,
    /// with the id that aligns it across languages and its YAML path under
    /// `path` (table cells get `ID.r2c1`-style ids).
    pub fn texts<'a>(&'a self, path: &str, out: &mut Vec<(String, String, &'a InlineText)>) {
        if !self.text.is_empty() || (self.items.is_empty() && self.table.is_none()) {
            out.push((self.id.clone(), format!("{path}.text"), &self.text));
        }
        for (i, item) in self.items.iter().enumerate() {
            item.texts(&format!("{path}.items[{i}]"), out);
        }
        if let Some(table) = &self.table {
            let base = format!("{path}.table");
            if let Some(title) = &table.title {
                out.push((format!("{}.title", self.id), format!("{base}.title"), title));
            }
            for (part, rows) in [("header", &table.header), ("rows", &table.rows)] {
                for (r, row) in rows.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate() {
                        let short = if part == "header" { "h" } else { "r" };
                        out.push((
                            format!("{}.{short}{}c{}", self.id, r + 1, c + 1),
                            format!("{base}.{part}[{r}][{c}]"),
                            cell,
                        ));
                    }
                }
            }
            if let Some(note) = &table.note {
                out.push((format!("{}.note", self.id), format!("{base}.note"), note));
            }
            if let Some(source) = &table.source {
                out.push((
                    format!("{}.source", self.id),
                    format!("{base}.source"),
                    source,
                ));
            }
        }
    }

    /// What kind of block this is, for messages and structure checks.
    pub fn shape(&self) -> &'static str {
        if self.heading.is_some() {
            "heading"
        } else if self.table.is_some() {
            "table"
        } else if self.text.is_empty() && !self.items.is_empty() {
            "list"
        } else {
            "paragraph"
        }
    }
}

/// How list items or sub-paragraphs are marked; each language prints them
/// in its own style (`locales/<lang>/structure.ftl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Marker {
    /// (a), (b) … — sub-paragraphs of the first level.
    Letters,
    /// (i), (ii) … — sub-paragraphs of the second level.
    Roman,
    /// 1., 2. …
    Numbers,
    /// •
    Bullet,
    /// –
    Dash,
}

impl Marker {
    pub fn name(self) -> &'static str {
        match self {
            Marker::Letters => "letters",
            Marker::Roman => "roman",
            Marker::Numbers => "numbers",
            Marker::Bullet => "bullet",
            Marker::Dash => "dash",
        }
    }
}

/// A table: columns, header rows (repeated on each page), body rows, and a
/// note and source line below.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<InlineText>,
    pub columns: Vec<Column>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub header: Vec<Vec<InlineText>>,
    pub rows: Vec<Vec<InlineText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<InlineText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<InlineText>,
}

/// A table column: its relative width and alignment.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Relative width (the columns share the measure in these proportions).
    #[serde(default = "one")]
    pub width: f32,
    #[serde(default)]
    pub align: ColumnAlign,
}

fn one() -> f32 {
    1.0
}

/// How a column's cells are aligned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnAlign {
    /// The start side (the right in Arabic).
    #[default]
    Left,
    Right,
    Center,
    /// Numbers lined up on their decimal sign.
    Decimal,
}

impl ColumnAlign {
    pub fn name(self) -> &'static str {
        match self {
            ColumnAlign::Left => "left",
            ColumnAlign::Right => "right",
            ColumnAlign::Center => "center",
            ColumnAlign::Decimal => "decimal",
        }
    }
}

/// A translatable text outside the paragraphs (a title). Written plainly
/// (`title: …`), or as `title: { text: …, source: HASH }` once a
/// translation records the hash of the source text it was made from, as
/// segments do. It serialises as its text: that is what templates see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub text: InlineText,
    pub source: Option<String>,
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text {
            text: text.into(),
            source: None,
        }
    }
}

/// A title: plain text, or `{ text, source }` once its source hash is recorded.
#[derive(Deserialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "a text, or a map with `text` and `source` (the hash of the source text)"
)]
enum TextForm {
    Plain(String),
    Tracked(TrackedText),
}

/// A text with the hash of its source.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct TrackedText {
    text: String,
    /// The hash of the source-language text this translation was made from.
    #[serde(default)]
    source: Option<String>,
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match TextForm::deserialize(deserializer)? {
            TextForm::Plain(text) => Text::from(text),
            TextForm::Tracked(t) => Text {
                text: t.text.into(),
                source: t.source,
            },
        })
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        TextForm::json_schema(generator)
    }
}

/// Texts of a letter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterTexts {
    /// Overrides the title formula in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    pub paragraphs: Vec<Segment>,
}

/// Texts of an annex.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnexTexts {
    /// Overrides the "Annex … to the letter dated …" formula in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    pub title: Text,
    /// Place of an annexed statement, as written in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub paragraphs: Vec<Segment>,
}

/// `<lang>.yaml`: the texts of a document in one language.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// Titles of the General Assembly agenda items, by number.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub agenda_items: BTreeMap<u32, String>,
    /// Names of the signatories, by signatory id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub signatories: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<LetterTexts>,
    /// Texts of each annex, by annex id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annexes: BTreeMap<String, AnnexTexts>,
    /// Title of a press release, statement, report, resolution or note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// The line under a report's title (the State of a national report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<InlineText>,
    /// A report's summary, in a box on page 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<Segment>,
    /// A resolution's preambular paragraphs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preamble: Vec<Segment>,
    /// Place of a standalone statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The body of a press release, statement, report, note, or the
    /// operative part of a resolution: headings, paragraphs, lists, tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<Segment>,
    /// Footnotes, called from any paragraph with `{footnote:ID}`: numbered
    /// in the body, lettered in annexes (docs/un-format.md §4.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<Segment>,
}
