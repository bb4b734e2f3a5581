//! Leaky integrate-and-fire in conductance form, integrated exactly for inputs frozen over a step:
//! `c dv/dt = g_leak (e_leak - v) + i + gv - g v`. With an infinite threshold it is a passive membrane.

use super::exp::exp;
use super::{Dynamics, Input, NeuronModel, MAX_VARS};
use serde::{Deserialize, Serialize};

/// LIF parameters (state: v, refractory steps left).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Lif {
    /// Membrane capacitance (uF/cm^2).
    pub c_uf: f64,
    /// Leak conductance (mS/cm^2); tau_m = c / g_leak.
    pub g_leak_ms: f64,
    /// Leak reversal, the rest potential.
    pub e_leak_mv: f64,
    /// A spike when `v > v_threshold_mv` (strict) and not refractory.
    pub v_threshold_mv: f64,
    /// Potential after a spike, held while refractory.
    pub v_reset_mv: f64,
    /// Refractory period (rounded to whole steps).
    pub refractory_ms: f64,
}

impl Default for Lif {
    /// tau_m 20 ms, rest -65 mV, threshold -50 mV, reset -65 mV, 2 ms refractory.
    fn default() -> Self {
        Lif { c_uf: 1.0, g_leak_ms: 0.05, e_leak_mv: -65.0, v_threshold_mv: -50.0, v_reset_mv: -65.0, refractory_ms: 2.0 }
    }
}

impl Dynamics for Lif {
    const VARS: usize = 2;
    const CUDA_STEP: &'static str = r#"
__device__ __forceinline__ int neuron_step(const double* p, double* s, double i_in, double g_in, double gv_in, double dt) {
    if (s[1] > 0.5) { s[1] -= 1.0; s[0] = p[4]; return 0; }
    double g_total = p[1] + g_in;
    double v_inf = (p[1] * p[2] + i_in + gv_in) / g_total;
    s[0] = v_inf + (s[0] - v_inf) * det_exp(-dt * g_total / p[0]);
    if (s[0] > p[3]) { s[0] = p[4]; s[1] = rint(p[5] / dt); return 1; }
    return 0;
}
"#;

    fn params(&self) -> Vec<f64> {
        vec![self.c_uf, self.g_leak_ms, self.e_leak_mv, self.v_threshold_mv, self.v_reset_mv, self.refractory_ms]
    }

    fn initial(&self) -> [f64; MAX_VARS] {
        [self.e_leak_mv, 0.0, 0.0, 0.0]
    }

    #[inline(always)]
    fn step(&self, s: &mut [f64; MAX_VARS], input: Input, dt_ms: f64) -> bool {
        if s[1] > 0.5 {
            s[1] -= 1.0;
            s[0] = self.v_reset_mv;
            return false;
        }
        let g_total = self.g_leak_ms + input.g;
        let v_inf = (self.g_leak_ms * self.e_leak_mv + input.i + input.gv) / g_total;
        s[0] = v_inf + (s[0] - v_inf) * exp(-dt_ms * g_total / self.c_uf);
        if s[0] > self.v_threshold_mv {
            s[0] = self.v_reset_mv;
            s[1] = (self.refractory_ms / dt_ms).round_ties_even();
            return true;
        }
        false
    }

    fn from_model(model: &NeuronModel) -> Option<Self> {
        match model {
            NeuronModel::Lif(m) => Some(*m),
            _ => None,
        }
    }
}
