//! The built-in templates as the build parsed them (`build/templates.rs`
//! writes the code included here): a render that uses the house's own
//! templates takes these trees as they are, and parses nothing. The trees
//! carry no line and column mapping (Handlebars does not let it be built
//! outside its parser); a render error in one is located by parsing the
//! template then (`Templates::render`).

use std::collections::HashMap;

use handlebars::template::{
    BlockParam, DecoratorTemplate, ExpressionSpec, ExpressionSpecBuilder, HelperTemplate,
    Parameter, Subexpression, Template, TemplateElement,
};

/// Rebuilds one template (`None` if Handlebars refuses a piece of it,
/// which the build-time test rules out).
type Build = fn() -> Option<Template>;

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Template `name` as the build parsed it, if its source is still the one
/// the build saw (a template read from a folder may have been edited since).
pub(super) fn built_in(name: &str, source: &str) -> Option<Template> {
    let (_, _, build) = TEMPLATES
        .iter()
        .find(|(n, text, _)| *n == name && *text == source)?;
    build()
}

fn template(name: Option<&str>, elements: Vec<TemplateElement>) -> Template {
    let mut template = Template::new();
    template.name = name.map(str::to_owned);
    template.elements = elements;
    template
}

fn path(raw: &str) -> Option<Parameter> {
    simple_path(raw)
        .or_else(|| handlebars::Path::parse(raw).ok())
        .map(Parameter::Path)
}

/// A path of plain names (`facts.date`, `this`), made as Handlebars'
/// parser makes it (its grammar's `path_inline`: names of symbol
/// characters between `.` or `/`, a `this` standing for the current
/// context) without running the parser, which took 7,000 instructions a
/// path, 1 M of a render; `None` for any other path (`../x`, `@index`,
/// `[raw]`, a non-ASCII name), left to the parser. The test of the
/// compiled templates against the parser's trees covers every path of
/// the house's templates.
fn simple_path(raw: &str) -> Option<handlebars::Path> {
    let mut segments = Vec::new();
    for name in raw.split(['.', '/']) {
        let plain = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'$'));
        if !plain {
            return None;
        }
        if name != "this" {
            segments.push(handlebars::PathSeg::Named(name.to_owned()));
        }
    }
    Some(handlebars::Path::Relative((segments, raw.to_owned())))
}

fn literal(json: &str) -> Option<Parameter> {
    serde_json::from_str(json).ok().map(Parameter::Literal)
}

fn subexpression(element: TemplateElement) -> Parameter {
    let mut s = Subexpression::new(Parameter::Name(String::new()), Vec::new(), HashMap::new());
    s.element = Box::new(element);
    Parameter::Subexpression(s)
}

fn spec(
    name: Parameter,
    params: Vec<Parameter>,
    hash: Vec<(&str, Parameter)>,
    block_param: Option<BlockParam>,
) -> Option<ExpressionSpec> {
    let mut builder = ExpressionSpecBuilder::default();
    builder
        .name(name)
        .params(params)
        .hash(hash.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
        .omit_pre_ws(false)
        .omit_pro_ws(false);
    if let Some(block_param) = block_param {
        builder.block_param(block_param);
    }
    builder.build().ok()
}

#[allow(clippy::too_many_arguments)] // the fields of one Handlebars node
fn helper(
    name: Parameter,
    params: Vec<Parameter>,
    hash: Vec<(&str, Parameter)>,
    block_param: Option<BlockParam>,
    template: Option<Template>,
    inverse: Option<Template>,
    block: bool,
    chain: bool,
    indent_before_write: bool,
) -> Option<HelperTemplate> {
    let mut helper = HelperTemplate::new(
        spec(name, params, hash, block_param)?,
        block,
        indent_before_write,
    );
    helper.template = template;
    helper.inverse = inverse;
    helper.chain = chain;
    Some(helper)
}

fn decorator(
    name: Parameter,
    params: Vec<Parameter>,
    hash: Vec<(&str, Parameter)>,
    template: Option<Template>,
    indent: Option<&str>,
    indent_before_write: bool,
) -> Option<DecoratorTemplate> {
    let mut decorator =
        DecoratorTemplate::new(spec(name, params, hash, None)?, indent_before_write);
    decorator.template = template;
    decorator.indent = indent.map(str::to_owned);
    Some(decorator)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain path is made as the parser makes it, and anything else is
    /// left to the parser.
    #[test]
    fn simple_paths_are_the_parsers() {
        for raw in [
            "facts",
            "facts.date",
            "a/b/c",
            "this",
            "this.x",
            "this/x",
            "a.this.b",
            "thisx",
            "x-1_$",
            "123",
            "a-b.c_d",
        ] {
            assert_eq!(simple_path(raw), handlebars::Path::parse(raw).ok(), "{raw}");
        }
        for raw in [
            "", ".", "a.", ".a", "a..b", "../a", "@index", "@root.a", "a.[b c]", "[x]", "né",
            "a b", "./a",
        ] {
            assert_eq!(simple_path(raw), None, "{raw}");
        }
    }

    /// The tree without its line and column mapping, everywhere in it.
    fn unmapped(mut t: Template) -> Template {
        t.mapping.clear();
        t.elements = t.elements.into_iter().map(unmapped_element).collect();
        t
    }

    fn unmapped_element(e: TemplateElement) -> TemplateElement {
        use TemplateElement as E;
        let helper = |mut h: Box<HelperTemplate>| {
            h.template = h.template.map(unmapped);
            h.inverse = h.inverse.map(unmapped);
            h
        };
        let decorator = |mut d: Box<DecoratorTemplate>| {
            d.template = d.template.map(unmapped);
            d
        };
        match e {
            E::HtmlExpression(h) => E::HtmlExpression(helper(h)),
            E::Expression(h) => E::Expression(helper(h)),
            E::HelperBlock(h) => E::HelperBlock(helper(h)),
            E::DecoratorExpression(d) => E::DecoratorExpression(decorator(d)),
            E::DecoratorBlock(d) => E::DecoratorBlock(decorator(d)),
            E::PartialExpression(d) => E::PartialExpression(decorator(d)),
            E::PartialBlock(d) => E::PartialBlock(decorator(d)),
            other => other,
        }
    }

    #[test]
    fn every_built_in_template_is_the_tree_handlebars_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut names = Vec::new();
        for (name, source, build) in TEMPLATES {
            let parsed = Template::compile_with_name(
                super::super::comments::without_comments(source),
                (*name).to_owned(),
            )
            .unwrap();
            let built = build().unwrap_or_else(|| panic!("{name} does not rebuild"));
            assert_eq!(built, unmapped(parsed), "{name}");
            names.push(*name);
        }
        // Every template of the house is among them.
        let mut files = 0;
        for folder in [dir.clone(), dir.join("partials")] {
            for entry in std::fs::read_dir(folder).unwrap().flatten() {
                let file = entry.file_name().to_string_lossy().into_owned();
                if let Some(name) = file.strip_suffix(".hbs") {
                    assert!(names.contains(&name), "{name} was not built in");
                    files += 1;
                }
            }
        }
        assert_eq!(files, names.len());
        // An edited source is not taken for the built one.
        let (name, source, _) = TEMPLATES[0];
        assert!(built_in(name, source).is_some());
        assert!(built_in(name, &format!("{source} ")).is_none());
    }
}
