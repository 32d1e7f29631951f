//! RGBA pixel buffers from values, for `putImageData`: decision boundaries, digits, weight images, neuron maps.
//! A colormap maps v in [lo, hi] to a colour; `rgba` fills w × h pixels (row-major, 4 bytes each) from a grid of
//! values, scaling it up with nearest-neighbour so each value becomes a crisp block.

/// How values become colours.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Colormap {
    /// Black-on-white ink (MNIST convention on paper): 0 → white, 1 → black.
    Ink,
    /// Diverging, colour-blind safe: lo → Okabe–Ito orange, mid → white, hi → Okabe–Ito blue.
    /// For signs (weights, decision boundaries: class 0 vs class 1).
    Diverging,
    /// Light tint of one colour, for shading a class region: 0 → white, 1 → `rgb` mixed in at `strength`.
    Tint { rgb: [u8; 3], strength: f32 },
}

const ORANGE: [f32; 3] = [230.0, 159.0, 0.0];
const BLUE: [f32; 3] = [0.0, 114.0, 178.0];

impl Colormap {
    /// The colour of `t` in [0, 1] (clamped; NaN → mid grey so it is visible, not hidden).
    pub fn at(self, t: f32) -> [u8; 4] {
        if t.is_nan() {
            return [128, 128, 128, 255];
        }
        let t = t.clamp(0.0, 1.0);
        let mix = |a: [f32; 3], b: [f32; 3], s: f32| -> [u8; 4] {
            let c = |i: usize| (a[i] + (b[i] - a[i]) * s).round() as u8;
            [c(0), c(1), c(2), 255]
        };
        match self {
            Colormap::Ink => {
                let g = ((1.0 - t) * 255.0).round() as u8;
                [g, g, g, 255]
            }
            Colormap::Diverging => {
                const WHITE: [f32; 3] = [255.0, 255.0, 255.0];
                if t < 0.5 {
                    mix(ORANGE, WHITE, t * 2.0)
                } else {
                    mix(WHITE, BLUE, (t - 0.5) * 2.0)
                }
            }
            Colormap::Tint { rgb, strength } => {
                let c = [rgb[0] as f32, rgb[1] as f32, rgb[2] as f32];
                mix([255.0; 3], c, t * strength.clamp(0.0, 1.0))
            }
        }
    }
}

/// A grid of values, row-major, row 0 at the top.
#[derive(Clone, Copy, Debug)]
pub struct Values<'a> {
    pub data: &'a [f32],
    pub w: usize,
    pub h: usize,
}

/// Fill a `w × h` RGBA buffer from `grid`, mapping [lo, hi] = `range` through `cmap`, each value a
/// nearest-neighbour block. A grid shorter than w × h gives a blank (transparent) buffer.
pub fn rgba(grid: Values, range: (f32, f32), cmap: Colormap, w: usize, h: usize) -> Vec<u8> {
    if grid.data.len() < grid.w * grid.h {
        return vec![0u8; w * h * 4];
    }
    let (lo, hi) = range;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let colors: Vec<[u8; 4]> = grid.data[..grid.w * grid.h]
        .iter()
        .map(|v| cmap.at((v - lo) / span))
        .collect();
    upscale(&colors, grid.w, grid.h, w, h)
}

/// Scale a `gw × gh` grid of colours up to `w × h` pixels (nearest neighbour). Each grid cell is coloured
/// once by the caller and pixel rows that fall in the same grid row are copied whole, which keeps a HiDPI
/// decision boundary redraw cheap enough for 50+ fps while training. Short input gives a blank buffer.
pub fn upscale(colors: &[[u8; 4]], gw: usize, gh: usize, w: usize, h: usize) -> Vec<u8> {
    let mut out = vec![0u8; w * h * 4];
    if gw == 0 || gh == 0 || colors.len() < gw * gh || w == 0 || h == 0 {
        return out;
    }
    let row_bytes = w * 4;
    let mut prev_gy = usize::MAX;
    for py in 0..h {
        let gy = (py * gh / h).min(gh - 1);
        if gy == prev_gy {
            out.copy_within((py - 1) * row_bytes..py * row_bytes, py * row_bytes);
            continue;
        }
        prev_gy = gy;
        for px in 0..w {
            let gx = (px * gw / w).min(gw - 1);
            out[(py * w + px) * 4..][..4].copy_from_slice(&colors[gy * gw + gx]);
        }
    }
    out
}

/// A `gw × gh` grid of values as a `w × h` RGBA picture (nearest neighbour), colouring each value with
/// `color`. Whichever is fewer is coloured: the grid cells (then `upscale`), or, for a picture smaller than
/// the grid (the playground's neuron thumbnails: 192 of them at 6 × 32 neurons), only the cells its pixels
/// land on, so a small picture costs its own size and not the grid's. Both give the same pixels.
pub fn sample_rgba(
    values: &[f32],
    gw: usize,
    gh: usize,
    w: usize,
    h: usize,
    color: impl Fn(f32) -> [u8; 4],
) -> Vec<u8> {
    if gw == 0 || gh == 0 || values.len() < gw * gh || w == 0 || h == 0 {
        return vec![0u8; w * h * 4];
    }
    if w * h >= gw * gh {
        let colors: Vec<[u8; 4]> = values[..gw * gh].iter().map(|&v| color(v)).collect();
        return upscale(&colors, gw, gh, w, h);
    }
    let mut out = vec![0u8; w * h * 4];
    for py in 0..h {
        let gy = (py * gh / h).min(gh - 1);
        for px in 0..w {
            let gx = (px * gw / w).min(gw - 1);
            out[(py * w + px) * 4..][..4].copy_from_slice(&color(values[gy * gw + gx]));
        }
    }
    out
}

/// The symmetric range [−m, m] with m = max |v| (finite values; 1 if all are zero), so 0 maps to white
/// on a diverging map: the right scale for weights.
pub fn symmetric_range(values: &[f32]) -> (f32, f32) {
    let m = values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f32, |m, v| m.max(v.abs()));
    let m = if m > 0.0 { m } else { 1.0 };
    (-m, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_a_small_picture_gives_the_pixels_of_upscaling_the_whole_grid() {
        let (gw, gh) = (64, 64);
        let values: Vec<f32> = (0..gw * gh)
            .map(|i| ((i * 37) % 101) as f32 / 100.0)
            .collect();
        let color = |v: f32| Colormap::Diverging.at(v);
        let colors: Vec<[u8; 4]> = values.iter().map(|&v| color(v)).collect();
        for (w, h) in [(20, 20), (7, 13), (64, 64), (100, 90)] {
            assert_eq!(
                sample_rgba(&values, gw, gh, w, h, color),
                upscale(&colors, gw, gh, w, h),
                "{w}×{h}"
            );
        }
        assert_eq!(
            sample_rgba(&values[..10], gw, gh, 4, 4, color),
            vec![0u8; 64]
        );
    }

    #[test]
    fn ink_and_diverging_ends_and_middle() {
        assert_eq!(Colormap::Ink.at(0.0), [255, 255, 255, 255]);
        assert_eq!(Colormap::Ink.at(1.0), [0, 0, 0, 255]);
        assert_eq!(Colormap::Diverging.at(0.5), [255, 255, 255, 255]);
        assert_eq!(Colormap::Diverging.at(0.0), [230, 159, 0, 255]);
        assert_eq!(Colormap::Diverging.at(1.0), [0, 114, 178, 255]);
        assert_eq!(Colormap::Diverging.at(f32::NAN), [128, 128, 128, 255]);
        assert_eq!(
            Colormap::Tint {
                rgb: [0, 0, 0],
                strength: 0.5
            }
            .at(1.0),
            [128, 128, 128, 255]
        );
    }

    #[test]
    fn blocks_scale_up_without_blending() {
        // A 2 × 1 grid [0, 1] on ink, scaled to 4 × 2: left half white, right half black.
        let buf = rgba(
            Values {
                data: &[0.0, 1.0],
                w: 2,
                h: 1,
            },
            (0.0, 1.0),
            Colormap::Ink,
            4,
            2,
        );
        assert_eq!(buf.len(), 4 * 2 * 4);
        let px = |x: usize, y: usize| buf[(y * 4 + x) * 4];
        assert_eq!([px(0, 0), px(1, 1), px(2, 0), px(3, 1)], [255, 255, 0, 0]);
        let short = rgba(
            Values {
                data: &[0.0],
                w: 2,
                h: 2,
            },
            (0.0, 1.0),
            Colormap::Ink,
            4,
            4,
        );
        assert!(short.iter().all(|&b| b == 0), "short input is blank");
    }

    #[test]
    fn upscale_matches_colouring_every_pixel() {
        // A 3 × 2 grid scaled to a size that does not divide evenly: every pixel must equal the colour of
        // the cell it falls in, computed directly.
        let data = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
        let (w, h) = (7, 5);
        let buf = rgba(
            Values {
                data: &data,
                w: 3,
                h: 2,
            },
            (0.0, 1.0),
            Colormap::Diverging,
            w,
            h,
        );
        for py in 0..h {
            for px in 0..w {
                let v = data[(py * 2 / h) * 3 + px * 3 / w];
                assert_eq!(
                    buf[(py * w + px) * 4..][..4],
                    Colormap::Diverging.at(v),
                    "pixel {px},{py}"
                );
            }
        }
    }

    #[test]
    fn symmetric_range_centres_zero() {
        assert_eq!(symmetric_range(&[-0.2, 0.5, f32::NAN]), (-0.5, 0.5));
        assert_eq!(symmetric_range(&[0.0]), (-1.0, 1.0));
    }
}
