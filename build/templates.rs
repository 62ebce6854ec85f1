//! The built-in templates parsed when the binary is built, written out as
//! Rust that rebuilds the same Handlebars trees (`src/layout/compiled.rs`
//! includes it): a render uses them as they are instead of parsing the
//! templates again in every process (Handlebars parses about 2,500
//! instructions a byte). A template that does not parse here is left out,
//! and parsed, and reported, at run time as any other.

use std::fmt::Write as _;
use std::path::Path;

use handlebars::template::{BlockParam, Parameter, Template, TemplateElement};

#[path = "../src/layout/comments.rs"]
mod comments;

/// The generated code: one function per template, and the list of
/// (template name, source, function).
pub(crate) fn generate(root: &Path, files: &[(String, std::path::PathBuf)]) -> String {
    let mut functions = String::new();
    let mut list = String::from("&[\n");
    for (i, (file, path)) in files.iter().enumerate() {
        let Some(stem) = file
            .strip_prefix("templates/")
            .and_then(|n| n.strip_suffix(".hbs"))
        else {
            continue;
        };
        let name = stem.strip_prefix("partials/").unwrap_or(stem);
        let Ok(source) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        let Ok(template) =
            Template::compile_with_name(comments::without_comments(&source), name.to_owned())
        else {
            continue;
        };
        let Some(body) = template_code(&template) else {
            continue;
        };
        writeln!(
            functions,
            "fn template_{i}() -> Option<Template> {{\n    Some({body})\n}}"
        )
        .unwrap();
        writeln!(
            list,
            "    ({name:?}, include_str!({:?}), template_{i}),",
            path.display()
        )
        .unwrap();
    }
    list.push(']');
    format!(
        "{functions}\n/// The built-in templates: (name, source, the parsed template).\n\
         pub(super) static TEMPLATES: &[(&str, &str, Build)] = {list};\n"
    )
}

fn template_code(t: &Template) -> Option<String> {
    let elements: Option<Vec<String>> = t.elements.iter().map(element_code).collect();
    Some(format!(
        "template({:?}, vec![{}])",
        t.name.as_deref(),
        elements?.join(", ")
    ))
}

fn element_code(e: &TemplateElement) -> Option<String> {
    Some(match e {
        TemplateElement::RawString(s) => format!("TemplateElement::RawString({s:?}.to_owned())"),
        TemplateElement::Comment(s) => format!("TemplateElement::Comment({s:?}.to_owned())"),
        TemplateElement::HtmlExpression(h) => {
            format!(
                "TemplateElement::HtmlExpression(Box::new({}))",
                helper_code(h)?
            )
        }
        TemplateElement::Expression(h) => {
            format!("TemplateElement::Expression(Box::new({}))", helper_code(h)?)
        }
        TemplateElement::HelperBlock(h) => {
            format!(
                "TemplateElement::HelperBlock(Box::new({}))",
                helper_code(h)?
            )
        }
        TemplateElement::DecoratorExpression(d) => format!(
            "TemplateElement::DecoratorExpression(Box::new({}))",
            decorator_code(d)?
        ),
        TemplateElement::DecoratorBlock(d) => {
            format!(
                "TemplateElement::DecoratorBlock(Box::new({}))",
                decorator_code(d)?
            )
        }
        TemplateElement::PartialExpression(d) => format!(
            "TemplateElement::PartialExpression(Box::new({}))",
            decorator_code(d)?
        ),
        TemplateElement::PartialBlock(d) => {
            format!(
                "TemplateElement::PartialBlock(Box::new({}))",
                decorator_code(d)?
            )
        }
        _ => return None,
    })
}

/// Whether an expression or partial is indented before it writes: a field
/// Handlebars keeps to itself, read from its debug form, where it is the
/// last field.
fn indents_before_write(debug: &str) -> bool {
    debug.ends_with("indent_before_write: true }")
}

fn optional_template(t: Option<&Template>) -> Option<String> {
    match t {
        Some(t) => Some(format!("Some({})", template_code(t)?)),
        None => Some("None".to_owned()),
    }
}

fn helper_code(h: &handlebars::template::HelperTemplate) -> Option<String> {
    Some(format!(
        "helper({}, vec![{}], vec![{}], {}, {}, {}, {}, {}, {})?",
        parameter_code(&h.name)?,
        parameters_code(&h.params)?,
        hash_code(&h.hash)?,
        match &h.block_param {
            None => "None".to_owned(),
            Some(BlockParam::Single(p)) =>
                format!("Some(BlockParam::Single({}))", parameter_code(p)?),
            Some(BlockParam::Pair((a, b))) => format!(
                "Some(BlockParam::Pair(({}, {})))",
                parameter_code(a)?,
                parameter_code(b)?
            ),
            Some(_) => return None,
        },
        optional_template(h.template.as_ref())?,
        optional_template(h.inverse.as_ref())?,
        h.block,
        h.chain,
        indents_before_write(&format!("{h:?}")),
    ))
}

fn decorator_code(d: &handlebars::template::DecoratorTemplate) -> Option<String> {
    Some(format!(
        "decorator({}, vec![{}], vec![{}], {}, {:?}, {})?",
        parameter_code(&d.name)?,
        parameters_code(&d.params)?,
        hash_code(&d.hash)?,
        optional_template(d.template.as_ref())?,
        d.indent.as_deref(),
        indents_before_write(&format!("{d:?}")),
    ))
}

fn parameters_code(params: &[Parameter]) -> Option<String> {
    let params: Option<Vec<String>> = params.iter().map(parameter_code).collect();
    Some(params?.join(", "))
}

fn hash_code(hash: &std::collections::HashMap<String, Parameter>) -> Option<String> {
    let mut entries: Vec<_> = hash.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let entries: Option<Vec<String>> = entries
        .into_iter()
        .map(|(k, v)| Some(format!("({k:?}, {})", parameter_code(v)?)))
        .collect();
    Some(entries?.join(", "))
}

fn parameter_code(p: &Parameter) -> Option<String> {
    Some(match p {
        Parameter::Name(n) => format!("Parameter::Name({n:?}.to_owned())"),
        Parameter::Path(
            handlebars::Path::Relative((_, raw)) | handlebars::Path::Local((_, _, raw)),
        ) => {
            format!("path({raw:?})?")
        }
        Parameter::Literal(json) => format!("literal({:?})?", json.to_string()),
        Parameter::Subexpression(s) => format!("subexpression({})", element_code(&s.element)?),
        _ => return None,
    })
}
