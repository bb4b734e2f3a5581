//! Gait adaptation to external load: the body feels the medium's drag (measured from the physics, not
//! read from the environment's name), and the behavioural model's one brain file swims in buffer and
//! crawls on agar with the two gaits it states.

mod common;
use common::*;
use ett::body::worm::Placement;
use ett::body::{Body, BodyState, WormBody};
use ett::buffers::MuscleCommand;
use ett::config::body_spec::{BodySide, BodySpec};
use ett::config::environment_spec::EnvironmentSpec;
use ett::config::{load_ron, Scenario};
use ett::physics::{Medium, PhysicsSettings};
use std::path::{Path, PathBuf};

/// The load the worm body feels while a travelling wave drives it for 1 s in `environment`, one value
/// per control step (0.02 s), after `substeps` physics steps each; the first value is before any step.
fn sensed_loads(environment: &str, settings: PhysicsSettings, substeps: usize) -> (Medium, Vec<f64>) {
    let body = load_ron::<BodySpec>(Path::new(&shipped("bodies/worm.ron"))).unwrap().spec;
    let medium = Medium::from_spec(&load_ron::<EnvironmentSpec>(Path::new(&shipped(environment))).unwrap().spec.medium);
    let mut worm = WormBody::new(&body, medium, None, settings, Placement { head_tip_mm: [0.0, 0.0], heading_rad: 0.0, time_s: 0.0 });
    let mut state = BodyState::default();
    worm.sense(&mut state);
    let mut loads = vec![state.load_n_s_per_m2];
    for step in 1..=50 {
        let t = step as f64 * 0.02;
        let activation = body.muscles.iter().map(|m| {
            let x = 0.5 * (m.from_body_fraction + m.to_body_fraction);
            let side = if m.side == BodySide::Dorsal { 1.0 } else { -1.0 };
            0.5 + 0.5 * side * (std::f64::consts::TAU * (t - x)).sin()
        });
        worm.actuate(&MuscleCommand { activation: activation.collect() });
        worm.advance(substeps).unwrap();
        worm.sense(&mut state);
        loads.push(state.load_n_s_per_m2);
    }
    (medium, loads)
}

#[test]
fn the_body_feels_a_load_between_the_mediums_drag_coefficients_thousands_of_times_lower_in_buffer() {
    // The tasks' own physics: swim.ron (10 ms, 20 iterations) and crawl.ron (20 ms, 2 iterations).
    let (water, in_water) = sensed_loads("environments/water_dish.ron", PhysicsSettings { dt_s: 0.01, solver_iterations: 20, relaxation_steps: 4.0 }, 2);
    let (agar, on_agar) = sensed_loads("environments/agar_plate_90mm.ron", PhysicsSettings { dt_s: 0.02, solver_iterations: 2, relaxation_steps: 4.0 }, 1);
    for (medium, loads) in [(water, &in_water), (agar, &on_agar)] {
        assert!(loads[0].is_nan(), "a body that has not moved feels no load: {}", loads[0]);
        // Internal drag units are mg/(mm s) = 1e-3 N s/m^2. A step's drag acts on the velocity at its
        // start, so the first physics step from rest feels none: on agar (one step per control step)
        // the first control step reads NaN.
        let (lo, hi) = (medium.tangential_per_mm as f64 * 1e-3, medium.normal_per_mm as f64 * 1e-3);
        assert!(loads[2..].iter().all(|l| (lo * 0.999..=hi * 1.001).contains(l)), "loads outside {lo}..{hi}: {loads:?}");
    }
    let mean = |v: &[f64]| v[2..].iter().sum::<f64>() / (v.len() - 2) as f64;
    let ratio = mean(&on_agar) / mean(&in_water);
    println!("mean load: agar {} N s/m^2, buffer {} N s/m^2", mean(&on_agar), mean(&in_water));
    assert!(ratio > 600.0, "agar {} vs buffer {} N s/m^2: ratio {ratio}", mean(&on_agar), mean(&in_water));
}

/// Mean bend frequency and wavelength of 3 animals of a shipped worm task with `brain`.
fn gait(task: &str, brain: &Path, out: &Path) -> (f64, f64) {
    let outcome = run_task(Path::new(&shipped(task)), Some(brain), 3, 1, 1, out);
    (number(&outcome, "body_bend_frequency_hz"), number(&outcome, "wavelength_body_lengths"))
}

/// The behavioural model's file, copied into `dir` with `from` replaced by `to`.
fn behavioural_copy(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let path = dir.join(format!("{name}.ron"));
    std::fs::copy(shipped("brains/celegans/behavioral_model.ron"), &path).unwrap();
    edit_file(&path, from, to);
    path
}

#[test]
fn one_behavioural_model_file_swims_in_buffer_and_crawls_on_agar() {
    let dir = tempfile::tempdir().unwrap();
    let brain = PathBuf::from(shipped("brains/celegans/behavioral_model.ron"));
    let (swim_hz, swim_wavelength) = gait("tasks/worm/swim.ron", &brain, &dir.path().join("swim"));
    let (crawl_hz, crawl_wavelength) = gait("tasks/worm/crawl.ron", &brain, &dir.path().join("crawl"));
    assert!((1.7..=2.0).contains(&swim_hz), "swimming at {swim_hz} Hz, published 1.7-2 Hz");
    assert!((crawl_hz - 0.4).abs() < 0.05, "crawling at {crawl_hz} Hz, the file's crawl gait is 0.4 Hz");
    // The wave lengthens in buffer (commanded 1.5 L; the body holds about 1.1-1.3 L of it) and stays
    // near the commanded 0.65 L on agar.
    assert!(swim_wavelength > 1.0 && (crawl_wavelength - 0.65).abs() < 0.15, "wavelength {swim_wavelength} L swimming, {crawl_wavelength} L crawling");
    // The swimming numbers come from the file: a slower swimming gait there is what the body swims.
    let slower = behavioural_copy(dir.path(), "slow_swimmer", "swimming: (frequency_hz: 1.8,", "swimming: (frequency_hz: 1.2,");
    let (slow_hz, _) = gait("tasks/worm/swim.ron", &slower, &dir.path().join("slow"));
    assert!((slow_hz - 1.2).abs() < 0.05, "the file says 1.2 Hz, the body swam at {slow_hz} Hz");
}

#[test]
fn a_bad_swimming_block_is_rejected_naming_the_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let typo = behavioural_copy(dir.path(), "typo", "below_load_n_s_per_m2:", "below_lode_n_s_per_m2:");
    let message = load_ron::<ett::config::brain_spec::BrainSpec>(&typo).err().expect("unknown field").to_string();
    assert!(message.contains("typo.ron:") && message.contains("below_lode_n_s_per_m2"), "{message}");
    let negative = behavioural_copy(dir.path(), "negative", "below_load_n_s_per_m2: 0.13", "below_load_n_s_per_m2: -1.0");
    let task = shipped("tasks/worm/swim.ron");
    let scenario = Scenario::load(Path::new(&task), Some(&negative)).unwrap();
    let message = ett::sim::Episode::new(&scenario, 1, 0, 1.0).err().expect("a negative threshold must be rejected").to_string();
    assert!(message.contains("negative.ron:") && message.contains("below_load_n_s_per_m2"), "{message}");
}
