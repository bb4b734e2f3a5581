//! Plastic synapse groups: short-term depression (a resource per synapse) and a neuromodulated
//! three-factor rule (eligibility from pre/post co-activity, weight change gated by a modulator).

use super::model::{select_all, GradedModel, ModelError};
use crate::config::connectome_spec::{PlasticityGroup, PlasticityRule};

/// A plasticity rule with its modulator resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Resource x: dx/dt = (1 - x) / recovery_tau_s - release_per_s * a_pre * x, with a_pre the
    /// presynaptic release above rest (0 at threshold, 1 at full release).
    Depression {
        /// Fraction released per second at full activity.
        release_per_s: f64,
        /// Recovery time constant.
        recovery_tau_s: f64,
    },
    /// de/dt = -e / tau + (2 phi_pre - 1)(2 phi_post - 1); dw/dt = rate * m * e with
    /// m = max(V_mod - Vth_mod - threshold, 0); w clipped to [min, max].
    ThreeFactor {
        /// Modulatory neuron index.
        modulator: usize,
        /// Depolarisation the modulator must exceed.
        threshold_mv: f64,
        /// Eligibility time constant.
        eligibility_tau_s: f64,
        /// Learning rate.
        rate_per_mv_s: f64,
        /// Weight bounds.
        bounds: (f64, f64),
    },
}

/// A group of synapses (CSR indices) sharing a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct PlasticGroup {
    /// Name for logs.
    pub name: String,
    /// Synapse indices into the model's CSR arrays.
    pub synapses: Vec<usize>,
    /// The rule.
    pub rule: Rule,
}

/// Resolves groups against a built model; every selector and the modulator must exist.
pub fn resolve(model: &GradedModel, groups: &[PlasticityGroup]) -> Result<Vec<PlasticGroup>, ModelError> {
    let mut out = Vec::new();
    for g in groups {
        let pre = select_all(&model.names, &model.classes, &g.pre, "pre")?;
        let post = select_all(&model.names, &model.classes, &g.post, "post")?;
        let mut synapses = Vec::new();
        for &i in &post {
            for k in model.syn_start[i]..model.syn_start[i + 1] {
                if pre.binary_search(&model.syn_pre[k]).is_ok() {
                    synapses.push(k);
                }
            }
        }
        let rule = match &g.rule {
            PlasticityRule::Depression { release_per_s, recovery_tau_s } => {
                if !(*recovery_tau_s > 0.0 && *release_per_s >= 0.0) {
                    return Err(ModelError { field: "recovery_tau_s", message: format!("group `{}`: recovery_tau_s must be positive and release_per_s non-negative", g.name) });
                }
                Rule::Depression { release_per_s: *release_per_s, recovery_tau_s: *recovery_tau_s }
            }
            PlasticityRule::ThreeFactor { modulator, modulator_threshold_mv, eligibility_tau_s, learning_rate_per_mv_s, min_weight, max_weight } => {
                let m = model.index(modulator).ok_or_else(|| ModelError { field: "modulator", message: format!("neuron `{modulator}` is not in the connectome") })?;
                if !(*eligibility_tau_s > 0.0 && min_weight <= max_weight) {
                    return Err(ModelError { field: "eligibility_tau_s", message: format!("group `{}`: eligibility_tau_s must be positive and min_weight <= max_weight", g.name) });
                }
                Rule::ThreeFactor { modulator: m, threshold_mv: *modulator_threshold_mv, eligibility_tau_s: *eligibility_tau_s, rate_per_mv_s: *learning_rate_per_mv_s, bounds: (*min_weight, *max_weight) }
            }
        };
        out.push(PlasticGroup { name: g.name.clone(), synapses, rule });
    }
    Ok(out)
}

/// Per-animal plastic state, one entry per synapse of the model.
#[derive(Debug, Clone)]
pub struct PlasticState {
    /// Depression resource (1 when recovered).
    pub resource: Vec<f64>,
    /// Weight multiplier.
    pub weight: Vec<f64>,
    /// Eligibility trace.
    pub eligibility: Vec<f64>,
}

impl PlasticState {
    /// A fully recovered, unchanged state.
    pub fn new(synapses: usize) -> Self {
        PlasticState { resource: vec![1.0; synapses], weight: vec![1.0; synapses], eligibility: vec![0.0; synapses] }
    }

    /// Advances every group by `dt_s` with release probabilities `phi` and voltages frozen, then
    /// rewrites the effective conductance `syn_g` of the synapses it touched.
    pub fn advance(&mut self, model: &GradedModel, groups: &[PlasticGroup], phi: &[f64], v_mv: &[f64], dt_s: f64, syn_g: &mut [f64], post_of: &[usize]) {
        for group in groups {
            match group.rule {
                Rule::Depression { release_per_s, recovery_tau_s } => {
                    let relax = |active: f64| {
                        let rate = 1.0 / recovery_tau_s + release_per_s * active;
                        (1.0 / (recovery_tau_s * rate), (-rate * dt_s).exp())
                    };
                    // A silent presynaptic cell (the usual case) only recovers, at one rate for all:
                    // computed once per step with the same expression, so the result is unchanged.
                    let at_rest = relax(0.0);
                    for &k in &group.synapses {
                        let active = (2.0 * phi[model.syn_pre[k]] - 1.0).max(0.0);
                        let (x_inf, decay) = if active == 0.0 { at_rest } else { relax(active) };
                        self.resource[k] = x_inf + (self.resource[k] - x_inf) * decay;
                    }
                }
                Rule::ThreeFactor { modulator, threshold_mv, eligibility_tau_s, rate_per_mv_s, bounds } => {
                    let drive_mv = (v_mv[modulator] - model.vth_mv[modulator] - threshold_mv).max(0.0);
                    let decay = (-dt_s / eligibility_tau_s).exp();
                    for &k in &group.synapses {
                        let coactivity = (2.0 * phi[model.syn_pre[k]] - 1.0) * (2.0 * phi[post_of[k]] - 1.0);
                        let e_inf = eligibility_tau_s * coactivity;
                        self.eligibility[k] = e_inf + (self.eligibility[k] - e_inf) * decay;
                        if drive_mv > 0.0 {
                            self.weight[k] = (self.weight[k] + rate_per_mv_s * drive_mv * self.eligibility[k] * dt_s).clamp(bounds.0, bounds.1);
                        }
                    }
                }
            }
            for &k in &group.synapses {
                syn_g[k] = model.params.synapse_conductance_ps * model.syn_contacts[k] * self.weight[k] * self.resource[k];
            }
        }
    }
}
