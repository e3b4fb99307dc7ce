//! Per-region coverage of the chain's links.

use crate::hash::Map as HashMap;

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

/// Whether `code` is `region` or lies below it (GB/T 2260: `450203` is in `450200` and
/// `450000`). Other codes match only themselves. O(1), no allocation.
pub fn within(code: &str, region: &str) -> bool {
    if code == region {
        return true;
    }
    let six = |c: &str| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit());
    if !six(code) || !six(region) {
        return false;
    }
    // A prefecture ends in "00", a province in "0000"; the code shares the kept prefix.
    [4, 2].into_iter().any(|keep| {
        region
            .get(keep..)
            .is_some_and(|rest| rest.bytes().all(|b| b == b'0'))
            && code.get(..keep) == region.get(..keep)
    })
}

/// Everything the map's region panel shows about one region (itself and the regions below it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegionProfile {
    /// Local enterprises there.
    pub local_enterprises: usize,
    /// Target enterprises there.
    pub target_enterprises: usize,
    /// Leaf links with a local enterprise there (link indices, document order).
    pub has: Vec<usize>,
    /// Leaf links without one (link indices, document order).
    pub lacks: Vec<usize>,
    /// `has` as a percentage of all leaf links (0 when there are none), one decimal.
    pub percent: f64,
    /// Its enterprises (indices), best first: leaders, then by score, then amount.
    pub enterprises: Vec<usize>,
    /// Its parks (indices, document order).
    pub parks: Vec<usize>,
    /// Land available in its parks, hectares.
    pub land_ha: f64,
    /// Its opportunities (indices, document order).
    pub opportunities: Vec<usize>,
    /// Sum of their amounts.
    pub opportunity_amount: f64,
    /// Its projects per status, in pipeline order.
    pub pipeline: Vec<super::StatusTotal>,
    /// Its projects.
    pub projects: usize,
    /// Sum of their amounts.
    pub project_amount: f64,
}

/// The profile of `region`: coverage, enterprises, parks, land, opportunities and pipeline.
///
/// Complexity: O(enterprises × links per enterprise + parks + projects + opportunities + links
/// + k log k) for the k enterprises there.
pub fn profile(chain: &Chain, region: &str) -> RegionProfile {
    let doc = chain.document();
    let inside = |code: &Option<String>| code.as_deref().is_some_and(|c| within(c, region));
    let mut covered = vec![false; doc.links.len()];
    let mut out = RegionProfile::default();
    for (i, e) in doc.enterprises.iter().enumerate() {
        if !inside(&e.region) {
            continue;
        }
        out.enterprises.push(i);
        if e.is_local() {
            out.local_enterprises += 1;
            for l in e.links.iter().filter_map(|l| chain.link_index(l)) {
                if let Some(c) = covered.get_mut(l) {
                    *c = true;
                }
            }
        } else {
            out.target_enterprises += 1;
        }
    }
    let rank = |i: usize| {
        let e = doc.enterprises.get(i);
        (
            e.is_some_and(|e| e.role() != crate::model::Role::Leader),
            std::cmp::Reverse(e.and_then(|e| e.score).map(|s| (s * 100.0) as i64)),
            std::cmp::Reverse(e.and_then(|e| e.amount).map(|a| (a * 100.0) as i64)),
        )
    };
    crate::sort::by_key(&mut out.enterprises, rank);
    for l in (0..doc.links.len()).filter(|i| chain.children(*i).is_empty()) {
        if covered.get(l) == Some(&true) {
            out.has.push(l);
        } else {
            out.lacks.push(l);
        }
    }
    let leaves = out.has.len() + out.lacks.len();
    if leaves > 0 {
        out.percent = (1000.0 * out.has.len() as f64 / leaves as f64).round() / 10.0;
    }
    for (i, p) in doc
        .parks
        .iter()
        .enumerate()
        .filter(|(_, p)| inside(&p.region))
    {
        out.parks.push(i);
        out.land_ha += p.land_ha.unwrap_or(0.0);
    }
    for (i, o) in doc.opportunities.iter().enumerate() {
        if inside(&o.region) {
            out.opportunities.push(i);
            out.opportunity_amount += o.amount.unwrap_or(0.0);
        }
    }
    let projects: Vec<_> = doc.projects.iter().filter(|p| inside(&p.region)).collect();
    out.projects = projects.len();
    out.project_amount = projects.iter().filter_map(|p| p.amount).sum();
    out.pipeline = super::status_totals(projects.iter().map(|p| (p.status, p.amount)));
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
        /// Links covered by local enterprises, sorted and deduplicated before use.
        covered: Vec<usize>,
        local: usize,
        targets: usize,
    }
    // Regions in order of first mention, found through `index`, sorted by code at the end (a
    // vector and the hash map of ids the crate already has, not another ordered map's code).
    fn slot<'r>(
        index: &mut HashMap<String, usize>,
        regions: &'r mut Vec<(String, Acc)>,
        code: String,
    ) -> Option<&'r mut Acc> {
        let at = *index.entry(code).or_insert_with_key(|code| {
            regions.push((code.clone(), Acc::default()));
            regions.len() - 1
        });
        regions.get_mut(at).map(|(_, acc)| acc)
    }
    let mut index: HashMap<String, usize> = HashMap::default();
    let mut regions: Vec<(String, Acc)> = Vec::new();
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
            slot(&mut index, &mut regions, r);
        }
    }
    for enterprise in &doc.enterprises {
        let Some(code) = &enterprise.region else {
            continue;
        };
        let local = enterprise.is_local();
        for r in region_ancestors(code) {
            let Some(acc) = slot(&mut index, &mut regions, r) else {
                continue;
            };
            if local {
                acc.local += 1;
                acc.covered
                    .extend(enterprise.links.iter().filter_map(|l| chain.link_index(l)));
            } else {
                acc.targets += 1;
            }
        }
    }
    regions.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Leaves have no subtree: a leaf is covered only by enterprises directly on it.
    regions
        .into_iter()
        .map(|(region, mut acc)| {
            acc.covered.sort_unstable();
            acc.covered.dedup();
            let (has, lacks): (Vec<usize>, Vec<usize>) = leaves
                .iter()
                .partition(|l| acc.covered.binary_search(l).is_ok());
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
        for (code, region, inside) in [
            ("450203", "450203", true),
            ("450203", "450200", true),
            ("450203", "450000", true),
            ("450203", "450300", false),
            ("450203", "460000", false),
            ("450200", "450203", false),
            ("450000", "450000", true),
            ("zone-a", "zone-a", true),
            ("zone-a1", "zone-a", false),
            ("450203", "zone-a", false),
        ] {
            assert_eq!(within(code, region), inside, "{code} in {region}");
            assert_eq!(
                within(code, region),
                region_ancestors(code).iter().any(|a| a == region),
                "within agrees with region_ancestors for {code} in {region}"
            );
        }
    }
}
