//! Looming escape (issue 7): the eyes' ray sampling sees a sphere at its analytic angular size on the right
//! eye, the escape command's jump lifts the body off the ground under gravity, the behavioural fly escapes
//! looms with the published probability and latency while the paralysed fly never does, and the shipped
//! task measures takeoffs.

mod common;

use common::run_for;
use ett::arena::looming::Sphere;
use ett::arena::vision::Eyes;
use ett::arena::{Arena, PlateArena, SiteTable};
use ett::body::{fly, Body, BodyState, FlyBody, FlyPlacement};
use ett::brain::{build, MotorLayout};
use ett::buffers::{MuscleCommand, NeuralInput, NeuralOutput, SensorFrame};
use ett::config::brain_spec::{BrainModelSpec, BrainSpec};
use ett::config::environment_spec::{EnvironmentSpec, StimulusKind};
use ett::config::fly_body_spec::{validate_fly_body, FlyBodySpec};
use ett::config::fly_walking_spec::FlyWalkingSpec;
use ett::config::load_ron;
use ett::config::task_spec::TaskSpec;
use ett::interface::{ChannelNames, Decoder, Encoder, FlyEncoder, WalkingDecoder};
use ett::physics::LeggedSettings;
use std::path::Path;

fn body_spec() -> FlyBodySpec {
    let loaded = load_ron::<FlyBodySpec>(Path::new("bodies/fly.ron")).unwrap();
    validate_fly_body(&loaded).unwrap();
    loaded.spec
}

fn analytic_size_deg(radius_mm: f64, distance_mm: f64) -> f64 {
    2.0 * (radius_mm / distance_mm).asin().to_degrees()
}

#[test]
fn each_eye_samples_a_sphere_at_its_analytic_angular_size() {
    let eyes = Eyes::new(&body_spec().eyes.expect("bodies/fly.ron has eyes"));
    let head = [3.0, -2.0, 1.0];
    let heading_rad = 1.0;
    for (azimuth_deg, seeing) in [(90.0, 0), (-90.0, 1)] {
        for distance_mm in [28.8, 10.0, 5.0 / 45f64.to_radians().sin()] {
            let radius_mm = 5.0;
            let direction = heading_rad + f64::to_radians(azimuth_deg);
            let centre = [head[0] + distance_mm * direction.cos(), head[1] + distance_mm * direction.sin(), head[2]];
            let samples = eyes.sample(head, heading_rad, Some(&Sphere { centre_mm: centre, radius_mm }));
            let truth = analytic_size_deg(radius_mm, distance_mm);
            let seen = samples[seeing];
            // Ray resolution: 2,000 rays per 2 pi sr, one ray per 3.1e-3 sr; a few rays of the edge are 1-2 degrees.
            println!("azimuth {azimuth_deg}, {distance_mm:.1} mm: analytic {truth:.2} deg, sampled {:.2} deg, luminance {:.4}; other eye {:.2} deg", seen.size_deg, seen.luminance, samples[1 - seeing].size_deg);
            assert!((seen.size_deg - truth).abs() < 1.5, "sampled {} against analytic {truth}", seen.size_deg);
            let solid_fraction = 1.0 - (0.5 * truth).to_radians().cos();
            assert!((seen.luminance - (1.0 - solid_fraction)).abs() < 0.01, "luminance {}", seen.luminance);
            assert_eq!(samples[1 - seeing].size_deg, 0.0, "the other eye sees nothing of a lateral object");
            assert_eq!(samples[1 - seeing].luminance, 1.0);
        }
    }
    let none = eyes.sample(head, heading_rad, None);
    assert!(none.iter().all(|s| s.luminance == 1.0 && s.size_deg == 0.0));
}

/// Runs the body under the walking decoder with `drive` on both sides, pressing `escape` for 20 ms at
/// `escape_at_s` (None: never); returns time, thorax height and whether every tarsus is off the ground,
/// every 4 ms for 0.6 s.
fn jump_trace(drive: f64, escape_at_s: Option<f64>) -> Vec<(f64, f64, bool)> {
    let spec = body_spec();
    let settings = LeggedSettings::fly_default();
    let mut body = FlyBody::new(&spec, settings, FlyPlacement { position_mm: [0.0, 0.0], heading_rad: 0.0 });
    let walking = load_ron::<FlyWalkingSpec>(Path::new("bodies/fly_walking.ron")).unwrap().spec;
    let mut decoder = WalkingDecoder::new(&walking, body.muscle_names()).unwrap();
    let (dt_s, substeps) = (0.004, (0.004 / settings.dt_s).round() as usize);
    let mut command = MuscleCommand::default();
    let mut state = BodyState::default();
    (0..150).map(|k| {
        let t = k as f64 * dt_s;
        let pressed = escape_at_s.is_some_and(|at| t >= at - 1e-9 && t < at + 0.02 - 1e-9);
        decoder.decode(&NeuralOutput { activity: vec![drive, drive, 0.0, if pressed { 1.0 } else { 0.0 }] }, dt_s, &mut command);
        body.actuate(&command);
        body.advance(substeps).unwrap();
        body.sense(&mut state);
        (state.time_s, state.height_mm, state.legs.iter().all(|l| !l.on_ground))
    }).collect()
}

#[test]
fn the_escape_jump_lifts_the_body_off_the_ground_and_it_lands_on_its_legs() {
    let trace = jump_trace(0.0, Some(0.2));
    let standing = trace.iter().filter(|s| (0.15..0.2).contains(&s.0)).map(|s| s.1).sum::<f64>() / 12.0;
    let peak = trace.iter().map(|s| s.1).fold(0.0, f64::max);
    let airborne_s = 0.004 * trace.iter().filter(|s| s.2).count() as f64;
    let landed = trace.iter().filter(|s| s.0 > 0.45).map(|s| s.1).sum::<f64>() / trace.iter().filter(|s| s.0 > 0.45).count() as f64;
    println!("jump: standing {standing:.3} mm, peak {peak:.3} mm (+{:.3}), all tarsi off the ground {airborne_s:.3} s, after landing {landed:.3} mm", peak - standing);
    // Measured +1.00 mm with the coxae held, +0.98 with the front and middle coxae sweeping (2026-12-07); the
    // task counts a 0.5-mm rise as takeoff.
    assert!(peak - standing > 0.9, "the middle legs' extension throws the thorax more than 0.9 mm up: {standing} -> {peak}");
    assert!(airborne_s >= 0.012, "every tarsus leaves the ground for a while: {airborne_s} s");
    assert!((0.8..1.4).contains(&landed), "no wings: it falls back and stands on its legs again ({landed} mm)");
    // Without escape the decoder is unchanged: the body just stands.
    let still = jump_trace(0.0, None);
    assert!(still.iter().skip(40).all(|s| (0.8..1.4).contains(&s.1) && !s.2), "standing without escape");
}

#[test]
fn a_walking_fly_jumps_higher_than_the_task_counts_as_takeoff() {
    // At drive 0.6 one middle leg of two is in swing at any time; escape at the phase that jumped lowest of
    // 0.30-0.40 s in steps of 20 ms (measured 2026-11-29: +0.79 to +1.19 mm above the walking peak).
    let at = 0.32;
    let trace = jump_trace(0.6, Some(at));
    let before = trace.iter().filter(|s| (at - 0.05..at).contains(&s.0)).map(|s| s.1).fold(0.0, f64::max);
    let peak = trace.iter().filter(|s| s.0 >= at).map(|s| s.1).fold(0.0, f64::max);
    println!("walking at drive 0.6, escape at {at} s: walking peak {before:.3} mm, jump peak {peak:.3} mm (+{:.3})", peak - before);
    assert!(peak - before > 0.5, "tasks/fly/looming_escape.ron counts a 0.5-mm rise as takeoff: {before} -> {peak}");
}

/// The behavioural brain, its encoder and the task's arena open loop: a head standing at the centre facing
/// +x, the task's three looms; returns per loom (took off, latency of the escape command from the
/// 15-degree crossing of the true size).
fn open_loop_escapes(animal: u64) -> Vec<Option<f64>> {
    let brain_file = load_ron::<BrainSpec>(Path::new("brains/fly/behavioral_model.ron")).unwrap();
    let BrainModelSpec::FlyNavigator(params) = &brain_file.spec.model else { panic!("FlyNavigator") };
    let spec = body_spec();
    let sites = fly::site_names(&spec);
    let eye_names = ett::arena::vision::EYE_NAMES.map(String::from);
    let names = ChannelNames { chemosensory_sites: &sites, touch_sites: &[], chemicals: &[], eyes: &eye_names };
    let learned: &[String] = params.mushroom_body.as_ref().map_or(&[], |mb| &mb.odours);
    let mut encoder = FlyEncoder::navigator(&params.sensors, learned, names).unwrap();
    let motor = MotorLayout { muscle_names: Vec::new(), dorsal: Vec::new(), body_fraction: Vec::new() };
    let mut brain = build(&brain_file, &motor, animal).unwrap();
    let task = load_ron::<TaskSpec>(Path::new("tasks/fly/looming_escape.ron")).unwrap().spec;
    let env = load_ron::<EnvironmentSpec>(Path::new("environments/fly_open_arena.ron")).unwrap();
    let mut arena = PlateArena::new(&env, &task.stimuli, SiteTable { chemosensory: Vec::new(), touch: Vec::new(), eyes: spec.eyes }, 0, 0.0, 0).unwrap();
    let mut state = BodyState { midline_mm: vec![[0.0, 0.0], [-0.5, 0.0], [-2.0, 0.0]], height_mm: 1.0, ..BodyState::default() };
    let mut frame = SensorFrame { eye_luminance: vec![1.0; 2], eye_object_size_deg: vec![0.0; 2], eye_object_expansion_deg_per_s: vec![0.0; 2], ..SensorFrame::default() };
    let (mut input, mut output, mut events) = (NeuralInput::default(), NeuralOutput::default(), Vec::new());
    let dt_s = task.dt_control_s;
    let mut looms: Vec<(Option<f64>, Option<f64>)> = Vec::new();
    for k in 0..(task.duration_s / dt_s).round() as usize {
        state.time_s = k as f64 * dt_s;
        arena.sense(&state, &mut frame, &mut events);
        encoder.encode(&frame, dt_s, &mut input);
        brain.step_n(&input, 1, dt_s, &mut output);
        if frame.loom_onset > 0.0 {
            looms.push((None, None));
        }
        if let Some((crossed, escaped)) = looms.last_mut() {
            if crossed.is_none() && frame.loom_size_deg >= 15.0 {
                *crossed = Some(state.time_s);
            }
            if escaped.is_none() && output.activity[3] > 0.5 {
                *escaped = Some(state.time_s);
            }
        }
    }
    assert_eq!(looms.len(), task.stimuli.iter().filter(|s| matches!(s.kind, StimulusKind::Loom(_))).count());
    looms.into_iter().map(|(crossed, escaped)| escaped.map(|e| e - crossed.expect("every loom passes 15 degrees"))).collect()
}

#[test]
fn the_behavioural_fly_escapes_looms_with_the_published_probability_and_latency() {
    let looms: Vec<Option<f64>> = (0..100).flat_map(open_loop_escapes).collect();
    let latencies: Vec<f64> = looms.iter().flatten().copied().collect();
    let p = latencies.len() as f64 / looms.len() as f64;
    let mean = latencies.iter().sum::<f64>() / latencies.len() as f64;
    let sd = (latencies.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (latencies.len() - 1) as f64).sqrt();
    println!("open loop, 100 flies x 3 looms: P(escape) {p:.3}, latency from 15 degrees {mean:.3} +- {sd:.3} s (n = {})", latencies.len());
    // REFERENCE_VALUES.md: P about 0.5-0.8, latency about 200 ms (our tolerance: 0.1-0.3 s).
    assert!((0.5..=0.8).contains(&p), "P(escape) {p}");
    assert!((0.1..=0.3).contains(&mean), "latency {mean} s");
    assert!(latencies.iter().all(|&l| l > 0.0), "never before the threshold");
}

#[test]
fn in_the_task_the_behavioural_fly_takes_off_after_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let outcome = run_for(Path::new("tasks/fly/looming_escape.ron"), None, 2, 1, 1, dir.path(), Some(1.0));
    let animals = outcome.summary["animals"].as_array().unwrap();
    let took_off: Vec<u64> = animals.iter().map(|a| a["task"]["takeoff_per_loom"][0].as_u64().unwrap()).collect();
    let latencies: Vec<f64> = animals.iter().filter_map(|a| a["task"]["takeoff_latency_per_loom_s"][0].as_f64()).collect();
    println!("behavioural fly, 2 animals x 1 s (one loom each): takeoffs {took_off:?}, latencies {latencies:?} s");
    assert!(took_off.contains(&1), "seed 1: at least one of two flies takes off (P about 0.67 per loom)");
    assert!(latencies.iter().all(|&l| (0.0..0.42).contains(&l)), "after the 15-degree crossing, before contact: {latencies:?}");
}

#[test]
fn the_paralysed_fly_never_takes_off_and_the_task_reports_per_loom() {
    let dir = tempfile::tempdir().unwrap();
    let task = Path::new("tasks/fly/looming_escape.ron");
    let outcome = run_for(task, Some(Path::new("brains/fly/null_paralysed.ron")), 1, 1, 1, dir.path(), Some(1.0));
    let animal = &outcome.summary["animals"][0]["task"];
    println!("paralysed fly, 1 s: {animal}");
    assert_eq!(animal["takeoff_per_loom"], serde_json::json!([0]), "one loom, no takeoff");
    assert_eq!(animal["takeoff"], 0.0);
    assert!(animal["takeoff_latency_s"].is_null());
}


/// The looming task copied into a temporary folder with `from` replaced by `to`; returns the error of
/// building its first animal.
fn broken_task_error(from: &str, to: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let task = dir.path().join("looming.ron");
    let original = std::fs::read_to_string("tasks/fly/looming_escape.ron").unwrap();
    assert!(original.contains(from), "{from}");
    let text = original.replacen(from, to, 1).replace("\"../../", &format!("\"{}/", env!("CARGO_MANIFEST_DIR")));
    std::fs::write(&task, text).unwrap();
    match ett::config::Scenario::load(&task, None) {
        Err(e) => e.to_string(),
        Ok(scenario) => ett::sim::Episode::new(&scenario, 1, 0, 1.0).err().expect("the broken loom must be rejected").to_string(),
    }
}

#[test]
fn a_malformed_loom_is_an_error_naming_the_file_and_field() {
    let unknown = broken_task_error("radius_mm: 5.0,", "radius_mm: 5.0, size_mm: 3.0,");
    assert!(unknown.contains("looming.ron") && unknown.contains("size_mm"), "{unknown}");
    let negative = broken_task_error("speed_mm_per_s: 125.0", "speed_mm_per_s: -125.0");
    assert!(negative.contains("looming.ron") && negative.contains("speed_mm_per_s") && negative.contains("stimuli"), "{negative}");
    let whole = broken_task_error("start_size_deg: 10.0", "start_size_deg: 180.0");
    assert!(whole.contains("start_size_deg"), "{whole}");
}
