//! A drawn digit prepared like MNIST: ink = (1 − luminance)·alpha per canvas pixel; the ink's bounding box is
//! scaled (area average, aspect kept) to fit 20 × 20, then placed in 28 × 28 so that its centre of mass
//! Σ(x·v)/Σv, Σ(y·v)/Σv lies at the centre (14, 14), as LeCun et al. prepared the MNIST digits.

use crate::data::idx::{PIXELS, SIDE};

/// The box the digit is scaled into.
pub const BOX: usize = 20;
/// Ink below this is background (anti-aliasing fringes, paper noise).
const THRESHOLD: f32 = 0.05;

/// Ink in [0, 1] per pixel of an RGBA canvas (w × h × 4 bytes): dark, opaque strokes are 1.
pub fn ink_from_rgba(rgba: &[u8], w: usize, h: usize) -> Vec<f32> {
    rgba.chunks_exact(4)
        .take(w * h)
        .map(|p| {
            let lum = (0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32) / 255.0;
            (1.0 - lum) * p[3] as f32 / 255.0
        })
        .collect()
}

/// The 28 × 28 input (values in [0, 1], row-major) for a w × h ink grid, or `None` when nothing is drawn.
pub fn to_mnist(ink: &[f32], w: usize, h: usize) -> Option<Vec<f32>> {
    if w == 0 || h == 0 || ink.len() < w * h {
        return None;
    }
    // The bounding box of the ink.
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for y in 0..h {
        for x in 0..w {
            if ink[y * w + x] > THRESHOLD {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x + 1);
                y1 = y1.max(y + 1);
            }
        }
    }
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let (bw, bh) = (x1 - x0, y1 - y0);
    // Scale the longer side to 20 (never enlarge a tiny mark by more than the box allows).
    let s = BOX as f32 / bw.max(bh) as f32;
    let tw = ((bw as f32 * s).round() as usize).clamp(1, BOX);
    let th = ((bh as f32 * s).round() as usize).clamp(1, BOX);
    let small = resample(ink, w, (x0, y0, bw, bh), tw, th);

    // Centre of mass of the small image (pixel centres at +0.5).
    let (mut m, mut mx, mut my) = (0.0f32, 0.0f32, 0.0f32);
    for y in 0..th {
        for x in 0..tw {
            let v = small[y * tw + x];
            m += v;
            mx += v * (x as f32 + 0.5);
            my += v * (y as f32 + 0.5);
        }
    }
    let (cx, cy) = if m > 0.0 {
        (mx / m, my / m)
    } else {
        (tw as f32 / 2.0, th as f32 / 2.0)
    };
    let half = SIDE as f32 / 2.0;
    let ox = ((half - cx).round().max(0.0) as usize).min(SIDE - tw);
    let oy = ((half - cy).round().max(0.0) as usize).min(SIDE - th);
    let mut out = vec![0.0f32; PIXELS];
    for y in 0..th {
        for x in 0..tw {
            out[(oy + y) * SIDE + ox + x] = small[y * tw + x].clamp(0.0, 1.0);
        }
    }
    Some(out)
}

/// Area-average the box (x0, y0, bw, bh) of a w-wide grid down (or up) to tw × th.
fn resample(
    ink: &[f32],
    w: usize,
    b: (usize, usize, usize, usize),
    tw: usize,
    th: usize,
) -> Vec<f32> {
    let (x0, y0, bw, bh) = b;
    let (sx, sy) = (bw as f32 / tw as f32, bh as f32 / th as f32);
    let mut out = vec![0.0f32; tw * th];
    for ty in 0..th {
        let (ya, yb) = (ty as f32 * sy, (ty + 1) as f32 * sy);
        for tx in 0..tw {
            let (xa, xb) = (tx as f32 * sx, (tx + 1) as f32 * sx);
            let mut sum = 0.0;
            for y in ya.floor() as usize..(yb.ceil() as usize).min(bh) {
                let wy = (yb.min(y as f32 + 1.0) - ya.max(y as f32)).max(0.0);
                for x in xa.floor() as usize..(xb.ceil() as usize).min(bw) {
                    let wx = (xb.min(x as f32 + 1.0) - xa.max(x as f32)).max(0.0);
                    sum += wx * wy * ink[(y0 + y) * w + x0 + x];
                }
            }
            out[ty * tw + tx] = sum / (sx * sy);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bbox(img: &[f32]) -> (usize, usize, usize, usize) {
        let on: Vec<(usize, usize)> = (0..PIXELS)
            .filter(|&i| img[i] > 0.1)
            .map(|i| (i % SIDE, i / SIDE))
            .collect();
        let xs = on.iter().map(|p| p.0);
        let ys = on.iter().map(|p| p.1);
        (
            xs.clone().min().unwrap(),
            ys.clone().min().unwrap(),
            xs.max().unwrap(),
            ys.max().unwrap(),
        )
    }

    #[test]
    fn nothing_drawn_is_none() {
        assert_eq!(to_mnist(&[0.0; 100], 10, 10), None);
        assert_eq!(to_mnist(&[], 0, 0), None);
    }

    #[test]
    fn a_square_in_a_corner_is_scaled_to_20_and_centred() {
        // A 40 × 40 block in the top-left of a 200 × 200 canvas.
        let (w, h) = (200, 200);
        let mut ink = vec![0.0; w * h];
        for y in 10..50 {
            for x in 10..50 {
                ink[y * w + x] = 1.0;
            }
        }
        let img = to_mnist(&ink, w, h).unwrap();
        assert_eq!(bbox(&img), (4, 4, 23, 23), "20 × 20 in the middle");
        let mass: f32 = img.iter().sum();
        assert!((mass - 400.0).abs() < 1.0, "{mass}");
    }

    #[test]
    fn a_tall_stroke_keeps_its_aspect_and_centre_of_mass() {
        // A 10-wide, 100-tall bar: scaled to 2 × 20, centred at (14, 14).
        let (w, h) = (120, 120);
        let mut ink = vec![0.0; w * h];
        for y in 5..105 {
            for x in 90..100 {
                ink[y * w + x] = 1.0;
            }
        }
        let img = to_mnist(&ink, w, h).unwrap();
        let (x0, y0, x1, y1) = bbox(&img);
        assert_eq!((x1 - x0 + 1, y1 - y0 + 1), (2, 20));
        let m: f32 = img.iter().sum();
        let cx: f32 = (0..PIXELS)
            .map(|i| img[i] * ((i % SIDE) as f32 + 0.5))
            .sum::<f32>()
            / m;
        let cy: f32 = (0..PIXELS)
            .map(|i| img[i] * ((i / SIDE) as f32 + 0.5))
            .sum::<f32>()
            / m;
        assert!(
            (cx - 14.0).abs() <= 0.5 && (cy - 14.0).abs() <= 0.5,
            "{cx} {cy}"
        );
    }

    #[test]
    fn ink_reads_dark_opaque_pixels() {
        let rgba = [0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0];
        assert_eq!(ink_from_rgba(&rgba, 3, 1), vec![1.0, 0.0, 0.0]);
    }
}
