//! A grid of small images (digits, first-layer weights) as one RGBA buffer: image k goes to column k mod cols,
//! row k div cols, each scaled to `cell` pixels square with `gap` white pixels between, via `heatmap::rgba`.

use super::heatmap::{rgba, Colormap, Values};

/// One RGBA buffer and its size.
#[derive(Clone, Debug, PartialEq)]
pub struct Tiles {
    pub rgba: Vec<u8>,
    pub w: usize,
    pub h: usize,
}

/// Tile `images` (each `side × side` values) with one value range and colormap.
pub fn tiles(
    images: &[&[f32]],
    side: usize,
    range: (f32, f32),
    cmap: Colormap,
    cols: usize,
    cell: usize,
    gap: usize,
) -> Tiles {
    let cols = cols.max(1);
    let rows = images.len().div_ceil(cols).max(1);
    let w = cols * cell + (cols - 1) * gap;
    let h = rows * cell + (rows - 1) * gap;
    let mut out = vec![255u8; w * h * 4];
    for (k, img) in images.iter().enumerate() {
        let buf = rgba(
            Values {
                data: img,
                w: side,
                h: side,
            },
            range,
            cmap,
            cell,
            cell,
        );
        let (x0, y0) = ((k % cols) * (cell + gap), (k / cols) * (cell + gap));
        for y in 0..cell {
            let dst = ((y0 + y) * w + x0) * 4;
            out[dst..dst + cell * 4].copy_from_slice(&buf[y * cell * 4..(y + 1) * cell * 4]);
        }
    }
    Tiles { rgba: out, w, h }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_land_in_their_cells() {
        let black = [1.0f32; 4];
        let white = [0.0f32; 4];
        let t = tiles(
            &[&black, &white, &black],
            2,
            (0.0, 1.0),
            Colormap::Ink,
            2,
            4,
            1,
        );
        assert_eq!((t.w, t.h), (9, 9));
        let px = |x: usize, y: usize| t.rgba[(y * t.w + x) * 4];
        assert_eq!(px(0, 0), 0, "first image is ink");
        assert_eq!(px(6, 0), 255, "second image is white");
        assert_eq!(px(4, 0), 255, "the gap is white");
        assert_eq!(px(0, 6), 0, "third image starts row 2");
        assert_eq!(px(6, 6), 255, "no fourth image");
    }
}
