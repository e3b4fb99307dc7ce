//! Sorting through one copy of the sort. Every `sort_by` and `sort_by_key` with a closure of its
//! own is a copy of the standard library's merge sort in the WebAssembly module (about 0.6 KB
//! each); the index sorts of the crate share one, calling their order through a reference.

use std::cmp::Ordering;

/// Sorts `items` (indices, mostly) stably by `order`.
pub fn by(items: &mut [usize], order: &dyn Fn(usize, usize) -> Ordering) {
    items.sort_by(|a, b| order(*a, *b));
}

/// Sorts `items` stably by the key `key` gives each (computed at every comparison, as
/// `sort_by_key` does).
pub fn by_key<K: Ord>(items: &mut [usize], key: impl Fn(usize) -> K) {
    by(items, &|a, b| key(a).cmp(&key(b)));
}

/// For each key, whether it is the first of its value in `keys` (a sort instead of a hash set:
/// O(n log n), and no hash table of its own in the module).
pub fn first_occurrences(keys: &[u128]) -> Vec<bool> {
    let mut order: Vec<(u128, usize)> = keys.iter().copied().zip(0..).collect();
    order.sort_unstable();
    let mut first = vec![false; keys.len()];
    let mut previous = None;
    for (key, i) in order {
        if previous != Some(key) {
            if let Some(f) = first.get_mut(i) {
                *f = true;
            }
            previous = Some(key);
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_order_and_by_key() {
        let mut v = vec![4, 1, 3, 0, 2, 5];
        by_key(&mut v, |i| i % 3);
        assert_eq!(v, [3, 0, 4, 1, 2, 5]);
        by(&mut v, &|a, b| b.cmp(&a));
        assert_eq!(v, [5, 4, 3, 2, 1, 0]);
    }

    #[test]
    fn first_occurrences_mark_the_first_of_each_value() {
        assert_eq!(
            first_occurrences(&[5, 3, 5, 5, 0, 3, 7]),
            [true, true, false, false, true, false, true]
        );
        assert!(first_occurrences(&[]).is_empty());
    }
}
