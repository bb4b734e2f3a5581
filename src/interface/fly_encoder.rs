//! The phenomenological fly's encoder: odour at each antenna, the densest food under a tarsus (sugar)
//! and the temperature at the antennae, in `brain::fly_navigator::INPUT_NAMES` order.

use super::{ChannelNames, Encoder};
use crate::brain::fly_navigator::{input, INPUT_NAMES};
use crate::buffers::{NeuralInput, SensorFrame};
use crate::config::fly_navigator_spec::FlySensorsSpec;

/// Resolved frame indexes of each channel.
#[derive(Debug, Clone)]
pub struct FlyEncoder {
    left: usize,
    right: usize,
    /// Frame index of the odour at each antenna (None: the arena has no such chemical).
    odour: Option<(usize, usize)>,
    taste: Vec<usize>,
}

fn site(sites: &[String], name: &str) -> Result<usize, (&'static str, String)> {
    sites.iter().position(|s| s == name).ok_or_else(|| ("sensors", format!("the body has no site `{name}` (it has: {})", sites.join(", "))))
}

impl FlyEncoder {
    /// Resolves site names against the body; an odour the arena lacks reads as no odour.
    pub fn new(spec: &FlySensorsSpec, names: ChannelNames) -> Result<Self, (&'static str, String)> {
        let left = site(names.chemosensory_sites, &spec.left_antenna)?;
        let right = site(names.chemosensory_sites, &spec.right_antenna)?;
        let n = names.chemicals.len();
        let odour = names.chemicals.iter().position(|c| *c == spec.odour_chemical).map(|c| (left * n + c, right * n + c));
        let taste = spec.taste_sites.iter().map(|s| site(names.chemosensory_sites, s)).collect::<Result<_, _>>()?;
        Ok(FlyEncoder { left, right, odour, taste })
    }
}

impl Encoder for FlyEncoder {
    fn encode(&mut self, frame: &SensorFrame, _dt_s: f64, out: &mut NeuralInput) {
        let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
        out.drive.clear();
        out.drive.resize(INPUT_NAMES.len(), 0.0);
        if let Some((l, r)) = self.odour {
            out.drive[input::ODOUR_LEFT] = at(&frame.chemical, l);
            out.drive[input::ODOUR_RIGHT] = at(&frame.chemical, r);
        }
        out.drive[input::SUGAR] = self.taste.iter().map(|&i| at(&frame.food_per_mm2, i)).fold(0.0, f64::max);
        let temperature = |i: usize| frame.temperature_c.get(i).copied().unwrap_or(f64::NAN);
        out.drive[input::TEMPERATURE] = 0.5 * (temperature(self.left) + temperature(self.right));
    }
}
