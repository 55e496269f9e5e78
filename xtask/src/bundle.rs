//! Builds the web app into `dist/`, split at its lazy routes.
//!
//! Why not Trunk (which still builds `examples/embed`): a first visit must stay under the size
//! budget while the console grows, so each page that is not needed at once is a `#[lazy_route]`
//! whose code is fetched when it is first opened. Splitting the WASM has to happen between the
//! compiler and wasm-bindgen, which Trunk 0.21 cannot do (trunk-rs/trunk#1022). The steps are
//! those of `cargo leptos build --split`, with the library it uses:
//!
//! 1. `cargo build` of the `app` binary for `wasm32-unknown-unknown` (`wasm-release` profile;
//!    `.cargo/config.toml` keeps the relocations the split needs);
//! 2. `wasm_split_cli_support::transform`: the main module and one module per lazy part, with
//!    the small loader script that fetches them;
//! 3. `wasm-bindgen --target web --keep-lld-exports` on the main module (the parts call into it
//!    through those exports);
//! 4. `wasm-opt -Oz` on every module, without the sections browsers do not read, and terser
//!    on the JavaScript;
//! 5. everything in one folder named after its content (`dist/app-<hash>/`), so that each file
//!    may be cached for a year, and `index.html` pointing at it with no inline script.

use crate::{run, step};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where `index.html` gets the built app's links.
const PLACEHOLDER: &str = "<!-- app -->";

/// The lazy pages of the last build and the files each fetches (`name: part part`), for
/// the size budget (`dist.rs`).
const PAGES_FILE: &str = "target/lazy-pages.txt";

/// What runs the app once its module is loaded: a file, since the CSP allows no inline script.
const START_SCRIPT: &str = "import init from './app.js';\ninit();\n";

pub fn build(root: &Path, tool_path: &str) -> Result<(), String> {
    step("building the web app (cargo build, wasm-split, wasm-bindgen, wasm-opt)");
    run(Command::new("cargo").args([
        "build",
        "--locked",
        "-p",
        "app",
        "--bin",
        "app",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let work = root.join("target/bundle");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| e.to_string())?;

    let input =
        fs::read(root.join("target/wasm32-unknown-unknown/wasm-release/app.wasm")).map_err(|e| e.to_string())?;
    let main_split = work.join("app_split.wasm");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &work;
        options.main_out_path = &main_split;
        options.main_module = "./app.js";
        options
    })
    .map_err(|e| format!("splitting the WASM: {e:#}"))?;

    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--out-name",
            "app",
            "--out-dir",
        ])
        .arg(&work)
        .arg(&main_split)
        .env("PATH", tool_path))?;
    fs::remove_file(&main_split).map_err(|e| e.to_string())?;

    let mut modules: Vec<PathBuf> = split.split_modules;
    modules.push(work.join("app_bg.wasm"));
    for module in &modules {
        // Without the `producers` and `target_features` sections: about 200 bytes that no
        // browser reads, in each of the many small modules.
        run(Command::new("wasm-opt")
            .args(["-Oz", "--strip-producers", "--strip-target-features", "--output"])
            .arg(module)
            .arg(module)
            .env("PATH", tool_path))?;
    }
    let pages: String =
        split.prefetch_map.iter().map(|(page, parts)| format!("{page}: {}\n", parts.join(" "))).collect();
    fs::write(root.join(PAGES_FILE), pages).map_err(|e| e.to_string())?;
    // wasm-bindgen's JavaScript as written is for reading: minified, a first visit downloads
    // about a third less of it.
    for script in ["app.js", "__wasm_split.js"] {
        let path = work.join(script);
        run(Command::new("terser")
            .arg(&path)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(&path)
            .env("PATH", tool_path))?;
    }
    fs::write(work.join("start.js"), START_SCRIPT).map_err(|e| e.to_string())?;
    fs::copy(root.join("style/main.css"), work.join("main.css")).map_err(|e| e.to_string())?;

    write_dist(root, &work)
}

/// Moves the built files into `dist/app-<hash>/` and writes `dist/index.html` and
/// `dist/languages/`.
fn write_dist(root: &Path, work: &Path) -> Result<(), String> {
    let dist = root.join("dist");
    let _ = fs::remove_dir_all(&dist);
    let folder = format!("app-{}", content_hash(work)?);
    let target = dist.join(&folder);
    fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    fs::rename(work, &target).map_err(|e| e.to_string())?;

    let links = format!(
        "<link rel=\"stylesheet\" href=\"/{folder}/main.css\" />\n    \
         <link rel=\"modulepreload\" href=\"/{folder}/app.js\" />\n    \
         <link rel=\"preload\" href=\"/{folder}/app_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin />\n    \
         <script type=\"module\" src=\"/{folder}/start.js\"></script>"
    );
    let template = fs::read_to_string(root.join("index.html")).map_err(|e| e.to_string())?;
    if !template.contains(PLACEHOLDER) {
        return Err(format!("index.html has no {PLACEHOLDER} for the app's links"));
    }
    fs::write(dist.join("index.html"), template.replace(PLACEHOLDER, &links)).map_err(|e| e.to_string())?;

    let languages = dist.join("languages");
    fs::create_dir_all(&languages).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(root.join("app/languages")).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let Some(name) = path.file_name() {
            fs::copy(&path, languages.join(name)).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The first 16 hex digits of a SHA-256 over every file's name and bytes, in name order.
fn content_hash(dir: &Path) -> Result<String, String> {
    let mut paths: Vec<PathBuf> =
        fs::read_dir(dir).map_err(|e| e.to_string())?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut hasher = Sha256::new();
    for path in paths {
        hasher.update(path.file_name().unwrap_or_default().as_encoded_bytes());
        hasher.update(fs::read(&path).map_err(|e| e.to_string())?);
    }
    Ok(hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect())
}

/// A lazy part of the app and the files (stems of `.wasm` files in `dist/app-<hash>/`) that
/// opening it fetches.
pub struct LazyPage {
    pub name: String,
    pub parts: Vec<String>,
}

/// The lazy pages of the build in `dist` (written beside it by [`build`]).
pub fn lazy_pages(dist: &Path) -> Result<Vec<LazyPage>, String> {
    let file = dist.parent().unwrap_or(dist).join(PAGES_FILE);
    let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(text
        .lines()
        .filter_map(|line| line.split_once(": "))
        .map(|(name, parts)| LazyPage { name: name.to_owned(), parts: parts.split(' ').map(str::to_owned).collect() })
        .collect())
}
