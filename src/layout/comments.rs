//! Template comments emptied before parsing. Its own file, with nothing
//! from the crate, because the build script parses the built-in
//! templates too (`build/templates.rs`) and must see what the binary
//! would parse.

/// The template with its `{{!-- … --}}` comments emptied: they print
/// nothing but cost as much to parse as the rest; each keeps its line
/// breaks, so positions in error messages stay right.
pub(crate) fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{!--") {
        let Some(length) = rest[start..].find("--}}") else {
            break; // unclosed: Handlebars reports it
        };
        out.push_str(&rest[..start]);
        let comment = &rest[start..start + length + 4];
        // Still a comment (Handlebars strips a comment alone on its line
        // with the line), only shorter.
        out.push_str("{{!");
        out.extend(comment.chars().filter(|c| *c == '\n'));
        out.push_str("}}");
        rest = &rest[start + length + 4..];
    }
    out.push_str(rest);
    out
}
