//! Document symbols and job numbers (docs/un-format.md §3).

/// Why a symbol does not follow the grammar, with the offending component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SymbolError {
    /// Byte offset of the offending component in the symbol.
    pub offset: usize,
    pub length: usize,
    pub reason: String,
}

/// Body components such as `C.1` (First Committee) or `WG.6`.
const BODIES: [&str; 8] = ["C", "AC", "CN", "CONF", "GC", "SC", "Sub", "WG"];
/// Numbered document types such as `L.1` (limited) or `PV.8` (verbatim record).
const NUMBERED_TYPES: [&str; 6] = ["L", "PV", "SR", "CRP", "R", "WP"];
/// Modifiers that may only close a symbol: `/Add.1`, `/Corr.1`, `/Rev.1`, `/Amend.1`.
const MODIFIERS: [&str; 4] = ["Add", "Corr", "Rev", "Amend"];

/// Checks `symbol := series "/" component ("/" component)* modifier*` with an
/// optional closing `*` (reissued for technical reasons).
pub(crate) fn validate_symbol(symbol: &str) -> Result<(), SymbolError> {
    let whole = |reason: &str| SymbolError {
        offset: 0,
        length: symbol.len(),
        reason: reason.to_owned(),
    };
    if symbol.trim() != symbol || symbol.contains(char::is_whitespace) {
        return Err(whole("a symbol contains no spaces"));
    }
    let body = symbol.strip_suffix('*').unwrap_or(symbol);
    let mut components = Vec::new();
    let mut offset = 0;
    for part in body.split('/') {
        components.push((offset, part));
        offset += part.len() + 1;
    }
    if components.len() < 2 {
        return Err(whole(
            "a symbol has a series and at least one more component, separated by `/`",
        ));
    }
    let (_, series) = components[0];
    if series.is_empty() || series.len() > 6 || !series.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(SymbolError {
            offset: 0,
            length: series.len().max(1),
            reason: format!(
                "the series `{series}` is not one to six capital letters (A, S, E, ST, …)"
            ),
        });
    }
    let mut in_modifiers = false;
    let mut has_number = false;
    for &(offset, part) in &components[1..] {
        let fail = |reason: String| SymbolError {
            offset,
            length: part.len().max(1),
            reason,
        };
        if part.is_empty() {
            return Err(fail(
                "empty component (two `/` in a row or a trailing `/`)".into(),
            ));
        }
        let numbered = |prefixes: &[&str]| {
            part.split_once('.').is_some_and(|(p, n)| {
                prefixes.contains(&p) && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
            })
        };
        if numbered(&MODIFIERS) || part == "Summary" {
            in_modifiers = true;
            continue;
        }
        if in_modifiers {
            return Err(fail(format!(
                "`{part}` follows a modifier; modifiers (Add.n, Corr.n, Rev.n) close the symbol"
            )));
        }
        if part.chars().all(|c| c.is_ascii_digit()) {
            has_number = true;
        } else if numbered(&BODIES) || numbered(&NUMBERED_TYPES) {
            has_number |= numbered(&NUMBERED_TYPES);
        } else if !(part.len() <= 6 && part.chars().all(|c| c.is_ascii_uppercase())) {
            return Err(fail(format!(
                "`{part}` is neither a number, a body (C.1), a document type (RES, L.1) nor a modifier (Add.1)"
            )));
        }
    }
    if !has_number {
        return Err(whole(
            "a symbol ends in a document number (A/75/906) or a numbered type (A/75/L.1)",
        ));
    }
    Ok(())
}

/// Checks a job number `YY-NNNNN`, optionally after a duty-station prefix
/// such as `GE.` or `V.`.
pub(crate) fn validate_job_number(job: &str) -> Result<(), String> {
    let digits = match job.rsplit_once('.') {
        Some((prefix, rest))
            if !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            rest
        }
        Some(_) => {
            return Err("the duty-station prefix is capital letters and a dot (GE., V.)".into())
        }
        None => job,
    };
    let ok = digits.len() == 8
        && digits.as_bytes()[2] == b'-'
        && digits
            .char_indices()
            .all(|(i, c)| i == 2 || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err("a job number is two digits of the year, a hyphen and five digits: 21-07422".into())
    }
}

/// The job number as the barcode encodes it: `*2107422*`.
pub(crate) fn barcode_text(job: &str) -> String {
    let digits: String = job
        .rsplit_once('.')
        .map_or(job, |(_, rest)| rest)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    format!("*{digits}*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_symbols_pass() {
        for s in [
            "A/75/906",
            "S/2021/534",
            "A/RES/75/1",
            "A/75/L.1",
            "A/C.1/75/L.5",
            "E/2021/10",
            "ST/SGB/2019/1",
            "A/75/906/Add.1/Corr.1",
            "A/75/L.1/Rev.1",
            "A/RES/69/250*",
            "A/HRC/WG.6/34/ITA/3",
            "A/INF/76/1",
        ] {
            assert_eq!(validate_symbol(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn malformed_symbols_name_the_component() {
        let e = validate_symbol("A/75/9O6").unwrap_err();
        assert_eq!((e.offset, e.length), (5, 3));
        assert!(validate_symbol("a/75/906").is_err());
        assert!(validate_symbol("A//906").is_err());
        assert!(validate_symbol("A/75/906/Add.1/12").is_err());
        assert!(validate_symbol("A 75 906").is_err());
        assert!(validate_symbol("A/RES").is_err());
    }

    #[test]
    fn job_numbers() {
        assert!(validate_job_number("21-07422").is_ok());
        assert!(validate_job_number("GE.19-13879").is_ok());
        assert!(validate_job_number("21-7422").is_err());
        assert!(validate_job_number("2107422").is_err());
        assert_eq!(barcode_text("21-07422"), "*2107422*");
        assert_eq!(barcode_text("GE.19-13879"), "*1913879*");
    }
}
