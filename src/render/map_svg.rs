//! The investment map as a standalone SVG document.
//!
//! Every region is a `<g data-id="…" data-kind="region">` and every park a
//! `<g data-id="…" data-kind="park">` (projects `project`, enterprises `enterprise`,
//! opportunities `opportunity`): the public export contract. Region outlines come from the
//! simplification level that suits the output size. All host text is escaped.

use std::fmt::Write;

use super::map::{MapScene, Marker, MarkerKind, marker_id, marker_name, status_colour};
use super::svg::escape;
use crate::analysis::Chain;
use crate::geo::{Fit, LabelBox, Polygon, place_labels};
use crate::layout::measure::text_em;
use crate::model::{Lang, ParkLevel};
use crate::num::{Short, d1};

/// What to draw.
#[derive(Clone, Debug)]
pub struct MapSvg<'a> {
    /// Fill of each region (`#rrggbb`), parallel to the scene's regions.
    pub fills: &'a [String],
    /// Markers to draw (already filtered by layer, link and time).
    pub markers: &'a [Marker],
    /// Draw region names.
    pub labels: bool,
    /// Output size, px.
    pub width_px: f64,
    /// Output size, px.
    pub height_px: f64,
    /// Document title.
    pub title: Option<&'a str>,
    /// Language of names.
    pub lang: Lang,
}

/// The colour of a park level.
pub fn park_colour(level: Option<ParkLevel>) -> &'static str {
    match level {
        Some(ParkLevel::National) => "#7b3294",
        Some(ParkLevel::Provincial) => "#c2a5cf",
        Some(_) | None => "#a6dba0",
    }
}

/// A park symbol's radius in px: the square root of its land, so area tells land.
pub fn park_radius(land_ha: Option<f64>) -> f64 {
    (4.0 + land_ha.unwrap_or(0.0).max(0.0).sqrt() * 0.6).min(18.0)
}

/// SVG path data for polygons under `fit`.
pub fn path_data(polygons: &[Polygon], fit: &Fit) -> String {
    let mut d = String::new();
    for ring in polygons.iter().flat_map(Polygon::rings) {
        for (i, p) in ring.iter().enumerate() {
            let [x, y] = fit.apply(*p);
            let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, d1(x), d1(y));
        }
        d.push('Z');
    }
    d
}

/// Renders the map. O(vertices at the chosen level + markers).
pub fn map_svg(scene: &MapScene, chain: &Chain, opts: &MapSvg<'_>) -> String {
    let (w, h) = (opts.width_px.max(1.0), opts.height_px.max(1.0));
    let fit = Fit::new(scene.projected.bbox, w, h, 16.0);
    let mut svg = String::new();
    let (sw, sh) = (Short(w), Short(h));
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {sw} {sh}" width="{sw}" height="{sh}" font-family="system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif" font-size="12" role="img">"#
    );
    if let Some(title) = opts.title {
        let _ = write!(svg, "<title>{}</title>", escape(title));
    }
    for (r, polygons) in scene.polygons_at(fit.scale).iter().enumerate() {
        let fill = opts.fills.get(r).map_or("#e4e7eb", String::as_str);
        let id = scene.ids.get(r).cloned().flatten();
        let name = scene.names.get(r).map_or("", String::as_str);
        let _ = write!(svg, r#"<g data-kind="region""#);
        if let Some(id) = &id {
            let _ = write!(svg, r#" data-id="{}""#, escape(id));
        }
        let _ = write!(
            svg,
            r##"><title>{}</title><path d="{}" fill="{}" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.8"/></g>"##,
            escape(name),
            path_data(polygons, &fit),
            escape(fill)
        );
    }
    let doc = chain.document();
    for m in opts.markers {
        let [x, y] = fit.apply(m.at);
        let id = escape(&marker_id(chain, m));
        let name = escape(&marker_name(chain, m, opts.lang));
        let kind = m.kind.as_str();
        let shape = match m.kind {
            MarkerKind::Park => {
                let park = doc.parks.get(m.item);
                let r = park_radius(park.and_then(|p| p.land_ha));
                let colour = park_colour(park.and_then(|p| p.level));
                format!(
                    r##"<rect x="{}" y="{}" width="{}" height="{}" transform="rotate(45 {} {})" fill="{colour}" fill-opacity="0.85" stroke="#3d1a4f"/>"##,
                    d1(x - r * 0.75),
                    d1(y - r * 0.75),
                    d1(r * 1.5),
                    d1(r * 1.5),
                    d1(x),
                    d1(y)
                )
            }
            MarkerKind::Project => {
                let status = doc.projects.get(m.item).and_then(|p| p.status);
                format!(
                    r##"<circle cx="{}" cy="{}" r="4.5" fill="{}" stroke="#ffffff"/>"##,
                    d1(x),
                    d1(y),
                    status_colour(status)
                )
            }
            MarkerKind::Enterprise => format!(
                r##"<circle cx="{}" cy="{}" r="2.5" fill="#1f2933" fill-opacity="0.7"/>"##,
                d1(x),
                d1(y)
            ),
            MarkerKind::Opportunity => format!(
                r##"<path d="M{} {}l5 9h-10z" fill="#d55e00" stroke="#ffffff"/>"##,
                d1(x),
                d1(y - 6.0)
            ),
        };
        let _ = write!(
            svg,
            r#"<g data-id="{id}" data-kind="{kind}"><title>{name}</title>{shape}</g>"#
        );
    }
    if opts.labels {
        for (name, [x, y]) in placed_labels(scene, &fit, 12.0) {
            let _ = write!(
                svg,
                r##"<text x="{}" y="{}" text-anchor="middle" fill="#1f2933" stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>"##,
                d1(x),
                d1(y),
                escape(name)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Region names that fit without overlapping at `fit`, larger regions first: (name, centre px).
/// O(regions) on average (see [`place_labels`]).
pub fn placed_labels<'s>(scene: &'s MapScene, fit: &Fit, font_px: f64) -> Vec<(&'s str, [f64; 2])> {
    let candidates: Vec<(usize, LabelBox)> = scene
        .anchors
        .iter()
        .enumerate()
        .filter_map(|(r, anchor)| {
            let name = scene.names.get(r).filter(|n| !n.is_empty())?;
            let [x, y] = fit.apply((*anchor)?);
            Some((
                r,
                LabelBox {
                    x,
                    y,
                    width: text_em(name) * font_px + 4.0,
                    height: font_px * 1.3,
                    priority: scene.areas.get(r).copied().unwrap_or(0.0),
                },
            ))
        })
        .collect();
    let boxes: Vec<LabelBox> = candidates.iter().map(|(_, b)| *b).collect();
    place_labels(&boxes)
        .into_iter()
        .zip(&candidates)
        .filter(|(keep, _)| *keep)
        .filter_map(|(_, (r, b))| Some((scene.names.get(*r)?.as_str(), [b.x, b.y])))
        .collect()
}

/// The heat map of `chain` over `scene` as a standalone SVG document, 960 px wide: regions
/// coloured by `options.metric` in `CLASSES` classes, the markers `options` shows (only those on
/// `link` when a link is selected), region names. What `exportSvg()` gives for the map view, and
/// `lianmap render --view map`.
pub fn export(
    chain: &Chain,
    scene: &MapScene,
    options: &super::map::MapOptions,
    link: Option<usize>,
    lang: Lang,
) -> String {
    use super::map::{choropleth, marker_passes, markers};
    let placed = markers(scene, chain);
    let until = options.until.as_deref();
    let shown: Vec<Marker> = placed
        .iter()
        .filter(|m| options.shows(m.kind) && marker_passes(chain, m, link, until))
        .copied()
        .collect();
    let fills: Vec<String> = if options.choropleth {
        choropleth(scene, chain, options, &placed, link).fills
    } else {
        vec!["#eef2f7".to_owned(); scene.ids.len()]
    };
    let bbox = scene.projected.bbox;
    let aspect = if bbox.width() > 0.0 {
        bbox.height() / bbox.width()
    } else {
        1.0
    };
    let width_px = 960.0;
    let title = chain
        .document()
        .meta
        .title
        .as_ref()
        .map(|t| t.get(lang).to_owned());
    map_svg(
        scene,
        chain,
        &MapSvg {
            fills: &fills,
            markers: &shown,
            labels: options.labels,
            width_px,
            height_px: (width_px * aspect).clamp(200.0, 2400.0),
            title: title.as_deref(),
            lang,
        },
    )
}

/// Two standalone SVG documents side by side with a 24 px gap (the split view's export).
pub fn side_by_side(left: &str, right: &str) -> String {
    let size = |svg: &str, attr: &str| -> f64 {
        let key = format!(" {attr}=\"");
        svg.find(&key)
            .and_then(|i| svg.get(i + key.len()..))
            .and_then(|rest| rest.split('"').next())
            .and_then(crate::num::decimal)
            .unwrap_or(0.0)
    };
    let (lw, lh) = (size(left, "width"), size(left, "height"));
    let (rw, rh) = (size(right, "width"), size(right, "height"));
    let (w, h) = (lw + rw + 24.0, lh.max(rh));
    let right = right.replacen("<svg ", &format!("<svg x=\"{}\" ", Short(lw + 24.0)), 1);
    let (w, h) = (Short(w), Short(h));
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">{left}{right}</svg>"#
    )
}
