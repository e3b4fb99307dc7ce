//! The enterprises of a selected link, fanned out beside its box: what the chain map shows of a
//! link "expanded" (at a glance the leaders and members there, and the targets to attract).
//! Pure placement, shared by the SVG view, the canvas view and the SVG export.

use std::fmt::Write;

use super::svg::escape;
use crate::analysis::Chain;
use crate::layout::Layout;
use crate::model::{Lang, Role};
use crate::num::d1;

/// Enterprises shown at most; the rest are counted.
pub const FAN_MAX: usize = 12;
/// Vertical distance between marks, layout units.
pub const FAN_STEP: f64 = 18.0;
/// Radius of a mark, layout units.
pub const FAN_RADIUS: f64 = 5.0;
/// Distance from the box's side to the marks, layout units.
const FAN_GAP: f64 = 26.0;

/// One enterprise's mark.
#[derive(Clone, Debug, PartialEq)]
pub struct FanMark {
    /// Index into the document's enterprises.
    pub enterprise: usize,
    /// Its id.
    pub id: String,
    /// Centre of the mark.
    pub x: f64,
    /// Centre of the mark.
    pub y: f64,
    /// Where its connector leaves the link box.
    pub from: [f64; 2],
    /// Local (filled) or a target (hollow).
    pub local: bool,
    /// Labels run leftwards (the fan sits on the box's left).
    pub leftwards: bool,
}

impl FanMark {
    /// The enterprise's name in `lang` (empty if the index does not name one).
    pub fn name<'a>(&self, chain: &'a Chain, lang: Lang) -> &'a str {
        chain
            .document()
            .enterprises
            .get(self.enterprise)
            .map_or("", |e| e.name.get(lang))
    }

    /// Where the label starts, beside the mark, and its anchor: `start` rightwards, `end`
    /// leftwards (SVG `text-anchor` and canvas `textAlign` alike).
    pub fn label_at(&self) -> (f64, &'static str) {
        if self.leftwards {
            (self.x - FAN_RADIUS - 4.0, "end")
        } else {
            (self.x + FAN_RADIUS + 4.0, "start")
        }
    }
}

/// The fan of link `link_id`: its enterprises (leaders, then key, then members, local before
/// targets, then by score), at most [`FAN_MAX`], in a column beside its box — on the right, or on
/// the left when the box is in the last column. Returns the marks and how many were left out.
/// O(k log k) for the link's k enterprises.
pub fn enterprise_fan(chain: &Chain, layout: &Layout, link_id: &str) -> (Vec<FanMark>, usize) {
    let (Some(i), Some(node)) = (
        chain.link_index(link_id),
        layout.nodes.iter().find(|n| n.id == link_id),
    ) else {
        return (Vec::new(), 0);
    };
    let doc = chain.document();
    let mut on: Vec<usize> = chain.enterprises_on(i).to_vec();
    let rank = |e: usize| {
        let e = doc.enterprises.get(e);
        (
            e.map_or(3, |e| match e.role() {
                Role::Leader => 0,
                Role::Key => 1,
                Role::Member => 2,
            }),
            !e.is_some_and(|e| e.is_local()),
            std::cmp::Reverse(e.and_then(|e| e.score).map(|s| (s * 100.0) as i64)),
        )
    };
    crate::sort::by_key(&mut on, rank);
    let more = on.len().saturating_sub(FAN_MAX);
    on.truncate(FAN_MAX);
    let leftwards = node.x + node.width / 2.0 + FAN_GAP + 220.0 > layout.width;
    let side = if leftwards {
        node.x - node.width / 2.0
    } else {
        node.x + node.width / 2.0
    };
    let x = if leftwards {
        side - FAN_GAP
    } else {
        side + FAN_GAP
    };
    let top = node.y - (on.len().saturating_sub(1)) as f64 * FAN_STEP / 2.0;
    let marks = on
        .iter()
        .enumerate()
        .filter_map(|(k, &e)| {
            let enterprise = doc.enterprises.get(e)?;
            Some(FanMark {
                enterprise: e,
                id: enterprise.id.clone(),
                x,
                y: top + k as f64 * FAN_STEP,
                from: [side, node.y],
                local: enterprise.is_local(),
                leftwards,
            })
        })
        .collect();
    (marks, more)
}

/// The fan as SVG: a `<g data-id="…" data-kind="enterprise">` per mark, for exports.
pub fn fan_svg(chain: &Chain, marks: &[FanMark], more: usize, lang: Lang) -> String {
    let mut svg = String::from(r#"<g class="lm-fan">"#);
    for m in marks {
        let name = m.name(chain, lang);
        let (fill, dash) = if m.local {
            ("#1b7a3e", "")
        } else {
            ("#ffffff", r#" stroke-dasharray="2 2""#)
        };
        let (tx, anchor) = m.label_at();
        let _ = write!(
            svg,
            r##"<g data-id="{}" data-kind="enterprise"><path d="M{} {}L{} {}" stroke="#9aa5b1" fill="none"/><circle cx="{}" cy="{}" r="{}" fill="{fill}" stroke="#1b7a3e"{dash}/><text x="{}" y="{}" text-anchor="{anchor}" dominant-baseline="central" font-size="11">{}</text></g>"##,
            escape(&m.id),
            d1(m.from[0]),
            d1(m.from[1]),
            d1(m.x),
            d1(m.y),
            d1(m.x),
            d1(m.y),
            crate::num::Short(FAN_RADIUS),
            d1(tx),
            d1(m.y),
            escape(name)
        );
    }
    if more > 0
        && let Some(last) = marks.last()
    {
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" font-size="11" fill="#52606d" text-anchor="{}">+{more}</text>"##,
            d1(last.x),
            d1(last.y + FAN_STEP),
            if last.leftwards { "end" } else { "start" }
        );
    }
    svg.push_str("</g>");
    svg
}
