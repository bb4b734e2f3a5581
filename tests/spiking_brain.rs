//! The spiking connectome brain (`brains/celegans/connectome_lif.ron`) in the closed loop: named inputs
//! reach named outputs, runs are reproducible whatever the thread count, bad names are reported with the file.

mod common;
use common::*;
use ett::brain::spiking::{wiring, SpikingBrain};
use ett::brain::Brain;
use ett::buffers::{NeuralInput, NeuralOutput};
use ett::config::brain_spec::{BrainModelSpec, BrainSpec};
use ett::config::{load_ron, Loaded, Scenario};

const LIF: &str = "brains/celegans/connectome_lif.ron";

fn lif_brain() -> (Loaded<BrainSpec>, SpikingBrain) {
    let file: Loaded<BrainSpec> = load_ron(&root().join(LIF)).unwrap();
    let BrainModelSpec::Spiking(spec) = &file.spec.model else { panic!("not a spiking brain") };
    let wiring = wiring::load(&file, &spec.network).unwrap();
    let brain = SpikingBrain::new(&file, spec, &wiring, 0).unwrap();
    (file, brain)
}

/// Mean rate (Hz) of the outputs whose names start with one of `prefixes`, after `seconds` of constant input.
fn mean_rate_hz(brain: &mut SpikingBrain, dt_s: f64, input: &NeuralInput, seconds: f64, prefixes: &[&str]) -> f64 {
    let mut out = NeuralOutput::default();
    let steps_per_control = 40;
    for _ in 0..(seconds / (dt_s * steps_per_control as f64)) as usize {
        brain.step_n(input, steps_per_control, dt_s, &mut out);
    }
    assert!(out.activity.is_empty() || out.activity == brain.rates_hz());
    let chosen: Vec<f64> = brain.output_names().iter().zip(brain.rates_hz()).filter(|(n, _)| prefixes.iter().any(|p| n.starts_with(p))).map(|(_, r)| *r).collect();
    assert!(!chosen.is_empty());
    chosen.iter().sum::<f64>() / chosen.len() as f64
}

#[test]
fn driving_the_forward_command_cells_raises_their_rates_and_the_b_type_motor_neurons() {
    let (file, mut quiet) = lif_brain();
    let (_, mut driven) = lif_brain();
    let dt_s = file.spec.dt_s;
    let names = quiet.input_names().to_vec();
    let mut input = NeuralInput { drive: vec![0.0; names.len()] };
    let rest_avb = mean_rate_hz(&mut quiet, dt_s, &input, 1.0, &["AVB"]);
    let rest_b = mean_rate_hz(&mut quiet, dt_s, &input, 0.0, &["DB", "VB"]);
    for (d, n) in input.drive.iter_mut().zip(&names) {
        if n == "AVBL" || n == "AVBR" {
            *d = 600.0; // pA, as the tonic encoder writes
        }
    }
    let avb = mean_rate_hz(&mut driven, dt_s, &input, 1.0, &["AVB"]);
    let b_type = mean_rate_hz(&mut driven, dt_s, &input, 0.0, &["DB", "VB"]);
    println!("AVB {rest_avb:.1} -> {avb:.1} Hz, DB/VB {rest_b:.2} -> {b_type:.2} Hz");
    assert!(avb > rest_avb + 20.0, "AVB {rest_avb} -> {avb} Hz");
    assert!(b_type > rest_b + 1.0, "B-type motor neurons {rest_b} -> {b_type} Hz");
}

#[test]
fn the_closed_loop_is_reproducible_with_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "crawl_lif", "environments/agar_plate_90mm.ron", LIF, 2.0, "");
    let one = run_task(&task, None, 2, 7, 1, &dir.path().join("one"));
    let two = run_task(&task, None, 2, 7, 2, &dir.path().join("two"));
    assert_eq!(one.summary["brain"], "connectome_lif");
    for a in 0..2 {
        let path = |run: &str| dir.path().join(format!("{run}/animal_{a:03}/trajectory.csv"));
        assert_eq!(std::fs::read(path("one")).unwrap(), std::fs::read(path("two")).unwrap(), "animal {a}: 1 vs 2 threads differ");
    }
    assert_eq!(number(&one, "mean_speed_mm_per_s"), number(&two, "mean_speed_mm_per_s"));
}

#[test]
fn an_unknown_neuron_in_the_brain_file_is_named_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let brain = dir.path().join("bad_lif.ron");
    let text = std::fs::read_to_string(shipped(LIF)).unwrap().replace("\"connectome_locomotion.ron\"", &format!("{:?}", shipped("brains/celegans/connectome_locomotion.ron")));
    std::fs::write(&brain, text.replace("neurons: [\"ASEL\"]", "neurons: [\"ASEL9\"]")).unwrap();
    let task = write_task(dir.path(), "t", "environments/agar_plate_90mm.ron", LIF, 1.0, "");
    let scenario = Scenario::load(&task, Some(&brain)).unwrap();
    let message = ett::sim::Episode::new(&scenario, 1, 0, 1.0).err().expect("ASEL9 must be rejected").to_string();
    assert!(message.contains("bad_lif.ron:") && message.contains("`ASEL9`"), "{message}");
}

#[test]
fn the_cuda_backend_gives_the_cpu_rates_or_skips() {
    let (file, mut cpu) = lif_brain();
    let BrainModelSpec::Spiking(mut spec) = file.spec.model.clone() else { unreachable!() };
    spec.backend = ett::config::spiking_spec::SpikingBackend::Cuda;
    let wiring = wiring::load(&file, &spec.network).unwrap();
    let mut gpu = match SpikingBrain::new(&file, &spec, &wiring, 0) {
        Ok(brain) => brain,
        Err(e) => {
            println!("skipped: no CUDA device ({e})");
            return;
        }
    };
    assert_eq!(gpu.backend(), "cuda");
    let input = NeuralInput { drive: cpu.input_names().iter().map(|n| if n.starts_with("AVB") { 600.0 } else { 0.0 }).collect() };
    let dt_s = file.spec.dt_s;
    // Deterministic LIF without Poisson drive: the kernels repeat the CPU step bit for bit.
    let a = mean_rate_hz(&mut cpu, dt_s, &input, 0.5, &[""]);
    let b = mean_rate_hz(&mut gpu, dt_s, &input, 0.5, &[""]);
    assert_eq!(cpu.rates_hz(), gpu.rates_hz(), "mean rates {a} vs {b} Hz");
}
