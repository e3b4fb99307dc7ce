//! Per-region coverage of the chain's links.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Chain;

/// Which leaf links a region has (a local enterprise there is on the link or below it) and lacks.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionCoverage {
    /// Region code.
    pub region: String,
    /// Local enterprises located in the region or below it.
    pub local_enterprises: usize,
    /// Target enterprises located in the region or below it.
    pub target_enterprises: usize,
    /// Leaf links present, in document order.
    pub has: Vec<String>,
    /// Leaf links absent, in document order.
    pub lacks: Vec<String>,
    /// `has` as a percentage of all leaf links (0 when there are none).
    pub percent: f64,
}

/// The region itself and, for a six-digit GB/T 2260 code, its prefecture and province:
/// `450203` → `450203`, `450200`, `450000`. Other codes stand alone.
pub fn region_ancestors(code: &str) -> Vec<String> {
    let mut out = vec![code.to_owned()];
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        for keep in [4, 2] {
            let ancestor = format!("{}{}", code.get(..keep).unwrap_or(""), "0".repeat(6 - keep));
            if !out.contains(&ancestor) {
                out.push(ancestor);
            }
        }
    }
    out
}

/// Coverage of every region the document mentions (enterprises, parks, projects, opportunities,
/// metrics, meta), with their GB/T 2260 ancestors, sorted by code.
///
/// Complexity: O(Σ enterprise links × tree depth × 3 + regions × leaf links).
pub(crate) fn coverage(chain: &Chain) -> Vec<RegionCoverage> {
    let doc = chain.document();
    let leaves: Vec<usize> = (0..doc.links.len())
        .filter(|i| chain.children(*i).is_empty())
        .collect();
    #[derive(Default)]
    struct Acc {
        covered: BTreeSet<usize>,
        local: usize,
        targets: usize,
    }
    let mut regions: BTreeMap<String, Acc> = BTreeMap::new();
    let mentioned = doc
        .parks
        .iter()
        .filter_map(|p| p.region.as_ref())
        .chain(doc.projects.iter().filter_map(|p| p.region.as_ref()))
        .chain(doc.opportunities.iter().filter_map(|o| o.region.as_ref()))
        .chain(doc.metrics.iter().map(|m| &m.region))
        .chain(doc.meta.region.as_ref());
    for code in mentioned {
        for r in region_ancestors(code) {
            regions.entry(r).or_default();
        }
    }
    for enterprise in &doc.enterprises {
        let Some(code) = &enterprise.region else {
            continue;
        };
        let local = enterprise.is_local();
        for r in region_ancestors(code) {
            let acc = regions.entry(r).or_default();
            if local {
                acc.local += 1;
                for link in &enterprise.links {
                    if let Some(l) = chain.link_index(link) {
                        acc.covered.insert(l);
                    }
                }
            } else {
                acc.targets += 1;
            }
        }
    }
    // Leaves have no subtree: a leaf is covered only by enterprises directly on it.
    regions
        .into_iter()
        .map(|(region, acc)| {
            let (has, lacks): (Vec<usize>, Vec<usize>) =
                leaves.iter().partition(|l| acc.covered.contains(l));
            let id = |i: &usize| doc.links.get(*i).map(|l| l.id.clone());
            let percent = if leaves.is_empty() {
                0.0
            } else {
                100.0 * has.len() as f64 / leaves.len() as f64
            };
            RegionCoverage {
                region,
                local_enterprises: acc.local,
                target_enterprises: acc.targets,
                has: has.iter().filter_map(id).collect(),
                lacks: lacks.iter().filter_map(id).collect(),
                percent: (percent * 10.0).round() / 10.0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors() {
        assert_eq!(region_ancestors("450203"), ["450203", "450200", "450000"]);
        assert_eq!(region_ancestors("450200"), ["450200", "450000"]);
        assert_eq!(region_ancestors("450000"), ["450000"]);
        assert_eq!(region_ancestors("zone-a"), ["zone-a"]);
    }
}
