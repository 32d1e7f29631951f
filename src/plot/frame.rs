//! Where a chart's plotting area sits on the canvas, so a pointer position maps back to data:
//! x = x_min + (px − left) / (right − left) · (x_max − x_min) (and y likewise, flipped).

/// The plotting area of a drawn chart, in the backend's (device) pixels, and its data ranges.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotFrame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
}

impl PlotFrame {
    /// The frame of a drawn chart from its plotting area's pixel range (`get_pixel_range()`).
    pub fn from_pixel_range(
        (xs, ys): (std::ops::Range<i32>, std::ops::Range<i32>),
        x_range: (f64, f64),
        y_range: (f64, f64),
    ) -> PlotFrame {
        PlotFrame {
            left: xs.start as f64,
            right: xs.end as f64,
            top: ys.start as f64,
            bottom: ys.end as f64,
            x_range,
            y_range,
        }
    }

    /// The data x at a device-pixel column; `None` outside the plotting area.
    pub fn x_at(&self, px: f64) -> Option<f64> {
        if !(self.left..=self.right).contains(&px) || self.right <= self.left {
            return None;
        }
        let f = (px - self.left) / (self.right - self.left);
        Some(self.x_range.0 + f * (self.x_range.1 - self.x_range.0))
    }

    /// The data y at a device-pixel row; `None` outside the plotting area.
    pub fn y_at(&self, py: f64) -> Option<f64> {
        if !(self.top..=self.bottom).contains(&py) || self.bottom <= self.top {
            return None;
        }
        let f = (self.bottom - py) / (self.bottom - self.top);
        Some(self.y_range.0 + f * (self.y_range.1 - self.y_range.0))
    }

    /// The data point at a device pixel; `None` outside the plotting area.
    pub fn data_at(&self, px: f64, py: f64) -> Option<(f64, f64)> {
        Some((self.x_at(px)?, self.y_at(py)?))
    }

    /// The device pixel of a data point (may lie outside the area).
    pub fn to_px(&self, x: f64, y: f64) -> (f64, f64) {
        let fx = (x - self.x_range.0) / (self.x_range.1 - self.x_range.0);
        let fy = (y - self.y_range.0) / (self.y_range.1 - self.y_range.0);
        (
            self.left + fx * (self.right - self.left),
            self.bottom - fy * (self.bottom - self.top),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixels_and_data_map_both_ways() {
        let f = PlotFrame {
            left: 10.0,
            right: 110.0,
            top: 0.0,
            bottom: 50.0,
            x_range: (-5.0, 5.0),
            y_range: (0.0, 1.0),
        };
        assert_eq!(f.x_at(60.0), Some(0.0));
        assert_eq!(f.x_at(5.0), None);
        assert!((f.y_at(0.0).unwrap() - 1.0).abs() < 1e-12);
        let (px, py) = f.to_px(2.5, 0.25);
        assert!((f.x_at(px).unwrap() - 2.5).abs() < 1e-12);
        assert!((f.y_at(py).unwrap() - 0.25).abs() < 1e-12);
        let (x, y) = f.data_at(px, py).unwrap();
        assert!((x - 2.5).abs() < 1e-12 && (y - 0.25).abs() < 1e-12);
        assert_eq!(f.data_at(px, 51.0), None);
    }
}
