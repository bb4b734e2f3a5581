//! Each metric on a synthetic track with a known answer.

use std::f64::consts::{PI, TAU};

use ett::scoring::eigenworms::{self, EigenBasis};
use ett::scoring::gait;
use ett::scoring::motion::{self, MotionState};
use ett::scoring::navigation::{self, ChemotaxisCounts};
use ett::scoring::zones::{self, Zone};
use ett::scoring::{pirouettes, weathervane};
use ett::scoring::responses;
use ett::scoring::track::Track;
use ett::scoring::turns::{self, TurnKind};

const DT: f64 = 0.05;

/// A straight 1 mm body along x whose head is at +x, its centroid at `x`.
fn straight_midline(x: f64) -> Vec<[f64; 2]> {
    (0..13).map(|k| [x + 0.5 - k as f64 / 12.0, 0.0]).collect()
}

/// A worm crawling along +x, head first, at 0.2 mm/s, except tail first at 0.2 mm/s during `backward`.
fn scripted_reversals(duration_s: f64, backward: &[(f64, f64)]) -> Track {
    let n = (duration_s / DT) as usize;
    let mut x = 0.0;
    let mut track = Track::default();
    for k in 0..n {
        let t = k as f64 * DT;
        track.times_s.push(t);
        track.centroid_mm.push([x, 0.0]);
        track.midlines_mm.get_or_insert_with(Vec::new).push(straight_midline(x));
        let back = backward.iter().any(|&(a, b)| t >= a && t < b);
        x += if back { -0.2 } else { 0.2 } * DT;
    }
    track
}

#[test]
fn signed_speed_and_scripted_reversals() {
    let track = scripted_reversals(60.0, &[(10.0, 13.0), (30.0, 34.0), (50.0, 52.0)]);
    assert_eq!(track.body_length_mm().map(|l| (l * 1e9).round() / 1e9), Some(1.0));
    let speeds = motion::signed_speed_mm_per_s(&track, motion::SPEED_WINDOW_S);
    assert!((speeds[100] - 0.2).abs() < 1e-9 && (speeds[230] + 0.2).abs() < 1e-9, "{} {}", speeds[100], speeds[230]);
    let summary = motion::motion_summary(&track, None).unwrap();
    assert!((summary.median_speed_mm_per_s - 0.2).abs() < 1e-9);
    let states = motion::motion_states(&track, &speeds, 1.0);
    let onsets = motion::reversal_onsets_s(&track, &states);
    assert_eq!(onsets.len(), 3, "{onsets:?}");
    for (got, want) in onsets.iter().zip([10.0, 30.0, 50.0]) {
        assert!((got - want).abs() < 0.3, "{onsets:?}");
    }
    assert!((summary.reversal_rate_per_min - 3.0 / (track.duration_s() / 60.0)).abs() < 1e-9);
    assert!((summary.fraction_backward - 9.0 / 60.0).abs() < 0.03, "{summary:?}");
    assert!(summary.fraction_paused == 0.0);
}

#[test]
fn a_still_animal_is_paused_and_a_brief_twitch_is_not_an_epoch() {
    let mut track = scripted_reversals(20.0, &[]);
    for (k, c) in track.centroid_mm.iter_mut().enumerate() {
        *c = [if (200..204).contains(&k) { 0.01 * (k - 199) as f64 } else { 0.0 }, 0.0];
    }
    let speeds = motion::signed_speed_mm_per_s(&track, motion::SPEED_WINDOW_S);
    let states = motion::motion_states(&track, &speeds, 1.0);
    assert_eq!(states[50], MotionState::Paused);
    assert!(motion::reversal_onsets_s(&track, &states).is_empty());
    assert!(!states.contains(&MotionState::Forward));
}

/// Midline with tangent angle `theta(s)` along a 1 mm body, head at the origin.
fn midline_from_angles(theta: impl Fn(f64) -> f64, points: usize) -> Vec<[f64; 2]> {
    let mut p = [0.0, 0.0];
    let mut out = vec![p];
    for i in 0..points - 1 {
        let s = (i as f64 + 0.5) / (points - 1) as f64;
        let a = theta(s);
        p = [p[0] - a.cos() / (points - 1) as f64, p[1] - a.sin() / (points - 1) as f64];
        out.push(p);
    }
    out
}

/// A localised bend of `amplitude` rad (a smooth step in tangent angle) at body position `c`.
fn bend_at(c: f64, amplitude: f64) -> impl Fn(f64) -> f64 {
    move |s| amplitude * 0.5 * (1.0 + ((s - c) / 0.02).tanh())
}

#[test]
fn scripted_omega_and_upsilon_turns() {
    let mut track = Track::default();
    let mut t = 0.0;
    let mut push = |track: &mut Track, midline: Vec<[f64; 2]>| {
        track.times_s.push(t);
        track.centroid_mm.push([0.0, 0.0]);
        track.midlines_mm.get_or_insert_with(Vec::new).push(midline);
        t += DT;
    };
    for episode in 0..3 {
        for _ in 0..60 {
            push(&mut track, midline_from_angles(|_| 0.0, 49));
        }
        if episode < 2 {
            // omega: a 160 deg bend sweeps head to tail over 3 s
            for k in 0..60 {
                let c = 0.05 + 0.9 * k as f64 / 59.0;
                push(&mut track, midline_from_angles(bend_at(c, 160f64.to_radians()), 49));
            }
        } else {
            // upsilon: a 70 deg bend held near the head for 2 s
            for _ in 0..40 {
                push(&mut track, midline_from_angles(bend_at(0.15, 70f64.to_radians()), 49));
            }
        }
    }
    for _ in 0..60 {
        push(&mut track, midline_from_angles(|_| 0.0, 49));
    }
    let head_bend = turns::third_bends_deg(&midline_from_angles(bend_at(0.15, 70f64.to_radians()), 49));
    assert!(head_bend[0] > 15.0 && head_bend[0] < 30.0 && head_bend[2].abs() < 1.0, "{head_bend:?}");
    let events = turns::detect_turns(&track);
    let kinds: Vec<TurnKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![TurnKind::Omega, TurnKind::Omega, TurnKind::Upsilon], "{events:?}");
    let minutes = track.duration_s() / 60.0;
    assert!((turns::turn_rate_per_min(&track, &events, TurnKind::Omega) - 2.0 / minutes).abs() < 1e-9);
}

#[test]
fn sine_wave_midline_gives_its_frequency_and_wavelength() {
    let (f_hz, wavelength) = (0.4, 0.65);
    let mut track = Track::default();
    for k in 0..1200 {
        let t = k as f64 * DT;
        track.times_s.push(t);
        track.centroid_mm.push([0.0, 0.0]);
        let midline = midline_from_angles(|s| 0.8 * (TAU * (f_hz * t - s / wavelength)).sin(), 49);
        track.midlines_mm.get_or_insert_with(Vec::new).push(midline);
    }
    let g = gait::gait_of_track(&track).unwrap();
    assert!((g.frequency_hz - f_hz).abs() < 0.005, "{g:?}");
    assert!((g.wavelength_body_lengths - wavelength).abs() < 0.03, "{g:?}");
    assert_eq!(g.wave_direction, 1.0);
}

#[test]
fn eigenworm_projection_recovers_amplitudes_and_variance() {
    let basis = EigenBasis::n2();
    // orthonormal basis, as the source says
    for a in 0..eigenworms::MODES {
        for b in 0..eigenworms::MODES {
            let dot: f64 = basis.modes[a].iter().zip(&basis.modes[b]).map(|(x, y)| x * y).sum();
            assert!((dot - if a == b { 1.0 } else { 0.0 }).abs() < 1e-3, "modes {a},{b}: {dot}");
        }
    }
    let mut track = Track::default();
    for k in 0..200 {
        let phase = TAU * k as f64 / 50.0;
        let (a1, a2) = (3.0 * phase.cos(), 3.0 * phase.sin());
        let angles: Vec<f64> = (0..48).map(|i| a1 * basis.modes[0][i] + a2 * basis.modes[1][i]).collect();
        let mean = angles.iter().sum::<f64>() / 48.0;
        let midline = {
            let mut p = [0.0, 0.0];
            let mut out = vec![p];
            for a in &angles {
                p = [p[0] + (a - mean).cos() / 48.0, p[1] + (a - mean).sin() / 48.0];
                out.push(p);
            }
            out
        };
        if k == 7 {
            let got = basis.project(&eigenworms::tangent_angles(&midline).unwrap());
            assert!((got[0] - a1).abs() < 0.05 && (got[1] - a2).abs() < 0.05, "{got:?} vs {a1} {a2}");
        }
        track.times_s.push(k as f64 * DT);
        track.centroid_mm.push([0.0, 0.0]);
        track.midlines_mm.get_or_insert_with(Vec::new).push(midline);
    }
    let explained = eigenworms::variance_explained(&track, &basis, 4);
    assert!(explained > 0.99, "{explained}");
    assert!(eigenworms::variance_explained(&track, &basis, 1) < 0.6);
    assert_eq!(eigenworms::projections(&track, &basis).len(), 200);
}

#[test]
fn circle_of_known_radius_has_curvature_one_over_radius() {
    let radius = 2.0;
    let track = Track::from_centroids("circle", (0..2000).map(|k| k as f64 * DT).collect(),
        (0..2000).map(|k| { let a = k as f64 * 0.005; [radius * a.cos(), radius * a.sin()] }).collect());
    let curvature = navigation::path_curvature_per_mm(&track, 0.1);
    let mean = curvature.iter().sum::<f64>() / curvature.len() as f64;
    assert!((mean - 1.0 / radius).abs() < 0.01, "{mean}");
    let clockwise = Track::from_centroids("cw", track.times_s.clone(), track.centroid_mm.iter().map(|p| [p[0], -p[1]]).collect());
    let mean_cw = navigation::path_curvature_per_mm(&clockwise, 0.1).iter().sum::<f64>() / curvature.len() as f64;
    assert!((mean_cw + 1.0 / radius).abs() < 0.01);
    // weathervaning: every step of this counter-clockwise circle curves at 1/R rad/mm whatever the bearing
    let bins = weathervane::curving_rate_vs_bearing(&track, 0.1, |_, _| [0.0, 1.0], 4);
    for b in bins {
        assert!((b.mean_curving_deg_per_mm - (1.0 / radius).to_degrees()).abs() < 0.5, "{b:?}");
        assert!(b.samples > 10);
    }
}

#[test]
fn scripted_chemotaxis_endpoints_give_both_indices() {
    let attractant = Zone::Circle { centre_mm: [20.0, 0.0], radius_mm: 10.0 };
    let control = Zone::Circle { centre_mm: [-20.0, 0.0], radius_mm: 10.0 };
    let mut endpoints = Vec::new();
    endpoints.extend((0..60).map(|k| [20.0 + (k % 7) as f64, (k % 5) as f64]));
    endpoints.extend((0..10).map(|k| [-20.0 - (k % 3) as f64, 1.0]));
    endpoints.extend((0..30).map(|k| [0.0, k as f64 - 15.0]));
    let counts = ChemotaxisCounts::from_endpoints(&endpoints, &attractant, &control);
    assert_eq!((counts.attractant, counts.control, counts.total), (60, 10, 100));
    assert!((counts.index_bargmann_1993() - 0.5).abs() < 1e-12);
    assert!((counts.index_a_plus_c() - 50.0 / 70.0).abs() < 1e-12);
}

#[test]
fn pirouettes_counted_against_dcdt_and_zone_time() {
    // moving along +x at 0.2 mm/s for 200 s; concentration rises for 100 s, then falls
    let n = 4000;
    let mut track = scripted_reversals(n as f64 * DT, &[]);
    let conc: Vec<f64> = track.times_s.iter().map(|&t| if t < 100.0 { t } else { 200.0 - t }).collect();
    track.annotations.insert("concentration".into(), conc.clone());
    let pirouettes = vec![(120.0, 125.0), (150.0, 152.0), (180.0, 181.0)];
    let bins = pirouettes::pirouette_rate_vs_dcdt(&track, track.annotation("concentration").unwrap(), &pirouettes, 1.0, &[-2.0, 0.0, 2.0]);
    assert_eq!(bins[0].events, 3);
    assert_eq!(bins[1].events, 0);
    // dC/dt over the past 1 s turns negative half a second after the peak; pirouette time is excluded
    let down_time = 200.0 - 100.5 - 8.0 - DT;
    assert!((bins[0].time_s - down_time).abs() < 0.3, "{bins:?}");
    assert!((bins[0].rate_per_min - 3.0 / (bins[0].time_s / 60.0)).abs() < 1e-9);
    // sharp turns on a zig-zag, grouped into one bout by t_crit
    let zig = Track::from_centroids("zig", (0..40).map(|k| k as f64).collect(),
        (0..40).map(|k| if k < 20 { [k as f64, 0.0] } else if k < 22 { [19.0, (k - 19) as f64] } else { [19.0 - (k - 21) as f64, 2.0] }).collect());
    let turn_times = pirouettes::sharp_turn_times_s(&zig, 1.0, 50.0);
    assert_eq!(turn_times.len(), 2, "{turn_times:?}");
    assert_eq!(pirouettes::pirouettes(&turn_times, 3.0).len(), 1);
    // time in zones and food leaving: 0.2 mm/s along x from 0 to 40 mm, lawn = first 10 mm
    let lawn = Zone::Rect { min_mm: [-1.0, -1.0], max_mm: [10.0, 1.0] };
    let f = zones::fraction_time_in_zone(&track, &lawn);
    assert!((f - 10.0 / 40.0).abs() < 0.01, "{f}");
    let (exits, rate) = navigation::food_leaving(&track, &lawn, 5.0);
    assert_eq!(exits, 1);
    assert!((rate - 1.0 / (50.0 / 60.0)).abs() < 0.05, "{rate}");
}

#[test]
fn responses_and_habituation_curve() {
    let stimuli = [10.0, 30.0, 50.0, 70.0, 90.0];
    // animal k responds to the first 3 - k stimuli (reversal 0.5 s after, lasting 3 s)
    let per_animal: Vec<Vec<Option<bool>>> = (0..3).map(|k| {
        let backward: Vec<(f64, f64)> = stimuli.iter().take(3 - k).map(|&s| (s + 0.5, s + 3.5)).collect();
        let track = scripted_reversals(100.0, &backward);
        responses::responses(&track, &stimuli, 2.0, 1.0)
    }).collect();
    assert_eq!(per_animal[0], vec![Some(true), Some(true), Some(true), Some(false), Some(false)]);
    let curve = responses::habituation_curve(&per_animal);
    let probabilities: Vec<f64> = curve.iter().map(|p| p.probability).collect();
    let expected = [1.0, 2.0 / 3.0, 1.0 / 3.0, 0.0, 0.0];
    for (p, e) in probabilities.iter().zip(expected) {
        assert!((p - e).abs() < 1e-12, "{probabilities:?}");
    }
    assert!((responses::response_probability(&per_animal) - 6.0 / 15.0).abs() < 1e-12);
    let short = scripted_reversals(20.0, &[]);
    assert_eq!(responses::responses(&short, &[19.5], 2.0, 1.0), vec![None]);
    assert!(PI > 3.0);
}

