//! Installs what the build and the tests need, each only when missing or at the wrong version.

use crate::{
    output, run, step, AXE_CORE_VERSION, BINARYEN_VERSION, TERSER_VERSION, TRUNK_VERSION, WASM_BINDGEN_VERSION,
};
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn install(root: &Path, browser: bool) -> Result<(), String> {
    wasm_target()?;
    cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    // Without --locked: one of its locked dependencies is missing from the registry here.
    cargo_tool("wasm-bindgen", "wasm-bindgen-cli", WASM_BINDGEN_VERSION, false)?;
    npm_tools(root)?;
    if browser {
        chromium()?;
        postgres()?;
    }
    Ok(())
}

/// `PATH` with the project's own tools (wasm-opt from npm) first.
pub fn tool_path(root: &Path) -> String {
    let tools = root.join(".tools/node_modules/.bin");
    format!("{}:{}", tools.display(), env::var("PATH").unwrap_or_default())
}

fn wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    step("installing the wasm32-unknown-unknown target");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn cargo_tool(binary: &str, package: &str, version: &str, locked: bool) -> Result<(), String> {
    let current = output(binary, &["--version"]).unwrap_or_default();
    if current.split_whitespace().any(|word| word == version) {
        return Ok(());
    }
    step(&format!("installing {package} {version} (a few minutes, once)"));
    let mut command = Command::new("cargo");
    command.args(["install", &format!("{package}@{version}")]);
    if locked {
        command.arg("--locked");
    }
    run(&mut command)
}

/// From the npm registry, into `.tools/`: wasm-opt (binaryen; Debian's is too old and breaks
/// the module), terser (minifies wasm-bindgen's JavaScript, bundle.rs) and axe-core (the
/// browser tests' accessibility check). Installed together:
/// `npm install --no-save` of one package removes the others it does not list.
fn npm_tools(root: &Path) -> Result<(), String> {
    let tools = root.join(".tools");
    let binary = tools.join("node_modules/.bin/wasm-opt");
    let version = output(binary.to_str().unwrap_or_default(), &["--version"]).unwrap_or_default();
    let binaryen_ok = version.contains(&format!("version {BINARYEN_VERSION}"));
    let axe = std::fs::read_to_string(tools.join("node_modules/axe-core/package.json")).unwrap_or_default();
    let axe_ok = axe.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\""));
    let terser = std::fs::read_to_string(tools.join("node_modules/terser/package.json")).unwrap_or_default();
    let terser_ok = terser.contains(&format!("\"version\": \"{TERSER_VERSION}\""));
    if binaryen_ok && axe_ok && terser_ok {
        return Ok(());
    }
    step(&format!(
        "installing wasm-opt (binaryen {BINARYEN_VERSION}), terser {TERSER_VERSION} and axe-core {AXE_CORE_VERSION} from npm"
    ));
    std::fs::create_dir_all(&tools).map_err(|e| e.to_string())?;
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--no-save", "--prefix"])
        .arg(&tools)
        .arg(format!("binaryen@{BINARYEN_VERSION}"))
        .arg(format!("terser@{TERSER_VERSION}"))
        .arg(format!("axe-core@{AXE_CORE_VERSION}")))
}

fn chromium() -> Result<(), String> {
    if which("chromium").is_some() && which("chromedriver").is_some() {
        return Ok(());
    }
    step("installing Chromium and ChromeDriver (Debian packages)");
    apt_install(&["chromium", "chromium-driver"])
}

/// PostgreSQL's programs (the server's tests run a second time on a throwaway cluster of
/// their own, `postgres.rs`); no service is started.
fn postgres() -> Result<(), String> {
    if postgres_bin_dir().is_some() {
        return Ok(());
    }
    step("installing PostgreSQL (Debian packages)");
    apt_install(&["postgresql"])
}

/// wrk, the load generator of `cargo xtask bench` (Debian's package), and PostgreSQL.
pub fn load_generator() -> Result<(), String> {
    postgres()?;
    if which("wrk").is_some() {
        return Ok(());
    }
    step("installing wrk (Debian package)");
    apt_install(&["wrk"])
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let sudo: &[&str] = if output("id", &["-u"]).is_some_and(|id| id.trim() == "0") { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.to_vec();
        all.extend_from_slice(args);
        let mut command = Command::new(all[0]);
        command.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut command)
    };
    apt(&["apt-get", "update", "-qq"])?;
    let mut install = vec!["apt-get", "install", "-y", "-qq"];
    install.extend_from_slice(packages);
    apt(&install)
}

fn which(binary: &str) -> Option<PathBuf> {
    env::var_os("PATH")
        .map(|paths| env::split_paths(&paths).map(|dir| dir.join(binary)).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|path| path.is_file())
}

/// Where PostgreSQL's programs are: Debian keeps them out of `PATH`, one directory per
/// version (the newest is taken).
pub fn postgres_bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    versions.sort_by_key(|bin| bin.parent().and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok()));
    versions.pop().or_else(|| which("initdb").and_then(|initdb| Some(initdb.parent()?.to_path_buf())))
}
