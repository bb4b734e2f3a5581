//! How muscle activations become joint rest angles and stiffnesses.

use crate::buffers::MuscleCommand;
use crate::config::body_spec::{BendingSpec, BodySide, MuscleSpec};
use crate::physics::JointDrive;

/// Per-joint weights of every muscle, split by side, built once from the body spec.
#[derive(Debug, Clone)]
pub struct MuscleMap {
    /// For each joint, (muscle index, weight) of dorsal muscles.
    dorsal: Vec<Vec<(usize, f64)>>,
    /// For each joint, (muscle index, weight) of ventral muscles.
    ventral: Vec<Vec<(usize, f64)>>,
    passive_stiffness: f64,
    active_stiffness: f64,
    max_angle_rad: f64,
    damping: f64,
}

impl MuscleMap {
    /// Maps muscles onto joints at body fractions `joint_fractions`, each owning a window of
    /// `window_fraction` of the body; a muscle's weight is the share of the window it covers, halved
    /// because each side has two quadrants (left and right).
    pub fn new(muscles: &[MuscleSpec], joint_fractions: &[f64], window_fraction: f64, bending: &BendingSpec, segment_length_mm: f64) -> Self {
        let mut dorsal = vec![Vec::new(); joint_fractions.len()];
        let mut ventral = vec![Vec::new(); joint_fractions.len()];
        for (joint, &center) in joint_fractions.iter().enumerate() {
            let (lo, hi) = (center - 0.5 * window_fraction, center + 0.5 * window_fraction);
            for (index, muscle) in muscles.iter().enumerate() {
                let overlap = (hi.min(muscle.to_body_fraction) - lo.max(muscle.from_body_fraction)).max(0.0);
                if overlap > 0.0 {
                    let weight = 0.5 * overlap / window_fraction;
                    match muscle.side {
                        BodySide::Dorsal => dorsal[joint].push((index, weight)),
                        BodySide::Ventral => ventral[joint].push((index, weight)),
                    }
                }
            }
        }
        MuscleMap {
            dorsal,
            ventral,
            passive_stiffness: bending.passive_stiffness_nn_mm_per_rad,
            active_stiffness: bending.active_stiffness_nn_mm_per_rad,
            max_angle_rad: bending.max_curvature_per_mm * segment_length_mm,
            damping: bending.damping_nn_mm_s_per_rad,
        }
    }

    /// Joint drives for the given activations: two springs per joint (one per side, stiffness and
    /// rest curvature scaled by activation) plus the passive spring, combined into one.
    pub fn drives(&self, command: &MuscleCommand, out: &mut [JointDrive]) {
        let side = |weights: &Vec<(usize, f64)>| -> f64 {
            weights.iter().map(|&(m, w)| w * command.activation[m].clamp(0.0, 1.0)).sum()
        };
        for (joint, drive) in out.iter_mut().enumerate() {
            let d = side(&self.dorsal[joint]);
            let v = side(&self.ventral[joint]);
            let stiffness = self.passive_stiffness + self.active_stiffness * (d + v);
            let target = self.active_stiffness * self.max_angle_rad * (d - v) / stiffness;
            *drive = JointDrive { target_rad: target as f32, stiffness: stiffness as f32, damping: self.damping as f32 };
        }
    }
}
