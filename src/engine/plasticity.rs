//! Plastic synapse groups of the general engine (CPU only): Tsodyks-Markram short-term depression per
//! presynaptic neuron, and a neuromodulated three-factor rule (pair-based eligibility trace x modulator
//! rate), the spiking counterparts of the graded worm brain's rules (`brain::graded::plasticity`).
//!
//! Each step, after the neuron updates (module comment of `model_cpu`), with `s` the step's spikes:
//! - depression: every group resource recovers, `x <- 1 - (1 - x) e^{-dt/tau_rec}`; a spiking neuron's
//!   connections deliver `count * x`, then `x <- x (1 - use_fraction)`;
//! - three-factor: the modulator's rate `r <- r e^{-dt/tau_mod} + s_mod / tau_mod` (Hz); per connection
//!   `e <- e e^{-dt/tau_e} + a_plus x_pre s_post - a_minus y_post s_pre` with the pre and post traces of
//!   earlier steps, then `w <- clamp(w + rate max(r - threshold, 0) e dt, min, max)`; the traces then
//!   decay and add this step's spikes. The connection delivers `count * w`.

use super::{EngineError, Network};
use serde::{Deserialize, Serialize};

/// The connections from `pre` onto `post` neurons that follow one rule (the first group naming an edge wins).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlasticGroup {
    /// Name for messages.
    pub name: String,
    /// Presynaptic neurons.
    pub pre: Vec<u32>,
    /// Postsynaptic neurons.
    pub post: Vec<u32>,
    /// The rule.
    pub rule: PlasticRule,
}

/// Plasticity rules; `M` names the modulatory neuron (an index here, a selector in brain files).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum PlasticRule<M = u32> {
    /// Short-term depression: a resource per presynaptic neuron.
    Depression {
        /// Fraction of the resource each spike uses (Tsodyks-Markram U).
        use_fraction: f64,
        /// Recovery time constant of the resource.
        recovery_tau_ms: f64,
    },
    /// Eligibility from pre/post spike pairs, turned into weight change by a modulatory neuron's rate.
    ThreeFactor {
        /// The modulatory neuron.
        modulator: M,
        /// Time constant of the modulator's rate filter.
        modulator_tau_ms: f64,
        /// Rate the modulator must exceed before learning starts.
        modulator_threshold_hz: f64,
        /// Presynaptic trace time constant.
        pre_tau_ms: f64,
        /// Postsynaptic trace time constant.
        post_tau_ms: f64,
        /// Eligibility added per post spike per unit presynaptic trace (pre before post).
        a_plus: f64,
        /// Eligibility removed per pre spike per unit postsynaptic trace (post before pre).
        a_minus: f64,
        /// Eligibility time constant.
        eligibility_tau_ms: f64,
        /// Weight change per second per Hz of modulator drive per unit eligibility.
        rate_per_hz_s: f64,
        /// Lower bound of the weight multiplier.
        min_weight: f64,
        /// Upper bound of the weight multiplier.
        max_weight: f64,
    },
}

impl<M> PlasticRule<M> {
    /// The same rule with its modulator resolved (or renamed) by `f`.
    pub fn try_map_modulator<N, E>(&self, f: impl FnOnce(&M) -> Result<N, E>) -> Result<PlasticRule<N>, E> {
        Ok(match self {
            PlasticRule::Depression { use_fraction, recovery_tau_ms } => PlasticRule::Depression { use_fraction: *use_fraction, recovery_tau_ms: *recovery_tau_ms },
            PlasticRule::ThreeFactor { modulator, modulator_tau_ms, modulator_threshold_hz, pre_tau_ms, post_tau_ms, a_plus, a_minus, eligibility_tau_ms, rate_per_hz_s, min_weight, max_weight } => PlasticRule::ThreeFactor {
                modulator: f(modulator)?, modulator_tau_ms: *modulator_tau_ms, modulator_threshold_hz: *modulator_threshold_hz, pre_tau_ms: *pre_tau_ms, post_tau_ms: *post_tau_ms,
                a_plus: *a_plus, a_minus: *a_minus, eligibility_tau_ms: *eligibility_tau_ms, rate_per_hz_s: *rate_per_hz_s, min_weight: *min_weight, max_weight: *max_weight,
            },
        })
    }
}

/// The groups resolved against a network: per edge its group (or none) and per group its edges.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlasticPlan {
    /// Per edge, index into `groups` + 1 (0: not plastic); empty when there are no groups.
    pub edge_group: Vec<u16>,
    /// The groups' rules.
    pub rules: Vec<PlasticRule>,
    /// Per group, its edges as (edge, pre, post).
    pub edges: Vec<Vec<(u32, u32, u32)>>,
    /// Per group, whether each neuron is one of its presynaptic neurons.
    pub is_pre: Vec<Vec<bool>>,
}

impl PlasticPlan {
    /// Resolves `groups` on `net`; errors name the group and the bad value.
    pub fn new(net: &Network, groups: &[PlasticGroup], dt_ms: f64) -> Result<PlasticPlan, EngineError> {
        let n = net.neurons;
        if groups.is_empty() {
            return Ok(PlasticPlan::default());
        }
        let bad = |g: &PlasticGroup, m: String| EngineError::Model(format!("plastic group `{}`: {m}", g.name));
        let mut plan = PlasticPlan { edge_group: vec![0; net.edges()], ..PlasticPlan::default() };
        for (k, g) in groups.iter().enumerate() {
            let mask = |list: &[u32]| -> Result<Vec<bool>, EngineError> {
                let mut m = vec![false; n];
                for &i in list {
                    *m.get_mut(i as usize).ok_or_else(|| bad(g, format!("neuron {i} beyond {n}")))? = true;
                }
                Ok(m)
            };
            let (pre, post) = (mask(&g.pre)?, mask(&g.post)?);
            check_rule(&g.rule, n, dt_ms).map_err(|m| bad(g, m))?;
            let mut edges = Vec::new();
            for (i, _) in pre.iter().enumerate().filter(|(_, &is_pre)| is_pre) {
                for e in net.row_offsets[i] as usize..net.row_offsets[i + 1] as usize {
                    let j = net.targets[e];
                    if post[j as usize] && plan.edge_group[e] == 0 {
                        plan.edge_group[e] = k as u16 + 1;
                        edges.push((e as u32, i as u32, j));
                    }
                }
            }
            plan.rules.push(g.rule);
            plan.edges.push(edges);
            plan.is_pre.push(pre);
        }
        Ok(plan)
    }

    /// Whether any connection is plastic.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

fn check_rule(rule: &PlasticRule, n: usize, dt_ms: f64) -> Result<(), String> {
    let positive = |name: &str, x: f64| if x > 0.0 && x.is_finite() { Ok(()) } else { Err(format!("{name} must be positive, got {x}")) };
    match *rule {
        PlasticRule::Depression { use_fraction, recovery_tau_ms } => {
            positive("recovery_tau_ms", recovery_tau_ms)?;
            if !(0.0..=1.0).contains(&use_fraction) {
                return Err(format!("use_fraction must lie in [0, 1], got {use_fraction}"));
            }
        }
        PlasticRule::ThreeFactor { modulator, modulator_tau_ms, pre_tau_ms, post_tau_ms, eligibility_tau_ms, min_weight, max_weight, .. } => {
            if modulator as usize >= n {
                return Err(format!("modulator {modulator} beyond {n}"));
            }
            for (name, x) in [("modulator_tau_ms", modulator_tau_ms), ("pre_tau_ms", pre_tau_ms), ("post_tau_ms", post_tau_ms), ("eligibility_tau_ms", eligibility_tau_ms)] {
                positive(name, x)?;
            }
            if min_weight > max_weight {
                return Err(format!("min_weight {min_weight} above max_weight {max_weight}"));
            }
        }
    }
    positive("dt_ms", dt_ms)
}

/// One instance's plastic state: per group, per neuron resources or traces, per edge weight and eligibility.
#[derive(Debug, Clone, Default)]
pub struct PlasticState {
    /// Per group, per neuron: depression resource, or the presynaptic trace of a three-factor group.
    pub pre: Vec<Vec<f64>>,
    /// Per group, per neuron: the postsynaptic trace (three-factor groups).
    pub post: Vec<Vec<f64>>,
    /// Per group, the modulator's filtered rate (Hz).
    pub modulator_hz: Vec<f64>,
    /// Per group, per group edge: eligibility.
    pub eligibility: Vec<Vec<f64>>,
    /// Per group, per group edge: weight multiplier.
    pub weight: Vec<Vec<f64>>,
    /// Per edge, the multiplier its spikes deliver with this step (kept current by `advance`).
    pub efficacy: Vec<f64>,
}

impl PlasticState {
    /// Fresh synapses: resources full, traces and eligibility zero, weights one.
    pub fn new(plan: &PlasticPlan, n: usize) -> PlasticState {
        let groups = plan.rules.len();
        let depression = |k: usize| matches!(plan.rules[k], PlasticRule::Depression { .. });
        PlasticState {
            pre: (0..groups).map(|k| vec![if depression(k) { 1.0 } else { 0.0 }; n]).collect(),
            post: vec![vec![0.0; n]; groups],
            modulator_hz: vec![0.0; groups],
            eligibility: plan.edges.iter().map(|e| vec![0.0; e.len()]).collect(),
            weight: plan.edges.iter().map(|e| vec![1.0; e.len()]).collect(),
            efficacy: vec![1.0; plan.edge_group.len()],
        }
    }

    /// Applies one step (module comment) given which neurons spiked in it, and sets every plastic edge's
    /// efficacy for the spikes of this step.
    pub fn advance(&mut self, plan: &PlasticPlan, spiked: &[bool], dt_ms: f64) {
        for (k, rule) in plan.rules.iter().enumerate() {
            let edges = &plan.edges[k];
            match *rule {
                PlasticRule::Depression { use_fraction, recovery_tau_ms } => {
                    let recovery = (-dt_ms / recovery_tau_ms).exp();
                    let x = &mut self.pre[k];
                    for (x, _) in x.iter_mut().zip(&plan.is_pre[k]).filter(|(_, &is_pre)| is_pre) {
                        *x = 1.0 - (1.0 - *x) * recovery;
                    }
                    for &(e, pre, _) in edges {
                        self.efficacy[e as usize] = x[pre as usize];
                    }
                    for (i, x) in x.iter_mut().enumerate() {
                        if spiked[i] && plan.is_pre[k][i] {
                            *x *= 1.0 - use_fraction;
                        }
                    }
                }
                PlasticRule::ThreeFactor { modulator, modulator_tau_ms, modulator_threshold_hz, pre_tau_ms, post_tau_ms, a_plus, a_minus, eligibility_tau_ms, rate_per_hz_s, min_weight, max_weight } => {
                    let r = &mut self.modulator_hz[k];
                    *r = *r * (-dt_ms / modulator_tau_ms).exp() + if spiked[modulator as usize] { 1e3 / modulator_tau_ms } else { 0.0 };
                    let drive_hz = (*r - modulator_threshold_hz).max(0.0);
                    let decay_e = (-dt_ms / eligibility_tau_ms).exp();
                    let (x, y) = (&self.pre[k], &self.post[k]);
                    for (m, &(e, pre, post)) in edges.iter().enumerate() {
                        let (pre, post) = (pre as usize, post as usize);
                        let el = &mut self.eligibility[k][m];
                        *el *= decay_e;
                        if spiked[post] {
                            *el += a_plus * x[pre];
                        }
                        if spiked[pre] {
                            *el -= a_minus * y[post];
                        }
                        let w = &mut self.weight[k][m];
                        *w = (*w + rate_per_hz_s * drive_hz * *el * dt_ms * 1e-3).clamp(min_weight, max_weight);
                        self.efficacy[e as usize] = *w;
                    }
                    let (decay_pre, decay_post) = ((-dt_ms / pre_tau_ms).exp(), (-dt_ms / post_tau_ms).exp());
                    for (i, (x, y)) in self.pre[k].iter_mut().zip(self.post[k].iter_mut()).enumerate() {
                        let s = if spiked[i] { 1.0 } else { 0.0 };
                        *x = *x * decay_pre + s;
                        *y = *y * decay_post + s;
                    }
                }
            }
        }
    }
}
