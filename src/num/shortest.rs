//! The shortest decimal text that reads back as the same `f64`, written as the standard
//! library's `Display` writes it (plain digits, never an exponent): Steele & White's free-format
//! algorithm in Burger & Dybvig's formulation, on a small fixed-size big integer.
//!
//! The standard library's float formatting (Grisu with a Dragon4 fallback, and an exact mode that
//! any `{}` of an `f64` links in, since the precision is only known when it runs) costs about
//! 3.8 KiB gzip of the WebAssembly module; this is a fraction of that. Numbers of up to 15
//! significant digits take a fast path in `f64` arithmetic; the others a few big-integer
//! operations per digit, on integers as wide as the number's binary exponent.
//!
//! References: G. L. Steele and J. L. White, "How to print floating-point numbers accurately",
//! PLDI 1990; R. G. Burger and R. K. Dybvig, "Printing floating-point numbers quickly and
//! accurately", PLDI 1996.

use std::cmp::Ordering;

/// 32-bit limbs, least significant first: 40 hold 1,280 bits, more than the 1,074 + 53 + 4 of
/// the widest value the algorithm meets (a subnormal scaled by 10^324).
const LIMBS: usize = 40;

/// A non-negative integer of up to [`LIMBS`] limbs; operations touch only the `len` in use.
#[derive(Clone, Copy)]
struct Big {
    limbs: [u32; LIMBS],
    len: usize,
}

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut limbs = [0; LIMBS];
        limbs[0] = v as u32;
        limbs[1] = (v >> 32) as u32;
        let mut big = Big { limbs, len: 2 };
        big.trim();
        big
    }

    fn trim(&mut self) {
        while self.len > 0 && self.limbs.get(self.len - 1) == Some(&0) {
            self.len -= 1;
        }
    }

    /// `self · 2^bits`.
    fn shl(&mut self, bits: u32) {
        let (words, bits) = ((bits / 32) as usize, bits % 32);
        let new_len = (self.len + words + 1).min(LIMBS);
        for i in (0..new_len).rev() {
            let lo = i
                .checked_sub(words)
                .and_then(|j| self.limbs.get(j))
                .copied()
                .unwrap_or(0);
            let below = i
                .checked_sub(words + 1)
                .and_then(|j| self.limbs.get(j))
                .copied()
                .unwrap_or(0);
            let v = if bits == 0 {
                lo
            } else {
                (lo << bits) | (below >> (32 - bits))
            };
            if let Some(slot) = self.limbs.get_mut(i) {
                *slot = v;
            }
        }
        self.len = new_len;
        self.trim();
    }

    /// `self · m`.
    fn mul(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in self.limbs.iter_mut().take(self.len) {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0
            && let Some(slot) = self.limbs.get_mut(self.len)
        {
            *slot = carry as u32;
            self.len += 1;
        }
    }

    /// `self · 10^n`.
    fn mul_pow10(&mut self, mut n: u32) {
        while n >= 9 {
            self.mul(1_000_000_000);
            n -= 9;
        }
        self.mul(10u32.pow(n));
    }

    fn add(&mut self, other: &Big) {
        let len = self.len.max(other.len);
        let mut carry = 0u64;
        for (a, b) in self.limbs.iter_mut().zip(&other.limbs).take(len) {
            let v = u64::from(*a) + u64::from(*b) + carry;
            *a = v as u32;
            carry = v >> 32;
        }
        self.len = len;
        if carry > 0
            && let Some(slot) = self.limbs.get_mut(len)
        {
            *slot = carry as u32;
            self.len += 1;
        }
    }

    /// `self - other`, for `self ≥ other`.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (a, b) in self.limbs.iter_mut().zip(&other.limbs).take(self.len) {
            let v = i64::from(*a) - i64::from(*b) - borrow;
            *a = v as u32;
            borrow = i64::from(v < 0);
        }
        self.trim();
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.len.cmp(&other.len).then_with(|| {
            let (a, b) = (
                self.limbs.get(..self.len).unwrap_or_default(),
                other.limbs.get(..other.len).unwrap_or_default(),
            );
            a.iter().rev().cmp(b.iter().rev())
        })
    }

    /// `self + other` compared with `s`.
    fn sum_cmp(&self, other: &Big, s: &Big) -> Ordering {
        let mut sum = *self;
        sum.add(other);
        sum.cmp(s)
    }
}

/// Up to 20 decimal digits (the shortest form of an `f64` has at most 17).
struct Digits {
    buf: [u8; 20],
    len: usize,
}

impl Digits {
    fn push(&mut self, digit: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = digit;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

/// The shortest digits of `v` when they are at most 15 (the usual case): the first count of
/// decimals `p` whose `N = round(v · 10^p)` reads back as `v`. With `N` below 2^50 the product is
/// within a quarter of the right integer, and a 15-digit decimal is the only one of its length
/// within half a unit in the last place of `v`, so it is the shortest and the nearest.
fn short_digits(v: f64, out: &mut Digits) -> Option<i32> {
    let mut scale = 1.0;
    for p in 0..=22 {
        let y = v * scale;
        if y >= (1u64 << 50) as f64 {
            return None;
        }
        let n = y.round();
        if n > 0.0 && n / scale == v {
            let mut n = n as u64;
            let mut digits = [0u8; 20];
            let mut len = 0;
            while n > 0 {
                if let Some(d) = digits.get_mut(len) {
                    *d = b'0' + (n % 10) as u8;
                }
                n /= 10;
                len += 1;
            }
            for &d in digits.iter().take(len).rev() {
                out.push(d);
            }
            return Some(len as i32 - p);
        }
        scale *= 10.0;
    }
    None
}

/// The shortest digits (no leading or trailing zeros) and decimal exponent `k` with
/// `0.digits × 10^k` reading back as the positive, finite `v`; of several shortest, the nearest.
fn digits(v: f64, out: &mut Digits) -> i32 {
    if let Some(k) = short_digits(v, out) {
        return k;
    }
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
    // k, the least integer with v < 10^k, from the binary exponent: 2^(b-1) ≤ v < 2^b, so k is
    // ceil((b - 1) log10 2) or one more (log10 2 ≈ 78913 / 2^18), which the check after scaling
    // tells.
    let b = 64 - f.leading_zeros() as i32 + e;
    let k = ((i64::from(b - 1) * 78913 + (1 << 18) - 1) >> 18) as i32;
    dragon(f, e, even, lower_closer, k, out)
}

/// Steele & White's digit generation for `v = f · 2^e` from the estimate `k` (see [`digits`]).
fn dragon(f: u64, e: i32, even: bool, lower_closer: bool, mut k: i32, out: &mut Digits) -> i32 {
    let (mut r, mut s, mut plus, mut minus);
    if e >= 0 {
        let mut be = Big::from_u64(1);
        be.shl(e as u32);
        r = Big::from_u64(f);
        minus = be;
        plus = be;
        if lower_closer {
            r.shl(e as u32 + 2);
            s = Big::from_u64(4);
            plus.shl(1);
        } else {
            r.shl(e as u32 + 1);
            s = Big::from_u64(2);
        }
    } else {
        s = Big::from_u64(1);
        minus = Big::from_u64(1);
        if lower_closer {
            r = Big::from_u64(f << 2);
            s.shl((2 - e) as u32);
            plus = Big::from_u64(2);
        } else {
            r = Big::from_u64(f << 1);
            s.shl((1 - e) as u32);
            plus = Big::from_u64(1);
        }
    }
    if k >= 0 {
        s.mul_pow10(k as u32);
    } else {
        let n = (-k) as u32;
        r.mul_pow10(n);
        plus.mul_pow10(n);
        minus.mul_pow10(n);
    }
    let high = |r: &Big, plus: &Big, s: &Big| match r.sum_cmp(plus, s) {
        Ordering::Greater => true,
        Ordering::Equal => even,
        Ordering::Less => false,
    };
    let times_ten = |r: &mut Big, plus: &mut Big, minus: &mut Big| {
        r.mul(10);
        plus.mul(10);
        minus.mul(10);
    };
    if high(&r, &plus, &s) {
        k += 1;
    } else {
        times_ten(&mut r, &mut plus, &mut minus);
    }
    loop {
        // The next digit: r / s, at most 9.
        let mut d = 0u8;
        while r.cmp(&s) != Ordering::Less {
            r.sub(&s);
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
                times_ten(&mut r, &mut plus, &mut minus);
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
                let mut twice = r;
                twice.shl(1);
                let closer_down = twice.cmp(&s) == Ordering::Less;
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
    let mut ds = Digits {
        buf: [0; 20],
        len: 0,
    };
    let k = digits(v, &mut ds);
    let ds = ds.as_slice();
    let n = ds.len() as i32;
    let zeros = |out: &mut String, count: i32| {
        for _ in 0..count {
            out.push('0');
        }
    };
    let text = |out: &mut String, ds: &[u8]| {
        for &d in ds {
            out.push(char::from(d));
        }
    };
    if k <= 0 {
        out.push_str("0.");
        zeros(out, -k);
        text(out, ds);
    } else if k < n {
        let (int, frac) = ds.split_at(k as usize);
        text(out, int);
        out.push('.');
        text(out, frac);
    } else {
        text(out, ds);
        zeros(out, k - n);
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
            let v = if i % 3 == 0 {
                f64::from_bits(state)
            } else if i % 3 == 1 {
                (state >> 11) as f64 / 10f64.powi((state % 23) as i32) * 3.0
            } else {
                (state % 100_000_000) as f64 / 10f64.powi((state >> 60) as i32)
            };
            if v.is_finite() {
                assert_eq!(ours(v), v.to_string(), "{:#x}", v.to_bits());
            }
        }
    }
}
