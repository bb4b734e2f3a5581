//! The task measures taken on a recorded track after the episode (`PirouetteRate`, `Weathervane`,
//! `TimeInZones` in a task's `measures`): the task file says which chemical, which zones and which
//! phase; the values come from `pirouettes`, `weathervane` and `zones`, the code that also measures
//! real tracks. Concentrations are the environment's field at the head, on the phase's clock.

use crate::arena::ScalarField;
use crate::config::scenario::ScenarioPhase;
use crate::config::task_spec::MeasureSpec;
use crate::config::track_measures::measured_phase;
use crate::scoring::pirouettes::{pirouette_summary, PirouetteParams};
use crate::scoring::track::Track;
use crate::scoring::weathervane::weathervane_summary;
use crate::scoring::zones::{fraction_time_in_zone, Zone};
use serde_json::{json, Map, Value};

/// Step of the central difference that gives a field's gradient.
const GRADIENT_STEP_MM: f64 = 0.01;

fn number(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

/// The frames of `track` in phase `phase` (by its start and end times) and the phase's start time.
fn phase_frames(track: &Track, phases: &[ScenarioPhase], phase: &ScenarioPhase) -> (Track, f64) {
    let k = phases.iter().position(|p| std::ptr::eq(p, phase)).unwrap_or(0);
    let start_s: f64 = phases[..k].iter().map(|p| p.duration_s).sum();
    let last = k + 1 == phases.len();
    let end_s = start_s + phase.duration_s;
    // The frame recorded at a phase's end time still shows that phase's body: the next phase places the
    // body anew at the start of its first step.
    let a = if k == 0 { 0 } else { track.index_at(start_s + 1e-9) };
    let b = if last { track.len() } else { track.index_at(end_s + 1e-9) };
    (track.slice(a..b.max(a)), start_s)
}

/// The named chemical of a phase's environment as a field on the phase's clock, as realisation
/// `realisation` where it is random (a filament plume); None for a random field without one (real tracks:
/// the plume the animal smelled is unknown).
fn chemical_field(phase: &ScenarioPhase, chemical: &str, realisation: Option<u64>) -> Option<ScalarField> {
    let spec = phase.environment.spec.chemicals.iter().find(|c| c.name == chemical)?;
    let field = ScalarField::realisation(&spec.field, realisation.unwrap_or(0)).ok()?;
    (realisation.is_some() || !field.is_intermittent()).then_some(field)
}

/// This animal's values of every track measure of a task (keys as the task file names them; a value
/// the track cannot give is null). `phases` are the scenario's, in order; `realisation` is the random
/// fields' realisation the animal smelled (`sim::stage::arena_realisation`; None for real tracks).
pub fn measure_track(measures: &[MeasureSpec], phases: &[ScenarioPhase], track: &Track, realisation: Option<u64>) -> Map<String, Value> {
    let mut map = Map::new();
    for measure in measures.iter().filter(|m| m.is_track_measure()) {
        let Ok(phase) = measured_phase(measure, phases) else { continue };
        let (frames, start_s) = phase_frames(track, phases, phase);
        let name = measure.name();
        match measure {
            MeasureSpec::PirouetteRate { chemical, critical_interval_s, dcdt_window_s, dcdt_edges, .. } => {
                let params = PirouetteParams { critical_interval_s: *critical_interval_s, dcdt_window_s: *dcdt_window_s, dcdt_edges: dcdt_edges.clone() };
                let summary = chemical_field(phase, chemical, realisation).and_then(|field| {
                    let concentration = frames.sample_at_head(|p, t| field.value(p, t - start_s));
                    pirouette_summary(&frames, &concentration, &params)
                });
                map.insert(name.into(), number(summary.as_ref().map_or(f64::NAN, |s| s.index_per_min())));
                map.insert(format!("{name}_down_per_min"), number(summary.as_ref().map_or(f64::NAN, |s| s.down_per_min)));
                map.insert(format!("{name}_up_per_min"), number(summary.as_ref().map_or(f64::NAN, |s| s.up_per_min)));
                map.insert(format!("{name}_count"), summary.as_ref().map_or(Value::Null, |s| json!(s.pirouettes)));
                map.insert(format!("{name}_per_bin"), summary.as_ref().map_or(Value::Null, |s| Value::Array(s.bins.iter().map(|b| number(b.rate_per_min)).collect())));
            }
            MeasureSpec::Weathervane { chemical, step_mm, critical_interval_s, bearing_bins, .. } => {
                let summary = chemical_field(phase, chemical, realisation).and_then(|field| {
                    let up_gradient = |p: [f64; 2], t: f64| {
                        let (h, t) = (GRADIENT_STEP_MM, t - start_s);
                        [field.value([p[0] + h, p[1]], t) - field.value([p[0] - h, p[1]], t), field.value([p[0], p[1] + h], t) - field.value([p[0], p[1] - h], t)]
                    };
                    weathervane_summary(&frames, *step_mm, *critical_interval_s, up_gradient, *bearing_bins)
                });
                map.insert(name.into(), number(summary.as_ref().map_or(f64::NAN, |s| s.index)));
                map.insert(format!("{name}_steps"), summary.as_ref().map_or(Value::Null, |s| json!(s.steps)));
                map.insert(format!("{name}_per_bin"), summary.as_ref().map_or(Value::Null, |s| Value::Array(s.bins.iter().map(|b| number(b.mean_curving_deg_per_mm)).collect())));
            }
            MeasureSpec::TimeInZones { zones, .. } => {
                for zone in zones {
                    let region = zone.zone.resolve(&phase.environment.spec).ok().and_then(|z| Zone::from_spec(&z));
                    map.insert(format!("{name}_{}", zone.name), number(region.map_or(f64::NAN, |r| fraction_time_in_zone(&frames, &r))));
                }
            }
            _ => {}
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Scenario;

    #[test]
    fn a_filament_plume_is_read_as_the_animals_own_realisation_and_never_guessed() {
        // Regression: measures read every field as realisation 0, so an animal's concentration history in
        // a filament plume was another plume's. The runner passes the animal's realisation; real tracks
        // (no realisation) get no field, hence null measures, instead of a plume they never smelled.
        let scenario = Scenario::load(std::path::Path::new("tasks/fly/plume_navigation_filaments.ron"), None).unwrap();
        let phase = &scenario.phases[0];
        assert!(chemical_field(phase, "odour", None).is_none());
        let realisation = crate::sim::stage::arena_realisation(1, 3);
        let field = chemical_field(phase, "odour", Some(realisation)).unwrap();
        let spec = &phase.environment.spec.chemicals[0].field;
        let arena_field = ScalarField::realisation(spec, realisation).unwrap();
        let other = ScalarField::realisation(spec, crate::sim::stage::arena_realisation(1, 4)).unwrap();
        let at = |f: &ScalarField| (0..50).map(|i| f.value([0.0, 0.0], 0.1 * i as f64)).collect::<Vec<f64>>();
        assert_eq!(at(&field), at(&arena_field));
        assert_ne!(at(&field), at(&other));
        // A field that is not random is read with or without a realisation.
        let steady = Scenario::load(std::path::Path::new("tasks/fly/plume_navigation.ron"), None).unwrap();
        assert!(chemical_field(&steady.phases[0], "odour", None).is_some());
    }
}
