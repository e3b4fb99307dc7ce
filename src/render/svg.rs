//! The chain map as a standalone SVG document.
//!
//! Every node is a `<g data-id="…" data-kind="link|stage">` (the public export contract); gap
//! classes are told by colour *and* by a symbol (✕ missing, ◐ weak, ● strong) and a dash pattern,
//! so the drawing reads in greyscale and for colour-blind readers. All host text is escaped.

use std::fmt::Write;

use super::{GapStyle, gap_style};
use crate::analysis::Stats;
use crate::layout::{Layout, NodeKind};
use crate::num::{Short, d1};

/// Colours and fonts of the drawing.
#[derive(Clone, Debug)]
pub struct SvgStyle {
    /// Font stack.
    pub font: String,
    /// Label size, in px.
    pub font_px: f64,
}

impl Default for SvgStyle {
    fn default() -> Self {
        SvgStyle {
            font: "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif".into(),
            font_px: 13.0,
        }
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids: C0 controls other than tab and newline are dropped,
            // the noncharacters U+FFFE and U+FFFF shown as the replacement character.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Renders a laid-out chain. `stats` gives each link's gap class (by link id).
pub fn chain_svg(
    layout: &Layout,
    stats: Option<&Stats>,
    title: Option<&str>,
    style: &SvgStyle,
) -> String {
    let gaps = super::gaps_by_id(stats);
    let mut svg = String::new();
    let (w, h) = (Short(layout.width.max(1.0)), Short(layout.height.max(1.0)));
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-family="{}" font-size="{}" role="img">"#,
        escape(&style.font),
        Short(style.font_px)
    );
    if let Some(title) = title {
        let _ = write!(svg, "<title>{}</title>", escape(title));
    }
    svg.push_str(r##"<defs><marker id="lm-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L8 4L0 8z" fill="#7b8794"/></marker></defs>"##);
    for node in layout.nodes.iter().filter(|n| n.kind == NodeKind::Stage) {
        let (x, y) = (node.x - node.width / 2.0, node.y - node.height / 2.0);
        let _ = write!(
            svg,
            r##"<g data-id="{}" data-kind="stage"><rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="#eef2f7"/><text x="{}" y="{}" text-anchor="middle" font-weight="600" fill="#52606d">{}</text></g>"##,
            escape(&node.id),
            d1(x),
            d1(y),
            d1(node.width),
            d1(node.height),
            d1(node.x),
            d1(y + 14.0),
            escape(&node.label.join(" "))
        );
    }
    svg.push_str(r#"<g class="lm-edges" fill="none" stroke-width="1.3">"#);
    for edge in &layout.edges {
        let mut d = String::new();
        for (i, p) in edge.points.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { "M" } else { "L" },
                d1(p[0]),
                d1(p[1])
            );
        }
        let (stroke, dash) = if edge.back {
            ("#9aa5b1", r#" stroke-dasharray="6 4""#)
        } else {
            ("#7b8794", "")
        };
        let _ = write!(
            svg,
            r#"<path data-from="{}" data-to="{}" d="{d}" stroke="{stroke}"{dash} marker-end="url(#lm-arrow)"/>"#,
            escape(&edge.from),
            escape(&edge.to)
        );
    }
    svg.push_str("</g>");
    let line_px = style.font_px * 1.35;
    for node in layout.nodes.iter().filter(|n| n.kind == NodeKind::Link) {
        let gap = gaps.get(&node.id);
        let GapStyle {
            fill,
            stroke,
            dash,
            symbol,
        } = gap_style(gap);
        let (x, y) = (node.x - node.width / 2.0, node.y - node.height / 2.0);
        let dash = if dash.is_empty() {
            String::new()
        } else {
            let pattern: Vec<String> = dash.iter().copied().map(crate::num::short).collect();
            format!(r#" stroke-dasharray="{}""#, pattern.join(" "))
        };
        let _ = write!(
            svg,
            r#"<g data-id="{}" data-kind="link"{}><rect x="{}" y="{}" width="{}" height="{}" rx="5" fill="{fill}" stroke="{stroke}" stroke-width="1.4"{dash}/>"#,
            escape(&node.id),
            gap.map(|g| format!(r#" data-gap="{g}""#))
                .unwrap_or_default(),
            d1(x),
            d1(y),
            d1(node.width),
            d1(node.height),
        );
        let first = node.y - (node.label.len() as f64 - 1.0) * line_px / 2.0;
        for (i, line) in node.label.iter().enumerate() {
            let _ = write!(
                svg,
                r##"<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central" fill="#1f2933">{}</text>"##,
                d1(node.x),
                d1(first + i as f64 * line_px),
                escape(line)
            );
        }
        if !symbol.is_empty() {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" font-size="10" text-anchor="middle" dominant-baseline="central" fill="{stroke}" aria-hidden="true">{symbol}</text>"#,
                d1(x + node.width - 1.0),
                d1(y + 1.0)
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_out_what_xml_forbids() {
        assert_eq!(
            escape("a\u{0}b\u{1b}c\u{FFFE}d\u{FFFF}e\t"),
            "abc\u{FFFD}d\u{FFFD}e\t"
        );
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<img src=x onerror="a">&'"#),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;"
        );
    }
}
