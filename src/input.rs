//! Validation of what a user types into a number field: empty, not a number, or outside the stated range
//! each give a readable error, so the web layer can mark the field and keep the last good value.

use crate::error::{Error, Result};

/// Parse a number typed into a field named by the i18n key `label`, within `lo..=hi`.
pub fn parse_number(text: &str, label: &'static str, lo: f64, hi: f64) -> Result<f64> {
    let s = text.trim();
    if s.is_empty() {
        return Err(Error::new("input.empty", [label]));
    }
    let v: f64 = s.parse().map_err(|_| Error::new("input.nan", [label, s]))?;
    if !v.is_finite() {
        return Err(Error::new("input.nan", [label, s]));
    }
    if !(lo..=hi).contains(&v) {
        return Err(Error::new(
            "input.range",
            [
                label.to_string(),
                lo.to_string(),
                hi.to_string(),
                s.to_string(),
            ],
        ));
    }
    Ok(v)
}

/// Parse a whole number typed into a field (a seed, an epoch count) within `lo..=hi`; "2.5" is refused.
pub fn parse_integer(text: &str, label: &'static str, lo: f64, hi: f64) -> Result<f64> {
    let v = parse_number(text, label, lo, hi)?;
    if v.fract() != 0.0 {
        return Err(Error::new("input.integer", [label, text.trim()]));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn accepts_numbers_in_range_and_names_each_failure() {
        assert_eq!(parse_number(" 0.25 ", "act.leaky_a", 0.0, 1.0), Ok(0.25));
        assert_eq!(
            parse_number("", "act.leaky_a", 0.0, 1.0).unwrap_err().key,
            "input.empty"
        );
        assert_eq!(
            parse_number("NaN", "act.leaky_a", 0.0, 1.0)
                .unwrap_err()
                .key,
            "input.nan"
        );
        assert_eq!(
            parse_number("inf", "act.leaky_a", 0.0, 1.0)
                .unwrap_err()
                .key,
            "input.nan"
        );
        assert_eq!(
            parse_number("abc", "act.leaky_a", 0.0, 1.0)
                .unwrap_err()
                .key,
            "input.nan"
        );
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
    fn whole_numbers_only_where_asked() {
        assert_eq!(parse_integer("42", "pct.seed", 0.0, 100.0), Ok(42.0));
        assert_eq!(
            parse_integer("4.5", "pct.seed", 0.0, 100.0)
                .unwrap_err()
                .key,
            "input.integer"
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
