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

use clap::Parser;
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

/// The subcommands. `Subcommand` is implemented by hand (below), not
/// derived: each subcommand's arguments are added only when it is the one
/// run (or its help, or a completion script, is asked for), so a `render`
/// does not build the arguments of thirteen others before it starts.
#[derive(Debug)]
enum Command {
    // What each one is for: SUBCOMMANDS.
    Build(build::Build),
    Render(render::Render),
    Watch(watch::Watch),
    Preview(preview::Preview),
    Check(check::Check),
    Schema(schema::Schema),
    Bench(bench::Bench),
    L10n(l10n::L10n),
    Proof(proof::Proof),
    New(new::New),
    Init(init::Init),
    House(house::House),
    Completions(Completions),
}

#[derive(Debug, clap::Args)]
struct Completions {
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// What adds a subcommand's arguments to it.
type AddArguments = fn(clap::Command) -> clap::Command;

/// Each subcommand: its name, what `--help` says of it, and how its
/// arguments are added (deferred until it is parsed).
const SUBCOMMANDS: [(&str, &str, AddArguments); 13] = [
    ("build", "Render every document in documents/ in every language it has, into out/", <build::Build as clap::Args>::augment_args),
    ("render", "Render some documents (folders, or names under documents/)", <render::Render as clap::Args>::augment_args),
    ("watch", "Render, then re-render what each save of a source, locale, template or font touches", <watch::Watch as clap::Args>::augment_args),
    ("preview", "A live preview in the browser: two language versions side by side, reloaded on each save", <preview::Preview as clap::Args>::augment_args),
    ("check", "Check documents, locales and templates; write nothing", <check::Check as clap::Args>::augment_args),
    ("schema", "Print the JSON Schema of document.yaml or of a <lang>.yaml texts file", <schema::Schema as clap::Args>::augment_args),
    ("bench", "Generate a benchmark corpus and time the real binary on it", <bench::Bench as clap::Args>::augment_args),
    ("l10n", "Translator tools: check locales, translation status, XLIFF", <l10n::L10n as clap::Args>::augment_args),
    ("proof", "A bilingual proof for revisers: source ‖ translation, stale segments flagged", <proof::Proof as clap::Args>::augment_args),
    ("new", "Write a skeleton document (report, resolution, letter, …) that renders", <new::New as clap::Args>::augment_args),
    ("init", "Make a document repository: polypress.toml, documents/ with an example, .gitignore, a CI workflow and a README", <init::Init as clap::Args>::augment_args),
    ("house", "The built-in house (locales, templates, marks, fonts): export it, or see what the repository overrides", <house::House as clap::Args>::augment_args),
    ("completions", "Print a completion script for a shell (bash, zsh, fish, elvish, powershell)", <Completions as clap::Args>::augment_args),
];

impl clap::Subcommand for Command {
    fn augment_subcommands(command: clap::Command) -> clap::Command {
        SUBCOMMANDS
            .iter()
            .fold(command, |command, &(name, about, arguments)| {
                command.subcommand(clap::Command::new(name).about(about).defer(arguments))
            })
    }

    fn augment_subcommands_for_update(command: clap::Command) -> clap::Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        SUBCOMMANDS.iter().any(|(n, ..)| *n == name)
    }
}

impl clap::FromArgMatches for Command {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, mut sub)) = matches.remove_subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        let sub = &mut sub;
        Ok(match name.as_str() {
            "build" => Command::Build(build::Build::from_arg_matches_mut(sub)?),
            "render" => Command::Render(render::Render::from_arg_matches_mut(sub)?),
            "watch" => Command::Watch(watch::Watch::from_arg_matches_mut(sub)?),
            "preview" => Command::Preview(preview::Preview::from_arg_matches_mut(sub)?),
            "check" => Command::Check(check::Check::from_arg_matches_mut(sub)?),
            "schema" => Command::Schema(schema::Schema::from_arg_matches_mut(sub)?),
            "bench" => Command::Bench(bench::Bench::from_arg_matches_mut(sub)?),
            "l10n" => Command::L10n(l10n::L10n::from_arg_matches_mut(sub)?),
            "proof" => Command::Proof(proof::Proof::from_arg_matches_mut(sub)?),
            "new" => Command::New(new::New::from_arg_matches_mut(sub)?),
            "init" => Command::Init(init::Init::from_arg_matches_mut(sub)?),
            "house" => Command::House(house::House::from_arg_matches_mut(sub)?),
            "completions" => Command::Completions(Completions::from_arg_matches_mut(sub)?),
            other => {
                return Err(clap::Error::raw(
                    clap::error::ErrorKind::InvalidSubcommand,
                    format!("unrecognized subcommand '{other}'"),
                ))
            }
        })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
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
        Command::Completions(Completions { shell }) => {
            use clap::CommandFactory;
            // Each subcommand with its arguments at once (none deferred),
            // as a completion script lists them all.
            let mut command = Arguments::command().mut_subcommands(|deferred| {
                match SUBCOMMANDS.iter().find(|(n, ..)| deferred.get_name() == *n) {
                    Some(&(name, about, arguments)) => {
                        arguments(clap::Command::new(name).about(about))
                    }
                    None => deferred,
                }
            });
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

#[cfg(test)]
mod tests {
    use super::{Arguments, Command, SUBCOMMANDS};
    use clap::{CommandFactory, Parser};

    /// clap's own check of the whole command, every subcommand's deferred
    /// arguments added; and each subcommand's help is its own, arguments
    /// and all.
    #[test]
    fn every_subcommand_has_its_arguments() {
        Arguments::command().debug_assert();
        for (name, about, _) in SUBCOMMANDS {
            let help = Arguments::try_parse_from(["polypress", name, "--help"])
                .expect_err("--help ends the parse")
                .to_string();
            assert!(help.starts_with(about), "{name}: {help}");
            assert!(
                help.contains(&format!("Usage: polypress {name}")),
                "{name}: {help}"
            );
        }
        let render =
            Arguments::try_parse_from(["polypress", "render", "a", "--lang", "fr", "-j", "1"]);
        assert!(matches!(render.map(|a| a.command), Ok(Command::Render(_))));
        assert!(Arguments::try_parse_from(["polypress", "render", "--bogus"]).is_err());
        assert!(Arguments::try_parse_from(["polypress", "rendr"]).is_err());
    }
}
