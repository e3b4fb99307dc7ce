//! Analysis of a validated chain: the link graph, gap classes, chain leaders, targets per gap,
//! upstream/downstream closure, per-region coverage and pipeline totals.
//!
//! [`Chain`] indexes a validated [`Document`] once (petgraph node indices stay inside this
//! module); [`Chain::stats`] computes everything `lianmap stats` prints.

mod gap;
mod region;

pub use gap::{GapRules, GapSource};
pub use region::{RegionCoverage, RegionProfile, profile, region_ancestors, within};

use std::collections::VecDeque;

use crate::hash::Map as HashMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use crate::model::{Document, Enterprise, GapClass, Name, Role, Status};

/// A validated document, indexed for analysis and drawing.
#[derive(Clone, Debug)]
pub struct Chain {
    doc: Document,
    link_index: HashMap<String, usize>,
    enterprise_index: HashMap<String, usize>,
    /// Parent link of each link.
    parent: Vec<Option<usize>>,
    /// Children of each link, in document order.
    children: Vec<Vec<usize>>,
    /// Effective stage index of each link (its own, else its nearest ancestor's).
    stage: Vec<Option<usize>>,
    /// Depth in the link tree (0 for top-level links).
    depth: Vec<usize>,
    /// Enterprises directly on each link.
    on_link: Vec<Vec<usize>>,
    /// Flows between links; node `i` is link `i`.
    graph: DiGraph<(), ()>,
}

impl Chain {
    /// Indexes a document. It should come from [`crate::validate`]: references that do not resolve
    /// are ignored here rather than reported.
    ///
    /// Complexity: O(links + flows + Σ enterprise links).
    pub fn new(doc: Document) -> Chain {
        let n = doc.links.len();
        let link_index: HashMap<String, usize> = doc
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.clone(), i))
            .collect();
        let enterprise_index = doc
            .enterprises
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let stage_index: HashMap<String, usize> = doc
            .stages
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let parent: Vec<Option<usize>> = doc
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| {
                l.parent
                    .as_ref()
                    .and_then(|p| link_index.get(p).copied())
                    .filter(|p| *p != i)
            })
            .collect();
        let mut children = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(list) = p.and_then(|p| children.get_mut(p)) {
                list.push(i);
            }
        }
        // Depth and effective stage by walking up; the validator removed parent cycles, and the
        // walk is bounded by `n` steps anyway.
        let mut depth = Vec::with_capacity(n);
        let mut stage = Vec::with_capacity(n);
        for i in 0..n {
            let mut at = i;
            let mut d = 0;
            let mut s = None;
            loop {
                if s.is_none() {
                    s = doc
                        .links
                        .get(at)
                        .and_then(|l| l.stage.as_deref())
                        .and_then(|id| stage_index.get(id).copied());
                }
                match parent.get(at).copied().flatten() {
                    Some(p) if d < n => {
                        d += 1;
                        at = p;
                    }
                    _ => break,
                }
            }
            depth.push(d);
            stage.push(s);
        }
        let mut on_link = vec![Vec::new(); n];
        for (e, enterprise) in doc.enterprises.iter().enumerate() {
            for link in &enterprise.links {
                if let Some(list) = link_index.get(link).and_then(|l| on_link.get_mut(*l)) {
                    list.push(e);
                }
            }
        }
        let mut graph = DiGraph::with_capacity(n, doc.flows.len());
        for _ in 0..n {
            graph.add_node(());
        }
        for flow in &doc.flows {
            if let (Some(from), Some(to)) = (link_index.get(&flow.from), link_index.get(&flow.to)) {
                graph.add_edge(NodeIndex::new(*from), NodeIndex::new(*to), ());
            }
        }
        Chain {
            doc,
            link_index,
            enterprise_index,
            parent,
            children,
            stage,
            depth,
            on_link,
            graph,
        }
    }

    /// The document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// Index of a link by id.
    pub fn link_index(&self, id: &str) -> Option<usize> {
        self.link_index.get(id).copied()
    }

    /// Index of an enterprise by id.
    pub fn enterprise_index(&self, id: &str) -> Option<usize> {
        self.enterprise_index.get(id).copied()
    }

    /// Parent of link `i`.
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent.get(i).copied().flatten()
    }

    /// Children of link `i`.
    pub fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map_or(&[], Vec::as_slice)
    }

    /// Depth of link `i` in the link tree.
    pub fn depth(&self, i: usize) -> usize {
        self.depth.get(i).copied().unwrap_or(0)
    }

    /// Effective stage index of link `i`: its own or its nearest ancestor's.
    pub fn stage_of(&self, i: usize) -> Option<usize> {
        self.stage.get(i).copied().flatten()
    }

    /// Enterprises directly on link `i`.
    pub fn enterprises_on(&self, i: usize) -> &[usize] {
        self.on_link.get(i).map_or(&[], Vec::as_slice)
    }

    /// Links in tree order (each parent followed by its subtree), top-level links in document order.
    pub fn tree_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.doc.links.len());
        let mut stack: Vec<usize> = (0..self.doc.links.len())
            .filter(|i| self.parent(*i).is_none())
            .rev()
            .collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            stack.extend(self.children(i).iter().rev());
        }
        order
    }

    /// Links that supply link `i`, directly or through other links (its upstream closure),
    /// in breadth-first order. Cycles are fine; `i` itself is included only if it lies on a cycle.
    ///
    /// Complexity: O(links + flows).
    pub fn upstream(&self, i: usize) -> Vec<usize> {
        self.closure(i, Direction::Incoming)
    }

    /// Links that link `i` supplies, directly or through other links (its downstream closure).
    pub fn downstream(&self, i: usize) -> Vec<usize> {
        self.closure(i, Direction::Outgoing)
    }

    /// Direct suppliers (`Incoming`) or customers (`Outgoing`) of link `i` through flows.
    pub fn neighbors(&self, i: usize, direction: Direction) -> Vec<usize> {
        if i >= self.graph.node_count() {
            return Vec::new();
        }
        let mut out: Vec<usize> = self
            .graph
            .neighbors_directed(NodeIndex::new(i), direction)
            .map(NodeIndex::index)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn closure(&self, start: usize, direction: Direction) -> Vec<usize> {
        let n = self.graph.node_count();
        if start >= n {
            return Vec::new();
        }
        let mut seen = vec![false; n];
        let mut queue = VecDeque::from([start]);
        let mut out = Vec::new();
        while let Some(i) = queue.pop_front() {
            for next in self.graph.neighbors_directed(NodeIndex::new(i), direction) {
                let k = next.index();
                if let Some(s) = seen.get_mut(k)
                    && !*s
                {
                    *s = true;
                    out.push(k);
                    queue.push_back(k);
                }
            }
        }
        out
    }

    /// Link ids of a list of indices, in document order.
    fn ids(&self, indices: &[usize]) -> Vec<String> {
        let mut sorted = indices.to_vec();
        sorted.sort_unstable();
        sorted
            .iter()
            .filter_map(|i| self.doc.links.get(*i))
            .map(|l| l.id.clone())
            .collect()
    }

    /// Everything `lianmap stats` reports.
    pub fn stats(&self, rules: &GapRules) -> Stats {
        self.stats_with(rules, self.doc.links.len() <= CLOSURE_LIMIT)
    }

    /// [`Chain::stats`] without the per-link closure lists (`upstream`/`downstream` are `None`)
    /// and without per-region coverage (`coverage` is empty): what the widget draws from.
    /// Closures cost O(links × flows) and coverage O(regions × leaf links) in time and memory;
    /// the views walk them on demand for the one link or region picked.
    pub fn stats_lean(&self, rules: &GapRules) -> Stats {
        self.stats_with(rules, false)
    }

    /// Gap classes of every link (document order) counting only the enterprises of `region` and
    /// the regions below it: what the chain shows when a region is picked on the map. Host
    /// `gap` fields describe the whole chain and are not used here.
    pub fn region_gaps(&self, rules: &GapRules, region: &str) -> Vec<GapClass> {
        gap::classify_where(self, rules, |e| {
            e.region
                .as_deref()
                .is_some_and(|c| region::within(c, region))
        })
        .iter()
        .map(|g| g.computed)
        .collect()
    }

    fn stats_with(&self, rules: &GapRules, full: bool) -> Stats {
        let closures = full;
        let gaps = gap::classify(self, rules);
        let links: Vec<LinkStats> = self
            .doc
            .links
            .iter()
            .enumerate()
            .zip(&gaps)
            .map(|((i, link), g)| LinkStats {
                id: link.id.clone(),
                name: link.name.clone(),
                stage: self
                    .stage_of(i)
                    .and_then(|s| self.doc.stages.as_ref()?.get(s))
                    .map(|s| s.id.clone()),
                parent: self
                    .parent(i)
                    .and_then(|p| self.doc.links.get(p))
                    .map(|p| p.id.clone()),
                depth: self.depth(i),
                leaf: self.children(i).is_empty(),
                gap: g.class,
                computed_gap: g.computed,
                gap_source: g.source,
                local_enterprises: g.local,
                target_enterprises: g.targets.len(),
                leaders: g
                    .leaders
                    .iter()
                    .filter_map(|e| self.doc.enterprises.get(*e))
                    .map(|e| e.id.clone())
                    .collect(),
                key_enterprises: g.key,
                strength: g.strength,
                upstream: closures.then(|| self.ids(&self.upstream(i))),
                downstream: closures.then(|| self.ids(&self.downstream(i))),
            })
            .collect();
        let mut summary = GapSummary::default();
        for l in &links {
            match l.gap {
                GapClass::Missing => summary.missing.push(l.id.clone()),
                GapClass::Weak => summary.weak.push(l.id.clone()),
                GapClass::Strong => summary.strong.push(l.id.clone()),
            }
        }
        let targets = gaps
            .iter()
            .enumerate()
            .filter(|(_, g)| g.class != GapClass::Strong && !g.targets.is_empty())
            .filter_map(|(i, g)| {
                let link = self.doc.links.get(i)?;
                let ranked = gap::rank_targets(&self.doc.enterprises, &g.targets);
                Some(GapTargets {
                    link: link.id.clone(),
                    gap: g.class,
                    total: ranked.len(),
                    enterprises: ranked
                        .iter()
                        .take(rules.max_targets)
                        .filter_map(|e| self.doc.enterprises.get(*e))
                        .map(TargetStats::from)
                        .collect(),
                })
            })
            .collect();
        let leaders = self
            .doc
            .enterprises
            .iter()
            .filter(|e| e.role() == Role::Leader)
            .map(|e| LeaderStats {
                id: e.id.clone(),
                name: e.name.clone(),
                local: e.is_local(),
                links: e.links.clone(),
            })
            .collect();
        Stats {
            counts: self.counts(),
            rules: rules.clone(),
            links,
            gaps: summary,
            leaders,
            targets,
            coverage: if full {
                region::coverage(self)
            } else {
                Vec::new()
            },
            pipeline: self.pipeline(),
        }
    }

    fn counts(&self) -> Counts {
        let d = &self.doc;
        let local = d.enterprises.iter().filter(|e| e.is_local()).count();
        Counts {
            stages: d.stages.as_ref().map_or(0, Vec::len),
            links: d.links.len(),
            leaf_links: (0..d.links.len())
                .filter(|i| self.children(*i).is_empty())
                .count(),
            flows: d.flows.len(),
            enterprises: d.enterprises.len(),
            local_enterprises: local,
            target_enterprises: d.enterprises.len() - local,
            parks: d.parks.len(),
            projects: d.projects.len(),
            opportunities: d.opportunities.len(),
            metrics: d.metrics.len(),
        }
    }

    /// Project pipeline totals per status, and targets (non-local enterprises) per status.
    pub fn pipeline(&self) -> Pipeline {
        let projects = status_totals(self.doc.projects.iter().map(|p| (p.status, p.amount)));
        let targets = status_totals(
            self.doc
                .enterprises
                .iter()
                .filter(|e| !e.is_local())
                .map(|e| (e.status, e.amount)),
        );
        let total_count = self.doc.projects.len();
        let total_amount = self.doc.projects.iter().filter_map(|p| p.amount).sum();
        Pipeline {
            projects,
            targets,
            total_count,
            total_amount,
        }
    }
}

/// Count and amount per status, in pipeline order, plus one total without a status if any.
fn status_totals(items: impl Iterator<Item = (Option<Status>, Option<f64>)>) -> Vec<StatusTotal> {
    let mut totals: Vec<StatusTotal> = Status::ALL
        .iter()
        .map(|s| StatusTotal {
            status: Some(*s),
            count: 0,
            amount: 0.0,
        })
        .collect();
    let mut unknown = StatusTotal {
        status: None,
        count: 0,
        amount: 0.0,
    };
    for (status, amount) in items {
        let slot = match status.and_then(|s| totals.iter_mut().find(|t| t.status == Some(s))) {
            Some(slot) => slot,
            None => &mut unknown,
        };
        slot.count += 1;
        slot.amount += amount.unwrap_or(0.0);
    }
    if unknown.count > 0 {
        totals.push(unknown);
    }
    totals
}

/// Above this many links, `stats` leaves out the per-link closure lists (they grow quadratically).
pub const CLOSURE_LIMIT: usize = 5_000;

/// Everything `lianmap stats` prints.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Item counts.
    pub counts: Counts,
    /// The gap rules used.
    pub rules: GapRules,
    /// Per link, in document order.
    pub links: Vec<LinkStats>,
    /// Link ids per gap class.
    pub gaps: GapSummary,
    /// Chain leaders (链主), local or not.
    pub leaders: Vec<LeaderStats>,
    /// For each missing or weak link, its targets ranked ("缺什么招什么").
    pub targets: Vec<GapTargets>,
    /// Per region code: which leaf links it has and lacks.
    pub coverage: Vec<RegionCoverage>,
    /// Pipeline totals.
    pub pipeline: Pipeline,
}

/// Item counts of the validated document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Stages.
    pub stages: usize,
    /// Links.
    pub links: usize,
    /// Links without children.
    pub leaf_links: usize,
    /// Flows.
    pub flows: usize,
    /// Enterprises.
    pub enterprises: usize,
    /// Enterprises already in the region.
    pub local_enterprises: usize,
    /// Enterprises being attracted.
    pub target_enterprises: usize,
    /// Parks.
    pub parks: usize,
    /// Projects.
    pub projects: usize,
    /// Opportunities.
    pub opportunities: usize,
    /// Metric values.
    pub metrics: usize,
}

/// Analysis of one link (counts cover the link and its whole subtree).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkStats {
    /// Link id.
    pub id: String,
    /// Display name.
    pub name: Name,
    /// Effective stage id.
    pub stage: Option<String>,
    /// Parent link id.
    pub parent: Option<String>,
    /// Depth in the link tree (0 at the top).
    pub depth: usize,
    /// True when the link has no children.
    pub leaf: bool,
    /// The class shown: the host's override if any, else the computed one.
    pub gap: GapClass,
    /// The class the rules give.
    pub computed_gap: GapClass,
    /// Whether `gap` comes from the host or the rules.
    pub gap_source: GapSource,
    /// Local enterprises on the link or below it.
    pub local_enterprises: usize,
    /// Non-local enterprises (targets) on the link or below it.
    pub target_enterprises: usize,
    /// Local chain leaders on the link or below it.
    pub leaders: Vec<String>,
    /// Local key enterprises on the link or below it.
    pub key_enterprises: usize,
    /// Weighted local strength (see [`GapRules`]).
    pub strength: f64,
    /// Upstream closure (link ids), or null above [`CLOSURE_LIMIT`] links.
    pub upstream: Option<Vec<String>>,
    /// Downstream closure (link ids), or null above [`CLOSURE_LIMIT`] links.
    pub downstream: Option<Vec<String>>,
}

/// Link ids per gap class.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GapSummary {
    /// Links with no local enterprise (缺链).
    pub missing: Vec<String>,
    /// Weak links (短板).
    pub weak: Vec<String>,
    /// Strong links (长板).
    pub strong: Vec<String>,
}

/// A chain leader.
#[derive(Clone, Debug, Serialize)]
pub struct LeaderStats {
    /// Enterprise id.
    pub id: String,
    /// Display name.
    pub name: Name,
    /// Whether it is already in the region.
    pub local: bool,
    /// Links it works on.
    pub links: Vec<String>,
}

/// Ranked targets for one missing or weak link.
#[derive(Clone, Debug, Serialize)]
pub struct GapTargets {
    /// Link id.
    pub link: String,
    /// The link's gap class.
    pub gap: GapClass,
    /// How many targets there are in all.
    pub total: usize,
    /// The best ones, at most [`GapRules::max_targets`].
    pub enterprises: Vec<TargetStats>,
}

/// One ranked target enterprise.
#[derive(Clone, Debug, Serialize)]
pub struct TargetStats {
    /// Enterprise id.
    pub id: String,
    /// Display name.
    pub name: Name,
    /// Role in the chain.
    pub role: Role,
    /// Pipeline status.
    pub status: Option<Status>,
    /// Evaluation score (0–100).
    pub score: Option<f64>,
    /// Amount in the document's unit.
    pub amount: Option<f64>,
}

impl From<&Enterprise> for TargetStats {
    fn from(e: &Enterprise) -> Self {
        TargetStats {
            id: e.id.clone(),
            name: e.name.clone(),
            role: e.role(),
            status: e.status,
            score: e.score,
            amount: e.amount,
        }
    }
}

/// Count and amount for one status (`status` null: projects or targets without a status).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusTotal {
    /// The status, or null for items without one.
    pub status: Option<Status>,
    /// How many.
    pub count: usize,
    /// Sum of their amounts.
    pub amount: f64,
}

/// Pipeline totals.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pipeline {
    /// Projects per status, in pipeline order.
    pub projects: Vec<StatusTotal>,
    /// Non-local enterprises per status, in pipeline order (amount: their `amount` sum).
    pub targets: Vec<StatusTotal>,
    /// All projects.
    pub total_count: usize,
    /// Sum of all project amounts.
    pub total_amount: f64,
}
