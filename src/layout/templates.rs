//! The Handlebars registry: templates from `templates/`, strict mode, an
//! escape function for our markup, and the helpers that call Fluent.
//!
//! Helpers: `t "message-id" name=value…` formats a message (`id.attr` for an
//! attribute); `list items prefix="state-" attr="of"` localises each item
//! through a message and joins them with `list-separator` and
//! `list-last-separator`; `len items` counts; `concat a b …` joins strings
//! (to build message ids such as `organ-general-assembly`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson,
};
use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, Position};
use crate::l10n::{Argument, Localizer};

/// All templates, loaded once and shared by every job.
pub struct Templates {
    registry: Handlebars<'static>,
    /// Template name → file, for diagnostics.
    files: Vec<(String, PathBuf)>,
}

/// Escapes text for the layout markup (`markup.rs`).
pub fn escape(text: &str) -> String {
    crate::xml::escape(text)
}

impl Templates {
    /// Loads every `*.hbs` under `dir`. A template's name is its path under
    /// `dir` without the extension; `partials/x.hbs` is also the partial `x`.
    pub fn load(dir: &Path, localizer: Arc<Localizer>) -> Result<Self, Vec<Diagnostic>> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape);
        registry.register_helper("t", Box::new(Translate(localizer.clone())));
        registry.register_helper("list", Box::new(List(localizer)));
        registry.register_helper("len", Box::new(Length));
        registry.register_helper("concat", Box::new(Concat));

        let mut paths = Vec::new();
        collect_templates(dir, &mut paths).map_err(|e| {
            vec![Diagnostic::error(format!(
                "cannot read the templates folder {}: {e}",
                dir.display()
            ))
            .in_file(dir)
            .with_hint("run polypress from the repository root, or pass --templates")]
        })?;
        paths.sort();
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            let name = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            let name = name.strip_prefix("partials/").unwrap_or(&name).to_owned();
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(
                        Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                            .in_file(&path),
                    );
                    continue;
                }
            };
            if let Err(e) = registry.register_template_string(&name, &text) {
                let mut d = Diagnostic::error(format!("template syntax error: {}", e.reason()));
                d = match e.pos() {
                    Some((line, column)) => d.at(&path, &text, Position { line, column }, 1),
                    None => d.in_file(&path),
                };
                errors.push(
                    d.with_hint("check that every {{#block}} is closed and every {{ has its }}"),
                );
            }
            files.push((name, path));
        }
        if errors.is_empty() {
            Ok(Templates { registry, files })
        } else {
            Err(errors)
        }
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.registry.has_template(name)
    }

    /// The template files, for hashing inputs.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(_, p)| p.as_path())
    }

    /// Renders template `name` with `context` into layout markup.
    pub fn render(&self, name: &str, context: &Json) -> Result<String, Diagnostic> {
        self.registry
            .render(name, context)
            .map_err(|e| self.diagnose(name, &e))
    }

    fn diagnose(&self, name: &str, e: &RenderError) -> Diagnostic {
        let template = e.template_name.clone().unwrap_or_else(|| name.to_owned());
        let reason = match e.reason() {
            RenderErrorReason::MissingVariable(Some(path)) => {
                format!("template `{template}` uses `{path}`, which the document does not have")
            }
            other => format!("template `{template}`: {other}"),
        };
        let mut d = Diagnostic::error(reason);
        let file = self
            .files
            .iter()
            .find(|(n, _)| *n == template)
            .map(|(_, p)| p);
        if let Some(file) = file {
            d = match (e.line_no, e.column_no, std::fs::read_to_string(file)) {
                (Some(line), Some(column), Ok(text)) => {
                    d.at(file, &text, Position { line, column }, 1)
                }
                _ => d.in_file(file),
            };
        }
        d.with_hint("fix the template, or the message it calls, in the file and locale named here")
    }
}

fn collect_templates(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_templates(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "hbs") {
            out.push(path);
        }
    }
    Ok(())
}

fn helper_error(helper: &str, message: String) -> RenderError {
    RenderErrorReason::Other(format!("{helper}: {message}")).into()
}

/// The document language, from the context's root.
fn language(ctx: &Context) -> Result<String, RenderError> {
    ctx.data()
        .get("lang")
        .and_then(Json::as_str)
        .map(str::to_owned)
        .ok_or_else(|| helper_error("t", "the context has no `lang`".into()))
}

fn argument(value: &Json) -> Option<Argument> {
    match value {
        Json::String(s) => Some(Argument::Text(s.clone())),
        Json::Number(n) => n.as_f64().map(Argument::Number),
        Json::Bool(b) => Some(Argument::Text(b.to_string())),
        _ => None,
    }
}

/// `{{t "id" name=value…}}`.
struct Translate(Arc<Localizer>);

impl HelperDef for Translate {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let id = h.param(0).and_then(|p| p.value().as_str()).ok_or_else(|| {
            helper_error("t", "the first argument is the message id, a string".into())
        })?;
        let lang = language(ctx)?;
        let mut args = Vec::new();
        for (name, value) in h.hash() {
            let value = argument(value.value()).ok_or_else(|| {
                helper_error(
                    "t",
                    format!("argument `{name}` of `{id}` is not text or a number"),
                )
            })?;
            args.push((*name, value));
        }
        let text = self
            .0
            .format(&lang, id, &args)
            .map_err(|e| helper_error("t", e.to_string()))?;
        Ok(ScopedJson::Derived(Json::String(text)))
    }
}

/// `{{list items prefix="state-" attr="of"}}`.
struct List(Arc<Localizer>);

impl HelperDef for List {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let items = h
            .param(0)
            .and_then(|p| p.value().as_array())
            .ok_or_else(|| helper_error("list", "the first argument is a list".into()))?;
        let lang = language(ctx)?;
        let prefix = h
            .hash_get("prefix")
            .and_then(|v| v.value().as_str().map(str::to_owned));
        let attr = h
            .hash_get("attr")
            .and_then(|v| v.value().as_str().map(str::to_owned));
        let format = |id: &str| {
            self.0
                .format(&lang, id, &[])
                .map_err(|e| helper_error("list", e.to_string()))
        };
        let mut words = Vec::new();
        for item in items {
            let raw = match item {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            words.push(match &prefix {
                Some(prefix) => {
                    let id = match &attr {
                        Some(a) => format!("{prefix}{raw}.{a}"),
                        None => format!("{prefix}{raw}"),
                    };
                    format(&id)?
                }
                None => raw,
            });
        }
        let joined = match words.len() {
            0 => String::new(),
            1 => words.remove(0),
            n => {
                let separator = format("list-separator")?;
                let last = format("list-last-separator")?;
                format!("{}{last}{}", words[..n - 1].join(&separator), words[n - 1])
            }
        };
        Ok(ScopedJson::Derived(Json::String(joined)))
    }
}

/// `{{len items}}`.
struct Length;

impl HelperDef for Length {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let n = match h.param(0).map(|p| p.value()) {
            Some(Json::Array(a)) => a.len(),
            Some(Json::Object(o)) => o.len(),
            Some(Json::String(s)) => s.chars().count(),
            _ => return Err(helper_error("len", "the argument is a list".into())),
        };
        Ok(ScopedJson::Derived(Json::from(n)))
    }
}

/// `{{concat "organ-" organ}}`.
struct Concat;

impl HelperDef for Concat {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let mut out = String::new();
        for p in h.params() {
            match p.value() {
                Json::String(s) => out.push_str(s),
                Json::Number(n) => out.push_str(&n.to_string()),
                other => return Err(helper_error("concat", format!("cannot join `{other}`"))),
            }
        }
        Ok(ScopedJson::Derived(Json::String(out)))
    }
}
