//! Hodgkin & Huxley (1952) squid giant axon in the modern convention (rest -65 mV), with the rate
//! functions scaled by `phi = 3^((T - 6.3) / 10)`. Exponential Euler: each gate and v relax exactly
//! toward their steady states with rates frozen at the step's start, stable at any dt (use 0.01-0.025 ms for
//! accuracy). A spike is an upward crossing of `v_spike_mv`.

use super::exp::exp;
use super::{Dynamics, Input, NeuronModel, MAX_VARS};
use serde::{Deserialize, Serialize};

/// HH parameters (state: v, m, h, n).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HodgkinHuxley {
    /// Membrane capacitance (uF/cm^2).
    pub c_uf: f64,
    /// Peak sodium conductance (mS/cm^2).
    pub g_na_ms: f64,
    /// Peak potassium conductance (mS/cm^2).
    pub g_k_ms: f64,
    /// Leak conductance (mS/cm^2).
    pub g_leak_ms: f64,
    /// Sodium reversal.
    pub e_na_mv: f64,
    /// Potassium reversal.
    pub e_k_mv: f64,
    /// Leak reversal (sets the rest at -65 mV).
    pub e_leak_mv: f64,
    /// Temperature (degrees C) of the rate functions; 6.3 is Hodgkin and Huxley's.
    pub temperature_c: f64,
    /// Upward crossings of this potential count as spikes.
    pub v_spike_mv: f64,
}

impl Default for HodgkinHuxley {
    /// The classic squid parameters at 6.3 degrees C.
    fn default() -> Self {
        HodgkinHuxley { c_uf: 1.0, g_na_ms: 120.0, g_k_ms: 36.0, g_leak_ms: 0.3, e_na_mv: 50.0, e_k_mv: -77.0, e_leak_mv: -54.387, temperature_c: 6.3, v_spike_mv: 0.0 }
    }
}

/// `x / (exp(x / 10) - 1)`, continued by its limit `10 (1 - x / 20)` near x = 0 (the alpha_m and alpha_n poles).
#[inline(always)]
fn vtrap10(x: f64) -> f64 {
    let z = x * 0.1;
    if z.abs() < 1e-6 {
        10.0 * (1.0 - z * 0.5)
    } else {
        x / (exp(z) - 1.0)
    }
}

/// The six rates (1/ms) at 6.3 degrees C: alpha/beta of m, h, n. Constant divisions are multiplications and
/// e^(-u/20) is (e^(-u/80))^4, as in the C twin: one exponential and six divisions fewer per step than the textbook form.
#[inline(always)]
fn rates(v: f64) -> [f64; 6] {
    let u = v + 65.0;
    let e80 = exp(u * (-1.0 / 80.0));
    let e40 = e80 * e80;
    [
        0.1 * vtrap10(-(v + 40.0)),
        4.0 * exp(u * (-1.0 / 18.0)),
        0.07 * (e40 * e40),
        1.0 / (1.0 + exp((v + 35.0) * -0.1)),
        0.01 * vtrap10(-(v + 55.0)),
        0.125 * e80,
    ]
}

/// Relaxes a gate toward alpha / (alpha + beta) with rate phi (alpha + beta) over dt.
#[inline(always)]
fn gate(x: f64, alpha: f64, beta: f64, phi: f64, dt: f64) -> f64 {
    let sum = alpha + beta;
    let x_inf = alpha / sum;
    x_inf + (x - x_inf) * exp(-dt * phi * sum)
}

impl HodgkinHuxley {
    /// The Q10 = 3 rate factor at this temperature.
    pub fn phi(&self) -> f64 {
        // The common case skips powf (a fifth of a CPU step); 3^0 is exactly 1 either way.
        if self.temperature_c == 6.3 {
            return 1.0;
        }
        3f64.powf((self.temperature_c - 6.3) / 10.0)
    }
}

impl Dynamics for HodgkinHuxley {
    const VARS: usize = 4;
    const CUDA_STEP: &'static str = r#"
__device__ __forceinline__ double hh_vtrap10(double x) {
    double z = x * 0.1;
    if (fabs(z) < 1e-6) return 10.0 * (1.0 - z * 0.5);
    return x / (det_exp(z) - 1.0);
}
__device__ __forceinline__ double hh_gate(double x, double alpha, double beta, double phi, double dt) {
    double sum = alpha + beta;
    double x_inf = alpha / sum;
    return x_inf + (x - x_inf) * det_exp(-dt * phi * sum);
}
// p: c, g_na, g_k, g_leak, e_na, e_k, e_leak, phi, v_spike.
__device__ __forceinline__ int neuron_step(const double* p, double* s, double i_in, double g_in, double gv_in, double dt) {
    double v = s[0], m = s[1], h = s[2], n = s[3];
    double u = v + 65.0;
    double e80 = det_exp(u * (-1.0 / 80.0));
    double e40 = e80 * e80;
    double am = 0.1 * hh_vtrap10(-(v + 40.0));
    double bm = 4.0 * det_exp(u * (-1.0 / 18.0));
    double ah = 0.07 * (e40 * e40);
    double bh = 1.0 / (1.0 + det_exp((v + 35.0) * -0.1));
    double an = 0.01 * hh_vtrap10(-(v + 55.0));
    double bn = 0.125 * e80;
    double g_na = p[1] * m * m * m * h;
    double g_k = p[2] * n * n * n * n;
    double g_total = g_na + g_k + p[3] + g_in;
    double v_inf = (g_na * p[4] + g_k * p[5] + p[3] * p[6] + i_in + gv_in) / g_total;
    double v_new = v_inf + (v - v_inf) * det_exp(-dt * g_total / p[0]);
    s[1] = hh_gate(m, am, bm, p[7], dt);
    s[2] = hh_gate(h, ah, bh, p[7], dt);
    s[3] = hh_gate(n, an, bn, p[7], dt);
    s[0] = v_new;
    return v < p[8] && v_new >= p[8];
}
"#;

    fn params(&self) -> Vec<f64> {
        vec![self.c_uf, self.g_na_ms, self.g_k_ms, self.g_leak_ms, self.e_na_mv, self.e_k_mv, self.e_leak_mv, self.phi(), self.v_spike_mv]
    }

    fn initial(&self) -> [f64; MAX_VARS] {
        let v = -65.0;
        let r = rates(v);
        [v, r[0] / (r[0] + r[1]), r[2] / (r[2] + r[3]), r[4] / (r[4] + r[5])]
    }

    #[inline(always)]
    fn step(&self, s: &mut [f64; MAX_VARS], input: Input, dt_ms: f64) -> bool {
        let [v, m, h, n] = *s;
        let [am, bm, ah, bh, an, bn] = rates(v);
        let phi = self.phi();
        let g_na = self.g_na_ms * m * m * m * h;
        let g_k = self.g_k_ms * n * n * n * n;
        let g_total = g_na + g_k + self.g_leak_ms + input.g;
        let v_inf = (g_na * self.e_na_mv + g_k * self.e_k_mv + self.g_leak_ms * self.e_leak_mv + input.i + input.gv) / g_total;
        let v_new = v_inf + (v - v_inf) * exp(-dt_ms * g_total / self.c_uf);
        *s = [v_new, gate(m, am, bm, phi, dt_ms), gate(h, ah, bh, phi, dt_ms), gate(n, an, bn, phi, dt_ms)];
        v < self.v_spike_mv && v_new >= self.v_spike_mv
    }

    fn from_model(model: &NeuronModel) -> Option<Self> {
        match model {
            NeuronModel::HodgkinHuxley(m) => Some(*m),
            _ => None,
        }
    }
}
