//! `cargo xtask <command>`: the project's single entry point.
//!
//! - `setup [--browser]`: installs what is missing (WASM target, Trunk, the wasm-bindgen CLI,
//!   wasm-opt and axe-core from npm, and with `--browser` Chromium, ChromeDriver and
//!   PostgreSQL). Quick when all is there.
//! - `demo [--addr A]`: setup, build the app, start the console with demo data on SQLite.
//! - `test`: setup (browser and PostgreSQL included), build the app, run every test, the
//!   server's a second time on a throwaway PostgreSQL cluster, build the domain crate for WASM.
//! - `test-postgres [ARGS]`: the server's tests on a throwaway PostgreSQL cluster alone
//!   (`ARGS` go to `cargo test -p server`).
//! - `bench`: the load run (`crates/server/benches/load.rs`): wrk against the release server
//!   on SQLite and on a throwaway PostgreSQL cluster; prints the table for BENCHMARKS.md.
//! - `mutants [--file PATH]...`: mutation testing of the domain crate (long; not in `test`).
//!
//! Versions follow `shared/TOOLCHAIN.md`: the only combination known to install offline.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

mod bundle;
mod dist;
mod fuzz;
mod mutants;
mod postgres;
mod setup;

const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen` library version pinned in the workspace `Cargo.toml`.
const WASM_BINDGEN_VERSION: &str = "0.2.130";
const BINARYEN_VERSION: &str = "132";
/// Minifies the JavaScript wasm-bindgen writes (bundle.rs).
const TERSER_VERSION: &str = "5.51.4";
/// The accessibility checker the browser tests inject (WCAG 2.1 A and AA rules).
const AXE_CORE_VERSION: &str = "4.11.0";

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = workspace_root();
    env::set_current_dir(&root).expect("cannot enter the workspace root");
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::install(&root, args.iter().any(|a| a == "--browser")),
        Some("demo") => demo(&root, &args[1..]),
        Some("test") => test(&root),
        Some("build-app") => setup::install(&root, false)
            .and_then(|()| build_app(&root))
            .and_then(|()| dist::check_budget(&root.join("dist"))),
        Some("mutants") => mutants::run_mutants(&root, &args[1..]),
        Some("fuzz") => fuzz::run_fuzz(&root),
        Some("test-postgres") => server_tests_on_postgres(&args[1..]),
        Some("bench") => bench(),
        _ => {
            eprintln!(
                "usage: cargo xtask <setup [--browser] | demo [--addr HOST:PORT] | test | test-postgres [CARGO TEST ARGS] | bench | build-app | mutants [--file PATH] | fuzz>"
            );
            exit(2);
        }
    };
    if let Err(message) = result {
        eprintln!("\nxtask: {message}");
        exit(1);
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Builds the web app into `dist/`, split at its lazy routes (`bundle.rs`; release: the
/// artifact people get), and precompresses it.
fn build_app(root: &Path) -> Result<(), String> {
    bundle::build(root, &setup::tool_path(root))?;
    dist::precompress(&root.join("dist"))
}

/// The example app that embeds the console's components (`examples/embed`): built for the
/// browser, so that the components keep working in an app that is not the console.
fn build_embed_example(root: &Path) -> Result<(), String> {
    step("building the example app that embeds the components (examples/embed)");
    run(Command::new("trunk")
        .args(["build", "--release"])
        .current_dir(root.join("examples/embed"))
        .env("PATH", setup::tool_path(root)))
}

fn demo(root: &Path, args: &[String]) -> Result<(), String> {
    setup::install(root, false)?;
    build_app(root)?;
    let addr =
        args.windows(2).find(|w| w[0] == "--addr").map(|w| w[1].clone()).unwrap_or_else(|| "127.0.0.1:8080".into());
    step("starting the console with demo data");
    run(Command::new("cargo").args(["run", "--release", "-p", "server", "--"]).args([
        "--demo",
        "--addr",
        &addr,
        "--database",
        "target/demo.sqlite",
        "--dist",
        "dist",
    ]))
}

fn test(root: &Path) -> Result<(), String> {
    setup::install(root, true)?;
    build_app(root)?;
    dist::check_budget(&root.join("dist"))?;
    build_embed_example(root)?;
    step("running every test (unit, property, API, browser)");
    run(Command::new("cargo").args(["test", "--workspace", "--locked"]).env("PATH", setup::tool_path(root)))?;
    server_tests_on_postgres(&[])?;
    step("building the domain crate for wasm32-unknown-unknown");
    run(Command::new("cargo").args(["build", "--locked", "-p", "domain", "--target", "wasm32-unknown-unknown"]))?;
    domain_is_pure()?;
    step("all tests passed");
    Ok(())
}

/// The server's tests (or those `filter` names) a second time, on a throwaway PostgreSQL
/// cluster: every test server gets a database of its own in it.
fn server_tests_on_postgres(filter: &[String]) -> Result<(), String> {
    step("running the server's tests again on PostgreSQL");
    let cluster = postgres::Cluster::start()?;
    run(Command::new("cargo")
        .args(["test", "--locked", "-p", "server"])
        .args(filter)
        .env("CONSOLE_TEST_POSTGRES", &cluster.url))
}

fn bench() -> Result<(), String> {
    setup::load_generator()?;
    let cluster = postgres::Cluster::start()?;
    step("the load run: wrk against the release server, on SQLite then PostgreSQL (about 3 minutes)");
    run(Command::new("cargo")
        .args(["bench", "--locked", "-p", "server", "--bench", "load"])
        .env("CONSOLE_BENCH_POSTGRES", &cluster.url))
}

/// Crates that do I/O or need a runtime: the domain crate must never depend on them, even
/// indirectly, or it stops being the same code in the browser and on the server.
const IMPURE_CRATES: &[&str] = &["tokio", "sqlx", "reqwest", "gloo-net", "hyper", "mio", "getrandom", "axum"];

fn domain_is_pure() -> Result<(), String> {
    step("checking that the domain crate depends on no I/O crate");
    let tree = output(
        "cargo",
        &["tree", "--locked", "-p", "domain", "-e", "normal", "--prefix", "none", "--target", "wasm32-unknown-unknown"],
    )
    .ok_or("cargo tree failed")?;
    let found: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| IMPURE_CRATES.contains(name))
        .collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!("the domain crate depends on I/O crates: {found:?}"))
    }
}

pub(crate) fn step(what: &str) {
    eprintln!("\n==> {what}");
}

/// Runs a command to the end, failing with its name when it fails.
pub(crate) fn run(command: &mut Command) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("cannot start {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}

/// Runs a command and returns its standard output, or None when it cannot run or fails.
pub(crate) fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
