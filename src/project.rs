//! Where polypress works: a document repository, the tool's own checkout,
//! or a bare folder.
//!
//! - A **document repository** has `polypress.toml` at its root (found
//!   upward from any sub-folder, as cargo finds `Cargo.toml`): its
//!   documents are set with the house built into the binary, overridden by
//!   its own `locales/`, `templates/`, `assets/` (docs/repositories.md).
//! - The tool's **checkout** (no `polypress.toml`, but `locales/` and
//!   `templates/`) is the source of the built-in house: its folders are read
//!   as they are, so an edit shows without rebuilding.
//! - Any other folder is a bare repository: the built-in house and the
//!   settings' defaults, rooted at the current folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{did_you_mean, position_of_offset, Diagnostic};
use crate::house::House;

/// The name of a repository's settings file, which also marks its root.
pub const CONFIG_FILE: &str = "polypress.toml";

/// What the root is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A folder with `polypress.toml`.
    Repository,
    /// The tool's own checkout: the house is its folders.
    Checkout,
    /// Neither: the built-in house, default settings.
    Bare,
}

/// A repository's settings (`polypress.toml`); every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The output folder, relative to the root (default `out`).
    pub out: Option<PathBuf>,
    /// The languages `build` renders when `--lang` is not given (default:
    /// every language each document has).
    pub languages: Option<Vec<String>>,
    /// Parallel jobs (default: the number of cores).
    pub jobs: Option<usize>,
    /// The standard the PDFs claim: `a-2u` (default) or `none`.
    pub pdf_standard: Option<String>,
}

/// The keys `polypress.toml` takes, for "did you mean".
const KEYS: [&str; 4] = ["out", "languages", "jobs", "pdf-standard"];

/// Where polypress works, and with which house and settings.
#[derive(Debug, Clone)]
pub struct Project {
    /// The root: `.` when it is the current folder, so paths in messages
    /// stay short.
    pub root: PathBuf,
    pub layout: Layout,
    pub config: Config,
}

impl Project {
    /// The project around the current folder: the nearest folder upward
    /// with `polypress.toml`, else the nearest that is a checkout, else the
    /// current folder itself (bare).
    pub fn discover() -> Result<Project, Diagnostic> {
        let current = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        for dir in current.ancestors() {
            let layout = if dir.join(CONFIG_FILE).is_file() {
                Layout::Repository
            } else if is_checkout(dir) {
                Layout::Checkout
            } else {
                continue;
            };
            let root = if dir == current {
                PathBuf::from(".")
            } else {
                dir.to_path_buf()
            };
            return Project::with_layout(root, layout);
        }
        Project::with_layout(PathBuf::from("."), Layout::Bare)
    }

    /// The project rooted at `root` (`--root`): a repository if it has
    /// `polypress.toml`, a checkout if it has `locales/` and `templates/`,
    /// else bare.
    pub fn at(root: &Path) -> Result<Project, Diagnostic> {
        let layout = if root.join(CONFIG_FILE).is_file() {
            Layout::Repository
        } else if is_checkout(root) {
            Layout::Checkout
        } else {
            Layout::Bare
        };
        Project::with_layout(root.to_path_buf(), layout)
    }

    fn with_layout(root: PathBuf, layout: Layout) -> Result<Project, Diagnostic> {
        let config = match layout {
            Layout::Repository => Config::read(&root.join(CONFIG_FILE))?,
            _ => Config::default(),
        };
        Ok(Project {
            root,
            layout,
            config,
        })
    }

    /// The house the documents are set with.
    pub fn house(&self) -> House {
        match self.layout {
            Layout::Checkout => House::folder(&self.root),
            Layout::Repository | Layout::Bare => House::built_in(&self.root),
        }
    }

    /// The folder of the documents.
    pub fn documents(&self) -> PathBuf {
        self.root.join("documents")
    }

    /// The output folder: `given`, else the settings' (under the root),
    /// else `out/` of the root.
    pub fn output(&self, given: Option<PathBuf>) -> PathBuf {
        given.unwrap_or_else(|| {
            let out = self
                .config
                .out
                .clone()
                .unwrap_or_else(|| PathBuf::from("out"));
            if self.root == Path::new(".") || out.is_absolute() {
                out
            } else {
                self.root.join(out)
            }
        })
    }
}

/// Whether `dir` is the tool's own checkout (or a folder laid out like it).
fn is_checkout(dir: &Path) -> bool {
    dir.join("locales").is_dir() && dir.join("templates").is_dir()
}

impl Config {
    /// Reads and checks `path`: an unknown key or a wrong type is an error
    /// at its line and column, with "did you mean".
    pub fn read(path: &Path) -> Result<Config, Diagnostic> {
        let text = crate::input::read_text(path)?;
        Config::parse(path, &text)
    }

    /// Parses the text of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_owned();
            let span = e.span().unwrap_or(0..0);
            let mut d = Diagnostic::error(format!("{CONFIG_FILE}: {message}")).at_offset(
                path,
                text,
                span.start.min(text.len()),
                span.len().max(1),
            );
            let unknown = message
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next());
            d = match unknown {
                Some(key) => match did_you_mean(key, KEYS.iter().copied()) {
                    Some(near) => d.with_hint(format!("did you mean `{near}`? (the keys: {})", KEYS.join(", "))),
                    None => d.with_hint(format!("the keys are {} (docs/repositories.md)", KEYS.join(", "))),
                },
                None => d.with_hint(
                    "out = \"out\", languages = [\"en\", \"fr\"], jobs = 4, pdf-standard = \"a-2u\" (docs/repositories.md)",
                ),
            };
            d
        })?;
        let at = |key: &str, message: String, hint: &str| {
            let offset = key_offset(text, key);
            Diagnostic::error(format!("{CONFIG_FILE}: {message}"))
                .at(path, text, position_of_offset(text, offset), key.len())
                .with_hint(hint.to_owned())
        };
        if let Some(standard) = &config.pdf_standard {
            if standard != "a-2u" && standard != "none" {
                return Err(at(
                    "pdf-standard",
                    format!("unknown PDF standard `{standard}`"),
                    "pdf-standard is \"a-2u\" (PDF/A-2u, tagged) or \"none\" (tagged PDF 1.7)",
                ));
            }
        }
        if config.jobs == Some(0) {
            return Err(at(
                "jobs",
                "jobs must be at least 1".into(),
                "leave it out to use every core",
            ));
        }
        if let Some(out) = &config.out {
            if out.as_os_str().is_empty() {
                return Err(at("out", "out is empty".into(), "write out = \"out\""));
            }
        }
        Ok(config)
    }

    /// The default languages, checked against those the house has: an
    /// unknown one is an error at its place in the file.
    pub fn check_languages(&self, path: &Path, known: &[String]) -> Result<(), Diagnostic> {
        let Some(languages) = &self.languages else {
            return Ok(());
        };
        for lang in languages {
            if !known.contains(lang) {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                let quoted = format!("\"{lang}\"");
                let offset = text
                    .find(&quoted)
                    .unwrap_or_else(|| key_offset(&text, "languages"));
                let hint = match did_you_mean(lang, known.iter().map(String::as_str)) {
                    Some(near) => format!(
                        "did you mean `{near}`? The languages are {}",
                        known.join(", ")
                    ),
                    None => format!("the languages are {}", known.join(", ")),
                };
                return Err(Diagnostic::error(format!(
                    "{CONFIG_FILE}: no locale for language `{lang}`"
                ))
                .at_offset(path, &text, offset, quoted.len())
                .with_hint(hint));
            }
        }
        Ok(())
    }
}

/// Byte offset of `key =` at the start of a line (0 when absent).
fn key_offset(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.trim_start().strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return offset + (line.len() - line.trim_start().len());
            }
        }
        offset += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_bad_ones_are_located() {
        let path = Path::new("polypress.toml");
        let config = Config::parse(
            path,
            "out = \"pdf\"\nlanguages = [\"en\", \"fr\"]\njobs = 2\npdf-standard = \"none\"\n",
        )
        .unwrap();
        assert_eq!(config.out, Some(PathBuf::from("pdf")));
        assert_eq!(config.jobs, Some(2));

        let e = Config::parse(path, "out = \"out\"\nlanguage = [\"en\"]\n").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("polypress.toml:2:1"), "{text}");
        assert!(text.contains("did you mean `languages`"), "{text}");

        let e = Config::parse(path, "jobs = \"four\"\n").unwrap_err();
        assert!(e.to_string().contains("polypress.toml:1:8"), "{e}");

        let e = Config::parse(path, "\n\npdf-standard = \"a-3b\"\n").unwrap_err();
        assert!(e.to_string().contains("polypress.toml:3:1"), "{e}");

        let config = Config::parse(path, "languages = [\"en\", \"fx\"]\n").unwrap();
        let known = ["en".to_owned(), "fr".to_owned()];
        std::fs::write(
            std::env::temp_dir().join("pp-config-test.toml"),
            "languages = [\"en\", \"fx\"]\n",
        )
        .unwrap();
        let e = config
            .check_languages(&std::env::temp_dir().join("pp-config-test.toml"), &known)
            .unwrap_err();
        assert!(e.to_string().contains(":1:20"), "{e}");
        assert!(e.to_string().contains("did you mean `fr`"), "{e}");
    }
}
