//! The functions our Fluent messages call: `DATE`, `ORDINAL`, `ROMAN`,
//! `COUNTER`.
//!
//! fluent-bundle has no DATETIME and a NUMBER that ignores the locale, so
//! the UN formats are implemented here (docs/un-format.md §5.3 dates, §5.5
//! ordinals). A function cannot return an error through fluent-bundle, so a
//! failure is returned as a marked string that `take_failure` finds and the
//! localizer turns into an error: nothing of it can reach a PDF.

use crate::language::{AR_MONTHS, EN_MONTHS, ES_MONTHS, FR_MONTHS, RU_MONTHS_GENITIVE};
use fluent_bundle::types::FluentValue;
use fluent_bundle::FluentArgs;

use crate::source::parse_date;

/// Marks a failed call inside a formatted string.
const FAILURE: char = '\u{FFFF}';

fn failure(message: String) -> FluentValue<'static> {
    FluentValue::String(format!("{FAILURE}{message}{FAILURE}").into())
}

/// The message of the first failed function call in `formatted`, if any.
pub(crate) fn take_failure(formatted: &str) -> Option<String> {
    let start = formatted.find(FAILURE)?;
    let rest = &formatted[start + FAILURE.len_utf8()..];
    let end = rest.find(FAILURE).unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

fn string_option(args: &FluentArgs, name: &str) -> Option<String> {
    match args.get(name) {
        Some(FluentValue::String(s)) => Some(s.to_string()),
        _ => None,
    }
}

fn number(value: Option<&FluentValue>) -> Option<f64> {
    match value {
        Some(FluentValue::Number(n)) => Some(n.value),
        Some(FluentValue::String(s)) => s.parse().ok(),
        _ => None,
    }
}

/// `DATE($iso, format: "long" | "day" | "ddmmyy", locale: "en")`.
pub fn date(lang: &str, positional: &[FluentValue], named: &FluentArgs) -> FluentValue<'static> {
    let iso = match positional.first() {
        Some(FluentValue::String(s)) => s.to_string(),
        _ => return failure("DATE needs a date as YYYY-MM-DD".into()),
    };
    let Some(date) = parse_date(&iso) else {
        return failure(format!("DATE: `{iso}` is not a date (YYYY-MM-DD)"));
    };
    let lang = string_option(named, "locale").unwrap_or_else(|| lang.to_owned());
    let format = string_option(named, "format").unwrap_or_else(|| "long".into());
    match format.as_str() {
        "long" => match long_date(&lang, date) {
            Some(s) => FluentValue::String(s.into()),
            None => failure(format!("DATE: no date format for language `{lang}`")),
        },
        "ddmmyy" => FluentValue::String(date.format("%d%m%y").to_string().into()),
        // The day alone, for the first date of a range in one month
        // ("8–19 February 2010"; Chinese "19日").
        "day" => {
            use chrono::Datelike;
            let day = date.day();
            FluentValue::String(
                if lang == "zh" {
                    format!("{day}日")
                } else {
                    day.to_string()
                }
                .into(),
            )
        }
        other => failure(format!(
            "DATE: unknown format `{other}` (use long, day or ddmmyy)"
        )),
    }
}

/// A date in the UN style of a language: `19 May 2021`, `19 мая 2021 года`.
pub(crate) fn long_date(lang: &str, date: chrono::NaiveDate) -> Option<String> {
    use chrono::Datelike;
    let (d, m, y) = (date.day(), date.month0() as usize, date.year());
    Some(match lang {
        "en" => format!("{d} {} {y}", EN_MONTHS[m]),
        "fr" => {
            let day = if d == 1 {
                "1er".to_owned()
            } else {
                d.to_string()
            };
            format!("{day} {} {y}", FR_MONTHS[m])
        }
        "es" => format!("{d} de {} de {y}", ES_MONTHS[m]),
        "ru" => format!("{d} {} {y} года", RU_MONTHS_GENITIVE[m]),
        "ar" => format!("{d} {} {y}", AR_MONTHS[m]),
        "zh" => format!("{y}年{}月{d}日", m + 1),
        _ => return None,
    })
}

/// `ORDINAL($n, gender: "masculine" | "feminine")`: the ordinal in words,
/// capitalised, as session and year lines print it.
pub(crate) fn ordinal(
    lang: &str,
    positional: &[FluentValue],
    named: &FluentArgs,
) -> FluentValue<'static> {
    let Some(n) = number(positional.first()) else {
        return failure("ORDINAL needs a number".into());
    };
    if n.fract() != 0.0 || !(1.0..=99.0).contains(&n) {
        return failure(format!("ORDINAL: {n} is outside 1–99"));
    }
    let feminine = string_option(named, "gender").as_deref() == Some("feminine");
    let bare = string_option(named, "form").as_deref() == Some("bare");
    if lang == "zh" {
        // 第七十五 (ordinal) or 七十五 (bare, as in 附件二).
        let numeral = chinese_numeral(n as u32);
        return FluentValue::String(
            if bare {
                numeral
            } else {
                format!("第{numeral}")
            }
            .into(),
        );
    }
    match ordinal_words(lang, n as u32, feminine) {
        Some(words) => FluentValue::String(capitalise(&words).into()),
        None => failure(format!("ORDINAL: no ordinals for language `{lang}`")),
    }
}

fn capitalise(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Ordinals 1–99 in words, lower case.
pub(crate) fn ordinal_words(lang: &str, n: u32, feminine: bool) -> Option<String> {
    match lang {
        "en" => Some(english_ordinal(n)),
        "ru" => Some(russian_ordinal(n, feminine)),
        "fr" => Some(french_ordinal(n, feminine)),
        "es" => Some(spanish_ordinal(n, feminine)),
        "ar" => Some(arabic_ordinal(n, feminine)),
        _ => None,
    }
}

/// English ordinals 1–99 in words: "first", "twentieth", "seventy-fifth".
fn english_ordinal(n: u32) -> String {
    let (tens, units) = ((n / 10) as usize, (n % 10) as usize);
    const UNITS: [&str; 10] = [
        "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    ];
    const TEENS: [&str; 10] = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    const TENTHS: [&str; 10] = [
        "",
        "",
        "twentieth",
        "thirtieth",
        "fortieth",
        "fiftieth",
        "sixtieth",
        "seventieth",
        "eightieth",
        "ninetieth",
    ];
    match (tens, units) {
        (0, u) => UNITS[u].to_owned(),
        (1, u) => TEENS[u].to_owned(),
        (t, 0) => TENTHS[t].to_owned(),
        (t, u) => format!("{}-{}", TENS[t], UNITS[u]),
    }
}

/// Russian ordinals 1–99 in words, in the gender of the noun they qualify
/// ("семьдесят пятая сессия").
fn russian_ordinal(n: u32, feminine: bool) -> String {
    let tens = (n / 10) as usize;
    // Stems take -ый/-ой/-ий (masculine) or -ая/-ья (feminine).
    const UNITS_M: [&str; 10] = [
        "",
        "первый",
        "второй",
        "третий",
        "четвертый",
        "пятый",
        "шестой",
        "седьмой",
        "восьмой",
        "девятый",
    ];
    const UNITS_F: [&str; 10] = [
        "",
        "первая",
        "вторая",
        "третья",
        "четвертая",
        "пятая",
        "шестая",
        "седьмая",
        "восьмая",
        "девятая",
    ];
    const TEENS_STEM: [&str; 10] = [
        "десят",
        "одиннадцат",
        "двенадцат",
        "тринадцат",
        "четырнадцат",
        "пятнадцат",
        "шестнадцат",
        "семнадцат",
        "восемнадцат",
        "девятнадцат",
    ];
    const TENS: [&str; 10] = [
        "",
        "",
        "двадцать",
        "тридцать",
        "сорок",
        "пятьдесят",
        "шестьдесят",
        "семьдесят",
        "восемьдесят",
        "девяносто",
    ];
    const TENTHS_STEM: [&str; 10] = [
        "",
        "",
        "двадцат",
        "тридцат",
        "сороков",
        "пятидесят",
        "шестидесят",
        "семидесят",
        "восьмидесят",
        "девяност",
    ];
    let units = if feminine { UNITS_F } else { UNITS_M };
    let ending = if feminine { "ая" } else { "ый" };
    let ending_o = if feminine { "ая" } else { "ой" };
    match (tens, units_of(n)) {
        (0, u) => units[u].to_owned(),
        (1, u) => format!("{}{ending}", TEENS_STEM[u]),
        (4, 0) => format!("{}{ending_o}", TENTHS_STEM[4]),
        (t, 0) => format!("{}{ending}", TENTHS_STEM[t]),
        (t, u) => format!("{} {}", TENS[t], units[u]),
    }
}

/// Chinese numerals 1–99: 一 … 十 … 九十九.
pub(crate) fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, units) = ((n / 10) as usize, (n % 10) as usize);
    match tens {
        0 => DIGITS[units].to_owned(),
        1 => format!("十{}", DIGITS[units]),
        t => format!("{}十{}", DIGITS[t], DIGITS[units]),
    }
}

/// French cardinals 1–99 in the traditional spelling (soixante et onze).
fn french_cardinal(n: u32) -> String {
    const SMALL: [&str; 20] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
        "dix-neuf",
    ];
    const TENS: [&str; 10] = [
        "",
        "",
        "vingt",
        "trente",
        "quarante",
        "cinquante",
        "soixante",
        "soixante",
        "quatre-vingt",
        "quatre-vingt",
    ];
    if n < 20 {
        return SMALL[n as usize].to_owned();
    }
    let (tens, rest) = (n / 10, n % 10);
    // 70–79 and 90–99 count on from 10–19.
    let rest = if tens == 7 || tens == 9 {
        rest + 10
    } else {
        rest
    };
    match (tens, rest) {
        (8, 0) => "quatre-vingts".to_owned(),
        (t, 0) => TENS[t as usize].to_owned(),
        (t, 1) | (t, 11) if t != 8 && t != 9 => {
            format!("{} et {}", TENS[t as usize], SMALL[rest as usize])
        }
        (t, r) => format!("{}-{}", TENS[t as usize], SMALL[r as usize]),
    }
}

/// French ordinals: the cardinal with -ième (premier/première for 1).
fn french_ordinal(n: u32, feminine: bool) -> String {
    if n == 1 {
        return if feminine { "première" } else { "premier" }.to_owned();
    }
    let cardinal = french_cardinal(n);
    let stem = if let Some(s) = cardinal.strip_suffix("quatre-vingts") {
        format!("{s}quatre-vingt")
    } else if let Some(s) = cardinal.strip_suffix("cinq") {
        format!("{s}cinqu")
    } else if let Some(s) = cardinal.strip_suffix("neuf") {
        format!("{s}neuv")
    } else if let Some(s) = cardinal.strip_suffix('e') {
        s.to_owned()
    } else {
        cardinal
    };
    format!("{stem}ième")
}

/// Spanish ordinals, with the apocope used before a masculine noun
/// (septuagésimo primer período).
fn spanish_ordinal(n: u32, feminine: bool) -> String {
    const UNITS: [&str; 10] = [
        "", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo",
        "noveno",
    ];
    const TENS: [&str; 10] = [
        "",
        "décimo",
        "vigésimo",
        "trigésimo",
        "cuadragésimo",
        "quincuagésimo",
        "sexagésimo",
        "septuagésimo",
        "octogésimo",
        "nonagésimo",
    ];
    const TEENS: [&str; 10] = [
        "décimo",
        "undécimo",
        "duodécimo",
        "decimotercero",
        "decimocuarto",
        "decimoquinto",
        "decimosexto",
        "decimoséptimo",
        "decimoctavo",
        "decimonoveno",
    ];
    let (tens, units) = ((n / 10) as usize, (n % 10) as usize);
    let words: Vec<&str> = match (tens, units) {
        (0, u) => vec![UNITS[u]],
        (1, u) => vec![TEENS[u]],
        (t, 0) => vec![TENS[t]],
        (t, u) => vec![TENS[t], UNITS[u]],
    };
    words
        .iter()
        .map(|w| {
            if feminine {
                format!("{}a", w.strip_suffix('o').unwrap_or(w))
            } else {
                match *w {
                    "primero" => "primer".to_owned(),
                    "tercero" => "tercer".to_owned(),
                    "decimotercero" => "decimotercer".to_owned(),
                    other => other.to_owned(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Arabic ordinals with the article: الخامس والسبعون / الخامسة والسبعون.
fn arabic_ordinal(n: u32, feminine: bool) -> String {
    const UNITS_M: [&str; 11] = [
        "",
        "الأول",
        "الثاني",
        "الثالث",
        "الرابع",
        "الخامس",
        "السادس",
        "السابع",
        "الثامن",
        "التاسع",
        "العاشر",
    ];
    const UNITS_F: [&str; 11] = [
        "",
        "الأولى",
        "الثانية",
        "الثالثة",
        "الرابعة",
        "الخامسة",
        "السادسة",
        "السابعة",
        "الثامنة",
        "التاسعة",
        "العاشرة",
    ];
    const TENS: [&str; 10] = [
        "",
        "",
        "العشرون",
        "الثلاثون",
        "الأربعون",
        "الخمسون",
        "الستون",
        "السبعون",
        "الثمانون",
        "التسعون",
    ];
    let units = if feminine { UNITS_F } else { UNITS_M };
    // In compounds "first" is الحادي / الحادية.
    let compound_one = if feminine {
        "الحادية"
    } else {
        "الحادي"
    };
    let (tens, unit) = ((n / 10) as usize, (n % 10) as usize);
    match (tens, unit) {
        (0, u) => units[u].to_owned(),
        (1, 0) => units[10].to_owned(),
        (1, u) => {
            let first = if u == 1 { compound_one } else { units[u] };
            format!("{first} {}", if feminine { "عشرة" } else { "عشر" })
        }
        (t, 0) => TENS[t].to_owned(),
        (t, u) => {
            let first = if u == 1 { compound_one } else { units[u] };
            format!("{first} و{}", TENS[t])
        }
    }
}

fn units_of(n: u32) -> usize {
    (n % 10) as usize
}

/// `ROMAN($n)`: I, II, … for annex numbers.
pub(crate) fn roman<'a>(positional: &[FluentValue<'a>], _named: &FluentArgs) -> FluentValue<'a> {
    match number(positional.first()) {
        Some(n) if n.fract() == 0.0 && (1.0..4000.0).contains(&n) => {
            FluentValue::String(to_roman(n as u32).into())
        }
        _ => failure("ROMAN needs a whole number from 1 to 3999".into()),
    }
}

/// `COUNTER($n, style: "…")`: a number in a counting style, for heading
/// numbers, paragraph numbers and list markers (locales/<lang>/structure.ftl).
/// Styles: `decimal`, `upper-roman`, `lower-roman`, `upper-latin`,
/// `lower-latin`, `abjad` (أ ب ج د …), `abjad-names` (ألف باء جيم …),
/// `arabic-ordinal` (أولا ثانيا …), `han` (一 二 三 …), `parenthesized-han` (㈠ ㈡ …),
/// `english-ordinal` (1st, 2nd, 85th).
pub(crate) fn counter<'a>(positional: &[FluentValue<'a>], named: &FluentArgs) -> FluentValue<'a> {
    let style = string_option(named, "style").unwrap_or_else(|| "decimal".into());
    match number(positional.first()) {
        Some(n) if n.fract() == 0.0 && (1.0..4000.0).contains(&n) => {
            match counter_text(n as u32, &style) {
                Some(text) => FluentValue::String(text.into()),
                None => failure(format!("COUNTER has no style `{style}`")),
            }
        }
        _ => failure("COUNTER needs a whole number from 1 to 3999".into()),
    }
}

/// The abjad order Arabic uses for lettered lists (UN Arabic documents).
const ABJAD: [&str; 28] = [
    "أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق",
    "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ",
];

/// The names of the abjad letters, for second-level Arabic headings (ألف - …).
const ABJAD_NAMES: [&str; 28] = [
    "ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام", "ميم",
    "نون", "سين", "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء", "ثاء", "خاء", "ذال", "ضاد",
    "ظاء", "غين",
];

/// Ordinal adverbs for first-level Arabic headings (أولا - …).
const ARABIC_ORDINAL_ADVERBS: [&str; 20] = [
    "أولا",
    "ثانيا",
    "ثالثا",
    "رابعا",
    "خامسا",
    "سادسا",
    "سابعا",
    "ثامنا",
    "تاسعا",
    "عاشرا",
    "حادي عشر",
    "ثاني عشر",
    "ثالث عشر",
    "رابع عشر",
    "خامس عشر",
    "سادس عشر",
    "سابع عشر",
    "ثامن عشر",
    "تاسع عشر",
    "عشرون",
];

/// `n` (≥ 1) in a counting style; lettered styles go on as aa, ab … past z.
pub(crate) fn counter_text(n: u32, style: &str) -> Option<String> {
    let latin = |n: u32| {
        let mut label = String::new();
        let mut k = n - 1;
        loop {
            label.insert(0, (b'a' + (k % 26) as u8) as char);
            if k < 26 {
                break;
            }
            k = k / 26 - 1;
        }
        label
    };
    let from_table = |table: &[&str]| {
        table
            .get(n as usize - 1)
            .map_or_else(|| n.to_string(), |s| (*s).to_owned())
    };
    Some(match style {
        "decimal" => n.to_string(),
        "upper-roman" => to_roman(n),
        "lower-roman" => to_roman(n).to_lowercase(),
        "lower-latin" => latin(n),
        "upper-latin" => latin(n).to_uppercase(),
        "abjad" => from_table(&ABJAD),
        "abjad-names" => from_table(&ABJAD_NAMES),
        "arabic-ordinal" => from_table(&ARABIC_ORDINAL_ADVERBS),
        "han" => chinese_numeral(n),
        "english-ordinal" => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
        "parenthesized-han" if n <= 10 => char::from_u32(0x3220 + n - 1)?.to_string(),
        "parenthesized-han" => format!("({})", chinese_numeral(n)),
        _ => return None,
    })
}

/// Roman numerals.
pub(crate) fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn un_dates() {
        let d = NaiveDate::from_ymd_opt(2021, 5, 19).unwrap();
        let first = NaiveDate::from_ymd_opt(2021, 6, 1).unwrap();
        assert_eq!(long_date("en", d).unwrap(), "19 May 2021");
        assert_eq!(long_date("ru", d).unwrap(), "19 мая 2021 года");
        assert_eq!(long_date("fr", first).unwrap(), "1er juin 2021");
        assert_eq!(long_date("es", first).unwrap(), "1 de junio de 2021");
        assert_eq!(long_date("zh", d).unwrap(), "2021年5月19日");
        assert_eq!(long_date("ar", first).unwrap(), "1 حزيران/يونيه 2021");
        assert!(long_date("de", d).is_none());
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal_words("en", 75, false).unwrap(), "seventy-fifth");
        assert_eq!(ordinal_words("en", 12, false).unwrap(), "twelfth");
        assert_eq!(ordinal_words("en", 80, false).unwrap(), "eightieth");
        assert_eq!(ordinal_words("ru", 75, true).unwrap(), "семьдесят пятая");
        assert_eq!(ordinal_words("ru", 76, false).unwrap(), "семьдесят шестой");
        assert_eq!(ordinal_words("ru", 40, false).unwrap(), "сороковой");
        assert_eq!(ordinal_words("ru", 13, true).unwrap(), "тринадцатая");
        assert_eq!(ordinal_words("ru", 3, true).unwrap(), "третья");
        assert_eq!(
            ordinal_words("fr", 75, false).unwrap(),
            "soixante-quinzième"
        );
        assert_eq!(
            ordinal_words("fr", 71, false).unwrap(),
            "soixante et onzième"
        );
        assert_eq!(
            ordinal_words("fr", 77, false).unwrap(),
            "soixante-dix-septième"
        );
        assert_eq!(ordinal_words("fr", 80, false).unwrap(), "quatre-vingtième");
        assert_eq!(
            ordinal_words("fr", 81, false).unwrap(),
            "quatre-vingt-unième"
        );
        assert_eq!(ordinal_words("fr", 1, true).unwrap(), "première");
        assert_eq!(
            ordinal_words("es", 75, false).unwrap(),
            "septuagésimo quinto"
        );
        assert_eq!(
            ordinal_words("es", 71, false).unwrap(),
            "septuagésimo primer"
        );
        assert_eq!(ordinal_words("es", 76, true).unwrap(), "septuagésima sexta");
        assert_eq!(ordinal_words("ar", 75, true).unwrap(), "الخامسة والسبعون");
        assert_eq!(ordinal_words("ar", 76, true).unwrap(), "السادسة والسبعون");
        assert_eq!(ordinal_words("ar", 2, false).unwrap(), "الثاني");
        assert_eq!(ordinal_words("ar", 11, false).unwrap(), "الحادي عشر");
        assert_eq!(chinese_numeral(75), "七十五");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(2), "二");
    }

    #[test]
    fn romans() {
        assert_eq!(to_roman(2), "II");
        assert_eq!(to_roman(14), "XIV");
        assert_eq!(to_roman(1999), "MCMXCIX");
    }

    #[test]
    fn failures_are_found() {
        let args = FluentArgs::new();
        let v = date("en", &[FluentValue::from("2021-02-30")], &args);
        let FluentValue::String(s) = v else {
            panic!("string expected")
        };
        assert!(take_failure(&format!("Letter dated {s}"))
            .unwrap()
            .contains("2021-02-30"));
    }
}
