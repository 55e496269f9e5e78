//! Where the specs are: `shared/` beside the checkout (or above it), read-only project inputs.
//! `CONSOLE_SHARED_DIR` names it when the checkout is elsewhere (cargo-mutants tests a copy
//! of the tree in a temporary directory; `cargo xtask mutants` sets it).

use std::path::{Path, PathBuf};

pub fn shared_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("CONSOLE_SHARED_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain(manifest.ancestors().map(|dir| dir.join("shared")))
        // Where the workplace keeps it, for a clone made elsewhere (as the server's tests do).
        .chain([PathBuf::from("/work/shared")])
        .find(|dir| dir.join("spec/RULES.md").is_file())
        .expect("shared/spec/RULES.md not found beside the checkout; set CONSOLE_SHARED_DIR")
}

/// A file of `shared/spec/`, as text.
pub fn read(name: &str) -> String {
    std::fs::read_to_string(shared_dir().join("spec").join(name)).unwrap_or_else(|e| panic!("spec/{name}: {e}"))
}
