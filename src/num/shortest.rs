//! The shortest decimal text that reads back as the same `f64`, written as the standard
//! library's `Display` writes it (plain digits, never an exponent): Steele & White's free-format
//! algorithm in Burger & Dybvig's formulation, on a small fixed-size big integer.
//!
//! The standard library's float formatting (Grisu with a Dragon4 fallback, and an exact mode that
//! any `{}` of an `f64` links in, since the precision is only known when it runs) costs about
//! 3.8 KiB gzip of the WebAssembly module; this is a fraction of that. It is slower (a few big
//! integer operations per digit, on integers as wide as the number's binary exponent), which is
//! fine for what the module writes this way: messages, labels and `layout()`'s JSON.
//!
//! References: G. L. Steele and J. L. White, "How to print floating-point numbers accurately",
//! PLDI 1990; R. G. Burger and R. K. Dybvig, "Printing floating-point numbers quickly and
//! accurately", PLDI 1996.

use std::cmp::Ordering;

/// 32-bit limbs, least significant first: 40 hold 1,280 bits, more than the 1,074 + 53 + 4 of
/// the widest value the algorithm meets (a subnormal scaled by 10^324).
const LIMBS: usize = 40;

#[derive(Clone, Copy)]
struct Big {
    limbs: [u32; LIMBS],
}

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut limbs = [0; LIMBS];
        limbs[0] = v as u32;
        limbs[1] = (v >> 32) as u32;
        Big { limbs }
    }

    /// `self · 2^bits`.
    fn shl(mut self, bits: u32) -> Big {
        let (words, bits) = ((bits / 32) as usize, bits % 32);
        let mut out = [0u32; LIMBS];
        for (i, slot) in out.iter_mut().enumerate().skip(words) {
            let src = i - words;
            let lo = self.limbs.get(src).copied().unwrap_or(0);
            let below = src
                .checked_sub(1)
                .and_then(|j| self.limbs.get(j))
                .copied()
                .unwrap_or(0);
            *slot = if bits == 0 {
                lo
            } else {
                (lo << bits) | (below >> (32 - bits))
            };
        }
        self.limbs = out;
        self
    }

    /// `self · m`.
    fn mul(mut self, m: u32) -> Big {
        let mut carry = 0u64;
        for limb in &mut self.limbs {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        self
    }

    /// `self · 10^n`.
    fn mul_pow10(mut self, mut n: u32) -> Big {
        while n >= 9 {
            self = self.mul(1_000_000_000);
            n -= 9;
        }
        self.mul(10u32.pow(n))
    }

    fn add(mut self, other: &Big) -> Big {
        let mut carry = 0u64;
        for (a, b) in self.limbs.iter_mut().zip(&other.limbs) {
            let v = u64::from(*a) + u64::from(*b) + carry;
            *a = v as u32;
            carry = v >> 32;
        }
        self
    }

    /// `self - other`, for `self ≥ other`.
    fn sub(mut self, other: &Big) -> Big {
        let mut borrow = 0i64;
        for (a, b) in self.limbs.iter_mut().zip(&other.limbs) {
            let v = i64::from(*a) - i64::from(*b) - borrow;
            *a = v as u32;
            borrow = i64::from(v < 0);
        }
        self
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.limbs.iter().rev().cmp(other.limbs.iter().rev())
    }
}

/// The shortest digits (no leading or trailing zeros) and decimal exponent `k` with
/// `0.digits × 10^k` reading back as the positive, finite `v`; of several shortest, the nearest.
fn digits(v: f64, out: &mut Vec<u8>) -> i32 {
    let bits = v.to_bits();
    let (raw_exp, frac) = ((bits >> 52) as i32 & 0x7FF, bits & ((1 << 52) - 1));
    let (f, e) = if raw_exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), raw_exp - 1075)
    };
    // Round half to even when reading back: the interval's ends count when f is even.
    let even = f % 2 == 0;
    // v = r / s; the next f64 up is (r + m+) / s, down (r - m-) / s. A power of two (but the
    // least normal) has a closer neighbour below.
    let lower_closer = f == 1 << 52 && raw_exp > 1;
    let (mut r, mut s, mut plus, mut minus) = if e >= 0 {
        let be = Big::from_u64(1).shl(e as u32);
        if lower_closer {
            (
                Big::from_u64(f).shl(e as u32 + 2),
                Big::from_u64(4),
                be.shl(1),
                be,
            )
        } else {
            (Big::from_u64(f).shl(e as u32 + 1), Big::from_u64(2), be, be)
        }
    } else if lower_closer {
        (
            Big::from_u64(f << 2),
            Big::from_u64(1).shl((2 - e) as u32),
            Big::from_u64(2),
            Big::from_u64(1),
        )
    } else {
        (
            Big::from_u64(f << 1),
            Big::from_u64(1).shl((1 - e) as u32),
            Big::from_u64(1),
            Big::from_u64(1),
        )
    };
    // k, the least integer with v < 10^k, from the binary exponent: 2^(b-1) ≤ v < 2^b, so k is
    // ceil((b - 1) log10 2) or one more (log10 2 ≈ 78913 / 2^18), which the check after scaling
    // tells.
    let b = 64 - f.leading_zeros() as i32 + e;
    let mut k = ((i64::from(b - 1) * 78913 + (1 << 18) - 1) >> 18) as i32;
    if k >= 0 {
        s = s.mul_pow10(k as u32);
    } else {
        let n = (-k) as u32;
        r = r.mul_pow10(n);
        plus = plus.mul_pow10(n);
        minus = minus.mul_pow10(n);
    }
    let high = |r: &Big, plus: &Big, s: &Big| {
        let sum = r.add(plus);
        match sum.cmp(s) {
            Ordering::Greater => true,
            Ordering::Equal => even,
            Ordering::Less => false,
        }
    };
    if high(&r, &plus, &s) {
        k += 1;
    } else {
        r = r.mul(10);
        plus = plus.mul(10);
        minus = minus.mul(10);
    }
    loop {
        // The next digit: r / s, at most 9.
        let mut d = 0u8;
        while r.cmp(&s) != Ordering::Less {
            r = r.sub(&s);
            d += 1;
        }
        let low = match r.cmp(&minus) {
            Ordering::Less => true,
            Ordering::Equal => even,
            Ordering::Greater => false,
        };
        let up = high(&r, &plus, &s);
        match (low, up) {
            (false, false) => {
                out.push(b'0' + d);
                r = r.mul(10);
                plus = plus.mul(10);
                minus = minus.mul(10);
            }
            (true, false) => {
                out.push(b'0' + d);
                return k;
            }
            (false, true) => {
                out.push(b'0' + d + 1);
                return k;
            }
            (true, true) => {
                let closer_down = r.shl(1).cmp(&s) == Ordering::Less;
                out.push(b'0' + d + u8::from(!closer_down));
                return k;
            }
        }
    }
}

/// Appends the text of `v`: what `v.to_string()` gives.
pub fn write(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("NaN");
        return;
    }
    if v.is_sign_negative() {
        out.push('-');
    }
    let v = v.abs();
    if v.is_infinite() {
        out.push_str("inf");
        return;
    }
    if v == 0.0 {
        out.push('0');
        return;
    }
    let mut ds = Vec::with_capacity(17);
    let k = digits(v, &mut ds);
    let n = ds.len() as i32;
    let text = |ds: &[u8]| ds.iter().map(|&d| char::from(d)).collect::<String>();
    if k <= 0 {
        out.push_str("0.");
        for _ in 0..-k {
            out.push('0');
        }
        out.push_str(&text(&ds));
    } else if k < n {
        let (int, frac) = ds.split_at(k as usize);
        out.push_str(&text(int));
        out.push('.');
        out.push_str(&text(frac));
    } else {
        out.push_str(&text(&ds));
        for _ in 0..k - n {
            out.push('0');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::write;

    fn ours(v: f64) -> String {
        let mut s = String::new();
        write(&mut s, v);
        s
    }

    #[test]
    fn writes_what_the_standard_library_writes() {
        let special = [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            0.1 + 0.2,
            123.456,
            1e21,
            1e22,
            1e23,
            1e-7,
            5e-324,
            -5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            2f64.powi(52),
            2f64.powi(53) + 2.0,
            9007199254740993.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            108.3661234567,
            22.817,
        ];
        for v in special {
            assert_eq!(ours(v), v.to_string(), "{v:e}");
        }
        // Random bit patterns (every exponent, subnormals included) and random decimals.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for i in 0..30_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let v = if i % 2 == 0 {
                f64::from_bits(state)
            } else {
                (state % 100_000_000) as f64 / 10f64.powi((state >> 60) as i32)
            };
            if v.is_finite() {
                assert_eq!(ours(v), v.to_string(), "{:#x}", v.to_bits());
            }
        }
    }
}
