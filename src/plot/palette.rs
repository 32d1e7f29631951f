//! The Okabe–Ito colour-blind-safe palette, used for every series and class in nnlab.

use plotters::style::RGBColor;

/// Okabe & Ito (2008), in their order minus black: distinguishable under the common colour-vision deficiencies.
pub const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow (weak on white: last)
];

/// The i-th series colour, cycling.
pub fn color(i: usize) -> RGBColor {
    OKABE_ITO[i % OKABE_ITO.len()]
}

/// `#rrggbb`, for the HTML legend beside a chart.
pub fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_hex_matches_the_palette() {
        assert_eq!(css(color(0)), "#0072b2");
        assert_eq!(css(color(8)), "#d55e00");
    }
}
