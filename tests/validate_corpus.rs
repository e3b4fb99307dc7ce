//! Data-driven validation checks: every `tests/fixtures/invalid/NAME.json` must be invalid and give
//! exactly the lines in `NAME.txt` (the `lianmap validate` output); every file in
//! `tests/fixtures/valid/` must be valid. Run with `UPDATE_EXPECT=1` to rewrite the `.txt` files,
//! then read the diff.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers may stop the test

use std::path::{Path, PathBuf};

use lianmap::validate;

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn check(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).expect("fixture");
    let report = validate::parse(&bytes);
    let actual: String = report.diagnostics.iter().map(|d| d.line() + "\n").collect();
    let expect_path = path.with_extension("txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expect_path, &actual).expect("write expectation");
    }
    let expected = std::fs::read_to_string(&expect_path).unwrap_or_default();
    let mut problems = Vec::new();
    if report.is_valid() {
        problems.push("is valid, but should not be".to_owned());
    }
    if actual != expected {
        problems.push(format!("--- expected\n{expected}--- actual\n{actual}"));
    }
    (!problems.is_empty()).then(|| format!("{}: {}", path.display(), problems.join("\n")))
}

#[test]
fn invalid_documents_name_every_problem() {
    let files = fixtures("invalid");
    assert!(files.len() >= 15);
    let failures: Vec<String> = files.iter().filter_map(|p| check(p)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn valid_documents_are_valid() {
    for path in fixtures("valid") {
        let report = validate::parse(&std::fs::read(&path).expect("fixture"));
        assert!(
            report.is_valid(),
            "{}: {:?}",
            path.display(),
            report.errors().collect::<Vec<_>>()
        );
    }
}

#[test]
fn broken_sample_keeps_the_valid_part() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/sample/broken.json");
    let report = validate::parse(&std::fs::read(path).expect("broken sample"));
    assert!(!report.is_valid());
    let typo = report
        .diagnostics
        .iter()
        .find(|d| d.path == "enterprises[3].links[0]")
        .expect("the typo is reported");
    assert!(typo.message.contains("batery"), "{typo}");
    assert_eq!(typo.hint.as_deref(), Some("did you mean \"battery\"?"));
    assert!(!report.document.links.is_empty());
    assert!(!report.document.enterprises.is_empty());
}
