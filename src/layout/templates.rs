//! The Handlebars registry: templates from `templates/`, strict mode, an
//! escape function for our markup, and the helpers that call Fluent.
//!
//! Helpers: `t "message-id" name=value…` formats a message (`id.attr` for an
//! attribute); `list items prefix="state-" attr="of"` localises each item
//! through a message (`.of-next` for the items after the first, where the
//! language has it) and joins them with `list-separator` and
//! `list-last-separator`; `len items` counts; `concat a b …` joins strings
//! (to build message ids such as `organ-general-assembly`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson, Template,
};
use rayon::prelude::*;
use serde_json::Value as Json;

use super::comments::without_comments;
use crate::diagnostic::{Diagnostic, Position};
use crate::house::{House, HouseFile};
use crate::l10n::{Argument, Localizer};

/// All templates, read once and shared by every job. The house's own
/// templates were parsed when the binary was built (`compiled.rs`); any
/// other (an override, or a template edited in the tool's checkout since
/// the build) is parsed on its kind's first use, each file once per
/// process and the files of a kind in parallel: Handlebars parses about
/// 2,500 instructions a byte (8-page render: 15 million instructions of
/// parsing before the build did it).
pub struct Templates {
    localizer: Arc<Localizer>,
    /// Template name → (file, text). `partials/x.hbs` is the partial `x`.
    sources: BTreeMap<String, (PathBuf, String)>,
    /// Each template file parsed once per process, whichever kinds call it.
    parsed: BTreeMap<String, OnceLock<Result<Template, Diagnostic>>>,
    /// One registry per kind rendered so far.
    registries: BTreeMap<String, OnceLock<Result<Handlebars<'static>, Diagnostic>>>,
    /// The partials each template calls, read from its text once per
    /// process (a kind's are asked for four times a render).
    calls: BTreeMap<String, OnceLock<Vec<String>>>,
}

/// The templates' files as [`Templates::read`] reads them: by name, the
/// file and its text, and the names the repository overrides.
pub(crate) struct TemplateFiles {
    sources: BTreeMap<String, (PathBuf, String)>,
    overridden: Vec<String>,
}

/// Escapes text for the layout markup (`markup.rs`).
pub fn escape(text: &str) -> String {
    crate::xml::escape(text)
}

impl Templates {
    /// The house's templates, with the repository's of the same names
    /// over them. An override is parsed now, so a syntax error in it is a
    /// located error of every command, never one of the render.
    pub fn of(house: &House, localizer: Arc<Localizer>) -> Result<Self, Vec<Diagnostic>> {
        Self::from_files(Self::read(house)?, localizer)
    }

    /// The templates' files, read: what [`Templates::of`] needs of the
    /// house, which needs no messages, so that it is read while they load.
    pub(crate) fn read(house: &House) -> Result<TemplateFiles, Vec<Diagnostic>> {
        let mut sources = BTreeMap::new();
        let mut errors = Vec::new();
        let overrides = house.override_files("templates");
        let overridden: Vec<String> = overrides.iter().filter_map(template_name).collect();
        for file in house.base_files("templates").into_iter().chain(overrides) {
            let Some(name) = template_name(&file) else {
                continue;
            };
            match file.text() {
                Ok(text) => {
                    sources.insert(name, (file.path, text));
                }
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(TemplateFiles {
                sources,
                overridden,
            })
        } else {
            Err(errors)
        }
    }

    /// [`Templates::of`] from the files [`Templates::read`] read.
    pub(crate) fn from_files(
        files: TemplateFiles,
        localizer: Arc<Localizer>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let TemplateFiles {
            sources,
            overridden,
        } = files;
        let parsed = sources
            .keys()
            .map(|k| (k.clone(), OnceLock::new()))
            .collect();
        let registries = sources
            .keys()
            .map(|k| (k.clone(), OnceLock::new()))
            .collect();
        let calls = sources
            .keys()
            .map(|k| (k.clone(), OnceLock::new()))
            .collect();
        let templates = Templates {
            localizer,
            sources,
            parsed,
            registries,
            calls,
        };
        let errors: Vec<Diagnostic> = overridden
            .iter()
            .filter_map(|name| templates.parsed(name).err())
            .collect();
        if errors.is_empty() {
            Ok(templates)
        } else {
            Err(errors)
        }
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The names of the templates (kinds and partials).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// The text of template `name`.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|(_, text)| text.as_str())
    }

    /// Template `name` and every partial it calls, however deep, by name.
    pub fn calls(&self, name: &str) -> BTreeSet<&str> {
        self.called_by(name)
    }

    /// Parses every template, for `polypress check`: the syntax errors of
    /// templates that no document uses yet.
    pub fn validate(&self) -> Vec<Diagnostic> {
        self.sources
            .keys()
            .filter_map(|name| self.registry(name).err())
            .collect()
    }

    /// Parses template `name` and its partials now, the files in parallel,
    /// so that a job finds them ready; an error is kept for [`render`].
    ///
    /// [`render`]: Templates::render
    pub(crate) fn prepare(&self, name: &str) {
        // Outside the registry's cell: a thread waiting here may take up
        // a job that renders this very kind.
        self.called_by(name).par_iter().for_each(|n| {
            let _ = self.parsed(n);
        });
        let _ = self.registry(name);
    }

    /// Template `name` and every partial it calls, however deep, that exists.
    fn called_by(&self, name: &str) -> BTreeSet<&str> {
        let mut names = BTreeSet::new();
        let mut wanted = vec![name.to_owned()];
        while let Some(next) = wanted.pop() {
            // A partial that does not exist is reported when rendering.
            if let Some((key, (_, text))) = self.sources.get_key_value(&next) {
                if names.insert(key.as_str()) {
                    let calls = self
                        .calls
                        .get(key)
                        .map(|cell| cell.get_or_init(|| partials_called(text)).as_slice());
                    wanted.extend(calls.unwrap_or_default().iter().cloned());
                }
            }
        }
        names
    }

    /// Template file `name`, parsed on first use: taken as the build
    /// parsed it when its source is the built-in one.
    fn parsed(&self, name: &str) -> Result<&Template, Diagnostic> {
        let (Some((_, text)), Some(cell)) = (self.sources.get(name), self.parsed.get(name)) else {
            return Err(Diagnostic::error(format!("no template `{name}`")));
        };
        cell.get_or_init(|| match super::compiled::built_in(name, text) {
            Some(template) => Ok(template),
            None => self.parse(name),
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Template file `name` parsed now, with the line and column of each
    /// element, or its syntax error, located.
    fn parse(&self, name: &str) -> Result<Template, Diagnostic> {
        let Some((path, text)) = self.sources.get(name) else {
            return Err(Diagnostic::error(format!("no template `{name}`")));
        };
        Template::compile_with_name(without_comments(text), name.to_owned()).map_err(|e| {
            let d = Diagnostic::error(format!("template syntax error: {}", e.reason()));
            let d = match e.pos() {
                Some((line, column)) => d.at(path, text, Position { line, column }, 1),
                None => d.in_file(path),
            };
            d.with_hint("check that every {{#block}} is closed and every {{ has its }}")
        })
    }

    /// The registry holding template `name` and every partial it calls.
    fn registry(&self, name: &str) -> Result<&Handlebars<'static>, Diagnostic> {
        let cell = self
            .registries
            .get(name)
            .ok_or_else(|| Diagnostic::error(format!("no template `{name}`")))?;
        cell.get_or_init(|| {
            let mut registry = self.empty_registry();
            // In name order, so the error reported is the same every time.
            for n in self.called_by(name) {
                registry.register_template(n, self.parsed(n)?.clone());
            }
            Ok(registry)
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// A registry with our escape function and helpers, and no template.
    fn empty_registry(&self) -> Handlebars<'static> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape);
        registry.register_helper("t", Box::new(Translate(self.localizer.clone())));
        registry.register_helper("list", Box::new(List(self.localizer.clone())));
        registry.register_helper("len", Box::new(Length));
        registry.register_helper("concat", Box::new(Concat));
        registry
    }

    /// Renders template `name` with `context` into layout markup.
    pub fn render(&self, name: &str, context: &Json) -> Result<String, Diagnostic> {
        render_markup(self.registry(name)?, name, context)
            .map_err(|e| self.diagnose(name, &self.located(name, context).unwrap_or(e)))
    }

    /// The error of rendering `name` with every template parsed afresh, so
    /// with the line and column the built trees do not carry (a render
    /// error is rare; parsing then costs nothing worth counting).
    fn located(&self, name: &str, context: &Json) -> Option<RenderError> {
        let mut registry = self.empty_registry();
        for n in self.called_by(name) {
            registry.register_template(n, self.parse(n).ok()?);
        }
        registry.render(name, context).err()
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
        let file = self.sources.get(&template).map(|(p, _)| p);
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

/// The partials a template calls (`{{> name …}}`, `{{#> name …}}`).
fn partials_called(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("{{") {
        let rest = text[at + 2..].trim_start_matches(['~', '#']);
        if let Some(call) = rest.strip_prefix('>') {
            let name: String = call
                .trim_start()
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '}')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// A template's name: its path under `templates/` without `.hbs`, and
/// `partials/x.hbs` is the partial `x`; `None` for a file of another kind.
fn template_name(file: &HouseFile) -> Option<String> {
    let name = file.name.strip_prefix("templates/")?.strip_suffix(".hbs")?;
    Some(name.strip_prefix("partials/").unwrap_or(name).to_owned())
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
        for (index, item) in items.iter().enumerate() {
            let raw = match item {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            words.push(match &prefix {
                Some(prefix) => {
                    let id = match &attr {
                        // Items after the first take `.{attr}-next` where the
                        // language has it: Arabic attaches its preposition to
                        // the first State only (لأرمينيا وبيلاروس).
                        Some(a)
                            if index > 0
                                && self.0.has(&lang, &format!("{prefix}{raw}.{a}-next")) =>
                        {
                            format!("{prefix}{raw}.{a}-next")
                        }
                        Some(a) => format!("{prefix}{raw}.{a}"),
                        None => format!("{prefix}{raw}"),
                    };
                    format(&id)?
                }
                None => raw,
            });
        }
        // Before a number, a separator's `.before-number` where the language
        // has one: Arabic writes «و» on the next word (وبيلاروس) but apart
        // from a figure («البندان 32 و 38»).
        let mut joined = String::new();
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                let id = if i + 1 == words.len() {
                    "list-last-separator"
                } else {
                    "list-separator"
                };
                let numeric = format!("{id}.before-number");
                let id = if word.starts_with(|c: char| c.is_ascii_digit())
                    && self.0.has(&lang, &numeric)
                {
                    numeric
                } else {
                    id.to_owned()
                };
                joined.push_str(&format(&id)?);
            }
            joined.push_str(word);
        }
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

/// `Registry::render` (handlebars 6.3, not in development mode) into
/// markup kept as a `String` from the start: the registry's own output
/// collects bytes and checks the whole markup is UTF-8 at the end, a
/// second pass over every byte of a document's text (0.7 million
/// instructions for an 8-page Arabic report) when each piece written is
/// already a `str`.
fn render_markup(
    registry: &Handlebars<'static>,
    name: &str,
    context: &Json,
) -> Result<String, RenderError> {
    let template = registry
        .get_template(name)
        .ok_or_else(|| RenderError::from(RenderErrorReason::TemplateNotFound(name.to_owned())))?;
    let context = Context::wraps(context)?;
    let mut render_context = RenderContext::new(template.name.as_ref());
    let mut markup = Markup(String::with_capacity(8 * 1024));
    handlebars::Renderable::render(
        template,
        registry,
        &context,
        &mut render_context,
        &mut markup,
    )?;
    Ok(markup.0)
}

/// Markup as the templates write it.
struct Markup(String);

impl handlebars::Output for Markup {
    fn write(&mut self, piece: &str) -> Result<(), std::io::Error> {
        self.0.push_str(piece);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_dropped_and_lines_kept() {
        assert_eq!(
            without_comments("a{{!-- one\ntwo --}}b\n{{x}}{{!-- three --}}"),
            "a{{!\n}}b\n{{x}}{{!}}"
        );
        assert_eq!(
            partials_called("{{> masthead}} {{#> box a=1}}"),
            ["masthead", "box"]
        );
    }

    #[test]
    fn a_render_error_in_a_built_template_is_located_in_its_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let house = House::folder(root);
        let localizer = Arc::new(Localizer::of(&house).unwrap());
        let templates = Templates::of(&house, localizer).unwrap();
        // The checkout's statement is the built-in one: its tree is the
        // build's, which has no line and column of its own.
        let error = templates
            .render("statement", &serde_json::json!({}))
            .unwrap_err();
        let location = error.location.expect("a file");
        assert!(
            location.file.ends_with("templates/statement.hbs"),
            "{location:?}"
        );
        let position = location.position.expect("a line and column");
        let text = std::fs::read_to_string(root.join("templates/statement.hbs")).unwrap();
        let line = text.lines().nth(position.line - 1).unwrap();
        assert!(line.contains("{{lang}}"), "{line}");
    }
}
