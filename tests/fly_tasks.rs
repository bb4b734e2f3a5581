//! The fly in the episode loop: every task under `tasks/fly/` loads the NeuroMechFly body from its
//! `FlyBody(...)` file, runs to a summary with its measures, and senses the arena at the antennae; a task
//! whose body file is broken names the file and field.

mod common;

use common::run_for;
use ett::runner::RunOutcome;
use std::path::{Path, PathBuf};

fn run_fly(task: &Path, brain: &str, duration_s: f64, out: &Path) -> RunOutcome {
    run_for(task, Some(Path::new(brain)), 1, 1, 1, out, Some(duration_s))
}

fn fly_tasks() -> Vec<PathBuf> {
    let mut tasks: Vec<PathBuf> = std::fs::read_dir("tasks/fly").unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "ron")).collect();
    tasks.sort();
    tasks
}

#[test]
fn every_fly_task_runs_with_the_paralysed_fly_and_writes_its_measures() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = fly_tasks();
    assert!(tasks.len() >= 3, "walking, odour foraging and temperature preference at least: {tasks:?}");
    for task in &tasks {
        let spec = ett::config::load_ron::<ett::config::task_spec::TaskSpec>(task).unwrap().spec;
        let out = dir.path().join(&spec.name);
        let outcome = run_fly(task, "brains/fly/null_paralysed.ron", 0.2, &out);
        let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
        assert_eq!(summary["task"], spec.name.as_str());
        for measure in &spec.measures {
            let key = measure.name();
            let written = summary["measures"].as_object().unwrap().keys().any(|k| k.starts_with(key));
            assert!(written, "{}: measure `{key}` missing from summary.json: {}", task.display(), summary["measures"]);
        }
        let rows = std::fs::read_to_string(out.join("animal_000/trajectory.csv")).unwrap().lines().count();
        assert_eq!(rows, 1 + 11, "{}: a row every 20 ms for 0.2 s plus the start", task.display());
        // The paralysed fly stands: it stays within a body length (2.5 mm) of where it was put.
        let moved = outcome.summary["net_displacement_mm"].as_f64().unwrap();
        assert!(moved < 1.0, "{}: a paralysed fly moved {moved} mm", task.display());
    }
}

#[test]
fn the_antennae_smell_the_odour_cloud_they_stand_in() {
    use ett::buffers::SensorFrame;
    use ett::config::Scenario;
    use ett::sim::Episode;
    // Standing 15 mm from the drop, facing it: both antennae smell the Gaussian cloud's value there.
    let dir = tempfile::tempdir().unwrap();
    let task = dir.path().join("odour.ron");
    let text = std::fs::read_to_string("tasks/fly/odour_foraging.ron").unwrap()
        .replace("\"../../", &format!("\"{}/", env!("CARGO_MANIFEST_DIR")))
        .replace("heading_deg: None, position_jitter_mm: 1.0", "heading_deg: Some(0.0), position_jitter_mm: 0.0");
    std::fs::write(&task, text).unwrap();
    let scenario = Scenario::load(&task, Some(Path::new("brains/fly/null_paralysed.ron"))).unwrap();
    let mut episode = Episode::new(&scenario, 1, 0, 0.1).unwrap();
    episode.step().unwrap();
    let frame: &SensorFrame = episode.sensor_frame();
    let expected = (-(15.0f64 - 0.52).powi(2) / (2.0 * 64.0)).exp();
    for (site, value) in frame.chemical.iter().take(3).enumerate() {
        assert!((value - expected).abs() < 0.02, "site {site}: odour {value}, expected about {expected}");
    }
}

#[test]
fn a_broken_fly_body_file_is_an_error_naming_the_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("fly.ron");
    std::fs::write(&body, std::fs::read_to_string("bodies/fly.ron").unwrap().replacen("total_mass_mg:", "total_mass_mgg:", 1)).unwrap();
    let task = dir.path().join("walk.ron");
    let text = std::fs::read_to_string("tasks/fly/walk_open_arena.ron").unwrap()
        .replace("\"../../bodies/fly.ron\"", &format!("{:?}", body.display().to_string()))
        .replace("\"../../", &format!("\"{}/", env!("CARGO_MANIFEST_DIR")));
    std::fs::write(&task, text).unwrap();
    let err = ett::config::Scenario::load(&task, None).unwrap_err().to_string();
    assert!(err.contains("fly.ron") && err.contains("total_mass_mgg"), "{err}");
}

#[test]
fn the_conditioning_tube_delivers_odour_and_shock_pulses_to_the_fly() {
    use ett::config::Scenario;
    use ett::sim::Episode;
    // The first CS+ phase: OCT everywhere, MCH nowhere, and a 60-V shock from 0.5 s for 1.5 s.
    let scenario = Scenario::load(Path::new("tasks/fly/aversive_conditioning.ron"), Some(Path::new("brains/fly/null_paralysed.ron"))).unwrap();
    let mut episode = Episode::new(&scenario, 1, 0, 0.6).unwrap();
    let mut shock = Vec::new();
    for _ in 0..150 {
        episode.step().unwrap();
        shock.push((episode.sensor_frame().time_s, episode.sensor_frame().shock_v));
    }
    let frame = episode.sensor_frame();
    // Chemicals per site in the environment's order (OCT, MCH).
    assert!(frame.chemical.chunks(2).all(|c| c == [1.0, 0.0]), "{:?}", &frame.chemical[..6]);
    for (t, v) in shock.into_iter().filter(|(t, _)| (t - 0.5).abs() > 1e-6) {
        assert_eq!(v, if t > 0.5 { 60.0 } else { 0.0 }, "shock at {t} s");
    }
}
