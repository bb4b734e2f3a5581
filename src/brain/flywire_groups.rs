//! `ett groups BRAIN`: the FlyWire neurons each group of a whole-brain fly (`FlyWireLif`) picks on the data
//! its file names, resolved as a run resolves them, so that a user who has placed FlyWire's tables can see
//! (and keep, as CSV) which neurons every sense drives and every drive reads before running a task.

use super::flywire_lif::FlyWireLifBrain;
use crate::config::brain_spec::{BrainModelSpec, BrainSpec};
use crate::config::{ConfigError, Loaded};
use std::fmt::Write;

/// One group of a whole-brain fly, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedGroup {
    /// Group name in the brain file.
    pub name: String,
    /// `input` or `output`.
    pub direction: &'static str,
    /// What drives an input (its sense) or what an output drives (its channel and gain).
    pub role: String,
    /// FlyWire root ids, in the order the brain holds them.
    pub root_ids: Vec<u64>,
}

/// Builds the brain on its own data and lists its groups, inputs first, in file order; an error names the
/// file and field as a run would.
pub fn resolve_groups(brain: &Loaded<BrainSpec>) -> Result<Vec<ResolvedGroup>, ConfigError> {
    let BrainModelSpec::FlyWireLif(spec) = &brain.spec.model else {
        return Err(brain.invalid("model", "not a FlyWireLif brain: only the whole-brain fly maps FlyWire neurons into groups"));
    };
    // The groups do not depend on the engine: the CPU one, so that a `backend: Cuda` file lists its groups
    // on a machine without a GPU.
    let on_cpu = crate::config::flywire_lif_spec::FlyWireLifSpec { backend: crate::config::spiking_spec::SpikingBackend::Cpu, ..spec.clone() };
    let built = FlyWireLifBrain::new(brain, &on_cpu, 0)?;
    let roles = spec.inputs.iter().map(|i| ("input", format!("{:?}", i.sense))).chain(spec.outputs.iter().map(|o| ("output", format!("{} x {} per Hz", o.channel, o.gain_per_hz))));
    Ok(built.group_root_ids().into_iter().zip(roles).map(|((name, root_ids), (direction, role))| ResolvedGroup { name, direction, role, root_ids }).collect())
}

/// One line per group: name, direction, role and neuron count.
pub fn groups_report(groups: &[ResolvedGroup]) -> String {
    let mut out = String::new();
    for g in groups {
        let _ = writeln!(out, "{:<24} {:<6} {:>6} neurons  {}", g.name, g.direction, g.root_ids.len(), g.role);
    }
    out
}

/// `group,direction,root_id`, one row per neuron.
pub fn groups_csv(groups: &[ResolvedGroup]) -> String {
    let mut out = String::from("group,direction,root_id\n");
    for g in groups {
        for id in &g.root_ids {
            let _ = writeln!(out, "{},{},{id}", g.name, g.direction);
        }
    }
    out
}
