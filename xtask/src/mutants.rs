//! `cargo xtask mutants [--file PATH]... [--iterate]`: mutation testing of the domain crate with
//! cargo-mutants. Not part of `test`: the whole crate takes about half an hour on 2 cores.
//!
//! Each mutant is a small change to the code (a `<` made `<=`, a function returning a
//! default, a `&&` made `||`); a test must fail for each. The report is `mutants.out/`:
//! `missed.txt` lists the survivors, which `TESTING.md` explains or a new test kills.

use crate::{output, run, step};
use std::path::Path;
use std::process::Command;

/// The version `TESTING.md`'s figures were measured with.
const CARGO_MUTANTS_VERSION: &str = "27.1.0";

pub fn run_mutants(root: &Path, args: &[String]) -> Result<(), String> {
    install()?;
    let mut command = Command::new("cargo");
    command.current_dir(root).args(["mutants", "--package", "domain", "--no-shuffle"]);
    // The tests read the specs beside the checkout; cargo-mutants runs them in a copy of the
    // tree elsewhere, so it is told where they are.
    if let Some(shared) = root.ancestors().map(|dir| dir.join("shared")).find(|dir| dir.join("spec").is_dir()) {
        command.env("CONSOLE_SHARED_DIR", shared);
    }
    if args.iter().any(|a| a == "--iterate") {
        // Only what the last run did not catch: quick, for killing survivors one by one.
        command.arg("--iterate");
    }
    let mut files = args.windows(2).filter(|w| w[0] == "--file").map(|w| w[1].as_str()).peekable();
    let whole_crate = files.peek().is_none();
    for file in files {
        command.args(["--file", file]);
    }
    step(if whole_crate { "mutation testing of the domain crate (about 30 minutes)" } else { "mutation testing" });
    // cargo-mutants exits non-zero when a mutant survives; the summary says what happened.
    let status = command.status().map_err(|e| format!("cannot start cargo mutants: {e}"))?;
    summarize(root);
    if status.success() {
        Ok(())
    } else {
        Err("some mutants were not caught: see mutants.out/missed.txt and TESTING.md".into())
    }
}

fn install() -> Result<(), String> {
    let current = output("cargo", &["mutants", "--version"]).unwrap_or_default();
    if current.split_whitespace().any(|word| word == CARGO_MUTANTS_VERSION) {
        return Ok(());
    }
    step(&format!("installing cargo-mutants {CARGO_MUTANTS_VERSION} (about 2 minutes, once)"));
    run(Command::new("cargo").args(["install", "--locked", &format!("cargo-mutants@{CARGO_MUTANTS_VERSION}")]))
}

/// Prints the counts of each outcome, and the survivors.
fn summarize(root: &Path) {
    let out = root.join("mutants.out");
    let lines = |name: &str| {
        std::fs::read_to_string(out.join(name))
            .map(|text| text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let (caught, missed, timeout, unviable) =
        (lines("caught.txt"), lines("missed.txt"), lines("timeout.txt"), lines("unviable.txt"));
    let tried = caught.len() + missed.len() + timeout.len() + unviable.len();
    eprintln!(
        "\n{tried} mutants tried: {} caught, {} missed, {} timed out, {} unviable",
        caught.len(),
        missed.len(),
        timeout.len(),
        unviable.len()
    );
    for survivor in &missed {
        eprintln!("  missed: {survivor}");
    }
}
