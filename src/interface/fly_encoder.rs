//! The fly's encoder: one signal per sensory channel (`FlySense`): a chemical at a body site, the densest
//! food (sugar) or strongest noxious intensity (bitter) under a tasting tarsus, the temperature or the rim's
//! distance at a site, per eye the luminance and a looming object's angular size and expansion, the wind
//! along and across the body, and the shock through the legs. The phenomenological fly reads a fixed set of
//! channels (and a mushroom body's); the whole-brain fly one per input group.

use super::{ChannelNames, Encoder};
use crate::buffers::{NeuralInput, SensorFrame};
use crate::config::fly_navigator_spec::FlySensorsSpec;
use crate::config::flywire_lif_spec::FlySense;

/// A channel with its frame indexes resolved.
#[derive(Debug, Clone)]
enum Channel {
    /// Index into `SensorFrame::chemical` (None: the arena lacks the chemical, which reads as 0).
    Chemical(Option<usize>),
    Sugar,
    Bitter,
    /// Index into `SensorFrame::temperature_c`.
    Temperature(usize),
    /// Index into `SensorFrame::wall_distance_mm`.
    WallDistance(usize),
    /// Eye index into `SensorFrame::eye_luminance`.
    Luminance(usize),
    /// Eye index into `SensorFrame::eye_object_size_deg`.
    LoomSize(usize),
    /// Eye index into `SensorFrame::eye_object_expansion_deg_per_s`.
    LoomExpansion(usize),
    /// Index into `SensorFrame::wind_body_mm_per_s`.
    Wind(usize),
    Shock,
}

/// Resolved channels, written in order.
#[derive(Debug, Clone)]
pub struct FlyEncoder {
    channels: Vec<Channel>,
    taste: Vec<usize>,
}

fn site(sites: &[String], name: &str) -> Result<usize, (&'static str, String)> {
    sites.iter().position(|s| s == name).ok_or_else(|| ("sensors", format!("the body has no site `{name}` (it has: {})", sites.join(", "))))
}

fn eye(eyes: &[String], name: &str) -> Result<usize, (&'static str, String)> {
    eyes.iter().position(|s| s == name).ok_or_else(|| ("sensors", format!("the body has no eye `{name}` (it has: {})", if eyes.is_empty() { "none: the body file has no `eyes`".to_string() } else { eyes.join(", ") })))
}

impl FlyEncoder {
    /// Resolves site names against the body; a chemical the arena lacks reads as none.
    pub fn new(senses: &[FlySense], taste_sites: &[String], names: ChannelNames) -> Result<Self, (&'static str, String)> {
        let n = names.chemicals.len();
        let channels = senses.iter().map(|sense| Ok(match sense {
            FlySense::Odour { chemical, site: at } => {
                let s = site(names.chemosensory_sites, at)?;
                Channel::Chemical(names.chemicals.iter().position(|c| c == chemical).map(|c| s * n + c))
            }
            FlySense::Sugar => Channel::Sugar,
            FlySense::Bitter => Channel::Bitter,
            FlySense::Temperature(at) => Channel::Temperature(site(names.chemosensory_sites, at)?),
            FlySense::WallDistance(at) => Channel::WallDistance(site(names.chemosensory_sites, at)?),
            FlySense::Luminance(at) => Channel::Luminance(eye(names.eyes, at)?),
            FlySense::LoomSize(at) => Channel::LoomSize(eye(names.eyes, at)?),
            FlySense::LoomExpansion(at) => Channel::LoomExpansion(eye(names.eyes, at)?),
            FlySense::WindForward => Channel::Wind(0),
            FlySense::WindLeft => Channel::Wind(1),
            FlySense::Shock => Channel::Shock,
        })).collect::<Result<_, (&'static str, String)>>()?;
        let taste = taste_sites.iter().map(|s| site(names.chemosensory_sites, s)).collect::<Result<_, _>>()?;
        Ok(FlyEncoder { channels, taste })
    }

    /// The phenomenological fly's channels (`brain::fly_navigator::INPUT_NAMES`): odour at each antenna,
    /// sugar, the temperature at the left antenna, each antenna's distance to the rim, each eye's looming
    /// object size and expansion, and the wind; then, for a mushroom body's `learned_odours`, each at the left
    /// and right antenna, and the shock.
    pub fn navigator(spec: &FlySensorsSpec, learned_odours: &[String], names: ChannelNames) -> Result<Self, (&'static str, String)> {
        let smell = |chemical: &String, site: &String| FlySense::Odour { chemical: chemical.clone(), site: site.clone() };
        let odour = |site: &String| smell(&spec.odour_chemical, site);
        let mut senses = vec![
            odour(&spec.left_antenna),
            odour(&spec.right_antenna),
            FlySense::Sugar,
            FlySense::Temperature(spec.left_antenna.clone()),
            FlySense::WallDistance(spec.left_antenna.clone()),
            FlySense::WallDistance(spec.right_antenna.clone()),
            FlySense::LoomSize(spec.left_eye.clone()),
            FlySense::LoomSize(spec.right_eye.clone()),
            FlySense::LoomExpansion(spec.left_eye.clone()),
            FlySense::LoomExpansion(spec.right_eye.clone()),
            FlySense::WindForward,
            FlySense::WindLeft,
        ];
        if !learned_odours.is_empty() {
            senses.extend(learned_odours.iter().flat_map(|o| [smell(o, &spec.left_antenna), smell(o, &spec.right_antenna)]));
            senses.push(FlySense::Shock);
        }
        Self::new(&senses, &spec.taste_sites, names)
    }
}

impl Encoder for FlyEncoder {
    fn encode(&mut self, frame: &SensorFrame, _dt_s: f64, out: &mut NeuralInput) {
        let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
        let strongest = |v: &[f64]| self.taste.iter().map(|&i| at(v, i)).fold(0.0, f64::max);
        out.drive.clear();
        out.drive.extend(self.channels.iter().map(|channel| match channel {
            Channel::Chemical(index) => index.map_or(0.0, |i| at(&frame.chemical, i)),
            Channel::Sugar => strongest(&frame.food_per_mm2),
            Channel::Bitter => strongest(&frame.noxious),
            Channel::Temperature(i) => frame.temperature_c.get(*i).copied().unwrap_or(f64::NAN),
            Channel::WallDistance(i) => frame.wall_distance_mm.get(*i).copied().unwrap_or(f64::INFINITY),
            Channel::Luminance(i) => frame.eye_luminance.get(*i).copied().unwrap_or(1.0),
            Channel::LoomSize(i) => at(&frame.eye_object_size_deg, *i),
            Channel::LoomExpansion(i) => at(&frame.eye_object_expansion_deg_per_s, *i),
            Channel::Wind(axis) => frame.wind_body_mm_per_s[*axis],
            Channel::Shock => frame.shock_v,
        }));
    }
}
