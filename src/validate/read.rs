//! Reading typed values out of untrusted JSON, one field at a time, reporting every problem.

use crate::json::{Map, Value};

use super::Limits;
use super::diagnostic::{Diagnostic, field, index, quote};
use super::hint::closest;
use crate::model::{Name, WireEnum};

/// The JSON type of a value, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    value.type_name()
}

/// Allowed range of a number.
#[derive(Clone, Copy)]
pub(crate) enum Range {
    Any,
    NonNegative,
    Score,
    Latitude,
    Longitude,
}

impl Range {
    fn check(self, value: f64) -> Option<&'static str> {
        let ok = match self {
            Range::Any => true,
            Range::NonNegative => value >= 0.0,
            Range::Score => (0.0..=100.0).contains(&value),
            Range::Latitude => (-90.0..=90.0).contains(&value),
            Range::Longitude => (-180.0..=180.0).contains(&value),
        };
        if ok {
            return None;
        }
        Some(match self {
            Range::Any => "",
            Range::NonNegative => "must not be negative",
            Range::Score => "must be between 0 and 100",
            Range::Latitude => "latitude must be between -90 and 90 degrees",
            Range::Longitude => "longitude must be between -180 and 180 degrees",
        })
    }
}

/// An unknown field seen one or more times under the same pattern (`enterprises[*].colour`).
struct Unknown {
    first_path: String,
    key: String,
    count: usize,
    hint: Option<String>,
}

/// Collects diagnostics while reading; caps their number so hostile input stays cheap.
/// Where a value sits, as a JSON path rendered only when a diagnostic needs it: most values
/// are fine, and formatting every field's path up front cost a fifth of validation.
#[derive(Clone, Copy, Debug)]
pub(crate) enum At<'a> {
    /// A rendered path.
    Path(&'a str),
    /// Field `key` of the object at `base`.
    Field(&'a str, &'a str),
}

impl From<At<'_>> for String {
    fn from(at: At<'_>) -> String {
        match at {
            At::Path(path) => path.to_owned(),
            At::Field(base, key) => field(base, key),
        }
    }
}

pub(crate) struct Reader<'l> {
    pub(crate) limits: &'l Limits,
    diagnostics: Vec<Diagnostic>,
    dropped: usize,
    /// Unknown fields by pattern, kept sorted by pattern (a vector, not a B-tree's code: at most
    /// `max_diagnostics` of them).
    unknown: Vec<(String, Unknown)>,
}

impl<'l> Reader<'l> {
    pub(crate) fn new(limits: &'l Limits) -> Self {
        Reader {
            limits,
            diagnostics: Vec::new(),
            dropped: 0,
            unknown: Vec::new(),
        }
    }

    /// Records a diagnostic, unless the cap is reached.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        if self.diagnostics.len() < self.limits.max_diagnostics {
            self.diagnostics.push(diagnostic);
        } else {
            self.dropped += 1;
        }
    }

    pub(crate) fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::error(path, message));
    }

    pub(crate) fn warning(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::warning(path, message));
    }

    /// All diagnostics in document order: by top-level field (in the order of `fields`), then by
    /// item index; the order of discovery within one item is kept.
    pub(crate) fn finish(mut self, fields: &[&str]) -> Vec<Diagnostic> {
        let unknown = std::mem::take(&mut self.unknown);
        for (pattern, u) in unknown {
            let mut message = format!("unknown field {} is ignored", quote(&u.key));
            if u.count > 1 {
                message.push_str(&format!(" ({} times, as {pattern})", u.count));
            }
            let mut diagnostic = Diagnostic::warning(u.first_path, message);
            if let Some(hint) = u.hint {
                diagnostic = diagnostic.with_hint(hint);
            }
            self.push(diagnostic);
        }
        self.diagnostics
            .sort_by_key(|d| document_order(&d.path, fields));
        if self.dropped > 0 {
            let more = Diagnostic::error(
                "$",
                format!(
                    "{} more problems were not listed (the limit is {} messages)",
                    self.dropped, self.limits.max_diagnostics
                ),
            );
            self.diagnostics.push(more);
        }
        self.diagnostics
    }

    /// The value as an object, or an error naming what was expected.
    pub(crate) fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        what: &str,
    ) -> Option<&'v Map> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.error(
                    path,
                    format!("expected {what} (an object), found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// Warns once per pattern about fields outside `known`.
    pub(crate) fn known_fields(&mut self, map: &Map, path: &str, pattern: &str, known: &[&str]) {
        for key in map.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let pattern_path = field(pattern, key);
            let at = match self
                .unknown
                .binary_search_by(|(p, _)| p.as_str().cmp(&pattern_path))
            {
                Ok(found) => {
                    if let Some((_, u)) = self.unknown.get_mut(found) {
                        u.count += 1;
                    }
                    continue;
                }
                Err(at) => at,
            };
            if self.unknown.len() >= self.limits.max_diagnostics {
                self.dropped += 1;
                continue;
            }
            let hint =
                closest(key, known.iter().copied()).map(|k| format!("did you mean {}?", quote(k)));
            self.unknown.insert(
                at,
                (
                    pattern_path,
                    Unknown {
                        first_path: field(path, key),
                        key: key.clone(),
                        count: 1,
                        hint,
                    },
                ),
            );
        }
    }

    /// A required, non-empty id string.
    pub(crate) fn id(&mut self, map: &Map, path: &str, key: &str) -> Option<String> {
        let at = At::Field(path, key);
        match map.get(key) {
            None | Some(Value::Null) => {
                self.error(at, format!("missing required field {}", quote(key)));
                None
            }
            Some(value) => self.reference(value, at),
        }
    }

    /// A reference (id) value: a non-empty string within the length limit. Numbers are not ids.
    pub(crate) fn reference(&mut self, value: &Value, at: At<'_>) -> Option<String> {
        match value {
            Value::String(text) if text.trim().is_empty() => {
                self.error(at, "must not be empty");
                None
            }
            Value::String(text) => self.bounded(text, at),
            other => {
                let mut d = Diagnostic::error(
                    at,
                    format!("expected a string id, found {}", type_name(other)),
                );
                if let Value::Number(n) = other {
                    d = d.with_hint(format!("write it as a string: \"{n}\""));
                }
                self.push(d);
                None
            }
        }
    }

    /// An optional reference: absent or null is `None`.
    pub(crate) fn opt_reference(&mut self, map: &Map, path: &str, key: &str) -> Option<String> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => self.reference(value, At::Field(path, key)),
        }
    }

    fn bounded(&mut self, text: &str, at: At<'_>) -> Option<String> {
        let n = text.chars().count();
        if n > self.limits.max_text_chars {
            self.error(
                at,
                format!(
                    "text is too long: {n} characters (the limit is {})",
                    self.limits.max_text_chars
                ),
            );
            return None;
        }
        Some(text.to_owned())
    }

    /// An optional free-text string.
    pub(crate) fn opt_string(&mut self, map: &Map, path: &str, key: &str) -> Option<String> {
        let at = At::Field(path, key);
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => self.bounded(text, at),
            Some(other) => {
                self.error(at, format!("expected a string, found {}", type_name(other)));
                None
            }
        }
    }

    /// An optional finite number within `range`.
    pub(crate) fn opt_number(
        &mut self,
        map: &Map,
        path: &str,
        key: &str,
        range: Range,
    ) -> Option<f64> {
        let at = At::Field(path, key);
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => self.number(value, at, range),
        }
    }

    /// A finite number within `range`.
    pub(crate) fn number(&mut self, value: &Value, at: At<'_>, range: Range) -> Option<f64> {
        let number = match value {
            Value::Number(n) => Some(n.as_f64()).filter(|v| v.is_finite()),
            Value::String(text) if crate::num::decimal(text).is_some() => {
                self.push(
                    Diagnostic::error(
                        at,
                        format!("expected a number, found the string {}", quote(text)),
                    )
                    .with_hint("remove the quotes"),
                );
                return None;
            }
            other => {
                self.error(at, format!("expected a number, found {}", type_name(other)));
                return None;
            }
        };
        let Some(number) = number else {
            self.error(at, "number is out of range");
            return None;
        };
        if let Some(problem) = range.check(number) {
            self.error(
                at,
                format!("{problem}, found {}", crate::num::Short(number)),
            );
            return None;
        }
        Some(number)
    }

    /// An optional boolean.
    pub(crate) fn opt_bool(&mut self, map: &Map, path: &str, key: &str) -> Option<bool> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                let mut d = Diagnostic::error(
                    field(path, key),
                    format!("expected true or false, found {}", type_name(other)),
                );
                if let Value::String(text) = other
                    && matches!(text.as_str(), "true" | "false")
                {
                    d = d.with_hint("remove the quotes");
                }
                self.push(d);
                None
            }
        }
    }

    /// An optional value of a closed set of strings.
    pub(crate) fn opt_enum<T: WireEnum>(&mut self, map: &Map, path: &str, key: &str) -> Option<T> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => self.enumeration(value, At::Field(path, key)),
        }
    }

    /// A required value of a closed set of strings.
    pub(crate) fn req_enum<T: WireEnum>(&mut self, map: &Map, path: &str, key: &str) -> Option<T> {
        match map.get(key) {
            None | Some(Value::Null) => {
                let allowed = allowed::<T>();
                self.error(
                    field(path, key),
                    format!("missing required field {} (one of {allowed})", quote(key)),
                );
                None
            }
            Some(value) => self.enumeration(value, At::Field(path, key)),
        }
    }

    fn enumeration<T: WireEnum>(&mut self, value: &Value, at: At<'_>) -> Option<T> {
        let allowed = allowed::<T>();
        let Value::String(text) = value else {
            self.error(
                at,
                format!("expected one of {allowed}, found {}", type_name(value)),
            );
            return None;
        };
        if let Some(v) = T::parse(text) {
            return Some(v);
        }
        let trimmed = text.trim().to_ascii_lowercase();
        let near = T::parse(&trimmed)
            .map(T::as_str)
            .or_else(|| closest(&trimmed, T::ALL.iter().map(|v| v.as_str())))
            .or_else(|| {
                T::ALL
                    .iter()
                    .map(|v| v.as_str())
                    .find(|v| trimmed.starts_with(v))
            });
        let mut d = Diagnostic::error(at, format!("{} is not one of {allowed}", quote(text)));
        if let Some(near) = near {
            d = d.with_hint(format!("did you mean {}?", quote(near)));
        }
        self.push(d);
        None
    }

    /// A display name: a non-empty string or an object of language tag → non-empty string.
    pub(crate) fn name(
        &mut self,
        map: &Map,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<Name> {
        let at = At::Field(path, key);
        let value = match map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.error(at, format!("missing required field {}", quote(key)));
                }
                return None;
            }
            Some(value) => value,
        };
        match value {
            Value::String(text) if text.trim().is_empty() => {
                self.error(at, "must not be empty");
                None
            }
            Value::String(text) => self.bounded(text, at).map(Name::Text),
            Value::Object(tags) => {
                let base = String::from(at);
                let mut texts = crate::model::Texts::default();
                for (tag, text) in tags {
                    let tag_at = field(&base, tag);
                    match text {
                        Value::String(text) if text.trim().is_empty() => {
                            self.warning(tag_at, "empty text is ignored");
                        }
                        Value::String(text) => {
                            if let Some(text) = self.bounded(text, At::Path(&tag_at)) {
                                texts.insert(tag.clone(), text);
                            }
                        }
                        other => self.error(
                            tag_at,
                            format!("expected a string, found {}", type_name(other)),
                        ),
                    }
                }
                if texts.is_empty() {
                    self.error(
                        at,
                        "expected at least one language, e.g. {\"zh-CN\": \"…\", \"en\": \"…\"}",
                    );
                    return None;
                }
                Some(Name::Localized(texts))
            }
            other => {
                self.error(
                    at,
                    format!(
                        "expected a string or an object of language → text, found {}",
                        type_name(other)
                    ),
                );
                None
            }
        }
    }

    /// An optional array of ids; each entry returned with its path.
    pub(crate) fn id_list(&mut self, map: &Map, path: &str, key: &str) -> Vec<(String, String)> {
        let at = field(path, key);
        match map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let item_at = index(&at, i);
                    self.reference(item, At::Path(&item_at))
                        .map(|id| (id, item_at))
                })
                .collect(),
            Some(Value::String(one)) => {
                self.push(
                    Diagnostic::error(at, "expected an array of ids, found a string")
                        .with_hint(format!("write [{}]", quote(one))),
                );
                Vec::new()
            }
            Some(other) => {
                self.error(
                    at,
                    format!("expected an array of ids, found {}", type_name(other)),
                );
                Vec::new()
            }
        }
    }

    /// An optional ISO 8601 calendar date (YYYY-MM-DD) that exists.
    pub(crate) fn opt_date(&mut self, map: &Map, path: &str, key: &str) -> Option<String> {
        let at = field(path, key);
        let text = self.opt_string(map, path, key)?;
        if is_calendar_date(&text) {
            return Some(text);
        }
        self.push(
            Diagnostic::error(at, format!("{} is not a valid date", quote(&text)))
                .with_hint("use YYYY-MM-DD, e.g. 2026-05-10"),
        );
        None
    }

    /// An optional web link: http or https only.
    pub(crate) fn opt_url(&mut self, map: &Map, path: &str, key: &str) -> Option<String> {
        let at = field(path, key);
        let text = self.opt_string(map, path, key)?;
        match url_problem(&text) {
            None => Some(text),
            Some(problem) => {
                self.error(at, format!("{}: {problem}", quote(&text)));
                None
            }
        }
    }

    /// Reads an array field; `None` (after an error) when present but not an array.
    pub(crate) fn array<'v>(&mut self, map: &'v Map, key: &str) -> Option<&'v [Value]> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(items),
            Some(other) => {
                self.error(
                    field("", key),
                    format!("expected an array, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// Reports a collection over its limit and returns how many items to read.
    pub(crate) fn capped(&mut self, key: &str, len: usize, limit: usize) -> usize {
        if len > limit {
            self.push(
                Diagnostic::error(key, format!("too many {key}: {len} (the limit is {limit}); only the first {limit} are used"))
                    .with_hint("split the document, or raise the limit (lianmap validate --max-items)"),
            );
            return limit;
        }
        len
    }
}

/// Sort key of a path: position of its top-level field in `fields` (`$` first), then its first index.
fn document_order(path: &str, fields: &[&str]) -> (usize, usize) {
    if path == "$" {
        return (0, 0);
    }
    let end = path.find(['.', '[']).unwrap_or(path.len());
    let top = path.get(..end).unwrap_or(path);
    let rank = fields
        .iter()
        .position(|f| *f == top)
        .map_or(fields.len() + 1, |p| p + 1);
    let index = path
        .get(end..)
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (rank, index)
}

fn allowed<T: WireEnum>() -> String {
    T::ALL
        .iter()
        .map(|v| quote(v.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `text` is `YYYY-MM-DD` naming a day that exists (proleptic Gregorian).
pub fn is_calendar_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Why `text` is not an allowed link, or `None` when it is an absolute http(s) URL with a host.
pub fn url_problem(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else {
        return Some("only http and https links are allowed");
    };
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("a link must not contain spaces or control characters");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') {
        return Some("the link has no host");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_calendar_date("2026-05-10"));
        assert!(is_calendar_date("2024-02-29"));
        assert!(!is_calendar_date("2026-02-29"));
        assert!(!is_calendar_date("2026-13-45"));
        assert!(!is_calendar_date("2026-5-10"));
        assert!(!is_calendar_date("２０２６-05-10"));
        assert!(!is_calendar_date(""));
    }

    #[test]
    fn urls() {
        assert_eq!(url_problem("https://example.com/a?b#c"), None);
        assert_eq!(url_problem("HTTP://example.com"), None);
        assert!(url_problem("javascript:alert(1)").is_some());
        assert!(url_problem("data:text/html,hi").is_some());
        assert!(url_problem("//example.com").is_some());
        assert!(url_problem("https://").is_some());
        assert!(url_problem("https:// example.com").is_some());
        assert!(url_problem("https://a b").is_some());
    }
}
