//! Readable text on shaded cells (WCAG 2): relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B (linearised
//! sRGB), contrast = (L₁ + 0.05) / (L₂ + 0.05). A cell shaded from white to a colour gets black or white text,
//! whichever contrasts more; with pure black and white that is never below 4.58:1, so AA (4.5:1) always holds.

use plotters::style::RGBColor;

/// WCAG 2 relative luminance of an sRGB colour.
pub fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG 2 contrast ratio between two colours (1 to 21).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `colour` at opacity `alpha` (clamped to 0..=1) over white, as one opaque colour.
pub fn over_white(colour: RGBColor, alpha: f64) -> RGBColor {
    let a = if alpha.is_finite() {
        alpha.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |v: u8| (a * v as f64 + (1.0 - a) * 255.0).round() as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

/// A table cell shaded with `colour` at opacity `alpha` over white: its background and the text colour
/// (black or white) that contrasts more with it.
pub fn shaded_cell(colour: RGBColor, alpha: f64) -> (RGBColor, RGBColor) {
    const BLACK: RGBColor = RGBColor(0, 0, 0);
    const WHITE: RGBColor = RGBColor(255, 255, 255);
    let bg = over_white(colour, alpha);
    let fg = if contrast(bg, BLACK) >= contrast(bg, WHITE) {
        BLACK
    } else {
        WHITE
    };
    (bg, fg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::palette::OKABE_ITO;

    #[test]
    fn contrast_matches_known_pairs() {
        let white = RGBColor(255, 255, 255);
        assert!((contrast(white, RGBColor(0, 0, 0)) - 21.0).abs() < 1e-9);
        // Okabe–Ito blue on white: 5.2:1 (the accent colour of the page); orange: 2.25:1.
        assert!((contrast(white, RGBColor(0x00, 0x72, 0xB2)) - 5.19).abs() < 0.01);
        assert!((contrast(white, RGBColor(0xE6, 0x9F, 0x00)) - 2.25).abs() < 0.01);
    }

    #[test]
    fn every_shade_of_every_palette_colour_keeps_aa_text() {
        for &c in &OKABE_ITO {
            for k in 0..=100 {
                let (bg, fg) = shaded_cell(c, k as f64 / 100.0);
                let r = contrast(bg, fg);
                assert!(r >= 4.5, "{c:?} at {k}%: {r:.2}:1");
            }
        }
    }

    #[test]
    fn alpha_is_clamped() {
        assert_eq!(over_white(RGBColor(0, 0, 0), 2.0), RGBColor(0, 0, 0));
        assert_eq!(
            over_white(RGBColor(0, 0, 0), f64::NAN),
            RGBColor(255, 255, 255)
        );
    }
}
