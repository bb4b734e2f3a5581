//! The behavioural model's encoder: reads the sensor frame at named sites into the model's channels
//! (`brain::behavioral::INPUT_NAMES`): salt, temperature, noxious and food at the nose, noxious at the
//! tail, anterior and posterior touch, tap, the head's bend (the head-swing signal) and the body's load.

use super::{ChannelNames, Encoder};
use crate::brain::behavioral::{input, INPUT_NAMES};
use crate::buffers::{NeuralInput, SensorFrame};
use crate::config::behavioral_spec::SensorSitesSpec;

/// Resolved frame indexes of each channel.
#[derive(Debug, Clone)]
pub struct BehaviorEncoder {
    nose: usize,
    tail: usize,
    salt: Option<usize>,
    anterior: Vec<usize>,
    posterior: Vec<usize>,
    head_joints: usize,
}

fn site(sites: &[String], name: &str) -> Result<usize, (&'static str, String)> {
    sites.iter().position(|s| s == name).ok_or_else(|| ("sensors", format!("the body has no site `{name}` (it has: {})", sites.join(", "))))
}

impl BehaviorEncoder {
    /// Resolves site names against the body; a salt chemical the arena lacks reads as no salt.
    pub fn new(spec: &SensorSitesSpec, names: ChannelNames) -> Result<Self, (&'static str, String)> {
        let nose = site(names.chemosensory_sites, &spec.nose_site)?;
        let salt = names.chemicals.iter().position(|c| *c == spec.salt_chemical).map(|c| nose * names.chemicals.len() + c);
        let touch = |list: &[String]| list.iter().map(|s| site(names.touch_sites, s)).collect::<Result<Vec<_>, _>>();
        Ok(BehaviorEncoder {
            nose,
            tail: site(names.chemosensory_sites, &spec.tail_site)?,
            salt,
            anterior: touch(&spec.anterior_touch_sites)?,
            posterior: touch(&spec.posterior_touch_sites)?,
            head_joints: spec.head_joints.max(1),
        })
    }
}

impl Encoder for BehaviorEncoder {
    fn encode(&mut self, frame: &SensorFrame, _dt_s: f64, out: &mut NeuralInput) {
        let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
        let any_touch = |sites: &[usize]| if sites.iter().any(|&i| at(&frame.touch, i) > 0.0) { 1.0 } else { 0.0 };
        out.drive.clear();
        out.drive.resize(INPUT_NAMES.len(), 0.0);
        out.drive[input::SALT] = self.salt.map_or(0.0, |i| at(&frame.chemical, i));
        out.drive[input::TEMPERATURE] = frame.temperature_c.get(self.nose).copied().unwrap_or(f64::NAN);
        out.drive[input::NOXIOUS_NOSE] = at(&frame.noxious, self.nose);
        out.drive[input::NOXIOUS_TAIL] = at(&frame.noxious, self.tail);
        out.drive[input::FOOD] = at(&frame.food_per_mm2, self.nose);
        out.drive[input::TOUCH_ANTERIOR] = any_touch(&self.anterior);
        out.drive[input::TOUCH_POSTERIOR] = any_touch(&self.posterior);
        out.drive[input::TAP] = frame.tap;
        let joints = self.head_joints.min(frame.bend_rad.len());
        out.drive[input::HEAD_BEND] = if joints == 0 { 0.0 } else { frame.bend_rad[..joints].iter().sum::<f64>() / joints as f64 };
        out.drive[input::LOAD] = frame.load_n_s_per_m2;
    }
}
