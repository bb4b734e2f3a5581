//! Perturbations from the command line reach the connectome brains (graded and spiking), are recorded
//! in the manifest, and bad names fail with the file and neuron named.

mod common;
use common::*;
use std::process::Command;

fn ett(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ett")).args(args).current_dir(root()).output().unwrap()
}

#[test]
fn stimulating_ava_from_the_command_line_drives_the_worm_backward() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    // The locomotion tuning: in the combined connectome.ron, AVA stimulated alone does not reverse the
    // worm (see its header), while here it drives it backward.
    let output = ett(&["run", "tasks/worm/crawl.ron", "--brain", "brains/celegans/connectome_locomotion.ron", "--stimulate", "AVAL,AVAR@0:20:1000", "--duration", "20", "--out", out]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    let speed = summary["mean_speed_mm_per_s"].as_f64().unwrap();
    assert!(speed < -0.05, "AVA stimulation gave {speed} mm/s");
    let manifest = std::fs::read_to_string(dir.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("\"AVAL\"") && manifest.contains("\"current_pa\": 1000.0"), "{manifest}");
}

#[test]
fn an_unknown_neuron_or_a_perturbed_pattern_generator_is_refused() {
    let output = ett(&["run", "tasks/worm/crawl.ron", "--brain", "brains/celegans/connectome.ron", "--ablate", "AVAL,NOTAVA", "--duration", "1", "--out", "/tmp/ett_never_written"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("connectome.ron") && stderr.contains("neuron `NOTAVA` is not in the connectome"), "{stderr}");
    let output = ett(&["run", "tasks/worm/crawl.ron", "--silence", "AVAL", "--duration", "1"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("only connectome brains can be ablated, silenced or stimulated"));
    let output = ett(&["run", "tasks/worm/crawl.ron", "--brain", "brains/celegans/connectome.ron", "--stimulate", "AVBL@five", "--duration", "1"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected NEURONS@START_S:DURATION_S:CURRENT_PA"));
}

#[test]
fn a_spiking_brain_takes_perturbations_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let output = ett(&["run", "tasks/worm/crawl.ron", "--brain", "brains/celegans/connectome_lif.ron", "--silence", "class:motor", "--stimulate", "AVAL,AVAR@0:1:500", "--duration", "1", "--animals", "1", "--out", out]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest = std::fs::read_to_string(dir.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("class:motor") && manifest.contains("\"current_pa\": 500.0"), "{manifest}");
    let output = ett(&["run", "tasks/worm/crawl.ron", "--brain", "brains/celegans/connectome_lif.ron", "--ablate", "NOTAVA", "--duration", "1", "--out", "/tmp/ett_never_written"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("connectome_lif.ron") && stderr.contains("`NOTAVA`"), "{stderr}");
}
