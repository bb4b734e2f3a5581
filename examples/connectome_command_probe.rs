//! Open-loop look at the command state: tonic AVB drive, a touch-like current step, and the mean
//! V - Vth of the forward (AVB, PVC, B-type) and backward (AVA, AVD, AVE, A-type) pools over time.
//!
//! `cargo run --release --example connectome_command_probe -- BRAIN.ron [key=value ...]`
//! keys: offset, syn, gap, leak, eleak, eexc, einh (reversals in mV), rise, keep (1: scale syn to keep
//! resting release), tonic, touch_pa, touch_at, touch_s, touch (anterior|posterior|NEURON,...), ablate
//! (a,b), seconds, quiet (1: one summary line), inputs (a neuron: its largest synaptic inputs at 4 and 5.5 s).
//! What it showed (see the issue 3 note): with the shipped parameters AVA rests within ~2 mV of the
//! excitatory reversal (0 mV), because its ~1350 resting synaptic contacts outweigh the 10-pS leak, so
//! AVD at +69 mV moves AVA by ~1 mV: excitation has no driving force left.

use ett::brain::graded::{build_model, ConnectomeBrain};
use ett::brain::Brain;
use ett::buffers::{NeuralInput, NeuralOutput};
use ett::config::brain_spec::{BrainModelSpec, BrainSpec};
use ett::config::connectome_spec::Stimulation;
use ett::config::{load_ron, Loaded};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut file: Loaded<BrainSpec> = load_ron(std::path::Path::new(&args[0])).unwrap();
    let kv: std::collections::HashMap<String, String> = args[1..].iter().filter_map(|a| a.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let num = |k: &str, d: f64| kv.get(k).map_or(d, |v| v.parse().unwrap());
    let BrainModelSpec::Connectome(spec) = &mut file.spec.model else { panic!("not a connectome brain") };
    let tonic_default = spec.encoders.iter().find(|e| matches!(e.channel, ett::config::connectome_spec::SensorChannel::Tonic)).map_or(0.0, |e| e.gain_pa);
    spec.neuron.release_threshold_above_rest_mv = num("offset", spec.neuron.release_threshold_above_rest_mv);
    let s_eq = |rise: f64, decay: f64, beta: f64, offset: f64| { let phi = 1.0 / (1.0 + (beta * offset).exp()); rise * phi / (rise * phi + decay) };
    let (r0, d0, b0, o0) = (spec.neuron.rise_per_s, spec.neuron.decay_per_s, spec.neuron.beta_per_mv, 0.0);
    spec.neuron.rise_per_s = num("rise", r0);
    // keep=1: scale the synapse conductance so that resting release (g s_eq) is as in the file.
    let keep = if num("keep", 1.0) > 0.0 { s_eq(r0, d0, b0, o0) / s_eq(spec.neuron.rise_per_s, d0, b0, spec.neuron.release_threshold_above_rest_mv) } else { 1.0 };
    spec.neuron.synapse_conductance_ps = num("syn", spec.neuron.synapse_conductance_ps) * keep;
    eprintln!("synapse conductance {:.1} pS (x{keep:.2} to keep resting release)", spec.neuron.synapse_conductance_ps);
    spec.neuron.gap_conductance_ps = num("gap", spec.neuron.gap_conductance_ps);
    spec.neuron.leak_conductance_ps = num("leak", spec.neuron.leak_conductance_ps);
    spec.neuron.leak_reversal_mv = num("eleak", spec.neuron.leak_reversal_mv);
    spec.neuron.excitatory_reversal_mv = num("eexc", spec.neuron.excitatory_reversal_mv);
    spec.neuron.inhibitory_reversal_mv = num("einh", spec.neuron.inhibitory_reversal_mv);
    let seconds = num("seconds", 20.0);
    spec.perturbations.stimulate.push(Stimulation { neurons: vec!["AVBL".into(), "AVBR".into()], start_s: 0.0, duration_s: 1e4, current_pa: num("tonic", tonic_default) });
    let touch_cells: Vec<String> = match kv.get("touch").map(String::as_str) {
        Some("posterior") => vec!["PLML".into(), "PLMR".into(), "PVM".into()],
        Some("anterior") | None => vec!["ALML".into(), "ALMR".into(), "AVM".into()],
        Some(list) => list.split(',').map(String::from).collect(),
    };
    spec.perturbations.stimulate.push(Stimulation { neurons: touch_cells, start_s: num("touch_at", 5.0), duration_s: num("touch_s", 1.75), current_pa: num("touch_pa", 1341.0) });
    if let Some(list) = kv.get("ablate") {
        spec.perturbations.ablate = list.split(',').map(String::from).collect();
    }
    let spec = spec.clone();
    let built = build_model(&file, &spec).unwrap();
    let mut brain = ConnectomeBrain::new(&built);
    let (input, mut output) = (NeuralInput::default(), NeuralOutput::default());
    let names = &built.model.names;
    let pool = |prefixes: &[&str]| -> Vec<usize> { (0..names.len()).filter(|&i| prefixes.iter().any(|p| names[i].starts_with(p))).collect() };
    let pools = [("AVA", pool(&["AVA"])), ("AVD", pool(&["AVD"])), ("AVE", pool(&["AVE"])), ("AVB", pool(&["AVB"])), ("PVC", pool(&["PVC"])), ("A-mn", pool(&["DA", "VA"])), ("B-mn", pool(&["DB", "VB"]))];
    let dt = file.spec.dt_s;
    let steps = (0.25 / dt).round() as usize;
    let (touch_at, touch_s) = (num("touch_at", 5.0), num("touch_s", 1.75));
    // quiet=1: one line of pool means before, during and at the end of the run (for scans over keys).
    let quiet = num("quiet", 0.0) > 0.0;
    let mut windows = [[0.0; 7]; 3];
    let mut counts = [0usize; 3];
    for k in 0..(seconds / 0.25) as usize {
        brain.step_n(&input, steps, dt, &mut output);
        let means: Vec<f64> = pools.iter().map(|(_, idx)| idx.iter().map(|&i| output.activity[i]).sum::<f64>() / idx.len() as f64).collect();
        let t = (k + 1) as f64 * 0.25;
        let window = if t > touch_at - 1.0 && t < touch_at { Some(0) } else if t > touch_at && t <= touch_at + touch_s { Some(1) } else if t > seconds - 1.0 { Some(2) } else { None };
        if let Some(w) = window {
            counts[w] += 1;
            windows[w].iter_mut().zip(&means).for_each(|(sum, m)| *sum += m);
        }
        if quiet {
            continue;
        }
        let values: Vec<String> = pools.iter().zip(&means).map(|((n, _), m)| format!("{n}={m:+6.1}")).collect();
        println!("t={t:5.2} {}", values.join(" "));
        if let Some(post) = kv.get("inputs") {
            if k == 15 || k == 21 { inputs_of(&brain, post); }
        }
    }
    if quiet {
        let line: Vec<String> = ["before", "touch", "end"].iter().zip(windows.iter().zip(counts)).map(|(name, (sums, count))| {
            let values: Vec<String> = pools.iter().zip(sums).map(|((n, _), sum)| format!("{n}={:+.1}", sum / count.max(1) as f64)).collect();
            format!("{name}: {}", values.join(" "))
        }).collect();
        println!("{}", line.join(" | "));
    }
}

/// Prints, for one postsynaptic neuron, its synaptic inputs sorted by present conductance.
pub fn inputs_of(brain: &ConnectomeBrain, post: &str) {
    let b = brain.backend();
    let m = b.model();
    let a = b.animal(0);
    let i = m.index(post).unwrap();
    let mut rows: Vec<(f64, String, f64, f64, f64)> = (m.syn_start[i]..m.syn_start[i + 1]).map(|k| (a.syn_g[k] * a.s[m.syn_pre[k]], m.names[m.syn_pre[k]].clone(), m.syn_contacts[k], a.s[m.syn_pre[k]], m.syn_reversal_mv[k])).collect();
    rows.sort_by(|x, y| y.0.partial_cmp(&x.0).unwrap());
    let total: f64 = rows.iter().map(|r| r.0).sum();
    println!("{post}: V={:.1} Vth={:.1} total syn g {:.0} pS, g_total {:.0}", a.v_mv[i], m.vth_mv[i], total, a.g_total_ps(i));
    for r in rows.iter().take(8) {
        println!("  {:6} contacts {:4} s {:.4} g {:7.0} pS rev {:+.0}", r.1, r.2, r.3, r.0, r.4);
    }
}
