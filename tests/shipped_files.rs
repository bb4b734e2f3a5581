//! Every RON file shipped under bodies/, environments/, tasks/ and brains/ loads and runs for a few
//! simulated seconds.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn ron_files(folder: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root().join(folder)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

#[test]
fn every_shipped_task_runs_for_a_few_seconds() {
    let tasks = ron_files("tasks");
    assert!(tasks.len() >= 2);
    for task in tasks {
        let dir = tempfile::tempdir().unwrap();
        let outcome = ett::runner::run(&ett::runner::RunRequest {
            task: task.clone(),
            brain: None,
            seed: 1,
            animals: 1,
            out: Some(dir.path().to_path_buf()),
            duration_s: Some(3.0),
            threads: Some(1),
            progress: false,
            command: vec![],
            perturbations: Default::default(),
        })
        .unwrap_or_else(|e| panic!("{}: {e}", relative(&task)));
        assert!(outcome.summary["net_displacement_mm"].as_f64().unwrap().is_finite());
    }
}

#[test]
fn every_shipped_environment_body_and_brain_runs_in_a_crawl_task() {
    let brains: Vec<PathBuf> = ron_files("brains").into_iter().filter(|p| !p.ends_with("connectome_fit.ron")).collect();
    for environment in ron_files("environments") {
        let dir = tempfile::tempdir().unwrap();
        let task = write_task(dir.path(), "env", &relative(&environment), "brains/celegans/pattern_generator.ron", 3.0, "");
        run_task(&task, None, 1, 1, 1, &dir.path().join("out"));
    }
    // Fly brains run in a short fly task; the whole-brain fly needs the user's FlyWire table and is run on
    // a generated one by tests/fly_whole_brain.rs.
    for brain in brains.iter().filter(|b| relative(b).starts_with("brains/fly")) {
        if brain.ends_with("whole_brain_lif.ron") {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let task = dir.path().join("walk.ron");
        let text = std::fs::read_to_string("tasks/fly/walk_open_arena.ron").unwrap().replace("\"../../", &format!("\"{}/", root().display())).replace("duration_s: 60.0", "duration_s: 0.1");
        std::fs::write(&task, text).unwrap();
        run_task(&task, Some(brain), 1, 1, 1, &dir.path().join("out"));
    }
    for brain in brains.iter().filter(|b| !relative(b).starts_with("brains/fly")) {
        let dir = tempfile::tempdir().unwrap();
        let task = write_task(dir.path(), "brain", "environments/agar_plate_90mm.ron", &relative(brain), 3.0, "");
        run_task(&task, None, 1, 1, 1, &dir.path().join("out"));
    }
    // The fly body and its walking template run in the fly tasks (tests/fly_tasks.rs, tests/fly_walk.rs).
    let is_fly = |text: &str| text.contains("FlyBody(") || text.contains("FlyWalking(");
    for body in ron_files("bodies").into_iter().filter(|b| !is_fly(&std::fs::read_to_string(b).unwrap())) {
        let dir = tempfile::tempdir().unwrap();
        let task = write_task(dir.path(), "body", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 3.0, "");
        edit_file(&task, &shipped("bodies/worm.ron"), &body.display().to_string());
        run_task(&task, None, 1, 1, 1, &dir.path().join("out"));
    }
}

#[test]
fn the_tap_plate_delivers_its_schedule_as_events() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "tap", "environments/tap_plate.ron", "brains/celegans/pattern_generator.ron", 45.0, "");
    let outcome = run_task(&task, None, 1, 1, 1, &dir.path().join("out"));
    let events = std::fs::read_to_string(dir.path().join("out/animal_000/events.csv")).unwrap();
    let taps: Vec<f64> = events.lines().filter(|l| l.contains(",tap,")).map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(taps, vec![10.0, 20.0, 30.0, 40.0]);
    assert_eq!(outcome.summary["animals"][0]["task"]["stimuli_delivered"], 4);
}

#[test]
fn a_worm_placed_on_food_feeds_and_one_crossing_the_ring_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "food", "environments/food_patch_plate.ron", "brains/celegans/pattern_generator.ron", 10.0, "");
    let outcome = run_task(&task, None, 1, 1, 1, &dir.path().join("out"));
    assert!(outcome.summary["animals"][0]["task"]["time_on_food_s"].as_f64().unwrap() > 9.0);
    // Start 1 mm inside the glycerol ring heading out: at 0.2 mm/s the nose reaches it within 10 s.
    let ring = write_task(dir.path(), "ring", "environments/osmotic_ring_plate.ron", "brains/celegans/pattern_generator.ron", 15.0, "");
    edit_file(&ring, "head_tip_mm: (0.0, 0.0)", "head_tip_mm: (3.2, 0.0)");
    let outcome = run_task(&ring, None, 1, 1, 1, &dir.path().join("ring_out"));
    let events = std::fs::read_to_string(dir.path().join("ring_out/animal_000/events.csv")).unwrap();
    assert!(events.contains("enter_noxious,glycerol_ring"), "{events}");
    assert!(outcome.summary["animals"][0]["task"]["time_in_noxious_s"].as_f64().unwrap() > 0.0);
}

#[test]
fn run_files_set_task_brain_seed_and_animals_and_flags_can_override_them() {
    for run_file in ron_files("runs") {
        let base = ett::runner::RunRequest {
            task: run_file.clone(),
            brain: None,
            seed: 1,
            animals: 1,
            out: None,
            duration_s: None,
            threads: Some(1),
            progress: false,
            command: vec![],
            perturbations: Default::default(),
        };
        let request = ett::runner::request_from_file(base).unwrap_or_else(|e| panic!("{}: {e}", relative(&run_file)));
        assert!(request.task.exists(), "{} names a missing task", relative(&run_file));
        ett::config::Scenario::load(&request.task, request.brain.as_deref()).unwrap_or_else(|e| panic!("{e}"));
    }
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ett"))
        .args(["run", "runs/crawl_20_animals.ron", "--animals", "2", "--duration", "2", "--out"])
        .arg(dir.path())
        .current_dir(root())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!((manifest["seed"].as_u64(), manifest["animals"].as_u64(), manifest["duration_s"].as_f64()), (Some(7), Some(2), Some(2.0)));
}
