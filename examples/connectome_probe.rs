//! Open-loop look at the connectome brain: time the brain alone, and print V - Vth of chosen neurons
//! and the decoded muscle drive under a stimulation given in the brain file.
//!
//! `cargo run --release --example connectome_probe -- BRAIN.ron [NEURON ...]`

use ett::brain::graded::{build_model, ConnectomeBrain};
use ett::brain::Brain;
use ett::buffers::{NeuralInput, NeuralOutput};
use ett::config::brain_spec::{BrainModelSpec, BrainSpec};
use ett::config::{load_ron, Loaded};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file: Loaded<BrainSpec> = load_ron(std::path::Path::new(&args[0])).unwrap();
    let BrainModelSpec::Connectome(spec) = &file.spec.model else { panic!("not a connectome brain") };
    let built = build_model(&file, spec).unwrap();
    let mut brain = ConnectomeBrain::new(&built);
    let (input, mut output) = (NeuralInput::default(), NeuralOutput::default());
    let watch: Vec<usize> = args[1..].iter().map(|n| built.model.index(n).expect("neuron")).collect();
    let steps = (0.02 / file.spec.dt_s).round() as usize;
    let t0 = Instant::now();
    for control in 0..500 {
        brain.step_n(&input, steps, file.spec.dt_s, &mut output);
        if control % 50 == 49 {
            let values: Vec<String> = watch.iter().map(|&i| format!("{}={:+.2}", built.model.names[i], output.activity[i])).collect();
            println!("t={:.1}s {}", (control + 1) as f64 * 0.02, values.join(" "));
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    println!("brain alone: 10 s simulated in {wall:.3} s wall: real-time x{:.0}; {:.1} us per brain step", 10.0 / wall, wall / (500 * steps) as f64 * 1e6);
}
