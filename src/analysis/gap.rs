//! Gap classes (缺链 / 短板 / 长板) and target ranking (缺什么招什么).

use serde::Serialize;

use super::Chain;
use crate::model::{Enterprise, GapClass, Role};

/// The documented, configurable rules that turn local enterprises into a gap class.
///
/// For each link, Lianmap looks at the *local* enterprises on the link or anywhere below it in the
/// link tree (each counted once):
/// - **missing** (缺链) when there are none;
/// - **strong** (长板) when their *strength* — the sum of `leader_weight`, `key_weight` or
///   `member_weight` per enterprise, by role — reaches `strong_at`, and, if `strong_needs_anchor`,
///   at least one of them is a leader or key enterprise;
/// - **weak** (短板) otherwise.
///
/// A host's `gap` on the link overrides the result (`gapSource: "host"`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GapRules {
    /// Strength of a local chain leader.
    pub leader_weight: f64,
    /// Strength of a local key enterprise.
    pub key_weight: f64,
    /// Strength of any other local enterprise.
    pub member_weight: f64,
    /// Strength from which a link is strong.
    pub strong_at: f64,
    /// Whether a strong link also needs a local leader or key enterprise.
    pub strong_needs_anchor: bool,
    /// How many ranked targets `stats` lists per gap.
    pub max_targets: usize,
}

impl Default for GapRules {
    fn default() -> Self {
        GapRules {
            leader_weight: 4.0,
            key_weight: 2.0,
            member_weight: 1.0,
            strong_at: 6.0,
            strong_needs_anchor: true,
            max_targets: 10,
        }
    }
}

impl GapRules {
    /// The class the rules give for these local counts.
    pub fn classify(&self, leaders: usize, keys: usize, members: usize) -> (GapClass, f64) {
        let strength = self.leader_weight * leaders as f64
            + self.key_weight * keys as f64
            + self.member_weight * members as f64;
        let class = if leaders + keys + members == 0 {
            GapClass::Missing
        } else if strength >= self.strong_at && (!self.strong_needs_anchor || leaders + keys > 0) {
            GapClass::Strong
        } else {
            GapClass::Weak
        };
        (class, strength)
    }
}

/// Where a link's shown gap class comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GapSource {
    /// The document's `gap` field.
    Host,
    /// [`GapRules`].
    Computed,
}

/// Per-link result of [`classify`].
#[derive(Clone, Debug)]
pub(crate) struct LinkGap {
    pub class: GapClass,
    pub computed: GapClass,
    pub source: GapSource,
    pub local: usize,
    pub key: usize,
    pub strength: f64,
    /// Local leaders (enterprise indices).
    pub leaders: Vec<usize>,
    /// Non-local enterprises (indices), unranked.
    pub targets: Vec<usize>,
}

/// Classifies every link.
///
/// Complexity: O(Σ enterprise links × tree depth): each enterprise is credited to each ancestor
/// of each of its links once, using a per-link stamp to count it once per subtree.
pub(crate) fn classify(chain: &Chain, rules: &GapRules) -> Vec<LinkGap> {
    classify_where(chain, rules, |_| true)
}

/// [`classify`] counting only the enterprises `include` accepts (e.g. those of one region).
pub(crate) fn classify_where(
    chain: &Chain,
    rules: &GapRules,
    include: impl Fn(&Enterprise) -> bool,
) -> Vec<LinkGap> {
    let doc = chain.document();
    let n = doc.links.len();
    let mut stamp = vec![usize::MAX; n];
    let mut leaders = vec![Vec::new(); n];
    let mut keys = vec![0usize; n];
    let mut members = vec![0usize; n];
    let mut targets = vec![Vec::new(); n];
    for (e, enterprise) in doc.enterprises.iter().enumerate() {
        if !include(enterprise) {
            continue;
        }
        let local = enterprise.is_local();
        for link in &enterprise.links {
            let mut at = chain.link_index(link);
            let mut steps = 0;
            while let Some(l) = at {
                if stamp.get(l) == Some(&e) || steps > n {
                    break; // already credited through another of its links
                }
                if let Some(s) = stamp.get_mut(l) {
                    *s = e;
                }
                match (local, enterprise.role()) {
                    (false, _) => push(&mut targets, l, e),
                    (true, Role::Leader) => push(&mut leaders, l, e),
                    (true, Role::Key) => bump(&mut keys, l),
                    (true, Role::Member) => bump(&mut members, l),
                }
                at = chain.parent(l);
                steps += 1;
            }
        }
    }
    doc.links
        .iter()
        .enumerate()
        .map(|(i, link)| {
            let l = leaders.get(i).map_or(0, Vec::len);
            let k = keys.get(i).copied().unwrap_or(0);
            let m = members.get(i).copied().unwrap_or(0);
            let (computed, strength) = rules.classify(l, k, m);
            LinkGap {
                class: link.gap.unwrap_or(computed),
                computed,
                source: if link.gap.is_some() {
                    GapSource::Host
                } else {
                    GapSource::Computed
                },
                local: l + k + m,
                key: k,
                strength,
                leaders: leaders.get(i).cloned().unwrap_or_default(),
                targets: targets.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

fn push(lists: &mut [Vec<usize>], at: usize, value: usize) {
    if let Some(list) = lists.get_mut(at) {
        list.push(value);
    }
}

fn bump(counts: &mut [usize], at: usize) {
    if let Some(c) = counts.get_mut(at) {
        *c += 1;
    }
}

/// Ranks target enterprises: higher evaluation `score` first (no score last), then leader before
/// key before member, then larger `amount`, then further along the pipeline, then id.
pub(crate) fn rank_targets(enterprises: &[Enterprise], targets: &[usize]) -> Vec<usize> {
    let mut ranked: Vec<usize> = targets
        .iter()
        .copied()
        .filter(|e| *e < enterprises.len())
        .collect();
    let key = |e: usize| enterprises.get(e);
    crate::sort::by(&mut ranked, &|a, b| {
        let (Some(a), Some(b)) = (key(a), key(b)) else {
            return std::cmp::Ordering::Equal;
        };
        let score = |e: &Enterprise| e.score.unwrap_or(-1.0);
        score(b)
            .total_cmp(&score(a))
            .then(a.role().cmp(&b.role()))
            .then(b.amount.unwrap_or(0.0).total_cmp(&a.amount.unwrap_or(0.0)))
            .then(b.status.cmp(&a.status))
            .then(a.id.cmp(&b.id))
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules() {
        let rules = GapRules::default();
        assert_eq!(rules.classify(0, 0, 0).0, GapClass::Missing);
        assert_eq!(
            rules.classify(0, 0, 9).0,
            GapClass::Weak,
            "members alone are never strong"
        );
        assert_eq!(rules.classify(0, 1, 3).0, GapClass::Weak);
        assert_eq!(rules.classify(0, 1, 4).0, GapClass::Strong);
        assert_eq!(rules.classify(1, 0, 2).0, GapClass::Strong);
        assert_eq!(rules.classify(1, 0, 1).0, GapClass::Weak);
        let lax = GapRules {
            strong_needs_anchor: false,
            ..GapRules::default()
        };
        assert_eq!(lax.classify(0, 0, 6).0, GapClass::Strong);
    }
}
