//! Load-time checks of the measures taken on the recorded track (pirouettes, weathervaning, time in
//! zones) and of the performance index's odours: the chemicals, food patches and rings they name must exist
//! in the phase they measure, so a misspelt name fails before any simulation, with the task file's line.

use super::environment_spec::{EnvironmentSpec, ZoneShape};
use super::scenario::ScenarioPhase;
use super::task_spec::{MeasureSpec, TaskSpec, ZoneSpec};
use super::{ConfigError, Loaded};

impl ZoneSpec {
    /// The zone as geometry (`Shape` or `Sector`), looking up environment features by name.
    pub fn resolve(&self, environment: &EnvironmentSpec) -> Result<ZoneSpec, String> {
        match self {
            ZoneSpec::Shape(ZoneShape::Disk { radius_mm, .. }) if !(*radius_mm > 0.0) => Err(format!("a disk zone needs a positive radius_mm, got {radius_mm}")),
            ZoneSpec::Shape(ZoneShape::Ring { inner_radius_mm, outer_radius_mm, .. }) if !(*inner_radius_mm >= 0.0 && outer_radius_mm > inner_radius_mm) => {
                Err(format!("a ring zone needs 0 <= inner_radius_mm < outer_radius_mm, got {inner_radius_mm} and {outer_radius_mm}"))
            }
            ZoneSpec::Sector { from_deg, to_deg, .. } if !(from_deg.is_finite() && to_deg.is_finite()) || (to_deg - from_deg).rem_euclid(360.0) == 0.0 => {
                Err(format!("a sector needs two different finite edges, got {from_deg} and {to_deg} deg"))
            }
            ZoneSpec::Shape(_) | ZoneSpec::Sector { .. } => Ok(self.clone()),
            ZoneSpec::Food(name) => environment.food.iter().find(|f| &f.name == name)
                .map(|f| ZoneSpec::Shape(ZoneShape::Disk { center_mm: f.center_mm, radius_mm: f.radius_mm }))
                .ok_or_else(|| format!("environment `{}` has no food patch `{name}`", environment.name)),
            ZoneSpec::EnclosedBy(name) => match environment.noxious.iter().find(|z| &z.name == name).map(|z| &z.shape) {
                Some(ZoneShape::Ring { center_mm, inner_radius_mm, .. }) => Ok(ZoneSpec::Shape(ZoneShape::Disk { center_mm: *center_mm, radius_mm: *inner_radius_mm })),
                Some(ZoneShape::Disk { .. }) => Err(format!("noxious zone `{name}` is a disk: it encloses nothing")),
                None => Err(format!("environment `{}` has no noxious zone `{name}`", environment.name)),
            },
        }
    }
}

/// The phase a track measure applies to: its named phase, or the only one.
pub fn measured_phase<'a>(measure: &MeasureSpec, phases: &'a [ScenarioPhase]) -> Result<&'a ScenarioPhase, String> {
    match measure.phase() {
        Some(name) => phases.iter().find(|p| p.name == name).ok_or_else(|| format!("measure `{}` names phase `{name}`, which the task does not have", measure.name())),
        // The body is placed anew at each phase, so a track measure over several phases would join
        // unrelated paths.
        None if phases.len() == 1 => Ok(&phases[0]),
        None => Err(format!("measure `{}` is taken on the track: say which phase (the task has {})", measure.name(), phases.len())),
    }
}

fn check_one(measure: &MeasureSpec, phases: &[ScenarioPhase]) -> Result<(), String> {
    let phase = measured_phase(measure, phases)?;
    let environment = &phase.environment.spec;
    let has_chemical = |chemical: &str| {
        environment.chemicals.iter().any(|c| c.name == chemical).then_some(()).ok_or_else(|| format!("measure `{}`: environment `{}` has no chemical `{chemical}`", measure.name(), environment.name))
    };
    let positive = |field: &str, value: f64| if value > 0.0 && value.is_finite() { Ok(()) } else { Err(format!("measure `{}`: {field} must be positive, got {value}", measure.name())) };
    match measure {
        MeasureSpec::PirouetteRate { chemical, critical_interval_s, dcdt_window_s, dcdt_edges, .. } => {
            has_chemical(chemical)?;
            positive("critical_interval_s", *critical_interval_s)?;
            positive("dcdt_window_s", *dcdt_window_s)?;
            if dcdt_edges.len() < 2 || dcdt_edges.windows(2).any(|w| !(w[1] > w[0])) {
                return Err(format!("measure `{}`: dcdt_edges must be at least two increasing numbers, got {dcdt_edges:?}", measure.name()));
            }
            Ok(())
        }
        MeasureSpec::Weathervane { chemical, step_mm, critical_interval_s, bearing_bins, .. } => {
            has_chemical(chemical)?;
            positive("step_mm", *step_mm)?;
            positive("critical_interval_s", *critical_interval_s)?;
            positive("bearing_bins", *bearing_bins as f64)
        }
        MeasureSpec::PerformanceIndex { cs_plus, cs_minus, .. } => {
            has_chemical(&cs_plus.odour)?;
            has_chemical(&cs_minus.odour)?;
            if cs_plus.odour == cs_minus.odour {
                return Err(format!("measure `{}`: cs_plus and cs_minus hold the same odour `{}`", measure.name(), cs_plus.odour));
            }
            Ok(())
        }
        MeasureSpec::TimeInZones { zones, .. } => {
            for zone in zones {
                zone.zone.resolve(environment).map_err(|m| format!("measure `{}`, zone `{}`: {m}", measure.name(), zone.name))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Checks every track measure of a task, and every measure naming odours, against its phases.
pub(super) fn check(task: &Loaded<TaskSpec>, phases: &[ScenarioPhase]) -> Result<(), ConfigError> {
    for measure in task.spec.measures.iter().filter(|m| m.is_track_measure() || matches!(m, MeasureSpec::PerformanceIndex { .. })) {
        check_one(measure, phases).map_err(|m| task.invalid("measures", m))?;
    }
    Ok(())
}
