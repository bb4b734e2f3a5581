//! Connectome edits (`edits:` in a connectome brain file): shuffles and removals change the tables
//! before the model is built; scalings multiply contacts while it is built, so the resting
//! thresholds are solved for the edited network.

use super::model::ModelError;
use crate::config::connectome_spec::{ConnectomeEdit, SynapseClass, Wiring};
use crate::import::cect::CelegansConnectome;
use crate::rng::SplitMix64;
use std::collections::HashSet;

/// Multipliers of contacts per connection class, the product of every `Scale` edit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactScales {
    /// Chemical synapses that excite (after the sign rules).
    pub excitatory: f64,
    /// Chemical synapses that inhibit.
    pub inhibitory: f64,
    /// Gap junctions.
    pub gap: f64,
    /// Neuromuscular junctions.
    pub neuromuscular: f64,
}

/// The contact multipliers of a list of edits (1 where no edit scales a class).
pub fn contact_scales(edits: &[ConnectomeEdit]) -> Result<ContactScales, ModelError> {
    let mut scales = ContactScales { excitatory: 1.0, inhibitory: 1.0, gap: 1.0, neuromuscular: 1.0 };
    for edit in edits {
        let ConnectomeEdit::Scale { class, factor } = *edit else { continue };
        if !(factor >= 0.0 && factor.is_finite()) {
            return Err(ModelError { field: "edits", message: format!("Scale of {class:?}: factor must be non-negative and finite, got {factor}") });
        }
        match class {
            SynapseClass::Chemical => {
                scales.excitatory *= factor;
                scales.inhibitory *= factor;
            }
            SynapseClass::Excitatory => scales.excitatory *= factor,
            SynapseClass::Inhibitory => scales.inhibitory *= factor,
            SynapseClass::Gap => scales.gap *= factor,
            SynapseClass::Neuromuscular => scales.neuromuscular *= factor,
        }
    }
    Ok(scales)
}

/// The tables after every shuffle and removal, in file order; `None` when no edit changes them.
pub fn edit_tables(connectome: &CelegansConnectome, edits: &[ConnectomeEdit]) -> Result<Option<CelegansConnectome>, ModelError> {
    if edits.iter().all(|e| matches!(e, ConnectomeEdit::Scale { .. })) {
        return Ok(None);
    }
    let mut edited = connectome.clone();
    for edit in edits {
        match edit {
            ConnectomeEdit::Scale { .. } => {}
            ConnectomeEdit::RemoveGapJunctions => edited.gap.clear(),
            ConnectomeEdit::RemoveTransmitter(name) => {
                let releases = |t: &str| t.split('+').any(|part| part == name);
                if !edited.chemical.iter().any(|s| releases(&s.transmitter)) {
                    let mut known: Vec<&str> = edited.chemical.iter().flat_map(|s| s.transmitter.split('+')).collect();
                    known.sort_unstable();
                    known.dedup();
                    return Err(ModelError { field: "edits", message: format!("RemoveTransmitter(\"{name}\"): no chemical synapse uses it (transmitters: {})", known.join(", ")) });
                }
                edited.chemical.retain(|s| !releases(&s.transmitter));
            }
            ConnectomeEdit::Shuffle { wiring, seed, swaps_per_edge } => {
                if !(*swaps_per_edge >= 0.0 && swaps_per_edge.is_finite()) {
                    return Err(ModelError { field: "edits", message: format!("Shuffle: swaps_per_edge must be non-negative, got {swaps_per_edge}") });
                }
                match wiring {
                    Wiring::Chemical => {
                        let mut pairs: Vec<(usize, usize)> = edited.chemical.iter().map(|s| (s.pre, s.post)).collect();
                        degree_preserving_swaps(&mut pairs, true, *seed, *swaps_per_edge);
                        for (synapse, (pre, post)) in edited.chemical.iter_mut().zip(pairs) {
                            synapse.pre = pre;
                            synapse.post = post;
                        }
                    }
                    Wiring::Gap => {
                        let mut pairs: Vec<(usize, usize)> = edited.gap.iter().map(|g| (g.a, g.b)).collect();
                        degree_preserving_swaps(&mut pairs, false, *seed, *swaps_per_edge);
                        for (junction, (a, b)) in edited.gap.iter_mut().zip(pairs) {
                            junction.a = a;
                            junction.b = b;
                        }
                    }
                }
            }
        }
    }
    Ok(Some(edited))
}

/// Double-edge swaps: edges i = (a, b) and j = (c, d) become (a, d) and (c, b) unless that creates a
/// self-connection or a connection already present. Edge i keeps its first end (for chemical
/// synapses, the presynaptic neuron), so every neuron keeps its degrees.
fn degree_preserving_swaps(pairs: &mut [(usize, usize)], directed: bool, seed: u64, swaps_per_edge: f64) {
    let m = pairs.len();
    if m < 2 {
        return;
    }
    let key = |a: usize, b: usize| if directed { (a, b) } else { (a.min(b), a.max(b)) };
    let mut present: HashSet<(usize, usize)> = pairs.iter().map(|&(a, b)| key(a, b)).collect();
    let mut rng = SplitMix64::new(seed);
    let attempts = (swaps_per_edge * m as f64).round() as usize;
    for _ in 0..attempts {
        let i = (rng.next_u64() % m as u64) as usize;
        let j = (rng.next_u64() % m as u64) as usize;
        let flip = rng.next_u64() & 1 == 1;
        if i == j {
            continue;
        }
        let (a, b) = pairs[i];
        // An undirected edge has two orientations; drawing one makes both rewirings reachable.
        let (c, d) = if !directed && flip { (pairs[j].1, pairs[j].0) } else { pairs[j] };
        if a == d || c == b {
            continue;
        }
        let (new_i, new_j) = (key(a, d), key(c, b));
        if new_i == new_j || present.contains(&new_i) || present.contains(&new_j) {
            continue;
        }
        present.remove(&key(a, b));
        present.remove(&key(c, d));
        present.insert(new_i);
        present.insert(new_j);
        pairs[i] = (a, d);
        pairs[j] = (c, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn degrees(pairs: &[(usize, usize)], n: usize) -> (Vec<usize>, Vec<usize>) {
        let (mut out, mut inn) = (vec![0; n], vec![0; n]);
        for &(a, b) in pairs {
            out[a] += 1;
            inn[b] += 1;
        }
        (out, inn)
    }

    #[test]
    fn shuffles_keep_every_degree_and_rewire_most_edges() {
        let mut rng = SplitMix64::new(3);
        let mut set = HashSet::new();
        while set.len() < 400 {
            let (a, b) = ((rng.next_u64() % 60) as usize, (rng.next_u64() % 60) as usize);
            if a != b {
                set.insert((a, b));
            }
        }
        let original: Vec<(usize, usize)> = { let mut v: Vec<_> = set.into_iter().collect(); v.sort_unstable(); v };
        for directed in [true, false] {
            let mut pairs = original.clone();
            degree_preserving_swaps(&mut pairs, directed, 7, 10.0);
            let undirected = |p: &[(usize, usize)]| { let (o, i) = degrees(p, 60); o.iter().zip(i).map(|(a, b)| a + b).collect::<Vec<_>>() };
            if directed {
                assert_eq!(degrees(&pairs, 60), degrees(&original, 60));
            } else {
                assert_eq!(undirected(&pairs), undirected(&original));
            }
            let kept = pairs.iter().zip(&original).filter(|(a, b)| a == b).count();
            assert!(kept < original.len() / 4, "directed {directed}: {kept} of {} edges unchanged", original.len());
            assert!(pairs.iter().all(|&(a, b)| a != b), "a swap made a self-connection");
            let mut again = original.clone();
            degree_preserving_swaps(&mut again, directed, 7, 10.0);
            assert_eq!(again, pairs, "the same seed gives the same shuffle");
        }
    }

    #[test]
    fn scales_multiply_per_class_and_reject_negative_factors() {
        let edits = [ConnectomeEdit::Scale { class: SynapseClass::Chemical, factor: 0.5 }, ConnectomeEdit::Scale { class: SynapseClass::Inhibitory, factor: 0.0 }];
        assert_eq!(contact_scales(&edits).unwrap(), ContactScales { excitatory: 0.5, inhibitory: 0.0, gap: 1.0, neuromuscular: 1.0 });
        assert!(contact_scales(&[ConnectomeEdit::Scale { class: SynapseClass::Gap, factor: -1.0 }]).is_err());
    }
}
