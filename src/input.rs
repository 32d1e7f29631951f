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
}
