//! The shipped connectome brains in the shipped worm tasks: one parameter set (`connectome.ron`) that
//! crawls forward off food with a head-to-tail wave and shows the touch reflexes of Chalfie et al. 1985
//! in 20 animals, with their loss when AVA (alone, or with AVD) is ablated; the direction set by command
//! and motor neurons (`connectome_locomotion.ron`); and every task file running to a summary.

mod common;
use common::*;
use ett::config::connectome_spec::Perturbations;
use ett::runner::{run, RunOutcome, RunRequest};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

const ANIMALS: usize = 20;

fn connectome() -> PathBuf {
    root().join("brains/celegans/connectome.ron")
}

/// Runs a shipped task with the connectome brain; `duration_s` shortens it.
fn run_shipped(task: &str, animals: usize, duration_s: Option<f64>, ablate: &[&str], out: &Path) -> RunOutcome {
    let perturbations = Perturbations { ablate: ablate.iter().map(|s| s.to_string()).collect(), ..Default::default() };
    let request = RunRequest { task: root().join(task), brain: Some(connectome()), seed: 1, animals, out: Some(out.to_path_buf()), duration_s, threads: None, progress: false, command: vec!["test".into()], perturbations };
    run(&request).unwrap_or_else(|e| panic!("{task}: {e}"))
}

/// Animals that reversed within 3 s of at least two of the first three touches (10, 20 and 30 s).
fn responders(outcome: &RunOutcome) -> usize {
    let animals = outcome.summary["animals"].as_array().unwrap();
    animals.iter().filter(|a| a["task"]["reversal_probability_per_stimulus"].as_array().unwrap().iter().filter(|r| r.as_u64() == Some(1)).count() >= 2).count()
}

#[test]
fn anterior_touch_reverses_most_animals_posterior_touch_does_not_and_ava_ablation_abolishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let anterior = responders(&run_shipped("tasks/worm/touch_anterior.ron", ANIMALS, Some(35.0), &[], &dir.path().join("anterior")));
    let posterior = responders(&run_shipped("tasks/worm/touch_posterior.ron", ANIMALS, Some(35.0), &[], &dir.path().join("posterior")));
    let mut ablations = Vec::new();
    // Chalfie et al. 1985 lost anterior-touch reversals with AVA ablated (and with AVD); both are checked.
    for (name, ablate) in [("AVA+AVD", &["AVAL", "AVAR", "AVDL", "AVDR"][..]), ("AVA", &["AVAL", "AVAR"][..])] {
        let run = run_shipped("tasks/worm/touch_anterior.ron", ANIMALS, Some(35.0), ablate, &dir.path().join(name));
        ablations.push((name, responders(&run), run.summary["measures"]["reversal_probability_curve"][0].as_f64().unwrap()));
    }
    println!("animals of {ANIMALS} reversing within 3 s of most touches: anterior {anterior}, posterior {posterior}, anterior with ablations (name, animals, first touch) {ablations:?}");
    assert!(anterior > ANIMALS / 2, "anterior touch: {anterior} of {ANIMALS} animals reversed");
    assert!(posterior <= ANIMALS / 4, "posterior touch: {posterior} of {ANIMALS} animals reversed");
    for (name, ablated, first_touch) in ablations {
        assert!(ablated <= anterior / 2 && first_touch <= 0.5, "{name} ablated: {ablated} of {ANIMALS} reversed (intact {anterior}), {first_touch} to the first touch");
    }
}

/// Mean signed speed (mm/s) of 2 animals crawling for 20 s under current steps (none: `[]`), and
/// each animal's wave direction (+1 head to tail, 0 without a gait).
fn stimulated_gait(stimulate: &[&str], brain: &Path, out: &Path) -> (f64, Vec<f64>) {
    let items: Vec<String> = stimulate.iter().map(|s| s.to_string()).collect();
    let perturbations = Perturbations::from_cli("", "", &items).unwrap();
    let request = RunRequest { task: root().join("tasks/worm/crawl.ron"), brain: Some(brain.to_path_buf()), seed: 1, animals: 2, out: Some(out.to_path_buf()), duration_s: Some(20.0), threads: None, progress: false, command: vec![], perturbations };
    let outcome = run(&request).unwrap();
    let waves = outcome.summary["animals"].as_array().unwrap().iter().map(|a| a["wave_direction"].as_f64().unwrap_or(0.0)).collect();
    (number(&outcome, "mean_speed_mm_per_s"), waves)
}

#[test]
fn the_shipped_connectome_worm_crawls_forward_off_food_with_a_head_to_tail_wave() {
    let dir = tempfile::tempdir().unwrap();
    let (speed, waves) = stimulated_gait(&[], &connectome(), dir.path());
    println!("off food: {speed:+.3} mm/s, wave directions {waves:?}");
    assert!(speed > 0.05, "off food: mean signed speed {speed} mm/s");
    assert!(waves.iter().all(|&w| w == 1.0), "wave directions {waves:?}, wanted head to tail (+1)");
}

#[test]
fn the_locomotion_tuning_crawls_forward_off_food_and_command_and_motor_neurons_set_the_direction() {
    let brain = root().join("brains/celegans/connectome_locomotion.ron");
    let dir = tempfile::tempdir().unwrap();
    // Currents as in examples/connectome_motor_scan.rs (the tonic roaming drive stays on).
    let conditions: [(&str, &[&str], f64); 5] = [
        ("no stimulation", &[], 1.0),
        ("AVA at 1 nA", &["AVAL,AVAR@0:100:1000"], -1.0),
        ("A-type at 11.3 pA", &["DA*,VA*@0:100:11.31"], -1.0),
        ("B-type at 5 pA", &["DB*,VB*@0:100:5"], 1.0),
        ("AVB at +100 pA", &["AVBL,AVBR@0:100:100"], 1.0),
    ];
    let results: Vec<(f64, Vec<f64>)> = conditions.par_iter().enumerate().map(|(k, (_, stimulate, _))| stimulated_gait(stimulate, &brain, &dir.path().join(k.to_string()))).collect();
    for ((name, _, direction), (speed, waves)) in conditions.iter().zip(&results) {
        println!("{name}: {speed:+.3} mm/s, wave directions {waves:?}");
        assert!(speed * direction > 0.03, "{name}: mean signed speed {speed} mm/s, wanted sign {direction}");
        assert!(waves.iter().all(|w| w == direction), "{name}: wave directions {waves:?}, wanted {direction} (head to tail is +1)");
    }
}

#[test]
fn every_worm_task_runs_with_the_connectome_brain_and_writes_its_summary() {
    let dir = tempfile::tempdir().unwrap();
    let mut tasks: Vec<PathBuf> = std::fs::read_dir(root().join("tasks/worm")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "ron")).collect();
    tasks.sort();
    assert!(tasks.len() >= 11, "{tasks:?}");
    let failures: Vec<String> = tasks.par_iter().filter_map(|task| {
        let name = task.file_stem().unwrap().to_string_lossy().to_string();
        let out = dir.path().join(&name);
        let request = RunRequest { task: task.clone(), brain: Some(connectome()), seed: 1, animals: 1, out: Some(out.clone()), duration_s: None, threads: Some(1), progress: false, command: vec![], perturbations: Default::default() };
        match run(&request) {
            Err(e) => Some(format!("{name}: {e}")),
            Ok(_) => {
                let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
                (summary["brain"] != "connectome" || summary["measures"].as_object().is_none_or(|m| m.is_empty()) && name != "swim").then(|| format!("{name}: summary without the brain or its measures: {summary}"))
            }
        }
    }).collect();
    assert!(failures.is_empty(), "{failures:#?}");
}
