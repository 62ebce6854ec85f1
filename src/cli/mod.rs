//! Subcommands, one file each.

mod bench;
mod build;
mod check;
mod house;
mod init;
mod l10n;
mod new;
mod preview;
mod proof;
mod render;
mod schema;
mod watch;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use polypress::diagnostic::Diagnostic;
use polypress::pipeline::Resources;
use polypress::project::{Layout, Project};

/// Exit code: everything worked.
pub const OK: u8 = 0;
/// Exit code: some job failed for a reason other than its input.
pub const FAILED: u8 = 1;
/// Exit code: bad input (a diagnostic was printed) or bad invocation.
pub const BAD_INPUT: u8 = 2;

/// polypress renders YAML sources of UN-style official documents into
/// print-ready PDFs in the six UN languages.
#[derive(Debug, Parser)]
#[command(
    name = "polypress",
    version = polypress_version(),
    about,
    long_about = None,
    after_help = "Exit codes: 0 all good; 2 bad input (each problem printed with file:line:column \
                  and a hint) or bad invocation; 1 a failure that is not the input's (an output \
                  that cannot be written, the output folder locked by another build)."
)]
pub struct Arguments {
    /// The repository root (default: the nearest folder upward with polypress.toml, else the
    /// nearest with locales/ and templates/ — the tool's own checkout —, else the current folder).
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    /// Colour in diagnostics: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render every document in documents/ in every language it has, into out/.
    Build(build::Build),
    /// Render some documents (folders, or names under documents/).
    Render(render::Render),
    /// Render, then re-render what each save of a source, locale, template or font touches.
    Watch(watch::Watch),
    /// A live preview in the browser: two language versions side by side, reloaded on each save.
    Preview(preview::Preview),
    /// Check documents, locales and templates; write nothing.
    Check(check::Check),
    /// Print the JSON Schema of document.yaml or of a <lang>.yaml texts file.
    Schema(schema::Schema),
    /// Generate a benchmark corpus and time the real binary on it.
    Bench(bench::Bench),
    /// Translator tools: check locales, translation status, XLIFF.
    L10n(l10n::L10n),
    /// A bilingual proof for revisers: source ‖ translation, stale segments flagged.
    Proof(proof::Proof),
    /// Write a skeleton document (report, resolution, letter, …) that renders.
    New(new::New),
    /// Make a document repository: polypress.toml, documents/ with an example, .gitignore,
    /// a CI workflow and a README.
    Init(init::Init),
    /// The built-in house (locales, templates, marks, fonts): export it, or see what the
    /// repository overrides.
    House(house::House),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Runs the command and returns the exit code.
pub fn run(arguments: Arguments) -> u8 {
    anstream::ColorChoice::write_global(match arguments.color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    });
    let root = arguments.root.as_deref();
    match arguments.command {
        Command::Build(c) => in_project(root, |p| c.execute(p)),
        Command::Render(c) => in_project(root, |p| c.execute(p)),
        Command::Watch(c) => in_project(root, |p| c.execute(p)),
        Command::Preview(c) => in_project(root, |p| c.execute(p)),
        Command::Check(c) => in_project(root, |p| c.execute(p)),
        Command::Schema(c) => c.execute(),
        Command::Bench(c) => in_project(root, |p| c.execute(p)),
        Command::L10n(c) => in_project(root, |p| c.execute(p)),
        Command::Proof(c) => in_project(root, |p| c.execute(p)),
        Command::New(c) => in_project(root, |p| c.execute(p)),
        Command::House(c) => in_project(root, |p| c.execute(p)),
        // `init` makes a repository where there is none yet.
        Command::Init(c) => c.execute(root),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut command = Arguments::command();
            clap_complete::generate(shell, &mut command, "polypress", &mut std::io::stdout());
            OK
        }
    }
}

/// Runs `command` in the project at `--root`, or around the current folder.
fn in_project(root: Option<&Path>, command: impl FnOnce(&Project) -> u8) -> u8 {
    let project = match root {
        Some(root) => Project::at(root),
        None => Project::discover(),
    };
    match project {
        Ok(project) => command(&project),
        Err(d) => {
            report(&[d]);
            BAD_INPUT
        }
    }
}

/// `--version`: the package's and the built-in house's.
fn polypress_version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(polypress::house::version_line)
}

/// Prints diagnostics to standard error, coloured per `--color`.
pub fn report(diagnostics: &[Diagnostic]) {
    eprint!("{}", diagnostics_text(diagnostics));
}

/// Diagnostics as text for standard error: coloured when `--color always`,
/// or `auto` on a terminal without NO_COLOR (or CLICOLOR=0, or TERM=dumb).
pub fn diagnostics_text(diagnostics: &[Diagnostic]) -> String {
    let stream = anstream::AutoStream::choice(&std::io::stderr());
    let color = !matches!(stream, anstream::ColorChoice::Never);
    diagnostics
        .iter()
        .map(|d| format!("{}\n", d.render(color)))
        .collect()
}

/// Diagnostics as plain text (no colour), for a web page.
pub fn plain_diagnostics(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{}\n", d.render(false)))
        .collect()
}

/// Loads the shared resources (the project's house), printing what is
/// wrong with them; in a repository, also checks the settings' languages.
pub fn resources(project: &Project) -> Result<Resources, u8> {
    resources_for(project, None)
}

/// As [`resources`], parsing at once only the messages of the languages
/// `wanted` (all when `None`): a render of one language reads one.
pub fn resources_for(project: &Project, wanted: Option<&[String]>) -> Result<Resources, u8> {
    let resources = Resources::for_languages(project.house(), wanted).map_err(|errors| {
        report(&errors);
        BAD_INPUT
    })?;
    if project.layout == Layout::Repository {
        let path = project.root.join(polypress::project::CONFIG_FILE);
        if let Err(d) = project
            .config
            .check_languages(&path, &resources.localizer.languages())
        {
            report(&[d]);
            return Err(BAD_INPUT);
        }
    }
    Ok(resources)
}

/// Resolves a document argument: a folder, or a name under documents/.
pub fn document_path(root: &Path, argument: &str) -> PathBuf {
    let direct = PathBuf::from(argument);
    if direct.join("document.yaml").is_file() {
        direct
    } else {
        root.join("documents").join(argument)
    }
}

/// Splits `en,ru` into codes.
pub fn languages(list: &Option<String>) -> Option<Vec<String>> {
    list.as_ref().map(|l| {
        l.split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    })
}
