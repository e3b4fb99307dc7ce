//! Text measurement and wrapping for node labels, without a browser.
//!
//! Widths are estimated from character classes of a typical UI sans-serif: CJK ideographs, kana,
//! hangul and full-width forms take a full em; Latin letters and digits about 0.56 em (capitals
//! 0.68, narrow letters 0.3); spaces 0.28. The browser may refine this with real font metrics, but
//! the estimate keeps native layouts (`lianmap layout`) close to what the page draws.
//!
//! Wrapping follows the habits of each script: CJK text may break between any two ideographs
//! (but not before closing punctuation such as `，` `）` `、`, nor after opening punctuation), Latin
//! text breaks at spaces and hyphens, and a word longer than a line is split.

/// Width of one character in em.
pub fn char_em(c: char) -> f64 {
    match c {
        ' ' => 0.28,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' | 'I' => 0.3,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.38,
        'm' | 'w' => 0.84,
        'M' | 'W' => 0.9,
        'A'..='Z' => 0.68,
        'a'..='z' | '0'..='9' => 0.56,
        c if is_wide(c) => 1.0,
        c if c.is_ascii() => 0.56,
        _ => 0.62,
    }
}

/// East Asian wide and full-width characters.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF |
        0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 |
        0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Width of a string in em.
pub fn text_em(text: &str) -> f64 {
    text.chars().map(char_em).sum()
}

/// Characters a line must not start with.
fn no_break_before(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '·'
            | ','
            | '.'
            | ')'
            | ';'
            | ':'
    )
}

/// Characters a line must not end with.
fn no_break_after(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '【' | '(')
}

/// Wraps `text` into lines of at most `max_em`, in at most `max_lines` lines (the last one
/// ends with "…" when text is cut). Always returns at least one line.
pub fn wrap(text: &str, max_em: f64, max_lines: usize) -> Vec<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        // Take as many characters as fit.
        let mut width = 0.0;
        let mut end = start;
        while end < chars.len() {
            let w = chars.get(end).map_or(0.0, |c| char_em(*c));
            if width + w > max_em && end > start {
                break;
            }
            width += w;
            end += 1;
        }
        if end < chars.len() {
            end = break_point(&chars, start, end);
        }
        let line: String = chars.get(start..end).unwrap_or(&[]).iter().collect();
        lines.push(line.trim().to_owned());
        start = end;
        while chars.get(start) == Some(&' ') {
            start += 1;
        }
        if lines.len() == max_lines.max(1) && start < chars.len() {
            if let Some(last) = lines.last_mut() {
                while text_em(last) + char_em('…') > max_em && last.pop().is_some() {}
                last.push('…');
            }
            break;
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The best place to end a line that would otherwise end at `end` (exclusive), at or after
/// `start + 1`: after a space or hyphen for Latin text, between wide characters, respecting
/// punctuation rules; `end` itself when nothing better exists.
fn break_point(chars: &[char], start: usize, end: usize) -> usize {
    let allowed = |i: usize| -> bool {
        // Break between chars[i-1] and chars[i].
        let (Some(&before), Some(&after)) = (chars.get(i.wrapping_sub(1)), chars.get(i)) else {
            return false;
        };
        if no_break_before(after) || no_break_after(before) {
            return false;
        }
        before == ' ' || after == ' ' || before == '-' || is_wide(before) || is_wide(after)
    };
    (start + 1..=end).rev().find(|i| allowed(*i)).unwrap_or(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(text_em("动力电池"), 4.0);
        assert!((text_em("Power") - (0.68 + 0.56 + 0.84 + 0.56 + 0.38)).abs() < 1e-9);
    }

    #[test]
    fn wraps_cjk_between_characters_but_not_before_punctuation() {
        assert_eq!(
            wrap("新能源汽车动力电池回收利用", 6.0, 3),
            ["新能源汽车动", "力电池回收利", "用"]
        );
        assert_eq!(wrap("电池（回收）", 3.0, 3), ["电池", "（回", "收）"]);
        assert_eq!(wrap("甲乙丙（丁）", 3.0, 3), ["甲乙丙", "（丁）"]);
        assert_eq!(wrap("甲乙，丙丁", 2.0, 3), ["甲", "乙，", "丙丁"]);
    }

    #[test]
    fn wraps_latin_at_spaces() {
        assert_eq!(
            wrap("Battery management systems", 8.0, 3),
            ["Battery", "management", "systems"]
        );
        assert_eq!(wrap("Battery cells", 20.0, 3), ["Battery cells"]);
    }

    #[test]
    fn cuts_with_an_ellipsis() {
        let lines = wrap("新能源汽车动力电池回收利用", 4.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(lines.iter().all(|l| text_em(l) <= 4.0));
        assert_eq!(wrap("", 4.0, 2), [""]);
    }
}
