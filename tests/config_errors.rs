//! Bad input gives a clear error naming the file, line, column and field, and a non-zero exit.

mod common;
use common::*;
use ett::config::body_spec::BodySpec;
use ett::config::{load_ron, Scenario};
use std::process::Command;

#[test]
fn malformed_ron_names_file_line_column_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken_body.ron");
    let text = std::fs::read_to_string(shipped("bodies/worm.ron")).unwrap().replace("segments: 24,", "segments: \"many\",");
    std::fs::write(&path, &text).unwrap();
    let message = load_ron::<BodySpec>(&path).unwrap_err().to_string();
    let line = text.lines().position(|l| l.contains("segments: \"many\"")).unwrap() + 1;
    assert!(message.contains(&format!("broken_body.ron:{line}:")), "{message}");
    assert!(message.contains("field `segments`"), "{message}");
}

#[test]
fn an_unknown_field_is_rejected_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "typo", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 1.0, "");
    edit_file(&task, "record_every_s:", "record_evry_s:");
    let message = Scenario::load(&task, None).unwrap_err().to_string();
    assert!(message.contains("typo.ron:") && message.contains("record_evry_s"), "{message}");
}

#[test]
fn an_unknown_muscle_name_is_named_with_the_brain_file() {
    let dir = tempfile::tempdir().unwrap();
    let brain = dir.path().join("bad_muscle.ron");
    let text = std::fs::read_to_string(shipped("brains/celegans/pattern_generator.ron")).unwrap().replace("paralysed_muscles: [],", "paralysed_muscles: [\"MDL01\", \"MVL24\"],");
    std::fs::write(&brain, &text).unwrap();
    let task = write_task(dir.path(), "t", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 1.0, "");
    let scenario = Scenario::load(&task, Some(&brain)).unwrap();
    let message = ett::sim::Episode::new(&scenario, 1, 0, 1.0).err().expect("MVL24 must be rejected").to_string();
    let line = text.lines().position(|l| l.contains("paralysed_muscles")).unwrap() + 1;
    assert!(message.contains(&format!("bad_muscle.ron:{line}:")), "{message}");
    assert!(message.contains("unknown muscle name `MVL24`"), "{message}");
}

#[test]
fn a_control_step_the_physics_step_does_not_divide_names_both_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "steps", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 1.0, "");
    edit_file(&task, "physics: (dt_s: 0.02,", "physics: (dt_s: 0.015,");
    let message = Scenario::load(&task, None).unwrap_err().to_string();
    assert!(message.contains("steps.ron:8:"), "{message}");
    assert!(message.contains("field `dt_control_s`"), "{message}");
    assert!(message.contains("dt_control_s = 0.02 s is not a whole multiple of physics.dt_s = 0.015 s"), "{message}");
}

#[test]
fn a_control_step_the_brain_step_does_not_divide_names_the_brain_file() {
    let dir = tempfile::tempdir().unwrap();
    let brain = dir.path().join("slow_brain.ron");
    let text = std::fs::read_to_string(shipped("brains/celegans/pattern_generator.ron")).unwrap().replace("dt_s: 0.01,", "dt_s: 0.003,");
    std::fs::write(&brain, text).unwrap();
    let task = write_task(dir.path(), "t", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 1.0, "");
    let message = Scenario::load(&task, Some(&brain)).unwrap_err().to_string();
    assert!(message.contains("not a whole multiple of brain dt_s") && message.contains("slow_brain.ron") && message.contains("0.003"), "{message}");
}

#[test]
fn a_touch_at_an_unknown_site_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "touch", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 1.0, "stimuli: [(kind: Touch(\"elbow\"), at_s: 0.5)],");
    let scenario = Scenario::load(&task, None).unwrap();
    let message = ett::sim::Episode::new(&scenario, 1, 0, 1.0).err().expect("unknown site").to_string();
    assert!(message.contains("touch at unknown site `elbow`"), "{message}");
}

#[test]
fn the_binary_exits_non_zero_with_the_located_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.ron");
    std::fs::write(&path, "Task(\n  name: \"x\",\n  duration_s: ,\n)").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ett")).args(["run", path.to_str().unwrap()]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("garbage.ron:3:"), "{stderr}");
}

#[test]
fn a_relaxation_time_too_short_for_explicit_drag_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "fast", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 1.0, "");
    edit_file(&task, "relaxation_steps: 4.0", "relaxation_steps: 0.2");
    let message = Scenario::load(&task, None).unwrap_err().to_string();
    assert!(message.contains("fast.ron:9:") && message.contains("relaxation_steps") && message.contains("at least 1"), "{message}");
}

#[test]
fn a_brain_that_outputs_nan_stops_the_run_with_the_muscle_named_and_no_summary_written() {
    let dir = tempfile::tempdir().unwrap();
    // A NaN amplitude makes every activation NaN (clamp keeps NaN).
    let brain = dir.path().join("nan_brain.ron");
    let text = std::fs::read_to_string(shipped("brains/celegans/pattern_generator.ron")).unwrap().replace("amplitude: 0.5,", "amplitude: NaN,");
    std::fs::write(&brain, text).unwrap();
    let task = write_task(dir.path(), "nan", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 2.0, "");
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_ett"))
        .args(["run", task.to_str().unwrap(), "--brain", brain.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("animal 0: at t = 0.0000 s the muscle command for `MDL01` is NaN"), "{stderr}");
    assert!(!out.join("summary.json").exists(), "a failed run must not leave a summary that looks finished");
}

#[test]
fn a_record_interval_the_control_step_does_not_divide_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "rec", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 1.0, "");
    edit_file(&task, "record_every_s: 0.1", "record_every_s: 0.05");
    let message = Scenario::load(&task, None).unwrap_err().to_string();
    assert!(message.contains("record_every_s = 0.05 s is not a whole multiple of dt_control_s = 0.02 s"), "{message}");
}

/// A copy of the conditioning task with its paths made absolute and one text replaced.
fn conditioning_task(dir: &std::path::Path, from: &str, to: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(shipped("tasks/fly/aversive_conditioning.ron")).unwrap().replace("\"../../", &format!("\"{}/", root().display()));
    assert!(text.contains(from), "{from}");
    let path = dir.join("conditioning.ron");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn a_performance_index_naming_an_unknown_odour_names_the_task_file_and_the_odour() {
    let dir = tempfile::tempdir().unwrap();
    let task = conditioning_task(dir.path(), "cs_plus: (odour: \"OCT\"", "cs_plus: (odour: \"3-octanol\"");
    let message = Scenario::load(&task, None).unwrap_err().to_string();
    assert!(message.contains("conditioning.ron") && message.contains("measures") && message.contains("3-octanol") && message.contains("fly_odour_choice"), "{message}");
}

#[test]
fn a_bad_shock_or_mushroom_body_names_the_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let task = conditioning_task(dir.path(), "Shock(duration_s: 1.5", "Shock(duration_s: -1.5");
    let scenario = Scenario::load(&task, None).unwrap();
    let message = ett::sim::Episode::new(&scenario, 1, 0, 1.0).err().expect("a negative shock duration must be rejected").to_string();
    assert!(message.contains("fly_conditioning_oct.ron") && message.contains("stimuli") && message.contains("duration_s"), "{message}");
    // The mushroom body: an odour listed twice, then a misspelt field.
    let brain = dir.path().join("brain.ron");
    let text = std::fs::read_to_string(shipped("brains/fly/behavioral_model.ron")).unwrap().replace("\"../../", &format!("\"{}/", root().display()));
    std::fs::write(&brain, text.replace("odours: [\"OCT\", \"MCH\"]", "odours: [\"OCT\", \"OCT\"]")).unwrap();
    let scenario = Scenario::load(&conditioning_task(dir.path(), "", ""), Some(&brain)).unwrap();
    let message = ett::sim::Episode::new(&scenario, 1, 0, 1.0).err().expect("a repeated odour must be rejected").to_string();
    assert!(message.contains("brain.ron") && message.contains("odours") && message.contains("listed twice"), "{message}");
    std::fs::write(&brain, text.replace("kenyon_cells: 2000", "kenyon_cell: 2000")).unwrap();
    let message = Scenario::load(&conditioning_task(dir.path(), "", ""), Some(&brain)).unwrap_err().to_string();
    assert!(message.contains("brain.ron:") && message.contains("kenyon_cell"), "{message}");
}
