//! Arenas from `environments/*.ron`: the plate and its wall, chemical and temperature fields, food
//! patches that deplete, noxious zones, a steady wind, scheduled mechanical stimuli and looming objects
//! seen by the eyes. Arenas read body states and write sensor frames; they never touch the physics.

pub mod fields;
pub mod filament_plume;
mod food;
pub mod looming;
mod stimuli;
pub mod vision;

pub use fields::ScalarField;
pub use food::FoodPatch;
pub use stimuli::{Schedule, StimulusEvent};

use crate::body::BodyState;
use crate::buffers::{Event, SensorFrame};
use crate::config::environment_spec::{EnvironmentSpec, FieldSpec, NoxiousZoneSpec, StimulusKind, StimulusSpec, ZoneShape};
use crate::config::fly_body_spec::EyesSpec;
use looming::ActiveLoom;
use vision::Eyes;
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
    /// The eyes' ray sampling (None: the body sees nothing, and looming stimuli are an error).
    pub eyes: Option<EyesSpec>,
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
    wind_mm_per_s: [f64; 2],
    eyes: Option<Eyes>,
    loom: Option<ActiveLoom>,
    /// Each eye's sampled object size at the last sense and when that was (for the expansion rate).
    last_size_deg: [f64; 2],
    last_sense_s: Option<f64>,
    /// The shock now on: (voltage, end time on the phase's clock).
    shock: Option<(f64, f64)>,
}

impl PlateArena {
    /// Builds the arena for a phase starting at `start_time_s` (fields and stimuli run on the phase's
    /// clock); `extra_stimuli` come from the task, and touch stimuli must name a touch site. Random fields
    /// (filament plumes) are drawn as realisation `realisation`.
    pub fn new(env: &Loaded<EnvironmentSpec>, extra_stimuli: &[StimulusSpec], sites: SiteTable, nose_site: usize, start_time_s: f64, realisation: u64) -> Result<Self, ConfigError> {
        let spec = &env.spec;
        if !(spec.plate.diameter_mm > 0.0) {
            return Err(env.invalid("diameter_mm", "the plate diameter must be positive"));
        }
        let mut chemicals = Vec::new();
        for chemical in &spec.chemicals {
            chemicals.push(ScalarField::realisation(&chemical.field, realisation).map_err(|m| env.invalid("field", format!("chemical `{}`: {m}", chemical.name)))?);
        }
        if matches!(spec.temperature_c, Some(FieldSpec::FilamentPlume { .. })) {
            return Err(env.invalid("temperature_c", "a filament plume is an odour carried by the wind, not a temperature field"));
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
            match &stimulus.kind {
                StimulusKind::Touch(site) if !sites.touch.iter().any(|(_, name)| name == site) => {
                    let known: Vec<&str> = sites.touch.iter().map(|(_, n)| n.as_str()).collect();
                    return Err(env.invalid("stimuli", format!("touch at unknown site `{site}`; the body's touch sites are {known:?}")));
                }
                StimulusKind::Loom(loom) => {
                    loom.check().map_err(|m| env.invalid("stimuli", m))?;
                    if sites.eyes.is_none() {
                        return Err(env.invalid("stimuli", "a Loom stimulus needs a body with eyes (the body file has no `eyes`)"));
                    }
                }
                _ => {}
            }
        }
        let schedule = Schedule::new(&all_stimuli).map_err(|m| env.invalid("stimuli", m))?;
        let wind_mm_per_s = spec.wind.map_or([0.0, 0.0], |w| [w.velocity_mm_per_s.0, w.velocity_mm_per_s.1]);
        if !wind_mm_per_s.iter().all(|v| v.is_finite()) {
            return Err(env.invalid("velocity_mm_per_s", format!("the wind must be finite, got {wind_mm_per_s:?}")));
        }
        for chemical in &spec.chemicals {
            if let FieldSpec::AdvectedPlume { wind_mm_per_s: carried, .. } | FieldSpec::FilamentPlume { wind_mm_per_s: carried, .. } = chemical.field {
                if [carried.0, carried.1] != wind_mm_per_s {
                    return Err(env.invalid("wind_mm_per_s", format!("chemical `{}`: the plume is carried by {carried:?} mm/s but the environment's wind is {wind_mm_per_s:?}", chemical.name)));
                }
            }
        }
        Ok(PlateArena {
            wall: Wall { center_mm: [0.0, 0.0], radius_mm: (0.5 * spec.plate.diameter_mm) as f32 },
            chemicals,
            temperature,
            food: spec.food.iter().map(FoodPatch::new).collect(),
            inside_food: vec![false; spec.food.len()],
            inside_noxious: vec![false; spec.noxious.len()],
            noxious: spec.noxious.clone(),
            schedule,
            nose_site,
            start_time_s,
            wind_mm_per_s,
            eyes: sites.eyes.as_ref().map(Eyes::new),
            loom: None,
            last_size_deg: [0.0; 2],
            last_sense_s: None,
            sites,
            shock: None,
        })
    }

    /// Remaining amount in each food patch.
    pub fn food_remaining(&self) -> Vec<f64> {
        self.food.iter().map(|p| p.remaining()).collect()
    }
}

impl PlateArena {
    /// Casts the eyes' rays at the looming object, if any: luminance, sampled size and its rate of change.
    fn see(&mut self, t_s: f64, head_mm: [f64; 3], heading_rad: f64, frame: &mut SensorFrame) {
        let Some(eyes) = &self.eyes else { return };
        let sphere = self.loom.as_ref().and_then(|l| l.sphere_at(t_s));
        if sphere.is_none() {
            self.loom = None;
        }
        let samples = eyes.sample(head_mm, heading_rad, sphere.as_ref());
        frame.loom_size_deg = sphere.map_or(0.0, |s| {
            let distance_mm = (0..3).map(|k| (s.centre_mm[k] - head_mm[k]).powi(2)).sum::<f64>().sqrt();
            2.0 * (s.radius_mm / distance_mm).min(1.0).asin().to_degrees()
        });
        let dt_s = self.last_sense_s.map_or(0.0, |last| t_s - last);
        for (e, sample) in samples.iter().enumerate() {
            // A size that appears from nothing (onset) or vanishes has no rate: expansion is of a seen object.
            let seen_both = sample.size_deg > 0.0 && self.last_size_deg[e] > 0.0;
            let expansion = if seen_both && dt_s > 0.0 { (sample.size_deg - self.last_size_deg[e]) / dt_s } else { 0.0 };
            if let (Some(l), Some(s), Some(x)) = (frame.eye_luminance.get_mut(e), frame.eye_object_size_deg.get_mut(e), frame.eye_object_expansion_deg_per_s.get_mut(e)) {
                (*l, *s, *x) = (sample.luminance, sample.size_deg, expansion);
            }
            self.last_size_deg[e] = sample.size_deg;
        }
        self.last_sense_s = Some(t_s);
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
        // The air's velocity in the body's frame (forward along tail to head, left across it), at the head:
        // a filament plume's swinging wind turns it.
        let air_turn_rad = self.chemicals.iter().find_map(|field| field.air_turn_rad(state.head_mm(), t)).unwrap_or(0.0);
        let (sin, cos) = (state.heading_rad() - air_turn_rad).sin_cos();
        let [wx, wy] = self.wind_mm_per_s;
        frame.wind_body_mm_per_s = [wx * cos + wy * sin, -wx * sin + wy * cos];
        frame.touch.iter_mut().for_each(|v| *v = 0.0);
        frame.tap = 0.0;
        frame.loom_onset = 0.0;
        let head_mm = [state.head_mm()[0], state.head_mm()[1], state.height_mm];
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
                StimulusKind::Loom(loom) => {
                    frame.loom_onset = 1.0;
                    // A new loom replaces one still in progress; it is aimed at the head as it is now.
                    self.loom = Some(ActiveLoom::new(loom, stimulus.time_s, head_mm, state.heading_rad()));
                    events.push(Event { time_s: stimulus.time_s + self.start_time_s, kind: "loom", detail: format!("azimuth {} deg", loom.azimuth_deg) });
                }
                StimulusKind::Shock { duration_s, volts } => {
                    self.shock = Some((*volts, stimulus.time_s + duration_s));
                    events.push(Event { time_s: stimulus.time_s + self.start_time_s, kind: "shock", detail: format!("{volts} V for {duration_s} s") });
                }
            }
        }
        self.see(t, head_mm, state.heading_rad(), frame);
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
