//! How each phase's body and arena are built, for either species: the one place where the episode
//! learns which animal it runs. Everything after it sees only `Body`, `Arena` and plain buffers.

use super::assemble::BodyInterface;
use crate::arena::vision::EYE_NAMES;
use crate::arena::{Arena, PlateArena, SiteTable};
use crate::body::worm::{sites_of_kind, Placement};
use crate::body::{fly, Body, FlyBody, FlyPlacement, WormBody};
use crate::brain::MotorLayout;
use crate::config::animal_body::AnimalBody;
use crate::config::body_spec::{BodySide, BodySpec, SiteKind};
use crate::config::fly_body_spec::FlyBodySpec;
use crate::config::scenario::ScenarioPhase;
use crate::config::task_spec::{PhysicsSpec, PlacementSpec};
use crate::config::{ConfigError, Scenario};
use crate::physics::{LeggedSettings, Medium, PhysicsSettings};
use crate::rng::SplitMix64;

/// The physics of one species' body.
enum SpeciesBody {
    Worm { spec: BodySpec, settings: PhysicsSettings },
    Fly { spec: FlyBodySpec, settings: LeggedSettings },
}

/// The fly's rigid-body settings (`LeggedSettings::fly_default`) with the task's step and solver iterations.
pub fn fly_settings(physics: &PhysicsSpec) -> LeggedSettings {
    LeggedSettings { dt_s: physics.dt_s, solver_iterations: physics.solver_iterations, ..LeggedSettings::fly_default() }
}

/// Builds each phase's arena and body; placement noise comes from its own random stream.
pub struct Stage {
    phases: Vec<ScenarioPhase>,
    body: SpeciesBody,
    sites: SiteTable,
    nose_site: usize,
    rng: SplitMix64,
    /// Which realisation of random fields (filament plumes) this animal's arenas draw.
    arena_realisation: u64,
}

/// Mixed into the master seed for the arenas' random fields, apart from the placement's stream.
const ARENA_STREAM_SALT: u64 = 0xA2E4_A5EE_D000_0002;

/// Which realisation of random fields (filament plumes) animal `animal` of a run with master seed `seed`
/// smells: its arenas draw it, and measures taken afterwards on its track read the same one.
pub fn arena_realisation(seed: u64, animal: u64) -> u64 {
    SplitMix64::for_stream(seed ^ ARENA_STREAM_SALT, animal).next_u64()
}

impl Stage {
    /// The stage of animal `animal` and what its body offers the brain.
    pub fn new(scenario: &Scenario, seed: u64, animal: u64) -> Result<(Self, BodyInterface), ConfigError> {
        let physics = &scenario.task.spec.physics;
        let chemicals: Vec<String> = scenario.environment.spec.chemicals.iter().map(|c| c.name.clone()).collect();
        let rng = SplitMix64::for_stream(seed, animal);
        let arena_realisation = arena_realisation(seed, animal);
        let phases = scenario.phases.clone();
        match &scenario.body.spec {
            AnimalBody::Worm(spec) => {
                let chemosensory = sites_of_kind(spec, SiteKind::Chemosensory);
                let touch = sites_of_kind(spec, SiteKind::Touch);
                let nose_site = *chemosensory.first().ok_or_else(|| scenario.body.invalid("sensor_sites", "the body needs at least one Chemosensory site (the first is the nose)"))?;
                let site_names = |indexes: &[usize]| indexes.iter().map(|&i| spec.sensor_sites[i].name.clone()).collect::<Vec<_>>();
                let interface = BodyInterface {
                    chemosensory_sites: site_names(&chemosensory),
                    touch_sites: site_names(&touch),
                    chemicals,
                    joints: spec.segments - 1,
                    eyes: Vec::new(),
                    motor: MotorLayout {
                        muscle_names: spec.muscles.iter().map(|m| m.name.clone()).collect(),
                        dorsal: spec.muscles.iter().map(|m| m.side == BodySide::Dorsal).collect(),
                        body_fraction: spec.muscles.iter().map(|m| 0.5 * (m.from_body_fraction + m.to_body_fraction)).collect(),
                    },
                };
                let sites = SiteTable { chemosensory: chemosensory.clone(), touch: touch.iter().map(|&i| (i, spec.sensor_sites[i].name.clone())).collect(), eyes: None };
                let settings = PhysicsSettings { dt_s: physics.dt_s, solver_iterations: physics.solver_iterations, relaxation_steps: physics.relaxation_steps };
                Ok((Stage { phases, body: SpeciesBody::Worm { spec: spec.clone(), settings }, sites, nose_site, rng, arena_realisation }, interface))
            }
            AnimalBody::Fly(spec) => {
                let site_names = fly::site_names(spec);
                let muscle_names = fly::muscle_names(spec);
                let interface = BodyInterface {
                    chemosensory_sites: site_names.clone(),
                    touch_sites: Vec::new(),
                    chemicals,
                    joints: 0,
                    eyes: if spec.eyes.is_some() { EYE_NAMES.map(String::from).to_vec() } else { Vec::new() },
                    motor: MotorLayout { dorsal: vec![false; muscle_names.len()], body_fraction: vec![0.0; muscle_names.len()], muscle_names },
                };
                // Food is eaten and zones entered where the proboscis is: between the antennae, at the head.
                let sites = SiteTable { chemosensory: (0..site_names.len()).collect(), touch: Vec::new(), eyes: spec.eyes };
                let body = SpeciesBody::Fly { spec: spec.clone(), settings: fly_settings(physics) };
                Ok((Stage { phases, body, sites, nose_site: fly::PROBOSCIS_SITE, rng, arena_realisation }, interface))
            }
        }
    }

    fn placement(&mut self, spec: &PlacementSpec, time_s: f64) -> Placement {
        let heading_rad = spec.heading_deg.map_or_else(|| self.rng.uniform() * std::f64::consts::TAU, f64::to_radians);
        let jitter = spec.position_jitter_mm;
        let head_tip_mm = [spec.head_tip_mm.0 + jitter * self.rng.normal(), spec.head_tip_mm.1 + jitter * self.rng.normal()];
        Placement { head_tip_mm, heading_rad, time_s }
    }

    /// The name of phase `index`.
    pub fn phase_name(&self, index: usize) -> &str {
        &self.phases[index].name
    }

    /// The arena and body of phase `index`, starting at `time_s`.
    pub fn build(&mut self, index: usize, time_s: f64) -> Result<(Box<dyn Arena>, Box<dyn Body>), ConfigError> {
        let phase = self.phases[index].clone();
        let arena = PlateArena::new(&phase.environment, &phase.stimuli, self.sites.clone(), self.nose_site, time_s, self.arena_realisation)?;
        let placement = self.placement(&phase.placement, time_s);
        let body: Box<dyn Body> = match &self.body {
            SpeciesBody::Worm { spec, settings } => {
                let medium = Medium::from_spec(&phase.environment.spec.medium);
                Box::new(WormBody::new(spec, medium, arena.wall(), *settings, placement))
            }
            // The task's head position places the fly's thorax-head joint.
            SpeciesBody::Fly { spec, settings } => {
                let mut fly = FlyBody::new(spec, *settings, FlyPlacement { position_mm: placement.head_tip_mm, heading_rad: placement.heading_rad });
                fly.start_clock_at(placement.time_s);
                if let Some(wall) = arena.wall() {
                    fly.enclose(wall);
                }
                Box::new(fly)
            }
        };
        Ok((Box::new(arena), body))
    }
}
