//! JSON for the crate, without a generic serialisation framework in the WebAssembly module.
//!
//! Reading: [`parse`] and the [`Parser`] cursor turn untrusted text into a [`Value`] (or, piece
//! by piece, into a reader's own types), with line and column for every syntax error. Writing:
//! [`ToJson`] writes what the module hands to JavaScript, event details and `layout()`.
//! serde_json, instantiated for each type and visitor, cost about 20 KiB gzip of the module for
//! these few shapes. The command line keeps serde for its output (the types derive
//! `Serialize`); the tests hold both to the same JSON, and the reader to what serde_json reads.

mod read;
mod value;

pub use read::{Error, MAX_DEPTH, Parser, Problem, parse};
pub use value::{Map, Number, Value};

use crate::analysis::Counts;
use crate::layout::{Layout, LayoutEdge, LayoutNode, NodeKind};
use crate::validate::{Diagnostic, Severity};

/// A value that writes itself as JSON.
pub trait ToJson {
    /// Appends the JSON text of `self` to `out`.
    fn write_json(&self, out: &mut String);

    /// The JSON text of `self`.
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

/// Appends `text` as a JSON string (quoted, escaped as serde_json escapes).
pub fn string(out: &mut String, text: &str) {
    escaped(out, text, |_| false);
}

/// Appends `text` as a JSON string, with the characters `also` picks written as `\uXXXX` too
/// (what JSON requires is always escaped; [`crate::validate::quote`] adds invisible ones).
pub(crate) fn escaped(out: &mut String, text: &str, also: fn(char) -> bool) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if also(c) => unicode_escape(out, c),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => unicode_escape(out, c),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `\uXXXX` (lowercase hex) for a character of the Basic Multilingual Plane.
fn unicode_escape(out: &mut String, c: char) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from_digit((c as u32 >> shift) & 15, 16).unwrap_or('0'));
    }
}

/// Appends `value` as a JSON number: the shortest text that reads back as the same `f64` (what
/// `JSON.parse` makes of serde_json's), or `null` where JSON has no number (NaN, infinities).
pub fn number(out: &mut String, value: f64) {
    if value.is_finite() {
        out.push_str(&crate::num::short(value));
    } else {
        out.push_str("null");
    }
}

/// An object being written: `{`, then each field after a comma, then `}` from [`Object::end`].
pub struct Object<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Object<'a> {
    /// Opens an object in `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Object { out, first: true }
    }

    /// Writes the key of the next field and returns the text to write its value to.
    pub fn key(&mut self, key: &str) -> &mut String {
        if !std::mem::take(&mut self.first) {
            self.out.push(',');
        }
        string(self.out, key);
        self.out.push(':');
        self.out
    }

    /// A string field.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        string(self.key(key), value);
        self
    }

    /// A number field.
    pub fn num(&mut self, key: &str, value: f64) -> &mut Self {
        number(self.key(key), value);
        self
    }

    /// A count field.
    pub fn count(&mut self, key: &str, value: usize) -> &mut Self {
        self.key(key).push_str(&value.to_string());
        self
    }

    /// A field whose value `value` writes.
    pub fn value<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        value.write_json(self.key(key));
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        string(out, self);
    }
}

impl ToJson for [f64; 2] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        number(out, self[0]);
        out.push(',');
        number(out, self[1]);
        out.push(']');
    }
}

impl ToJson for Layout {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .value("nodes", &self.nodes)
            .value("edges", &self.edges)
            .num("width", self.width)
            .num("height", self.height)
            .end();
    }
}

impl ToJson for LayoutNode {
    fn write_json(&self, out: &mut String) {
        let kind = match self.kind {
            NodeKind::Link => "link",
            NodeKind::Stage => "stage",
            NodeKind::Enterprise => "enterprise",
        };
        Object::new(out)
            .str("id", &self.id)
            .str("kind", kind)
            .num("x", self.x)
            .num("y", self.y)
            .num("width", self.width)
            .num("height", self.height)
            .value("label", &self.label)
            .end();
    }
}

impl ToJson for LayoutEdge {
    fn write_json(&self, out: &mut String) {
        let mut edge = Object::new(out);
        edge.str("from", &self.from)
            .str("to", &self.to)
            .value("points", &self.points);
        if self.back {
            edge.key("back").push_str("true");
        }
        edge.end();
    }
}

impl ToJson for Diagnostic {
    fn write_json(&self, out: &mut String) {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut d = Object::new(out);
        d.str("severity", severity)
            .str("path", &self.path)
            .str("message", &self.message);
        if let Some(hint) = &self.hint {
            d.str("hint", hint);
        }
        if let Some(line) = self.line {
            d.count("line", line);
        }
        if let Some(column) = self.column {
            d.count("column", column);
        }
        d.end();
    }
}

impl Counts {
    /// Writes the counts as fields of `object` (camelCase keys, as serde writes them).
    pub fn write_fields(&self, object: &mut Object<'_>) {
        object
            .count("stages", self.stages)
            .count("links", self.links)
            .count("leafLinks", self.leaf_links)
            .count("flows", self.flows)
            .count("enterprises", self.enterprises)
            .count("localEnterprises", self.local_enterprises)
            .count("targetEnterprises", self.target_enterprises)
            .count("parks", self.parks)
            .count("projects", self.projects)
            .count("opportunities", self.opportunities)
            .count("metrics", self.metrics);
    }
}

impl ToJson for Counts {
    fn write_json(&self, out: &mut String) {
        let mut object = Object::new(out);
        self.write_fields(&mut object);
        object.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The hand-written JSON and serde's, read back with every number as an `f64` (as
    /// JavaScript reads them: serde writes `103.0` where we write `103`).
    fn both<T: ToJson + serde::Serialize>(value: &T) -> (Value, Value) {
        fn floats(v: Value) -> Value {
            match v {
                Value::Number(n) => n.as_f64().map_or(Value::Null, |f| serde_json::json!(f)),
                Value::Array(items) => Value::Array(items.into_iter().map(floats).collect()),
                Value::Object(map) => {
                    Value::Object(map.into_iter().map(|(k, v)| (k, floats(v))).collect())
                }
                other => other,
            }
        }
        let ours: Value = serde_json::from_str(&value.to_json()).expect("our JSON parses");
        let serde = serde_json::to_value(value).expect("serde writes it");
        (floats(ours), floats(serde))
    }

    #[test]
    fn strings_escape_as_serde_does() {
        for text in [
            "plain",
            "中文名称",
            "quote \" backslash \\ slash /",
            "\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            "emoji 🚗 and U+2028 \u{2028}",
        ] {
            let mut ours = String::new();
            string(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn numbers_read_back_as_the_same_values() {
        for v in [
            0.0,
            -0.0,
            1.0,
            12.5,
            -3.25,
            1e21,
            1e-7,
            0.1 + 0.2,
            f64::MAX,
            123456.789,
        ] {
            let mut out = String::new();
            number(&mut out, v);
            assert_eq!(out.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{out}");
        }
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let mut out = String::new();
            number(&mut out, v);
            assert_eq!(out, "null");
            assert_eq!(serde_json::to_string(&v).unwrap(), "null");
        }
    }

    #[test]
    fn a_layout_is_what_serde_writes() {
        let doc = crate::generate::generate(&crate::generate::GenerateOptions {
            links: 60,
            ..Default::default()
        });
        let chain = crate::analysis::Chain::new(doc);
        let layout = crate::layout::layout_chain(&chain, &crate::layout::LayoutOptions::default());
        let (ours, serde) = both(&layout);
        assert_eq!(ours, serde);
        let mut back = layout.clone();
        if let Some(edge) = back.edges.first_mut() {
            edge.back = true;
        }
        back.nodes.push(LayoutNode {
            id: "e \"1\"".into(),
            kind: NodeKind::Enterprise,
            x: -0.5,
            y: f64::NAN,
            width: 1e-9,
            height: 3.0,
            label: vec!["一".into(), "two\nlines".into()],
        });
        let (ours, serde) = both(&back);
        assert_eq!(ours, serde);
    }

    #[test]
    fn diagnostics_and_counts_are_what_serde_writes() {
        let report =
            crate::validate::parse(b"{\"version\": 1, \"links\": [{\"id\": \"a\", \"nmae\": 1}");
        assert!(!report.diagnostics.is_empty());
        for d in &report.diagnostics {
            let (ours, serde) = both(d);
            assert_eq!(ours, serde);
        }
        let full =
            Diagnostic::warning("links[0]", "odd \"name\"").with_hint("did you mean \"name\"?");
        let (ours, serde) = both(&full);
        assert_eq!(ours, serde);
        let counts = Counts {
            stages: 1,
            links: 2,
            leaf_links: 3,
            flows: 4,
            enterprises: 5,
            local_enterprises: 6,
            target_enterprises: 7,
            parks: 8,
            projects: 9,
            opportunities: 10,
            metrics: 11,
        };
        let (ours, serde) = both(&counts);
        assert_eq!(ours, serde);
    }
}
