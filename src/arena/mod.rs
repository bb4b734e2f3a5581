//! Arenas from `environments/*.ron`: the plate and its wall, chemical and temperature fields, food
//! patches that deplete, noxious zones and scheduled mechanical stimuli. Arenas read body states and
//! write sensor frames; they never touch the physics.

pub mod fields;
mod food;
mod stimuli;

pub use fields::ScalarField;
pub use food::FoodPatch;
pub use stimuli::{Schedule, StimulusEvent};

use crate::body::BodyState;
use crate::buffers::{Event, SensorFrame};
use crate::config::environment_spec::{EnvironmentSpec, NoxiousZoneSpec, StimulusKind, StimulusSpec, ZoneShape};
use crate::config::{ConfigError, Loaded};
use crate::physics::Wall;

/// An arena as the closed loop sees it.
pub trait Arena: Send {
    /// Fills the arena's part of the sensor frame for the step that ended at `state.time_s`.
    fn sense(&mut self, state: &BodyState, frame: &mut SensorFrame, events: &mut Vec<Event>);
    /// Updates the arena after a control step of `dt_s` (food eaten, zones entered).
    fn after_step(&mut self, state: &BodyState, dt_s: f64, events: &mut Vec<Event>);
    /// The wall the physics keeps the body inside.
    fn wall(&self) -> Option<Wall>;
}

/// Which body sites sense what, by index into `BodyState::site_mm`.
#[derive(Debug, Clone, Default)]
pub struct SiteTable {
    /// Sites that sample chemical, temperature, noxious and food fields.
    pub chemosensory: Vec<usize>,
    /// Touch sites, with their names (stimuli name them).
    pub touch: Vec<(usize, String)>,
}

/// A circular plate with fields, food, noxious zones and a stimulus schedule.
pub struct PlateArena {
    wall: Wall,
    chemicals: Vec<ScalarField>,
    temperature: Option<ScalarField>,
    food: Vec<FoodPatch>,
    noxious: Vec<NoxiousZoneSpec>,
    schedule: Schedule,
    sites: SiteTable,
    nose_site: usize,
    inside_food: Vec<bool>,
    inside_noxious: Vec<bool>,
    start_time_s: f64,
    /// The shock now on: (voltage, end time on the phase's clock).
    shock: Option<(f64, f64)>,
}

impl PlateArena {
    /// Builds the arena for a phase starting at `start_time_s` (fields and stimuli run on the phase's
    /// clock); `extra_stimuli` come from the task, and touch stimuli must name a touch site.
    pub fn new(env: &Loaded<EnvironmentSpec>, extra_stimuli: &[StimulusSpec], sites: SiteTable, nose_site: usize, start_time_s: f64) -> Result<Self, ConfigError> {
        let spec = &env.spec;
        if !(spec.plate.diameter_mm > 0.0) {
            return Err(env.invalid("diameter_mm", "the plate diameter must be positive"));
        }
        let mut chemicals = Vec::new();
        for chemical in &spec.chemicals {
            chemicals.push(ScalarField::new(&chemical.field).map_err(|m| env.invalid("field", format!("chemical `{}`: {m}", chemical.name)))?);
        }
        let temperature = match &spec.temperature_c {
            Some(field) => Some(ScalarField::new(field).map_err(|m| env.invalid("temperature_c", m))?),
            None => None,
        };
        for zone in &spec.noxious {
            if let ZoneShape::Ring { inner_radius_mm, outer_radius_mm, .. } = zone.shape {
                if !(inner_radius_mm >= 0.0 && outer_radius_mm > inner_radius_mm) {
                    return Err(env.invalid("outer_radius_mm", format!("ring `{}` needs 0 <= inner < outer radius", zone.name)));
                }
            }
        }
        let all_stimuli: Vec<StimulusSpec> = spec.stimuli.iter().chain(extra_stimuli).cloned().collect();
        for stimulus in &all_stimuli {
            if let StimulusKind::Shock { duration_s, volts } = stimulus.kind {
                if !(duration_s > 0.0 && duration_s.is_finite() && volts.is_finite()) {
                    return Err(env.invalid("stimuli", format!("a shock needs a positive duration_s and a finite volts, got {duration_s} s and {volts} V")));
                }
            }
            if let StimulusKind::Touch(site) = &stimulus.kind {
                if !sites.touch.iter().any(|(_, name)| name == site) {
                    let known: Vec<&str> = sites.touch.iter().map(|(_, n)| n.as_str()).collect();
                    return Err(env.invalid("stimuli", format!("touch at unknown site `{site}`; the body's touch sites are {known:?}")));
                }
            }
        }
        let schedule = Schedule::new(&all_stimuli).map_err(|m| env.invalid("stimuli", m))?;
        Ok(PlateArena {
            wall: Wall { center_mm: [0.0, 0.0], radius_mm: (0.5 * spec.plate.diameter_mm) as f32 },
            chemicals,
            temperature,
            food: spec.food.iter().map(FoodPatch::new).collect(),
            inside_food: vec![false; spec.food.len()],
            inside_noxious: vec![false; spec.noxious.len()],
            noxious: spec.noxious.clone(),
            schedule,
            sites,
            nose_site,
            start_time_s,
            shock: None,
        })
    }

    /// Remaining amount in each food patch.
    pub fn food_remaining(&self) -> Vec<f64> {
        self.food.iter().map(|p| p.remaining()).collect()
    }
}

fn noxious_intensity(zone: &NoxiousZoneSpec, point: [f64; 2]) -> f64 {
    if zone.shape.contains(point) { zone.intensity } else { 0.0 }
}

impl Arena for PlateArena {
    fn sense(&mut self, state: &BodyState, frame: &mut SensorFrame, events: &mut Vec<Event>) {
        let t = state.time_s - self.start_time_s;
        let n_chem = self.chemicals.len();
        for (k, &site) in self.sites.chemosensory.iter().enumerate() {
            let p = state.site_mm[site];
            for (c, field) in self.chemicals.iter().enumerate() {
                frame.chemical[k * n_chem + c] = field.value(p, t);
            }
            frame.temperature_c[k] = self.temperature.as_ref().map_or(f64::NAN, |f| f.value(p, t));
            frame.noxious[k] = self.noxious.iter().map(|z| noxious_intensity(z, p)).sum();
            frame.food_per_mm2[k] = self.food.iter().map(|f| f.density_at(p)).sum();
            if let Some(distance) = frame.wall_distance_mm.get_mut(k) {
                let (dx, dy) = (p[0] - self.wall.center_mm[0] as f64, p[1] - self.wall.center_mm[1] as f64);
                *distance = self.wall.radius_mm as f64 - dx.hypot(dy);
            }
        }
        frame.touch.iter_mut().for_each(|v| *v = 0.0);
        frame.tap = 0.0;
        for stimulus in self.schedule.due(t) {
            match &stimulus.kind {
                StimulusKind::Tap => {
                    frame.tap = 1.0;
                    events.push(Event { time_s: stimulus.time_s + self.start_time_s, kind: "tap", detail: String::new() });
                }
                StimulusKind::Touch(site) => {
                    if let Some(index) = self.sites.touch.iter().position(|(_, n)| n == site) {
                        frame.touch[index] = 1.0;
                    }
                    events.push(Event { time_s: stimulus.time_s + self.start_time_s, kind: "touch", detail: site.clone() });
                }
                StimulusKind::Shock { duration_s, volts } => {
                    self.shock = Some((*volts, stimulus.time_s + duration_s));
                    events.push(Event { time_s: stimulus.time_s + self.start_time_s, kind: "shock", detail: format!("{volts} V for {duration_s} s") });
                }
            }
        }
        // A shock lasts its duration: on at every step that ends before it is over.
        self.shock = self.shock.filter(|&(_, until_s)| t < until_s + 1e-12);
        frame.shock_v = self.shock.map_or(0.0, |(volts, _)| volts);
        frame.time_s = state.time_s;
    }

    fn after_step(&mut self, state: &BodyState, dt_s: f64, events: &mut Vec<Event>) {
        let nose = state.site_mm[self.nose_site];
        for (i, patch) in self.food.iter_mut().enumerate() {
            let inside = patch.contains(nose);
            if inside {
                patch.eat(dt_s);
            }
            if inside != self.inside_food[i] {
                events.push(Event { time_s: state.time_s, kind: if inside { "enter_food" } else { "leave_food" }, detail: patch.name().to_string() });
                self.inside_food[i] = inside;
            }
        }
        for (i, zone) in self.noxious.iter().enumerate() {
            let inside = noxious_intensity(zone, nose) != 0.0;
            if inside != self.inside_noxious[i] {
                events.push(Event { time_s: state.time_s, kind: if inside { "enter_noxious" } else { "leave_noxious" }, detail: zone.name.clone() });
                self.inside_noxious[i] = inside;
            }
        }
    }

    fn wall(&self) -> Option<Wall> {
        Some(self.wall)
    }
}
