//! Renderers that need no browser: SVG for export, print, the no-JS fallback and small scenes;
//! and the drawing style every renderer (SVG, the widget's canvas and its live SVG) shares.

pub mod fan;
pub mod map;
pub mod map_svg;
pub mod scene;
pub mod svg;

use crate::hash::Map as HashMap;

use crate::analysis::Stats;
use crate::model::GapClass;

/// How a link box tells its gap class: by colour and, for colour-blind readers and greyscale
/// print, by dash pattern and symbol as well.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GapStyle {
    /// Box fill.
    pub fill: &'static str,
    /// Box outline.
    pub stroke: &'static str,
    /// Outline dash pattern, in px (empty: solid).
    pub dash: &'static [f64],
    /// Corner symbol (empty when the class is unknown).
    pub symbol: &'static str,
}

/// The style of a gap class (`None`: no class known).
pub fn gap_style(gap: Option<GapClass>) -> GapStyle {
    let (fill, stroke, dash, symbol): (_, _, &'static [f64], _) = match gap {
        Some(GapClass::Missing) => ("#fdecea", "#b42318", &[5.0, 3.0], "✕"),
        Some(GapClass::Weak) => ("#fff4e0", "#9a5b00", &[2.0, 2.0], "◐"),
        Some(GapClass::Strong) => ("#e6f4ea", "#1b7a3e", &[], "●"),
        None => ("#f5f7fa", "#52606d", &[], ""),
    };
    GapStyle {
        fill,
        stroke,
        dash,
        symbol,
    }
}

/// Each link's gap class by id, built once per drawing: positions by id in the crate's usual
/// `String → usize` map, classes in a vector (no map type of its own).
#[derive(Default)]
pub struct GapsById {
    index: HashMap<String, usize>,
    classes: Vec<GapClass>,
}

impl GapsById {
    /// The gap class of link `id`, if it has one.
    pub fn get(&self, id: &str) -> Option<GapClass> {
        self.index
            .get(id)
            .and_then(|&i| self.classes.get(i))
            .copied()
    }
}

/// Each link's gap class by id, built once per drawing.
pub fn gaps_by_id(stats: Option<&Stats>) -> GapsById {
    let links = stats.map_or(&[][..], |s| s.links.as_slice());
    GapsById {
        index: links
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.clone(), i))
            .collect(),
        classes: links.iter().map(|l| l.gap).collect(),
    }
}
