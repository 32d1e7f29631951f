//! Numbers as text for readouts and tables: about `digits` significant digits, exponent form for very small
//! or large magnitudes (2.06e-9), and NaN/±∞ written plainly rather than hidden.

/// `v` with `digits` significant digits, trailing zeros removed.
pub fn sig(v: f64, digits: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = digits.clamp(1, 17);
    let mag = v.abs().log10().floor() as i32;
    if !(-4..=6).contains(&mag) {
        let s = format!("{:.*e}", digits - 1, v);
        // Rust writes 2.060e-9; drop the zeros in the mantissa. The mantissa's sign is a true minus like every
        // other number on screen; the exponent keeps the notes' code-like "1e-7".
        return match s.split_once('e') {
            Some((m, e)) => format!("{}e{}", trim(m).replace('-', "−"), e),
            None => s,
        };
    }
    let decimals = (digits as i32 - 1 - mag).max(0) as usize;
    trim(&format!("{v:.decimals$}")).replace('-', "−")
}

/// `v` as the shortest decimal that reads back as the same f64, for limits and typed values in messages:
/// 0.9999, 1e-5, 4294967295 (whole numbers in full, never 4.29497e9), with the true minus sign.
pub fn decimal(v: f64) -> String {
    if !v.is_finite() {
        return sig(v, 1);
    }
    let a = v.abs();
    let s = if v == 0.0 || (v.fract() == 0.0 && a < 1e16) || (1e-4..1e16).contains(&a) {
        format!("{v}")
    } else {
        // Rust's `{:e}` is shortest round-trip too: 1e-5, 2.5e-7.
        format!("{v:e}")
    };
    s.replacen('-', "−", usize::from(v < 0.0))
}

/// The decimal an f32 constant was written as, as an f64: `0.9999_f32` is 0.99989998340606689453125 in binary,
/// and `as f64` would keep that; the shortest decimal that reads back as the same f32 is the one in the source.
pub fn f32_decimal(v: f32) -> f64 {
    format!("{v}").parse().unwrap_or(v as f64)
}

fn trim(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_a_textbook() {
        assert_eq!(sig(0.73659, 4), "0.7366");
        assert_eq!(sig(2.06e-9, 3), "2.06e-9");
        assert_eq!(sig(-0.5, 4), "−0.5");
        assert_eq!(sig(1234.6, 4), "1235");
        assert_eq!(sig(0.0, 4), "0");
        assert_eq!(sig(f64::NAN, 4), "NaN");
        assert_eq!(sig(f64::NEG_INFINITY, 4), "−∞");
        assert_eq!(sig(1e9, 3), "1e9");
        assert_eq!(sig(-2.06e-9, 3), "−2.06e-9");
    }

    #[test]
    fn limits_print_as_their_decimal_source() {
        assert_eq!(decimal(f32_decimal(0.9999)), "0.9999");
        assert_eq!(decimal(f32_decimal(0.001)), "0.001");
        assert_eq!(decimal(f32_decimal(0.9)), "0.9");
        assert_eq!(decimal(f32_decimal(1e-5)), "1e-5");
        assert_eq!(decimal(4_294_967_295.0), "4294967295");
        assert_eq!(decimal(-100.0), "−100");
        assert_eq!(decimal(-2.5e-7), "−2.5e-7");
        assert_eq!(decimal(0.0), "0");
        // `as f64` is what printed 0.9998999834060669 before.
        assert_ne!(f32_decimal(0.9999), 0.9999_f32 as f64);
        assert_eq!(f32_decimal(0.9999), 0.9999);
    }
}
