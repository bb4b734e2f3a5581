//! A legged animal's gait record: per sample, each leg's ground contact, tarsus height and joint angles,
//! written as `gait.csv` beside the trajectory. The columns are those `scoring::stepping` reads, so real
//! recordings converted to the same columns (e.g. `scoring/fly/tethered_walking_*.csv`) are measured by
//! the same code.

use crate::body::LegState;

/// One sample: time and every leg's state.
#[derive(Debug, Clone, PartialEq)]
pub struct GaitRow {
    /// Simulated time.
    pub time_s: f64,
    /// Legs in the body's leg order.
    pub legs: Vec<LegState>,
}

/// A whole gait record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GaitRecord {
    /// Leg names in the body's leg order (e.g. `LF` ... `RH`).
    pub leg_names: Vec<String>,
    /// Joint names within a leg, in `LegState::joint_angles_rad` order (e.g. `ThcYaw`).
    pub joint_names: Vec<String>,
    /// Samples in time order.
    pub rows: Vec<GaitRow>,
}

impl GaitRecord {
    /// The record as CSV: `time_s`, then `LEG_stance` (1: tarsus on the ground), `LEG_tarsus_z_mm`, and
    /// `LEG_JOINT_rad` per leg and joint.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = String::from("time_s");
        for leg in &self.leg_names {
            out.push_str(&format!(",{leg}_stance"));
        }
        for leg in &self.leg_names {
            out.push_str(&format!(",{leg}_tarsus_z_mm"));
        }
        for leg in &self.leg_names {
            for joint in &self.joint_names {
                out.push_str(&format!(",{leg}_{joint}_rad"));
            }
        }
        out.push('\n');
        for row in &self.rows {
            out.push_str(&format!("{:.4}", row.time_s));
            for leg in &row.legs {
                out.push_str(if leg.on_ground { ",1" } else { ",0" });
            }
            for leg in &row.legs {
                out.push_str(&format!(",{:.4}", leg.tarsus_tip_mm[2]));
            }
            for leg in &row.legs {
                for angle in leg.joint_angles_rad.iter().take(self.joint_names.len()) {
                    out.push_str(&format!(",{angle:.4}"));
                }
            }
            out.push('\n');
        }
        out.into_bytes()
    }
}
