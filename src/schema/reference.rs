//! The format reference: the JSON Schema of the chain document rendered as Markdown, one section
//! per definition with a table of its properties (`lianmap schema --markdown`, committed as
//! `docs/format.md`).
//!
//! Everything in it comes from the schema, whose descriptions are the doc comments of
//! [`crate::model`]; only the reading order of the sections is chosen here.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Map, Value};

/// The order the sections are read in: the document, its collections as a document lists them,
/// then the shared value types. A definition not named here follows, in alphabetical order.
const READING_ORDER: &[&str] = &[
    "Meta",
    "Stage",
    "Link",
    "Flow",
    "Enterprise",
    "Park",
    "Project",
    "Opportunity",
    "Metric",
    "Name",
    "GapClass",
    "Role",
    "Status",
    "ParkLevel",
    "OpportunityKind",
];

/// The heading (and so the anchor) of the top level.
const TOP: &str = "Document";

/// The reference of `schema` (a draft 2020-12 schema with `$defs`) as Markdown.
pub fn markdown(schema: &Value) -> String {
    let empty = Map::new();
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let names = listed_first(defs, READING_ORDER);

    let used_by = used_by(schema, defs);
    let mut out = String::new();
    let title = text(schema, "title").unwrap_or("Chain document");
    let _ = writeln!(out, "# {title}: format reference\n");
    out.push_str(
        "<!-- Generated from the JSON Schema by `lianmap schema --markdown`; do not edit.\n     \
         Regenerate: cargo run -- schema --markdown > docs/format.md -->\n\n",
    );
    out.push_str(
        "This is the format of the JSON document `<lian-map>` draws (its `src` attribute or `data` \
         property), `lianmap validate` checks and `lianmap generate` writes. It is generated from \
         the JSON Schema ([`schema/lianmap.schema.json`](../schema/lianmap.schema.json), draft \
         2020-12), itself generated from the Rust types in `src/model/`. JSON names are \
         camelCase. A property that may be `null` may also be left out: both mean \"not given\". \
         Properties not listed here are ignored (`lianmap validate` warns once per unknown \
         name).\n\n",
    );
    out.push_str("Sections:\n\n");
    let _ = writeln!(out, "- [{TOP}](#{}) (the top level)", anchor(TOP));
    for name in &names {
        let _ = write!(out, "- [{name}](#{})", anchor(name));
        if let Some(places) = used_by.get(*name) {
            let _ = write!(out, ": {}", places.join(", "));
        }
        out.push('\n');
    }
    out.push('\n');

    section(&mut out, TOP, schema, defs, &[]);
    for name in &names {
        if let Some(def) = defs.get(*name) {
            let places = used_by.get(*name).map(Vec::as_slice).unwrap_or_default();
            section(&mut out, name, def, defs, places);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// One definition: its heading, description, where it is used, and its properties, values or
/// alternatives.
fn section(
    out: &mut String,
    name: &str,
    def: &Value,
    defs: &Map<String, Value>,
    places: &[String],
) {
    let _ = writeln!(out, "## {name}\n");
    if let Some(description) = text(def, "description") {
        let _ = writeln!(out, "{}\n", prose(description));
    }
    if !places.is_empty() {
        let _ = writeln!(out, "Used in: {}.\n", places.join(", "));
    }
    if let Some(properties) = def.get("properties").and_then(Value::as_object) {
        let required: Vec<&str> = def
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        out.push_str("| property | type | required | description |\n|---|---|---|---|\n");
        for key in listed_first(properties, &required) {
            let Some(property) = properties.get(key) else {
                continue;
            };
            let _ = writeln!(
                out,
                "| `{key}` | {} | {} | {} |",
                cell(&type_of(property, defs)),
                if required.contains(&key) { "yes" } else { "" },
                cell(&prose(text(property, "description").unwrap_or(""))),
            );
        }
        out.push('\n');
    } else if let Some(values) = enum_values(def) {
        out.push_str("| value | meaning |\n|---|---|\n");
        for (value, description) in values {
            let _ = writeln!(out, "| `{value}` | {} |", cell(&prose(description)));
        }
        out.push('\n');
    } else if let Some(alternatives) = def.get("anyOf").and_then(Value::as_array) {
        out.push_str("One of:\n\n| form | type | description |\n|---|---|---|\n");
        for (i, alternative) in alternatives.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                i + 1,
                cell(&type_of(alternative, defs)),
                cell(&prose(text(alternative, "description").unwrap_or(""))),
            );
        }
        out.push('\n');
    } else {
        let _ = writeln!(out, "Type: {}\n", type_of(def, defs));
    }
}

/// The keys of `map`: those in `first` in its order, then the others alphabetically (required
/// properties before optional ones; definitions in reading order).
fn listed_first<'a>(map: &'a Map<String, Value>, first: &[&'a str]) -> Vec<&'a str> {
    let mut keys: Vec<&str> = first
        .iter()
        .copied()
        .filter(|k| map.contains_key(*k))
        .collect();
    let mut rest: Vec<&str> = map
        .keys()
        .map(String::as_str)
        .filter(|k| !first.contains(k))
        .collect();
    rest.sort_unstable();
    keys.extend(rest);
    keys
}

/// The values of a string enumeration (`oneOf` of `const`s, or `enum`) with their descriptions.
fn enum_values(def: &Value) -> Option<Vec<(String, &str)>> {
    if let Some(values) = def.get("enum").and_then(Value::as_array) {
        return Some(values.iter().map(|v| (literal(v), "")).collect());
    }
    let variants = def.get("oneOf")?.as_array()?;
    variants
        .iter()
        .map(|v| {
            Some((
                literal(v.get("const")?),
                text(v, "description").unwrap_or(""),
            ))
        })
        .collect()
}

/// The type of a schema, in words: its JSON types, references as links (with an enumeration's
/// values spelled out), array items, map values, and every constraint (const, enum, format,
/// pattern, length, range, count, default).
fn type_of(schema: &Value, defs: &Map<String, Value>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(reference) = text(schema, "$ref") {
        parts.push(reference_type(reference, defs));
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
            if let Some(values) = enum_values(schema) {
                let list: Vec<String> = values.iter().map(|(v, _)| format!("`{v}`")).collect();
                parts.push(format!("one of {}", list.join(", ")));
            } else {
                parts.extend(alternatives.iter().map(|a| type_of(a, defs)));
            }
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let list: Vec<String> = values.iter().map(|v| format!("`{}`", literal(v))).collect();
        parts.push(format!("one of {}", list.join(", ")));
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let constraints = constraints(schema);
    for t in &types {
        let mut word = match *t {
            "array" => match schema.get("items") {
                Some(items) => format!("array of {}", type_of(items, defs)),
                None => "array".to_owned(),
            },
            "object" => match schema.get("additionalProperties") {
                Some(Value::Bool(false)) | None => "object".to_owned(),
                Some(values) => format!("object mapping each key to {}", type_of(values, defs)),
            },
            other => other.to_owned(),
        };
        if *t != "null" && !constraints.is_empty() {
            let _ = write!(word, " ({})", constraints.join(", "));
        }
        parts.push(word);
    }
    if types.is_empty() && !constraints.is_empty() {
        parts.push(constraints.join(", "));
    }
    // `null` last: "string or null".
    parts.sort_by_key(|p| p == "null");
    parts.dedup();
    if parts.is_empty() {
        "any".to_owned()
    } else {
        parts.join(" or ")
    }
}

/// A `$ref` as a link to its section, with an enumeration's values spelled out.
fn reference_type(reference: &str, defs: &Map<String, Value>) -> String {
    let name = reference.rsplit('/').next().unwrap_or(reference);
    let link = format!("[{name}](#{})", anchor(name));
    match defs.get(name).and_then(enum_values) {
        Some(values) => {
            let list: Vec<String> = values.iter().map(|(v, _)| format!("`{v}`")).collect();
            format!("{} ({link})", list.join(", "))
        }
        None => link,
    }
}

/// The constraints of a schema in words.
fn constraints(schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let number = |key: &str| schema.get(key).filter(|v| v.is_number()).map(literal);
    if let Some(value) = schema.get("const") {
        out.push(format!("always `{}`", literal(value)));
    }
    if let Some(format) = text(schema, "format") {
        out.push(format!("format `{format}`"));
    }
    match (number("minimum"), number("maximum")) {
        (Some(min), Some(max)) => out.push(format!("{min} to {max}")),
        (Some(min), None) => out.push(format!("≥ {min}")),
        (None, Some(max)) => out.push(format!("≤ {max}")),
        (None, None) => {}
    }
    if let Some(min) = number("exclusiveMinimum") {
        out.push(format!("> {min}"));
    }
    if let Some(max) = number("exclusiveMaximum") {
        out.push(format!("< {max}"));
    }
    match (number("minLength"), number("maxLength")) {
        (Some(min), _) if min == "1" && number("maxLength").is_none() => {
            out.push("not empty".to_owned());
        }
        (Some(min), Some(max)) => out.push(format!("{min} to {max} characters")),
        (Some(min), None) => out.push(format!("at least {min} characters")),
        (None, Some(max)) => out.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    for (key, what) in [
        ("minItems", "at least {} items"),
        ("maxItems", "at most {} items"),
        ("minProperties", "at least {} entries"),
        ("maxProperties", "at most {} entries"),
    ] {
        if let Some(n) = number(key) {
            let what = if n == "1" {
                what.replace("items", "item").replace("entries", "entry")
            } else {
                what.to_owned()
            };
            out.push(what.replace("{}", &n));
        }
    }
    if let Some(pattern) = text(schema, "pattern") {
        out.push(format!("matching `{pattern}`"));
    }
    if let Some(default) = schema.get("default") {
        out.push(format!("default `{}`", literal(default)));
    }
    out
}

/// Where each definition is used: `Document.enterprises[]`, `Enterprise.role`, … as links.
fn used_by(schema: &Value, defs: &Map<String, Value>) -> BTreeMap<String, Vec<String>> {
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut owners: Vec<(&str, &Value)> = vec![(TOP, schema)];
    owners.extend(defs.iter().map(|(n, d)| (n.as_str(), d)));
    for (owner, def) in owners {
        if let Some(properties) = def.get("properties").and_then(Value::as_object) {
            for (key, property) in properties {
                let mut refs = Vec::new();
                collect_refs(property, false, &mut refs);
                for (name, in_array) in refs {
                    let suffix = if in_array { "[]" } else { "" };
                    let place = format!("[{owner}](#{}) `{key}{suffix}`", anchor(owner));
                    let list = places.entry(name).or_default();
                    if !list.contains(&place) {
                        list.push(place);
                    }
                }
            }
        } else {
            let mut refs = Vec::new();
            collect_refs(def, false, &mut refs);
            for (name, _) in refs {
                let place = format!("[{owner}](#{})", anchor(owner));
                let list = places.entry(name).or_default();
                if !list.contains(&place) {
                    list.push(place);
                }
            }
        }
    }
    places
}

/// Every `$ref` in `schema` (not inside nested definitions), and whether it is an array item.
fn collect_refs(schema: &Value, in_array: bool, out: &mut Vec<(String, bool)>) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map {
                match key.as_str() {
                    "$ref" => {
                        if let Some(r) = value.as_str() {
                            let name = r.rsplit('/').next().unwrap_or(r).to_owned();
                            out.push((name, in_array));
                        }
                    }
                    "$defs" | "properties" => {}
                    "items" => collect_refs(value, true, out),
                    _ => collect_refs(value, in_array, out),
                }
            }
        }
        Value::Array(values) => {
            for value in values {
                collect_refs(value, in_array, out);
            }
        }
        _ => {}
    }
}

/// The GitHub anchor of a heading made of one word.
fn anchor(name: &str) -> String {
    name.to_lowercase()
}

fn text<'a>(schema: &'a Value, key: &str) -> Option<&'a str> {
    schema.get(key).and_then(Value::as_str)
}

/// A JSON value as written in JSON (strings quoted).
fn literal(value: &Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// A description as one paragraph (the table cells of Markdown hold one line).
fn prose(description: &str) -> String {
    description.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text for a table cell: `|` escaped (also inside code spans, as GitHub's tables require).
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_read_in_words() {
        let defs = Map::new();
        assert_eq!(
            type_of(
                &json!({"type": ["number", "null"], "minimum": 0, "maximum": 100}),
                &defs
            ),
            "number (0 to 100) or null"
        );
        assert_eq!(
            type_of(
                &json!({"type": "array", "items": {"type": "string"}, "default": []}),
                &defs
            ),
            "array of string (default `[]`)"
        );
        assert_eq!(
            type_of(&json!({"type": "string", "minLength": 1}), &defs),
            "string (not empty)"
        );
    }

    #[test]
    fn references_link_and_spell_out_enumerations() {
        let defs = json!({
            "Role": {"oneOf": [{"const": "leader", "type": "string"}, {"const": "member", "type": "string"}]},
            "Name": {"anyOf": [{"type": "string"}]}
        });
        let defs = defs.as_object().cloned().unwrap_or_default();
        assert_eq!(
            type_of(
                &json!({"anyOf": [{"$ref": "#/$defs/Role"}, {"type": "null"}]}),
                &defs
            ),
            "`\"leader\"`, `\"member\"` ([Role](#role)) or null"
        );
        assert_eq!(
            type_of(&json!({"$ref": "#/$defs/Name"}), &defs),
            "[Name](#name)"
        );
    }

    #[test]
    fn pipes_are_escaped_in_cells() {
        assert_eq!(cell("`a|b`"), "`a\\|b`");
    }
}
