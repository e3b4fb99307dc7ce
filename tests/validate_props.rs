//! Property tests: validation and analysis never panic, whatever the input, and keep their
//! invariants on valid documents.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers may stop the test

use lianmap::analysis::{Chain, GapRules, GapSource};
use lianmap::generate::{GenerateOptions, generate};
use lianmap::model::GapClass;
use lianmap::validate::{self, Limits};
use proptest::prelude::*;
use serde_json::Value;

/// Any JSON value, a few levels deep, with keys drawn from the format's own names so that the
/// validator's paths get exercised, not just its "unknown field" branch.
fn json_value() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "version",
        "meta",
        "stages",
        "links",
        "flows",
        "enterprises",
        "parks",
        "projects",
        "opportunities",
        "metrics",
        "id",
        "name",
        "stage",
        "parent",
        "gap",
        "from",
        "to",
        "role",
        "local",
        "status",
        "score",
        "region",
        "park",
        "lon",
        "lat",
        "amount",
        "url",
        "level",
        "landHa",
        "enterprise",
        "link",
        "date",
        "kind",
        "title",
        "key",
        "value",
        "zh-CN",
        "en",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(vec![
            "a",
            "b",
            "up",
            "mid",
            "leader",
            "target",
            "national",
            "scene",
            "missing",
            "2026-01-31",
            "https://example.com",
            "javascript:x",
            ""
        ])
        .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|pairs| Value::Object(
                pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

fn analyse_everything(report: validate::Report) {
    let chain = Chain::new(report.document);
    let stats = chain.stats(&GapRules::default());
    for i in 0..chain.document().links.len() {
        let _ = chain.upstream(i);
        let _ = chain.downstream(i);
    }
    assert_eq!(stats.links.len(), chain.document().links.len());
    let _ = serde_json::to_string(&stats).expect("stats serialize");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let report = validate::parse(&bytes);
        analyse_everything(report);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        let bytes = serde_json::to_vec(&value).expect("json");
        let tree = lianmap::json::parse(&bytes).expect("our reader reads serde's JSON");
        let report = validate::check(&tree, &Limits::default());
        for d in &report.diagnostics {
            prop_assert!(!d.path.is_empty() && !d.message.is_empty());
        }
        // Bytes take the streaming path (items read one at a time); it says exactly the same.
        prop_assert_eq!(&validate::parse(&bytes), &report);
        analyse_everything(report);
    }

    /// A valid document with one value replaced anywhere: never a panic, and every diagnostic
    /// points somewhere.
    #[test]
    fn mutated_documents_never_panic(seed in any::<u64>(), target in any::<prop::sample::Index>(), value in json_value()) {
        let doc = generate(&GenerateOptions { links: 12, enterprises: 30, seed });
        let mut json = serde_json::to_value(&doc).expect("json");
        let mut pointers = Vec::new();
        collect_pointers(&json, String::new(), &mut pointers);
        let pointer = target.get(&pointers).clone();
        if let Some(slot) = json.pointer_mut(&pointer) {
            *slot = value;
        }
        let bytes = serde_json::to_vec(&json).expect("json");
        let tree = lianmap::json::parse(&bytes).expect("our reader reads serde's JSON");
        let report = validate::check(&tree, &Limits::default());
        for d in &report.diagnostics {
            prop_assert!(!d.path.is_empty());
        }
        // Bytes take the streaming path (items read one at a time); it says exactly the same.
        prop_assert_eq!(&validate::parse(&bytes), &report);
        analyse_everything(report);
    }

    /// On valid documents: deterministic, and gap classes follow the documented rules.
    #[test]
    fn valid_documents_keep_invariants(seed in any::<u64>(), links in 3usize..60, enterprises in 0usize..200) {
        let doc = generate(&GenerateOptions { links, enterprises, seed });
        let bytes = serde_json::to_vec(&doc).expect("json");
        let report = validate::parse(&bytes);
        prop_assert!(report.is_valid(), "{:?}", report.diagnostics.first());
        prop_assert_eq!(&report, &validate::parse(&bytes));
        let chain = Chain::new(report.document);
        let stats = chain.stats(&GapRules::default());
        for link in &stats.links {
            prop_assert_eq!(link.gap_source, GapSource::Computed);
            prop_assert_eq!(link.gap == GapClass::Missing, link.local_enterprises == 0);
            prop_assert!(link.leaders.len() <= link.local_enterprises);
        }
        let leaves = stats.counts.leaf_links;
        for region in &stats.coverage {
            prop_assert_eq!(region.has.len() + region.lacks.len(), leaves);
        }
    }
}

fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                collect_pointers(
                    item,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
}

#[test]
fn limits_are_enforced_with_a_clear_message() {
    let doc = generate(&GenerateOptions {
        links: 30,
        enterprises: 50,
        seed: 1,
    });
    let bytes = serde_json::to_vec(&doc).expect("json");
    let small = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let report = validate::parse_with(&bytes, &small);
    assert_eq!(report.diagnostics.len(), 1);
    assert!(
        report.diagnostics[0].message.contains("too large"),
        "{}",
        report.diagnostics[0]
    );

    let few = Limits {
        max_enterprises: 10,
        ..Limits::default()
    };
    let report = validate::parse_with(&bytes, &few);
    assert_eq!(report.document.enterprises.len(), 10);
    let d = report.errors().next().expect("an error");
    assert_eq!(d.path, "enterprises");
    assert!(
        d.message
            .contains("too many enterprises: 50 (the limit is 10)"),
        "{d}"
    );

    let quiet = Limits {
        max_diagnostics: 5,
        ..Limits::default()
    };
    let many_bad: String = format!(
        r#"{{"version": 1, "links": [{}]}}"#,
        (0..50)
            .map(|i| format!(r#"{{"id": "l{i}", "name": "L", "parent": "nope{i}"}}"#))
            .collect::<Vec<_>>()
            .join(",")
    );
    let report = validate::parse_with(many_bad.as_bytes(), &quiet);
    assert_eq!(report.diagnostics.len(), 6);
    assert!(
        report.diagnostics[5].message.contains("45 more problems"),
        "{}",
        report.diagnostics[5]
    );
}

#[test]
fn defaults_fit_a_province() {
    // A large province: 2,000 links and 100,000 enterprises fit the default limits.
    let doc = generate(&GenerateOptions {
        links: 2_000,
        enterprises: 100_000,
        seed: 9,
    });
    let bytes = serde_json::to_vec(&doc).expect("json");
    let report = validate::parse(&bytes);
    assert!(report.is_valid(), "{:?}", report.diagnostics.first());
}
