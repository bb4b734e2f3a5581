//! The fly walks under the walking decoder: forward in a tripod gait at a fly's speed, turns toward the side
//! with less drive, walks backward, stands still without drive; a malformed walking file is a located error.
//! Reference: walking flies move about 5-15 mm/s with tripod coordination at high speed
//! (../shared/REFERENCE_VALUES.md: Branson et al. 2009; DeAngelis, Zavatone-Veth & Clark 2019).
//! The body runs at about 0.08x real time, so each trial is 1 s or less.

use ett::bench::fly::{load_fly, summarize, walk, GaitSummary};
use ett::buffers::{MuscleCommand, NeuralOutput};
use ett::config::fly_body_spec::FlyBodySpec;
use ett::config::fly_walking_spec::{validate_fly_walking, FlyWalkingSpec};
use ett::config::load_ron;
use ett::interface::{Decoder, WalkingDecoder, DESCENDING_CHANNELS};
use ett::physics::LeggedSettings;
use std::path::Path;

fn specs() -> (FlyBodySpec, FlyWalkingSpec) {
    load_fly(Path::new("bodies/fly.ron"), Path::new("bodies/fly_walking.ron")).unwrap()
}

fn gait(command: [f64; 4], seconds: f64) -> GaitSummary {
    let (body, walking) = specs();
    let trial = walk(&body, &walking, LeggedSettings::fly_default(), command, seconds).unwrap();
    let gait = summarize(&trial);
    eprintln!("command {command:?}: {gait:?}, {:.1} s wall", trial.wall_s);
    gait
}

#[test]
fn full_drive_walks_forward_at_a_flys_speed_in_a_tripod_gait() {
    let g = gait([1.0, 1.0, 0.0, 0.0], 1.0);
    assert!((5.0..15.0).contains(&g.forward_speed_mm_per_s), "forward speed {} mm/s", g.forward_speed_mm_per_s);
    assert!(g.lateral_speed_mm_per_s.abs() < 0.3 * g.forward_speed_mm_per_s, "mostly straight: lateral {} mm/s", g.lateral_speed_mm_per_s);
    assert!((5.0..15.0).contains(&g.step_frequency_hz), "step frequency {} Hz", g.step_frequency_hz);
    // Legs of one tripod touch down together; the two tripods alternate.
    assert!(g.within_tripod_correlation > 0.3, "within-tripod contact correlation {}", g.within_tripod_correlation);
    assert!(g.between_tripod_correlation < -0.1, "between-tripod contact correlation {}", g.between_tripod_correlation);
    assert!(g.mean_height_mm > 0.8, "walks on its legs, not its belly: thorax {} mm up", g.mean_height_mm);
}

/// Flies walk faster by stepping faster with about the same stroke (DeAngelis et al. 2019): a slow walk
/// takes steps about as long as a fast one, at a lower rate (until 2026-12-07 the stride shrank with the
/// drive, and 5 mm/s was 0.4-mm steps at 10 Hz).
#[test]
fn a_slow_walk_steps_slower_with_about_the_same_stride() {
    let slow = gait([0.2, 0.2, 0.0, 0.0], 1.5);
    let fast = gait([1.0, 1.0, 0.0, 0.0], 1.0);
    assert!((3.0..8.0).contains(&slow.forward_speed_mm_per_s), "slow walk {} mm/s", slow.forward_speed_mm_per_s);
    assert!(slow.step_frequency_hz < 0.6 * fast.step_frequency_hz, "{} Hz against {} Hz", slow.step_frequency_hz, fast.step_frequency_hz);
    let per_step = |g: &GaitSummary| g.forward_speed_mm_per_s / g.step_frequency_hz;
    let ratio = per_step(&slow) / per_step(&fast);
    assert!((0.7..1.5).contains(&ratio), "{} mm per step against {}", per_step(&slow), per_step(&fast));
}

#[test]
fn less_drive_on_the_left_turns_left() {
    let g = gait([0.3, 1.0, 0.0, 0.0], 0.8);
    assert!(g.turn_rate_deg_per_s > 45.0, "turns counter-clockwise (left): {} deg/s", g.turn_rate_deg_per_s);
}

#[test]
fn backward_drive_walks_backward() {
    let g = gait([1.0, 1.0, 1.0, 0.0], 0.8);
    assert!(g.forward_speed_mm_per_s < -3.0, "moves backward: {} mm/s", g.forward_speed_mm_per_s);
}

#[test]
fn zero_drive_stands_still() {
    let g = gait([0.0; 4], 0.8);
    assert!(g.forward_speed_mm_per_s.abs() < 0.5 && g.lateral_speed_mm_per_s.abs() < 0.5, "stands: {g:?}");
    assert_eq!(g.step_frequency_hz, 0.0, "no leg lifts");
    assert!(g.mean_height_mm > 0.8, "thorax {} mm up", g.mean_height_mm);
}

fn decode(decoder: &mut WalkingDecoder, command: [f64; 4], steps: usize) -> MuscleCommand {
    let output = NeuralOutput { activity: command.to_vec() };
    let mut muscles = MuscleCommand::default();
    for _ in 0..steps {
        decoder.decode(&output, 0.004, &mut muscles);
    }
    muscles
}

fn body_muscles() -> Vec<String> {
    let (body, _) = specs();
    ett::body::FlyBody::new(&body, LeggedSettings::fly_default(), ett::body::FlyPlacement { position_mm: [0.0, 0.0], heading_rad: 0.0 }).muscle_names().to_vec()
}

use ett::body::Body;

#[test]
fn the_decoder_is_deterministic_and_keeps_the_tripods_in_antiphase() {
    assert_eq!(DESCENDING_CHANNELS, ["drive_left", "drive_right", "backward", "escape"]);
    let (_, walking) = specs();
    let names = body_muscles();
    let mut a = WalkingDecoder::new(&walking, &names).unwrap();
    let mut b = WalkingDecoder::new(&walking, &names).unwrap();
    let (ma, mb) = (decode(&mut a, [0.7, 0.4, 0.0, 0.0], 500), decode(&mut b, [0.7, 0.4, 0.0, 0.0], 500));
    assert_eq!(ma, mb);
    assert_eq!(ma.activation.len(), 36, "30 joint targets and 6 adhesion channels");
    let phases = a.leg_phases_cycles();
    // Legs LF, LM, LH, RF, RM, RH: LF with RM and LH, half a cycle from RF, LM, RH.
    let gap = |i: usize, j: usize| ((phases[i] - phases[j]).rem_euclid(1.0) - 0.5).abs();
    assert!(gap(0, 3) < 0.02 && gap(0, 1) < 0.02 && gap(4, 5) < 0.02, "tripods half a cycle apart: {phases:?}");
}

#[test]
fn zero_drive_holds_the_neutral_posture_and_escape_is_full_forward_drive() {
    let (_, walking) = specs();
    let names = body_muscles();
    let mut still = WalkingDecoder::new(&walking, &names).unwrap();
    let m = decode(&mut still, [0.0; 4], 100);
    assert!(m.activation[..30].iter().all(|&v| v == 0.0), "neutral joints: {:?}", &m.activation[..30]);
    assert!(m.activation[30..].iter().all(|&v| v == 1.0), "every standing leg holds on");
    let mut escape = WalkingDecoder::new(&walking, &names).unwrap();
    let mut full = WalkingDecoder::new(&walking, &names).unwrap();
    assert_eq!(decode(&mut escape, [0.0, 0.2, 1.0, 1.0], 50), decode(&mut full, [1.0, 1.0, 0.0, 0.0], 50), "escape overrides drive and backward");
    // Within one cycle some step has a tripod in swing: its legs let go (adhesion 1 - stride amplitude, about
    // 0 at full drive) while the others hold.
    let adhesion: Vec<Vec<f64>> = (0..25).map(|_| decode(&mut full, [1.0, 1.0, 0.0, 0.0], 1).activation[30..].to_vec()).collect();
    assert!(adhesion.iter().any(|a| a.iter().filter(|&&v| v < 0.05).count() == 3 && a.iter().filter(|&&v| v == 1.0).count() == 3), "{adhesion:?}");
}

/// A slow walk swings for as long as a fast one (the swing keeps its full-drive duration, DeAngelis et al.
/// 2019), and a drive that changes mid-cycle does not throw a leg from stance back into swing (regression,
/// review 2026-12-07: the swing share followed the frequency at every step, and the navigator's turns,
/// which raise the outer side's drive, did exactly that most of the time).
#[test]
fn swing_lasts_as_long_slow_as_fast_and_a_leg_swings_once_per_cycle_whatever_the_drive_does() {
    let (_, walking) = specs();
    let names = body_muscles();
    // Steps (4 ms) with LF's tarsus let go, and LF's swing onsets, over `steps` of `command`.
    let swings = |decoder: &mut WalkingDecoder, commands: &[[f64; 4]], steps: usize| {
        let (mut off, mut onsets, mut was_off) = (0, 0, false);
        for step in 0..steps {
            let adhesion = decode(decoder, commands[(step / 12) % commands.len()], 1).activation[30];
            let now_off = adhesion < 1.0;
            off += usize::from(now_off);
            onsets += usize::from(now_off && !was_off);
            was_off = now_off;
        }
        (off, onsets)
    };
    let mut slow = WalkingDecoder::new(&walking, &names).unwrap();
    let mut fast = WalkingDecoder::new(&walking, &names).unwrap();
    let (slow_off, slow_swings) = swings(&mut slow, &[[0.2, 0.2, 0.0, 0.0]], 2500);
    let (fast_off, fast_swings) = swings(&mut fast, &[[1.0, 1.0, 0.0, 0.0]], 2500);
    let per_swing = |off: usize, n: usize| off as f64 * 0.004 / n as f64;
    eprintln!("swing {:.4} s at drive 0.2 ({slow_swings} swings), {:.4} s at full drive ({fast_swings})", per_swing(slow_off, slow_swings), per_swing(fast_off, fast_swings));
    assert!(fast_swings > 2 * slow_swings, "the slow walk steps slower: {slow_swings} against {fast_swings}");
    assert!((per_swing(slow_off, slow_swings) / per_swing(fast_off, fast_swings) - 1.0).abs() < 0.2, "the swing keeps its duration");
    // Speeding up and slowing down every 48 ms, the stroke full throughout (a turn's outer side does the same
    // to the rhythm): as many swings as the oscillator's cycles.
    let mut turning = WalkingDecoder::new(&walking, &names).unwrap();
    let commands = [[0.2, 0.2, 0.0, 0.0], [0.6, 0.6, 0.0, 0.0]];
    let (mut cycles, mut onsets, mut last_phase, mut was_off) = (0, 0, turning.leg_phases_cycles()[0], false);
    for step in 0..2500 {
        let adhesion = decode(&mut turning, commands[(step / 12) % commands.len()], 1).activation[30];
        let phase = turning.leg_phases_cycles()[0];
        cycles += usize::from(phase < last_phase);
        last_phase = phase;
        let now_off = adhesion < 1.0;
        onsets += usize::from(now_off && !was_off);
        was_off = now_off;
    }
    assert!(onsets.abs_diff(cycles) <= 1, "LF swung {onsets} times in {cycles} cycles");
}

#[test]
fn a_template_joint_the_body_lacks_is_refused() {
    let (_, walking) = specs();
    let names: Vec<String> = body_muscles().into_iter().filter(|n| n != "RH_FtiPitch").collect();
    let err = WalkingDecoder::new(&walking, &names).unwrap_err();
    assert!(err.contains("RH_FtiPitch"), "{err}");
}

fn load_error(edit: impl Fn(String) -> String) -> String {
    let text = edit(std::fs::read_to_string("bodies/fly_walking.ron").unwrap());
    let dir = std::env::temp_dir().join(format!("ett_fly_walk_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("bad_{}.ron", text.len()));
    std::fs::write(&path, text).unwrap();
    let result = load_ron::<FlyWalkingSpec>(&path).and_then(|l| validate_fly_walking(&l));
    let message = result.expect_err("a malformed file is refused").to_string();
    assert!(message.contains(&path.display().to_string()), "names the file: {message}");
    message
}

#[test]
fn a_malformed_walking_file_names_the_file_and_field() {
    let unknown_joint = load_error(|t| t.replacen("joint: CtrPitch", "joint: CtrRoll", 1));
    assert!(unknown_joint.contains("joint") && unknown_joint.contains("CtrRoll"), "{unknown_joint}");
    let unknown_field = load_error(|t| t.replacen("coupling_per_s:", "coupling_strength:", 1));
    assert!(unknown_field.contains("coupling_strength"), "{unknown_field}");
    let bad_share = load_error(|t| t.replacen("swing_share: 0.", "swing_share: 1.", 1));
    assert!(bad_share.contains("swing_share"), "{bad_share}");
    let missing_leg = load_error(|t| t.replacen("leg: \"LM\"", "leg: \"LF\"", 1));
    assert!(missing_leg.contains("`leg`"), "{missing_leg}");
    let slow = load_error(|t| t.replacen("step_frequency_full_drive_hz: 12.0", "step_frequency_full_drive_hz: 1.0", 1));
    assert!(slow.contains("step_frequency_full_drive_hz"), "{slow}");
    let no_stroke = load_error(|t| t.replacen("stroke_full_drive: 0.15", "stroke_full_drive: 0.0", 1));
    assert!(no_stroke.contains("stroke_full_drive"), "{no_stroke}");
    let untipped = load_error(|t| { let start = t.find("stance_tip_mm: (").unwrap(); let end = start + t[start..].find("), ").unwrap() + 3; format!("{}{}", &t[..start], &t[end..]) });
    assert!(untipped.contains("turn_joints") && untipped.contains("stance_tip_mm"), "{untipped}");
    let negative = load_error(|t| t.replacen("turn_reference_mm: 0.3", "turn_reference_mm: -0.3", 1));
    assert!(negative.contains("turn_reference_mm"), "{negative}");
}

/// Regression (2026-12-07): the gait summary projected the whole trial's displacement on the first heading, so
/// a fly walking a curve read as one walking sideways (at a drive difference of 0.2: 0.7 mm/s forward and 3.9
/// mm/s sideways while it walked a 5-mm/s curve), which README and the behavioural model's notes took for
/// pivoting. A body carried along a circle at 5 mm/s and 60 deg/s must read 5 mm/s forward and no sideslip.
#[test]
fn a_fly_walking_a_curve_reads_as_walking_forward_not_sideways() {
    use ett::body::{BodyState, LegState};
    let (speed_mm_per_s, turn_rad_per_s, dt_s) = (5.0, 60f64.to_radians(), 0.004);
    let radius_mm = speed_mm_per_s / turn_rad_per_s;
    let states = (0..=1000)
        .map(|k| {
            let t = k as f64 * dt_s;
            let heading = turn_rad_per_s * t;
            // Counter-clockwise around the origin, heading along the tangent; head 0.5 mm ahead of the thorax.
            let thorax = [radius_mm * heading.sin(), radius_mm * (1.0 - heading.cos())];
            let head = [thorax[0] + 0.5 * heading.cos(), thorax[1] + 0.5 * heading.sin()];
            BodyState { time_s: t, midline_mm: vec![head, thorax, thorax], height_mm: 1.0, legs: vec![LegState::default(); 6], ..Default::default() }
        })
        .collect();
    let trial = ett::bench::fly::WalkTrial { states, physics_steps: 0, wall_s: 1.0 };
    let g = summarize(&trial);
    assert!((g.forward_speed_mm_per_s - speed_mm_per_s).abs() < 0.01, "{g:?}");
    assert!(g.lateral_speed_mm_per_s.abs() < 0.01, "{g:?}");
    assert!((g.turn_rate_deg_per_s - 60.0).abs() < 0.1, "{g:?}");
}

/// In a turn every planted tarsus also sweeps sideways as the body's rotation carries it (front and hind legs
/// in opposite directions): at drives 0.1 / 0.3 the body turns faster and slips sideways less than with the
/// sweeps switched off (`turn_reference_mm: 0`, the template of the evening of 2026-12-07). Measured
/// 2026-12-07 over 3 s: 54 against 50 deg/s, sideslip 0.27 against 0.95 mm/s, 6.1 against 5.2 mm/s forward.
#[test]
fn turning_tarsi_sweep_sideways_so_the_body_turns_with_less_sideslip() {
    let (body, walking) = specs();
    assert!(walking.turn_reference_mm > 0.0, "the shipped template sweeps sideways in turns");
    let run = |walking: &FlyWalkingSpec| summarize(&walk(&body, walking, LeggedSettings::fly_default(), [0.1, 0.3, 0.0, 0.0], 2.0).unwrap());
    let swept = run(&walking);
    let plain = run(&FlyWalkingSpec { turn_reference_mm: 0.0, ..walking.clone() });
    eprintln!("with sideways sweeps {swept:?}\nwithout {plain:?}");
    assert!(swept.turn_rate_deg_per_s > plain.turn_rate_deg_per_s, "turns at least as fast: {} against {} deg/s", swept.turn_rate_deg_per_s, plain.turn_rate_deg_per_s);
    assert!(swept.lateral_speed_mm_per_s.abs() < 0.5 * plain.lateral_speed_mm_per_s.abs(), "slips sideways less: {} against {} mm/s", swept.lateral_speed_mm_per_s, plain.lateral_speed_mm_per_s);
    assert!(swept.forward_speed_mm_per_s > 4.0, "walks forward through the turn: {} mm/s", swept.forward_speed_mm_per_s);
}
