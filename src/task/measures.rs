//! The measures a task file may declare, each accumulated step by step and reported per animal.

use super::protocol::{touch_index, Observation};
use crate::config::task_spec::{ArmSpec, CircleSpec, MeasureSpec};
use serde_json::{json, Map, Value};

/// A declared measure with its running state.
pub(super) struct Measure {
    name: String,
    /// Phase index it is restricted to.
    phase: Option<usize>,
    /// Start time of the phase it last saw begin (its own phase when restricted).
    phase_start_s: f64,
    /// Time observed within its phase.
    observed_s: f64,
    kind: Kind,
}

enum Kind {
    /// Every stimulus delivered, with whether it counts (the animal was not already reversing).
    Response { touch: Option<usize>, window_s: f64, stimuli_s: Vec<(f64, bool)>, onsets_s: Vec<f64> },
    Chemotaxis { attractant: CircleSpec, control: CircleSpec, score: Option<i8> },
    Escape { disk: CircleSpec, escaped_after_s: Option<f64> },
    Noxious { time_s: f64 },
    ReversalRate { bin_s: f64, onsets_after_start_s: Vec<f64> },
    FoodLeaving { leaves: usize, was_on_food: Option<bool> },
    Temperature { preferred_c: f64, weighted_sum: f64, weight_s: f64 },
    MeanTemperature { from_s: f64, weighted_sum: f64, weight_s: f64 },
    LoomEscape { rise_mm: f64, from_size_deg: f64, window_s: f64, looms: Vec<Loom> },
    /// The arm the head was in at the last step observed (+1 CS-, -1 CS+, None neither).
    Choice { cs_plus: ArmSpec, cs_minus: ArmSpec, choice: Option<i8> },
}

/// One loom as the `LoomEscape` measure saw it.
#[derive(Debug, Clone, Copy)]
struct Loom {
    onset_s: f64,
    height_at_onset_mm: f64,
    /// When the object first appeared `from_size_deg` large to either eye.
    size_reached_s: Option<f64>,
    takeoff_s: Option<f64>,
}

fn inside(circle: &CircleSpec, point: [f64; 2]) -> bool {
    (point[0] - circle.center_mm.0).hypot(point[1] - circle.center_mm.1) <= circle.radius_mm
}

impl Measure {
    /// Resolves phase and touch-site names; errors say which name is unknown.
    pub fn new(spec: &MeasureSpec, phase_names: &[String], touch_sites: &[String]) -> Result<Self, String> {
        let phase = match spec.phase() {
            Some(name) => Some(phase_names.iter().position(|p| p == name).ok_or_else(|| format!("measure `{}`: unknown phase `{name}`", spec.name()))?),
            None => None,
        };
        let kind = match spec {
            MeasureSpec::ResponseProbability { stimulus, window_s, .. } => Kind::Response {
                touch: touch_index(stimulus, touch_sites).map_err(|m| format!("measure `{}`: {m}", spec.name()))?,
                window_s: *window_s,
                stimuli_s: Vec::new(),
                onsets_s: Vec::new(),
            },
            MeasureSpec::ChemotaxisIndex { attractant, control, .. } => Kind::Chemotaxis { attractant: *attractant, control: *control, score: None },
            MeasureSpec::EscapeDisk { disk, .. } => Kind::Escape { disk: *disk, escaped_after_s: None },
            MeasureSpec::TimeInNoxious { .. } => Kind::Noxious { time_s: 0.0 },
            MeasureSpec::ReversalRate { bin_s, .. } => {
                if !(*bin_s > 0.0) {
                    return Err(format!("measure `{}`: bin_s must be positive", spec.name()));
                }
                Kind::ReversalRate { bin_s: *bin_s, onsets_after_start_s: Vec::new() }
            }
            MeasureSpec::FoodLeaving { .. } => Kind::FoodLeaving { leaves: 0, was_on_food: None },
            MeasureSpec::TemperatureDeviation { preferred_c, .. } => Kind::Temperature { preferred_c: *preferred_c, weighted_sum: 0.0, weight_s: 0.0 },
            MeasureSpec::MeanTemperature { from_s, .. } => {
                if !(*from_s >= 0.0 && from_s.is_finite()) {
                    return Err(format!("measure `{}`: from_s must be at least 0 and finite, got {from_s}", spec.name()));
                }
                Kind::MeanTemperature { from_s: *from_s, weighted_sum: 0.0, weight_s: 0.0 }
            }
            MeasureSpec::LoomEscape { takeoff_rise_mm, latency_from_size_deg, window_s, .. } => {
                if !(*takeoff_rise_mm > 0.0 && *window_s > 0.0 && *latency_from_size_deg >= 0.0) {
                    return Err(format!("measure `{}`: takeoff_rise_mm and window_s must be positive and latency_from_size_deg not negative", spec.name()));
                }
                Kind::LoomEscape { rise_mm: *takeoff_rise_mm, from_size_deg: *latency_from_size_deg, window_s: *window_s, looms: Vec::new() }
            }
            MeasureSpec::PerformanceIndex { cs_plus, cs_minus, .. } => {
                let (p, m) = (cs_plus, cs_minus);
                // Opposite arms, each beyond the choice point: no fly is in both.
                let opposite = ((p.toward_deg - m.toward_deg).rem_euclid(360.0) - 180.0).abs() < 1e-9;
                if !(opposite && p.beyond_mm >= 0.0 && m.beyond_mm >= 0.0 && p.beyond_mm.is_finite() && m.beyond_mm.is_finite()) {
                    return Err(format!("measure `{}`: cs_plus and cs_minus must be opposite arms (toward_deg 180 apart, beyond_mm >= 0), got {p:?} and {m:?}", spec.name()));
                }
                Kind::Choice { cs_plus: cs_plus.clone(), cs_minus: cs_minus.clone(), choice: None }
            }
            MeasureSpec::PirouetteRate { .. } | MeasureSpec::Weathervane { .. } | MeasureSpec::TimeInZones { .. } => {
                return Err(format!("measure `{}` is measured on the recorded track, not step by step", spec.name()));
            }
        };
        Ok(Measure { name: spec.name().to_string(), phase, phase_start_s: 0.0, observed_s: 0.0, kind })
    }

    fn applies(&self, phase: usize) -> bool {
        self.phase.is_none_or(|p| p == phase)
    }

    /// Notes the start of a phase.
    pub fn begin_phase(&mut self, index: usize, time_s: f64) {
        if self.applies(index) && (self.phase.is_some() || index == 0) {
            self.phase_start_s = time_s;
        }
        if let Kind::FoodLeaving { was_on_food, .. } = &mut self.kind {
            *was_on_food = None;
        }
    }

    /// Accumulates one control step.
    pub fn observe(&mut self, o: &Observation) {
        if !self.applies(o.phase) {
            return;
        }
        self.observed_s += o.dt_s;
        let since_start = o.time_s - self.phase_start_s;
        let nose = 0;
        match &mut self.kind {
            Kind::Response { touch, stimuli_s, onsets_s, .. } => {
                let delivered = match touch {
                    None => o.frame.tap > 0.0,
                    Some(i) => o.frame.touch[*i] > 0.0,
                };
                // Responses are scored on animals moving forward when stimulated, as in the touch and tap
                // assays (Chalfie & Sulston 1981; Rankin & Broster 1992): a stimulus during a reversal
                // cannot start one and is not counted. It is kept as a blank so that the per-stimulus values
                // stay aligned with stimulus numbers (tap 30 is element 29 whatever happened before).
                if delivered {
                    stimuli_s.push((o.frame.time_s, !o.reversing));
                }
                if o.reversal_onset {
                    onsets_s.push(o.time_s);
                }
            }
            Kind::Chemotaxis { attractant, control, score } => {
                if score.is_none() {
                    if inside(attractant, o.head_mm) {
                        *score = Some(1);
                    } else if inside(control, o.head_mm) {
                        *score = Some(-1);
                    }
                }
            }
            Kind::Escape { disk, escaped_after_s } => {
                if escaped_after_s.is_none() && !inside(disk, o.head_mm) {
                    *escaped_after_s = Some(since_start);
                }
            }
            Kind::Noxious { time_s } => {
                if o.frame.noxious.get(nose).is_some_and(|&n| n > 0.0) {
                    *time_s += o.dt_s;
                }
            }
            Kind::ReversalRate { onsets_after_start_s, .. } => {
                if o.reversal_onset {
                    onsets_after_start_s.push(since_start);
                }
            }
            Kind::FoodLeaving { leaves, was_on_food } => {
                // A lawn-leaving event is the whole body leaving the lawn (Milward et al. 2011; Shtonda &
                // Avery 2006), not the nose poking out: on food while any chemosensory site (nose to
                // phasmid) is on it.
                let on_food = o.frame.food_per_mm2.iter().any(|&f| f > 0.0);
                if *was_on_food == Some(true) && !on_food {
                    *leaves += 1;
                }
                *was_on_food = Some(on_food);
            }
            Kind::LoomEscape { rise_mm, from_size_deg, window_s, looms } => {
                if o.frame.loom_onset > 0.0 {
                    looms.push(Loom { onset_s: o.time_s, height_at_onset_mm: o.height_mm, size_reached_s: None, takeoff_s: None });
                }
                if let Some(loom) = looms.last_mut().filter(|l| o.time_s - l.onset_s <= *window_s) {
                    if loom.size_reached_s.is_none() && o.frame.loom_size_deg >= *from_size_deg {
                        loom.size_reached_s = Some(o.time_s);
                    }
                    if loom.takeoff_s.is_none() && o.height_mm >= loom.height_at_onset_mm + *rise_mm {
                        loom.takeoff_s = Some(o.time_s);
                    }
                }
            }
            Kind::Choice { cs_plus, cs_minus, choice } => {
                *choice = if cs_minus.contains(o.head_mm) {
                    Some(1)
                } else if cs_plus.contains(o.head_mm) {
                    Some(-1)
                } else {
                    None
                };
            }
            Kind::Temperature { preferred_c, weighted_sum, weight_s } => {
                if let Some(&t) = o.frame.temperature_c.get(nose).filter(|t| t.is_finite()) {
                    *weighted_sum += (t - *preferred_c).abs() * o.dt_s;
                    *weight_s += o.dt_s;
                }
            }
            Kind::MeanTemperature { from_s, weighted_sum, weight_s } => {
                if since_start < *from_s {
                    return;
                }
                if let Some(&t) = o.frame.temperature_c.get(nose).filter(|t| t.is_finite()) {
                    *weighted_sum += t * o.dt_s;
                    *weight_s += o.dt_s;
                }
            }
        }
    }

    /// Writes this animal's values under the measure's name (and suffixed keys).
    pub fn report(&self, map: &mut Map<String, Value>) {
        let name = &self.name;
        let minutes = self.observed_s / 60.0;
        match &self.kind {
            Kind::Response { window_s, stimuli_s, onsets_s, .. } => {
                // One element per stimulus delivered: 1 or 0, or null for a stimulus given during a reversal.
                let responses: Vec<Option<u8>> = stimuli_s.iter().map(|&(t, counts)| counts.then(|| u8::from(onsets_s.iter().any(|&r| r > t && r <= t + window_s)))).collect();
                let counted: Vec<f64> = responses.iter().flatten().map(|&r| r as f64).collect();
                let probability = if counted.is_empty() { Value::Null } else { json!(counted.iter().sum::<f64>() / counted.len() as f64) };
                map.insert(name.clone(), probability);
                map.insert(format!("{name}_per_stimulus"), json!(responses));
            }
            Kind::Chemotaxis { score, .. } => {
                map.insert(format!("{name}_score"), json!(score.unwrap_or(0)));
            }
            Kind::Escape { escaped_after_s, .. } => {
                map.insert(name.clone(), json!(u8::from(escaped_after_s.is_some())));
                map.insert(format!("{name}_time_s"), escaped_after_s.map_or(Value::Null, |t| json!(t)));
            }
            Kind::Noxious { time_s } => {
                map.insert(name.clone(), json!(time_s));
            }
            Kind::ReversalRate { bin_s, onsets_after_start_s } => {
                let bins = ((self.observed_s / bin_s).ceil() as usize).max(1);
                let mut counts = vec![0.0; bins];
                for &t in onsets_after_start_s {
                    let bin = ((t / bin_s) as usize).min(bins - 1);
                    counts[bin] += 1.0;
                }
                let per_minute: Vec<f64> = counts.iter().map(|c| c / (bin_s / 60.0)).collect();
                map.insert(name.clone(), json!(onsets_after_start_s.len() as f64 / minutes.max(1e-12)));
                map.insert(format!("{name}_per_bin"), json!(per_minute));
            }
            Kind::FoodLeaving { leaves, .. } => {
                map.insert(name.clone(), json!(*leaves as f64 / minutes.max(1e-12)));
            }
            Kind::Choice { choice, .. } => {
                map.insert(name.clone(), choice.map_or(Value::Null, |c| json!(c)));
            }
            Kind::Temperature { weighted_sum, weight_s, .. } | Kind::MeanTemperature { weighted_sum, weight_s, .. } => {
                map.insert(name.clone(), if *weight_s > 0.0 { json!(weighted_sum / weight_s) } else { Value::Null });
            }
            Kind::LoomEscape { looms, .. } => {
                let took_off: Vec<u8> = looms.iter().map(|l| u8::from(l.takeoff_s.is_some())).collect();
                // A takeoff before the object reached the reference size has a negative latency; one whose loom
                // never reached it has none.
                let latencies: Vec<Option<f64>> = looms.iter().map(|l| Some(l.takeoff_s? - l.size_reached_s?)).collect();
                let known: Vec<f64> = latencies.iter().flatten().copied().collect();
                let mean = |v: &[f64]| if v.is_empty() { Value::Null } else { json!(v.iter().sum::<f64>() / v.len() as f64) };
                map.insert(name.clone(), mean(&took_off.iter().map(|&t| t as f64).collect::<Vec<_>>()));
                map.insert(format!("{name}_per_loom"), json!(took_off));
                map.insert(format!("{name}_latency_s"), mean(&known));
                map.insert(format!("{name}_latency_per_loom_s"), json!(latencies));
            }
        }
    }
}
