//! The source files of a document, as typed values.
//!
//! `document.yaml` holds the language-neutral facts, `<lang>.yaml` the texts
//! of one language. Unknown fields are errors (`deny_unknown_fields`), and the
//! JSON Schema that `polypress schema` prints is generated from these types.

use std::collections::BTreeMap;

use schemars::JsonSchema;
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
}

impl Kind {
    /// The name used in files and templates (`press-release`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Letter => "letter",
            Kind::Statement => "statement",
            Kind::PressRelease => "press-release",
        }
    }
}

/// Where the document is issued; it sets the paper size (UN-FORMAT.md §0).
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
}

impl OrganKind {
    pub fn name(self) -> &'static str {
        match self {
            OrganKind::GeneralAssembly => "general-assembly",
            OrganKind::SecurityCouncil => "security-council",
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
    /// General Assembly agenda item numbers; their titles are texts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda_items: Vec<u32>,
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
    /// Job number `YY-NNNNN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_number: Option<String>,
    #[serde(default)]
    pub duty_station: DutyStation,
    /// The date in the masthead (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masthead_date: Option<String>,
    /// Dates printed as DDMMYY in the first-page footer.
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
}

/// A translatable paragraph with a stable id.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub id: String,
    /// The text; `{annex:ID}` refers to an annex.
    pub text: String,
    /// In a translation: the hash of the source-language text it was made
    /// from (`polypress l10n mark-reviewed` writes it; `l10n status` reports
    /// the segment stale when the source changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A translatable text outside the paragraphs (a title). Written plainly
/// (`title: …`), or as `title: { text: …, source: HASH }` once a
/// translation records the hash of the source text it was made from, as
/// segments do. It serialises as its text: that is what templates see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub source: Option<String>,
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text { text, source: None }
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
            TextForm::Plain(text) => Text { text, source: None },
            TextForm::Tracked(t) => Text {
                text: t.text,
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
    /// Title of a press release or a standalone statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Place of a standalone statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Paragraphs of a press release or a standalone statement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<Segment>,
    /// Footnotes, called from any paragraph with `{footnote:ID}`: numbered
    /// in the body, lettered in annexes (UN-FORMAT.md §4.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<Segment>,
}
