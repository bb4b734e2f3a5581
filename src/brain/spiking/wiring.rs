//! A spiking brain's connectivity from the worm tables: the wiring of a graded connectome brain file
//! (signs, edits, lesions) plus the spiking file's own perturbations, as signed synapse counts and gap
//! junctions for the general engine.

use crate::brain::graded::model::select_all;
use crate::brain::graded::{self, GradedModel};
use crate::config::connectome_spec::Perturbations;
use crate::config::brain_spec::{BrainModelSpec, BrainSpec};
use crate::config::scenario::relative_to;
use crate::config::spiking_spec::{SpikingNetworkSpec, SpikingSpec};
use crate::config::{load_ron, ConfigError, Loaded};
use crate::engine::spec::GapJunction;
use crate::engine::Network;
use std::sync::Arc;

/// A connectome ready for the engine, with the graded model that names its neurons and muscles.
#[derive(Debug, Clone)]
pub struct Wiring {
    /// Names, classes, neuromuscular junctions and transmitter signs of the neurons.
    pub graded: Arc<GradedModel>,
    /// Chemical synapses by presynaptic neuron, one synapse per contact (negative: inhibitory).
    pub network: Network,
    /// Electrical synapses.
    pub gaps: Vec<GapJunction>,
}

/// Reads the network a spiking brain file names, with the file's perturbations folded into the wiring
/// file's; errors point at `file` (or at the wiring file it names).
pub fn load(file: &Loaded<BrainSpec>, spiking: &SpikingSpec) -> Result<Wiring, ConfigError> {
    match &spiking.network {
        SpikingNetworkSpec::Worm { wiring, gap_per_contact } => {
            if !(gap_per_contact.is_finite() && *gap_per_contact >= 0.0) {
                return Err(file.invalid("gap_per_contact", format!("must be finite and non-negative, got {gap_per_contact}")));
            }
            let wiring_file: Loaded<BrainSpec> = load_ron(&relative_to(&file.path, wiring))?;
            let BrainModelSpec::Connectome(wired) = &wiring_file.spec.model else {
                return Err(file.invalid("wiring", format!("{} is not a graded connectome brain file", wiring_file.path.display())));
            };
            let mut built = graded::build_model(&wiring_file, wired)?;
            if !spiking.perturbations.is_empty() {
                // The spiking file's neuron names are checked first, so that a bad one names that file.
                check_names(file, &built.model, &spiking.perturbations)?;
                let mut params = wired.clone();
                params.perturbations.extend(&spiking.perturbations);
                built = graded::build_model(&wiring_file, &params)?;
            }
            worm(built.model, *gap_per_contact).map_err(|m| file.invalid("wiring", m))
        }
    }
}

/// Converts the graded model's synapses (stored by postsynaptic neuron) to spiking connectivity.
fn worm(graded: Arc<GradedModel>, gap_per_contact: f64) -> Result<Wiring, String> {
    let m = &graded;
    let mut edges = Vec::with_capacity(m.syn_pre.len());
    for post in 0..m.len() {
        // A silenced neuron releases nothing (the graded model clamps it instead; a spiking one may still fire).
        for k in (m.syn_start[post]..m.syn_start[post + 1]).filter(|&k| !m.silenced[m.syn_pre[k]]) {
            // Edits may scale contacts; a synapse count must be whole, so it is rounded.
            let count = m.syn_contacts[k].round() as i32;
            let inhibitory = m.syn_reversal_mv[k] != m.params.excitatory_reversal_mv;
            edges.push((m.syn_pre[k] as u32, post as u32, if inhibitory { -count } else { count }));
        }
    }
    let network = Network::from_edges(m.len(), edges).map_err(|e| e.to_string())?;
    let gaps = m.gap.iter().map(|&(a, b, contacts)| GapJunction { a: a as u32, b: b as u32, g: contacts * gap_per_contact }).collect();
    Ok(Wiring { graded, network, gaps })
}

/// Every selector of `perturbations` names a neuron of the model (the error names `file`).
fn check_names(file: &Loaded<BrainSpec>, model: &GradedModel, perturbations: &Perturbations) -> Result<(), ConfigError> {
    let stimulated = perturbations.stimulate.iter().flat_map(|s| s.neurons.iter().cloned());
    let selectors: Vec<String> = perturbations.ablate.iter().chain(&perturbations.silence).cloned().chain(stimulated).collect();
    select_all(&model.names, &model.classes, &selectors, "perturbations").map(|_| ()).map_err(|e| file.invalid(e.field, e.message))
}
