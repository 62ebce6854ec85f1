//! Builds the UN house into the binary: every file of `locales/`,
//! `templates/`, `assets/`, `fonts/` and `icc/` is embedded (`include_bytes!`,
//! used from the binary's own pages, never copied at start-up), listed by its
//! path under the repository, with two fingerprints for the build manifest:
//! the house's (its files) and the code's (`src/`, `Cargo.toml`, `Cargo.lock`);
//! and parses the built-in templates into code (`build/templates.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

#[path = "build/templates.rs"]
mod templates;

/// The folders of the house: each of their files (hidden ones aside),
/// licences and READMEs included, so `house export` gives them with their
/// terms.
const HOUSE: [&str; 5] = ["locales", "templates", "assets", "fonts", "icc"];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    position_dependent_binary();
    static_unwinder();
    hot_functions_together(&root, &out);
    let mut files = Vec::new();
    for folder in HOUSE {
        println!("cargo:rerun-if-changed={folder}");
        collect(&root, &root.join(folder), None, &mut files);
    }
    files.sort();

    let mut house = Sha256::new();
    let mut list = String::from("&[\n");
    for (name, path) in &files {
        let bytes = std::fs::read(path).expect("a house file reads");
        let digest = Sha256::digest(&bytes);
        house.update(name.as_bytes());
        house.update([0]);
        house.update(digest);
        writeln!(
            list,
            "    ({name:?}, include_bytes!({:?}), {:?}),",
            path.display(),
            hex(&digest)
        )
        .unwrap();
    }
    list.push(']');

    let mut code = Sha256::new();
    for file in ["Cargo.toml", "Cargo.lock", "build.rs", "build/templates.rs"] {
        println!("cargo:rerun-if-changed={file}");
        code.update(std::fs::read(root.join(file)).unwrap_or_default());
    }
    println!("cargo:rerun-if-changed=src");
    let mut sources = Vec::new();
    collect(
        &root,
        &root.join("src"),
        Some(&["rs", "yaml", "html", "js", "css"]),
        &mut sources,
    );
    sources.sort();
    for (name, path) in &sources {
        code.update(name.as_bytes());
        code.update([0]);
        code.update(std::fs::read(path).expect("a source file reads"));
    }

    let generated = format!(
        "/// The built-in house: (path under the repository, bytes, SHA-256),\n\
         /// sorted.\n\
         pub static FILES: &[(&str, &[u8], &str)] = {list};\n\
         /// SHA-256 of the built-in house's paths and contents.\n\
         pub const HASH: &str = {:?};\n\
         /// SHA-256 of the code this binary was built from.\n\
         pub const CODE: &str = {:?};\n",
        hex(&house.finalize()),
        hex(&code.finalize()),
    );
    std::fs::write(out.join("house.rs"), generated).expect("OUT_DIR is writable");
    std::fs::write(out.join("templates.rs"), templates::generate(&root, &files))
        .expect("OUT_DIR is writable");
}

/// Every file under `dir` (whose extension is one of `extensions`, if
/// given), hidden ones aside, as (path relative to `root` with `/`,
/// absolute path).
fn collect(
    root: &Path,
    dir: &Path,
    extensions: Option<&[&str]>,
    files: &mut Vec<(String, PathBuf)>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, extensions, files);
        } else if extensions.is_none_or(|wanted| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| wanted.contains(&e))
        }) {
            let name = path
                .strip_prefix(root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            files.push((name, path));
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Links the `polypress` binary as a position-dependent executable on
/// Linux with the GNU toolchain. A position-independent one is relocated
/// by the dynamic loader at every start: about 12,000 relocations, and the
/// 200 KiB of `.data.rel.ro` they write copied into fresh pages. A render
/// is one short process, so that cost was paid per document: without it,
/// `polypress --version` takes 1.8 instead of 2.5 ms of CPU and 236
/// instead of 290 page faults, and an 8-page render about 70 faults
/// fewer (README, "Benchmark"). The library and tests are untouched; the
/// price is that the binary's own code is not placed at a random address.
fn position_dependent_binary() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Links the unwinder statically (libgcc's `libgcc_eh.a`, as
/// `gcc -static-libgcc` does) on Linux with the GNU toolchain, so the
/// binary does not load `libgcc_s.so.1`: that library's constructor asks
/// the processor for its features (`__cpu_indicator_init`, nine `cpuid`
/// instructions), each a trap to the hypervisor on a virtual machine,
/// 0.17 ms of every process here, for a table nothing of ours reads. The
/// unwinder's `_Unwind_*` functions are then found in the archive, which
/// comes before the `-lgcc_s` of Rust's standard library on the link
/// line, and the linker (`--as-needed`) leaves that library out. Where
/// the compiler driver does not know the archive, nothing changes.
fn static_unwinder() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || env != "gnu" {
        return;
    }
    println!("cargo:rerun-if-env-changed=CC");
    let driver = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let Ok(output) = std::process::Command::new(driver)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
    else {
        return;
    };
    let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    // A driver that does not find it prints the bare name back.
    if let (true, Some(dir)) = (path.is_absolute() && path.is_file(), path.parent()) {
        println!("cargo:rustc-link-search=native={}", dir.display());
        println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    }
}

/// Lays out side by side, in release builds, the functions that common
/// runs execute (`build/hot-functions.txt`, written by
/// `build/hot-functions.sh`): left where the compiler puts them, the 1,600
/// functions an 8-page render runs are spread over nearly all of the 8 MB
/// of code, and the system maps in (and at exit unmaps) 7.5 MB of it, 64
/// KiB at each page fault; the list's 2,070 take 3.1 MB together. An
/// 8-page render: 0.2–0.35 ms less, 74 page faults fewer in French
/// (README, "Benchmark").
/// The list names symbols, which change with the toolchain and the
/// dependencies' versions: a stale one orders fewer functions, nothing
/// else. The argument is the LLVM linker's (`ld.lld`, Rust's default on
/// x86-64 Linux): it is given only when rustc, as cargo runs it here,
/// links a program with it, so another linker builds as before.
fn hot_functions_together(root: &Path, out: &Path) {
    let list = root.join("build/hot-functions.txt");
    println!("cargo:rerun-if-changed=build/hot-functions.txt");
    if std::env::var("PROFILE").as_deref() != Ok("release") || !list.is_file() {
        return;
    }
    let args = [
        format!("-Wl,--symbol-ordering-file={}", list.display()),
        "-Wl,--no-warn-symbol-ordering".to_owned(),
    ];
    if links_with(out, &args) {
        for arg in args {
            println!("cargo:rustc-link-arg-bins={arg}");
        }
    }
}

/// Whether rustc, with this build's target, linker and flags, links an
/// empty program given these linker arguments.
fn links_with(out: &Path, args: &[String]) -> bool {
    let (Some(rustc), Some(target)) = (std::env::var_os("RUSTC"), std::env::var_os("TARGET"))
    else {
        return false;
    };
    let source = out.join("link-probe.rs");
    if std::fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let mut command = std::process::Command::new(rustc);
    command
        .arg("--target")
        .arg(target)
        .arg("--crate-name")
        .arg("link_probe")
        .arg("-o")
        .arg(out.join("link-probe"))
        .arg(&source);
    if let Ok(linker) = std::env::var("RUSTC_LINKER") {
        command.arg("-C").arg(format!("linker={linker}"));
    }
    if let Ok(flags) = std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        command.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    }
    for arg in args {
        command.arg("-C").arg(format!("link-arg={arg}"));
    }
    command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
