//! exp(x) from IEEE additions, multiplications and fused multiply-adds (explicit: `mul_add`, `fma`, exact in
//! both languages), written identically in Rust and C so the CPU and the GPU (compiled with --fmad=false)
//! compute it bit for bit: HH and LIF runs then agree exactly, which a
//! recurrent network would otherwise amplify from the last-bit differences of two libm implementations.
//! Accuracy: a few ulp (degree-13 Taylor polynomial on |r| <= ln2/2 after Cody-Waite reduction).

/// log2(e).
const LOG2E: f64 = std::f64::consts::LOG2_E;
/// High part of ln 2 (fdlibm's, with trailing zero bits so k * LN2_HI is exact).
const LN2_HI: f64 = 0.693_147_180_369_123_8;
/// ln 2 - LN2_HI.
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// e^x; 0 below -708 (no subnormals), infinity above 709, NaN for NaN.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -708.0 {
        return 0.0;
    }
    let k = (x * LOG2E).round_ties_even();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut p: f64 = 1.0 / 6_227_020_800.0;
    for c in [1.0 / 479_001_600.0, 1.0 / 39_916_800.0, 1.0 / 3_628_800.0, 1.0 / 362_880.0, 1.0 / 40_320.0, 1.0 / 5_040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0] {
        p = p.mul_add(r, c);
    }
    p * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

/// The same function in C (`det_exp`), pasted before every model's step.
pub const CUDA_EXP: &str = r#"
__device__ __forceinline__ double det_exp(double x) {
    if (x != x) return x;
    if (x > 709.0) return __longlong_as_double(0x7FF0000000000000LL);
    if (x < -708.0) return 0.0;
    double k = rint(x * 1.4426950408889634);
    double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
    const double c[13] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
                          1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0};
    double p = 1.0 / 6227020800.0;
    for (int j = 0; j < 13; j++) p = fma(p, r, c[j]);
    return p * __longlong_as_double((long long)((int)k + 1023) << 52);
}
"#;
