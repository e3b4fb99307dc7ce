//! Reading GeoJSON (RFC 7946) into regions and points, repairing what can be repaired.
//!
//! One pass over the document, O(n) in its size plus the self-intersection check of each ring
//! (O(n) on average, see [`super::ring_self_intersection`]). Accepts a FeatureCollection, a single
//! Feature or a bare geometry. Polygon and MultiPolygon features become [`Region`]s, Point and
//! MultiPoint features [`GeoPoint`]s, GeometryCollections are flattened, other geometries are
//! skipped. Repairs, each reported as a [`GeoWarning`]: positions that are not a finite `[x, y]`
//! pair (or out of range for longitude and latitude) are dropped; consecutive repeated positions
//! are merged; unclosed rings are closed; rings with fewer than four positions or no area are
//! dropped (with their holes, for an exterior); exteriors are wound counter-clockwise and holes
//! clockwise (one summary warning); self-intersecting rings are kept and reported; features
//! without an id are kept but cannot be selected; features sharing an id are merged into the first.
//! Reference: H. Butler et al., "The GeoJSON Format", RFC 7946, 2016.

mod fast;

use crate::hash::Map as HashMap;
use crate::validate::quote;

use crate::json::{self, Map, Number, Value};

use fast::{C, Features, Members, Obj};

use super::{
    Bbox, CoordinateSpace, GeoData, GeoError, GeoOptions, GeoPoint, GeoWarning, Limit, Polygon,
    Region, ring_self_intersection, ring_signed_area,
};

/// Properties tried for a feature's id after [`GeoOptions::id_property`].
const ID_PROPERTIES: [&str; 3] = ["adcode", "id", "code"];
/// Deepest GeometryCollection nesting followed.
const MAX_COLLECTION_DEPTH: usize = 8;

/// Reads GeoJSON text: a FeatureCollection, a Feature or a bare geometry.
///
/// Fails only when the text is over [`GeoOptions::max_bytes`], is not JSON ([`GeoError::Syntax`]
/// with line and column), is not GeoJSON at its root, or is over the feature or vertex limits;
/// every other problem is repaired or skipped and listed in [`GeoData::warnings`]. A leading
/// byte-order mark is ignored. O(n) in the text's length.
pub fn parse(text: &str, opts: &GeoOptions) -> Result<GeoData, GeoError> {
    if text.len() > opts.max_bytes {
        return Err(GeoError::TooLarge {
            limit: Limit::Bytes,
            max: opts.max_bytes,
            found: text.len(),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The typed pass; on a limit the text is read again as a `Value`, which reports exactly
    // what that path reports. Both read through the same parser, so a syntax error is the same.
    let root = fast::read(text)?;
    let mut reader = Reader::new(opts);
    if reader.fast_root(root).is_ok() {
        return Ok(reader.finish());
    }
    let value = json::parse(text.as_bytes())?;
    from_value(&value, opts)
}

impl From<json::Error> for GeoError {
    fn from(e: json::Error) -> Self {
        GeoError::Syntax {
            line: e.line,
            column: e.column,
            message: e.problem.message(),
        }
    }
}

/// Reads an already parsed GeoJSON value, like [`parse`] (without the byte limit).
pub fn from_value(value: &Value, opts: &GeoOptions) -> Result<GeoData, GeoError> {
    let mut reader = Reader::new(opts);
    reader.root(value)?;
    Ok(reader.finish())
}

/// `prefix.segment`, or `segment` at the root.
fn join(prefix: &str, segment: &str) -> String {
    if prefix.is_empty() {
        segment.to_string()
    } else {
        format!("{prefix}.{segment}")
    }
}

/// What a JSON value is, for messages.
fn kind_of(value: &Value) -> &'static str {
    value.type_name()
}

/// An id from a string or a number; integers are written without a fraction (`450000`, not
/// `450000.0`). Empty strings and other values give `None`.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Value::Number(Number::Unsigned(n)) => Some(n.to_string()),
        Value::Number(Number::Negative(n)) => Some(n.to_string()),
        Value::Number(Number::Float(f)) => {
            if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
                Some(crate::num::Fixed(*f, 0).to_string())
            } else {
                Some(crate::num::short(*f))
            }
        }
        _ => None,
    }
}

/// Whether all positions lie on one line (a bowtie may have zero signed area without being flat).
fn is_flat(ring: &[[f64; 2]]) -> bool {
    let Some(&a) = ring.first() else {
        return true;
    };
    let Some(&b) = ring.iter().find(|p| **p != a) else {
        return true;
    };
    ring.iter()
        .all(|c| (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) == 0.0)
}

/// A finite `[x, y]` (in range for longitude and latitude in that space), or `None`.
fn position(space: CoordinateSpace, value: &Value) -> Option<[f64; 2]> {
    let pair = value.as_array()?;
    let x = pair.first()?.as_f64()?;
    let y = pair.get(1)?.as_f64()?;
    usable(space, [x, y])
}

/// The pair if it is finite (and in range for longitude and latitude in that space).
#[inline]
fn usable(space: CoordinateSpace, [x, y]: [f64; 2]) -> Option<[f64; 2]> {
    if !(x.is_finite() && y.is_finite()) {
        return None;
    }
    match space {
        CoordinateSpace::LonLatDeg
            if !((-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y)) =>
        {
            None
        }
        _ => Some([x, y]),
    }
}

/// A ring as the reader meets it: a JSON value, or positions read by the typed pass.
trait RingSource {
    /// Reads and repairs the ring at `path`.
    fn read(&self, reader: &mut Reader<'_>, path: &str) -> Result<Option<Vec<[f64; 2]>>, GeoError>;
    /// Positions counted towards the limit when the ring is skipped.
    fn len(&self) -> usize;
}

impl RingSource for Value {
    fn read(&self, reader: &mut Reader<'_>, path: &str) -> Result<Option<Vec<[f64; 2]>>, GeoError> {
        reader.ring(self, path)
    }

    fn len(&self) -> usize {
        self.as_array().map_or(0, Vec::len)
    }
}

impl RingSource for Vec<[f64; 2]> {
    fn read(&self, reader: &mut Reader<'_>, path: &str) -> Result<Option<Vec<[f64; 2]>>, GeoError> {
        let space = reader.opts.coordinates;
        reader.ring_positions(self.len(), self.iter().map(|p| usable(space, *p)), path)
    }

    fn len(&self) -> usize {
        Vec::len(self)
    }
}

/// A geometry as the reader meets it.
#[derive(Clone, Copy)]
enum Geometry<'v> {
    Value(&'v Value),
    Fast(&'v Obj),
}

/// Id and name of the feature whose geometry is being read.
struct FeatureInfo {
    id: Option<String>,
    name: Option<String>,
    centre_hint: Option<[f64; 2]>,
    index: usize,
    path: String,
}

impl FeatureInfo {
    /// A bare geometry at the document's root.
    fn root() -> Self {
        FeatureInfo {
            id: None,
            name: None,
            centre_hint: None,
            index: 0,
            path: String::new(),
        }
    }
}

/// What one geometry yielded.
#[derive(Default)]
struct Shapes {
    polygons: Vec<Polygon>,
    points: Vec<[f64; 2]>,
}

/// A list of warnings that stops growing at a cap and counts the rest.
struct Warnings {
    list: Vec<GeoWarning>,
    max: usize,
    dropped: usize,
}

impl Warnings {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.list.len() < self.max {
            self.list.push(GeoWarning {
                path: path.into(),
                message: message.into(),
            });
        } else {
            self.dropped += 1;
        }
    }
}

struct Reader<'a> {
    opts: &'a GeoOptions,
    warnings: Warnings,
    vertices: usize,
    regions: Vec<Region>,
    points: Vec<GeoPoint>,
    /// Region index and feature path by id.
    region_ids: HashMap<String, usize>,
    /// The path of the feature each region was first read from, parallel to `regions`.
    region_paths: Vec<String>,
    /// Rings re-wound, and the path of the first.
    rewound: (usize, Option<String>),
}

impl<'a> Reader<'a> {
    fn new(opts: &'a GeoOptions) -> Self {
        Reader {
            opts,
            warnings: Warnings {
                list: Vec::new(),
                max: opts.max_warnings,
                dropped: 0,
            },
            vertices: 0,
            regions: Vec::new(),
            points: Vec::new(),
            region_ids: HashMap::default(),
            region_paths: Vec::new(),
            rewound: (0, None),
        }
    }

    fn finish(mut self) -> GeoData {
        if let (n, Some(path)) = (self.rewound.0, self.rewound.1.take()) {
            let rings = if n == 1 { "ring" } else { "rings" };
            self.warnings.push(
                path,
                format!(
                    "{n} {rings} wound the wrong way, reversed (exteriors run counter-clockwise \
                     and holes clockwise, RFC 7946); this is the first"
                ),
            );
        }
        let mut warnings = self.warnings.list;
        if self.warnings.dropped > 0 {
            warnings.push(GeoWarning {
                path: "$".to_string(),
                message: format!("and {} more warnings", self.warnings.dropped),
            });
        }
        let bbox = self
            .regions
            .iter()
            .map(|r| r.bbox)
            .chain(self.points.iter().map(|p| Bbox::of(&[p.position])))
            .fold(Bbox::EMPTY, |a, b| a.union(&b));
        GeoData {
            regions: self.regions,
            points: self.points,
            warnings,
            bbox,
        }
    }

    fn root(&mut self, value: &Value) -> Result<(), GeoError> {
        let Some(obj) = value.as_object() else {
            return Err(GeoError::NotGeoJson {
                found: kind_of(value).to_string(),
            });
        };
        match root_kind(obj.get("type").and_then(Value::as_str))? {
            RootKind::Collection => self.collection(obj),
            RootKind::Feature => self.feature(obj, 0, String::new()),
            RootKind::Geometry => {
                self.geometry_feature(Geometry::Value(value), "", &FeatureInfo::root())
            }
        }
    }

    /// The typed pass's counterpart of [`Reader::root`].
    fn fast_root(&mut self, root: Obj) -> Result<(), GeoError> {
        let obj = match root {
            Obj::Object(obj) => obj,
            Obj::Other(value) => {
                return Err(GeoError::NotGeoJson {
                    found: kind_of(&value).to_string(),
                });
            }
        };
        match root_kind(obj.kind())? {
            RootKind::Collection => self.fast_collection(&obj),
            RootKind::Feature => self.fast_feature(&obj, 0, String::new()),
            RootKind::Geometry => {
                let geometry = Obj::Object(obj);
                self.geometry_feature(Geometry::Fast(&geometry), "", &FeatureInfo::root())
            }
        }
    }

    fn fast_collection(&mut self, obj: &Members) -> Result<(), GeoError> {
        let Some(Features::List(features)) = &obj.features else {
            self.warnings.push(
                "features",
                "FeatureCollection has no \"features\" array; nothing to draw",
            );
            return Ok(());
        };
        if features.len() > self.opts.max_features {
            return Err(GeoError::TooLarge {
                limit: Limit::Features,
                max: self.opts.max_features,
                found: features.len(),
            });
        }
        for (i, feature) in features.iter().enumerate() {
            let path = format!("features[{i}]");
            match feature {
                Obj::Object(f) if f.kind() == Some("Feature") => self.fast_feature(f, i, path)?,
                Obj::Object(f) if f.geometry.is_some() => {
                    self.warnings.push(
                        join(&path, "type"),
                        "feature type is not \"Feature\"; read anyway",
                    );
                    self.fast_feature(f, i, path)?
                }
                Obj::Object(_) => self
                    .warnings
                    .push(path, "expected a Feature, found an object; skipped"),
                Obj::Other(v) => self.warnings.push(
                    path,
                    format!("expected a Feature, found {}; skipped", kind_of(v)),
                ),
            }
        }
        Ok(())
    }

    /// The typed pass's counterpart of [`Reader::feature`].
    fn fast_feature(&mut self, obj: &Members, index: usize, path: String) -> Result<(), GeoError> {
        let properties = obj.properties.as_ref().and_then(Value::as_object);
        let info = self.feature_info(properties, obj.id.as_ref(), index, path);
        match &obj.geometry {
            None | Some(Obj::Other(Value::Null)) => {
                self.warnings.push(
                    join(&info.path, "geometry"),
                    "feature has no geometry; skipped",
                );
                Ok(())
            }
            Some(geometry) => self.geometry_feature(
                Geometry::Fast(geometry),
                &join(&info.path, "geometry"),
                &info,
            ),
        }
    }
}

/// What a document's root is.
enum RootKind {
    Collection,
    Feature,
    Geometry,
}

/// What a root object with this `type` is, or why it is not GeoJSON.
fn root_kind(kind: Option<&str>) -> Result<RootKind, GeoError> {
    match kind {
        Some("FeatureCollection") => Ok(RootKind::Collection),
        Some("Feature") => Ok(RootKind::Feature),
        Some(
            "Polygon" | "MultiPolygon" | "Point" | "MultiPoint" | "GeometryCollection"
            | "LineString" | "MultiLineString",
        ) => Ok(RootKind::Geometry),
        Some("Topology") => Err(GeoError::NotGeoJson {
            found: "a TopoJSON Topology (convert it to GeoJSON first, e.g. with topojson's \
                        topo2geo)"
                .to_string(),
        }),
        Some(other) => Err(GeoError::NotGeoJson {
            found: format!("an object of type {}", quote(other)),
        }),
        None => Err(GeoError::NotGeoJson {
            found: "an object without a \"type\"".to_string(),
        }),
    }
}

impl Reader<'_> {
    fn collection(&mut self, obj: &Map) -> Result<(), GeoError> {
        let Some(features) = obj.get("features").and_then(Value::as_array) else {
            self.warnings.push(
                "features",
                "FeatureCollection has no \"features\" array; nothing to draw",
            );
            return Ok(());
        };
        if features.len() > self.opts.max_features {
            return Err(GeoError::TooLarge {
                limit: Limit::Features,
                max: self.opts.max_features,
                found: features.len(),
            });
        }
        for (i, feature) in features.iter().enumerate() {
            let path = format!("features[{i}]");
            match feature.as_object() {
                Some(f) if f.get("type").and_then(Value::as_str) == Some("Feature") => {
                    self.feature(f, i, path)?
                }
                Some(f) if f.get("geometry").is_some() => {
                    self.warnings.push(
                        join(&path, "type"),
                        "feature type is not \"Feature\"; read anyway",
                    );
                    self.feature(f, i, path)?
                }
                _ => self.warnings.push(
                    path,
                    format!("expected a Feature, found {}; skipped", kind_of(feature)),
                ),
            }
        }
        Ok(())
    }

    fn feature(&mut self, obj: &Map, index: usize, path: String) -> Result<(), GeoError> {
        let properties = obj.get("properties").and_then(Value::as_object);
        let info = self.feature_info(properties, obj.get("id"), index, path);
        match obj.get("geometry") {
            None | Some(Value::Null) => {
                self.warnings.push(
                    join(&info.path, "geometry"),
                    "feature has no geometry; skipped",
                );
                Ok(())
            }
            Some(geometry) => self.geometry_feature(
                Geometry::Value(geometry),
                &join(&info.path, "geometry"),
                &info,
            ),
        }
    }

    /// A feature's id, name and centre hint from its properties and `id` member.
    fn feature_info(
        &mut self,
        properties: Option<&Map>,
        top_id: Option<&Value>,
        index: usize,
        path: String,
    ) -> FeatureInfo {
        let id = self.feature_id(top_id, properties);
        let name = properties.and_then(|p| p.get("name")).and_then(id_text);
        let centre_hint = properties.and_then(|p| self.centre_hint(p, &path));
        FeatureInfo {
            id,
            name,
            centre_hint,
            index,
            path,
        }
    }

    fn feature_id(&self, top_id: Option<&Value>, properties: Option<&Map>) -> Option<String> {
        let configured = self.opts.id_property.as_deref();
        configured
            .into_iter()
            .chain(ID_PROPERTIES)
            .find_map(|key| properties.and_then(|p| p.get(key)).and_then(id_text))
            .or_else(|| top_id.and_then(id_text))
    }

    fn centre_hint(&mut self, properties: &Map, path: &str) -> Option<[f64; 2]> {
        let (key, value) = ["cp", "center"]
            .into_iter()
            .find_map(|k| properties.get(k).map(|v| (k, v)))?;
        if value.is_null() {
            return None;
        }
        let hint = self.position(value);
        if hint.is_none() {
            self.warnings.push(
                join(path, &format!("properties.{key}")),
                "not a finite [lon, lat] pair; ignored",
            );
        }
        hint
    }

    /// Reads a feature's geometry (at `path`) and files what it yields.
    fn geometry_feature(
        &mut self,
        geometry: Geometry<'_>,
        path: &str,
        info: &FeatureInfo,
    ) -> Result<(), GeoError> {
        let mut shapes = Shapes::default();
        match geometry {
            Geometry::Value(value) => self.geometry(value, path, 0, &mut shapes)?,
            Geometry::Fast(obj) => self.fast_geometry(obj, path, &mut shapes)?,
        }
        if shapes.polygons.is_empty() && shapes.points.is_empty() {
            return Ok(()); // already reported
        }
        if !shapes.polygons.is_empty() {
            self.file_region(shapes.polygons, info);
        }
        for position in shapes.points {
            self.points.push(GeoPoint {
                id: info.id.clone(),
                name: info.name.clone(),
                position,
                feature: info.index,
            });
        }
        if info.id.is_none() {
            let tried: Vec<String> = self
                .opts
                .id_property
                .iter()
                .map(String::as_str)
                .chain(ID_PROPERTIES)
                .map(|k| format!("properties.{k}"))
                .collect();
            self.warnings.push(
                if info.path.is_empty() {
                    "$".to_string()
                } else {
                    info.path.clone()
                },
                format!(
                    "feature has no id ({} or id); drawn but cannot be selected",
                    tried.join(", ")
                ),
            );
        }
        Ok(())
    }

    fn file_region(&mut self, polygons: Vec<Polygon>, info: &FeatureInfo) {
        let bbox = polygons
            .iter()
            .map(|p| Bbox::of(&p.exterior))
            .fold(Bbox::EMPTY, |a, b| a.union(&b));
        if let Some(id) = &info.id {
            if let Some(&at) = self.region_ids.get(id) {
                let first_path = self.region_paths.get(at).cloned().unwrap_or_default();
                if let Some(region) = self.regions.get_mut(at) {
                    region.polygons.extend(polygons);
                    region.bbox = region.bbox.union(&bbox);
                    if region.name.is_none() {
                        region.name = info.name.clone();
                    }
                    if region.centre_hint.is_none() {
                        region.centre_hint = info.centre_hint;
                    }
                }
                self.warnings.push(
                    info.path.clone(),
                    format!(
                        "id {} already used by {first_path}; its polygons are merged into \
                         that region",
                        quote(id)
                    ),
                );
                return;
            }
            self.region_ids.insert(id.clone(), self.regions.len());
        }
        self.region_paths.push(info.path.clone());
        self.regions.push(Region {
            id: info.id.clone(),
            name: info.name.clone(),
            polygons,
            bbox,
            centre_hint: info.centre_hint,
            feature: info.index,
        });
    }

    fn geometry(
        &mut self,
        geometry: &Value,
        path: &str,
        depth: usize,
        out: &mut Shapes,
    ) -> Result<(), GeoError> {
        let Some(obj) = geometry.as_object() else {
            self.warnings.push(
                path,
                format!(
                    "expected a geometry object, found {}; skipped",
                    kind_of(geometry)
                ),
            );
            return Ok(());
        };
        let kind = obj.get("type").and_then(Value::as_str).unwrap_or("");
        if kind == "GeometryCollection" {
            if depth >= MAX_COLLECTION_DEPTH {
                self.warnings
                    .push(path, "GeometryCollection nested too deeply; skipped");
                return Ok(());
            }
            let Some(members) = obj.get("geometries").and_then(Value::as_array) else {
                self.warnings
                    .push(join(path, "geometries"), "missing or not an array; skipped");
                return Ok(());
            };
            for (i, member) in members.iter().enumerate() {
                self.geometry(
                    member,
                    &join(path, &format!("geometries[{i}]")),
                    depth + 1,
                    out,
                )?;
            }
            return Ok(());
        }
        let coords_path = join(path, "coordinates");
        let coords = obj.get("coordinates");
        let as_array = coords.and_then(Value::as_array);
        match kind {
            "Polygon" | "MultiPolygon" | "Point" | "MultiPoint" if as_array.is_none() => {
                self.warnings.push(
                    coords_path,
                    format!("{kind} coordinates missing or not an array; skipped"),
                );
            }
            "Polygon" => {
                if let Some(p) = self.polygon(coords.unwrap_or(&Value::Null), &coords_path)? {
                    out.polygons.push(p);
                }
            }
            "MultiPolygon" => {
                for (i, member) in as_array.into_iter().flatten().enumerate() {
                    if let Some(p) = self.polygon(member, &format!("{coords_path}[{i}]"))? {
                        out.polygons.push(p);
                    }
                }
            }
            "Point" => {
                self.count_vertices(1)?;
                match coords.and_then(|c| self.position(c)) {
                    Some(p) => out.points.push(p),
                    None => self
                        .warnings
                        .push(coords_path, self.bad_position_message(1)),
                }
            }
            "MultiPoint" => {
                for (i, member) in as_array.into_iter().flatten().enumerate() {
                    self.count_vertices(1)?;
                    match self.position(member) {
                        Some(p) => out.points.push(p),
                        None => self
                            .warnings
                            .push(format!("{coords_path}[{i}]"), self.bad_position_message(1)),
                    }
                }
            }
            "LineString" | "MultiLineString" => self.warnings.push(
                path,
                format!(
                    "{kind} geometry is not drawn (only Polygon, MultiPolygon, Point and \
                     MultiPoint are); skipped"
                ),
            ),
            "" => self
                .warnings
                .push(join(path, "type"), "geometry has no type; skipped"),
            other => self.warnings.push(
                join(path, "type"),
                format!("unknown geometry type {}; skipped", quote(other)),
            ),
        }
        Ok(())
    }

    /// The typed pass's counterpart of [`Reader::geometry`]: reads the common well-formed shapes
    /// directly and hands everything else to it as a [`Value`].
    fn fast_geometry(
        &mut self,
        geometry: &Obj,
        path: &str,
        out: &mut Shapes,
    ) -> Result<(), GeoError> {
        let obj = match geometry {
            Obj::Object(obj) => obj,
            Obj::Other(value) => return self.geometry(value, path, 0, out),
        };
        let space = self.opts.coordinates;
        match (obj.kind(), &obj.coordinates) {
            (Some("Polygon"), Some(C::Rings(rings))) => {
                if let Some(p) = self.polygon_rings(rings, &join(path, "coordinates"))? {
                    out.polygons.push(p);
                }
            }
            (Some("MultiPolygon"), Some(C::Polys(polygons))) => {
                let coords_path = join(path, "coordinates");
                for (i, rings) in polygons.iter().enumerate() {
                    if let Some(p) = self.polygon_rings(rings, &format!("{coords_path}[{i}]"))? {
                        out.polygons.push(p);
                    }
                }
            }
            (Some("Point"), Some(C::Pair(p))) => {
                self.count_vertices(1)?;
                match usable(space, *p) {
                    Some(p) => out.points.push(p),
                    None => self
                        .warnings
                        .push(join(path, "coordinates"), self.bad_position_message(1)),
                }
            }
            (Some("MultiPoint"), Some(C::Pairs(positions))) => {
                let coords_path = join(path, "coordinates");
                for (i, p) in positions.iter().enumerate() {
                    self.count_vertices(1)?;
                    match usable(space, *p) {
                        Some(p) => out.points.push(p),
                        None => self
                            .warnings
                            .push(format!("{coords_path}[{i}]"), self.bad_position_message(1)),
                    }
                }
            }
            _ => return self.geometry(&obj.geometry_value(), path, 0, out),
        }
        Ok(())
    }

    fn count_vertices(&mut self, n: usize) -> Result<(), GeoError> {
        self.vertices = self.vertices.saturating_add(n);
        if self.vertices > self.opts.max_vertices {
            return Err(GeoError::TooLarge {
                limit: Limit::Vertices,
                max: self.opts.max_vertices,
                found: self.vertices,
            });
        }
        Ok(())
    }

    /// A finite `[x, y]` (in range for longitude and latitude), or `None`.
    fn position(&self, value: &Value) -> Option<[f64; 2]> {
        position(self.opts.coordinates, value)
    }

    fn bad_position_message(&self, n: usize) -> String {
        let what = match self.opts.coordinates {
            CoordinateSpace::LonLatDeg => "not a [lon, lat] pair of numbers within ±180° and ±90°",
            CoordinateSpace::Local => "not an [x, y] pair of finite numbers",
        };
        if n == 1 {
            format!("position {what}; dropped")
        } else {
            format!("{n} positions {what}; dropped")
        }
    }

    /// Reads a Polygon's rings; `None` when its exterior cannot be drawn.
    fn polygon(&mut self, value: &Value, path: &str) -> Result<Option<Polygon>, GeoError> {
        let Some(rings) = value.as_array() else {
            self.warnings.push(
                path,
                format!(
                    "expected an array of rings, found {}; skipped",
                    kind_of(value)
                ),
            );
            return Ok(None);
        };
        self.polygon_rings(rings, path)
    }

    /// Reads a Polygon's rings (an array of them at `path`); `None` when its exterior cannot be
    /// drawn.
    fn polygon_rings<R: RingSource>(
        &mut self,
        rings: &[R],
        path: &str,
    ) -> Result<Option<Polygon>, GeoError> {
        if rings.is_empty() {
            self.warnings.push(path, "polygon has no rings; skipped");
            return Ok(None);
        }
        let mut polygon = Polygon::default();
        for (i, ring_value) in rings.iter().enumerate() {
            let ring_path = format!("{path}[{i}]");
            let Some(mut ring) = ring_value.read(self, &ring_path)? else {
                if i == 0 {
                    if rings.len() > 1 {
                        self.warnings.push(
                            path,
                            format!(
                                "exterior ring dropped, so are its {} holes",
                                rings.len() - 1
                            ),
                        );
                    }
                    // Count the holes' positions towards the limit all the same.
                    for hole in rings.iter().skip(1) {
                        self.count_vertices(hole.len())?;
                    }
                    return Ok(None);
                }
                continue;
            };
            let area = ring_signed_area(&ring);
            if (i == 0 && area < 0.0) || (i > 0 && area > 0.0) {
                ring.reverse();
                self.rewound.0 += 1;
                if self.rewound.1.is_none() {
                    self.rewound.1 = Some(ring_path);
                }
            }
            if i == 0 {
                polygon.exterior = ring;
            } else {
                polygon.holes.push(ring);
            }
        }
        Ok(Some(polygon))
    }

    /// Reads and repairs one ring; `None` when nothing drawable is left.
    fn ring(&mut self, value: &Value, path: &str) -> Result<Option<Vec<[f64; 2]>>, GeoError> {
        let Some(positions) = value.as_array() else {
            self.warnings.push(
                path,
                format!(
                    "expected an array of positions, found {}; dropped",
                    kind_of(value)
                ),
            );
            return Ok(None);
        };
        let space = self.opts.coordinates;
        self.ring_positions(
            positions.len(),
            positions.iter().map(|v| position(space, v)),
            path,
        )
    }

    /// Repairs one ring of `n` positions (`None` for those that are not usable).
    fn ring_positions(
        &mut self,
        n: usize,
        positions: impl Iterator<Item = Option<[f64; 2]>>,
        path: &str,
    ) -> Result<Option<Vec<[f64; 2]>>, GeoError> {
        self.count_vertices(n)?;
        if n == 0 {
            self.warnings.push(path, "empty ring; dropped");
            return Ok(None);
        }
        let mut ring: Vec<[f64; 2]> = Vec::with_capacity(n + 1);
        let mut bad = 0usize;
        let mut first_bad = None;
        for (j, p) in positions.enumerate() {
            match p {
                Some(p) => {
                    if ring.last() != Some(&p) {
                        ring.push(p);
                    }
                }
                None => {
                    bad += 1;
                    first_bad.get_or_insert(j);
                }
            }
        }
        if let Some(j) = first_bad {
            self.warnings
                .push(format!("{path}[{j}]"), self.bad_position_message(bad));
        }
        let closed = ring.len() > 1 && ring.first() == ring.last();
        let distinct = if closed { ring.len() - 1 } else { ring.len() };
        if distinct < 3 {
            self.warnings.push(
                path,
                format!(
                    "ring has {distinct} distinct usable positions, fewer than the 3 a ring \
                     needs; dropped"
                ),
            );
            return Ok(None);
        }
        if !closed {
            if let Some(first) = ring.first().copied() {
                ring.push(first);
            }
            self.warnings.push(
                path,
                "ring not closed (last position differs from the first); closed",
            );
        }
        if is_flat(&ring) {
            self.warnings.push(
                path,
                "ring has no area (its positions are on one line); dropped",
            );
            return Ok(None);
        }
        match ring_self_intersection(&ring) {
            Ok(Some(at)) => self.warnings.push(
                path,
                format!(
                    "ring crosses or touches itself near [{}, {}]; drawn as is",
                    crate::num::Short(at[0]),
                    crate::num::Short(at[1])
                ),
            ),
            Ok(None) => {}
            Err(()) => self.warnings.push(
                path,
                "ring too tangled to check for self-intersections; drawn as is",
            ),
        }
        Ok(Some(ring))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(properties: &str, geometry: &str) -> String {
        format!(r#"{{"type":"Feature","properties":{properties},"geometry":{geometry}}}"#)
    }

    fn collection(features: &[String]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
    }

    const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;

    fn read(text: &str) -> GeoData {
        parse(text, &GeoOptions::default()).unwrap()
    }

    /// Warnings as `path: message` lines.
    fn warnings(data: &GeoData) -> Vec<String> {
        data.warnings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn id_text_formats_numbers_as_integers() {
        for (json, id) in [
            ("450000", Some("450000")),
            ("450000.0", Some("450000")),
            ("-3", Some("-3")),
            ("1.5", Some("1.5")),
            ("\" 450200 \"", Some("450200")),
            ("\"\"", None),
            ("true", None),
            ("null", None),
            ("[1]", None),
            ("18446744073709551615", Some("18446744073709551615")),
        ] {
            let v = json::parse(json.as_bytes()).unwrap();
            assert_eq!(id_text(&v).as_deref(), id, "{json}");
        }
    }

    #[test]
    fn id_fallback_order() {
        let geometry = SQUARE;
        for (properties, top_id, opts_id, expected) in [
            (
                r#"{"adcode":450000,"id":"x","code":"y"}"#,
                None,
                None,
                Some("450000"),
            ),
            (r#"{"id":"x","code":"y"}"#, None, None, Some("x")),
            (r#"{"code":"y"}"#, Some("\"t\""), None, Some("y")),
            (r#"{}"#, Some("7"), None, Some("7")),
            (
                r#"{"gb":"156450000","adcode":1}"#,
                None,
                Some("gb"),
                Some("156450000"),
            ),
            (r#"{"adcode":1}"#, None, Some("gb"), Some("1")),
            (r#"{"adcode":""}"#, None, None, None),
            ("null", None, None, None),
        ] {
            let top = top_id.map_or(String::new(), |t| format!(r#","id":{t}"#));
            let text = format!(
                r#"{{"type":"Feature"{top},"properties":{properties},"geometry":{geometry}}}"#
            );
            let opts = GeoOptions {
                id_property: opts_id.map(str::to_string),
                ..GeoOptions::default()
            };
            let data = parse(&text, &opts).unwrap();
            assert_eq!(data.regions[0].id.as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse(
            "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [,]\n}",
            &GeoOptions::default(),
        )
        .unwrap_err();
        match err {
            GeoError::Syntax {
                line,
                column,
                message,
            } => {
                assert_eq!((line, column), (3, 16));
                assert!(!message.contains("at line"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn roots_that_are_not_geojson() {
        for (text, found) in [
            ("[]", "an array"),
            ("42", "a number"),
            ("{}", "an object without a \"type\""),
            (r#"{"type":"Map"}"#, "an object of type \"Map\""),
            (r#"{"type":"Topology"}"#, "a TopoJSON Topology"),
        ] {
            match parse(text, &GeoOptions::default()) {
                Err(GeoError::NotGeoJson { found: f }) => assert!(f.starts_with(found), "{f}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn size_limits() {
        let text = collection(&[feature("{}", SQUARE), feature("{}", SQUARE)]);
        let check = |opts: GeoOptions, limit: Limit| match parse(&text, &opts) {
            Err(GeoError::TooLarge { limit: l, .. }) => assert_eq!(l, limit),
            other => panic!("{other:?}"),
        };
        check(
            GeoOptions {
                max_bytes: 10,
                ..GeoOptions::default()
            },
            Limit::Bytes,
        );
        check(
            GeoOptions {
                max_features: 1,
                ..GeoOptions::default()
            },
            Limit::Features,
        );
        check(
            GeoOptions {
                max_vertices: 9,
                ..GeoOptions::default()
            },
            Limit::Vertices,
        );
        let ok = GeoOptions {
            max_vertices: 10,
            ..GeoOptions::default()
        };
        assert!(parse(&text, &ok).is_ok());
        let message = parse(
            &text,
            &GeoOptions {
                max_features: 1,
                ..GeoOptions::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert!(
            message.contains("more than 1 features (found 2)"),
            "{message}"
        );
    }

    #[test]
    fn bare_geometry_and_byte_order_mark() {
        let data = read(&format!("\u{feff}{SQUARE}"));
        assert_eq!(data.regions.len(), 1);
        assert_eq!(data.regions[0].id, None);
        assert_eq!(
            warnings(&data),
            [
                "$: feature has no id (properties.adcode, properties.id, properties.code or id); drawn but cannot be selected"
            ]
        );
        let bad = read(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0]]]}"#);
        assert_eq!(bad.warnings[0].path, "coordinates[0]");
    }

    #[test]
    fn repairs_are_reported_with_paths() {
        let cases: &[(&str, &[&str])] = &[
            // Unclosed ring.
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#,
                &[
                    "features[0].geometry.coordinates[0]: ring not closed (last position differs from the first); closed",
                ],
            ),
            // Clockwise exterior.
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}"#,
                &[
                    "features[0].geometry.coordinates[0]: 1 ring wound the wrong way, reversed (exteriors run counter-clockwise and holes clockwise, RFC 7946); this is the first",
                ],
            ),
            // Bowtie.
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}"#,
                &[
                    "features[0].geometry.coordinates[0]: ring crosses or touches itself near [1, 1]; drawn as is",
                ],
            ),
            // Bad positions.
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[500,1],"x",[1,1],[0,1],[0,0]]]}"#,
                &[
                    "features[0].geometry.coordinates[0][2]: 2 positions not a [lon, lat] pair of numbers within ±180° and ±90°; dropped",
                ],
            ),
            // Unsupported geometry.
            (
                r#"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#,
                &[
                    "features[0].geometry: LineString geometry is not drawn (only Polygon, MultiPolygon, Point and MultiPoint are); skipped",
                ],
            ),
            // Null geometry.
            (
                "null",
                &["features[0].geometry: feature has no geometry; skipped"],
            ),
            // Unknown type.
            (
                r#"{"type":"Circle","coordinates":[0,0]}"#,
                &["features[0].geometry.type: unknown geometry type \"Circle\"; skipped"],
            ),
            // Empty and short rings; the exterior's loss takes the polygon.
            (
                r#"{"type":"Polygon","coordinates":[[]]}"#,
                &["features[0].geometry.coordinates[0]: empty ring; dropped"],
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]],[[0,0],[1,0],[1,1],[0,0]]]}"#,
                &[
                    "features[0].geometry.coordinates[0]: ring has 2 distinct usable positions, fewer than the 3 a ring needs; dropped",
                    "features[0].geometry.coordinates: exterior ring dropped, so are its 1 holes",
                ],
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,1],[2,2],[0,0]]]}"#,
                &[
                    "features[0].geometry.coordinates[0]: ring has no area (its positions are on one line); dropped",
                ],
            ),
            (
                r#"{"type":"Polygon","coordinates":{}}"#,
                &[
                    "features[0].geometry.coordinates: Polygon coordinates missing or not an array; skipped",
                ],
            ),
        ];
        for (geometry, expected) in cases {
            let data = read(&collection(&[feature(r#"{"adcode":1}"#, geometry)]));
            assert_eq!(warnings(&data), *expected, "{geometry}");
        }
    }

    #[test]
    fn square_with_hole_keeps_both_rings_wound_per_rfc() {
        // Both rings counter-clockwise in the source: the hole is reversed.
        let data = read(&collection(&[feature(
            r#"{"adcode":"a"}"#,
            r#"{"type":"Polygon","coordinates":[[[0,0],[3,0],[3,3],[0,3],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]}"#,
        )]));
        let p = &data.regions[0].polygons[0];
        assert!(ring_signed_area(&p.exterior) > 0.0);
        assert!(ring_signed_area(&p.holes[0]) < 0.0);
        assert_eq!(data.warnings.len(), 1);
        assert_eq!(data.warnings[0].path, "features[0].geometry.coordinates[1]");
    }

    #[test]
    fn multipolygon_points_and_collections() {
        let data = read(&collection(&[
            feature(
                r#"{"adcode":1,"name":"两岛","cp":[0.5,0.5]}"#,
                r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}"#,
            ),
            feature(
                r#"{"id":"p1","name":"园区"}"#,
                r#"{"type":"Point","coordinates":[3,4]}"#,
            ),
            feature(
                r#"{"code":"gc"}"#,
                &format!(
                    r#"{{"type":"GeometryCollection","geometries":[{SQUARE},{{"type":"MultiPoint","coordinates":[[1,2],[2,3]]}}]}}"#
                ),
            ),
        ]));
        assert!(data.warnings.is_empty(), "{:?}", data.warnings);
        assert_eq!(data.regions.len(), 2);
        let r = &data.regions[0];
        assert_eq!(
            (r.id.as_deref(), r.name.as_deref(), r.polygons.len()),
            (Some("1"), Some("两岛"), 2)
        );
        assert_eq!(r.centre_hint, Some([0.5, 0.5]));
        assert_eq!(r.bbox, Bbox::of(&[[0.0, 0.0], [6.0, 6.0]]));
        assert_eq!(data.regions[1].feature, 2);
        assert_eq!(data.points.len(), 3);
        assert_eq!(data.points[0].name.as_deref(), Some("园区"));
        assert_eq!(data.points[2].id.as_deref(), Some("gc"));
        assert_eq!(data.bbox, Bbox::of(&[[0.0, 0.0], [6.0, 6.0]]));
    }

    #[test]
    fn duplicate_ids_merge_into_the_first_region() {
        let data = read(&collection(&[
            feature(r#"{"adcode":1}"#, SQUARE),
            feature(
                r#"{"adcode":1,"name":"late name"}"#,
                r#"{"type":"Polygon","coordinates":[[[5,5],[6,5],[6,6],[5,5]]]}"#,
            ),
        ]));
        assert_eq!(data.regions.len(), 1);
        assert_eq!(data.regions[0].polygons.len(), 2);
        assert_eq!(data.regions[0].name.as_deref(), Some("late name"));
        assert_eq!(
            warnings(&data),
            [
                "features[1]: id \"1\" already used by features[0]; its polygons are merged into that region"
            ]
        );
    }

    #[test]
    fn local_coordinates_accept_any_finite_value() {
        let text =
            r#"{"type":"Polygon","coordinates":[[[0,0],[1000,0],[1000,800],[0,800],[0,0]]]}"#;
        let lonlat = read(text);
        assert!(lonlat.regions.is_empty());
        let opts = GeoOptions {
            coordinates: CoordinateSpace::Local,
            ..GeoOptions::default()
        };
        let local = parse(text, &opts).unwrap();
        assert_eq!(local.regions.len(), 1);
    }

    #[test]
    fn warnings_are_capped_with_a_summary() {
        let features: Vec<String> = (0..10).map(|_| feature("{}", SQUARE)).collect();
        let opts = GeoOptions {
            max_warnings: 3,
            ..GeoOptions::default()
        };
        let data = parse(&collection(&features), &opts).unwrap();
        assert_eq!(data.regions.len(), 10);
        assert_eq!(data.warnings.len(), 4);
        assert_eq!(data.warnings[3].to_string(), "$: and 7 more warnings");
    }

    #[test]
    fn odd_collections_do_not_stop_reading() {
        let data = read(r#"{"type":"FeatureCollection"}"#);
        assert_eq!(
            warnings(&data),
            ["features: FeatureCollection has no \"features\" array; nothing to draw"]
        );
        let data = read(&format!(
            r#"{{"type":"FeatureCollection","features":[1,null,{{"geometry":{SQUARE},"properties":{{"adcode":2}}}}]}}"#
        ));
        assert_eq!(data.regions.len(), 1);
        assert_eq!(
            warnings(&data),
            [
                "features[0]: expected a Feature, found a number; skipped",
                "features[1]: expected a Feature, found null; skipped",
                "features[2].type: feature type is not \"Feature\"; read anyway",
            ]
        );
    }

    #[test]
    fn deep_collections_are_cut_off() {
        let mut g = SQUARE.to_string();
        for _ in 0..20 {
            g = format!(r#"{{"type":"GeometryCollection","geometries":[{g}]}}"#);
        }
        let data = read(&collection(&[feature(r#"{"adcode":1}"#, &g)]));
        assert!(data.regions.is_empty());
        assert!(data.warnings[0].message.contains("nested too deeply"));
    }
}
