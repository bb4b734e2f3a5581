//! The plate's rim holds the fly: walking straight at it, the fly stays inside (it walked off the plate
//! before the rim was a collider); without the rim the same walk leaves the circle. The body runs at
//! about 0.8x real time (0.1x before 2026-12-07), so each walk is under a second.

use ett::bench::fly::load_fly;
use ett::body::{Body, BodyState, FlyBody, FlyPlacement};
use ett::buffers::{MuscleCommand, NeuralOutput};
use ett::interface::{Decoder, WalkingDecoder};
use ett::physics::{LeggedSettings, Wall};
use std::path::Path;

const RADIUS_MM: f64 = 4.0;
const CONTROL_DT_S: f64 = 0.004;

/// Farthest distance from the plate centre reached by the head tip and the thorax, walking at full drive
/// from 1.5 mm inside the rim straight at it for `seconds`.
fn walk_at_the_rim(rim: bool, seconds: f64) -> f64 {
    let (body, walking) = load_fly(Path::new("bodies/fly.ron"), Path::new("bodies/fly_walking.ron")).unwrap();
    let settings = LeggedSettings::fly_default();
    let mut fly = FlyBody::new(&body, settings, FlyPlacement { position_mm: [RADIUS_MM - 1.5, 0.0], heading_rad: 0.0 });
    if rim {
        fly.enclose(Wall { center_mm: [0.0, 0.0], radius_mm: RADIUS_MM as f32 });
    }
    let mut decoder = WalkingDecoder::new(&walking, fly.muscle_names()).unwrap();
    let output = NeuralOutput { activity: vec![1.0, 1.0, 0.0, 0.0] };
    let mut muscles = MuscleCommand::default();
    let substeps = (CONTROL_DT_S / settings.dt_s).round() as usize;
    let mut farthest_mm: f64 = 0.0;
    for _ in 0..(seconds / CONTROL_DT_S).round() as usize {
        decoder.decode(&output, CONTROL_DT_S, &mut muscles);
        fly.actuate(&muscles);
        fly.advance(substeps).expect("a finite step against the rim");
        let mut state = BodyState::default();
        fly.sense(&mut state);
        for point in &state.midline_mm[..2] {
            farthest_mm = farthest_mm.max(point[0].hypot(point[1]));
        }
    }
    farthest_mm
}

#[test]
fn the_rim_keeps_a_fly_walking_at_it_on_the_plate() {
    // At 12 mm/s, 0.6 s carries the fly 7 mm: far past a rim 1.5 mm ahead.
    let free = walk_at_the_rim(false, 0.6);
    eprintln!("without the rim: {free:.2} mm from the centre");
    assert!(free > RADIUS_MM + 2.0, "without the rim the fly walks off the plate: {free} mm from the centre");
    let held = walk_at_the_rim(true, 0.6);
    eprintln!("with the rim at {RADIUS_MM} mm: {held:.3} mm");
    // The head tip is the body capsule's end: it may touch the rim's face, never pass it.
    assert!(held <= RADIUS_MM + 0.05, "the rim holds the fly: {held} mm from the centre, rim at {RADIUS_MM} mm");
}
