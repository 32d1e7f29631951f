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
}
