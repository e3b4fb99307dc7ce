//! The crate's JSON reader against serde_json's: the same values from the same text, and the
//! same texts refused, whatever the input.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)] // test helpers may stop the test

use lianmap::json::{self, Number};
use proptest::prelude::*;
use serde_json::Value as Serde;

/// serde_json's value with every number as an `f64` and objects as sorted member lists, which is
/// what both readers must agree on (serde keeps integers beyond 2^53 exactly, as we do, but
/// compares across number kinds differently).
#[derive(Debug)]
enum Plain {
    Null,
    Bool(bool),
    Int(i128),
    Float(u64),
    Str(String),
    Arr(Vec<Plain>),
    Obj(Vec<(String, Plain)>),
}

fn float_bits(f: f64) -> u64 {
    if f == 0.0 { 0 } else { f.to_bits() } // -0 and 0 alike
}

/// Equal, floats within four units in the last place: neither reader rounds every number
/// correctly (serde_json's default parser, like ours, trades that for size). Ours is exact for up
/// to 15 significant digits with small exponents (see `lianmap::num`), which the values below
/// that serde writes are; mutations make longer mantissas and large exponents.
impl PartialEq for Plain {
    fn eq(&self, other: &Plain) -> bool {
        match (self, other) {
            (Plain::Null, Plain::Null) => true,
            (Plain::Bool(a), Plain::Bool(b)) => a == b,
            (Plain::Int(a), Plain::Int(b)) => a == b,
            (Plain::Float(a), Plain::Float(b)) => a.abs_diff(*b) <= 4,
            (Plain::Str(a), Plain::Str(b)) => a == b,
            (Plain::Arr(a), Plain::Arr(b)) => a == b,
            (Plain::Obj(a), Plain::Obj(b)) => a == b,
            _ => false,
        }
    }
}

fn from_serde(v: &Serde) -> Plain {
    match v {
        Serde::Null => Plain::Null,
        Serde::Bool(b) => Plain::Bool(*b),
        Serde::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Plain::Int(i128::from(u)),
            (_, Some(i)) => Plain::Int(i128::from(i)),
            _ => Plain::Float(float_bits(n.as_f64().unwrap())),
        },
        Serde::String(s) => Plain::Str(s.clone()),
        Serde::Array(items) => Plain::Arr(items.iter().map(from_serde).collect()),
        Serde::Object(map) => Plain::Obj(
            map.iter()
                .map(|(k, v)| (k.clone(), from_serde(v)))
                .collect(),
        ),
    }
}

fn from_ours(v: &json::Value) -> Plain {
    match v {
        json::Value::Null => Plain::Null,
        json::Value::Bool(b) => Plain::Bool(*b),
        json::Value::Number(Number::Unsigned(u)) => Plain::Int(i128::from(*u)),
        json::Value::Number(Number::Negative(i)) => Plain::Int(i128::from(*i)),
        json::Value::Number(Number::Float(f)) => Plain::Float(float_bits(*f)),
        json::Value::String(s) => Plain::Str(s.clone()),
        json::Value::Array(items) => Plain::Arr(items.iter().map(from_ours).collect()),
        json::Value::Object(map) => {
            Plain::Obj(map.iter().map(|(k, v)| (k.clone(), from_ours(v))).collect())
        }
    }
}

/// Any JSON value, a few levels deep, with awkward strings and numbers.
fn value() -> impl Strategy<Value = Serde> {
    let leaf = prop_oneof![
        Just(Serde::Null),
        any::<bool>().prop_map(Serde::Bool),
        any::<i64>().prop_map(Serde::from),
        any::<u64>().prop_map(Serde::from),
        // Short decimals, where both readers are exact (serde_json's default float parser is
        // not correctly rounded for long mantissas, nor is ours).
        (-1_000_000_000i64..1_000_000_000, 0u32..8)
            .prop_map(|(m, d)| Serde::from(m as f64 / 10f64.powi(d as i32))),
        "\\PC*".prop_map(Serde::String),
        prop::sample::select(vec![
            "",
            "\"",
            "\\",
            "\u{0}\u{1f}",
            "中文\n\t",
            "🚗\u{2028}",
            "/"
        ])
        .prop_map(Serde::from),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Serde::Array),
            prop::collection::vec(("[a-c\"\\\\中]{0,3}", inner), 0..6)
                .prop_map(|members| Serde::Object(members.into_iter().collect())),
        ]
    })
}

/// Bytes that matter to a JSON reader, for mutations.
const SIGNIFICANT: &[u8] =
    b"{}[],:\"\\ \n0123456789-+.eEtrufalsn\x00\x1f\x7f\xc3\xa9\xe4\xb8\xad\xff";

fn mutate(text: &[u8], edits: &[(usize, u8, usize)]) -> Vec<u8> {
    let mut out = text.to_vec();
    for &(at, kind, pick) in edits {
        let at = if out.is_empty() {
            0
        } else {
            at % (out.len() + 1)
        };
        let byte = SIGNIFICANT[pick % SIGNIFICANT.len()];
        match kind % 3 {
            0 => out.insert(at, byte),
            1 if at < out.len() => {
                out.remove(at);
            }
            _ if at < out.len() => out[at] = byte,
            _ => out.push(byte),
        }
    }
    out
}

fn agree(bytes: &[u8]) -> Result<(), TestCaseError> {
    let serde = serde_json::from_slice::<Serde>(bytes);
    let ours = json::parse(bytes);
    match (&serde, &ours) {
        (Ok(s), Ok(o)) => prop_assert_eq!(from_serde(s), from_ours(o)),
        // When we say the text ends too early, so does serde_json. (It says so more often: of
        // `"\u"]` it reads the four digits' bytes before looking at them, and it checks a
        // string's UTF-8 at its closing quote, so an unclosed string with a bad byte is an early
        // end to it and the bad byte to us.)
        (Err(s), Err(o)) => {
            prop_assert!(
                !o.is_eof() || s.classify() == serde_json::error::Category::Eof,
                "{:?}: serde {} / ours {}",
                String::from_utf8_lossy(bytes),
                s,
                o
            );
        }
        _ => prop_assert!(
            false,
            "{:?}: serde {:?} / ours {:?}",
            String::from_utf8_lossy(bytes),
            serde.map(drop).map_err(|e| e.to_string()),
            ours.map(drop).map_err(|e| e.to_string())
        ),
    }
    // Skipping accepts and refuses exactly what reading does, at the same place.
    let mut parser = json::Parser::new(bytes);
    let skipped = parser.skip().and_then(|()| parser.end());
    prop_assert_eq!(skipped.err(), ours.err());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn reads_what_serde_writes(v in value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }
            .expect("serde writes it");
        let ours = json::parse(text.as_bytes()).expect("reads");
        prop_assert_eq!(from_ours(&ours), from_serde(&v));
    }

    #[test]
    fn refuses_what_serde_refuses(
        v in value(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..4),
    ) {
        let text = serde_json::to_vec(&v).expect("serde writes it");
        agree(&mutate(&text, &edits))?;
    }

    #[test]
    fn any_bytes_neither_panic_nor_disagree(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        agree(&bytes)?;
    }
}

#[test]
fn numbers_at_the_edges_read_as_serde_reads_them() {
    for text in [
        "0",
        "-0",
        "1e400",
        "-1e400",
        "1e-400",
        "0e99999",
        "1e99999",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1.5e-7",
        "123456789012345678901234567890",
        "0.000001",
        "2.5E+3",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "1e+",
        "+1",
        "0x10",
        "1.0e",
        "-01",
    ] {
        agree(text.as_bytes()).unwrap();
    }
}

#[test]
fn nesting_is_limited_where_serde_limits_it() {
    for depth in [127, 128, 129, 200] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let text = open.repeat(depth) + "1" + &close.repeat(depth);
            agree(text.as_bytes()).unwrap();
        }
    }
}
