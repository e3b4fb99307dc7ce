//! Natural breaks: the optimal 1-D classification that minimises the sum of squared deviations
//! from the class means (Jenks' natural breaks, Fisher's exact grouping), computed as in ckmeans.
//!
//! Dynamic programming over the sorted distinct values: D[q][i] is the least within-class sum of
//! squares of the first i + 1 values in q + 1 classes, D[q][i] = min over j of D[q−1][j−1] +
//! SSQ(j..=i), where SSQ comes in O(1) from prefix sums. The best j never decreases as i grows,
//! so each row is filled by divide and conquer in O(n log n) instead of O(n²).
//!
//! Cost: O(n log n) to sort, then O(k·m log m) time and O(k·m) memory for m distinct values.
//! Equal values are weighted, never split between classes, and at most m classes come out.
//!
//! References: W. D. Fisher, "On Grouping for Maximum Homogeneity", JASA 1958; G. F. Jenks,
//! "The Data Model Concept in Statistical Mapping", 1967; H. Wang and M. Song, "Ckmeans.1d.dp:
//! Optimal k-means Clustering in One Dimension by Dynamic Programming", The R Journal 2011.

/// Class edges by natural breaks for `values` in at most `k` classes, in the form of
/// [`class_breaks`](super::class_breaks): ascending, first the minimum, last the maximum.
/// Non-finite values are ignored; empty if none is left or `k` is 0.
pub fn natural_breaks(values: &[f64], k: usize) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    // Distinct values and how often each occurs (+0 and −0 are one value).
    let mut distinct: Vec<f64> = Vec::new();
    let mut counts: Vec<f64> = Vec::new();
    for v in sorted {
        match (distinct.last(), counts.last_mut()) {
            (Some(&last), Some(count)) if last == v => *count += 1.0,
            _ => {
                distinct.push(v + 0.0);
                counts.push(1.0);
            }
        }
    }
    let (Some(&first), Some(&last)) = (distinct.first(), distinct.last()) else {
        return Vec::new();
    };
    let k = k.min(distinct.len());
    if k == 0 {
        return Vec::new();
    }
    let starts = optimal_starts(&distinct, &counts, k);
    let mut edges = Vec::with_capacity(k + 1);
    edges.push(first);
    edges.extend(
        starts
            .iter()
            .skip(1)
            .filter_map(|&s| distinct.get(s).copied()),
    );
    edges.push(last);
    edges
}

/// Prefix sums of weights, weighted values and weighted squares, shifted by the mean for
/// precision.
struct Prefix {
    weight: Vec<f64>,
    sum: Vec<f64>,
    sum_sq: Vec<f64>,
}

impl Prefix {
    fn new(values: &[f64], counts: &[f64]) -> Self {
        let total: f64 = counts.iter().sum();
        let mean = values.iter().zip(counts).map(|(v, c)| v * c).sum::<f64>() / total;
        let n = values.len() + 1;
        let mut p = Prefix {
            weight: Vec::with_capacity(n),
            sum: Vec::with_capacity(n),
            sum_sq: Vec::with_capacity(n),
        };
        let (mut w, mut s, mut s2) = (0.0, 0.0, 0.0);
        p.weight.push(w);
        p.sum.push(s);
        p.sum_sq.push(s2);
        for (v, c) in values.iter().zip(counts) {
            let d = v - mean;
            w += c;
            s += c * d;
            s2 += c * d * d;
            p.weight.push(w);
            p.sum.push(s);
            p.sum_sq.push(s2);
        }
        p
    }

    /// Within-class sum of squares of values `j..=i`.
    fn ssq(&self, j: usize, i: usize) -> f64 {
        let at = |v: &[f64], k: usize| v.get(k).copied().unwrap_or(0.0);
        let w = at(&self.weight, i + 1) - at(&self.weight, j);
        if w <= 0.0 {
            return 0.0;
        }
        let s = at(&self.sum, i + 1) - at(&self.sum, j);
        let s2 = at(&self.sum_sq, i + 1) - at(&self.sum_sq, j);
        (s2 - s * s / w).max(0.0)
    }
}

/// Index of the first value of each of the `k` classes (`k` ≤ number of values, ≥ 1).
fn optimal_starts(values: &[f64], counts: &[f64], k: usize) -> Vec<usize> {
    let m = values.len();
    let prefix = Prefix::new(values, counts);
    // cost[i]: best cost of values 0..=i in the current number of classes.
    let mut cost: Vec<f64> = (0..m).map(|i| prefix.ssq(0, i)).collect();
    let mut next = vec![f64::INFINITY; m];
    // start[q][i]: first value of the last class in the best split of 0..=i into q + 1 classes.
    let mut start: Vec<Vec<usize>> = vec![vec![0; m]];
    for q in 1..k {
        next.fill(f64::INFINITY);
        let mut row = vec![0; m];
        let mut layer = Layer {
            prefix: &prefix,
            prev: &cost,
            cost: &mut next,
            start: &mut row,
        };
        // With q + 1 classes, value i needs i ≥ q; the last class starts at j in q..=i.
        if q < m {
            layer.fill(q, m - 1, q, m - 1);
        }
        std::mem::swap(&mut cost, &mut next);
        start.push(row);
    }
    // Walk back from the last value.
    let mut starts = vec![0; k];
    let mut i = m - 1;
    for (q, slot) in starts.iter_mut().enumerate().rev() {
        let j = start
            .get(q)
            .and_then(|row| row.get(i))
            .copied()
            .unwrap_or(0);
        *slot = j;
        if q > 0 {
            i = j.saturating_sub(1);
        }
    }
    starts
}

/// One row of the dynamic programme, filled by divide and conquer on the monotone argmin.
struct Layer<'a> {
    prefix: &'a Prefix,
    prev: &'a [f64],
    cost: &'a mut [f64],
    start: &'a mut [usize],
}

impl Layer<'_> {
    /// Fills values `lo..=hi`, whose best start lies in `j_lo..=j_hi`.
    fn fill(&mut self, lo: usize, hi: usize, j_lo: usize, j_hi: usize) {
        let mid = lo + (hi - lo) / 2;
        let mut best = (f64::INFINITY, j_lo);
        for j in j_lo..=j_hi.min(mid) {
            let before = self
                .prev
                .get(j.wrapping_sub(1))
                .copied()
                .unwrap_or(f64::INFINITY);
            let c = before + self.prefix.ssq(j, mid);
            if c < best.0 {
                best = (c, j);
            }
        }
        if let (Some(c), Some(s)) = (self.cost.get_mut(mid), self.start.get_mut(mid)) {
            *c = best.0;
            *s = best.1;
        }
        if mid > lo {
            self.fill(lo, mid - 1, j_lo, best.1);
        }
        if mid < hi {
            self.fill(mid + 1, hi, best.1, j_hi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Within-class sum of squares of `values` cut at `edges` (class i holds
    /// edges[i] ≤ v < edges[i + 1], the last one closed).
    fn total_ssq(values: &[f64], edges: &[f64]) -> f64 {
        let classes = edges.len() - 1;
        let mut groups = vec![Vec::new(); classes];
        for &v in values {
            let i = edges
                .partition_point(|&e| e <= v)
                .saturating_sub(1)
                .min(classes - 1);
            groups[i].push(v);
        }
        groups
            .iter()
            .filter(|g| !g.is_empty())
            .map(|g| {
                let mean = g.iter().sum::<f64>() / g.len() as f64;
                g.iter().map(|v| (v - mean).powi(2)).sum::<f64>()
            })
            .sum()
    }

    /// Fisher's O(k·n²) programme, without the divide and conquer.
    fn brute_force_ssq(values: &[f64], k: usize) -> f64 {
        let mut x = values.to_vec();
        x.sort_by(f64::total_cmp);
        x.dedup();
        let counts: Vec<f64> = x
            .iter()
            .map(|u| values.iter().filter(|v| *v == u).count() as f64)
            .collect();
        let p = Prefix::new(&x, &counts);
        let m = x.len();
        let k = k.min(m);
        let mut d: Vec<f64> = (0..m).map(|i| p.ssq(0, i)).collect();
        for _ in 1..k {
            let prev = d.clone();
            for (i, cost) in d.iter_mut().enumerate() {
                *cost = (1..=i)
                    .map(|j| prev[j - 1] + p.ssq(j, i))
                    .fold(f64::INFINITY, f64::min);
            }
        }
        d[m - 1]
    }

    #[test]
    fn obvious_groups_are_found() {
        let values = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
        assert_eq!(natural_breaks(&values, 3), vec![1.0, 10.0, 20.0, 22.0]);
        assert_eq!(natural_breaks(&values, 1), vec![1.0, 22.0]);
        let shuffled = [21.0, 1.0, 12.0, 3.0, 22.0, 10.0, 2.0, 20.0, 11.0];
        assert_eq!(natural_breaks(&shuffled, 3), vec![1.0, 10.0, 20.0, 22.0]);
    }

    #[test]
    fn matches_the_quadratic_programme() {
        let mut seed = 12345u64;
        for round in 0..40 {
            let n = 5 + round * 3;
            let values: Vec<f64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 200) as f64 * if round % 2 == 0 { 1.0 } else { 0.37 }
                })
                .collect();
            for k in [2, 3, 5, 7] {
                let edges = natural_breaks(&values, k);
                let got = total_ssq(&values, &edges);
                let want = brute_force_ssq(&values, k);
                assert!(
                    (got - want).abs() <= 1e-6 * want.max(1.0),
                    "{values:?} k={k}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn fewer_distinct_values_than_classes() {
        assert_eq!(natural_breaks(&[5.0, 5.0, 5.0], 4), vec![5.0, 5.0]);
        assert_eq!(
            natural_breaks(&[1.0, 5.0, 5.0, 1.0], 4),
            vec![1.0, 5.0, 5.0]
        );
        assert_eq!(
            natural_breaks(&[3.0, 1.0, 2.0], 5),
            vec![1.0, 2.0, 3.0, 3.0]
        );
    }

    #[test]
    fn degenerate_inputs() {
        assert!(natural_breaks(&[], 3).is_empty());
        assert!(natural_breaks(&[1.0, 2.0], 0).is_empty());
        assert!(natural_breaks(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY], 3).is_empty());
        assert_eq!(
            natural_breaks(&[f64::NAN, 4.0, f64::NAN], 3),
            vec![4.0, 4.0]
        );
        assert_eq!(natural_breaks(&[-0.0, 0.0, 1.0], 2), vec![0.0, 1.0, 1.0]);
        // Huge spreads stay finite.
        let edges = natural_breaks(&[1e300, -1e300, 0.0, 1.0], 2);
        assert!(edges.iter().all(|e| e.is_finite()));
    }
}
