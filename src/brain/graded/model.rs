//! The network description of the graded connectome brain, independent of any backend: a dense
//! neuron index, chemical synapses in CSR order by postsynaptic neuron, gap junctions as a pair list,
//! neuromuscular junctions, resting thresholds, and the perturbations folded in.

use crate::config::connectome_spec::{ConnectomeSpec, InhibitorySet, NeuronParams, SynapseSign};
use super::edits;
use crate::import::cect::{CelegansConnectome, NeuronClass};
use nalgebra::{DMatrix, DVector};

/// The 26 GABAergic neurons treated as inhibitory by Kunert et al. 2014 and Kim et al. 2019.
pub const KUNERT_INHIBITORY: [&str; 26] = [
    "RMED", "RMEL", "RMER", "RMEV", "AVL", "RIS", "DD1", "DD2", "DD3", "DD4", "DD5", "DD6", "VD1", "VD2", "VD3", "VD4", "VD5",
    "VD6", "VD7", "VD8", "VD9", "VD10", "VD11", "VD12", "VD13", "DVB",
];

/// A selector that could not be resolved, or a model that cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("field `{field}`: {message}")]
pub struct ModelError {
    /// The spec field at fault.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

/// Resolves a neuron selector (exact name, `PREFIX*`, or `class:NAME`) to neuron indices.
pub fn select(names: &[String], classes: &[NeuronClass], selector: &str, field: &'static str) -> Result<Vec<usize>, ModelError> {
    let found: Vec<usize> = if let Some(class) = selector.strip_prefix("class:") {
        let class = NeuronClass::parse(class).ok_or_else(|| ModelError { field, message: format!("unknown neuron class `{class}` in `{selector}` (sensory|interneuron|motor|other)") })?;
        (0..names.len()).filter(|&i| classes[i] == class).collect()
    } else if let Some(prefix) = selector.strip_suffix('*') {
        (0..names.len()).filter(|&i| names[i].starts_with(prefix)).collect()
    } else {
        names.iter().position(|n| n == selector).into_iter().collect()
    };
    if found.is_empty() {
        return Err(ModelError { field, message: format!("neuron `{selector}` is not in the connectome ({} neurons, e.g. AVAL, DB1)", names.len()) });
    }
    Ok(found)
}

/// Resolves a list of selectors, deduplicated and sorted.
pub fn select_all(names: &[String], classes: &[NeuronClass], selectors: &[String], field: &'static str) -> Result<Vec<usize>, ModelError> {
    let mut out = Vec::new();
    for s in selectors {
        out.extend(select(names, classes, s, field)?);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// A current step resolved to neuron indices.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedStimulation {
    /// Target neurons.
    pub neurons: Vec<usize>,
    /// Onset.
    pub start_s: f64,
    /// Length.
    pub duration_s: f64,
    /// Current per neuron.
    pub current_pa: f64,
}

/// The network a backend integrates.
#[derive(Debug, Clone)]
pub struct GradedModel {
    /// Neuron names, in index order.
    pub names: Vec<String>,
    /// Functional classes.
    pub classes: Vec<NeuronClass>,
    /// Shared parameters.
    pub params: NeuronParams,
    /// CSR row starts by postsynaptic neuron (length n + 1).
    pub syn_start: Vec<usize>,
    /// Presynaptic neuron of each synapse.
    pub syn_pre: Vec<usize>,
    /// Contacts of each synapse.
    pub syn_contacts: Vec<f64>,
    /// Reversal potential of each synapse, from its presynaptic neuron's sign.
    pub syn_reversal_mv: Vec<f64>,
    /// Whether each neuron is inhibitory as a presynaptic cell.
    pub inhibitory: Vec<bool>,
    /// Gap junctions (a, b, contacts), a != b.
    pub gap: Vec<(usize, usize, f64)>,
    /// Sum of gap contacts per neuron.
    pub gap_total: Vec<f64>,
    /// Neuromuscular junctions (neuron, muscle name, contacts).
    pub nmj: Vec<(usize, String, f64)>,
    /// Release threshold Vth of each neuron: its resting potential plus `release_threshold_above_rest_mv`.
    pub vth_mv: Vec<f64>,
    /// Resting potential of each neuron (the fixed point with no input and every activation at `s_eq`).
    pub rest_mv: Vec<f64>,
    /// Resting synaptic activation: ar phi0 / (ar phi0 + ad), phi0 the release sigmoid at rest
    /// (ar / (ar + 2 ad) when the threshold is the resting potential).
    pub s_eq: f64,
    /// Ablated neurons (no edges, output zero).
    pub ablated: Vec<bool>,
    /// Silenced neurons (clamped below threshold, no release).
    pub silenced: Vec<bool>,
    /// Current steps.
    pub stimulations: Vec<ResolvedStimulation>,
}

impl GradedModel {
    /// Number of neurons.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the model has no neurons.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Index of a neuron by exact name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Resolves selectors against this model's neurons.
    pub fn select(&self, selectors: &[String], field: &'static str) -> Result<Vec<usize>, ModelError> {
        select_all(&self.names, &self.classes, selectors, field)
    }

    /// Builds the network from the tables and the spec, applying its perturbations.
    pub fn build(connectome: &CelegansConnectome, spec: &ConnectomeSpec) -> Result<Self, ModelError> {
        let edited = edits::edit_tables(connectome, &spec.edits)?;
        let connectome = edited.as_ref().unwrap_or(connectome);
        let scales = edits::contact_scales(&spec.edits)?;
        let names: Vec<String> = connectome.neurons.iter().map(|n| n.name.clone()).collect();
        let classes: Vec<NeuronClass> = connectome.neurons.iter().map(|n| n.class).collect();
        let n = names.len();
        let p = spec.neuron;
        check_params(&p)?;
        let inhibitory = inhibitory_set(connectome, &names, &classes, spec)?;
        let mut ablated = vec![false; n];
        for i in select_all(&names, &classes, &spec.perturbations.ablate, "ablate")? {
            ablated[i] = true;
        }
        let mut silenced = vec![false; n];
        for i in select_all(&names, &classes, &spec.perturbations.silence, "silence")? {
            silenced[i] = true;
        }
        let mut stimulations = Vec::new();
        for s in &spec.perturbations.stimulate {
            if !(s.start_s.is_finite() && s.duration_s >= 0.0 && s.current_pa.is_finite()) {
                return Err(ModelError { field: "stimulate", message: format!("start_s, duration_s and current_pa must be finite and duration_s non-negative, got {s:?}") });
            }
            stimulations.push(ResolvedStimulation { neurons: select_all(&names, &classes, &s.neurons, "stimulate")?, start_s: s.start_s, duration_s: s.duration_s, current_pa: s.current_pa });
        }
        let receptor_rules = resolve_receptor_rules(&names, &classes, spec)?;
        let mut by_post: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for syn in &connectome.chemical {
            if !ablated[syn.pre] && !ablated[syn.post] {
                by_post[syn.post].push((syn.pre, f64::from(syn.contacts)));
            }
        }
        let (mut syn_start, mut syn_pre, mut syn_contacts, mut syn_reversal_mv) = (vec![0], Vec::new(), Vec::new(), Vec::new());
        for row in &mut by_post {
            row.sort_by_key(|&(pre, _)| pre);
            let post = syn_start.len() - 1;
            for &(pre, contacts) in row.iter() {
                let mut inhibits = inhibitory[pre];
                for (pres, posts, sign) in &receptor_rules {
                    if pres[pre] && posts[post] {
                        inhibits = *sign == SynapseSign::Inhibitory;
                    }
                }
                syn_pre.push(pre);
                syn_contacts.push(contacts * if inhibits { scales.inhibitory } else { scales.excitatory });
                syn_reversal_mv.push(if inhibits { p.inhibitory_reversal_mv } else { p.excitatory_reversal_mv });
            }
            syn_start.push(syn_pre.len());
        }
        // Self-contacts carry no current (V_i - V_i = 0), so they are dropped.
        let gap: Vec<(usize, usize, f64)> =
            connectome.gap.iter().filter(|g| g.a != g.b && !ablated[g.a] && !ablated[g.b]).map(|g| (g.a, g.b, f64::from(g.contacts) * scales.gap)).collect();
        let mut gap_total = vec![0.0; n];
        for &(a, b, c) in &gap {
            gap_total[a] += c;
            gap_total[b] += c;
        }
        let nmj = connectome.nmj.iter().filter(|j| !ablated[j.neuron]).map(|j| (j.neuron, connectome.muscles[j.muscle].name.clone(), f64::from(j.contacts) * scales.neuromuscular)).collect();
        let phi_rest = 1.0 / (1.0 + (p.beta_per_mv * p.release_threshold_above_rest_mv).exp());
        let s_eq = p.rise_per_s * phi_rest / (p.rise_per_s * phi_rest + p.decay_per_s);
        let offset_mv = p.release_threshold_above_rest_mv;
        let mut model = GradedModel { names, classes, params: p, syn_start, syn_pre, syn_contacts, syn_reversal_mv, inhibitory, gap, gap_total, nmj, vth_mv: Vec::new(), rest_mv: Vec::new(), s_eq, ablated, silenced, stimulations };
        model.rest_mv = model.solve_rest()?;
        model.vth_mv = model.rest_mv.iter().map(|v| v + offset_mv).collect();
        Ok(model)
    }

    /// Solves (M1 + M2 + M3) V = -(b1 + b3) (WORM_NOTES): the voltages at which every neuron is at
    /// rest with all synaptic activations at s_eq and no external input.
    fn solve_rest(&self) -> Result<Vec<f64>, ModelError> {
        let n = self.len();
        let p = &self.params;
        let mut m = DMatrix::<f64>::zeros(n, n);
        let mut b = DVector::<f64>::zeros(n);
        for i in 0..n {
            m[(i, i)] = -p.leak_conductance_ps - p.gap_conductance_ps * self.gap_total[i];
            b[i] = -p.leak_conductance_ps * p.leak_reversal_mv;
            for k in self.syn_start[i]..self.syn_start[i + 1] {
                let g = p.synapse_conductance_ps * self.syn_contacts[k] * self.s_eq;
                m[(i, i)] -= g;
                b[i] -= g * self.syn_reversal_mv[k];
            }
        }
        for &(a, c, contacts) in &self.gap {
            m[(a, c)] += p.gap_conductance_ps * contacts;
            m[(c, a)] += p.gap_conductance_ps * contacts;
        }
        let solution = m.lu().solve(&b).ok_or_else(|| ModelError { field: "neuron", message: "the resting-threshold system is singular (is leak_conductance_ps zero?)".into() })?;
        Ok(solution.iter().copied().collect())
    }

    /// Adds `scale` times the stimulation current (pA) active at `time_s` to each neuron's entry.
    pub fn add_stimulation(&self, time_s: f64, scale: f64, out: &mut [f64]) {
        for s in &self.stimulations {
            if time_s >= s.start_s && time_s < s.start_s + s.duration_s {
                for &i in &s.neurons {
                    out[i] += scale * s.current_pa;
                }
            }
        }
    }
}

/// Each receptor rule as (presynaptic mask, postsynaptic mask, sign), in file order.
fn resolve_receptor_rules(names: &[String], classes: &[NeuronClass], spec: &ConnectomeSpec) -> Result<Vec<(Vec<bool>, Vec<bool>, SynapseSign)>, ModelError> {
    let mask = |selectors: &[String], field| -> Result<Vec<bool>, ModelError> {
        let mut m = vec![false; names.len()];
        for i in select_all(names, classes, selectors, field)? {
            m[i] = true;
        }
        Ok(m)
    };
    spec.receptor_signs.iter().map(|r| Ok((mask(&r.pre, "receptor_signs")?, mask(&r.post, "receptor_signs")?, r.sign))).collect()
}

fn check_params(p: &NeuronParams) -> Result<(), ModelError> {
    let positive = [
        ("capacitance_pf", p.capacitance_pf),
        ("leak_conductance_ps", p.leak_conductance_ps),
        ("rise_per_s", p.rise_per_s),
        ("decay_per_s", p.decay_per_s),
        ("beta_per_mv", p.beta_per_mv),
    ];
    for (field, v) in positive {
        if !(v > 0.0 && v.is_finite()) {
            return Err(ModelError { field, message: format!("must be positive, got {v}") });
        }
    }
    for (field, v) in [("gap_conductance_ps", p.gap_conductance_ps), ("synapse_conductance_ps", p.synapse_conductance_ps)] {
        if !(v >= 0.0 && v.is_finite()) {
            return Err(ModelError { field, message: format!("must be non-negative, got {v}") });
        }
    }
    Ok(())
}

/// Which presynaptic neurons are inhibitory: the chosen GABA set, plus glutamatergic neurons the
/// spec marks inhibitory, plus unknown-transmitter neurons if the spec says so.
fn inhibitory_set(connectome: &CelegansConnectome, names: &[String], classes: &[NeuronClass], spec: &ConnectomeSpec) -> Result<Vec<bool>, ModelError> {
    let n = names.len();
    let mut inhibitory = vec![false; n];
    match &spec.inhibitory {
        InhibitorySet::Kunert => {
            for name in KUNERT_INHIBITORY {
                let i = select(names, classes, name, "inhibitory")?;
                inhibitory[i[0]] = true;
            }
        }
        InhibitorySet::FromTransmitter => {
            for (i, neuron) in connectome.neurons.iter().enumerate() {
                inhibitory[i] = neuron.transmitters.iter().any(|t| t == "GABA");
            }
        }
        InhibitorySet::Neurons(list) => {
            for i in select_all(names, classes, list, "inhibitory")? {
                inhibitory[i] = true;
            }
        }
    }
    let glu_listed = select_all(names, classes, &spec.glutamate_inhibitory, "glutamate_inhibitory")?;
    for (i, neuron) in connectome.neurons.iter().enumerate() {
        if inhibitory[i] || neuron.transmitters.iter().any(|t| t == "GABA" || t == "ACh") {
            continue;
        }
        let sign = if neuron.transmitters.iter().any(|t| t == "Glu") {
            if glu_listed.binary_search(&i).is_ok() { SynapseSign::Inhibitory } else { spec.glutamate_default }
        } else if neuron.transmitters.is_empty() {
            spec.unknown_transmitter
        } else {
            SynapseSign::Excitatory
        };
        inhibitory[i] = sign == SynapseSign::Inhibitory;
    }
    Ok(inhibitory)
}
