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
    /// Ablated or silenced neurons (see [`clamp`]).
    clamped: Arc<Vec<usize>>,
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
        let clamped = clamped_neurons(&model);
        clamp(&model, &clamped, &mut animal);
        CpuBackend { animals: vec![animal; batch], gaps: Arc::new(GapRows::new(&model)), clamped: Arc::new(clamped), model, groups, post_of: Arc::new(post_of) }
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
        let (model, groups, post_of, gaps, clamped) = (&*self.model, &*self.groups, &*self.post_of, &*self.gaps, &*self.clamped);
        let run = |(animal, drive): (&mut AnimalState, &[f64])| {
            for _ in 0..steps {
                step_animal(model, groups, post_of, gaps, clamped, animal, drive, dt_s);
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
/// The loops run over row slices (one bounds check per row, not per synapse) in the same order and
/// with the same operations as a plain indexed loop, so the results are bit-for-bit those of one.
fn step_animal(model: &GradedModel, groups: &[PlasticGroup], post_of: &[usize], gaps: &GapRows, clamped: &[usize], a: &mut AnimalState, drive_pa: &[f64], dt_s: f64) {
    let p = &model.params;
    let n = model.len();
    let (v_mv, s, phi) = (&mut a.v_mv[..n], &mut a.s[..n], &mut a.phi[..n]);
    for ((phi, &v), &vth) in phi.iter_mut().zip(v_mv.iter()).zip(&model.vth_mv[..n]) {
        *phi = 1.0 / (1.0 + (-p.beta_per_mv * (v - vth)).exp());
    }
    let leak_current = p.leak_conductance_ps * p.leak_reversal_mv;
    let (g_total, current) = (&mut a.g_total[..n], &mut a.current[..n]);
    for i in 0..n {
        let mut g = gaps.base_ps[i];
        let mut c = leak_current;
        let (lo, hi) = (gaps.start[i], gaps.start[i + 1]);
        for (&other, &conductance) in gaps.other[lo..hi].iter().zip(&gaps.conductance_ps[lo..hi]) {
            c += conductance * v_mv[other];
        }
        let (lo, hi) = (model.syn_start[i], model.syn_start[i + 1]);
        for ((&pre, &syn_g), &reversal) in model.syn_pre[lo..hi].iter().zip(&a.syn_g[lo..hi]).zip(&model.syn_reversal_mv[lo..hi]) {
            let gs = syn_g * s[pre];
            g += gs;
            c += gs * reversal;
        }
        g_total[i] = g;
        // pA -> pS mV (fA): 1 pA = 1000 pS mV.
        current[i] = c + 1000.0 * drive_pa[i];
    }
    model.add_stimulation(a.time_s, 1000.0, current);
    // V and s of one neuron depend only on that neuron's values from above: one pass updates both.
    for ((((v, s), &phi), &g), &c) in v_mv.iter_mut().zip(s.iter_mut()).zip(phi.iter()).zip(g_total.iter()).zip(current.iter()) {
        let v_inf = c / g;
        *v = v_inf + (*v - v_inf) * (-g * dt_s / p.capacitance_pf).exp();
        let rate = p.rise_per_s * phi + p.decay_per_s;
        let s_inf = p.rise_per_s * phi / rate;
        *s = s_inf + (*s - s_inf) * (-rate * dt_s).exp();
    }
    if !groups.is_empty() {
        a.plastic.advance(model, groups, &a.phi, &a.v_mv, dt_s, &mut a.syn_g, post_of);
    }
    clamp(model, clamped, a);
    a.time_s += dt_s;
}

/// The neurons `clamp` holds (ablated or silenced), in index order: most brains have none, and a
/// list spares a pass over every neuron each step.
fn clamped_neurons(model: &GradedModel) -> Vec<usize> {
    (0..model.len()).filter(|&i| model.ablated[i] || model.silenced[i]).collect()
}

/// Holds ablated neurons at rest and silenced ones below it, with no release from either.
fn clamp(model: &GradedModel, clamped: &[usize], a: &mut AnimalState) {
    for &i in clamped {
        if model.ablated[i] {
            a.v_mv[i] = model.rest_mv[i];
            a.s[i] = 0.0;
        } else if model.silenced[i] {
            a.v_mv[i] = model.rest_mv[i] - model.params.silence_hyperpolarisation_mv;
            a.s[i] = 0.0;
        }
    }
}
