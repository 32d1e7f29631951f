//! The engine's matrix product C ← α·A·B + β·C (f32, views of any strides): every Affine and Convolution
//! layer goes through `gemm`.
//!
//! In the browser build it is our own blocked SIMD128 product (`blocked.rs`, `kernel.rs`, `pack.rs`,
//! `vec4.rs`), tuned for the shapes the labs train: 100 × 784 · 784 × 100 and its transposes in backprop, and
//! the im2col products of the CNN (57,600 × 25 · 25 × 30). Natively it is matrixmultiply (through ndarray's
//! `general_mat_mul`), whose AVX/FMA kernels are faster there; the native tests still run our product, since
//! its loops are the same with four plain f32 lanes. Each build is deterministic: the same inputs give the
//! same bits. The page's first module (built without the `full` feature: the light labs, whose networks are a
//! few units wide) keeps matrixmultiply too, which leaves our kernel's code out of the first download.

mod blocked;
mod kernel;
mod pack;
mod probe;
mod vec4;

#[cfg(test)]
mod tests;

pub use blocked::gemm_blocked;
pub use probe::RELAXED_SIMD_PROBE;

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayBase, Data, DataMut, Ix2};

/// C ← α·A·B + β·C, with the contract of ndarray's `general_mat_mul` (β = 0: C is only written). Panics when
/// the shapes do not chain (a programming error, as in ndarray).
pub fn gemm<SA, SB, SC>(
    alpha: f32,
    a: &ArrayBase<SA, Ix2>,
    b: &ArrayBase<SB, Ix2>,
    beta: f32,
    c: &mut ArrayBase<SC, Ix2>,
) where
    SA: Data<Elem = f32>,
    SB: Data<Elem = f32>,
    SC: DataMut<Elem = f32>,
{
    #[cfg(not(all(target_arch = "wasm32", not(feature = "full"))))]
    if ours() {
        gemm_blocked(alpha, &a.view(), &b.view(), beta, &mut c.view_mut());
        return;
    }
    general_mat_mul(alpha, a, b, beta, c);
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128", feature = "full"))]
static MATRIXMULTIPLY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
thread_local! {
    static OURS_HERE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether `gemm` runs our product: in the SIMD128 browser build unless the bench switched to matrixmultiply;
/// natively only on a thread that asked (`use_ours_on_this_thread`).
#[cfg(not(all(target_arch = "wasm32", not(feature = "full"))))]
#[inline]
fn ours() -> bool {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let ours = !MATRIXMULTIPLY.load(std::sync::atomic::Ordering::Relaxed);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let ours = OURS_HERE.with(|o| o.get());
    ours
}

/// For the native tests: run this thread's products (the layers' included) through our kernel, as the browser
/// build does, so that the gradient checks cover it. Other threads keep matrixmultiply.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub fn use_ours_on_this_thread(on: bool) {
    OURS_HERE.with(|o| o.set(on));
}

/// For `make bench` only: run the engine's products through matrixmultiply (`true`) or ours (`false`, the
/// default), so that one page can time both on the same step.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128", feature = "full"))]
pub fn bench_use_matrixmultiply(on: bool) {
    MATRIXMULTIPLY.store(on, std::sync::atomic::Ordering::Relaxed);
}
