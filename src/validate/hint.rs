//! "Did you mean …?" hints by edit distance.

/// Levenshtein distance over Unicode scalar values, giving up (returning `None`) once it exceeds
/// `max`.
///
/// Complexity: O(|a|·|b|) time, O(|b|) space.
#[allow(clippy::indexing_slicing)] // every index is below the length the vectors were built with
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            let value = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            current[j + 1] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().filter(|d| *d <= max)
}

/// The closest candidate to `wanted`, if one is close enough to be a likely typo: at most a third
/// of the length apart (at least 1, at most 3 edits) and fewer edits than `wanted` has characters,
/// ties broken by the first candidate. Case differences alone always match.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = wanted.chars().count();
    let max = (len / 3).clamp(1, 3).min(len.saturating_sub(1));
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == wanted {
            continue;
        }
        if candidate.eq_ignore_ascii_case(wanted) {
            return Some(candidate);
        }
        let limit = best.map_or(max, |(d, _)| d.saturating_sub(1));
        if let Some(d) = edit_distance(wanted, candidate, limit)
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("batery", "battery", 3), Some(1));
        assert_eq!(edit_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance("kitten", "sitting", 2), None);
        assert_eq!(edit_distance("", "abc", 3), Some(3));
        assert_eq!(edit_distance("电池", "电芯", 1), Some(1));
    }

    #[test]
    fn suggestions() {
        let ids = ["battery", "cathode", "anode"];
        assert_eq!(closest("batery", ids), Some("battery"));
        assert_eq!(closest("Battery", ids), Some("battery"));
        assert_eq!(closest("anod", ids), Some("anode"));
        assert_eq!(closest("motor", ids), None);
        assert_eq!(
            closest("x", ["y", "xx"]),
            None,
            "one letter is no basis for a guess"
        );
        assert_eq!(closest("ab", ["ac"]), Some("ac"));
    }
}
