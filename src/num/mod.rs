//! Decimal numbers read without the standard library's float parser: its correctly rounded
//! algorithm carries a 20 KB table of powers of five, about 10 KiB of the gzipped WebAssembly.
//! `from_digits` serves the JSON reader too. And numbers written without the standard
//! library's float formatting: [`Short`] (what `{}` of an `f64` writes) and [`Fixed`] (`{:.N}`).

mod shortest;

/// An `f64` written as `{}` writes it: the shortest digits that read back as the same value,
/// never an exponent (Steele & White's free-format algorithm, with a fast path; `num/shortest.rs`).
#[derive(Clone, Copy, Debug)]
pub struct Short(pub f64);

impl std::fmt::Display for Short {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::new();
        shortest::write(&mut text, self.0);
        f.write_str(&text)
    }
}

/// The text of an `f64`, as `to_string` gives it.
pub fn short(x: f64) -> String {
    let mut text = String::new();
    shortest::write(&mut text, x);
    text
}

/// A plain decimal number after trimming (`-12`, `3.5`, `.5`, `1e3`, `2.5E-3`); `None` for
/// anything else, including `NaN`, `inf` and values beyond `f64`. Exact (the nearest `f64`) for
/// up to 15 significant digits and exponents within ±22, which covers coordinates, amounts and
/// scores; otherwise within a few units in the last place.
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
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut scale: i64 = 0;
    if let Some(exponent) = exponent {
        let (sign, digits) = match exponent.as_bytes().first()? {
            b'-' => (-1, exponent.get(1..)?),
            b'+' => (1, exponent.get(1..)?),
            _ => (1, exponent),
        };
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
        for d in digits.bytes() {
            scale = (scale * 10 + i64::from(d - b'0')).min(100_000);
        }
        scale *= sign;
    }
    let value = from_digits(whole.as_bytes(), fraction.as_bytes(), scale);
    let value = if negative { -value } else { value };
    value.is_finite().then_some(value)
}

/// A number written with a fixed count of decimals (at most 9), like `format!("{:.1}", x)`.
///
/// The value is scaled and rounded half away from zero in `f64`, where the standard library
/// rounds the exact binary value half to even: the two differ only on decimal ties (`0.15` is
/// `0.2` here, `0.1` there, since its binary value is a little below). The renderers write their
/// coordinates and the interface its figures through this, so that the module carries no code
/// for exact float formatting (the standard library's is about 1.3 KiB gzip). Zero has no sign;
/// from 10^18 / 10^decimals on the value is written in its shortest form, padded with zeros (an
/// `f64` that large holds no more decimals), and NaN and infinities as `NaN`, `inf`, `-inf`.
#[derive(Clone, Copy, Debug)]
pub struct Fixed(pub f64, pub u8);

/// `x` with one decimal.
pub fn d1(x: f64) -> Fixed {
    Fixed(x, 1)
}

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Fixed(x, decimals) = *self;
        let decimals = u32::from(decimals.min(9));
        let unit = 10u64.pow(decimals);
        let scaled = (x.abs() * unit as f64).round();
        if scaled.is_nan() || scaled >= 1e18 {
            // Beyond 10^18 / 10^decimals an f64 holds no more decimals than its shortest form
            // shows; that form is padded to the count.
            let short = short(x);
            let shown = short
                .split_once('.')
                .map_or(0, |(_, fraction)| fraction.len());
            f.write_str(&short)?;
            if x.is_finite() && decimals as usize > shown {
                if shown == 0 {
                    f.write_str(".")?;
                }
                for _ in shown..decimals as usize {
                    f.write_str("0")?;
                }
            }
            return Ok(());
        }
        let n = scaled as u64;
        if x < 0.0 && n != 0 {
            f.write_str("-")?;
        }
        write!(f, "{}", n / unit)?;
        if decimals > 0 {
            write!(f, ".{:0width$}", n % unit, width = decimals as usize)?;
        }
        Ok(())
    }
}

/// The powers of ten that `f64` holds exactly.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `10^(16k)`, each the nearest `f64`.
const SIXTEENTHS: [f64; 20] = [
    1e0, 1e16, 1e32, 1e48, 1e64, 1e80, 1e96, 1e112, 1e128, 1e144, 1e160, 1e176, 1e192, 1e208,
    1e224, 1e240, 1e256, 1e272, 1e288, 1e304,
];

/// `10^n` within about one unit in the last place (infinite beyond `f64`).
fn power_of_ten(n: u32) -> f64 {
    let exact = EXACT_POWERS.get((n % 16) as usize).copied().unwrap_or(1.0);
    SIXTEENTHS
        .get((n / 16) as usize)
        .map_or(f64::INFINITY, |big| big * exact)
}

/// The value of `whole.fraction × 10^exponent`, given as ASCII digits (either part may be
/// empty); infinite beyond `f64`. With at most 15 significant digits and a resulting power of
/// ten within ±22 this is one correctly rounded operation on exact operands (Clinger's fast
/// path), so the nearest `f64`; beyond, within a few units in the last place. Digits past the
/// eighteenth only scale the value.
pub(crate) fn from_digits(whole: &[u8], fraction: &[u8], exponent: i64) -> f64 {
    let mut mantissa: u64 = 0;
    let mut scale = exponent;
    for (part, is_fraction) in [(whole, false), (fraction, true)] {
        for &b in part {
            if mantissa < 100_000_000_000_000_000 {
                mantissa = mantissa * 10 + u64::from(b.wrapping_sub(b'0') % 10);
                scale -= i64::from(is_fraction);
            } else {
                scale += i64::from(!is_fraction);
            }
        }
    }
    if mantissa == 0 {
        return 0.0;
    }
    let value = mantissa as f64;
    let scale = scale.clamp(-1000, 1000);
    let n = scale.unsigned_abs() as u32;
    if scale >= 0 {
        match EXACT_POWERS.get(n as usize) {
            Some(p) => value * p,
            None => value * power_of_ten(n),
        }
    } else {
        match EXACT_POWERS.get(n as usize) {
            Some(p) => value / p,
            // Two steps below 1e-308, whose power of ten is beyond f64.
            None if n > 308 => value / 1e308 / power_of_ten(n - 308),
            None => value / power_of_ten(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Fixed, d1, decimal};

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

    #[test]
    fn fixed_decimals_match_the_standard_library_but_on_ties() {
        for &x in &[
            0.0, -0.0, 1.0, -1.0, 12.34, -12.36, 123456.789, 0.05, 999.96, -0.04, 1e17, 7.0e-7,
        ] {
            for d in 0..4u8 {
                let ours = Fixed(x, d).to_string();
                let std = format!("{:.*}", usize::from(d), x);
                let std = if std
                    .trim_start_matches('-')
                    .chars()
                    .all(|c| c == '0' || c == '.')
                {
                    std.trim_start_matches('-').to_owned()
                } else {
                    std
                };
                assert_eq!(ours, std, "{x} with {d} decimals");
            }
        }
        assert_eq!(Fixed(0.125, 2).to_string(), "0.13"); // a tie: the standard library says 0.12
        assert_eq!(Fixed(2.5, 0).to_string(), "3");
        assert_eq!(d1(-3.25).to_string(), "-3.3");
        assert_eq!(Fixed(1e20, 1).to_string(), "100000000000000000000.0");
        assert_eq!(Fixed(1234567890.5, 9).to_string(), "1234567890.500000000");
        assert_eq!(Fixed(f64::NAN, 1).to_string(), "NaN");
        assert_eq!(Fixed(f64::NEG_INFINITY, 2).to_string(), "-inf");
    }

    #[test]
    fn short_decimals_are_the_nearest_f64() {
        // Up to 15 significant digits with small exponents: bit for bit what the correctly
        // rounded standard parser gives.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let digits = (state >> 11) % 1_000_000_000_000_000;
            let point = ((state >> 3) % 16) as usize;
            let mut text = digits.to_string();
            if point < text.len() {
                text.insert(text.len() - point, '.');
            }
            let exponent = ((state >> 57) % 13) as i32 - 6;
            let text = format!("{text}e{exponent}");
            let std: f64 = text.parse().expect("std");
            assert_eq!(
                decimal(&text).map(f64::to_bits),
                Some(std.to_bits()),
                "{text}"
            );
        }
    }

    #[test]
    fn extreme_exponents_stay_close_or_leave_the_range() {
        for text in ["1.79e308", "2.2250738585072014e-308", "1e-320", "123e300"] {
            let std: f64 = text.parse().expect("std");
            let ours = decimal(text).unwrap_or_else(|| panic!("{text}"));
            assert!(
                (ours - std).abs() <= std.abs() * 1e-14,
                "{text}: {ours} against {std}"
            );
        }
        assert_eq!(decimal("1e-99999"), Some(0.0));
        assert_eq!(decimal("1.8e308"), None);
    }
}
