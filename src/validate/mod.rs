//! Validation: untrusted bytes → a checked [`Document`] plus every problem found.
//!
//! The host's data is read field by field, never by a blind `serde` derive, so one bad value
//! costs one diagnostic and the value (or, when its id is unusable, the item), never the whole
//! document. Every diagnostic names the JSON path of the value; syntax errors also give line and
//! column. References between items are checked after all items are read, with "did you mean"
//! hints by edit distance. Nothing here panics on any input: see the property tests in
//! `tests/validate_props.rs` and the fuzz target in `fuzz/`.
//!
//! ```
//! let report = lianmap::validate::parse(r#"{"version": 1, "links": [
//!     {"id": "battery", "name": "电池"}, {"id": "cells", "name": "电芯", "parent": "batery"}]}"#.as_bytes());
//! assert!(!report.is_valid());
//! assert_eq!(
//!     report.diagnostics[0].to_string(),
//!     r#"links[1].parent: unknown link "batery" (did you mean "battery"?)"#
//! );
//! assert_eq!(report.document.links.len(), 2); // the link stays, without its parent
//! ```

mod diagnostic;
mod hint;
mod read;
mod refs;

pub use diagnostic::{Diagnostic, Severity};
pub use hint::{closest, edit_distance};
pub use read::{is_calendar_date, url_problem};

use crate::hash::Map as HashMap;

use crate::json::{self, Map, Value};

use crate::model::{
    Document, Enterprise, Flow, Link, Meta, Metric, Name, Opportunity, Park, Project,
    SUPPORTED_VERSIONS, Stage,
};
pub(crate) use diagnostic::quote;
use diagnostic::{field, index};
use read::{Range, Reader, type_name};

/// Size limits. The defaults fit a province-scale document with room to spare (tens of thousands
/// of enterprises); raise them for national data, which is better aggregated upstream anyway.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Largest document, in bytes.
    pub max_bytes: usize,
    /// Most stages, links, flows, parks, projects, opportunities or metrics, per collection.
    pub max_items: usize,
    /// Most enterprises.
    pub max_enterprises: usize,
    /// Longest string, in characters.
    pub max_text_chars: usize,
    /// Most diagnostics listed; the rest are counted in one last message.
    pub max_diagnostics: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 128 * 1024 * 1024,
            max_items: 200_000,
            max_enterprises: 1_000_000,
            max_text_chars: 10_000,
            max_diagnostics: 1_000,
        }
    }
}

/// The result of validation: the usable part of the document and every problem.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// What is valid: items with unusable ids are left out, bad values are cleared.
    pub document: Document,
    /// Every problem, in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// True when nothing of the document could be used: it is too large, not JSON, not an
    /// object, or of an unsupported version.
    pub rejected: bool,
}

impl Report {
    /// True when there is no error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }
}

/// Validates a document given as bytes (UTF-8 JSON, BOM allowed) with the default [`Limits`].
pub fn parse(bytes: &[u8]) -> Report {
    parse_with(bytes, &Limits::default())
}

/// Validates a document given as bytes with explicit limits.
pub fn parse_with(bytes: &[u8], limits: &Limits) -> Report {
    if bytes.len() > limits.max_bytes {
        let d = Diagnostic::error(
            "$",
            format!(
                "the document is too large: {} bytes (the limit is {} bytes)",
                bytes.len(),
                limits.max_bytes
            ),
        )
        .with_hint("split the document or aggregate it upstream");
        return rejected(d);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A text cut inside an emoji (JavaScript strings are UTF-16) leaves an unpaired surrogate
    // escape that JSON parsers refuse; it becomes U+FFFD and one warning instead of losing the
    // whole document.
    if let Some(repair) = repair_surrogates(bytes) {
        let mut report = parse_with(&repair.bytes, limits);
        let mut d = Diagnostic::warning(
            "$",
            format!(
                "{} unpaired UTF-16 surrogate escape(s), the first at line {}, column {}, shown as U+FFFD",
                repair.count, repair.line, repair.column
            ),
        )
        .with_hint("a text was probably cut in the middle of an emoji or a rare character");
        d.line = Some(repair.line);
        d.column = Some(repair.column);
        report.diagnostics.insert(0, d);
        return report;
    }
    // The usual document is an object of a few fields holding large arrays. Those arrays' items
    // are only checked and stepped over at first, then each is read into a value tree of its
    // own, validated, and dropped, so memory holds the text, one item's tree and the document,
    // never the whole document as a tree (ten times the text).
    match split_root(bytes) {
        Ok(Some((root, raws))) => check_with(&Value::Object(root), &raws, limits),
        Ok(None) => match json::parse(bytes) {
            Ok(value) => check(&value, limits),
            Err(error) => rejected(syntax_error(&error, bytes)),
        },
        Err(error) => rejected(syntax_error(&error, bytes)),
    }
}

/// The root object's members, the collections among them as the offsets of their items (see
/// [`RawArrays`]) and an empty array in their place; `None` when the root is not an object.
/// Every syntax error of the document is found here.
fn split_root(bytes: &[u8]) -> Result<Option<(Map, RawArrays<'_>)>, json::Error> {
    let mut p = json::Parser::new(bytes);
    if !p.open(b'{')? {
        return Ok(None);
    }
    let mut members = Vec::new();
    let mut items: Vec<(String, Vec<usize>)> = Vec::new();
    let mut first = true;
    while p.more(b'}', &mut first)? {
        let key = p.key()?.into_owned();
        // Of repeated keys the last counts, as in an object read whole.
        items.retain(|(k, _)| *k != key);
        if COLLECTIONS.contains(&key.as_str()) && p.open(b'[')? {
            let mut offsets = Vec::new();
            let mut first = true;
            while p.more(b']', &mut first)? {
                p.peek();
                offsets.push(p.offset());
                p.skip()?;
            }
            items.push((key.clone(), offsets));
            members.push((key, Value::Array(Vec::new())));
        } else {
            members.push((key, p.value()?));
        }
    }
    p.end()?;
    // Read whole, the text is UTF-8 (strings were checked, the rest is ASCII).
    let text = p.text().unwrap_or_default();
    Ok(Some((
        Map::from_members(members),
        RawArrays { text, items },
    )))
}

/// Array fields of the document kept as the offsets in `text` of their items, which were
/// checked when they were stepped over and are read one at a time, at depth 2 (in the root
/// object, in its array).
#[derive(Default)]
struct RawArrays<'t> {
    text: &'t str,
    items: Vec<(String, Vec<usize>)>,
}

/// The top-level fields that hold arrays of items.
const COLLECTIONS: &[&str] = &[
    "stages",
    "links",
    "flows",
    "enterprises",
    "parks",
    "projects",
    "opportunities",
    "metrics",
];

fn rejected(diagnostic: Diagnostic) -> Report {
    Report {
        document: Document::default(),
        diagnostics: vec![diagnostic],
        rejected: true,
    }
}

/// A document whose unpaired surrogate escapes were replaced by `\uFFFD`.
struct Repair {
    bytes: Vec<u8>,
    count: usize,
    line: usize,
    column: usize,
}

/// The value of the four hex digits of a `\uXXXX` escape starting at `at` (the backslash).
fn escape_at(bytes: &[u8], at: usize) -> Option<u16> {
    if bytes.get(at..at + 2)? != b"\\u" {
        return None;
    }
    let hex = std::str::from_utf8(bytes.get(at + 2..at + 6)?).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

/// Replaces every unpaired surrogate escape (`\uD83D` not followed by a low one, or a low one
/// alone) by `\uFFFD`; `None` when there is none. Backslashes only occur inside JSON strings, so
/// a left-to-right scan that steps over every escape sees exactly the string escapes.
fn repair_surrogates(bytes: &[u8]) -> Option<Repair> {
    let mut first = None;
    let mut count = 0;
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        let Some(unit) = escape_at(bytes, i) else {
            i += 2; // any other escape, including `\\`
            continue;
        };
        let paired = match unit {
            0xD800..=0xDBFF => {
                escape_at(bytes, i + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low))
            }
            0xDC00..=0xDFFF => false,
            _ => {
                i += 6;
                continue;
            }
        };
        if paired {
            i += 12;
            continue;
        }
        count += 1;
        first.get_or_insert(i);
        let buffer = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
        buffer.extend_from_slice(bytes.get(copied..i).unwrap_or_default());
        buffer.extend_from_slice(b"\\uFFFD");
        i += 6;
        copied = i;
    }
    let mut bytes_out = out?;
    bytes_out.extend_from_slice(bytes.get(copied..).unwrap_or_default());
    let at = first.unwrap_or(0);
    let before = bytes.get(..at).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(bytes.get(line_start..at).unwrap_or_default())
        .chars()
        .count()
        + 1;
    Some(Repair {
        bytes: bytes_out,
        count,
        line,
        column,
    })
}

fn syntax_error(error: &json::Error, bytes: &[u8]) -> Diagnostic {
    let (line, column) = (error.line, error.column);
    let what = if error.is_eof() {
        "the document ends too early"
    } else {
        "invalid JSON"
    };
    let mut d = Diagnostic::error(
        "$",
        format!(
            "{what} at line {line}, column {column}: {}",
            error.problem.message()
        ),
    );
    let hint = match error.problem {
        json::Problem::Eof(_) if bytes.iter().all(u8::is_ascii_whitespace) => {
            Some("the document is empty")
        }
        json::Problem::Eof(_) => {
            Some("the text was probably cut off: check that the whole file was saved or served")
        }
        json::Problem::TrailingComma => Some("remove the comma before the closing bracket"),
        json::Problem::InvalidUtf8 => Some("save the file as UTF-8"),
        json::Problem::TrailingCharacters => {
            Some("a document is one object: remove what follows its closing brace")
        }
        _ => None,
    };
    if let Some(hint) = hint {
        d = d.with_hint(hint);
    }
    d.line = Some(line);
    d.column = Some(column);
    d
}

/// Validates an already parsed JSON value.
pub fn check(value: &Value, limits: &Limits) -> Report {
    check_with(value, &RawArrays::default(), limits)
}

fn check_with(value: &Value, raws: &RawArrays<'_>, limits: &Limits) -> Report {
    let mut reader = Reader::new(limits);
    let document = read_document(&mut reader, value, raws);
    let document =
        document.map(|(document, sources)| refs::resolve(&mut reader, document, &sources));
    Report {
        rejected: document.is_none(),
        document: document.unwrap_or_default(),
        diagnostics: reader.finish(TOP_FIELDS),
    }
}

/// Original array positions of the items kept, per collection, for paths in later passes.
#[derive(Default)]
pub(crate) struct Sources {
    pub(crate) stages: Vec<usize>,
    pub(crate) links: Vec<usize>,
    pub(crate) flows: Vec<usize>,
    pub(crate) enterprises: Vec<usize>,
    pub(crate) parks: Vec<usize>,
    pub(crate) projects: Vec<usize>,
    pub(crate) opportunities: Vec<usize>,
    /// Paths of the ids in list fields, parallel to the lists: `enterprises[i].links[j]`.
    pub(crate) enterprise_links: Vec<Vec<String>>,
    pub(crate) park_links: Vec<Vec<String>>,
}

const TOP_FIELDS: &[&str] = &[
    "$schema",
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
];

fn read_document(
    r: &mut Reader,
    value: &Value,
    raws: &RawArrays<'_>,
) -> Option<(Document, Sources)> {
    let root = r.object(value, "$", "the chain document")?;
    r.known_fields(root, "", "", TOP_FIELDS);
    let supported = SUPPORTED_VERSIONS
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let version = match root.get("version") {
        None | Some(Value::Null) => {
            r.push(
                Diagnostic::error("version", "missing required field \"version\"").with_hint(
                    format!("add \"version\": 1; supported versions: {supported}"),
                ),
            );
            1
        }
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| SUPPORTED_VERSIONS.contains(&v)) => {
            n.as_u64().unwrap_or(1)
        }
        Some(other) => {
            let found = match other {
                Value::Number(n) => n.to_string(),
                Value::String(s) => quote(s),
                other => type_name(other).to_owned(),
            };
            r.error(
                "version",
                format!(
                    "unsupported document version {found}: this Lianmap reads version {supported}"
                ),
            );
            return None;
        }
    };
    let mut sources = Sources::default();
    let meta = root
        .get("meta")
        .map(|m| read_meta(r, m))
        .unwrap_or_default();
    // A missing, unusable or empty `stages` all mean "no stages": links are then ranked by flows.
    let stages = Some(read_items(
        r,
        root,
        raws,
        "stages",
        r.limits.max_items,
        &mut sources.stages,
        read_stage,
    ))
    .filter(|stages| !stages.is_empty());
    if !root.contains_key("links") {
        r.error("links", "missing required field \"links\"");
    }
    let links = read_items(
        r,
        root,
        raws,
        "links",
        r.limits.max_items,
        &mut sources.links,
        read_link,
    );
    let flows = read_items(
        r,
        root,
        raws,
        "flows",
        r.limits.max_items,
        &mut sources.flows,
        read_flow,
    );
    let mut enterprise_links = Vec::new();
    let enterprises = read_items(
        r,
        root,
        raws,
        "enterprises",
        r.limits.max_enterprises,
        &mut sources.enterprises,
        |r, map, path| {
            let (enterprise, paths) = read_enterprise(r, map, path)?;
            enterprise_links.push(paths);
            Some(enterprise)
        },
    );
    let mut park_links = Vec::new();
    let parks = read_items(
        r,
        root,
        raws,
        "parks",
        r.limits.max_items,
        &mut sources.parks,
        |r, map, path| {
            let (park, paths) = read_park(r, map, path)?;
            park_links.push(paths);
            Some(park)
        },
    );
    let projects = read_items(
        r,
        root,
        raws,
        "projects",
        r.limits.max_items,
        &mut sources.projects,
        read_project,
    );
    let opportunities = read_items(
        r,
        root,
        raws,
        "opportunities",
        r.limits.max_items,
        &mut sources.opportunities,
        read_opportunity,
    );
    let mut metric_sources = Vec::new();
    let metrics = read_items(
        r,
        root,
        raws,
        "metrics",
        r.limits.max_items,
        &mut metric_sources,
        read_metric,
    );
    sources.enterprise_links = enterprise_links;
    sources.park_links = park_links;
    let document = Document {
        version,
        meta,
        stages,
        links,
        flows,
        enterprises,
        parks,
        projects,
        opportunities,
        metrics: dedup_metrics(r, metrics, &metric_sources),
    };
    Some((document, sources))
}

/// Something with an id, for duplicate checks.
trait Identified {
    const KIND: &'static str;
    fn id(&self) -> &str;
}

macro_rules! identified {
    ($($ty:ty => $kind:literal),+ $(,)?) => {
        $(impl Identified for $ty {
            const KIND: &'static str = $kind;
            fn id(&self) -> &str { &self.id }
        })+
    };
}

identified!(Stage => "stage", Link => "link", Enterprise => "enterprise", Park => "park",
    Project => "project", Opportunity => "opportunity");

/// Items of collections without ids (flows, metrics) are never duplicates by id.
trait MaybeIdentified {
    fn maybe_id(&self) -> Option<&str>;
    fn kind() -> &'static str;
}

impl<T: Identified> MaybeIdentified for T {
    fn maybe_id(&self) -> Option<&str> {
        Some(self.id())
    }
    fn kind() -> &'static str {
        T::KIND
    }
}

impl MaybeIdentified for Flow {
    fn maybe_id(&self) -> Option<&str> {
        None
    }
    fn kind() -> &'static str {
        "flow"
    }
}

impl MaybeIdentified for Metric {
    fn maybe_id(&self) -> Option<&str> {
        None
    }
    fn kind() -> &'static str {
        "metric"
    }
}

/// Reads every item of an array field, dropping unusable items and duplicate ids.
fn read_items<T: MaybeIdentified>(
    r: &mut Reader,
    root: &Map,
    raws: &RawArrays<'_>,
    key: &str,
    limit: usize,
    sources: &mut Vec<usize>,
    mut read: impl FnMut(&mut Reader, &Map, &str) -> Option<T>,
) -> Vec<T> {
    let Some(tree) = r.array(root, key) else {
        return Vec::new();
    };
    let raw = raws
        .items
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, offsets)| offsets);
    let len = raw.map_or(tree.len(), Vec::len);
    let n = r.capped(key, len, limit);
    let pattern = format!("{key}[*]");
    let mut seen: HashMap<String, usize> = HashMap::default();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        // A raw item is read on its own (it was checked once already, as part of the document).
        let parsed: Value;
        let item = match raw {
            Some(offsets) => {
                let Some(&offset) = offsets.get(i) else {
                    continue;
                };
                match json::Parser::at(raws.text, offset, 2).value() {
                    Ok(value) => parsed = value,
                    Err(e) => {
                        r.error(index(key, i), e.problem.message());
                        continue;
                    }
                }
                &parsed
            }
            None => match tree.get(i) {
                Some(item) => item,
                None => continue,
            },
        };
        let path = index(key, i);
        let what = format!("a {}", T::kind());
        let Some(map) = r.object(item, &path, &what) else {
            continue;
        };
        let Some(value) = read(r, map, &path) else {
            continue;
        };
        r.known_fields(
            map,
            &path,
            &pattern,
            KNOWN
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(&[], |(_, f)| f),
        );
        if let Some(id) = value.maybe_id() {
            if let Some(first) = seen.get(id) {
                r.error(
                    field(&path, "id"),
                    format!(
                        "duplicate {} id {} (already used by {key}[{first}]); this one is ignored",
                        T::kind(),
                        quote(id)
                    ),
                );
                continue;
            }
            seen.insert(id.to_owned(), i);
        }
        sources.push(i);
        out.push(value);
    }
    out
}

/// Known fields per collection.
const KNOWN: &[(&str, &[&str])] = &[
    ("stages", &["id", "name", "description"]),
    (
        "links",
        &["id", "name", "stage", "parent", "gap", "description"],
    ),
    ("flows", &["from", "to"]),
    (
        "enterprises",
        &[
            "id", "name", "links", "role", "local", "status", "score", "region", "park", "lon",
            "lat", "amount", "url",
        ],
    ),
    (
        "parks",
        &[
            "id", "name", "level", "region", "lon", "lat", "links", "landHa", "url",
        ],
    ),
    (
        "projects",
        &[
            "id",
            "name",
            "enterprise",
            "link",
            "status",
            "amount",
            "region",
            "date",
        ],
    ),
    (
        "opportunities",
        &[
            "id",
            "kind",
            "title",
            "link",
            "region",
            "amount",
            "description",
            "url",
        ],
    ),
    ("metrics", &["region", "key", "value"]),
];

fn read_meta(r: &mut Reader, value: &Value) -> Meta {
    let Some(map) = r.object(value, "meta", "document information") else {
        return Meta::default();
    };
    r.known_fields(
        map,
        "meta",
        "meta",
        &[
            "title", "region", "updated", "currency", "unit", "sample", "source",
        ],
    );
    Meta {
        title: r.name(map, "meta", "title", false),
        region: r.opt_reference(map, "meta", "region"),
        updated: r.opt_date(map, "meta", "updated"),
        currency: r.opt_string(map, "meta", "currency"),
        unit: r.opt_string(map, "meta", "unit"),
        sample: r.opt_bool(map, "meta", "sample"),
        source: r.opt_string(map, "meta", "source"),
    }
}

fn read_stage(r: &mut Reader, map: &Map, path: &str) -> Option<Stage> {
    let id = r.id(map, path, "id")?;
    let name = r
        .name(map, path, "name", true)
        .unwrap_or_else(|| Name::from(id.as_str()));
    Some(Stage { id, name })
}

fn read_link(r: &mut Reader, map: &Map, path: &str) -> Option<Link> {
    let id = r.id(map, path, "id")?;
    let name = r
        .name(map, path, "name", true)
        .unwrap_or_else(|| Name::from(id.as_str()));
    let link = Link {
        id,
        name,
        stage: r.opt_reference(map, path, "stage"),
        parent: r.opt_reference(map, path, "parent"),
        gap: r.opt_enum(map, path, "gap"),
        description: r.name(map, path, "description", false),
    };
    Some(link)
}

fn read_flow(r: &mut Reader, map: &Map, path: &str) -> Option<Flow> {
    let from = r.id(map, path, "from");
    let to = r.id(map, path, "to");
    Some(Flow {
        from: from?,
        to: to?,
    })
}

fn read_enterprise(r: &mut Reader, map: &Map, path: &str) -> Option<(Enterprise, Vec<String>)> {
    let id = r.id(map, path, "id")?;
    let name = r
        .name(map, path, "name", true)
        .unwrap_or_else(|| Name::from(id.as_str()));
    if !map.contains_key("links") {
        r.warning(
            field(path, "links"),
            "the enterprise is on no link, so the chain cannot show it",
        );
    }
    let (links, paths): (Vec<String>, Vec<String>) =
        r.id_list(map, path, "links").into_iter().unzip();
    let enterprise = Enterprise {
        id,
        name,
        links,
        role: r.opt_enum(map, path, "role"),
        local: r.opt_bool(map, path, "local"),
        status: r.opt_enum(map, path, "status"),
        score: r.opt_number(map, path, "score", Range::Score),
        region: r.opt_reference(map, path, "region"),
        park: r.opt_reference(map, path, "park"),
        lon: r.opt_number(map, path, "lon", Range::Longitude),
        lat: r.opt_number(map, path, "lat", Range::Latitude),
        amount: r.opt_number(map, path, "amount", Range::NonNegative),
        url: r.opt_url(map, path, "url"),
    };
    check_position(r, map, path);
    Some((enterprise, paths))
}

fn check_position(r: &mut Reader, map: &Map, path: &str) {
    let given = |key: &str| map.get(key).is_some_and(|v| !v.is_null());
    match (given("lon"), given("lat")) {
        (true, false) => r.warning(
            field(path, "lat"),
            "\"lon\" is given without \"lat\"; the position is ignored",
        ),
        (false, true) => r.warning(
            field(path, "lon"),
            "\"lat\" is given without \"lon\"; the position is ignored",
        ),
        _ => {}
    }
}

fn read_park(r: &mut Reader, map: &Map, path: &str) -> Option<(Park, Vec<String>)> {
    let id = r.id(map, path, "id")?;
    let name = r
        .name(map, path, "name", true)
        .unwrap_or_else(|| Name::from(id.as_str()));
    let (links, paths): (Vec<String>, Vec<String>) =
        r.id_list(map, path, "links").into_iter().unzip();
    let park = Park {
        id,
        name,
        level: r.opt_enum(map, path, "level"),
        region: r.opt_reference(map, path, "region"),
        lon: r.opt_number(map, path, "lon", Range::Longitude),
        lat: r.opt_number(map, path, "lat", Range::Latitude),
        links,
        land_ha: r.opt_number(map, path, "landHa", Range::NonNegative),
        url: r.opt_url(map, path, "url"),
    };
    check_position(r, map, path);
    Some((park, paths))
}

fn read_project(r: &mut Reader, map: &Map, path: &str) -> Option<Project> {
    let id = r.id(map, path, "id")?;
    let name = r
        .name(map, path, "name", true)
        .unwrap_or_else(|| Name::from(id.as_str()));
    Some(Project {
        id,
        name,
        enterprise: r.opt_reference(map, path, "enterprise"),
        link: r.opt_reference(map, path, "link"),
        status: r.opt_enum(map, path, "status"),
        amount: r.opt_number(map, path, "amount", Range::NonNegative),
        region: r.opt_reference(map, path, "region"),
        date: r.opt_date(map, path, "date"),
    })
}

fn read_opportunity(r: &mut Reader, map: &Map, path: &str) -> Option<Opportunity> {
    let id = r.id(map, path, "id");
    let kind = r.req_enum(map, path, "kind");
    let title = r.name(map, path, "title", true);
    let id = id?;
    Some(Opportunity {
        kind: kind?,
        title: title.unwrap_or_else(|| Name::from(id.as_str())),
        id,
        link: r.opt_reference(map, path, "link"),
        region: r.opt_reference(map, path, "region"),
        amount: r.opt_number(map, path, "amount", Range::NonNegative),
        description: r.name(map, path, "description", false),
        url: r.opt_url(map, path, "url"),
    })
}

fn read_metric(r: &mut Reader, map: &Map, path: &str) -> Option<Metric> {
    let region = r.id(map, path, "region");
    let key = r.id(map, path, "key");
    let value = match map.get("value") {
        None | Some(Value::Null) => {
            r.error(field(path, "value"), "missing required field \"value\"");
            None
        }
        Some(v) => r.number(v, read::At::Field(path, "value"), Range::Any),
    };
    Some(Metric {
        region: region?,
        key: key?,
        value: value?,
    })
}

fn dedup_metrics(r: &mut Reader, metrics: Vec<Metric>, sources: &[usize]) -> Vec<Metric> {
    let mut seen: HashMap<String, usize> = HashMap::default();
    let mut out = Vec::with_capacity(metrics.len());
    for (metric, source) in metrics.into_iter().zip(sources) {
        let key = crate::hash::pair_key(&metric.region, &metric.key);
        if let Some(first) = seen.get(&key) {
            r.warning(
                index("metrics", *source),
                format!(
                    "duplicate metric {} for region {} (already given by metrics[{first}]); this one is ignored",
                    quote(&metric.key),
                    quote(&metric.region)
                ),
            );
            continue;
        }
        seen.insert(key, *source);
        out.push(metric);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn doc_with_name(name_json: &str) -> String {
        format!(
            r#"{{"version":1,"stages":[{{"id":"s","name":{{"zh-CN":"上游"}}}}],
"links":[{{"id":"a","stage":"s","name":{{"zh-CN":{name_json}}}}}]}}"#
        )
    }

    #[test]
    fn an_unpaired_surrogate_becomes_a_replacement_character_and_a_warning() {
        for (escaped, shown) in [
            (r#""柳州\ud83d""#, "柳州\u{FFFD}"),
            (r#""\ude00x""#, "\u{FFFD}x"),
            (r#""\ud83d\ud83d\ude00""#, "\u{FFFD}😀"),
            (r#""\\ud83d""#, "\\ud83d"),
        ] {
            let report = parse(doc_with_name(escaped).as_bytes());
            assert!(!report.rejected, "{escaped}: {:?}", report.diagnostics);
            let name = report.document.links[0].name.get(Lang::ZhCn).to_owned();
            assert_eq!(name, shown, "{escaped}");
            let warned = report
                .diagnostics
                .iter()
                .any(|d| d.message.contains("surrogate") && d.line == Some(2));
            assert_eq!(
                warned,
                escaped != r#""\\ud83d""#,
                "{escaped}: {:?}",
                report.diagnostics
            );
        }
    }

    #[test]
    fn paired_surrogates_and_plain_escapes_are_left_alone() {
        let text = doc_with_name(r#""\ud83d\ude00 \u4e2d \n""#);
        assert!(repair_surrogates(text.as_bytes()).is_none());
        let report = parse(text.as_bytes());
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    }
}
