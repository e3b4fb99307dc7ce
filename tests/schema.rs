//! The committed JSON Schema stays in sync with the Rust types, and schema and validator agree.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers may stop the test

use std::path::{Path, PathBuf};

use lianmap::validate;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema_validator() -> jsonschema::Validator {
    let schema = read_json(&root().join("schema/lianmap.schema.json"));
    jsonschema::draft202012::new(&schema).expect("the committed schema compiles")
}

#[test]
fn committed_schema_is_up_to_date() {
    let committed =
        std::fs::read_to_string(root().join("schema/lianmap.schema.json")).unwrap_or_default();
    if committed != lianmap::schema::schema_text() {
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(
                root().join("schema/lianmap.schema.json"),
                lianmap::schema::schema_text(),
            )
            .expect("write");
        }
        panic!(
            "schema/lianmap.schema.json is stale: run `cargo run -- schema > schema/lianmap.schema.json`"
        );
    }
    let schema: Value = serde_json::from_str(&committed).expect("json");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn committed_format_reference_is_up_to_date() {
    let path = root().join("docs/format.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = lianmap::schema::markdown();
    if committed != generated {
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, &generated).expect("write");
        }
        panic!(
            "docs/format.md is stale (the model's doc comments or the schema changed): run \
             `cargo run -- schema --markdown > docs/format.md`"
        );
    }
    // Every definition of the schema has its section, and every property its row.
    let schema = lianmap::schema::schema();
    let defs = schema["$defs"].as_object().expect("$defs");
    for (name, def) in defs {
        assert!(
            generated.contains(&format!("\n## {name}\n")),
            "no section for {name}"
        );
        for key in def["properties"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.keys())
        {
            assert!(
                generated.contains(&format!("| `{key}` |")),
                "no row for {name}.{key}"
            );
        }
    }
}

fn valid_documents() -> Vec<PathBuf> {
    let mut files = vec![
        root().join("www/sample/nev-guangxi.json"),
        root().join("tests/fixtures/small.json"),
    ];
    let dir = root().join("tests/fixtures/valid");
    files.extend(
        std::fs::read_dir(dir)
            .expect("valid fixtures")
            .filter_map(|e| e.ok().map(|e| e.path())),
    );
    files
}

#[test]
fn schema_and_validator_accept_the_same_good_documents() {
    let schema = schema_validator();
    for path in valid_documents() {
        let doc = read_json(&path);
        let errors: Vec<String> = schema
            .iter_errors(&doc)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: schema rejects it: {errors:?}",
            path.display()
        );
        let bytes = std::fs::read(&path).expect("read");
        assert!(
            validate::parse(&bytes).is_valid(),
            "{}: validator rejects it",
            path.display()
        );
    }
    let generated =
        serde_json::to_value(lianmap::generate::generate(&Default::default())).expect("json");
    assert!(
        schema.is_valid(&generated),
        "schema rejects a generated document"
    );
}

/// Broken documents whose problems a schema can express: both reject them.
const SCHEMA_REJECTS: &[&str] = &[
    "not-an-object",
    "version-2",
    "version-string",
    "version-missing",
    "links-missing",
    "wrong-types",
    "required",
    "ranges",
    "dates-and-urls",
    "enums",
    "names",
];

/// Broken documents whose only problems are references, duplicates or cycles: beyond a JSON
/// Schema, so only the validator rejects them (documented in the schema's description).
const VALIDATOR_ONLY: &[&str] = &["references", "duplicates", "parent-cycle"];

#[test]
fn schema_and_validator_reject_the_same_broken_documents() {
    let schema = schema_validator();
    for name in SCHEMA_REJECTS {
        let path = root().join(format!("tests/fixtures/invalid/{name}.json"));
        let doc = read_json(&path);
        assert!(!schema.is_valid(&doc), "{name}: the schema accepts it");
        assert!(
            !validate::parse(&std::fs::read(&path).expect("read")).is_valid(),
            "{name}: the validator accepts it"
        );
    }
    for name in VALIDATOR_ONLY {
        let path = root().join(format!("tests/fixtures/invalid/{name}.json"));
        assert!(
            schema.is_valid(&read_json(&path)),
            "{name}: expected to pass the schema"
        );
        assert!(
            !validate::parse(&std::fs::read(&path).expect("read")).is_valid(),
            "{name}"
        );
    }
}

/// One value at a time: each mutation breaks the small document in one way a schema can see.
#[test]
fn single_field_mutations_agree() {
    let schema = schema_validator();
    let base = read_json(&root().join("tests/fixtures/small.json"));
    let mutations: &[(&str, Value)] = &[
        ("/enterprises/0/score", Value::from(120)),
        ("/enterprises/0/lat", Value::from(-91)),
        ("/enterprises/0/amount", Value::from(-1)),
        ("/enterprises/0/status", Value::from("done")),
        ("/enterprises/0/role", Value::from("boss")),
        ("/enterprises/0/local", Value::from("yes")),
        ("/enterprises/0/links", Value::from("car")),
        ("/enterprises/0/url", Value::from("javascript:alert(1)")),
        ("/projects/0/date", Value::from("15/01/2026")),
        ("/parks/0/level", Value::from("global")),
        ("/parks/0/landHa", Value::from(-3)),
        ("/opportunities/0/kind", Value::from("other")),
        ("/links/0/gap", Value::from("none")),
        ("/links/0/name", Value::from(3)),
        ("/links/0/id", Value::from(3)),
        ("/metrics/0/value", Value::from("1")),
        ("/version", Value::from(3)),
    ];
    for (pointer, value) in mutations {
        let mut doc = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
        let object = doc
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{pointer}"));
        object.insert(key.to_owned(), value.clone());
        let schema_ok = schema.is_valid(&doc);
        let validator_ok = validate::parse(doc.to_string().as_bytes()).is_valid();
        assert!(
            !schema_ok && !validator_ok,
            "{pointer} = {value}: schema valid {schema_ok}, validator valid {validator_ok}"
        );
    }
}
