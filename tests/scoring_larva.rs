//! The readers and metrics on the 38 real Drosophila larva tracks of larvaworld 2.5.1 (Schleyer group),
//! read straight from the wheel when `scripts/fetch_data.sh` has fetched it. Prints the figures measured.

use std::path::PathBuf;

use ett::scoring::eigenworms::{self, EigenBasis};
use ett::scoring::readers::larvaworld;
use ett::scoring::stats::*;
use ett::scoring::track::{mean, median};
use ett::scoring::{gait, motion, navigation, turns};

fn wheel() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".data/wheels").join(larvaworld::WHEEL_FILE);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: larvaworld wheel absent, run scripts/fetch_data.sh");
        None
    }
}

#[test]
fn real_larva_tracks_read_and_measure() {
    let Some(path) = wheel() else { return };
    let set = larvaworld::read_wheel(&path).unwrap();
    assert_eq!(set.tracks.len(), 38);
    let frames: usize = set.tracks.iter().map(|t| t.len()).sum();
    println!("larvaworld 2.5.1: {} tracks, {frames} frames read, {} rows skipped (tracker 'na'):", set.tracks.len(), set.skipped.len());
    for s in &set.skipped {
        println!("  skipped {}:{} {}", s.path.display(), s.line, s.reason);
    }
    assert_eq!(frames + set.skipped.len(), 61_399);

    let basis = EigenBasis::n2();
    let mut rows = Vec::new();
    println!("{:>10} {:>6} {:>7} {:>7} {:>7} {:>5} {:>5} {:>5} {:>7} {:>6} {:>6} {:>7}", "larva", "dur_s", "len_mm", "v_mm/s", "fwd_v", "fwd", "back", "pause", "rev/min", "bend_Hz", "|k|/mm", "var4_N2");
    for track in &set.tracks {
        let length = track.body_length_mm().unwrap();
        assert!(length > 1.5 && length < 7.0, "{}: body length {length} mm", track.id);
        // the negated centroid lies on the body, as the reader's doc claims
        let mids = track.midlines_mm.as_ref().unwrap();
        let offsets: Vec<f64> = mids.iter().zip(&track.centroid_mm).map(|(m, c)| {
            let mx = m.iter().map(|p| p[0]).sum::<f64>() / m.len() as f64;
            let my = m.iter().map(|p| p[1]).sum::<f64>() / m.len() as f64;
            (mx - c[0]).hypot(my - c[1])
        }).collect();
        assert!(median(&mut offsets.clone()) < 0.25 * length, "{}: centroid off the body", track.id);
        let m = motion::motion_summary(track, None).unwrap();
        // gait's frequency scan costs duration squared: the first 60 s of each larva keep the test fast
        let mut first_minute = track.clone();
        let cut = track.index_at(track.times_s[0] + 60.0);
        first_minute.times_s.truncate(cut);
        first_minute.midlines_mm.as_mut().unwrap().truncate(cut);
        // A larva that barely bends in its first minute has no gait (NaN in the table).
        let frequency_hz = gait::gait_of_track(&first_minute).map_or(f64::NAN, |g| g.frequency_hz);
        let curvature: Vec<f64> = navigation::path_curvature_per_mm(track, 0.5).iter().map(|k| k.abs()).collect();
        let var4 = eigenworms::variance_explained(track, &basis, 4);
        println!("{:>10} {:>6.0} {:>7.2} {:>7.3} {:>7.3} {:>5.2} {:>5.2} {:>5.2} {:>7.2} {:>6.2} {:>6.3} {:>7.2}", track.id, track.duration_s(), length,
            m.median_speed_mm_per_s, m.mean_forward_speed_mm_per_s, m.fraction_forward, m.fraction_backward, m.fraction_paused, m.reversal_rate_per_min, frequency_hz, mean(&curvature), var4);
        let events = turns::detect_turns(track);
        rows.push((track.id.clone(), [m.median_speed_mm_per_s, m.fraction_forward, m.reversal_rate_per_min, frequency_hz, mean(&curvature)], events));
    }
    let column = |k: usize| rows.iter().map(|r| r.1[k]).collect::<Vec<f64>>();
    let speeds = column(0);
    let ci = bootstrap_ci(&speeds, |s| s.iter().copied().sum::<f64>() / s.len() as f64, 2000, 0.95, 1);
    println!("median speed per larva: mean {:.3} mm/s, 95% CI over larvae [{:.3}, {:.3}]", ci.estimate, ci.lo, ci.hi);
    println!("forward fraction mean {:.2}; reversal rate mean {:.2}/min; bend-angle peak (first 60 s) {:.2} Hz; |path curvature| {:.3}/mm",
        mean(&column(1)), mean(&column(2)), mean(&column(3)), mean(&column(4)));
    let (omegas, upsilons): (usize, usize) = rows.iter().map(|r| (r.2.iter().filter(|e| e.kind == turns::TurnKind::Omega).count(), r.2.iter().filter(|e| e.kind == turns::TurnKind::Upsilon).count())).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("worm turn detector on larvae (C. elegans definitions, not larval casts): {omegas} omega, {upsilons} upsilon events");
    // dish 1 against dish 2: two batches of real animals should look alike
    let (dish1, dish2): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r.0.starts_with("dish01"));
    let speeds1: Vec<f64> = dish1.iter().map(|r| r.1[0]).collect();
    let speeds2: Vec<f64> = dish2.iter().map(|r| r.1[0]).collect();
    let d = normalised_wasserstein(&speeds2, &speeds1, 200, 2);
    let ks = ks_two_sample(&speeds1, &speeds2);
    println!("speed, dish02 vs dish01 ({} vs {} larvae): W1 {:.4} mm/s = {:.2} x dish01 split-half; KS D {:.3} p {:.3}", speeds2.len(), speeds1.len(), d.distance, d.normalised, ks.d, ks.p_value);
    let features = |rs: &[&(String, [f64; 5], Vec<turns::TurnEvent>)]| rs.iter().map(|r| r.1.to_vec()).collect::<Vec<_>>();
    let c = classifier_two_sample_test(&features(&dish2), &features(&dish1), 500, 3);
    println!("classifier two-sample test dish02 vs dish01 (5 features, LOO 1-NN): accuracy {:.2}, permutation p {:.3}", c.accuracy, c.p_value);
    assert!(ci.estimate > 0.05 && ci.estimate < 3.0, "larval crawling speed out of any plausible range: {ci:?}");
    assert!(d.normalised.is_finite());
}
