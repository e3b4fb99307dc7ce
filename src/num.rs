//! Plain decimal numbers read without the standard library's float parser: its correctly rounded
//! algorithm carries a 20 KB table of powers of five, about 10 KiB of the gzipped WebAssembly,
//! for the three places the widget reads a number from text (a slider's value, a size in an SVG
//! it wrote, and whether a string in a document looks like a number).

/// A plain decimal number after trimming (`-12`, `3.5`, `.5`, `1e3`, `2.5E-3`); `None` for
/// anything else, including `NaN`, `inf` and values beyond `f64`. Exact for integers up to 2^53
/// and for short decimals; a long one may differ from `str::parse` in the last bit.
pub fn decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, text.get(1..)?),
        b'+' => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (number, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (rest.get(..at)?, Some(rest.get(at + 1..)?)),
        None => (rest, None),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut scale: i32 = 0;
    for (i, part) in [whole, fraction].into_iter().enumerate() {
        for b in part.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            if mantissa < 1_000_000_000_000_000_000 {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                scale -= i as i32; // digits after the point scale down
            } else {
                scale += 1 - i as i32; // dropped digits before the point scale up
            }
        }
    }
    if let Some(exponent) = exponent {
        let (sign, digits) = match exponent.as_bytes().first()? {
            b'-' => (-1, exponent.get(1..)?),
            b'+' => (1, exponent.get(1..)?),
            _ => (1, exponent),
        };
        if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        scale += sign * digits.parse::<i32>().ok()?;
    }
    let value = if scale >= 0 {
        mantissa as f64 * 10f64.powi(scale)
    } else {
        mantissa as f64 / 10f64.powi(-scale)
    };
    let value = if negative { -value } else { value };
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn reads_what_str_parse_reads_for_plain_decimals() {
        for text in [
            "0",
            "-0",
            "12",
            "+7",
            "3.5",
            "-3.25",
            ".5",
            "5.",
            "960",
            "755.6804465630931",
            "1e3",
            "2.5E-3",
            "1e+2",
            " 42 ",
            "123456789012345678901234",
            "0.000001",
            "9007199254740992",
        ] {
            let ours = decimal(text).unwrap_or_else(|| panic!("{text} not read"));
            let std: f64 = text.trim().parse().expect("std");
            assert!(
                (ours - std).abs() <= std.abs() * 1e-15,
                "{text}: {ours} against {std}"
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for text in [
            "",
            "-",
            ".",
            "e3",
            "1e",
            "1e-",
            "NaN",
            "inf",
            "-infinity",
            "1,5",
            "0x10",
            "1.2.3",
            "１２",
            "1e99999",
            "1e400",
        ] {
            assert_eq!(decimal(text), None, "{text}");
        }
    }
}
