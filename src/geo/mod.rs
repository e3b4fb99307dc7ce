//! Geography: region boundaries and point features from host GeoJSON, projected, simplified per
//! zoom level, hit-tested and labelled.
//!
//! Data flows one way:
//! [`parse`] (or [`from_value`]) reads a GeoJSON text into [`GeoData`] — regions with their
//! polygons in the source coordinates, point features, and the warnings of everything that was
//! repaired or left out; [`Projected::new`] projects it once with a [`Projection`] and ranks every
//! vertex by importance so that [`Projected::simplified`] gives the outline for any zoom level in
//! one linear pass; [`Fit`] maps projected units onto the widget's pixels; [`RegionIndex`] answers
//! "which region is under the pointer"; [`label_anchor`] and [`place_labels`] put region names
//! where they fit.
//!
//! Broken geometry is the host's everyday reality, so reading never fails on it: rings that cannot
//! be drawn are dropped, the rest is repaired (closed, re-wound) and every change is reported as a
//! [`GeoWarning`] with its JSON path. Only text that is not JSON, a root that is not GeoJSON, or a
//! file over the size limits of [`GeoOptions`] is a [`GeoError`].
//!
//! ```
//! use lianmap::geo::{self, Fit, GeoOptions, Projected, Projection, RegionIndex};
//!
//! let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
//!   "properties":{"adcode":450000,"name":"广西"},
//!   "geometry":{"type":"Polygon","coordinates":[[[104,21],[112,21],[112,26],[104,26],[104,21]]]}}]}"#;
//! let data = geo::parse(text, &GeoOptions::default()).unwrap();
//! assert_eq!(data.regions[0].id.as_deref(), Some("450000"));
//! let projected = Projected::new(&data, Projection::Mercator);
//! let fit = Fit::new(projected.bbox, 800.0, 600.0, 16.0);
//! let index = RegionIndex::new(&projected);
//! let pointer_px = fit.apply(projected.projection.project([108.3, 22.8]));
//! assert_eq!(index.hit(fit.invert(pointer_px)), Some(0));
//! ```

mod area;
mod bbox;
mod fit;
mod geojson;
mod index;
mod intersect;
mod labels;
mod pip;
mod polylabel;
mod project;
mod projected;
mod simplify;

pub use area::{centroid, polygon_area, polygons_centroid, ring_signed_area};
pub use bbox::Bbox;
pub use fit::Fit;
pub use geojson::{from_value, parse};
pub use index::RegionIndex;
pub use intersect::ring_self_intersection;
pub use labels::{LabelBox, place_labels};
pub use pip::{polygon_contains, ring_crossings};
pub use polylabel::{MAX_PROBES, label_anchor, pole_of_inaccessibility};
pub use project::{MERCATOR_MAX_LAT_DEG, Projection};
pub use projected::{Projected, ProjectedRegion};
pub use simplify::effective_areas;

use std::fmt;

use serde::Serialize;

/// One polygon: an exterior ring and its holes. Every ring is closed (its last position repeats its
/// first) and has at least four positions. After reading, exteriors wind counter-clockwise and
/// holes clockwise in the data's own axes (positive and negative [`ring_signed_area`], RFC 7946
/// §3.1.6). Coordinates are `[lon_deg, lat_deg]` as read, or projected units after
/// [`Projected::new`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Polygon {
    /// The outer boundary.
    pub exterior: Vec<[f64; 2]>,
    /// Holes cut out of it.
    pub holes: Vec<Vec<[f64; 2]>>,
}

impl Polygon {
    /// All rings: the exterior first, then the holes.
    pub fn rings(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        std::iter::once(self.exterior.as_slice()).chain(self.holes.iter().map(Vec::as_slice))
    }

    /// Number of positions in all rings.
    pub fn n_vertices(&self) -> usize {
        self.rings().map(<[[f64; 2]]>::len).sum()
    }
}

/// A region (行政区, park plot…): one GeoJSON feature with polygonal geometry.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// Its id (e.g. a GB/T 2260 code `"450200"`), from the id property; `None` when the feature had
    /// none: it is drawn but cannot be selected or joined with metrics.
    pub id: Option<String>,
    /// Its display name, from the `name` property.
    pub name: Option<String>,
    /// Its polygons, in source coordinates (never empty).
    pub polygons: Vec<Polygon>,
    /// Bounds of its exteriors, in source coordinates.
    pub bbox: Bbox,
    /// Where the host wants its label or marker, from the `cp` or `center` property
    /// (`[lon_deg, lat_deg]`), if given.
    pub centre_hint: Option<[f64; 2]>,
    /// Index of the feature it came from in the source `features` array (the first one, when
    /// features with the same id were merged).
    pub feature: usize,
}

/// A point feature (a park, a city seat) from a `Point` or `MultiPoint` geometry.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoPoint {
    /// Its id, found like a region's.
    pub id: Option<String>,
    /// Its display name, from the `name` property.
    pub name: Option<String>,
    /// Its position, in source coordinates.
    pub position: [f64; 2],
    /// Index of the feature it came from in the source `features` array.
    pub feature: usize,
}

/// Everything drawable read from one GeoJSON document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GeoData {
    /// Polygonal features, in document order (later ones are drawn on top).
    pub regions: Vec<Region>,
    /// Point features, in document order.
    pub points: Vec<GeoPoint>,
    /// What was repaired or left out, in document order, at most [`GeoOptions::max_warnings`]
    /// plus one summary of the rest.
    pub warnings: Vec<GeoWarning>,
    /// Bounds of all regions and points, in source coordinates; empty when nothing is drawable.
    pub bbox: Bbox,
}

/// What a coordinate pair means, which decides what is out of range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CoordinateSpace {
    /// `[lon_deg, lat_deg]` (RFC 7946): longitudes outside ±180 and latitudes outside ±90 are
    /// dropped with a warning.
    #[default]
    LonLatDeg,
    /// Local plan coordinates (a park plan in metres or image pixels, y growing downwards like an
    /// image), drawn with [`Projection::Identity`]: any finite value is accepted.
    Local,
}

/// How to read a GeoJSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeoOptions {
    /// The property that holds a feature's id; when it is missing the reader tries `adcode`, `id`
    /// and `code` in the properties, then the feature's own `id`.
    pub id_property: Option<String>,
    /// What the coordinates mean.
    pub coordinates: CoordinateSpace,
    /// Largest accepted text, in bytes (checked by [`parse`] only).
    pub max_bytes: usize,
    /// Most features accepted.
    pub max_features: usize,
    /// Most positions accepted, over all geometries.
    pub max_vertices: usize,
    /// Most warnings listed one by one; the rest are counted in a last summary warning.
    pub max_warnings: usize,
}

impl Default for GeoOptions {
    fn default() -> Self {
        GeoOptions {
            id_property: None,
            coordinates: CoordinateSpace::LonLatDeg,
            max_bytes: 256 << 20,
            max_features: 200_000,
            max_vertices: 20_000_000,
            max_warnings: 200,
        }
    }
}

/// Something in the document that was repaired or left out; the rest is drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GeoWarning {
    /// JSON path of the offending value, e.g. `features[3].geometry.coordinates[0][1]`; `$` is the
    /// whole document.
    pub path: String,
    /// What was wrong and what was done about it, in English.
    pub message: String,
}

impl fmt::Display for GeoWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Which size limit of [`GeoOptions`] a document went over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// [`GeoOptions::max_bytes`].
    Bytes,
    /// [`GeoOptions::max_features`].
    Features,
    /// [`GeoOptions::max_vertices`].
    Vertices,
}

/// Why a GeoJSON document could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GeoError {
    /// The text is not JSON.
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON reader expected.
        message: String,
    },
    /// The JSON is not a GeoJSON FeatureCollection, Feature or geometry.
    NotGeoJson {
        /// What was found instead, e.g. `an array` or `an object of type "Topology"`.
        found: String,
    },
    /// The document is over a size limit.
    TooLarge {
        /// Which limit.
        limit: Limit,
        /// The limit's value.
        max: usize,
        /// How many were found (for vertices: the count at which reading stopped).
        found: usize,
    },
}

impl fmt::Display for GeoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeoError::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "GeoJSON is not valid JSON at line {line}, column {column}: {message}"
            ),
            GeoError::NotGeoJson { found } => write!(
                f,
                "expected a GeoJSON FeatureCollection, Feature or geometry, found {found}"
            ),
            GeoError::TooLarge { limit, max, found } => {
                let (what, option) = match limit {
                    Limit::Bytes => ("bytes", "max_bytes"),
                    Limit::Features => ("features", "max_features"),
                    Limit::Vertices => ("positions", "max_vertices"),
                };
                write!(
                    f,
                    "GeoJSON too large: more than {max} {what} (found {found}); simplify the \
                     boundaries (e.g. mapshaper -simplify) or raise {option}"
                )
            }
        }
    }
}

impl std::error::Error for GeoError {}
