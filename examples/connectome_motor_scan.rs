//! Seeded random search over the connectome brain's MOTOR parameters (global ones, never per-synapse
//! weights) toward the locomotion the issue asks for, edited in memory on the loaded brain:
//! with the tonic roaming drive alone the worm must crawl forward with a head-to-tail wave, and
//! stimulating AVA, the A-type or the B-type motor neurons, or AVB (100 pA more) must drive it backward,
//! backward, forward and forward. Each condition is one 12-s animal from rest heading +x; speeds are mean signed speeds over
//! the last 10 s. A condition adds up to 1 to the score (speed over 0.1 mm/s in the wanted direction,
//! linearly below), so the best possible score is 5. Prints every candidate that ties or beats the
//! best so far; the touch reflexes are tuned afterwards with these parameters held (FIXED in
//! examples/connectome_search.rs).
//!
//! `cargo run --release --example connectome_motor_scan -- [--seed 1] [--candidates 500] [--brain FILE] [--center v,...]`
//! (--center: gap,syn,thr,gain,prop_b,delay,offset_b,offset_a,a_ratio,tonic,width,motor_pa: a local search
//! around those values, log-normal with sd SPREAD, default 0.25). Other modes: `--probe --center V` prints
//! the speed under graded stimulation of each motor pool and command pair; `--touch V` (12 motor values)
//! searches touch gain, time constant and depression release rate with the motor values held;
//! `--joint V` (15 values, or 16 with the release threshold above rest in mV, or 19 adding leak
//! conductance in pS, leak reversal and excitatory reversal in mV) searches both around a centre;
//! CRAWL_ONLY=1 scores only forward crawling with a head-to-tail wave before the touch runs (with
//! AVA_TOO=1, also backing under AVA at 1 nA). BRAIN_DT sets the brain step (default: the
//! file's). brains/celegans/connectome_locomotion.ron is a result of this search (see its header).
#[path = "support/search_args.rs"]
mod search_args;
use search_args::SearchArgs;
use ett::config::brain_spec::BrainModelSpec;
use ett::config::connectome_spec::{ConnectomeSpec, Stimulation};
use ett::config::scenario::Scenario;
use ett::rng::SplitMix64;
use ett::sim::Episode;
use rayon::prelude::*;

const NAMES: [&str; 12] = ["gap_ps", "syn_ps", "thr_mv", "gain", "prop_b", "delay_s", "offset_b", "offset_a", "a_ratio", "tonic_pa", "width", "motor_pa"];

/// Neuron-level knobs beyond the 12 motor values: the release threshold above rest, and (when set)
/// the leak conductance and the leak and excitatory reversals, which set how much driving force
/// excitation keeps at rest (the command probe found AVA resting within a few mV of 0 mV).
#[derive(Debug, Clone, Copy)]
struct Knobs {
    offset_mv: f64,
    leak_ps: Option<f64>,
    leak_reversal_mv: Option<f64>,
    excitatory_reversal_mv: Option<f64>,
}

/// The brain file's neuron parameters, with Kunert's release threshold at rest.
const FILE_KNOBS: Knobs = Knobs { offset_mv: 0.0, leak_ps: None, leak_reversal_mv: None, excitatory_reversal_mv: None };

/// `knobs.offset_mv` is the release threshold above rest; the decoder threshold `v[2]` stays measured from
/// rest, so raising the offset changes synaptic release but not the motor output at rest.
fn apply(spec: &mut ConnectomeSpec, v: &[f64; 12], knobs: Knobs) {
    spec.neuron.gap_conductance_ps = v[0];
    spec.neuron.synapse_conductance_ps = v[1];
    spec.neuron.release_threshold_above_rest_mv = knobs.offset_mv;
    spec.decoder.threshold_mv = v[2] - knobs.offset_mv;
    spec.neuron.leak_conductance_ps = knobs.leak_ps.unwrap_or(spec.neuron.leak_conductance_ps);
    spec.neuron.leak_reversal_mv = knobs.leak_reversal_mv.unwrap_or(spec.neuron.leak_reversal_mv);
    spec.neuron.excitatory_reversal_mv = knobs.excitatory_reversal_mv.unwrap_or(spec.neuron.excitatory_reversal_mv);
    spec.decoder.gain_per_mv_contact = v[3];
    let [b, a] = &mut spec.proprioception[..] else { panic!("the brain needs B then A proprioception entries") };
    (b.gain_pa_per_rad, b.delay_s, b.offset_body_lengths, b.width_body_lengths) = (v[4], v[5], v[6], v[10]);
    (a.gain_pa_per_rad, a.delay_s, a.offset_body_lengths, a.width_body_lengths) = (v[4] * v[8], v[5], v[7], v[10]);
    let tonic = spec.encoders.iter_mut().find(|e| matches!(e.channel, ett::config::connectome_spec::SensorChannel::Tonic)).expect("a Tonic encoder");
    tonic.gain_pa = v[9];
}

/// Mean signed speed (mm/s) after the first 2 s, and the gait's wave direction (+1 head to tail).
fn speed(scenario: &Scenario, v: &[f64; 12], knobs: Knobs, stimulate: Option<(&[&str], f64)>) -> (f64, f64) {
    let mut scenario = scenario.clone();
    let BrainModelSpec::Connectome(spec) = &mut scenario.brain.spec.model else { panic!("not a connectome brain") };
    apply(spec, v, knobs);
    if let Some((neurons, current_pa)) = stimulate {
        spec.perturbations.stimulate.push(Stimulation { neurons: neurons.iter().map(|s| s.to_string()).collect(), start_s: 0.0, duration_s: 1e3, current_pa });
    }
    let Ok(episode) = Episode::new(&scenario, 1, 0, 12.0) else { return (f64::NAN, 0.0) };
    let Ok(result) = episode.run(|_| {}) else { return (f64::NAN, 0.0) };
    let rows: Vec<_> = result.trajectory.rows.iter().filter(|r| r.time_s >= 2.0).collect();
    let mean = rows.iter().map(|r| r.signed_speed_mm_per_s).sum::<f64>() / rows.len().max(1) as f64;
    let track = ett::scoring::track::Track::from_trajectory("scan", &result.trajectory);
    let direction = ett::scoring::gait::gait_of_track(&track).map_or(0.0, |g| g.wave_direction);
    (mean, direction)
}

/// The motor score (at most 5) and its parts: crawl speed and wave, then AVA, A-type, B-type and AVB.
fn motor_score(scenario: &Scenario, v: &[f64; 12], knobs: Knobs) -> (f64, f64, f64, [f64; 4]) {
    let (crawl, wave) = speed(scenario, v, knobs, None);
    let part = |x: f64| (x / 0.1).clamp(-1.0, 1.0);
    let mut score = part(crawl);
    let mut rest = [f64::NAN; 4];
    if std::env::var("CRAWL_ONLY").is_ok() {
        // Forward crawling with a head-to-tail wave alone counts (up to 5, as the full score), without
        // the four stimulation runs: the combined search asks for crawling plus the touch reflexes.
        // AVA_TOO=1: half of it for the crawl, half for backing under AVA at 1 nA (the stimulation
        // tests of the shipped brain).
        if std::env::var("AVA_TOO").is_err() {
            return (if wave > 0.0 { 5.0 * score } else { score }, crawl, wave, rest);
        }
        rest[0] = speed(scenario, v, knobs, Some((&["AVAL", "AVAR"], 1000.0))).0;
        return ((if wave > 0.0 { 2.5 * score } else { score }) + 2.5 * part(-rest[0]), crawl, wave, rest);
    }
    if score > 0.0 {
        let at = |neurons: &[&str], current_pa: f64| speed(scenario, v, knobs, Some((neurons, current_pa))).0;
        rest = [at(&["AVAL", "AVAR"], 1000.0), at(&["DA*", "VA*"], v[11]), at(&["DB*", "VB*"], v[11]), at(&["AVBL", "AVBR"], 100.0)];
        score += part(-rest[0]) + part(-rest[1]) + part(rest[2]) + part(rest[3]);
    }
    (score, crawl, wave, rest)
}

/// Touch reflexes with the motor parameters `v` held: 3 animals (TOUCH_ANIMALS), 35 s, touches at 10, 20 and 30 s.
/// Returns the fraction of touches followed within 3 s by a reversal, and the fraction of time
/// spent backward.
fn touch(root: &std::path::Path, brain: &std::path::Path, v: &[f64; 12], knobs: Knobs, touch: [f64; 3], task: &str, ablate: &[&str]) -> [f64; 2] {
    let mut scenario = Scenario::load(&root.join(task), Some(brain)).unwrap();
    set_brain_dt(&mut scenario);
    let BrainModelSpec::Connectome(spec) = &mut scenario.brain.spec.model else { panic!("not a connectome brain") };
    apply(spec, v, knobs);
    for encoder in &mut spec.encoders {
        if encoder.polarity == ett::config::connectome_spec::Polarity::Transient {
            (encoder.gain_pa, encoder.tau_s) = (touch[0], touch[1]);
        }
    }
    for group in &mut spec.plasticity {
        if let ett::config::connectome_spec::PlasticityRule::Depression { release_per_s, .. } = &mut group.rule {
            *release_per_s = touch[2];
        }
    }
    spec.perturbations.ablate = ablate.iter().map(|s| s.to_string()).collect();
    // Animals differ only in heading on an isotropic plate, so the deterministic brain mostly gives
    // them the same history: TOUCH_ANIMALS=1 makes a quick screen.
    let animals: u64 = std::env::var("TOUCH_ANIMALS").map_or(3, |v| v.parse().unwrap());
    let (mut responses, mut backward) = (0, 0.0);
    for animal in 0..animals {
        let Ok(episode) = Episode::new(&scenario, 1, animal, 35.0) else { return [f64::NAN; 2] };
        let Ok(result) = episode.run(|_| {}) else { return [f64::NAN; 2] };
        for t in [10.0, 20.0, 30.0] {
            responses += usize::from(result.events.iter().any(|e| e.kind == "reversal_start" && e.time_s >= t && e.time_s <= t + 3.0));
        }
        backward += result.task_summary["fraction_time_backward"].as_f64().unwrap_or(1.0) / animals as f64;
    }
    [responses as f64 / (3 * animals) as f64, backward]
}

fn set_brain_dt(scenario: &mut Scenario) {
    // BRAIN_DT=0.02: the brain step (a whole number of them per control step).
    if let Ok(dt) = std::env::var("BRAIN_DT") {
        scenario.brain.spec.dt_s = dt.parse().unwrap();
        scenario.brain_steps_per_control = (scenario.task.spec.dt_control_s / scenario.brain.spec.dt_s).round() as usize;
    }
}

fn main() {
    let cli = SearchArgs::from_env();
    let (root, seed, candidates) = (cli.root.clone(), cli.seed, cli.candidates);
    let arg = |name: &str| cli.value(name);
    let brain = cli.brain.clone();
    let mut scenario = Scenario::load(&root.join("tasks/worm/crawl.ron"), Some(&brain)).unwrap();
    for phase in &mut scenario.phases {
        phase.placement.heading_deg = Some(0.0);
        phase.placement.position_jitter_mm = 0.0;
    }
    set_brain_dt(&mut scenario);
    let center: Option<Vec<f64>> = arg("--center").map(|c| c.split(',').map(|v| v.parse().unwrap()).collect());
    let spread: f64 = std::env::var("SPREAD").map_or(0.25, |v| v.parse().unwrap());
    let log_uniform = |rng: &mut SplitMix64, lo: f64, hi: f64| (lo.ln() + rng.uniform() * (hi.ln() - lo.ln())).exp();
    let draw = |c: usize| -> [f64; 12] {
        let mut rng = SplitMix64::new(seed.wrapping_mul(1_000_003).wrapping_add(c as u64));
        if let Some(centre) = &center {
            let mut v = [0.0; 12];
            for (k, x) in v.iter_mut().enumerate() {
                // Offsets are signed: perturb them additively.
                *x = if k == 6 || k == 7 { centre[k] + 0.2 * spread * rng.normal() } else { centre[k] * (spread * rng.normal()).exp() };
            }
            return v;
        }
        [
            log_uniform(&mut rng, 10.0, 300.0),
            log_uniform(&mut rng, 30.0, 400.0),
            rng.uniform() * 30.0,
            log_uniform(&mut rng, 0.003, 0.05),
            -log_uniform(&mut rng, 30.0, 800.0),
            0.05 + rng.uniform() * 0.8,
            // B-type cells read the body anterior to them (Wen et al. 2012: anterior bending drives
            // posterior bending in forward locomotion); A-type cells, by symmetry, posterior.
            -0.15 * rng.uniform(),
            0.15 * rng.uniform(),
            0.2 + 1.3 * rng.uniform(),
            log_uniform(&mut rng, 5.0, 400.0),
            0.04 + 0.16 * rng.uniform(),
            log_uniform(&mut rng, 5.0, 100.0),
        ]
    };
    if let Some(joint) = arg("--joint") {
        // Stage 3: motor and touch values together around a centre (12 motor values, then touch gain,
        // time constant and release rate); touch is scored only when the motor score exceeds 3.
        let c0: Vec<f64> = joint.split(',').map(|x| x.parse().unwrap()).collect();
        println!("score  motor  touch | values | crawl wave ava a b avb | p(ant) back(ant) p(post) p(abl) back(abl)");
        let mut best = f64::NEG_INFINITY;
        for chunk in (0..candidates).collect::<Vec<_>>().chunks(2) {
            let results: Vec<_> = chunk.par_iter().map(|&c| {
                let mut rng = SplitMix64::new(seed.wrapping_mul(1_000_003).wrapping_add(c as u64));
                let mut x = [0.0; 19];
                for (k, value) in x.iter_mut().enumerate() {
                    let s = if c == 0 { 0.0 } else { spread };
                    let centre = c0.get(k).copied().unwrap_or(0.0);
                    *value = match k {
                        6 | 7 => centre + 0.2 * s * rng.normal(),
                        // The release threshold above rest (mV), searched only when a 16th value is given.
                        15 if c0.len() > 15 => (centre + 20.0 * s * rng.normal()).max(0.0),
                        15 => 0.0,
                        // Leak (pS) and leak and excitatory reversals (mV), searched when 19 values are
                        // given; wide steps, because the probe's useful region spans decades of leak.
                        16 => centre * (3.0 * s * rng.normal()).exp(),
                        17 => centre + 20.0 * s * rng.normal(),
                        18 => centre + 40.0 * s * rng.normal(),
                        _ => centre * (s * rng.normal()).exp(),
                    };
                }
                let v: [f64; 12] = x[..12].try_into().unwrap();
                let t = [x[12], x[13], x[14]];
                let neuron = |k: usize| (c0.len() > 16).then_some(x[k]);
                let knobs = Knobs { offset_mv: x[15], leak_ps: neuron(16), leak_reversal_mv: neuron(17), excitatory_reversal_mv: neuron(18) };
                let (motor, crawl, wave, rest) = motor_score(&scenario, &v, knobs);
                let (mut touch_score, mut parts) = (f64::NAN, [[f64::NAN; 2]; 3]);
                if motor > 3.0 {
                    let ant = touch(&root, &brain, &v, knobs, t, "tasks/worm/touch_anterior.ron", &[]);
                    let post = touch(&root, &brain, &v, knobs, t, "tasks/worm/touch_posterior.ron", &[]);
                    let abl = touch(&root, &brain, &v, knobs, t, "tasks/worm/touch_anterior.ron", &["AVAL", "AVAR", "AVDL", "AVDR"]);
                    touch_score = ant[0] - post[0] - abl[0].max(abl[1]) - (ant[1] - 0.35).max(0.0);
                    parts = [ant, post, abl];
                }
                let score = motor + if touch_score.is_nan() { -2.0 } else { 2.0 * touch_score };
                (c, x, score, motor, touch_score, crawl, wave, rest, parts)
            }).collect();
            for (c, x, score, motor, touch_score, crawl, wave, rest, [ant, post, abl]) in results {
                if score >= best && score.is_finite() {
                    best = score;
                    let values: Vec<String> = x.iter().map(|v| format!("{v:.5}")).collect();
                    println!("{score:.3}  {motor:.2}  {touch_score:.2} | {} | {crawl:+.3} {wave:+.0} {:+.3} {:+.3} {:+.3} {:+.3} | {:.2} {:.2} {:.2} {:.2} {:.2} (candidate {c})", values.join(","), rest[0], rest[1], rest[2], rest[3], ant[0], ant[1], post[0], abl[0], abl[1]);
                }
            }
        }
        return;
    }
    if let Some(motor) = arg("--touch") {
        // Stage 2: the motor values held, a random search over touch gain, time constant and the
        // depression release rate (3 animals per condition).
        let v: Vec<f64> = motor.split(',').map(|x| x.parse().unwrap()).collect();
        let v: [f64; 12] = v[..12].try_into().unwrap();
        println!("score  touch_pa  touch_tau_s  release_per_s | p(ant) back(ant)  p(post)  p(abl) back(abl)");
        let mut best = f64::NEG_INFINITY;
        for chunk in (0..candidates).collect::<Vec<_>>().chunks(2) {
            let results: Vec<_> = chunk.par_iter().map(|&c| {
                let mut rng = SplitMix64::new(seed.wrapping_mul(1_000_003).wrapping_add(c as u64));
                let t = [log_uniform(&mut rng, 1000.0, 1e6), 0.3 + 3.7 * rng.uniform(), log_uniform(&mut rng, 0.1, 3.0)];
                let ant = touch(&root, &brain, &v, FILE_KNOBS, t, "tasks/worm/touch_anterior.ron", &[]);
                let post = touch(&root, &brain, &v, FILE_KNOBS, t, "tasks/worm/touch_posterior.ron", &[]);
                let abl = touch(&root, &brain, &v, FILE_KNOBS, t, "tasks/worm/touch_anterior.ron", &["AVAL", "AVAR", "AVDL", "AVDR"]);
                // Reversals that end: a worm stuck backward is not a touch response.
                let score = ant[0] - post[0] - abl[0].max(abl[1]) - (ant[1] - 0.35).max(0.0);
                (c, t, score, ant, post, abl)
            }).collect();
            for (c, t, score, ant, post, abl) in results {
                if score >= best && score.is_finite() {
                    best = score;
                    println!("{score:.3}  {:.2},{:.4},{:.4} | {:.2} {:.2}  {:.2}  {:.2} {:.2}  (candidate {c})", t[0], t[1], t[2], ant[0], ant[1], post[0], abl[0], abl[1]);
                }
            }
        }
        return;
    }
    if cli.args.iter().any(|a| a == "--probe") {
        // The centre under graded stimulation of each motor pool and command cell pair.
        let v = draw(0);
        let v: [f64; 12] = center.as_ref().map_or(v, |c| c[..12].try_into().unwrap());
        for (neurons, currents) in [(&["DB*", "VB*"][..], [2.0, 5.0, 10.0, 20.0, 40.0]), (&["DA*", "VA*"][..], [2.0, 5.0, 10.0, 20.0, 40.0]), (&["AVBL", "AVBR"][..], [30.0, 100.0, 300.0, 1000.0, 3000.0]), (&["AVAL", "AVAR"][..], [30.0, 100.0, 300.0, 1000.0, 3000.0])] {
            for current in currents {
                let (mm_s, wave) = speed(&scenario, &v, FILE_KNOBS, Some((neurons, current)));
                println!("{neurons:?} at {current} pA: {mm_s:+.3} mm/s, wave {wave:+.0}");
            }
        }
        return;
    }
    println!("score  {}  | crawl_mm_s wave  ava_mm_s  a_mm_s  b_mm_s  avb_mm_s", NAMES.join("  "));
    let mut best = f64::NEG_INFINITY;
    for chunk in (0..candidates).collect::<Vec<_>>().chunks(8) {
        let results: Vec<_> = chunk.par_iter().map(|&c| {
            let v = draw(c);
            let (score, crawl, wave, rest) = motor_score(&scenario, &v, FILE_KNOBS);
            (c, v, score, crawl, wave, rest)
        }).collect();
        for (c, v, score, crawl, wave, rest) in results {
            if score >= best && score.is_finite() {
                best = score;
                let values: Vec<String> = v.iter().map(|x| format!("{x:.5}")).collect();
                println!("{score:.3}  {}  | {crawl:+.3} {wave:+.0}  {:+.3}  {:+.3}  {:+.3}  {:+.3}  (candidate {c})", values.join(","), rest[0], rest[1], rest[2], rest[3]);
            }
        }
    }
}
