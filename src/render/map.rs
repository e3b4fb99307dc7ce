//! The investment map ready for drawing: host regions projected once, simplified per zoom level
//! and indexed for hit tests, with the chain document's enterprises, parks, projects and
//! opportunities placed on them, per-region metric values for the choropleth and supply flows
//! between regions. Pure Rust, so the canvas view, the SVG export and the tests share it.

use crate::hash::Map as HashMap;

use crate::analysis::{Chain, region_ancestors};
use crate::geo::{
    self, GeoData, GeoWarning, Polygon, Projected, Projection, RegionIndex, label_anchor,
    polygon_area,
};
use crate::model::{Lang, Status};

/// Simplification levels kept per region, coarse to fine: the last is full detail.
const LEVELS: usize = 5;

/// Host regions, projected and indexed.
#[derive(Debug)]
pub struct MapScene {
    /// Regions in projected units (y downwards) at full detail.
    pub projected: Projected,
    /// Hit testing.
    pub index: RegionIndex,
    /// Each region's id (`None`: drawn, not selectable).
    pub ids: Vec<Option<String>>,
    /// Each region's name (its id when it has no name).
    pub names: Vec<String>,
    /// Where each region's label and region-level markers go, projected.
    pub anchors: Vec<Option<[f64; 2]>>,
    /// Each region's area in projected units², for label priority.
    pub areas: Vec<f64>,
    by_id: HashMap<String, usize>,
    /// `(min_area, polygons per region)`, coarse to fine.
    levels: Vec<(f64, Vec<Vec<Polygon>>)>,
    /// What was repaired or left out while reading the GeoJSON.
    pub warnings: Vec<GeoWarning>,
}

impl MapScene {
    /// Projects and indexes `data`. O(vertices × LEVELS + regions × label search).
    pub fn new(data: GeoData, projection: Projection) -> MapScene {
        let projected = Projected::new(&data, projection);
        let index = RegionIndex::new(&projected);
        let ids: Vec<Option<String>> = data.regions.iter().map(|r| r.id.clone()).collect();
        let names = data
            .regions
            .iter()
            .map(|r| r.name.clone().or_else(|| r.id.clone()).unwrap_or_default())
            .collect();
        let by_id = ids
            .iter()
            .enumerate()
            .filter_map(|(i, id)| Some((id.clone()?, i)))
            .collect();
        let span = projected
            .bbox
            .width()
            .max(projected.bbox.height())
            .max(1e-12);
        // Label anchors are searched on a simplified outline (the pole of inaccessibility does
        // not need every vertex, and each probe costs a pass over the outline), to within a
        // thousandth of the map.
        let outline_area = 0.5 * (span / 4_000.0).powi(2);
        let anchors = projected
            .regions
            .iter()
            .map(|r| {
                let simple = r.simplified(outline_area);
                let outline = if simple.is_empty() {
                    &r.polygons
                } else {
                    &simple
                };
                r.centre_hint
                    .or_else(|| label_anchor(outline, span / 1_000.0))
                    .or_else(|| r.bbox.centre())
            })
            .collect();
        let areas = projected
            .regions
            .iter()
            .map(|r| r.polygons.iter().map(polygon_area).sum::<f64>().abs())
            .collect();
        // A unit of about one pixel when the whole map is 1,000 px across, then ¼ of that per
        // level: each level is good for four times the zoom of the one before.
        let unit = span / 1_000.0;
        let levels = (0..LEVELS)
            .map(|j| {
                let min_area = if j + 1 == LEVELS {
                    0.0
                } else {
                    0.5 * (unit / 4f64.powi(j as i32)).powi(2)
                };
                let polygons = projected
                    .regions
                    .iter()
                    .map(|r| r.simplified(min_area))
                    .collect();
                (min_area, polygons)
            })
            .collect();
        MapScene {
            projected,
            index,
            ids,
            names,
            anchors,
            areas,
            by_id,
            levels,
            warnings: data.warnings,
        }
    }

    /// Polygons per region simplified for a view of `px_per_unit` (pixels per projected unit):
    /// the coarsest level whose dropped vertices each change the outline by under half a pixel².
    pub fn polygons_at(&self, px_per_unit: f64) -> &[Vec<Polygon>] {
        let limit = 0.5 / (px_per_unit * px_per_unit).max(1e-300);
        self.levels
            .iter()
            .find(|(min_area, _)| *min_area <= limit)
            .or(self.levels.last())
            .map_or(&[], |(_, p)| p.as_slice())
    }

    /// The region with id `id`.
    pub fn region(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The region a document region code falls in: the code itself, else its GB/T 2260
    /// prefecture, else its province (a city-level map places districts in their city).
    pub fn region_of_code(&self, code: &str) -> Option<usize> {
        self.region(code).or_else(|| {
            region_ancestors(code)
                .iter()
                .skip(1)
                .find_map(|a| self.region(a))
        })
    }

    /// Regions in a stable reading order (top to bottom, then left to right, by anchor), for
    /// keyboard moves.
    pub fn reading_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.ids.len())
            .filter(|&i| self.ids.get(i).is_some_and(Option::is_some))
            .collect();
        let at = |i: usize| self.anchors.get(i).copied().flatten().unwrap_or([0.0, 0.0]);
        crate::sort::by(&mut order, &|a, b| {
            let (pa, pb) = (at(a), at(b));
            pa[1].total_cmp(&pb[1]).then(pa[0].total_cmp(&pb[0]))
        });
        order
    }

    /// The selectable region nearest to region `from` in direction `(dx, dy)` (screen axes),
    /// within 60° of it; `None` at the edge.
    pub fn neighbour(&self, from: usize, dx: f64, dy: f64) -> Option<usize> {
        let here = self.anchors.get(from).copied().flatten()?;
        let len = dx.hypot(dy).max(1e-12);
        let (ux, uy) = (dx / len, dy / len);
        (0..self.ids.len())
            .filter(|&i| i != from && self.ids.get(i).is_some_and(Option::is_some))
            .filter_map(|i| {
                let there = self.anchors.get(i).copied().flatten()?;
                let (vx, vy) = (there[0] - here[0], there[1] - here[1]);
                let d = vx.hypot(vy);
                let along = vx * ux + vy * uy;
                (d > 0.0 && along >= 0.5 * d).then_some((i, d * (2.0 - along / d)))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }
}

/// How the host's coordinates are drawn (the `projection` attribute).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MapProjection {
    /// Web Mercator, lon/lat in degrees (the default).
    #[default]
    Mercator,
    /// Equirectangular with a standard parallel at the middle of the data.
    Equirectangular,
    /// A park or floor plan in local units (y down, like the pixels of a background image).
    Plan,
}

impl MapProjection {
    /// Reads the attribute: `equirectangular`, `plan`; anything else is Mercator.
    pub fn from_attribute(value: Option<&str>) -> MapProjection {
        match value.map(str::trim) {
            Some("equirectangular") => MapProjection::Equirectangular,
            Some("plan") | Some("identity") => MapProjection::Plan,
            _ => MapProjection::Mercator,
        }
    }
}

/// Reads host GeoJSON text into a [`MapScene`].
pub fn read_geo(
    text: &str,
    id_property: Option<&str>,
    projection: MapProjection,
) -> Result<MapScene, geo::GeoError> {
    let options = geo::GeoOptions {
        id_property: id_property.map(str::to_owned),
        coordinates: if projection == MapProjection::Plan {
            geo::CoordinateSpace::Local
        } else {
            geo::CoordinateSpace::LonLatDeg
        },
        ..geo::GeoOptions::default()
    };
    let data = geo::parse(text, &options)?;
    let projection = match projection {
        MapProjection::Mercator => Projection::Mercator,
        MapProjection::Plan => Projection::Identity,
        MapProjection::Equirectangular => Projection::Equirectangular {
            standard_parallel_deg: data.bbox.centre().map_or(0.0, |c| c[1]),
        },
    };
    Ok(MapScene::new(data, projection))
}

/// What a map marker stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// An enterprise (`doc.enterprises[item]`).
    Enterprise,
    /// A park.
    Park,
    /// A project, at its enterprise or else its region.
    Project,
    /// An opportunity, at its region.
    Opportunity,
}

impl MarkerKind {
    /// The `kind` of `lianmap-select` and `data-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkerKind::Enterprise => "enterprise",
            MarkerKind::Park => "park",
            MarkerKind::Project => "project",
            MarkerKind::Opportunity => "opportunity",
        }
    }
}

/// One item of the document placed on the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marker {
    /// What it is.
    pub kind: MarkerKind,
    /// Its index in the document's collection of that kind.
    pub item: usize,
    /// Where, in projected units.
    pub at: [f64; 2],
    /// The map region it falls in, by its region code.
    pub region: Option<usize>,
}

/// Places every enterprise, park, project and opportunity that has a position (lon/lat) or a
/// region the map knows. O(items).
pub fn markers(scene: &MapScene, chain: &Chain) -> Vec<Marker> {
    let doc = chain.document();
    // Longitude and latitude mean nothing on a plan: items there sit at their plot.
    let geographic = scene.projected.projection != Projection::Identity;
    let project = |lon: Option<f64>, lat: Option<f64>| match (lon, lat) {
        (Some(lon), Some(lat)) if geographic => {
            Some(scene.projected.projection.project([lon, lat]))
        }
        _ => None,
    };
    let region = |code: &Option<String>| code.as_deref().and_then(|c| scene.region_of_code(c));
    let anchor = |r: Option<usize>| r.and_then(|r| scene.anchors.get(r).copied().flatten());
    let mut out = Vec::new();
    for (i, e) in doc.enterprises.iter().enumerate() {
        let r = region(&e.region);
        if let Some(at) = project(e.lon, e.lat).or_else(|| anchor(r)) {
            out.push(Marker {
                kind: MarkerKind::Enterprise,
                item: i,
                at,
                region: r,
            });
        }
    }
    for (i, p) in doc.parks.iter().enumerate() {
        let r = region(&p.region);
        if let Some(at) = project(p.lon, p.lat).or_else(|| anchor(r)) {
            out.push(Marker {
                kind: MarkerKind::Park,
                item: i,
                at,
                region: r,
            });
        }
    }
    for (i, p) in doc.projects.iter().enumerate() {
        let r = region(&p.region);
        let at_enterprise = p
            .enterprise
            .as_deref()
            .and_then(|id| doc.enterprises.get(chain.enterprise_index(id)?))
            .and_then(|e| project(e.lon, e.lat));
        if let Some(at) = at_enterprise.or_else(|| anchor(r)) {
            out.push(Marker {
                kind: MarkerKind::Project,
                item: i,
                at,
                region: r,
            });
        }
    }
    for (i, o) in doc.opportunities.iter().enumerate() {
        let r = region(&o.region);
        if let Some(at) = anchor(r) {
            out.push(Marker {
                kind: MarkerKind::Opportunity,
                item: i,
                at,
                region: r,
            });
        }
    }
    out
}

/// Which items belong to link `link` (it or a link below it), per collection: what the map shows
/// when a link is picked on the chain (产业链合作对接). O(items × links per item × depth).
pub fn on_link(chain: &Chain, link: usize, marker: &Marker) -> bool {
    let doc = chain.document();
    let under = |id: &str| {
        let mut at = chain.link_index(id);
        let mut steps = 0;
        while let Some(l) = at {
            if l == link {
                return true;
            }
            steps += 1;
            if steps > doc.links.len() {
                break;
            }
            at = chain.parent(l);
        }
        false
    };
    match marker.kind {
        MarkerKind::Enterprise => doc
            .enterprises
            .get(marker.item)
            .is_some_and(|e| e.links.iter().any(|l| under(l))),
        MarkerKind::Park => doc
            .parks
            .get(marker.item)
            .is_some_and(|p| p.links.iter().any(|l| under(l))),
        MarkerKind::Project => doc
            .projects
            .get(marker.item)
            .and_then(|p| p.link.as_deref())
            .is_some_and(under),
        MarkerKind::Opportunity => doc
            .opportunities
            .get(marker.item)
            .and_then(|o| o.link.as_deref())
            .is_some_and(under),
    }
}

/// What the choropleth colours regions by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MapMetric {
    /// Local enterprises per region.
    Enterprises,
    /// Project investment per region (sum of project amounts).
    Investment,
    /// Share of the chain's leaf links with a local enterprise in the region, %.
    Coverage,
    /// Opportunity amount per region.
    Opportunities,
    /// A host metric from `metrics` by key.
    Key(String),
}

impl MapMetric {
    /// The metric named by a control value: `enterprises`, `investment`, `coverage`,
    /// `opportunities`, or `metric:<key>`.
    pub fn from_name(name: &str) -> Option<MapMetric> {
        match name {
            "enterprises" => Some(MapMetric::Enterprises),
            "investment" => Some(MapMetric::Investment),
            "coverage" => Some(MapMetric::Coverage),
            "opportunities" => Some(MapMetric::Opportunities),
            other => other
                .strip_prefix("metric:")
                .map(|k| MapMetric::Key(k.to_owned())),
        }
    }

    /// The control value naming it (inverse of [`MapMetric::from_name`]).
    pub fn name(&self) -> String {
        match self {
            MapMetric::Enterprises => "enterprises".into(),
            MapMetric::Investment => "investment".into(),
            MapMetric::Coverage => "coverage".into(),
            MapMetric::Opportunities => "opportunities".into(),
            MapMetric::Key(k) => format!("metric:{k}"),
        }
    }
}

/// The host metric keys of a document, sorted.
pub fn metric_keys(chain: &Chain) -> Vec<String> {
    let mut keys: Vec<String> = chain
        .document()
        .metrics
        .iter()
        .map(|m| m.key.clone())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The value of `metric` for every map region (`None`: no data), counting only items of
/// `link` when given and, for investment, only projects dated up to `until` (ISO date).
///
/// Complexity: O(items × links per item + regions × leaf links) for coverage, O(items) otherwise.
pub fn region_values(
    scene: &MapScene,
    chain: &Chain,
    metric: &MapMetric,
    markers: &[Marker],
    link: Option<usize>,
    until: Option<&str>,
) -> Vec<Option<f64>> {
    let doc = chain.document();
    let n = scene.ids.len();
    let mut values: Vec<Option<f64>> = vec![None; n];
    let add = |values: &mut Vec<Option<f64>>, r: Option<usize>, v: f64| {
        if let Some(slot) = r.and_then(|r| values.get_mut(r)) {
            *slot = Some(slot.unwrap_or(0.0) + v);
        }
    };
    let keep = |m: &Marker| link.is_none_or(|l| on_link(chain, l, m));
    match metric {
        MapMetric::Enterprises => {
            for v in values.iter_mut() {
                *v = Some(0.0);
            }
            for m in markers.iter().filter(|m| m.kind == MarkerKind::Enterprise) {
                if doc.enterprises.get(m.item).is_some_and(|e| e.is_local()) && keep(m) {
                    add(&mut values, m.region, 1.0);
                }
            }
        }
        MapMetric::Investment => {
            for (i, p) in doc.projects.iter().enumerate() {
                let m = Marker {
                    kind: MarkerKind::Project,
                    item: i,
                    at: [0.0, 0.0],
                    region: p.region.as_deref().and_then(|c| scene.region_of_code(c)),
                };
                let dated = until.is_none_or(|t| p.date.as_deref().is_none_or(|d| d <= t));
                if dated && keep(&m) {
                    add(&mut values, m.region, p.amount.unwrap_or(0.0));
                }
            }
        }
        MapMetric::Opportunities => {
            for m in markers.iter().filter(|m| m.kind == MarkerKind::Opportunity) {
                if keep(m) {
                    let amount = doc.opportunities.get(m.item).and_then(|o| o.amount);
                    add(&mut values, m.region, amount.unwrap_or(0.0));
                }
            }
        }
        MapMetric::Coverage => {
            let leaves: Vec<usize> = (0..doc.links.len())
                .filter(|i| chain.children(*i).is_empty())
                .collect();
            // The links each region's local enterprises are on, sorted and without repeats.
            let mut covered: Vec<Vec<usize>> = vec![Vec::new(); n];
            for m in markers.iter().filter(|m| m.kind == MarkerKind::Enterprise) {
                let Some(e) = doc.enterprises.get(m.item).filter(|e| e.is_local()) else {
                    continue;
                };
                if let Some(set) = m.region.and_then(|r| covered.get_mut(r)) {
                    set.extend(e.links.iter().filter_map(|l| chain.link_index(l)));
                }
            }
            for set in &mut covered {
                set.sort_unstable();
                set.dedup();
            }
            if !leaves.is_empty() {
                for (v, set) in values.iter_mut().zip(&covered) {
                    let has = leaves
                        .iter()
                        .filter(|l| set.binary_search(l).is_ok())
                        .count();
                    *v = Some((1000.0 * has as f64 / leaves.len() as f64).round() / 10.0);
                }
            }
        }
        MapMetric::Key(key) => {
            // Exact region codes win; finer codes (districts on a city map) add up.
            let mut exact: Vec<Option<f64>> = vec![None; n];
            for m in doc.metrics.iter().filter(|m| &m.key == key) {
                if let Some(r) = scene.region(&m.region) {
                    add(&mut exact, Some(r), m.value);
                } else {
                    add(&mut values, scene.region_of_code(&m.region), m.value);
                }
            }
            for (v, e) in values.iter_mut().zip(exact) {
                if e.is_some() {
                    *v = e;
                }
            }
        }
    }
    values
}

/// A supply flow between two map regions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegionFlow {
    /// Supplying region.
    pub from: usize,
    /// Receiving region.
    pub to: usize,
    /// How many enterprise pairs carry it: for each chain flow a → b, the smaller of a's local
    /// enterprises in `from` and b's in `to`, summed.
    pub weight: f64,
}

/// Supply flows between regions, derived from where the local enterprises of each link sit and
/// the chain's forward flows; only flows touching `link` when given. The `max` heaviest, heaviest
/// first. O(enterprise links + flows × regions a link spans²).
pub fn region_flows(
    scene: &MapScene,
    chain: &Chain,
    markers: &[Marker],
    link: Option<usize>,
    max: usize,
) -> Vec<RegionFlow> {
    let doc = chain.document();
    // Per link, its enterprises' regions (sorted, then counted), in vectors rather than ordered
    // maps: the widget's code then holds no B-tree of its own.
    let mut regions_of: Vec<Vec<usize>> = vec![Vec::new(); doc.links.len()];
    for m in markers.iter().filter(|m| m.kind == MarkerKind::Enterprise) {
        let (Some(e), Some(r)) = (doc.enterprises.get(m.item), m.region) else {
            continue;
        };
        if !e.is_local() {
            continue;
        }
        for l in e.links.iter().filter_map(|l| chain.link_index(l)) {
            if let Some(list) = regions_of.get_mut(l) {
                list.push(r);
            }
        }
    }
    let per_link: Vec<Vec<(usize, f64)>> = regions_of
        .into_iter()
        .map(|mut list| {
            list.sort_unstable();
            let mut counted: Vec<(usize, f64)> = Vec::new();
            for r in list {
                match counted.last_mut() {
                    Some((last, n)) if *last == r => *n += 1.0,
                    _ => counted.push((r, 1.0)),
                }
            }
            counted
        })
        .collect();
    let mut pairs: Vec<RegionFlow> = Vec::new();
    for flow in &doc.flows {
        let (Some(a), Some(b)) = (chain.link_index(&flow.from), chain.link_index(&flow.to)) else {
            continue;
        };
        if link.is_some_and(|l| l != a && l != b) {
            continue;
        }
        let (Some(from), Some(to)) = (per_link.get(a), per_link.get(b)) else {
            continue;
        };
        for &(r1, c1) in from {
            for &(r2, c2) in to {
                if r1 != r2 {
                    pairs.push(RegionFlow {
                        from: r1,
                        to: r2,
                        weight: c1.min(c2),
                    });
                }
            }
        }
    }
    // One flow per region pair, its weights summed (counts, so the order of addition is exact).
    pairs.sort_unstable_by(|a, b| a.from.cmp(&b.from).then(a.to.cmp(&b.to)));
    let mut flows: Vec<RegionFlow> = Vec::with_capacity(pairs.len());
    for p in pairs {
        match flows.last_mut() {
            Some(last) if last.from == p.from && last.to == p.to => last.weight += p.weight,
            _ => flows.push(p),
        }
    }
    let _ = scene;
    flows.sort_unstable_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then(a.from.cmp(&b.from))
            .then(a.to.cmp(&b.to))
    });
    flows.truncate(max);
    flows
}

/// Projects dated up to `until` (all when `None`); projects without a date always count.
pub fn project_shown(chain: &Chain, item: usize, until: Option<&str>) -> bool {
    let date = chain
        .document()
        .projects
        .get(item)
        .and_then(|p| p.date.as_deref());
    match (until, date) {
        (Some(t), Some(d)) => d <= t,
        _ => true,
    }
}

/// The first and last project dates (ISO), for the time slider.
pub fn project_dates(chain: &Chain) -> Option<(String, String)> {
    let mut dates = chain
        .document()
        .projects
        .iter()
        .filter_map(|p| p.date.clone());
    let first = dates.next()?;
    let (lo, hi) = dates.fold((first.clone(), first), |(lo, hi), d| {
        (lo.min(d.clone()), hi.max(d))
    });
    Some((lo, hi))
}

/// The colour of a pipeline status on the map (and its legend).
pub fn status_colour(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Target) => "#b9c2d0",
        Some(Status::Lead) => "#8e9aaf",
        Some(Status::Negotiating) => "#e69f00",
        Some(Status::Signed) => "#0072b2",
        Some(Status::Started) => "#cc79a7",
        Some(Status::Producing) => "#009e73",
        None => "#52606d",
    }
}

/// A marker's display name.
pub fn marker_name(chain: &Chain, m: &Marker, lang: Lang) -> String {
    let doc = chain.document();
    match m.kind {
        MarkerKind::Enterprise => doc.enterprises.get(m.item).map(|e| e.name.get(lang)),
        MarkerKind::Park => doc.parks.get(m.item).map(|p| p.name.get(lang)),
        MarkerKind::Project => doc.projects.get(m.item).map(|p| p.name.get(lang)),
        MarkerKind::Opportunity => doc.opportunities.get(m.item).map(|o| o.title.get(lang)),
    }
    .unwrap_or_default()
    .to_owned()
}

/// A marker's id.
pub fn marker_id(chain: &Chain, m: &Marker) -> String {
    let doc = chain.document();
    match m.kind {
        MarkerKind::Enterprise => doc.enterprises.get(m.item).map(|e| e.id.as_str()),
        MarkerKind::Park => doc.parks.get(m.item).map(|p| p.id.as_str()),
        MarkerKind::Project => doc.projects.get(m.item).map(|p| p.id.as_str()),
        MarkerKind::Opportunity => doc.opportunities.get(m.item).map(|o| o.id.as_str()),
    }
    .unwrap_or_default()
    .to_owned()
}

/// Classes of the choropleth.
pub const CLASSES: usize = 5;
/// The choropleth's colours.
pub const RAMP: crate::heat::Ramp = crate::heat::Ramp::Blues;

/// Which points the heat layer weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeatSource {
    /// Each enterprise counts one.
    Enterprises,
    /// Each project counts its amount.
    Projects,
}

/// The map's layers and choices (the controls above it).
#[derive(Clone, Debug, PartialEq)]
pub struct MapOptions {
    /// What regions are coloured by.
    pub metric: MapMetric,
    /// How its values are cut into classes.
    pub breaks: crate::heat::Breaks,
    /// Layers shown.
    pub choropleth: bool,
    /// Density heat layer.
    pub heat: bool,
    /// What the heat weighs.
    pub heat_source: HeatSource,
    /// Heat kernel radius, px.
    pub radius_px: f64,
    /// Park symbols.
    pub parks: bool,
    /// Project symbols.
    pub projects: bool,
    /// Enterprise dots.
    pub enterprises: bool,
    /// Opportunity symbols.
    pub opportunities: bool,
    /// Supply flow arcs.
    pub flows: bool,
    /// Region names.
    pub labels: bool,
    /// Projects dated up to this ISO date only (the time slider); `None`: all.
    pub until: Option<String>,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            metric: MapMetric::Enterprises,
            breaks: crate::heat::Breaks::NaturalBreaks,
            choropleth: true,
            heat: false,
            heat_source: HeatSource::Enterprises,
            radius_px: 24.0,
            parks: true,
            projects: true,
            enterprises: false,
            opportunities: false,
            flows: false,
            labels: true,
            until: None,
        }
    }
}

impl MapOptions {
    /// Whether markers of `kind` are shown.
    pub fn shows(&self, kind: MarkerKind) -> bool {
        match kind {
            MarkerKind::Enterprise => self.enterprises,
            MarkerKind::Park => self.parks,
            MarkerKind::Project => self.projects,
            MarkerKind::Opportunity => self.opportunities,
        }
    }
}

/// Whether marker `m` passes the selected `link` (if any) and the time cut-off `until` (projects
/// only): what the map draws of the markers its options show.
pub fn marker_passes(chain: &Chain, m: &Marker, link: Option<usize>, until: Option<&str>) -> bool {
    link.is_none_or(|l| on_link(chain, l, m))
        && (m.kind != MarkerKind::Project || project_shown(chain, m.item, until))
}

/// The choropleth of `options.metric`: each region's value, the class legend over them and each
/// region's fill.
pub struct Choropleth {
    /// Per region; `None` without data.
    pub values: Vec<Option<f64>>,
    /// [`CLASSES`] classes by `options.breaks` on the [`RAMP`].
    pub legend: crate::heat::ClassLegend,
    /// Per region, `#rrggbb`.
    pub fills: Vec<String>,
}

/// Colours the regions by `options.metric` over the `placed` markers (see [`region_values`]).
pub fn choropleth(
    scene: &MapScene,
    chain: &Chain,
    options: &MapOptions,
    placed: &[Marker],
    link: Option<usize>,
) -> Choropleth {
    let values = region_values(
        scene,
        chain,
        &options.metric,
        placed,
        link,
        options.until.as_deref(),
    );
    let finite: Vec<f64> = values.iter().flatten().copied().collect();
    let legend = crate::heat::ClassLegend::new(
        &crate::heat::class_breaks(&finite, CLASSES, options.breaks),
        RAMP,
    );
    let fills = values
        .iter()
        .map(|v| crate::heat::hex(legend.fill(*v)))
        .collect();
    Choropleth {
        values,
        legend,
        fills,
    }
}
