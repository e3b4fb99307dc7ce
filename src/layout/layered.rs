//! The layered (Sugiyama) layout engine on a plain graph: feedback edges, ranking within bands,
//! long-edge dummies, crossing reduction, coordinate assignment and edge routes.
//!
//! References: Sugiyama, Tagawa, Toda (1981); Eades, Lin, Smyth, "A fast and effective heuristic
//! for the feedback arc set problem" (1993) for cycles; Gansner et al., "A technique for drawing
//! directed graphs" (1993) for the weighted-median sweeps with transposition; Barth, Jünger,
//! Mutzel, "Simple and efficient bilayer cross counting" (2002) for counting crossings; and
//! quadratic placement per layer by isotonic regression (pool-adjacent-violators) for compact,
//! balanced coordinates with straight long edges.
//!
//! Coordinates here are abstract: `rank` grows along the flow and `pos` runs across it. The
//! caller maps them to screen axes (left→right or top→bottom).

use std::collections::VecDeque;

/// Input of the engine.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    /// Extent of each node across the flow (its height in a left→right layout).
    pub breadth: Vec<f64>,
    /// Extent of each node along the flow (its width in a left→right layout).
    pub length: Vec<f64>,
    /// Band of each node (its stage); bands are laid out one after another along the flow.
    pub band: Vec<usize>,
    /// Directed edges; self-loops and duplicates are ignored.
    pub edges: Vec<(usize, usize)>,
}

/// Spacing and effort.
#[derive(Clone, Debug)]
pub struct Spacing {
    /// Gap between neighbours in a layer.
    pub node_gap: f64,
    /// Gap between layers.
    pub layer_gap: f64,
    /// Extra gap where a band ends.
    pub band_gap: f64,
    /// Crossing-reduction sweeps (each a down or an up pass plus transposition).
    pub sweeps: usize,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing {
            node_gap: 14.0,
            layer_gap: 56.0,
            band_gap: 40.0,
            sweeps: 24,
        }
    }
}

/// Output of the engine.
#[derive(Clone, Debug, Default)]
pub struct Placed {
    /// Layer of each node.
    pub rank: Vec<usize>,
    /// Centre of each node along the flow.
    pub along: Vec<f64>,
    /// Centre of each node across the flow.
    pub across: Vec<f64>,
    /// Per input edge (same order; `None` for ignored ones): the route from source to target as
    /// (along, across) points, and whether it was drawn against the flow.
    pub routes: Vec<Option<Route>>,
    /// Start and end (along the flow) of each band that has nodes.
    pub bands: Vec<(usize, f64, f64)>,
    /// Crossings between layer pairs after ordering (dummy segments included).
    pub crossings: usize,
}

/// An edge's drawn path as (along, across) points from source to target, and whether it runs
/// against the flow.
pub type Route = (Vec<(f64, f64)>, bool);

/// A node of the layered graph: a real node or a dummy on a long edge.
#[derive(Clone, Copy, Debug)]
struct Slot {
    breadth: f64,
    /// Real node index, or `None` for a dummy.
    real: Option<usize>,
}

/// Lays out `graph`.
///
/// Complexity: O((V + D) · log V · sweeps) for ordering, where D is the number of dummies (the
/// total rank span of long edges), plus O(V + E) for the rest.
pub fn layout(graph: &Graph, spacing: &Spacing) -> Placed {
    let n = graph.breadth.len();
    if n == 0 {
        return Placed {
            routes: vec![None; graph.edges.len()],
            ..Placed::default()
        };
    }
    let band = |v: usize| graph.band.get(v).copied().unwrap_or(0);

    // 1. Orient every edge forward: across bands by band order, within a band by a greedy
    //    feedback-arc-set order.
    let order = feedback_order(n, &graph.edges, &band);
    // The first of each edge (by its ends, in either direction) is kept.
    let valid = |u: usize, v: usize| u != v && u < n && v < n;
    let keys: Vec<u128> = graph
        .edges
        .iter()
        .map(|&(u, v)| match valid(u, v) {
            true => ((u.min(v) as u128) << 64) | ((u.max(v) as u128) << 1) | u128::from(u < v),
            false => u128::MAX,
        })
        .collect();
    let first = crate::sort::first_occurrences(&keys);
    let oriented: Vec<Option<(usize, usize, bool)>> = graph
        .edges
        .iter()
        .zip(first)
        .map(|(&(u, v), first)| {
            if !valid(u, v) || !first {
                return None;
            }
            let forward = match band(u).cmp(&band(v)) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Greater => false,
                std::cmp::Ordering::Equal => order.get(u) < order.get(v),
            };
            Some(if forward { (u, v, false) } else { (v, u, true) })
        })
        .collect();

    // 2–4. Ranks, dummies and order, for two rankings: longest path refined by local moves, and
    //      network simplex (shortest edges). Equal total length can still order differently, so
    //      the one whose order crosses less wins (ties: the first).
    let mut best: Option<Ordered> = None;
    let small = n + oriented.iter().flatten().count() <= super::simplex::MAX_SIZE;
    for simplex in [false, true] {
        if simplex && !small {
            continue;
        }
        let rank = assign_ranks(n, &oriented, &band, simplex);
        if best.as_ref().is_some_and(|b| b.rank == rank) {
            continue;
        }
        let ordered = order_layers(graph, &oriented, rank, spacing);
        if best
            .as_ref()
            .is_none_or(|b| ordered.crossings < b.crossings)
        {
            best = Some(ordered);
        }
    }
    let Some(Ordered {
        rank,
        n_ranks,
        slots,
        slot_rank,
        chains,
        down,
        up,
        layers,
        crossings,
    }) = best
    else {
        return Placed {
            routes: vec![None; graph.edges.len()],
            ..Placed::default()
        };
    };

    // 5. Coordinates across the flow.
    let across = place(&layers, &slots, &down, &up, spacing.node_gap);

    // 6. Coordinates along the flow: each layer as wide as its longest node.
    let mut layer_length = vec![0.0f64; n_ranks];
    let mut layer_band = vec![0usize; n_ranks];
    for v in 0..n {
        let r = rank.get(v).copied().unwrap_or(0);
        if let Some(l) = layer_length.get_mut(r) {
            *l = l.max(graph.length.get(v).copied().unwrap_or(0.0));
        }
        if let Some(b) = layer_band.get_mut(r) {
            *b = band(v);
        }
    }
    let mut layer_start = vec![0.0; n_ranks];
    let mut at = 0.0;
    for r in 0..n_ranks {
        if r > 0 {
            at += spacing.layer_gap;
            if layer_band.get(r) != layer_band.get(r - 1) {
                at += spacing.band_gap;
            }
        }
        if let Some(s) = layer_start.get_mut(r) {
            *s = at;
        }
        at += layer_length.get(r).copied().unwrap_or(0.0);
    }
    let layer_mid = |r: usize| {
        layer_start.get(r).copied().unwrap_or(0.0)
            + layer_length.get(r).copied().unwrap_or(0.0) / 2.0
    };
    let along: Vec<f64> = (0..n)
        .map(|v| layer_mid(rank.get(v).copied().unwrap_or(0)))
        .collect();

    let mut bands: Vec<(usize, f64, f64)> = Vec::new();
    for r in 0..n_ranks {
        let b = layer_band.get(r).copied().unwrap_or(0);
        let (start, end) = (
            layer_start.get(r).copied().unwrap_or(0.0),
            layer_start.get(r).copied().unwrap_or(0.0)
                + layer_length.get(r).copied().unwrap_or(0.0),
        );
        match bands.last_mut() {
            Some(last) if last.0 == b => last.2 = end,
            _ => bands.push((b, start, end)),
        }
    }

    // 7. Routes: leave the source's downstream side, cross each dummy's layer straight, enter the
    //    target's upstream side; smooth S-curves between layers.
    let half = |v: usize| graph.length.get(v).copied().unwrap_or(0.0) / 2.0;
    // Segments per curve between layers: 8 look smooth at any zoom; large graphs, seen from
    // further away, get fewer so that routes stay a small part of memory and drawing time.
    let steps = match slots.len() {
        0..=4_000 => 8,
        4_001..=40_000 => 5,
        _ => 3,
    };
    let routes = oriented
        .iter()
        .zip(&chains)
        .map(|(edge, chain)| {
            let ((u, v, reversed), chain) = (edge.as_ref()?, chain.as_ref()?);
            let pos = |s: usize| across.get(s).copied().unwrap_or(0.0);
            // A node shorter than its layer first runs straight to the layer's edge, inside its
            // own lane, so that curves only ever bend in the gaps between layers.
            let layer_end = |r: usize| {
                layer_start.get(r).copied().unwrap_or(0.0)
                    + layer_length.get(r).copied().unwrap_or(0.0)
            };
            let (ru, rv) = (
                rank.get(*u).copied().unwrap_or(0),
                rank.get(*v).copied().unwrap_or(0),
            );
            let mut anchors: Vec<(f64, f64)> = vec![
                (along.get(*u).copied().unwrap_or(0.0) + half(*u), pos(*u)),
                (layer_end(ru), pos(*u)),
            ];
            for &d in chain.iter().skip(1).take(chain.len().saturating_sub(2)) {
                let r = slot_rank.get(d).copied().unwrap_or(0);
                let start = layer_start.get(r).copied().unwrap_or(0.0);
                let end = start + layer_length.get(r).copied().unwrap_or(0.0);
                anchors.push((start, pos(d)));
                anchors.push((end, pos(d)));
            }
            anchors.push((layer_start.get(rv).copied().unwrap_or(0.0), pos(*v)));
            anchors.push((along.get(*v).copied().unwrap_or(0.0) - half(*v), pos(*v)));
            anchors.dedup_by(|b, a| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9);
            let mut points = vec![anchors.first().copied().unwrap_or((0.0, 0.0))];
            for pair in anchors.windows(2) {
                if let (Some(&a), Some(&b)) = (pair.first(), pair.get(1)) {
                    curve(a, b, steps, &mut points);
                }
            }
            if *reversed {
                points.reverse();
            }
            Some((points, *reversed))
        })
        .collect();

    Placed {
        rank,
        along,
        across: across.into_iter().take(n).collect(),
        routes,
        bands,
        crossings,
    }
}

/// Ranks, long-edge dummies and the order within layers, for one ranking.
struct Ordered {
    rank: Vec<usize>,
    n_ranks: usize,
    slots: Vec<Slot>,
    slot_rank: Vec<usize>,
    chains: Vec<Option<Vec<usize>>>,
    down: Vec<Vec<usize>>,
    up: Vec<Vec<usize>>,
    layers: Vec<Vec<usize>>,
    crossings: usize,
}

fn order_layers(
    graph: &Graph,
    oriented: &[Option<(usize, usize, bool)>],
    rank: Vec<usize>,
    spacing: &Spacing,
) -> Ordered {
    let n = graph.breadth.len();
    let n_ranks = rank.iter().max().map_or(1, |r| r + 1);

    // 3. Layers with dummies for long edges.
    let mut slots: Vec<Slot> = (0..n)
        .map(|v| Slot {
            breadth: graph.breadth.get(v).copied().unwrap_or(0.0),
            real: Some(v),
        })
        .collect();
    let mut slot_rank = rank.clone();
    let mut chains: Vec<Option<Vec<usize>>> = Vec::with_capacity(oriented.len());
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n]; // slot → slots in the next layer
    for edge in oriented {
        let Some((u, v, _)) = *edge else {
            chains.push(None);
            continue;
        };
        let (ru, rv) = (
            rank.get(u).copied().unwrap_or(0),
            rank.get(v).copied().unwrap_or(0),
        );
        let mut chain = vec![u];
        for r in ru + 1..rv {
            slots.push(Slot {
                breadth: 0.0,
                real: None,
            });
            slot_rank.push(r);
            down.push(Vec::new());
            chain.push(slots.len() - 1);
        }
        chain.push(v);
        for pair in chain.windows(2) {
            if let (Some(&a), Some(&b)) = (pair.first(), pair.get(1))
                && let Some(list) = down.get_mut(a)
            {
                list.push(b);
            }
        }
        chains.push(Some(chain));
    }
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); slots.len()];
    for (a, list) in down.iter().enumerate() {
        for &b in list {
            if let Some(l) = up.get_mut(b) {
                l.push(a);
            }
        }
    }

    // 4. Order within layers.
    // Several starts (breadth- and depth-first first orders, median and barycentre keys); the
    // order with the fewest crossings wins. Ties keep the earlier start, so the result is
    // deterministic. Large graphs get fewer starts and sweeps (see [`Effort`]).
    let effort = Effort::for_slots(slots.len(), spacing.sweeps);
    let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
    let starts = [
        (false, Key::Median),
        (false, Key::Barycenter),
        (true, Key::Median),
        (true, Key::Barycenter),
    ];
    for &(depth_first, key) in starts.iter().take(effort.starts) {
        let mut layers = initial_order(&slot_rank, n_ranks, &down, &up, depth_first);
        let crossings = reduce_crossings(&mut layers, &down, &up, slots.len(), &effort, key);
        if best.as_ref().is_none_or(|(b, _)| crossings < *b) {
            best = Some((crossings, layers));
        }
    }
    // Small graphs also try shuffled first orders (a fixed seed, so still deterministic): the
    // sweeps are local searches, and a few more starting points often find fewer crossings.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for restart in 0..effort.restarts {
        if best.as_ref().is_some_and(|(b, _)| *b == 0) {
            break;
        }
        let mut layers = initial_order(&slot_rank, n_ranks, &down, &up, restart % 2 == 1);
        for layer in &mut layers {
            for i in (1..layer.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                layer.swap(i, (seed % (i as u64 + 1)) as usize);
            }
        }
        let key = if restart % 4 < 2 {
            Key::Median
        } else {
            Key::Barycenter
        };
        let short = Effort {
            sweeps: effort.sweeps.div_ceil(3),
            ..effort
        };
        let crossings = reduce_crossings(&mut layers, &down, &up, slots.len(), &short, key);
        if best.as_ref().is_none_or(|(b, _)| crossings < *b) {
            best = Some((crossings, layers));
        }
    }
    let (crossings, layers) = best.unwrap_or_default();
    Ordered {
        rank,
        n_ranks,
        slots,
        slot_rank,
        chains,
        down,
        up,
        layers,
        crossings,
    }
}

/// How hard the ordering works. Small graphs (what a page usually shows, and every graph of the
/// crossing comparison with dot) get the full effort; above [`Effort::FULL_SLOTS`] slots (nodes
/// plus long-edge dummies) the work is capped near [`Effort::BUDGET`] slot-sweeps, so that
/// ordering time grows about linearly with the graph instead of with graph × sweeps × starts.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Effort {
    /// Starts tried (1–4).
    starts: usize,
    /// Sweeps per start.
    sweeps: usize,
    /// Rounds of transposition per sweep.
    transpose_rounds: usize,
    /// Extra starts from shuffled first orders.
    restarts: usize,
}

impl Effort {
    const FULL_SLOTS: usize = 4_000;
    /// Slot-restarts for the shuffled starts of small graphs.
    const RESTART_BUDGET: usize = 30_000;
    /// Graphs up to this many slots get the shuffled restarts.
    const RESTART_SLOTS: usize = 500;
    const BUDGET: usize = 50_000;

    fn for_slots(m: usize, sweeps: usize) -> Effort {
        if m <= Self::FULL_SLOTS {
            return Effort {
                starts: 4,
                sweeps,
                transpose_rounds: 4,
                restarts: if m <= Self::RESTART_SLOTS {
                    (Self::RESTART_BUDGET / m.max(1)).min(128)
                } else {
                    0
                },
            };
        }
        let total = (Self::BUDGET / m.max(1)).clamp(2, 4 * sweeps.max(1));
        let starts = (total / 12).clamp(1, 4);
        Effort {
            starts,
            sweeps: (total / starts).clamp(2, sweeps.max(2)),
            transpose_rounds: 1,
            restarts: 0,
        }
    }
}

/// Appends a flattened S-curve from `a` to `b` (horizontal tangents) to `points`, without `a`.
fn curve(a: (f64, f64), b: (f64, f64), steps: usize, points: &mut Vec<(f64, f64)>) {
    if (a.1 - b.1).abs() < 0.5 {
        points.push(b);
        return;
    }
    let mid = (a.0 + b.0) / 2.0;
    let (c1, c2) = ((mid, a.1), (mid, b.1));
    for i in 1..=steps {
        let t = i as f64 / steps as f64;
        let mt = 1.0 - t;
        let x = mt * mt * mt * a.0
            + 3.0 * mt * mt * t * c1.0
            + 3.0 * mt * t * t * c2.0
            + t * t * t * b.0;
        let y = mt * mt * mt * a.1
            + 3.0 * mt * mt * t * c1.1
            + 3.0 * mt * t * t * c2.1
            + t * t * t * b.1;
        points.push((x, y));
    }
}

/// Greedy feedback-arc-set order (Eades–Lin–Smyth) within each band: sinks go last, sources
/// first, otherwise the node with the largest out-degree minus in-degree. Edges that point
/// backwards in this order are the ones reversed. Returns each node's position in the order.
///
/// Complexity: O(V + E) with bucket queues; here O(V log V + E) with a simple scan per band,
/// which is fine at the sizes a page shows.
fn feedback_order(
    n: usize,
    edges: &[(usize, usize)],
    band: &impl Fn(usize) -> usize,
) -> Vec<usize> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut inc: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(u, v) in edges {
        if u != v && u < n && v < n && band(u) == band(v) {
            if let Some(l) = out.get_mut(u) {
                l.push(v);
            }
            if let Some(l) = inc.get_mut(v) {
                l.push(u);
            }
        }
    }
    let mut outdeg: Vec<i64> = out.iter().map(|l| l.len() as i64).collect();
    let mut indeg: Vec<i64> = inc.iter().map(|l| l.len() as i64).collect();
    let mut removed = vec![false; n];
    let mut front: Vec<usize> = Vec::with_capacity(n);
    let mut back: Vec<usize> = Vec::new();
    // Buckets by delta = out - in, plus queues of sinks and sources.
    let mut sinks: VecDeque<usize> = (0..n).filter(|v| outdeg.get(*v) == Some(&0)).collect();
    let mut sources: VecDeque<usize> = (0..n)
        .filter(|v| indeg.get(*v) == Some(&0) && outdeg.get(*v) != Some(&0))
        .collect();
    let mut heap: std::collections::BinaryHeap<(i64, std::cmp::Reverse<usize>)> = (0..n)
        .map(|v| {
            (
                outdeg.get(v).copied().unwrap_or(0) - indeg.get(v).copied().unwrap_or(0),
                std::cmp::Reverse(v),
            )
        })
        .collect();
    let mut left = n;
    let remove =
        |v: usize,
         removed: &mut Vec<bool>,
         outdeg: &mut Vec<i64>,
         indeg: &mut Vec<i64>,
         sinks: &mut VecDeque<usize>,
         sources: &mut VecDeque<usize>,
         heap: &mut std::collections::BinaryHeap<(i64, std::cmp::Reverse<usize>)>| {
            if let Some(r) = removed.get_mut(v) {
                *r = true;
            }
            for &w in inc.get(v).into_iter().flatten() {
                if removed.get(w) == Some(&false) {
                    if let Some(d) = outdeg.get_mut(w) {
                        *d -= 1;
                        if *d == 0 {
                            sinks.push_back(w);
                        }
                    }
                    heap.push((
                        outdeg.get(w).copied().unwrap_or(0) - indeg.get(w).copied().unwrap_or(0),
                        std::cmp::Reverse(w),
                    ));
                }
            }
            for &w in out.get(v).into_iter().flatten() {
                if removed.get(w) == Some(&false) {
                    if let Some(d) = indeg.get_mut(w) {
                        *d -= 1;
                        if *d == 0 && outdeg.get(w) != Some(&0) {
                            sources.push_back(w);
                        }
                    }
                    heap.push((
                        outdeg.get(w).copied().unwrap_or(0) - indeg.get(w).copied().unwrap_or(0),
                        std::cmp::Reverse(w),
                    ));
                }
            }
        };
    while left > 0 {
        // Sinks go to the back, sources to the front, otherwise the largest out − in degree.
        let (v, to_back) = if let Some(v) = sinks.pop_front() {
            (v, true)
        } else if let Some(v) = sources.pop_front() {
            (v, false)
        } else {
            let Some((delta, std::cmp::Reverse(v))) = heap.pop() else {
                break;
            };
            let current = outdeg.get(v).copied().unwrap_or(0) - indeg.get(v).copied().unwrap_or(0);
            if delta != current {
                continue; // stale entry
            }
            (v, false)
        };
        if removed.get(v) != Some(&false) {
            continue;
        }
        if to_back {
            back.push(v);
        } else {
            front.push(v);
        }
        remove(
            v,
            &mut removed,
            &mut outdeg,
            &mut indeg,
            &mut sinks,
            &mut sources,
            &mut heap,
        );
        left -= 1;
    }
    back.reverse();
    let mut position = vec![0; n];
    for (i, v) in front.iter().chain(back.iter()).enumerate() {
        if let Some(p) = position.get_mut(*v) {
            *p = i;
        }
    }
    position
}

/// Ranks: longest path within each band, then sources pulled next to their successors, then the
/// bands placed one after another.
fn assign_ranks(
    n: usize,
    oriented: &[Option<(usize, usize, bool)>],
    band: &impl Fn(usize) -> usize,
    simplex: bool,
) -> Vec<usize> {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for &(u, v, _) in oriented.iter().flatten() {
        if band(u) == band(v) {
            if let Some(l) = succ.get_mut(u) {
                l.push(v);
            }
            if let Some(l) = pred.get_mut(v) {
                l.push(u);
            }
            if let Some(d) = indeg.get_mut(v) {
                *d += 1;
            }
        }
    }
    // Topological order (the orientation made each band acyclic).
    let mut queue: VecDeque<usize> = (0..n).filter(|v| indeg.get(*v) == Some(&0)).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(v) = queue.pop_front() {
        topo.push(v);
        for &w in succ.get(v).into_iter().flatten() {
            if let Some(d) = indeg.get_mut(w) {
                *d -= 1;
                if *d == 0 {
                    queue.push_back(w);
                }
            }
        }
    }
    let mut local = vec![0usize; n];
    for &v in &topo {
        let r = pred
            .get(v)
            .into_iter()
            .flatten()
            .filter_map(|p| local.get(*p))
            .map(|r| r + 1)
            .max()
            .unwrap_or(0);
        if let Some(l) = local.get_mut(v) {
            *l = r;
        }
    }
    if simplex {
        // Shortest total edge length within each band: network simplex on the band's edges.
        let band_edges: Vec<(usize, usize)> = oriented
            .iter()
            .flatten()
            .filter(|&&(u, v, _)| band(u) == band(v))
            .map(|&(u, v, _)| (u, v))
            .collect();
        super::simplex::optimise(n, &band_edges, &mut local);
    } else {
        // Shorten edges locally: move each node, within the ranks its neighbours allow, towards
        // the side with more edges; nodes with as many edges in as out stay.
        let height = local.iter().max().map_or(0, |r| r + 1);
        for _ in 0..8 {
            let mut moved = false;
            for &v in topo.iter().rev().chain(topo.iter()) {
                let preds = pred.get(v).map_or(&[][..], Vec::as_slice);
                let succs = succ.get(v).map_or(&[][..], Vec::as_slice);
                let lo = preds
                    .iter()
                    .filter_map(|p| local.get(*p))
                    .map(|r| r + 1)
                    .max()
                    .unwrap_or(0);
                let hi = succs
                    .iter()
                    .filter_map(|w| local.get(*w))
                    .map(|r| r.saturating_sub(1))
                    .min()
                    .unwrap_or(height.saturating_sub(1).max(lo));
                let Some(r) = local.get_mut(v) else { continue };
                let target = match preds.len().cmp(&succs.len()) {
                    std::cmp::Ordering::Greater => lo,
                    std::cmp::Ordering::Less if !succs.is_empty() => hi.max(lo),
                    _ => (*r).clamp(lo, hi.max(lo)),
                };
                if target != *r {
                    *r = target;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
    }
    // Ranks start at 0 in each band.
    if let Some(min) = local.iter().min().copied() {
        for r in &mut local {
            *r -= min;
        }
    }
    // Bands one after another, in band order.
    let n_bands = (0..n).map(band).max().map_or(1, |b| b + 1);
    let mut band_len = vec![0usize; n_bands];
    for v in 0..n {
        if let Some(len) = band_len.get_mut(band(v)) {
            *len = (*len).max(local.get(v).copied().unwrap_or(0) + 1);
        }
    }
    let mut offset = vec![0usize; n_bands];
    let mut at = 0;
    for b in 0..n_bands {
        if let Some(o) = offset.get_mut(b) {
            *o = at;
        }
        at += band_len.get(b).copied().unwrap_or(0);
    }
    (0..n)
        .map(|v| offset.get(band(v)).copied().unwrap_or(0) + local.get(v).copied().unwrap_or(0))
        .collect()
}

/// First order: breadth-first (or depth-first, as dot does) from the first layers' nodes, each
/// node appended to its layer when reached, so connected nodes start close.
fn initial_order(
    slot_rank: &[usize],
    n_ranks: usize,
    down: &[Vec<usize>],
    up: &[Vec<usize>],
    depth_first: bool,
) -> Vec<Vec<usize>> {
    let m = slot_rank.len();
    let mut layers = vec![Vec::new(); n_ranks];
    let mut placed = vec![false; m];
    let mut by_rank: Vec<usize> = (0..m).collect();
    crate::sort::by_key(&mut by_rank, |v| {
        (slot_rank.get(v).copied().unwrap_or(0), v)
    });
    for start in by_rank {
        if placed.get(start) != Some(&false) {
            continue;
        }
        let mut queue = VecDeque::from([start]);
        if let Some(p) = placed.get_mut(start) {
            *p = true;
        }
        while let Some(v) = if depth_first {
            queue.pop_back()
        } else {
            queue.pop_front()
        } {
            if let Some(layer) = layers.get_mut(slot_rank.get(v).copied().unwrap_or(0)) {
                layer.push(v);
            }
            let next: Vec<usize> = down
                .get(v)
                .into_iter()
                .flatten()
                .chain(up.get(v).into_iter().flatten())
                .copied()
                .collect();
            let ordered: Vec<usize> = if depth_first {
                next.into_iter().rev().collect()
            } else {
                next
            };
            for w in ordered {
                if placed.get(w) == Some(&false) {
                    if let Some(p) = placed.get_mut(w) {
                        *p = true;
                    }
                    queue.push_back(w);
                }
            }
        }
    }
    layers
}

/// How a node's place is estimated from its neighbours' places.
#[derive(Clone, Copy, PartialEq)]
enum Key {
    /// The weighted median (Gansner et al.).
    Median,
    /// The mean (Sugiyama et al.).
    Barycenter,
}

/// Crossings between two adjacent layers (Barth–Jünger–Mutzel accumulator tree).
fn count_between(upper: &[usize], lower_len: usize, pos: &[usize], down: &[Vec<usize>]) -> usize {
    let mut targets: Vec<usize> = Vec::new();
    for &v in upper {
        let mut ends: Vec<usize> = down
            .get(v)
            .into_iter()
            .flatten()
            .filter_map(|w| pos.get(*w).copied())
            .collect();
        ends.sort_unstable();
        targets.extend(ends);
    }
    let mut size = 1;
    while size < lower_len.max(1) {
        size *= 2;
    }
    let mut tree = vec![0usize; 2 * size];
    let mut crossings = 0;
    for t in targets {
        let mut index = t + size;
        if let Some(c) = tree.get_mut(index) {
            *c += 1;
        }
        while index > 1 {
            if index % 2 == 0 {
                crossings += tree.get(index + 1).copied().unwrap_or(0);
            }
            index /= 2;
            if let Some(c) = tree.get_mut(index) {
                *c += 1;
            }
        }
    }
    crossings
}

fn total_crossings(layers: &[Vec<usize>], pos: &[usize], down: &[Vec<usize>]) -> usize {
    layers
        .windows(2)
        .map(|pair| match (pair.first(), pair.get(1)) {
            (Some(a), Some(b)) => count_between(a, b.len(), pos, down),
            _ => 0,
        })
        .sum()
}

fn positions(layers: &[Vec<usize>], m: usize) -> Vec<usize> {
    let mut pos = vec![0; m];
    for layer in layers {
        for (i, v) in layer.iter().enumerate() {
            if let Some(p) = pos.get_mut(*v) {
                *p = i;
            }
        }
    }
    pos
}

/// Weighted-median sweeps with transposition; keeps the best order seen. Returns its crossings.
fn reduce_crossings(
    layers: &mut [Vec<usize>],
    down: &[Vec<usize>],
    up: &[Vec<usize>],
    m: usize,
    effort: &Effort,
    key: Key,
) -> usize {
    let mut pos = positions(layers, m);
    let mut best = total_crossings(layers, &pos, down);
    let mut best_layers = layers.to_vec();
    let mut ps: Vec<usize> = Vec::new();
    let mut keyed: Vec<(f64, usize, usize)> = Vec::new();
    for sweep in 0..effort.sweeps {
        if best == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let n_layers = layers.len();
        for step in 1..n_layers {
            let r = if downward { step } else { n_layers - 1 - step };
            let neighbours = if downward { up } else { down };
            let Some(layer) = layers.get_mut(r) else {
                continue;
            };
            keyed.clear();
            for (i, &v) in layer.iter().enumerate() {
                ps.clear();
                ps.extend(
                    neighbours
                        .get(v)
                        .into_iter()
                        .flatten()
                        .filter_map(|w| pos.get(*w).copied()),
                );
                ps.sort_unstable();
                let estimate = match key {
                    Key::Median => median(&ps),
                    Key::Barycenter => {
                        (!ps.is_empty()).then(|| ps.iter().sum::<usize>() as f64 / ps.len() as f64)
                    }
                };
                keyed.push((estimate.unwrap_or(i as f64), i, v));
            }
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layer.clear();
            layer.extend(keyed.iter().map(|&(_, _, v)| v));
            for (i, v) in layer.iter().enumerate() {
                if let Some(p) = pos.get_mut(*v) {
                    *p = i;
                }
            }
        }
        // Every other sweep also swaps neighbours whose crossings tie, to leave plateaus (dot).
        transpose(
            layers,
            &mut pos,
            down,
            up,
            sweep % 4 >= 2,
            effort.transpose_rounds,
        );
        let crossings = total_crossings(layers, &pos, down);
        if crossings < best {
            best = crossings;
            best_layers.clone_from_slice(layers);
        }
    }
    layers.clone_from_slice(&best_layers);
    best
}

/// The weighted median of sorted positions (Gansner et al.): the middle one for odd counts,
/// a mean weighted towards the denser side for even counts.
fn median(ps: &[usize]) -> Option<f64> {
    let n = ps.len();
    let at = |i: usize| ps.get(i).map(|p| *p as f64);
    match n {
        0 => None,
        1 => at(0),
        2 => Some((at(0)? + at(1)?) / 2.0),
        _ if n % 2 == 1 => at(n / 2),
        _ => {
            let (l, r) = (at(n / 2 - 1)?, at(n / 2)?);
            let left = l - at(0)?;
            let right = at(n - 1)? - r;
            if left + right == 0.0 {
                Some((l + r) / 2.0)
            } else {
                Some((l * right + r * left) / (left + right))
            }
        }
    }
}

/// Crossings of edges at `a` and `b` (a before b) with their neighbours in one adjacent layer.
fn pair_crossings(a: usize, b: usize, neighbours: &[Vec<usize>], pos: &[usize]) -> usize {
    let (Some(na), Some(nb)) = (neighbours.get(a), neighbours.get(b)) else {
        return 0;
    };
    let mut count = 0;
    for x in na {
        let px = pos.get(*x).copied().unwrap_or(0);
        count += nb
            .iter()
            .filter(|y| pos.get(**y).copied().unwrap_or(0) < px)
            .count();
    }
    count
}

/// Swaps neighbours in a layer while that lowers the crossings (a few rounds at most).
fn transpose(
    layers: &mut [Vec<usize>],
    pos: &mut [usize],
    down: &[Vec<usize>],
    up: &[Vec<usize>],
    ties: bool,
    rounds: usize,
) {
    for _ in 0..rounds {
        let mut improved = false;
        for layer in layers.iter_mut() {
            for i in 1..layer.len() {
                let (Some(&a), Some(&b)) = (layer.get(i - 1), layer.get(i)) else {
                    continue;
                };
                let now = pair_crossings(a, b, up, pos) + pair_crossings(a, b, down, pos);
                let swapped = pair_crossings(b, a, up, pos) + pair_crossings(b, a, down, pos);
                if swapped < now || (ties && swapped == now && now > 0) {
                    layer.swap(i - 1, i);
                    if let Some(p) = pos.get_mut(a) {
                        *p = i;
                    }
                    if let Some(p) = pos.get_mut(b) {
                        *p = i - 1;
                    }
                    improved |= swapped < now;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Coordinates across the flow: alternating passes that pull each node to the weighted mean of
/// its neighbours in the adjacent layers, then the layer's order and separations are restored by
/// isotonic regression (the least-squares placement keeping order and gaps). Dummies weigh more
/// so long edges straighten.
fn place(
    layers: &[Vec<usize>],
    slots: &[Slot],
    down: &[Vec<usize>],
    up: &[Vec<usize>],
    gap: f64,
) -> Vec<f64> {
    let m = slots.len();
    let breadth = |v: usize| slots.get(v).map_or(0.0, |s| s.breadth);
    let weight = |v: usize| {
        if slots.get(v).is_some_and(|s| s.real.is_none()) {
            4.0
        } else {
            1.0
        }
    };
    let mut y = vec![0.0; m];
    // Start packed and centred on 0.
    for layer in layers {
        let mut at = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                at += gap;
            }
            if let Some(p) = y.get_mut(v) {
                *p = at + breadth(v) / 2.0;
            }
            at += breadth(v);
        }
        for &v in layer {
            if let Some(p) = y.get_mut(v) {
                *p -= at / 2.0;
            }
        }
    }
    let mut targets: Vec<(f64, f64)> = Vec::new();
    // Twelve passes; large graphs fewer (at least four), so placement stays about linear.
    let passes = (1_200_000 / m.max(1)).clamp(4, 12);
    for pass in 0..passes {
        let order: Vec<usize> = if pass % 2 == 0 {
            (0..layers.len()).collect()
        } else {
            (0..layers.len()).rev().collect()
        };
        for r in order {
            let Some(layer) = layers.get(r) else { continue };
            targets.clear();
            for &v in layer {
                // The first two passes look one way only (up, then down); later ones both ways.
                let one_way = if pass % 2 == 0 { up } else { down };
                let (sum, count) = if pass < 2 {
                    sum_of(one_way.get(v), &y)
                } else {
                    let (s1, c1) = sum_of(up.get(v), &y);
                    let (s2, c2) = sum_of(down.get(v), &y);
                    (s1 + s2, c1 + c2)
                };
                targets.push(if count == 0 {
                    (y.get(v).copied().unwrap_or(0.0), 0.1)
                } else {
                    (sum / count as f64, weight(v) * count as f64)
                });
            }
            let gaps: Vec<f64> = layer
                .windows(2)
                .map(|p| {
                    (breadth(p.first().copied().unwrap_or(0))
                        + breadth(p.get(1).copied().unwrap_or(0)))
                        / 2.0
                        + gap
                })
                .collect();
            let placed = isotonic(&targets, &gaps);
            for (&v, p) in layer.iter().zip(placed) {
                if let Some(slot) = y.get_mut(v) {
                    *slot = p;
                }
            }
        }
    }
    let min = layers
        .iter()
        .flatten()
        .map(|&v| y.get(v).copied().unwrap_or(0.0) - breadth(v) / 2.0)
        .fold(f64::INFINITY, f64::min);
    let shift = if min.is_finite() { -min } else { 0.0 };
    y.iter().map(|p| p + shift).collect()
}

/// Sum and count of the current positions of `neighbours`.
fn sum_of(neighbours: Option<&Vec<usize>>, y: &[f64]) -> (f64, usize) {
    neighbours
        .into_iter()
        .flatten()
        .filter_map(|w| y.get(*w))
        .fold((0.0, 0), |(s, c), p| (s + p, c + 1))
}

/// Weighted least-squares positions for `targets` (target, weight) in this order, with
/// `p[i+1] - p[i] >= gaps[i]`: pool-adjacent-violators on the gap-shifted problem. O(n).
fn isotonic(targets: &[(f64, f64)], gaps: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(targets.len());
    let mut acc = 0.0;
    for i in 0..targets.len() {
        if i > 0 {
            acc += gaps.get(i - 1).copied().unwrap_or(0.0);
        }
        offset.push(acc);
    }
    // Blocks of (weighted sum, weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for ((t, w), o) in targets.iter().zip(&offset) {
        let w = w.max(1e-9);
        blocks.push((w * (t - o), w, 1));
        while blocks.len() > 1 {
            let (Some(&last), Some(&prev)) = (blocks.last(), blocks.get(blocks.len() - 2)) else {
                break;
            };
            if prev.0 / prev.1 <= last.0 / last.1 {
                break;
            }
            blocks.pop();
            if let Some(p) = blocks.last_mut() {
                *p = (p.0 + last.0, p.1 + last.1, p.2 + last.2);
            }
        }
    }
    let mut out = Vec::with_capacity(targets.len());
    for (sum, weight, count) in blocks {
        for _ in 0..count {
            let i = out.len();
            out.push(sum / weight + offset.get(i).copied().unwrap_or(0.0));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(usize, usize)]) -> Graph {
        Graph {
            breadth: vec![20.0; n],
            length: vec![60.0; n],
            band: vec![0; n],
            edges: edges.to_vec(),
        }
    }

    #[test]
    fn isotonic_keeps_order_and_gaps() {
        let p = isotonic(&[(10.0, 1.0), (0.0, 1.0), (30.0, 1.0)], &[5.0, 5.0]);
        assert!(
            (p[1] - p[0] - 5.0).abs() < 1e-9 && p[2] - p[1] >= 5.0 - 1e-9,
            "{p:?}"
        );
        assert!((p[0] - 2.5).abs() < 1e-9, "{p:?}");
        assert_eq!(isotonic(&[], &[]), Vec::<f64>::new());
    }

    #[test]
    fn chains_rank_in_order_and_cycles_are_broken() {
        let placed = layout(&graph(3, &[(0, 1), (1, 2), (2, 0)]), &Spacing::default());
        let mut ranks = placed.rank.clone();
        ranks.sort_unstable();
        assert_eq!(ranks, [0, 1, 2]);
        let back: Vec<bool> = placed.routes.iter().flatten().map(|(_, b)| *b).collect();
        assert_eq!(
            back.iter().filter(|b| **b).count(),
            1,
            "one edge of the cycle goes back"
        );
    }

    #[test]
    fn a_crossing_that_can_be_avoided_is_avoided() {
        // 0→3, 1→2 with 0,1 on top and 2,3 below: the order must untangle them.
        let placed = layout(&graph(4, &[(0, 3), (1, 2)]), &Spacing::default());
        assert_eq!(placed.crossings, 0);
        // K(2,2) needs exactly one crossing.
        let placed = layout(
            &graph(4, &[(0, 2), (0, 3), (1, 2), (1, 3)]),
            &Spacing::default(),
        );
        assert_eq!(placed.crossings, 1);
    }

    #[test]
    fn bands_come_in_order() {
        let mut g = graph(4, &[(3, 0)]);
        g.band = vec![1, 0, 2, 0];
        let placed = layout(&g, &Spacing::default());
        assert!(placed.rank[1] < placed.rank[0] && placed.rank[0] < placed.rank[2]);
        assert!(placed.rank[3] < placed.rank[0]);
        assert!(placed.routes[0].as_ref().is_some_and(|(_, back)| !back));
    }
}
