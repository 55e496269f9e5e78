//! Every rule id of `shared/spec/RULES.md` appears in a test of this crate, or in the list of
//! rules enforced outside it (the "Rules enforced elsewhere" section of `src/lib.rs`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod spec;

/// The ids (`R-RENEW-3`, `R-2FA-7`) in a text.
fn rule_ids(text: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(offset) = text[i..].find("R-") {
        let start = i + offset;
        let mut end = start + 2;
        // The area: capitals and digits, at least one capital (`ROLE`, `2FA`).
        while end < bytes.len() && (bytes[end].is_ascii_uppercase() || bytes[end].is_ascii_digit()) {
            end += 1;
        }
        let letters = text[start + 2..end].bytes().any(|b| b.is_ascii_uppercase());
        if letters && end < bytes.len() && bytes[end] == b'-' {
            let mut digits = end + 1;
            while digits < bytes.len() && bytes[digits].is_ascii_digit() {
                digits += 1;
            }
            if digits > end + 1 {
                ids.insert(text[start..digits].to_string());
                i = digits;
                continue;
            }
        }
        i = start + 2;
    }
    ids
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The test code of a source file: what follows its `#[cfg(test)]`.
fn test_code(source: &str) -> &str {
    source.find("#[cfg(test)]").map_or("", |at| &source[at..])
}

#[test]
fn every_rule_is_tested_or_listed_as_enforced_elsewhere() {
    let rules = spec::read("RULES.md");
    let all = rule_ids(&rules);
    assert!(all.len() >= 70, "RULES.md should have its 70 rules, found {}", all.len());

    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut tested = BTreeSet::new();
    for path in rust_files(&src) {
        let source = std::fs::read_to_string(&path).unwrap();
        // A module's `tests.rs` is test code from its first line.
        let tests =
            if path.file_name().is_some_and(|n| n == "tests.rs") { source.as_str() } else { test_code(&source) };
        tested.extend(rule_ids(tests));
    }
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for path in rust_files(&tests) {
        if path.file_name().is_some_and(|n| n != "rule_coverage.rs") {
            tested.extend(rule_ids(&std::fs::read_to_string(path).unwrap()));
        }
    }
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let elsewhere_section = lib
        .split("//! ## Rules enforced elsewhere")
        .nth(1)
        .map(|rest| rest.lines().take_while(|l| l.starts_with("//!")).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default();
    let elsewhere = rule_ids(&elsewhere_section);

    let missing: Vec<&String> = all.iter().filter(|id| !tested.contains(*id) && !elsewhere.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "rules with no test in the domain crate and not listed as enforced elsewhere: {missing:?}"
    );
    let unknown: Vec<&String> = tested.union(&elsewhere).filter(|id| !all.contains(*id)).collect();
    assert!(unknown.is_empty(), "ids named in tests that RULES.md does not have: {unknown:?}");
}

#[test]
fn the_id_scanner_reads_ids_and_nothing_else() {
    let ids = rule_ids("// R-RENEW-3 and R-2FA-7, not R-, R-X or R-ROLE-; R-ROLE-10.");
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["R-2FA-7", "R-RENEW-3", "R-ROLE-10"]);
}
