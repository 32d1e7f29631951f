//! Images of filters and feature maps as one RGBA pixel buffer, laid out as the book's `visualize_filter.py`
//! (`filter_show`: nx = 8 per row, `imshow(…, cmap=plt.cm.gray_r)`): each image is normalised by its own
//! minimum and maximum, v = (x − min)/(max − min), and drawn in reversed gray, 255 − min(⌊256·v⌋, 255), so the largest
//! weight is black and the smallest white (a constant image is white, as matplotlib draws it).

use ndarray::ArrayView3;

/// Images per row, as the book's `filter_show(filters, nx=8)`.
pub const NX: usize = 8;

/// A grid of gray images: `cols` × `rows` cells of `cell_w` × `cell_h` pixels, `margin` pixels apart.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageGrid {
    pub width: usize,
    pub height: usize,
    pub cols: usize,
    pub rows: usize,
    pub cell_w: usize,
    pub cell_h: usize,
    pub margin: usize,
    pub rgba: Vec<u8>,
}

/// One image's gray levels (0..=255) as `imshow(img, cmap=gray_r)` with automatic vmin/vmax draws them.
pub fn gray_r(img: &[f32]) -> Vec<u8> {
    let (lo, hi) = img
        .iter()
        .filter(|v| v.is_finite())
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let span = hi - lo;
    img.iter()
        .map(|&v| {
            let t = if span > 0.0 && v.is_finite() {
                (v - lo) / span
            } else {
                0.0
            };
            // matplotlib's 256-entry lookup table: entry i = ⌊t·256⌋ (at most 255), gray_r's entry i is 255 − i.
            255 - ((t.clamp(0.0, 1.0) * 256.0) as usize).min(255) as u8
        })
        .collect()
}

/// The images `maps` (count × H × W) in rows of `nx`, each normalised on its own, on a light gray background.
pub fn image_grid(maps: ArrayView3<f32>, nx: usize, margin: usize) -> ImageGrid {
    let (n, h, w) = maps.dim();
    let cols = nx.clamp(1, n.max(1));
    let rows = n.div_ceil(cols).max(1);
    let width = cols * w + (cols + 1) * margin;
    let height = rows * h + (rows + 1) * margin;
    // The gaps are a mid gray that differs from both ends of the gray_r scale, so white cells stay visible.
    let mut rgba = [200u8, 200, 200, 255].repeat(width * height);
    for (k, img) in maps.outer_iter().enumerate() {
        let flat: Vec<f32> = img.iter().copied().collect();
        let g = gray_r(&flat);
        let (cx, cy) = (k % cols, k / cols);
        let (x0, y0) = (margin + cx * (w + margin), margin + cy * (h + margin));
        for y in 0..h {
            for x in 0..w {
                let v = g[y * w + x];
                let at = 4 * ((y0 + y) * width + x0 + x);
                rgba[at..at + 3].copy_from_slice(&[v, v, v]);
            }
        }
    }
    ImageGrid {
        width,
        height,
        cols,
        rows,
        cell_w: w,
        cell_h: h,
        margin,
        rgba,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array3;

    #[test]
    fn each_image_is_normalised_as_imshow_with_gray_r() {
        // min → white (255), max → black (0), the middle → 127 (matplotlib's table entry 128).
        assert_eq!(gray_r(&[-2.0, 0.0, 2.0]), vec![255, 127, 0]);
        // Scale does not matter: every filter gets its own range, as in the book's figure.
        assert_eq!(gray_r(&[0.001, 0.002, 0.003]), gray_r(&[10.0, 20.0, 30.0]));
        assert_eq!(gray_r(&[0.5, 0.5]), vec![255, 255]);
    }

    #[test]
    fn the_grid_has_the_books_layout() {
        // 30 filters of 5 × 5 in rows of 8: 4 rows, the last with 6.
        let maps = Array3::from_shape_fn((30, 5, 5), |(k, y, x)| (k * 25 + y * 5 + x) as f32);
        let g = image_grid(maps.view(), NX, 1);
        assert_eq!((g.cols, g.rows), (8, 4));
        assert_eq!((g.width, g.height), (8 * 5 + 9, 4 * 5 + 5));
        assert_eq!(g.rgba.len(), g.width * g.height * 4);
        let px = |x: usize, y: usize| g.rgba[4 * (y * g.width + x)];
        // Filter 0's first pixel is its minimum (white), its last its maximum (black).
        assert_eq!(px(1, 1), 255);
        assert_eq!(px(5, 5), 0);
        // Filter 9 (row 1, column 1) starts at (1 + 6, 1 + 6).
        assert_eq!(px(7, 7), 255);
        // The gap between cells is the background.
        assert_eq!(px(6, 1), 200);
    }
}
