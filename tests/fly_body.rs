//! The fly body in rapier3d: it stands under gravity on its six legs, and runs the same way twice.
//! (Walking under the pattern generator: `tests/fly_walk.rs`.)

use ett::body::{Body, BodyState, FlyBody, FlyPlacement};
use ett::buffers::MuscleCommand;
use ett::config::fly_body_spec::{validate_fly_body, FlyBodySpec};
use ett::config::load_ron;
use ett::physics::LeggedSettings;
use std::path::Path;

fn spec() -> FlyBodySpec {
    let loaded = load_ron::<FlyBodySpec>(Path::new("bodies/fly.ron")).unwrap();
    validate_fly_body(&loaded).unwrap();
    loaded.spec
}

/// The settings every fly run uses (multibody joints, leg links of at least 0.02 mg; see `fly_default`).
fn settings() -> LeggedSettings {
    LeggedSettings::fly_default()
}

/// Runs the body with every joint at its neutral target for `seconds`, sampling every 10 ms.
fn stand(seconds: f64) -> Vec<BodyState> {
    let spec = spec();
    let settings = settings();
    let mut body = FlyBody::new(&spec, settings, FlyPlacement { position_mm: [0.0, 0.0], heading_rad: 0.3 });
    body.actuate(&MuscleCommand { activation: vec![0.0; body.muscle_names().len()] });
    let substeps = (0.01 / settings.dt_s).round() as usize;
    let mut states = Vec::new();
    for _ in 0..(seconds / 0.01).round() as usize {
        body.advance(substeps).unwrap();
        let mut state = BodyState::default();
        body.sense(&mut state);
        states.push(state);
    }
    states
}

#[test]
fn the_body_has_the_published_mass_and_five_actuated_joints_per_leg() {
    let spec = spec();
    assert!((spec.total_mass_mg - 1.0).abs() < 0.01, "NeuroMechFly weighs about 1 mg: {}", spec.total_mass_mg);
    let lumped: f64 = spec.parts.iter().map(|p| p.mass_mg).sum::<f64>() + spec.legs.iter().flat_map(|l| &l.segments).map(|s| s.mass_mg).sum::<f64>();
    assert!((lumped - spec.total_mass_mg).abs() < 1e-3, "lumping keeps every segment's mass: {lumped}");
    let body = FlyBody::new(&spec, settings(), FlyPlacement { position_mm: [0.0, 0.0], heading_rad: 0.0 });
    assert_eq!(body.joint_count(), 30);
    assert_eq!(body.muscle_names().len(), 36, "30 joints and 6 adhesion channels");
}

#[test]
fn the_body_stands_under_gravity_for_one_second() {
    let states = stand(1.0);
    let first = &states[0];
    for s in &states {
        assert!(s.height_mm.is_finite() && s.centroid_mm.iter().all(|c| c.is_finite()), "finite state at {}", s.time_s);
    }
    // After settling (0.2 s) the thorax stays up, well clear of lying on its belly (about 0.54 mm).
    for s in states.iter().skip(20) {
        assert!((0.8..1.4).contains(&s.height_mm), "thorax height {} mm at t = {:.2} s", s.height_mm, s.time_s);
    }
    let last = states.last().unwrap();
    let drift = (last.centroid_mm[0] - first.centroid_mm[0]).hypot(last.centroid_mm[1] - first.centroid_mm[1]);
    assert!(drift < 0.5, "a standing fly stays put: drifted {drift} mm");
    let grounded = last.legs.iter().filter(|l| l.on_ground).count();
    assert!(grounded >= 5, "stands on its legs: {grounded} tarsi on the ground");
}

#[test]
fn the_same_start_gives_the_same_trajectory() {
    let (a, b) = (stand(0.2), stand(0.2));
    // Compared as text: the fly reports no load (NaN), and NaN != NaN under PartialEq.
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}
