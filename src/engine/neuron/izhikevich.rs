//! Izhikevich (2003) "Simple model of spiking neurons": `v' = 0.04 v^2 + 5 v + 140 - u + I`,
//! `u' = a (b v - u)`, and when `v >= v_peak`: `v = c`, `u += d`. Forward Euler at the engine's dt (use
//! dt <= 0.1 ms; Izhikevich's own 1 ms half-steps are coarser). I is in the model's mV/ms units.

use super::{Dynamics, Input, NeuronModel, MAX_VARS};
use serde::{Deserialize, Serialize};

/// Izhikevich parameters (state: v, u).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Izhikevich {
    /// Recovery rate (1/ms).
    pub a: f64,
    /// Recovery sensitivity to v.
    pub b: f64,
    /// Reset potential (mV); also the initial v.
    pub c: f64,
    /// Recovery jump after a spike.
    pub d: f64,
    /// Spike cut-off.
    pub v_peak_mv: f64,
}

impl Default for Izhikevich {
    /// Regular spiking (RS) cortical neuron: a 0.02, b 0.2, c -65, d 8, peak 30 mV.
    fn default() -> Self {
        Izhikevich { a: 0.02, b: 0.2, c: -65.0, d: 8.0, v_peak_mv: 30.0 }
    }
}

impl Dynamics for Izhikevich {
    const VARS: usize = 2;
    const CUDA_STEP: &'static str = r#"
__device__ __forceinline__ int neuron_step(const double* p, double* s, double i_in, double g_in, double gv_in, double dt) {
    double v = s[0];
    double u = s[1];
    double current = i_in + gv_in - g_in * v;
    double dv = 0.04 * v * v + 5.0 * v + 140.0 - u + current;
    double du = p[0] * (p[1] * v - u);
    v = v + dt * dv;
    u = u + dt * du;
    int spike = v >= p[4];
    if (spike) { v = p[2]; u = u + p[3]; }
    s[0] = v;
    s[1] = u;
    return spike;
}
"#;

    fn params(&self) -> Vec<f64> {
        vec![self.a, self.b, self.c, self.d, self.v_peak_mv]
    }

    fn initial(&self) -> [f64; MAX_VARS] {
        [self.c, self.b * self.c, 0.0, 0.0]
    }

    #[inline(always)]
    fn step(&self, s: &mut [f64; MAX_VARS], input: Input, dt_ms: f64) -> bool {
        let (mut v, mut u) = (s[0], s[1]);
        let current = input.i + input.gv - input.g * v;
        let dv = 0.04 * v * v + 5.0 * v + 140.0 - u + current;
        let du = self.a * (self.b * v - u);
        v += dt_ms * dv;
        u += dt_ms * du;
        let spike = v >= self.v_peak_mv;
        if spike {
            v = self.c;
            u += self.d;
        }
        s[0] = v;
        s[1] = u;
        spike
    }

    fn from_model(model: &NeuronModel) -> Option<Self> {
        match model {
            NeuronModel::Izhikevich(m) => Some(*m),
            _ => None,
        }
    }
}
