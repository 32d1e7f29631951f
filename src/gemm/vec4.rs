//! Four f32 lanes for the matrix product's micro-kernel (`kernel.rs`): WebAssembly SIMD128 `v128` in the
//! browser build, a plain `[f32; 4]` elsewhere (so the native tests run the very loops the page runs).
//!
//! `madd(x, y, acc)` is acc + x·y: a multiply then an add (two roundings) in SIMD128, and with the
//! `relaxed-simd` target feature `f32x4.relaxed_madd`, which the engine may fuse (one rounding). Either way a
//! given build on a given machine gives the same bits for the same inputs.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct V4(v128);

    impl V4 {
        #[inline(always)]
        pub fn zero() -> V4 {
            V4(f32x4_splat(0.0))
        }
        #[inline(always)]
        pub fn splat(x: f32) -> V4 {
            V4(f32x4_splat(x))
        }
        /// Four values from `p` (wasm loads need no alignment). Safety: `p..p+4` readable.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> V4 {
            V4(v128_load(p as *const v128))
        }
        /// `*p` in all four lanes (`v128.load32_splat`). Safety: `p` readable.
        #[inline(always)]
        pub unsafe fn load_splat(p: *const f32) -> V4 {
            V4(v128_load32_splat(p as *const u32))
        }
        /// Safety: `p..p+4` writable.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            v128_store(p as *mut v128, self.0)
        }
        #[inline(always)]
        pub fn mul(self, o: V4) -> V4 {
            V4(f32x4_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn add(self, o: V4) -> V4 {
            V4(f32x4_add(self.0, o.0))
        }
        /// acc + x·y.
        #[inline(always)]
        pub fn madd(x: V4, y: V4, acc: V4) -> V4 {
            #[cfg(target_feature = "relaxed-simd")]
            let sum = f32x4_relaxed_madd(x.0, y.0, acc.0);
            #[cfg(not(target_feature = "relaxed-simd"))]
            let sum = f32x4_add(f32x4_mul(x.0, y.0), acc.0);
            V4(sum)
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct V4([f32; 4]);

    impl V4 {
        #[inline(always)]
        pub fn zero() -> V4 {
            V4([0.0; 4])
        }
        #[inline(always)]
        pub fn splat(x: f32) -> V4 {
            V4([x; 4])
        }
        /// Safety: `p..p+4` readable.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> V4 {
            V4(core::ptr::read_unaligned(p as *const [f32; 4]))
        }
        /// Safety: `p` readable.
        #[inline(always)]
        pub unsafe fn load_splat(p: *const f32) -> V4 {
            V4([*p; 4])
        }
        /// Safety: `p..p+4` writable.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            core::ptr::write_unaligned(p as *mut [f32; 4], self.0)
        }
        #[inline(always)]
        pub fn mul(self, o: V4) -> V4 {
            V4(core::array::from_fn(|i| self.0[i] * o.0[i]))
        }
        #[inline(always)]
        pub fn add(self, o: V4) -> V4 {
            V4(core::array::from_fn(|i| self.0[i] + o.0[i]))
        }
        /// acc + x·y, two roundings (as SIMD128 without relaxed SIMD).
        #[inline(always)]
        pub fn madd(x: V4, y: V4, acc: V4) -> V4 {
            acc.add(x.mul(y))
        }
    }
}

pub use imp::V4;
