//! The phenomenological fly (`brains/fly/behavioral_model.ron`) in the closed loop through the walking
//! decoder and the NeuroMechFly body: it walks the open arena at a fly's speed, and the paralysed fly does not.

mod common;

use common::run_for;
use ett::runner::RunOutcome;
use std::path::Path;

fn walk(brain: &str, seconds: f64) -> (RunOutcome, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let outcome = run_for(Path::new("tasks/fly/walk_open_arena.ron"), Some(Path::new(brain)), 2, 3, 2, dir.path(), Some(seconds));
    (outcome, dir)
}

/// Mean over the animals of the path speed on 0.1-s chords after the first 0.3 s (the thorax's own
/// velocity swings by tens of mm/s within a step, so chords, not samples).
fn path_speed_mm_per_s(dir: &std::path::Path, animals: usize) -> f64 {
    let mut total = 0.0;
    for a in 0..animals {
        let text = std::fs::read_to_string(dir.join(format!("animal_{a:03}/trajectory.csv"))).unwrap();
        let rows: Vec<Vec<f64>> = text.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
        let at = |i: usize| (rows[i][0], rows[i][3], rows[i][4]);
        let first = rows.iter().position(|r| r[0] >= 0.3).unwrap();
        let chords: Vec<usize> = (first..rows.len()).step_by(5).collect();
        let length: f64 = chords.windows(2).map(|w| {
            let (a, b) = (at(w[0]), at(w[1]));
            (b.1 - a.1).hypot(b.2 - a.2)
        }).sum();
        total += length / (at(*chords.last().unwrap()).0 - at(first).0);
    }
    total / animals as f64
}

#[test]
fn the_behavioural_fly_walks_the_open_arena_at_a_flys_speed_and_the_paralysed_fly_stands() {
    let (_, walked) = walk("brains/fly/behavioral_model.ron", 2.0);
    let speed = path_speed_mm_per_s(walked.path(), 2);
    let (_, stood) = walk("brains/fly/null_paralysed.ron", 2.0);
    let still = path_speed_mm_per_s(stood.path(), 2);
    eprintln!("path speed: behavioural model {speed:.2} mm/s, paralysed {still:.2} mm/s");
    // Real flies walk about 5-15 mm/s (REFERENCE_VALUES.md, Branson et al. 2009; status R); the model's
    // base speed is 6 mm/s and its turns slow the body.
    assert!((3.0..15.0).contains(&speed), "behavioural fly: {speed} mm/s");
    assert!(still < 1.0, "paralysed fly: {still} mm/s");
}
