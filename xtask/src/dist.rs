//! The built app as people receive it: every file of `dist/` precompressed (Brotli and gzip,
//! served by the server with `Content-Encoding`), and the size budget of a first visit.

use crate::{bundle, step};
use std::fs;
use std::path::{Path, PathBuf};

/// Everything a first visit downloads, compressed as served, stays under this (issue 6).
pub const FIRST_VISIT_BUDGET_BYTES: u64 = 300_000;

/// Files worth compressing: text and WASM. Images would be already compressed.
const COMPRESSIBLE: [&str; 7] = ["html", "js", "wasm", "css", "svg", "json", "txt"];

/// The app's languages, each fetched when shown (`app/src/i18n`): a first visit downloads
/// one of them.
const LANGUAGES_DIR: &str = "languages";

fn compressible(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e))
}

/// The compressible files of `dir` and of its folders.
fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = vec![];
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            found.extend(files(&path)?);
        } else if path.is_file() && compressible(&path) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes `FILE.br` and `FILE.gz` beside each compressible file of `dist/`.
pub fn precompress(dist: &Path) -> Result<(), String> {
    step("precompressing the app (Brotli and gzip)");
    for path in files(dist)? {
        let bytes = fs::read(&path).map_err(|e| e.to_string())?;
        let mut br = vec![];
        // Quality 11, window 2^24: the smallest output; done once per build, not per request.
        let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params).map_err(|e| e.to_string())?;
        fs::write(with_suffix(&path, ".br"), br).map_err(|e| e.to_string())?;
        // Zopfli: the same gzip format every browser reads, 4 to 8 % smaller than zlib's best,
        // for a few seconds per build.
        let mut gz = vec![];
        zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, bytes.as_slice(), &mut gz)
            .map_err(|e| e.to_string())?;
        fs::write(with_suffix(&path, ".gz"), gz).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The bytes of a first visit, compressed as served: each file once, counted as gzip, the
/// larger of the two encodings and the one every browser takes (Chromium asks for Brotli only
/// over HTTPS). A first visit is someone new: whatever address they open, they are not signed
/// in, so they get the log-in and sign-up pages, and once signed in, the dashboard. Those
/// pages are in the main module (app/src/main.rs), so: the main module, its scripts, the CSS
/// and one language (the largest); every lazy part is another page's. Fails above
/// [`FIRST_VISIT_BUDGET_BYTES`]. Also printed, not checked: a signed-in person opening the
/// heaviest page with nothing cached (BENCHMARKS.md).
pub fn check_budget(dist: &Path) -> Result<(), String> {
    step("checking the size budget of a first visit");
    let size = |path: &Path| fs::metadata(path).map(|m| m.len()).map_err(|e| format!("{}: {e}", path.display()));
    let pages = bundle::lazy_pages(dist)?;
    let (mut shell_gz, mut shell_br) = (0, 0);
    let (mut language_gz, mut language_br) = (0, 0);
    let mut parts = std::collections::HashMap::new();
    for path in files(dist)? {
        let (raw, gz, br) = (size(&path)?, size(&with_suffix(&path, ".gz"))?, size(&with_suffix(&path, ".br"))?);
        let name = path.strip_prefix(dist).unwrap_or(&path).to_string_lossy().into_owned();
        eprintln!("  {gz:>9} gzip {br:>9} brotli {raw:>9} raw  {name}");
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if path.parent().and_then(Path::file_name).is_some_and(|dir| dir == LANGUAGES_DIR) {
            language_gz = language_gz.max(gz);
            language_br = language_br.max(br);
        } else if pages.iter().any(|page| page.parts.iter().any(|part| part == stem)) {
            parts.insert(stem.to_owned(), (gz, br));
        } else {
            shell_gz += gz;
            shell_br += br;
        }
    }
    eprintln!("  {language_gz:>9} gzip {language_br:>9} brotli counted for one language of {LANGUAGES_DIR}/");
    let size_of = |page: &bundle::LazyPage| -> (u64, u64) {
        page.parts.iter().filter_map(|part| parts.get(part)).fold((0, 0), |(g, b), (pg, pb)| (g + pg, b + pb))
    };
    let (total_gz, total_br) = (shell_gz + language_gz, shell_br + language_br);
    eprintln!("  {total_gz:>9} gzip {total_br:>9} brotli in all; the budget is {FIRST_VISIT_BUDGET_BYTES} bytes");
    if let Some(page) = pages.iter().max_by_key(|page| size_of(page).0) {
        let (page_gz, page_br) = size_of(page);
        let (deep_gz, deep_br) = (shell_gz + language_gz + page_gz, shell_br + language_br + page_br);
        eprintln!(
            "  {deep_gz:>9} gzip {deep_br:>9} brotli for a signed-in person opening the heaviest page first ({})",
            page.name
        );
    }
    if total_gz > FIRST_VISIT_BUDGET_BYTES {
        return Err(format!("a first visit downloads {total_gz} bytes, over the budget of {FIRST_VISIT_BUDGET_BYTES}"));
    }
    Ok(())
}
