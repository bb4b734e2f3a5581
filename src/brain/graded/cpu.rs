//! The CPU backend: B animals of one model stepped together, state laid out [animal][neuron].
//! Each animal is integrated serially in a fixed order, so results do not depend on the thread count;
//! rayon spreads whole animals over threads only when the batch is large enough to pay.

use super::model::GradedModel;
use super::plasticity::{PlasticGroup, PlasticState};
use rayon::prelude::*;
use std::sync::Arc;

/// Below this many animals one thread is faster than fanning out (a 302-neuron step is ~10 us).
pub const PARALLEL_MIN_BATCH: usize = 8;

/// One animal's dynamic state and scratch.
#[derive(Debug, Clone)]
pub struct AnimalState {
    /// Membrane potentials.
    pub v_mv: Vec<f64>,
    /// Synaptic activations.
    pub s: Vec<f64>,
    /// Effective conductance of each synapse, gsyn * contacts * weight * resource.
    pub syn_g: Vec<f64>,
    /// Plastic variables.
    pub plastic: PlasticState,
    /// Brain time.
    pub time_s: f64,
    phi: Vec<f64>,
    g_total: Vec<f64>,
    current: Vec<f64>,
}

impl AnimalState {
    /// Total conductance of neuron `i` (leak, gap and synaptic) in the last step.
    pub fn g_total_ps(&self, i: usize) -> f64 {
        self.g_total[i]
    }
}

/// Integrates a batch of animals sharing one model.
pub struct CpuBackend {
    model: Arc<GradedModel>,
    groups: Arc<Vec<PlasticGroup>>,
    post_of: Arc<Vec<usize>>,
    gaps: Arc<GapRows>,
    animals: Vec<AnimalState>,
}

/// Gap junctions as rows per neuron (each pair in both rows): a gather per neuron instead of
/// scattered read-modify-writes, and a fixed summation order.
#[derive(Debug, Clone)]
struct GapRows {
    start: Vec<usize>,
    other: Vec<usize>,
    conductance_ps: Vec<f64>,
    /// Leak plus total gap conductance of each neuron, constant over a run.
    base_ps: Vec<f64>,
}

impl GapRows {
    fn new(model: &GradedModel) -> Self {
        let n = model.len();
        let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for &(a, b, contacts) in &model.gap {
            let g = model.params.gap_conductance_ps * contacts;
            rows[a].push((b, g));
            rows[b].push((a, g));
        }
        let mut gaps = GapRows { start: vec![0], other: Vec::new(), conductance_ps: Vec::new(), base_ps: Vec::new() };
        for (i, row) in rows.iter().enumerate() {
            gaps.other.extend(row.iter().map(|r| r.0));
            gaps.conductance_ps.extend(row.iter().map(|r| r.1));
            gaps.start.push(gaps.other.len());
            gaps.base_ps.push(model.params.leak_conductance_ps + model.params.gap_conductance_ps * model.gap_total[i]);
        }
        gaps
    }
}

impl CpuBackend {
    /// `batch` animals at rest (V = rest, s = s_eq; silenced neurons clamped).
    pub fn new(model: Arc<GradedModel>, groups: Arc<Vec<PlasticGroup>>, batch: usize) -> Self {
        let n = model.len();
        let syn_g: Vec<f64> = model.syn_contacts.iter().map(|c| model.params.synapse_conductance_ps * c).collect();
        let mut post_of = vec![0; model.syn_pre.len()];
        for i in 0..n {
            post_of[model.syn_start[i]..model.syn_start[i + 1]].fill(i);
        }
        let mut animal = AnimalState {
            v_mv: model.rest_mv.clone(),
            s: vec![model.s_eq; n],
            plastic: PlasticState::new(syn_g.len()),
            syn_g,
            time_s: 0.0,
            phi: vec![0.0; n],
            g_total: vec![0.0; n],
            current: vec![0.0; n],
        };
        clamp(&model, &mut animal);
        CpuBackend { animals: vec![animal; batch], gaps: Arc::new(GapRows::new(&model)), model, groups, post_of: Arc::new(post_of) }
    }

    /// The model.
    pub fn model(&self) -> &GradedModel {
        &self.model
    }

    /// Animals in the batch.
    pub fn batch(&self) -> usize {
        self.animals.len()
    }

    /// One animal's state.
    pub fn animal(&self, index: usize) -> &AnimalState {
        &self.animals[index]
    }

    /// Mutable access to one animal's state (tests set initial conditions through it).
    pub fn animal_mut(&mut self, index: usize) -> &mut AnimalState {
        &mut self.animals[index]
    }

    /// Advances every animal by `steps` steps of `dt_s` with constant drive (pA, [animal][neuron]).
    pub fn step(&mut self, drive_pa: &[f64], steps: usize, dt_s: f64) {
        let n = self.model.len();
        assert_eq!(drive_pa.len(), n * self.animals.len(), "drive must be [animal][neuron]");
        let (model, groups, post_of, gaps) = (&*self.model, &*self.groups, &*self.post_of, &*self.gaps);
        let run = |(animal, drive): (&mut AnimalState, &[f64])| {
            for _ in 0..steps {
                step_animal(model, groups, post_of, gaps, animal, drive, dt_s);
            }
        };
        if self.animals.len() >= PARALLEL_MIN_BATCH {
            self.animals.par_iter_mut().zip(drive_pa.par_chunks(n)).for_each(run);
        } else {
            self.animals.iter_mut().zip(drive_pa.chunks(n)).for_each(run);
        }
    }
}

/// One step of one animal. V: exponential Euler with every conductance frozen at the start of the
/// step, so V relaxes exactly toward its instantaneous equilibrium and stays bounded by the reversal
/// potentials and input at any dt. s: the exact solution with the release rate frozen.
fn step_animal(model: &GradedModel, groups: &[PlasticGroup], post_of: &[usize], gaps: &GapRows, a: &mut AnimalState, drive_pa: &[f64], dt_s: f64) {
    let p = &model.params;
    let n = model.len();
    for i in 0..n {
        a.phi[i] = 1.0 / (1.0 + (-p.beta_per_mv * (a.v_mv[i] - model.vth_mv[i])).exp());
    }
    for i in 0..n {
        let mut g = gaps.base_ps[i];
        let mut current = p.leak_conductance_ps * p.leak_reversal_mv;
        for k in gaps.start[i]..gaps.start[i + 1] {
            current += gaps.conductance_ps[k] * a.v_mv[gaps.other[k]];
        }
        for k in model.syn_start[i]..model.syn_start[i + 1] {
            let gs = a.syn_g[k] * a.s[model.syn_pre[k]];
            g += gs;
            current += gs * model.syn_reversal_mv[k];
        }
        a.g_total[i] = g;
        // pA -> pS mV (fA): 1 pA = 1000 pS mV.
        a.current[i] = current + 1000.0 * drive_pa[i];
    }
    model.add_stimulation(a.time_s, 1000.0, &mut a.current);
    for i in 0..n {
        let v_inf = a.current[i] / a.g_total[i];
        a.v_mv[i] = v_inf + (a.v_mv[i] - v_inf) * (-a.g_total[i] * dt_s / p.capacitance_pf).exp();
    }
    for i in 0..n {
        let rate = p.rise_per_s * a.phi[i] + p.decay_per_s;
        let s_inf = p.rise_per_s * a.phi[i] / rate;
        a.s[i] = s_inf + (a.s[i] - s_inf) * (-rate * dt_s).exp();
    }
    if !groups.is_empty() {
        a.plastic.advance(model, groups, &a.phi, &a.v_mv, dt_s, &mut a.syn_g, post_of);
    }
    clamp(model, a);
    a.time_s += dt_s;
}

/// Holds ablated neurons at rest and silenced ones below it, with no release from either.
fn clamp(model: &GradedModel, a: &mut AnimalState) {
    for i in 0..model.len() {
        if model.ablated[i] {
            a.v_mv[i] = model.rest_mv[i];
            a.s[i] = 0.0;
        } else if model.silenced[i] {
            a.v_mv[i] = model.rest_mv[i] - model.params.silence_hyperpolarisation_mv;
            a.s[i] = 0.0;
        }
    }
}
