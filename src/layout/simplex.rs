//! Ranking by network simplex (Gansner, Koutsofios, North, Vo, "A technique for drawing directed
//! graphs", 1993, section 2): ranks that minimise the total edge length Σ (rank(v) − rank(u))
//! subject to rank(v) − rank(u) ≥ 1 for every edge u → v. Shorter edges mean fewer dummy nodes and
//! fewer crossings.
//!
//! This is the plain version: cut values are recomputed per tree edge, O(V · E) per pivot, so it
//! runs only on graphs up to [`MAX_SIZE`] nodes plus edges (every chain a page shows); larger
//! graphs keep the longest-path ranks refined by [`super::layered`].

/// Largest graph (nodes + edges) ranked by network simplex.
pub const MAX_SIZE: usize = 1_500;

/// Improves `rank` (feasible on entry: every edge spans at least 1) for the acyclic graph with
/// `n` nodes and `edges`. Each connected component ends with its lowest rank at 0.
pub fn optimise(n: usize, edges: &[(usize, usize)], rank: &mut [usize]) {
    if n == 0 || n + edges.len() > MAX_SIZE || rank.len() != n {
        return;
    }
    let mut r: Vec<i64> = rank.iter().map(|&x| x as i64).collect();
    let slack = |r: &[i64], (u, v): (usize, usize)| {
        r.get(v).copied().unwrap_or(0) - r.get(u).copied().unwrap_or(0) - 1
    };
    let mut adjacent: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(u, v)) in edges.iter().enumerate() {
        if let Some(a) = adjacent.get_mut(u) {
            a.push(k);
        }
        if let Some(a) = adjacent.get_mut(v) {
            a.push(k);
        }
    }
    // Components, each ranked on its own.
    let mut component = vec![usize::MAX; n];
    let mut components: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if component.get(start) != Some(&usize::MAX) {
            continue;
        }
        let c = components.len();
        let mut stack = vec![start];
        let mut members = Vec::new();
        if let Some(x) = component.get_mut(start) {
            *x = c;
        }
        while let Some(v) = stack.pop() {
            members.push(v);
            for &k in adjacent.get(v).into_iter().flatten() {
                let Some(&(a, b)) = edges.get(k) else {
                    continue;
                };
                let w = if a == v { b } else { a };
                if component.get(w) == Some(&usize::MAX) {
                    if let Some(x) = component.get_mut(w) {
                        *x = c;
                    }
                    stack.push(w);
                }
            }
        }
        components.push(members);
    }
    let mut in_tree = vec![false; edges.len()];
    for members in &components {
        let Some(&root) = members.first() else {
            continue;
        };
        // 1. A feasible tight spanning tree.
        loop {
            in_tree.iter_mut().for_each(|t| *t = false);
            let mut reached = vec![false; n];
            let mut tree_nodes = vec![root];
            if let Some(x) = reached.get_mut(root) {
                *x = true;
            }
            let mut i = 0;
            while let Some(&v) = tree_nodes.get(i) {
                i += 1;
                for &k in adjacent.get(v).into_iter().flatten() {
                    let Some(&(a, b)) = edges.get(k) else {
                        continue;
                    };
                    let w = if a == v { b } else { a };
                    if reached.get(w) == Some(&false) && slack(&r, (a, b)) == 0 {
                        if let Some(x) = reached.get_mut(w) {
                            *x = true;
                        }
                        if let Some(t) = in_tree.get_mut(k) {
                            *t = true;
                        }
                        tree_nodes.push(w);
                    }
                }
            }
            if tree_nodes.len() == members.len() {
                break;
            }
            // The incident edge with the least slack; move the tree to make it tight.
            let best = edges
                .iter()
                .filter(|&&(a, b)| {
                    reached.get(a).copied().unwrap_or(false)
                        != reached.get(b).copied().unwrap_or(false)
                })
                .min_by_key(|&&e| slack(&r, e));
            let Some(&(a, b)) = best else { break };
            let delta = slack(&r, (a, b));
            let shift = if reached.get(a).copied().unwrap_or(false) {
                delta
            } else {
                -delta
            };
            for &v in &tree_nodes {
                if let Some(x) = r.get_mut(v) {
                    *x += shift;
                }
            }
        }
        // 2. Pivot while a tree edge has a negative cut value.
        for _ in 0..members.len() * 10 {
            let mut pivot: Option<(usize, usize)> = None;
            for (k, &(u, _)) in edges.iter().enumerate() {
                if in_tree.get(k) != Some(&true) {
                    continue;
                }
                let tail_side = side(n, edges, &in_tree, k, u);
                let mut cut = 0i64;
                for &(a, b) in edges {
                    match (
                        tail_side.get(a).copied().unwrap_or(false),
                        tail_side.get(b).copied().unwrap_or(false),
                    ) {
                        (true, false) => cut += 1,
                        (false, true) => cut -= 1,
                        _ => {}
                    }
                }
                if cut < 0 {
                    // Entering edge: from the head side to the tail side, least slack.
                    let enter = edges
                        .iter()
                        .enumerate()
                        .filter(|&(j, &(a, b))| {
                            in_tree.get(j) != Some(&true)
                                && !tail_side.get(a).copied().unwrap_or(false)
                                && tail_side.get(b).copied().unwrap_or(false)
                        })
                        .min_by_key(|&(_, &e)| slack(&r, e))
                        .map(|(j, _)| j);
                    if let Some(j) = enter {
                        let delta = edges.get(j).map_or(0, |&e| slack(&r, e));
                        for (v, &on_tail) in tail_side.iter().enumerate() {
                            if on_tail && let Some(x) = r.get_mut(v) {
                                *x -= delta;
                            }
                        }
                        pivot = Some((k, j));
                        break;
                    }
                }
            }
            let Some((leave, enter)) = pivot else { break };
            if let Some(t) = in_tree.get_mut(leave) {
                *t = false;
            }
            if let Some(t) = in_tree.get_mut(enter) {
                *t = true;
            }
        }
        // 3. Normalise the component to start at rank 0.
        let min = members
            .iter()
            .filter_map(|v| r.get(*v))
            .min()
            .copied()
            .unwrap_or(0);
        for &v in members {
            if let Some(x) = r.get_mut(v) {
                *x -= min;
            }
        }
    }
    for (slot, value) in rank.iter_mut().zip(r) {
        *slot = value.max(0) as usize;
    }
}

/// Which nodes stay with `from` when tree edge `cut` is removed from the tree.
fn side(
    n: usize,
    edges: &[(usize, usize)],
    in_tree: &[bool],
    cut: usize,
    from: usize,
) -> Vec<bool> {
    let mut tree_adjacent: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(a, b)) in edges.iter().enumerate() {
        if k != cut && in_tree.get(k) == Some(&true) {
            if let Some(x) = tree_adjacent.get_mut(a) {
                x.push(b);
            }
            if let Some(x) = tree_adjacent.get_mut(b) {
                x.push(a);
            }
        }
    }
    let mut on = vec![false; n];
    let mut stack = vec![from];
    if let Some(x) = on.get_mut(from) {
        *x = true;
    }
    while let Some(v) = stack.pop() {
        for &w in tree_adjacent.get(v).into_iter().flatten() {
            if on.get(w) == Some(&false) {
                if let Some(x) = on.get_mut(w) {
                    *x = true;
                }
                stack.push(w);
            }
        }
    }
    on
}

#[cfg(test)]
mod tests {
    use super::*;

    fn length(edges: &[(usize, usize)], rank: &[usize]) -> usize {
        edges.iter().map(|&(u, v)| rank[v] - rank[u]).sum()
    }

    #[test]
    fn shortens_what_longest_path_stretches() {
        // a→b→c→d and a→d, e→d: longest path puts e at 0, three ranks from d.
        let edges = [(0, 1), (1, 2), (2, 3), (0, 3), (4, 3)];
        let mut rank = vec![0, 1, 2, 3, 0];
        optimise(5, &edges, &mut rank);
        assert!(edges.iter().all(|&(u, v)| rank[v] > rank[u]));
        assert_eq!(rank[4], 2, "e moves next to d");
        assert_eq!(length(&edges, &rank), 3 + 3 + 1);
    }

    #[test]
    fn keeps_feasible_ranks_on_a_diamond_and_isolated_nodes() {
        let edges = [(0, 1), (0, 2), (1, 3), (2, 3)];
        let mut rank = vec![0, 1, 1, 2, 5];
        optimise(5, &edges, &mut rank);
        assert_eq!(rank, vec![0, 1, 1, 2, 0]);
    }
}
