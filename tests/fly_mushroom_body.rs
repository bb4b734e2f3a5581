//! The behavioural fly's mushroom body (`brains/fly/behavioral_model.ron`, `mushroom_body`): open loop,
//! pairing 3-octanol (OCT) with shock depresses the fly's approach drive to OCT and not to the unpaired
//! 4-methylcyclohexanol (MCH), and the fly then turns away from the antenna that smells OCT; closed loop,
//! trained flies should choose the MCH arm of the choice arena and untrained ones neither (ignored: not yet
//! shown, see the tests).

mod common;

use common::{root, run_for};
use ett::brain::fly_navigator::{FlyNavigator, INPUT_NAMES};
use ett::brain::Brain;
use ett::buffers::{NeuralInput, NeuralOutput};
use ett::config::brain_spec::{BrainModelSpec, BrainSpec};
use ett::config::load_ron;
use ett::config::fly_navigator_spec::FlyNavigatorSpec;
use std::path::Path;

fn spec() -> FlyNavigatorSpec {
    match load_ron::<BrainSpec>(Path::new("brains/fly/behavioral_model.ron")).unwrap().spec.model {
        BrainModelSpec::FlyNavigator(spec) => spec,
        _ => panic!("the behavioural fly is a FlyNavigator"),
    }
}

/// Channels after the navigator's own: OCT left, OCT right, MCH left, MCH right, shock.
const OCT: usize = INPUT_NAMES.len();
const MCH: usize = INPUT_NAMES.len() + 2;
const SHOCK: usize = INPUT_NAMES.len() + 4;

fn input(oct: (f64, f64), mch: (f64, f64), shock_v: f64) -> NeuralInput {
    let mut drive = vec![0.0; INPUT_NAMES.len() + 5];
    drive[3] = 24.5;
    drive[4] = f64::INFINITY;
    drive[5] = f64::INFINITY;
    (drive[OCT], drive[OCT + 1], drive[MCH], drive[MCH + 1], drive[SHOCK]) = (oct.0, oct.1, mch.0, mch.1, shock_v);
    NeuralInput { drive }
}

/// Runs `seconds` of 4-ms brain steps (the task's step); `shock(t)` says whether the shock is on.
fn present(fly: &mut FlyNavigator, oct: f64, mch: f64, seconds: f64, shock: impl Fn(f64) -> bool) -> Vec<(f64, f64)> {
    let mut out = NeuralOutput::default();
    (0..(seconds / 0.004).round() as usize).map(|i| {
        let volts = if shock(i as f64 * 0.004) { 60.0 } else { 0.0 };
        fly.step_n(&input((oct, oct), (mch, mch), volts), 1, 0.004, &mut out);
        (out.activity[0], out.activity[1])
    }).collect()
}

/// The approach MBON's drive by each odour alone at the training concentration.
fn approach_drives(fly: &FlyNavigator) -> (f64, f64) {
    let mut mb = fly.mushroom_body().unwrap().circuit().clone();
    let mut kc = Vec::new();
    mb.kc_activity(&[1.0, 0.0], &mut kc);
    let oct = mb.approach_drive(&kc);
    mb.kc_activity(&[0.0, 1.0], &mut kc);
    (oct, mb.approach_drive(&kc))
}

/// The compressed Tully & Quinn schedule of tasks/fly/aversive_conditioning.ron: OCT 7 s with 1.5-s shocks
/// at 0.5 and 5.5 s (or, unpaired, the same shocks in the air between), air 1 s, MCH 7 s, air 1 s.
fn train(fly: &mut FlyNavigator, paired: bool) {
    let pulse = |t: f64| (0.5..2.0).contains(&t) || (5.5..7.0).contains(&t);
    present(fly, 1.0, 0.0, 7.0, |t| paired && pulse(t));
    // Unpaired: the same shocks, but 10 s of air after the odour (beyond the 1-s eligibility trace).
    if !paired {
        present(fly, 0.0, 0.0, 10.0, |_| false);
        present(fly, 0.0, 0.0, 7.0, pulse);
    }
    present(fly, 0.0, 0.0, 1.0, |_| false);
    present(fly, 0.0, 1.0, 7.0, |_| false);
    present(fly, 0.0, 0.0, 1.0, |_| false);
}

#[test]
fn pairing_oct_with_shock_lowers_the_approach_drive_to_oct_and_not_to_mch() {
    let mut fly = FlyNavigator::new(&spec(), 0).unwrap();
    let (oct_before, mch_before) = approach_drives(&fly);
    // At the training concentration each odour drives about 0.9 of a saturated odour (PN saturation).
    assert!((0.8..1.0).contains(&oct_before) && (0.8..1.0).contains(&mch_before), "naive drives {oct_before} {mch_before}");
    train(&mut fly, true);
    let (oct_after, mch_after) = approach_drives(&fly);
    eprintln!("approach drive OCT {oct_before:.3} -> {oct_after:.3}, MCH {mch_before:.3} -> {mch_after:.3}");
    assert!(oct_after < 0.3 * oct_before, "OCT approach drive {oct_before} -> {oct_after}");
    // MCH keeps most of its drive: it loses only what its KCs share with OCT's (measured 0.890 -> 0.787).
    assert!(mch_after > 0.8 * mch_before, "MCH approach drive {mch_before} -> {mch_after}");
    // Unpaired: the same odours and shocks, apart in time, teach nothing.
    let mut unpaired = FlyNavigator::new(&spec(), 0).unwrap();
    train(&mut unpaired, false);
    let (oct_unpaired, mch_unpaired) = approach_drives(&unpaired);
    assert!(oct_unpaired > 0.99 * oct_before && mch_unpaired > 0.99 * mch_before, "unpaired: {oct_unpaired} {mch_unpaired}");
}

#[test]
fn a_trained_fly_turns_away_from_the_antenna_that_smells_the_paired_odour() {
    // Mean right-minus-left drive (positive: turning left) over 2 s with OCT stronger at the left antenna.
    let steer = |fly: &mut FlyNavigator| {
        let mut out = NeuralOutput::default();
        let n = 500;
        (0..n).map(|_| {
            fly.step_n(&input((1.0, 0.5), (0.0, 0.0), 0.0), 1, 0.004, &mut out);
            out.activity[1] - out.activity[0]
        }).sum::<f64>() / n as f64
    };
    let (mut trained, mut naive) = (Vec::new(), Vec::new());
    for stream in 0..10 {
        naive.push(steer(&mut FlyNavigator::new(&spec(), stream).unwrap()));
        let mut fly = FlyNavigator::new(&spec(), stream).unwrap();
        train(&mut fly, true);
        trained.push(steer(&mut fly));
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    eprintln!("right - left drive with OCT at the left antenna: naive {:.3}, trained {:.3}", mean(&naive), mean(&trained));
    assert!(mean(&trained) < -0.1, "trained flies turn right, away from OCT: {trained:?}");
    // Naive flies turn only at random, either way (10 flies x 2 s: a mean of a few hundredths).
    assert!(mean(&naive).abs() < 0.1, "naive flies ignore OCT: {naive:?}");
}

/// Runs `animals` flies through the conditioning task cut to `test_s` of choice, into `out`; returns the
/// per-animal choices (+1 the MCH arm, -1 the OCT arm, 0 neither) and the PI.
fn choice(brain: &str, shock: bool, animals: usize, out: &Path) -> (Vec<i64>, f64) {
    let text = std::fs::read_to_string("tasks/fly/aversive_conditioning.ron").unwrap().replace("\"../../", &format!("\"{}/", root().display()));
    // CI-sized: OCT 1.5 s with one 1-s shock, air 0.2 s, MCH 1 s, air 0.2 s, a 3-s choice.
    let stimuli = if shock { "[(kind: Shock(duration_s: 1.0, volts: 60.0), at_s: 0.3)]" } else { "[]" };
    let text = text
        .replace("duration_s: 26.0", "duration_s: 5.9")
        .replace("(name: \"cs_plus\", duration_s: 7.0, stimuli: [(kind: Shock(duration_s: 1.5, volts: 60.0), at_s: 0.5, repeat_every_s: Some(5.0), count: 2)])", &format!("(name: \"cs_plus\", duration_s: 1.5, stimuli: {stimuli})"))
        .replace("duration_s: 1.0)", "duration_s: 0.2)")
        .replace("fly_conditioning_mch.ron\"), duration_s: 7.0)", "fly_conditioning_mch.ron\"), duration_s: 1.0)")
        .replace("duration_s: 10.0,", "duration_s: 3.0,");
    let task = out.join("conditioning.ron");
    std::fs::create_dir_all(out).unwrap();
    std::fs::write(&task, text).unwrap();
    let outcome = run_for(&task, Some(&root().join("brains/fly").join(brain)), animals, 1, 2, &out.join("run"), None);
    let choices = outcome.summary["animals"].as_array().unwrap().iter().map(|a| a["task"]["performance_index"].as_i64().unwrap_or(0)).collect();
    (choices, outcome.summary["measures"]["performance_index"].as_f64().unwrap_or(0.0))
}

/// Closed loop, CI-sized (4 flies x 5.9 s, 33 s with its partner on 2 cores since the body runs at 0.8x real
/// time): flies trained with OCT + shock end the 3-s choice in the MCH arm. Ignored: 4 flies cannot tell
/// learning from chance (8 flies per group in the full task gave PIs within chance, README). Measured
/// 2026-11-29 PI 0.33 (choices 0, -1, +1, +1); 2026-12-07, after the read-out's turns were made to run to
/// their end, PI 0.50 (+1, -1, +1, +1) against -0.50 without shock (`-- --ignored`). Both with the arms
/// beginning 1 mm from the choice point; since 2026-12-07 they begin at 5 mm (not re-measured here).
#[test]
#[ignore]
fn trained_flies_choose_the_unpaired_odour_in_the_choice_arena() {
    let dir = tempfile::tempdir().unwrap();
    let (choices, pi) = choice("behavioral_model.ron", true, 4, dir.path());
    eprintln!("trained: choices {choices:?} (+1 MCH arm, -1 OCT arm), PI {pi:.2}");
    assert!(pi >= 0.5, "PI {pi} from {choices:?}");
}

/// The control: the same protocol without shock leaves the flies naive; they do not prefer the MCH arm.
/// Ignored with its partner above: measured 2026-11-29 with `ett run` on the same task copy (seed 1, 4 flies),
/// PI -0.33 (choices +1, -1, -1, 0); 2026-12-07 PI -0.50 (+1, -1, -1, -1).
#[test]
#[ignore]
fn untrained_flies_do_not_avoid_oct() {
    let dir = tempfile::tempdir().unwrap();
    let (choices, pi) = choice("behavioral_model.ron", false, 4, dir.path());
    eprintln!("no shock: choices {choices:?} (+1 MCH arm, -1 OCT arm), PI {pi:.2}");
    assert!(pi < 0.5, "PI {pi} from {choices:?}");
}
