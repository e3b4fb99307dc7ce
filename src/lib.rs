//! Lianmap (链图): industrial-chain maps and investment heat maps from a JSON chain document.
//!
//! The core is pure Rust and knows nothing of the browser: [`model`] is the wire format,
//! [`validate`] turns untrusted bytes into a checked document plus diagnostics, [`analysis`]
//! computes gaps, targets, closures, coverage and pipeline totals, [`geo`] reads, projects,
//! simplifies and hit-tests host GeoJSON boundaries, [`heat`] computes density grids, colour
//! ramps and class breaks for heat maps, [`render`] prepares chain and map scenes for drawing,
//! and [`generate`] makes synthetic documents
//! for tests and benchmarks. The browser shell (`web`, wasm32 only) renders it
//! inside a `<lian-map>` custom element.
#![warn(missing_docs)]

pub mod analysis;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod fragment;
pub mod generate;
pub mod geo;
pub mod hash;
pub mod heat;
pub mod i18n;
pub mod json;
pub mod layout;
pub mod model;
// Used by build.rs (through #[path]); compiled here only for its tests.
#[cfg(test)]
mod minify_css;
pub mod num;
pub mod render;
mod rng;
#[cfg(not(target_arch = "wasm32"))]
pub mod schema;
pub mod sort;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod web;
