//! Validation of what a user types into a number field: empty, not a number, too large, not whole, or outside
//! the stated range each give a readable error, so the web layer can mark the field and keep the last good
//! value. The true minus sign (−, U+2212, which the app itself prints) and the full-width digits, minus and
//! period a Korean keyboard's full-width mode types (U+FF10–FF19, U+FF0D, U+FF0E) read as their ASCII forms.

use crate::error::{Error, Result};
use crate::numfmt::decimal;

/// `text` with every accepted look-alike character replaced by its ASCII form and the ends trimmed:
/// "−0.5" and "－０．５" both become "-0.5". Anything else is left for the parser to refuse.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            // The minus sign, the full-width hyphen-minus and the small hyphen-minus.
            '\u{2212}' | '\u{FF0D}' | '\u{FE63}' => '-',
            '\u{FF0B}' => '+',
            '\u{FF0E}' => '.',
            '\u{FF45}' => 'e',
            '\u{FF25}' => 'E',
            '\u{3000}' => ' ',
            '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Parse one number typed into a field named by the i18n key `label`, without limits. "1e999" is too large
/// (f64 would turn it into ∞), "abc", "NaN" and "inf" are not numbers.
pub fn parse_value(text: &str, label: &'static str) -> Result<f64> {
    let s = normalize(text);
    if s.is_empty() {
        return Err(Error::new("input.empty", [label]));
    }
    // Rust also reads "inf", "infinity" and "NaN"; a field wants a written number, digits included.
    let has_digit = s.chars().any(|c| c.is_ascii_digit());
    let v: f64 = match s.parse() {
        Ok(v) if has_digit => v,
        _ => return Err(Error::new("input.nan", [label, text.trim()])),
    };
    if !v.is_finite() {
        return Err(Error::new("input.too_large", [label, text.trim()]));
    }
    Ok(v)
}

/// Parse a number typed into a field named by the i18n key `label`, within `lo..=hi`. The limits are the
/// decimals the user reads (an f32 limit is passed through `numfmt::f32_decimal` first), and the comparison is
/// made in f64 before any conversion to f32, so "0.9999" passes a limit stated as 0.9999.
pub fn parse_number(text: &str, label: &'static str, lo: f64, hi: f64) -> Result<f64> {
    let v = parse_value(text, label)?;
    if !(lo..=hi).contains(&v) {
        return Err(Error::new(
            "input.range",
            [
                label.to_string(),
                decimal(lo),
                decimal(hi),
                text.trim().to_string(),
            ],
        ));
    }
    Ok(v)
}

/// Parse a whole number typed into a field (a seed, an epoch count) within `lo..=hi`; "2.5" is refused with
/// the two whole numbers beside it, never rounded.
pub fn parse_integer(text: &str, label: &'static str, lo: f64, hi: f64) -> Result<f64> {
    let v = parse_value(text, label)?;
    if v.fract() != 0.0 {
        return Err(Error::new(
            "input.integer",
            [
                label.to_string(),
                text.trim().to_string(),
                decimal(v.floor()),
                decimal(v.ceil()),
            ],
        ));
    }
    parse_number(text, label, lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn accepts_numbers_in_range_and_names_each_failure() {
        assert_eq!(parse_number(" 0.25 ", "act.leaky_a", 0.0, 1.0), Ok(0.25));
        let key = |t: &str| parse_number(t, "act.leaky_a", 0.0, 1.0).unwrap_err().key;
        assert_eq!(key(""), "input.empty");
        assert_eq!(key("NaN"), "input.nan");
        assert_eq!(key("inf"), "input.nan");
        assert_eq!(key("abc"), "input.nan");
        let e = parse_number("7", "act.leaky_a", 0.0, 1.0).unwrap_err();
        assert_eq!(e.key, "input.range");
        // The field's label is translated with the message.
        assert!(
            e.message(Lang::Ko).contains("기울기"),
            "{}",
            e.message(Lang::Ko)
        );
        assert!(
            e.message(Lang::En).contains("slope"),
            "{}",
            e.message(Lang::En)
        );
    }

    #[test]
    fn the_minus_sign_and_full_width_characters_read_as_numbers() {
        // The minus the app prints (NAND preset: −0.5), and a Korean keyboard's full-width mode.
        assert_eq!(parse_number("−0.5", "pct.w1", -10.0, 10.0), Ok(-0.5));
        assert_eq!(parse_number("－０．５", "pct.w1", -10.0, 10.0), Ok(-0.5));
        assert_eq!(parse_number("１２", "pct.w1", -100.0, 100.0), Ok(12.0));
        assert_eq!(
            parse_number("\u{3000}３\u{3000}", "pct.w1", -10.0, 10.0),
            Ok(3.0)
        );
        assert_eq!(parse_number("−1e−3", "pct.w1", -10.0, 10.0), Ok(-1e-3));
    }

    #[test]
    fn an_overflowing_number_is_too_large_not_not_a_number() {
        for t in ["1e999", "−1e999", "1e400"] {
            let e = parse_number(t, "pct.w1", -10.0, 10.0).unwrap_err();
            assert_eq!(e.key, "input.too_large", "{t}");
            assert!(
                e.message(Lang::En).contains("too large"),
                "{}",
                e.message(Lang::En)
            );
        }
    }

    #[test]
    fn limits_are_the_decimals_the_user_reads() {
        // An f32 limit of 0.9999 is 0.99989998… in binary; the field states and compares the decimal 0.9999.
        let hi = crate::numfmt::f32_decimal(0.9999_f32);
        assert_eq!(parse_number("0.9999", "pg.beta2", 0.0, hi), Ok(0.9999));
        let e = parse_number("1", "pg.beta2", 0.0, hi).unwrap_err();
        let m = e.message(Lang::En);
        assert!(m.contains("from 0 to 0.9999 "), "{m}");
        let lo = crate::numfmt::f32_decimal(1e-5_f32);
        let m = parse_number("0", "pg.lr", lo, 10.0)
            .unwrap_err()
            .message(Lang::En);
        assert!(m.contains("from 1e-5 to 10 "), "{m}");
        let m = parse_integer("-1", "pct.seed", 0.0, 4_294_967_295.0)
            .unwrap_err()
            .message(Lang::En);
        assert!(m.contains("4294967295"), "{m}");
    }

    #[test]
    fn whole_numbers_only_where_asked() {
        assert_eq!(parse_integer("42", "pct.seed", 0.0, 100.0), Ok(42.0));
        assert_eq!(parse_integer("４２", "pct.seed", 0.0, 100.0), Ok(42.0));
        let e = parse_integer("1.5", "pct.seed", 0.0, 100.0).unwrap_err();
        assert_eq!(e.key, "input.integer");
        let m = e.message(Lang::En);
        assert!(
            m.contains("1.5") && m.contains(" 1 ") && m.contains(" 2"),
            "{m}"
        );
        assert_eq!(
            parse_integer("", "pct.seed", 0.0, 100.0).unwrap_err().key,
            "input.empty"
        );
        assert_eq!(
            parse_integer("400", "pct.seed", 0.0, 100.0)
                .unwrap_err()
                .key,
            "input.range"
        );
    }
}
