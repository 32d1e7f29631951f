//! The book's `load_mnist(normalize, flatten, one_hot_label)` shown on one sample: normalize gives
//! x = byte/255 in [0, 1] (else 0–255), flatten gives shape (784,) (else (1, 28, 28)), one_hot_label gives
//! t as a 10-vector with 1 at the label (else the label itself).

use crate::data::idx::SIDE;

/// What the options do to one sample, as text the lab shows.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadView {
    pub x_shape: String,
    pub x_range: String,
    /// The middle row (row 14) of the image as the array holds it.
    pub x_row: String,
    pub t: String,
}

pub fn load_view(
    pixels: &[u8],
    label: u8,
    normalize: bool,
    flatten: bool,
    one_hot: bool,
) -> LoadView {
    let x_shape = if flatten { "(784,)" } else { "(1, 28, 28)" }.to_string();
    let fmt = |b: u8| {
        if normalize {
            let v = b as f32 / 255.0;
            if b == 0 {
                "0.".to_string()
            } else {
                format!("{v:.3}")
            }
        } else {
            b.to_string()
        }
    };
    let row = SIDE / 2;
    let vals: Vec<String> = pixels[row * SIDE..(row + 1) * SIDE]
        .iter()
        .map(|&b| fmt(b))
        .collect();
    let x_row = if flatten {
        format!(
            "x[{}:{}] = [{}]",
            row * SIDE,
            (row + 1) * SIDE,
            vals.join(", ")
        )
    } else {
        format!("x[0, {row}] = [{}]", vals.join(", "))
    };
    let x_range = if normalize {
        "0.0 … 1.0 (float32)"
    } else {
        "0 … 255 (uint8)"
    }
    .to_string();
    let t = if one_hot {
        let v: Vec<&str> = (0..10)
            .map(|k| if k == label as usize { "1" } else { "0" })
            .collect();
        format!("t = [{}]", v.join(", "))
    } else {
        format!("t = {label}")
    };
    LoadView {
        x_shape,
        x_range,
        x_row,
        t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_option_changes_what_it_should() {
        let mut px = vec![0u8; 784];
        px[14 * 28 + 3] = 255;
        let a = load_view(&px, 5, true, true, true);
        assert_eq!(a.x_shape, "(784,)");
        assert!(
            a.x_row.starts_with("x[392:420] = [0., 0., 0., 1.000"),
            "{}",
            a.x_row
        );
        assert_eq!(a.t, "t = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]");
        let b = load_view(&px, 5, false, false, false);
        assert_eq!(b.x_shape, "(1, 28, 28)");
        assert!(
            b.x_row.starts_with("x[0, 14] = [0, 0, 0, 255"),
            "{}",
            b.x_row
        );
        assert_eq!(b.t, "t = 5");
        assert_ne!(a.x_range, b.x_range);
    }
}
