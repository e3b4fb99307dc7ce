//! Renderers that need no browser: SVG for export, print, the no-JS fallback and small scenes.

pub mod svg;
