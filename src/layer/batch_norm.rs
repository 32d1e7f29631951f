//! The book's BatchNormalization (§6.3, `common/layers.py`), per feature j over a mini-batch of N rows:
//! μ_B = (1/N)Σᵢ xᵢ, σ²_B = (1/N)Σᵢ (xᵢ − μ_B)², x̂ᵢ = (xᵢ − μ_B)/√(σ²_B + ε), yᵢ = γ x̂ᵢ + β, with ε = 10e-7.
//! Training mode uses μ_B and σ²_B and moves the running mean and variance towards them with momentum 0.9
//! (running = 0.9·running + 0.1·batch, starting from 0 as in the book); evaluation mode uses the running values.
//!
//! Backward is the book's computational graph, node by node: ∂β = Σᵢ dyᵢ, ∂γ = Σᵢ x̂ᵢ dyᵢ, dx̂ = γ dy,
//! dxc = dx̂/std, dstd = −Σᵢ dx̂ᵢ xcᵢ / std², dvar = ½ dstd/std, dxc += (2/N) xc dvar, dμ = Σᵢ dxcᵢ,
//! dx = dxc − dμ/N (xc = x − μ_B, std = √(σ²_B + ε)). In evaluation mode the layer is a fixed per-feature
//! affine map, so dx = γ dy / √(running_var + ε).

use ndarray::{Array1, Array2, Axis, Zip};

use super::{reuse, Layer};

/// The book's ε (`10e-7`, that is 1e-6), added to the variance before the square root.
pub const BN_EPS: f32 = 10e-7;
/// The book's momentum for the running mean and variance.
pub const BN_MOMENTUM: f32 = 0.9;

/// Batch normalization over D features with parameters γ (`gamma`) and β (`beta`), which the optimizers
/// update like W and b (the book names them gamma1, beta1, …). Starts in training mode.
#[derive(Clone, Debug)]
pub struct BatchNormalization {
    pub gamma: Array1<f32>,
    pub beta: Array1<f32>,
    pub dgamma: Array1<f32>,
    pub dbeta: Array1<f32>,
    pub momentum: f32,
    pub running_mean: Array1<f32>,
    pub running_var: Array1<f32>,
    train: bool,
    /// From the last training forward: μ_B, σ²_B, std = √(σ²_B + ε), xc = x − μ_B and x̂ = xc/std.
    mu: Array1<f32>,
    var: Array1<f32>,
    std: Array1<f32>,
    xc: Array2<f32>,
    xn: Array2<f32>,
    /// Whether the last forward ran in training mode (its backward differs).
    last_train: bool,
    out: Array2<f32>,
    dx: Array2<f32>,
}

impl BatchNormalization {
    /// A layer for `d` features with the book's start: γ = 1, β = 0, running mean and variance 0.
    pub fn new(d: usize) -> BatchNormalization {
        BatchNormalization::with_params(Array1::ones(d), Array1::zeros(d))
    }

    /// A layer with the given γ and β (same length).
    pub fn with_params(gamma: Array1<f32>, beta: Array1<f32>) -> BatchNormalization {
        assert_eq!(
            gamma.len(),
            beta.len(),
            "γ and β have one entry per feature"
        );
        let d = gamma.len();
        BatchNormalization {
            dgamma: Array1::zeros(d),
            dbeta: Array1::zeros(d),
            gamma,
            beta,
            momentum: BN_MOMENTUM,
            running_mean: Array1::zeros(d),
            running_var: Array1::zeros(d),
            train: true,
            mu: Array1::zeros(d),
            var: Array1::zeros(d),
            std: Array1::zeros(d),
            xc: Array2::zeros((0, d)),
            xn: Array2::zeros((0, d)),
            last_train: true,
            out: Array2::zeros((0, 0)),
            dx: Array2::zeros((0, 0)),
        }
    }

    /// The number of features D.
    pub fn features(&self) -> usize {
        self.gamma.len()
    }

    pub fn is_train(&self) -> bool {
        self.train
    }

    /// μ_B of the last training forward.
    pub fn batch_mean(&self) -> &Array1<f32> {
        &self.mu
    }

    /// σ²_B of the last training forward (the biased variance, 1/N, as the book's `np.mean(xc**2)`).
    pub fn batch_var(&self) -> &Array1<f32> {
        &self.var
    }

    /// √(σ² + ε) of the last forward (batch σ² in training, running σ² in evaluation).
    pub fn std(&self) -> &Array1<f32> {
        &self.std
    }

    /// x̂ of the last forward.
    pub fn x_hat(&self) -> &Array2<f32> {
        &self.xn
    }
}

impl Layer for BatchNormalization {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        let (n, d) = x.dim();
        assert_eq!(d, self.features(), "BatchNormalization: x has D columns");
        let xc = reuse(&mut self.xc, (n, d));
        if self.train {
            // Means in f64: a batch of a few hundred f32 values loses digits otherwise.
            let inv_n = 1.0 / n.max(1) as f64;
            for j in 0..d {
                let col = x.column(j);
                let mu = col.iter().map(|&v| v as f64).sum::<f64>() * inv_n;
                let var = col.iter().map(|&v| (v as f64 - mu).powi(2)).sum::<f64>() * inv_n;
                self.mu[j] = mu as f32;
                self.var[j] = var as f32;
            }
            let m = self.momentum;
            Zip::from(&mut self.running_mean)
                .and(&self.mu)
                .for_each(|r, &mu| *r = m * *r + (1.0 - m) * mu);
            Zip::from(&mut self.running_var)
                .and(&self.var)
                .for_each(|r, &v| *r = m * *r + (1.0 - m) * v);
            Zip::from(&mut self.std)
                .and(&self.var)
                .for_each(|s, &v| *s = (v + BN_EPS).sqrt());
            Zip::from(xc.rows_mut())
                .and(x.rows())
                .for_each(|mut c, xr| {
                    Zip::from(&mut c)
                        .and(&xr)
                        .and(&self.mu)
                        .for_each(|c, &v, &mu| *c = v - mu)
                });
        } else {
            Zip::from(&mut self.std)
                .and(&self.running_var)
                .for_each(|s, &v| *s = (v + BN_EPS).sqrt());
            Zip::from(xc.rows_mut())
                .and(x.rows())
                .for_each(|mut c, xr| {
                    Zip::from(&mut c)
                        .and(&xr)
                        .and(&self.running_mean)
                        .for_each(|c, &v, &mu| *c = v - mu)
                });
        }
        self.last_train = self.train;
        let xn = reuse(&mut self.xn, (n, d));
        let out = reuse(&mut self.out, (n, d));
        Zip::from(xn.rows_mut())
            .and(out.rows_mut())
            .and(self.xc.rows())
            .for_each(|mut xn, mut o, c| {
                Zip::from(&mut xn)
                    .and(&mut o)
                    .and(&c)
                    .and(&self.std)
                    .and(&self.gamma)
                    .and(&self.beta)
                    .for_each(|xn, o, &c, &s, &g, &b| {
                        *xn = c / s;
                        *o = g * *xn + b;
                    })
            });
        &self.out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        let (n, d) = dout.dim();
        assert_eq!(
            self.xn.dim(),
            (n, d),
            "BatchNormalization::backward before forward"
        );
        self.dbeta = dout.sum_axis(Axis(0));
        self.dgamma = (&self.xn * dout).sum_axis(Axis(0));
        let dx = reuse(&mut self.dx, (n, d));
        // dx̂ = γ dy; then dxc = dx̂/std.
        Zip::from(dx.rows_mut())
            .and(dout.rows())
            .for_each(|mut dxr, dr| {
                Zip::from(&mut dxr)
                    .and(&dr)
                    .and(&self.gamma)
                    .and(&self.std)
                    .for_each(|o, &g, &gm, &s| *o = gm * g / s)
            });
        if !self.last_train {
            return &self.dx;
        }
        let nf = n.max(1) as f32;
        for j in 0..d {
            let s = self.std[j];
            let gm = self.gamma[j];
            // dstd = −Σ dx̂ xc / std², dvar = ½ dstd / std.
            let dstd: f64 = -dout
                .column(j)
                .iter()
                .zip(self.xc.column(j))
                .map(|(&g, &c)| (gm * g * c) as f64)
                .sum::<f64>()
                / (s as f64 * s as f64);
            let dvar = (0.5 * dstd / s as f64) as f32;
            let mut col = dx.column_mut(j);
            Zip::from(&mut col)
                .and(self.xc.column(j))
                .for_each(|o, &c| *o += (2.0 / nf) * c * dvar);
            let dmu = col.iter().map(|&v| v as f64).sum::<f64>() as f32;
            col.mapv_inplace(|v| v - dmu / nf);
        }
        &self.dx
    }

    fn set_train(&mut self, train: bool) {
        self.train = train;
    }

    fn name(&self) -> &'static str {
        "BatchNormalization"
    }
}
