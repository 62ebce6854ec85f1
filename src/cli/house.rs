//! `polypress house`: the built-in house as files to start from (`export`,
//! as `mdbook init --theme` gives its theme), and what a repository
//! overrides of it (`diff`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use polypress::house::{self, HouseFile};
use polypress::project::Project;
use polypress::translate::xliff_locales::entry_texts;

use super::{BAD_INPUT, FAILED, OK};

#[derive(Debug, Args)]
pub struct House {
    #[command(subcommand)]
    command: HouseCommand,
}

#[derive(Debug, Subcommand)]
enum HouseCommand {
    /// Write the built-in files into DIR (default: locales, templates and assets; never
    /// overwrites a file).
    Export(Export),
    /// What the repository's locales/, templates/, assets/ and fonts/ change of the built-in
    /// house: each message, template and mark it overrides or adds.
    Diff(Diff),
}

#[derive(Debug, Args)]
struct Export {
    /// The folder to write into (it gets locales/, templates/, … as in a repository).
    dir: PathBuf,
    /// The locale files (locales/<lang>/*.ftl and hyphenation exceptions).
    #[arg(long)]
    locales: bool,
    /// The templates and partials.
    #[arg(long)]
    templates: bool,
    /// The page-1 marks (emblem and recycle mark).
    #[arg(long)]
    assets: bool,
    /// The fonts with their licences (31 MB).
    #[arg(long)]
    fonts: bool,
}

#[derive(Debug, Args)]
struct Diff {
    /// Print only the names of what is overridden or added.
    #[arg(long)]
    names_only: bool,
}

impl House {
    pub fn execute(self, project: &Project) -> u8 {
        match self.command {
            HouseCommand::Export(c) => c.execute(),
            HouseCommand::Diff(c) => c.execute(project),
        }
    }
}

impl Export {
    fn execute(self) -> u8 {
        let mut folders: Vec<&str> = Vec::new();
        for (wanted, folder) in [
            (self.locales, "locales"),
            (self.templates, "templates"),
            (self.assets, "assets"),
            (self.fonts, "fonts"),
        ] {
            if wanted {
                folders.push(folder);
            }
        }
        if folders.is_empty() {
            folders = vec!["locales", "templates", "assets"];
        }
        let files: Vec<HouseFile> = folders
            .iter()
            .flat_map(|f| house::built_in_files(f))
            .collect();
        let existing: Vec<PathBuf> = files
            .iter()
            .map(|f| self.dir.join(&f.name))
            .filter(|p| p.exists())
            .collect();
        if !existing.is_empty() {
            eprintln!(
                "error: {} of the files exist already, e.g. {}; nothing was written\n  = hint: export into an empty folder and copy what you change into the repository",
                existing.len(),
                existing[0].display()
            );
            return BAD_INPUT;
        }
        for file in &files {
            let path = self.dir.join(&file.name);
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, &file.bytes));
            if let Err(e) = written {
                eprintln!("error: cannot write {}: {e}", path.display());
                return FAILED;
            }
        }
        println!(
            "wrote {} files of the built-in house ({}) into {}\nnext: copy the files you change into the repository; a message overrides the built-in one of the same id, a template the one of the same name (docs/repositories.md)",
            files.len(),
            folders.join(", "),
            self.dir.display()
        );
        OK
    }
}

/// One difference between a repository and the built-in house.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    /// A message, template or file that replaces the built-in one.
    Overrides {
        what: String,
        old: String,
        new: String,
    },
    /// One the built-in house does not have.
    Adds { what: String, near: Option<String> },
    /// An override identical to the built-in one.
    Same { what: String },
}

impl Diff {
    fn execute(self, project: &Project) -> u8 {
        let own = own_files(project);
        if own.is_empty() {
            println!(
                "{} overrides nothing: it uses the built-in house ({})",
                project.root.display(),
                house::version_line()
            );
            return OK;
        }
        let mut changes = Vec::new();
        for file in &own {
            changes.extend(changes_of(file));
        }
        let (mut overrides, mut adds, mut same) = (0, 0, 0);
        for change in &changes {
            match change {
                Change::Overrides { what, old, new } => {
                    overrides += 1;
                    println!("overrides {what}");
                    if !self.names_only {
                        print!("{}", unified(old, new));
                    }
                }
                Change::Adds { what, near } => {
                    adds += 1;
                    match near {
                        Some(near) => println!(
                            "adds      {what} (the house has no such name; did you mean {near}?)"
                        ),
                        None => println!("adds      {what}"),
                    }
                }
                Change::Same { what } => {
                    same += 1;
                    println!("same      {what} (identical to the built-in one; it can go)");
                }
            }
        }
        println!(
            "{overrides} overridden, {adds} added, {same} identical, against the built-in house {}",
            house::version_line()
        );
        OK
    }
}

/// The repository's own files of the house's folders: the overrides of a
/// repository, or a checkout's folders themselves.
fn own_files(project: &Project) -> Vec<HouseFile> {
    let house = project.house();
    house::FOLDERS
        .iter()
        .flat_map(|folder| match &house.base {
            house::Base::Folder(_) => house.base_files(folder),
            house::Base::BuiltIn => house.override_files(folder),
        })
        .collect()
}

/// What one file of the repository changes.
fn changes_of(file: &HouseFile) -> Vec<Change> {
    let built_in = house::built_in_file(&file.name);
    if file.name.starts_with("locales/") && file.name.ends_with(".ftl") {
        return message_changes(file);
    }
    match built_in {
        Some(b) if b.bytes == file.bytes => vec![Change::Same {
            what: file.name.clone(),
        }],
        Some(b) if file.name.ends_with(".ttf") || file.name.ends_with(".otf") => {
            vec![Change::Overrides {
                what: file.name.clone(),
                old: format!("({} bytes)\n", b.bytes.len()),
                new: format!("({} bytes)\n", file.bytes.len()),
            }]
        }
        Some(b) => vec![Change::Overrides {
            what: file.name.clone(),
            old: String::from_utf8_lossy(&b.bytes).into_owned(),
            new: String::from_utf8_lossy(&file.bytes).into_owned(),
        }],
        None => {
            let folder = file.name.split('/').next().unwrap_or("");
            let names: Vec<HouseFile> = house::built_in_files(folder);
            let near = polypress::diagnostic::did_you_mean(
                &file.name,
                names.iter().map(|f| f.name.as_str()),
            )
            .map(str::to_owned);
            vec![Change::Adds {
                what: file.name.clone(),
                near,
            }]
        }
    }
}

/// The messages of a repository's locale file against the built-in
/// messages of the same language (in whichever built-in file they are).
fn message_changes(file: &HouseFile) -> Vec<Change> {
    let lang = file.name.split('/').nth(1).unwrap_or("");
    let built_in: BTreeMap<String, String> = house::built_in_files(&format!("locales/{lang}"))
        .iter()
        .filter(|f| f.name.ends_with(".ftl"))
        .flat_map(|f| entry_texts(&String::from_utf8_lossy(&f.bytes)))
        .collect();
    entry_texts(&String::from_utf8_lossy(&file.bytes))
        .into_iter()
        .map(|(id, text)| {
            let what = format!("`{id}` ({lang}, {})", file.name);
            match built_in.get(&id) {
                Some(old) if old.trim_end() == text.trim_end() => Change::Same { what },
                Some(old) => Change::Overrides {
                    what,
                    old: format!("{}\n", old.trim_end()),
                    new: format!("{}\n", text.trim_end()),
                },
                None => Change::Adds {
                    near: polypress::diagnostic::did_you_mean(
                        &id,
                        built_in.keys().map(String::as_str),
                    )
                    .map(|n| format!("`{n}`")),
                    what,
                },
            }
        })
        .collect()
}

/// A unified diff of two texts, indented under the change's line.
fn unified(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => '-',
            similar::ChangeTag::Insert => '+',
            similar::ChangeTag::Equal => continue,
        };
        out.push_str(&format!("    {sign} {}", change.value()));
        if !change.value().ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_run_through_their_indented_lines() {
        let text =
            "# comment\nletter-title = Letter\n    from { $senders }\n\n-un = UN\nnext = x\n";
        let e = entry_texts(text);
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].0, "letter-title");
        assert!(e[0].1.contains("from { $senders }"));
        assert_eq!(e[1].0, "-un");
        assert_eq!(e[2], ("next".to_owned(), "next = x\n".to_owned()));
    }

    #[test]
    fn a_changed_message_is_an_override_and_a_new_one_an_addition() {
        let built_in = house::built_in_files("locales/en")
            .into_iter()
            .find(|f| f.name.ends_with("letter.ftl"))
            .unwrap();
        let (id, _) = entry_texts(&String::from_utf8_lossy(&built_in.bytes))[0].clone();
        let file = HouseFile {
            name: "locales/en/mine.ftl".into(),
            path: std::path::Path::new("locales/en/mine.ftl").into(),
            bytes: format!("{id} = Changed\nbrand-new = New\n")
                .into_bytes()
                .into(),
        };
        let changes = message_changes(&file);
        assert!(matches!(&changes[0], Change::Overrides { new, .. } if new.contains("Changed")));
        assert!(matches!(&changes[1], Change::Adds { .. }));
    }
}
