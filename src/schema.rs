//! The JSON Schema (draft 2020-12) of the chain document, generated from [`crate::model`].

use crate::model::Document;

mod reference;

/// The schema as a JSON value.
pub fn schema() -> serde_json::Value {
    schemars::schema_for!(Document).to_value()
}

/// The schema as pretty-printed JSON with a trailing newline, exactly as committed in
/// `schema/lianmap.schema.json`.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The format reference: the schema as Markdown, one section per definition with a table of its
/// properties, exactly as committed in `docs/format.md` (`lianmap schema --markdown`).
pub fn markdown() -> String {
    let mut text = reference::markdown(&schema());
    text.push('\n');
    text
}
