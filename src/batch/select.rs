//! Choosing documents: by folder name or path, with `*` and `?` wildcards.

use std::path::Path;

/// Whether `pattern` matches `text`: `*` any run of characters, `?` one.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Whether the document folder `dir` is selected by any of `patterns`
/// (all are selected when there is none). A pattern matches the folder
/// name or the path as given.
pub fn selected(dir: &Path, patterns: &[String]) -> bool {
    if patterns.is_empty() {
        return true;
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = dir.display().to_string();
    patterns.iter().any(|p| {
        let p = p.trim_end_matches('/');
        glob(p, &name) || glob(p, &path) || Path::new(p) == dir
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(glob("csto-*", "csto-2024-12-11-training-consultations"));
        assert!(glob(
            "*-2024-12-1?-*",
            "csto-2024-12-11-training-consultations"
        ));
        assert!(!glob("a-*", "csto-2024"));
        assert!(glob("*", ""));
        assert!(selected(
            Path::new("documents/a-75-906-s-2021-534"),
            &["a-75-*".into()]
        ));
        assert!(selected(
            Path::new("documents/a-75-906-s-2021-534"),
            &["documents/a-75-906-s-2021-534/".into()]
        ));
        assert!(!selected(
            Path::new("documents/a-75-906-s-2021-534"),
            &["csto-*".into()]
        ));
    }
}
