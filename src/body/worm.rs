//! The C. elegans body: a tapered chain of rigid segments lying on its left side on the plate, so
//! that dorsal-ventral bends lie in the plane (dorsal is to the right of the heading, seen from above).

use super::{Body, BodyState, MuscleMap};
use crate::buffers::MuscleCommand;
use crate::config::body_spec::{BodySpec, SiteKind};
use crate::config::{ConfigError, Loaded};
use crate::physics::{ChainLayout, JointDrive, Medium, PhysicsError, PhysicsSettings, PlanarChain, SegmentPose, Wall};
use std::collections::HashSet;

/// Where a body starts on the plate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Head tip position.
    pub head_tip_mm: [f64; 2],
    /// Heading, counter-clockwise from +x.
    pub heading_rad: f64,
    /// Simulated time at placement.
    pub time_s: f64,
}

/// A worm body in its physics world.
pub struct WormBody {
    chain: PlanarChain,
    muscle_names: Vec<String>,
    muscle_map: MuscleMap,
    drives: Vec<JointDrive>,
    poses: Vec<SegmentPose>,
    segment_length_mm: f64,
    site_fractions: Vec<f64>,
}

/// Checks a body spec for what serde cannot: counts, ranges and unique names.
pub fn validate_body(body: &Loaded<BodySpec>) -> Result<(), ConfigError> {
    let spec = &body.spec;
    if spec.segments < 2 {
        return Err(body.invalid("segments", format!("need at least 2 segments, got {}", spec.segments)));
    }
    for (field, value) in [("length_mm", spec.length_mm), ("max_diameter_mm", spec.max_diameter_mm)] {
        if !(value > 0.0 && value.is_finite()) {
            return Err(body.invalid(field, format!("must be positive and finite, got {value}")));
        }
    }
    let bending = &spec.bending;
    for (field, value) in [
        ("passive_stiffness_nn_mm_per_rad", bending.passive_stiffness_nn_mm_per_rad),
        ("active_stiffness_nn_mm_per_rad", bending.active_stiffness_nn_mm_per_rad),
        ("max_curvature_per_mm", bending.max_curvature_per_mm),
        ("damping_nn_mm_s_per_rad", bending.damping_nn_mm_s_per_rad),
    ] {
        if !(value >= 0.0 && value.is_finite()) {
            return Err(body.invalid(field, format!("must be non-negative and finite, got {value}")));
        }
    }
    if bending.passive_stiffness_nn_mm_per_rad <= 0.0 {
        return Err(body.invalid("passive_stiffness_nn_mm_per_rad", "must be positive (it keeps an idle body straight)"));
    }
    let mut names = HashSet::new();
    for muscle in &spec.muscles {
        if !names.insert(muscle.name.as_str()) {
            return Err(body.invalid("muscles", format!("muscle `{}` is listed twice", muscle.name)));
        }
        let (from, to) = (muscle.from_body_fraction, muscle.to_body_fraction);
        if !(0.0..=1.0).contains(&from) || !(0.0..=1.0).contains(&to) || from >= to {
            return Err(body.invalid("muscles", format!("muscle `{}` spans {from}..{to}; need 0 <= from < to <= 1", muscle.name)));
        }
    }
    let mut sites = HashSet::new();
    for site in &spec.sensor_sites {
        if !sites.insert(site.name.as_str()) {
            return Err(body.invalid("sensor_sites", format!("sensor site `{}` is listed twice", site.name)));
        }
        if !(0.0..=1.0).contains(&site.body_fraction) {
            return Err(body.invalid("sensor_sites", format!("site `{}` at body fraction {} is outside 0..1", site.name, site.body_fraction)));
        }
    }
    Ok(())
}

/// Segment radii tapering to the tips (Boyle, Berri & Cohen 2012): R |sin(acos((i - N/2) / (N/2 + 0.2)))|.
pub fn segment_radii_mm(spec: &BodySpec) -> Vec<f64> {
    let n = spec.segments as f64;
    (0..spec.segments)
        .map(|i| {
            let x = (i as f64 + 0.5 - n / 2.0) / (n / 2.0 + 0.2);
            0.5 * spec.max_diameter_mm * x.acos().sin().abs()
        })
        .collect()
}

impl WormBody {
    /// Builds the body from a validated spec, in a medium, inside an optional wall.
    pub fn new(spec: &BodySpec, medium: Medium, wall: Option<Wall>, settings: PhysicsSettings, placement: Placement) -> Self {
        let n = spec.segments;
        let segment_length_mm = spec.length_mm / n as f64;
        let layout = ChainLayout {
            segment_lengths_mm: vec![segment_length_mm as f32; n],
            segment_radii_mm: segment_radii_mm(spec).iter().map(|&r| r as f32).collect(),
            head_tip_mm: [placement.head_tip_mm[0] as f32, placement.head_tip_mm[1] as f32],
            heading_rad: placement.heading_rad as f32,
            start_time_s: placement.time_s,
        };
        let joint_fractions: Vec<f64> = (1..n).map(|j| j as f64 / n as f64).collect();
        let muscle_map = MuscleMap::new(&spec.muscles, &joint_fractions, 1.0 / n as f64, &spec.bending, segment_length_mm);
        let mut body = WormBody {
            chain: PlanarChain::new(&layout, medium, wall, settings),
            muscle_names: spec.muscles.iter().map(|m| m.name.clone()).collect(),
            muscle_map,
            drives: vec![JointDrive::default(); n - 1],
            poses: vec![SegmentPose::default(); n],
            segment_length_mm,
            site_fractions: spec.sensor_sites.iter().map(|s| s.body_fraction).collect(),
        };
        body.actuate(&MuscleCommand { activation: vec![0.0; spec.muscles.len()] });
        body
    }

    /// Number of joints (segments - 1).
    pub fn joint_count(&self) -> usize {
        self.drives.len()
    }
}

/// Indexes of the sites of one kind, in body order.
pub fn sites_of_kind(spec: &BodySpec, kind: SiteKind) -> Vec<usize> {
    spec.sensor_sites.iter().enumerate().filter(|(_, s)| s.kind == kind).map(|(i, _)| i).collect()
}

impl Body for WormBody {
    fn muscle_names(&self) -> &[String] {
        &self.muscle_names
    }

    fn actuate(&mut self, command: &MuscleCommand) {
        self.muscle_map.drives(command, &mut self.drives);
        self.chain.set_drives(&self.drives);
    }

    fn advance(&mut self, substeps: usize) -> Result<(), PhysicsError> {
        // The load sensed next is the one felt during these steps only.
        self.chain.clear_drag_load();
        for _ in 0..substeps {
            self.chain.step()?;
        }
        Ok(())
    }

    fn sense(&mut self, state: &mut BodyState) {
        self.chain.segment_poses(&mut self.poses);
        let poses = &self.poses;
        let n = poses.len();
        let half = 0.5 * self.segment_length_mm;
        state.time_s = self.chain.time_s();
        state.load_n_s_per_m2 = self.chain.drag_load_n_s_per_m2();
        state.midline_mm.resize(n + 1, [0.0; 2]);
        let first = poses[0];
        state.midline_mm[0] = [first.x_mm + half * first.heading_rad.cos(), first.y_mm + half * first.heading_rad.sin()];
        let (mut cx, mut cy, mut vx, mut vy) = (0.0, 0.0, 0.0, 0.0);
        for (i, pose) in poses.iter().enumerate() {
            state.midline_mm[i + 1] = [pose.x_mm - half * pose.heading_rad.cos(), pose.y_mm - half * pose.heading_rad.sin()];
            cx += pose.x_mm;
            cy += pose.y_mm;
            vx += pose.vx_mm_per_s;
            vy += pose.vy_mm_per_s;
        }
        let inv = 1.0 / n as f64;
        state.centroid_mm = [cx * inv, cy * inv];
        state.centroid_velocity_mm_per_s = [vx * inv, vy * inv];
        state.bend_rad.resize(n - 1, 0.0);
        self.chain.joint_angles(&mut state.bend_rad);
        state.site_mm.resize(self.site_fractions.len(), [0.0; 2]);
        for (site, &fraction) in state.site_mm.iter_mut().zip(&self.site_fractions) {
            *site = point_along(&state.midline_mm, fraction);
        }
    }
}

/// The point at `fraction` of the way along a polyline of equal-length pieces.
fn point_along(midline: &[[f64; 2]], fraction: f64) -> [f64; 2] {
    let pieces = (midline.len() - 1) as f64;
    let position = (fraction.clamp(0.0, 1.0) * pieces).min(pieces - 1e-12);
    let index = position.floor() as usize;
    let t = position - index as f64;
    let (a, b) = (midline[index], midline[index + 1]);
    [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
}
