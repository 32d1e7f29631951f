//! The book's `smooth_curve` (common/util.py), used for its optimizer figure: a Kaiser window (length 11,
//! β = 2, wₙ = I₀(β√(1 − (2n/10 − 1)²)) / I₀(β), normalised to sum 1) slid over the loss curve, the ends padded by
//! reflection exactly as `np.r_[x[9:0:-1], x, x[-1:-11:-1]]` pads them, so the result has the input's length.

/// The window length and β of the book's smoothing.
pub const WINDOW: usize = 11;
const BETA: f64 = 2.0;

/// The modified Bessel function I₀(x) = Σₖ ((x/2)ᵏ / k!)², summed until the terms vanish.
fn bessel_i0(x: f64) -> f64 {
    let (mut sum, mut term, mut k) = (1.0, 1.0, 1.0);
    while term > 1e-17 * sum {
        term *= (x / (2.0 * k)).powi(2);
        sum += term;
        k += 1.0;
    }
    sum
}

/// NumPy's `np.kaiser(11, 2) / sum`.
pub fn kaiser_weights() -> [f64; WINDOW] {
    let m = (WINDOW - 1) as f64;
    let mut w = [0.0; WINDOW];
    for (n, v) in w.iter_mut().enumerate() {
        let r = 2.0 * n as f64 / m - 1.0;
        *v = bessel_i0(BETA * (1.0 - r * r).max(0.0).sqrt()) / bessel_i0(BETA);
    }
    let s: f64 = w.iter().sum();
    w.map(|v| v / s)
}

/// The smoothed curve, as long as `x`. Shorter than the window (where the book's code would return fewer
/// points), the values come back as they are.
pub fn smooth_curve(x: &[f32]) -> Vec<f32> {
    let n = x.len();
    if n < WINDOW {
        return x.to_vec();
    }
    let w = kaiser_weights();
    let half = (WINDOW / 2) as isize;
    // Position r of the padded series: r < 0 mirrors without the edge (x[−r]); r ≥ n mirrors with it (x[2n−1−r]).
    let at = |r: isize| -> f64 {
        let i = if r < 0 {
            -r
        } else if r >= n as isize {
            2 * n as isize - 1 - r
        } else {
            r
        };
        x[i as usize] as f64
    };
    (0..n as isize)
        .map(|i| {
            w.iter()
                .enumerate()
                .map(|(k, wk)| wk * at(i + k as isize - half))
                .sum::<f64>() as f32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_numpy() {
        // np.kaiser(11, 2) / np.kaiser(11, 2).sum(), and smooth_curve of a short series, from NumPy 2.4.
        let w = kaiser_weights();
        assert!((w[0] - 0.05244517).abs() < 1e-8 && (w[5] - 0.11955325).abs() < 1e-8);
        let x = [3.0, 1., 2., 5., 4., 0., 1., 2., 8., 1., 1., 0.5, 2., 3.];
        let want = [
            2.52032714, 2.51910896, 2.36137999, 2.51274459, 2.56368176, 2.60160095, 2.48059172,
            2.46266285, 2.42249863, 2.29414479, 2.21668626, 2.21575828, 2.12657801, 1.96239965,
        ];
        let got = smooth_curve(&x);
        assert_eq!(got.len(), x.len());
        for (g, w) in got.iter().zip(want) {
            assert!((*g as f64 - w).abs() < 1e-5, "{got:?}");
        }
        assert_eq!(smooth_curve(&[1.0, 2.0]), vec![1.0, 2.0]);
        assert!(smooth_curve(&[0.7; 30])
            .iter()
            .all(|v| (v - 0.7).abs() < 1e-6));
    }
}
