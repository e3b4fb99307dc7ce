//! Class breaks for choropleth maps: quantile, equal interval and natural breaks, the class of a
//! value, and legend labels.
//!
//! Breaks are **edges**: for c classes, c + 1 ascending numbers, the first the minimum of the
//! data and the last its maximum. Class i holds the values v with `edges[i] ≤ v < edges[i + 1]`;
//! the last class also holds its upper edge, and may be a single value (`[5.0, 5.0]`). Fewer
//! than k classes come out when the data has fewer distinct values than k (quantiles or natural
//! breaks) or fewer values (equal interval).
//!
//! References: T. A. Slocum et al., *Thematic Cartography and Geovisualization*, 3rd ed., 2009,
//! ch. 5 (data classification); natural breaks in [`natural_breaks`](super::natural_breaks).

use super::natural_breaks::natural_breaks;

/// How [`class_breaks`] cuts the values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Breaks {
    /// About as many values in each class. O(n log n).
    Quantile,
    /// Classes of equal width between the minimum and the maximum. O(n).
    EqualInterval,
    /// Classes as homogeneous as possible (Jenks / Fisher, computed as ckmeans).
    /// O(n log n + k·m log m) for m distinct values.
    #[default]
    NaturalBreaks,
}

/// Edges of at most `k` classes for `values` by `method` (see the module docs for the form).
/// NaN and infinite values are ignored; empty when no finite value is left or `k` is 0.
pub fn class_breaks(values: &[f64], k: usize, method: Breaks) -> Vec<f64> {
    match method {
        Breaks::Quantile => quantile(values, k),
        Breaks::EqualInterval => equal_interval(values, k),
        Breaks::NaturalBreaks => natural_breaks(values, k),
    }
}

/// Sorted finite values, −0 read as 0.
fn sorted_finite(values: &[f64]) -> Vec<f64> {
    let mut sorted: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite())
        .map(|v| v + 0.0)
        .collect();
    sorted.sort_by(f64::total_cmp);
    sorted
}

/// Class i starts at the value of rank ⌊i·n/k⌋; repeated edges merge their classes.
fn quantile(values: &[f64], k: usize) -> Vec<f64> {
    let sorted = sorted_finite(values);
    let n = sorted.len();
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    if k == 0 {
        return Vec::new();
    }
    let k = k.min(n);
    let mut edges = vec![min];
    for i in 1..k {
        let Some(&edge) = sorted.get(i * n / k) else {
            continue;
        };
        if edges.last().is_some_and(|&last| edge > last) {
            edges.push(edge);
        }
    }
    edges.push(max);
    edges
}

/// k classes of width (max − min) / k; one class when all values are equal.
fn equal_interval(values: &[f64], k: usize) -> Vec<f64> {
    let sorted = sorted_finite(values);
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    if k == 0 {
        return Vec::new();
    }
    if min == max {
        return vec![min, max];
    }
    let k = k.min(sorted.len());
    let step = (max - min) / k as f64;
    let mut edges: Vec<f64> = (0..k).map(|i| min + step * i as f64).collect();
    edges.push(max);
    edges
}

/// The class of `value` under `breaks` (edges as [`class_breaks`] returns them): `None` for
/// no data (NaN), for a value outside `[first edge, last edge]`, or for fewer than two edges.
/// Open-ended classes take infinite outer edges. O(log c).
pub fn classify(value: f64, breaks: &[f64]) -> Option<usize> {
    let (&first, &last) = (breaks.first()?, breaks.last()?);
    let classes = breaks.len().checked_sub(1).filter(|&c| c > 0)?;
    if value.is_nan() || value < first || value > last {
        return None;
    }
    let i = breaks.partition_point(|&e| e <= value).saturating_sub(1);
    Some(i.min(classes - 1))
}

/// Most decimals a label shows.
const MAX_DECIMALS: usize = 10;

/// A label for each class of `breaks`: `"10 – 25"`, `"≥ 50"` or `"< 0"` for infinite edges, or
/// `"5"` for a single-value class. All edges share one number of decimals: none when every edge
/// is a whole number, else two significant digits of the smallest gap between edges, and more
/// if two distinct edges would still read the same.
pub fn class_labels(breaks: &[f64]) -> Vec<String> {
    if breaks.len() < 2 {
        return Vec::new();
    }
    let decimals = label_decimals(breaks);
    let number = |v: f64| crate::num::Fixed(v, decimals.min(9) as u8).to_string();
    breaks
        .windows(2)
        .map(|pair| match *pair {
            [lo, hi] if lo == hi => number(lo),
            [lo, hi] if lo == f64::NEG_INFINITY => format!("< {}", number(hi)),
            [lo, hi] if hi == f64::INFINITY => format!("≥ {}", number(lo)),
            [lo, hi] => format!("{} – {}", number(lo), number(hi)),
            _ => String::new(),
        })
        .collect()
}

fn label_decimals(breaks: &[f64]) -> usize {
    let finite: Vec<f64> = breaks.iter().copied().filter(|v| v.is_finite()).collect();
    let smallest_gap = finite
        .windows(2)
        .map(|p| p.get(1).copied().unwrap_or(0.0) - p.first().copied().unwrap_or(0.0))
        .filter(|g| *g > 0.0)
        .fold(f64::INFINITY, f64::min);
    let whole = finite.iter().all(|v| v.fract() == 0.0);
    let mut decimals = if whole || !smallest_gap.is_finite() {
        0
    } else {
        (1.0 - smallest_gap.log10().floor()).clamp(0.0, MAX_DECIMALS as f64) as usize
    };
    let distinct_apart = |d: usize| {
        finite.windows(2).all(|p| match *p {
            [a, b] if a != b => {
                let fixed = |v: f64| crate::num::Fixed(v, d.min(9) as u8).to_string();
                fixed(a) != fixed(b)
            }
            _ => true,
        })
    };
    while decimals < MAX_DECIMALS && !distinct_apart(decimals) {
        decimals += 1;
    }
    decimals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(values: &[f64], k: usize, method: Breaks, expected: &[f64]) {
        assert_eq!(
            class_breaks(values, k, method),
            expected,
            "{method:?} k={k} {values:?}"
        );
    }

    #[test]
    fn quantile_breaks() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        check(&values, 2, Breaks::Quantile, &[1.0, 6.0, 10.0]);
        check(
            &values,
            5,
            Breaks::Quantile,
            &[1.0, 3.0, 5.0, 7.0, 9.0, 10.0],
        );
        // Ties merge classes.
        check(&[1.0, 1.0, 1.0, 1.0, 2.0], 4, Breaks::Quantile, &[1.0, 2.0]);
        check(
            &[1.0, 1.0, 1.0, 5.0, 5.0, 5.0],
            3,
            Breaks::Quantile,
            &[1.0, 5.0, 5.0],
        );
    }

    #[test]
    fn equal_interval_breaks() {
        check(
            &[0.0, 10.0, 3.0],
            2,
            Breaks::EqualInterval,
            &[0.0, 5.0, 10.0],
        );
        check(
            &[0.0, 10.0, 3.0, 4.0, 9.0],
            5,
            Breaks::EqualInterval,
            &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0],
        );
        check(&[7.0, 7.0], 3, Breaks::EqualInterval, &[7.0, 7.0]);
        // No more classes than values.
        check(&[0.0, 1.0], 4, Breaks::EqualInterval, &[0.0, 0.5, 1.0]);
    }

    #[test]
    fn no_data_is_ignored() {
        for method in [
            Breaks::Quantile,
            Breaks::EqualInterval,
            Breaks::NaturalBreaks,
        ] {
            check(&[], 3, method, &[]);
            check(&[1.0, 2.0], 0, method, &[]);
            check(&[f64::NAN, f64::INFINITY], 3, method, &[]);
            check(&[f64::NAN, 4.0], 3, method, &[4.0, 4.0]);
            check(&[-0.0], 1, method, &[0.0, 0.0]);
        }
    }

    #[test]
    fn classify_values() {
        let edges = [0.0, 10.0, 20.0, 30.0];
        assert_eq!(classify(0.0, &edges), Some(0));
        assert_eq!(classify(9.99, &edges), Some(0));
        assert_eq!(classify(10.0, &edges), Some(1));
        assert_eq!(classify(30.0, &edges), Some(2));
        assert_eq!(classify(30.1, &edges), None);
        assert_eq!(classify(-1.0, &edges), None);
        assert_eq!(classify(f64::NAN, &edges), None);
        assert_eq!(classify(5.0, &[5.0, 5.0]), Some(0));
        assert_eq!(classify(5.0, &[1.0, 5.0, 5.0]), Some(1));
        assert_eq!(classify(1.0, &[]), None);
        assert_eq!(classify(1.0, &[1.0]), None);
        let open = [f64::NEG_INFINITY, 0.0, f64::INFINITY];
        assert_eq!(classify(-1e300, &open), Some(0));
        assert_eq!(classify(f64::INFINITY, &open), Some(1));
    }

    #[test]
    fn labels_are_rounded_sensibly() {
        assert_eq!(
            class_labels(&[0.0, 12.345, 50.1, 100.0]),
            ["0 – 12", "12 – 50", "50 – 100"]
        );
        assert_eq!(
            class_labels(&[0.001, 0.0025, 0.005]),
            ["0.0010 – 0.0025", "0.0025 – 0.0050"]
        );
        assert_eq!(
            class_labels(&[0.0, 0.25, 0.5]),
            ["0.00 – 0.25", "0.25 – 0.50"]
        );
        assert_eq!(class_labels(&[1.0, 5.0, 5.0]), ["1 – 5", "5"]);
        assert_eq!(class_labels(&[5.0, 5.0]), ["5"]);
        assert_eq!(
            class_labels(&[f64::NEG_INFINITY, -0.0, 10.0, f64::INFINITY]),
            ["< 0", "0 – 10", "≥ 10"]
        );
        assert_eq!(class_labels(&[1234.6, 98765.4]), ["1235 – 98765"]);
        assert_eq!(class_labels(&[1.5, 4.2, 8.9]), ["1.5 – 4.2", "4.2 – 8.9"]);
        assert_eq!(
            class_labels(&[1.0, 1.00001, 2.0]),
            ["1.000000 – 1.000010", "1.000010 – 2.000000"]
        );
        assert!(class_labels(&[]).is_empty());
        assert!(class_labels(&[1.0]).is_empty());
        assert_eq!(class_labels(&[f64::NAN, 1.0]).len(), 1);
    }
}
