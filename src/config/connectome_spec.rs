//! The connectome brain's RON spec: tables, neuron parameters, synapse signs, plasticity, encoders,
//! decoder and perturbations. Neurons are named by selectors (see [`ConnectomeSpec`]).

use serde::{Deserialize, Serialize};

/// Parameters and interface of the graded connectome brain (`model: Connectome((...))`).
///
/// Neuron selectors, used wherever a list of neurons is asked for: an exact name (`"AVAL"`), a name
/// prefix ending in `*` (`"DB*"` matches DB1-DB7), or a functional class (`"class:motor"`,
/// `"class:sensory"`, `"class:interneuron"`, `"class:other"`). A selector matching nothing is an error.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectomeSpec {
    /// Folder with the `ett import cect` tables, relative to the brain file.
    pub tables: String,
    /// Membrane and synapse parameters shared by every neuron.
    pub neuron: NeuronParams,
    /// Which presynaptic neurons are inhibitory.
    #[serde(default)]
    pub inhibitory: InhibitorySet,
    /// Glutamatergic neurons treated as inhibitory (selectors); others follow `glutamate_default`.
    #[serde(default)]
    pub glutamate_inhibitory: Vec<String>,
    /// Sign of glutamatergic neurons not listed in `glutamate_inhibitory`.
    #[serde(default)]
    pub glutamate_default: SynapseSign,
    /// Sign of neurons with no known transmitter (Kunert et al. 2014 treat them as excitatory).
    #[serde(default)]
    pub unknown_transmitter: SynapseSign,
    /// Receptor-class sign rules applied after the presynaptic rules above, in order: every chemical
    /// synapse from `pre` onto `post` takes `sign` (e.g. a ligand-gated chloride receptor class).
    #[serde(default)]
    pub receptor_signs: Vec<ReceptorSignRule>,
    /// Plastic synapse groups.
    #[serde(default)]
    pub plasticity: Vec<PlasticityGroup>,
    /// Sensor channels -> current into named neurons.
    #[serde(default)]
    pub encoders: Vec<SensoryEncoderSpec>,
    /// Body bend -> current into motor neurons (stretch receptors).
    #[serde(default)]
    pub proprioception: Vec<ProprioceptionSpec>,
    /// Motor neurons -> body-wall muscles.
    pub decoder: DecoderSpec,
    /// Lesions, silencing and optogenetic stimulation.
    #[serde(default)]
    pub perturbations: Perturbations,
    /// Edits to the wiring itself (shuffles, scaled or removed synapse classes), applied in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<ConnectomeEdit>,
}

/// An edit to the connectome's wiring, for testing which features of the wiring a behaviour needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ConnectomeEdit {
    /// Degree-preserving shuffle: repeated double-edge swaps (a->b, c->d becomes a->d, c->b) that
    /// keep every neuron's in- and out-degree; each edge keeps its contacts and transmitter
    /// (presynaptic properties), so out-strength is kept too. Seeded, so a variant is reproducible.
    Shuffle {
        /// Which wiring to shuffle.
        wiring: Wiring,
        /// Seed of the swaps.
        seed: u64,
        /// Swap attempts per edge (10 mixes the graph well; Maslov & Sneppen 2002).
        #[serde(default = "default_swaps_per_edge")]
        swaps_per_edge: f64,
    },
    /// Multiplies the contacts of one class of synapses by `factor` (0 removes their effect).
    Scale {
        /// Which synapses.
        class: SynapseClass,
        /// Multiplier, non-negative.
        factor: f64,
    },
    /// Removes every gap junction.
    RemoveGapJunctions,
    /// Removes every chemical synapse whose transmitter includes this one (`"Glu"` also removes
    /// `ACh+Glu` synapses), as in a mutant lacking the transmitter (e.g. eat-4 for glutamate).
    RemoveTransmitter(String),
}

fn default_swaps_per_edge() -> f64 {
    10.0
}

/// Chemical synapses or gap junctions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Wiring {
    /// Directed chemical synapses.
    Chemical,
    /// Undirected gap junctions.
    Gap,
}

/// A class of connections whose strength can be scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SynapseClass {
    /// Every chemical synapse.
    Chemical,
    /// Chemical synapses with the excitatory reversal (after the sign rules).
    Excitatory,
    /// Chemical synapses with the inhibitory reversal (after the sign rules).
    Inhibitory,
    /// Every gap junction.
    Gap,
    /// Every neuromuscular junction.
    Neuromuscular,
}

/// The graded model's parameters (Kunert et al. 2014 units: pF, pS, mV, per second).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeuronParams {
    /// Membrane capacitance C.
    pub capacitance_pf: f64,
    /// Leak conductance Gc.
    pub leak_conductance_ps: f64,
    /// Leak reversal Ec.
    pub leak_reversal_mv: f64,
    /// Gap-junction conductance per contact (ggap).
    pub gap_conductance_ps: f64,
    /// Chemical-synapse conductance per contact (gsyn).
    pub synapse_conductance_ps: f64,
    /// Reversal potential of excitatory synapses.
    pub excitatory_reversal_mv: f64,
    /// Reversal potential of inhibitory synapses (E_inh).
    pub inhibitory_reversal_mv: f64,
    /// Synaptic activation rise rate ar.
    pub rise_per_s: f64,
    /// Synaptic activation decay rate ad.
    pub decay_per_s: f64,
    /// Steepness beta of the release sigmoid.
    pub beta_per_mv: f64,
    /// How far below its resting potential a silenced neuron is clamped.
    #[serde(default = "default_silence_mv")]
    pub silence_hyperpolarisation_mv: f64,
    /// How far the release threshold Vth sits above the resting potential. At 0 (Kunert et al. 2014)
    /// every synapse rests at half its maximal release, so depolarisation can at most double a
    /// synapse's output; a positive value makes graded release small at rest and lets a strong input
    /// (touch) raise it many-fold.
    #[serde(default)]
    pub release_threshold_above_rest_mv: f64,
}

fn default_silence_mv() -> f64 {
    10.0
}

/// Excitatory or inhibitory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SynapseSign {
    /// Reversal at `excitatory_reversal_mv`.
    #[default]
    Excitatory,
    /// Reversal at `inhibitory_reversal_mv`.
    Inhibitory,
}

/// The set of inhibitory presynaptic neurons: a documented choice, since the tables list 35 GABA
/// neurons where Kunert et al. 2014 and Kim et al. 2019 use 26.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub enum InhibitorySet {
    /// The 26 GABAergic neurons of Kunert 2014 (RMED/L/R/V, AVL, RIS, DD1-6, VD1-13, DVB); everyone
    /// else follows the transmitter rules for glutamate and unknown, ACh and the rest excitatory.
    #[default]
    Kunert,
    /// Every neuron whose `transmitters` in neurons.csv include GABA (35 in the Cook tables).
    FromTransmitter,
    /// An explicit list of selectors.
    Neurons(Vec<String>),
}

/// The sign of every chemical synapse from `pre` onto `post`: the postsynaptic receptor class decides
/// the sign, as for glutamate (GluCl vs GLR) and acetylcholine (ACC chloride channels vs nAChR).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceptorSignRule {
    /// Why this rule (the hypothesis or citation), kept in the file for readers.
    pub name: String,
    /// Presynaptic selectors.
    pub pre: Vec<String>,
    /// Postsynaptic selectors.
    pub post: Vec<String>,
    /// The sign these synapses take.
    pub sign: SynapseSign,
}

/// A group of plastic synapses and its rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlasticityGroup {
    /// Name for logs.
    pub name: String,
    /// Presynaptic selectors.
    pub pre: Vec<String>,
    /// Postsynaptic selectors.
    pub post: Vec<String>,
    /// The rule.
    pub rule: PlasticityRule,
}

/// Plasticity rules.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum PlasticityRule {
    /// Short-term depression: a resource x per synapse, used by release above rest, recovering to 1.
    Depression {
        /// Fraction of the resource released per second at full presynaptic activity.
        release_per_s: f64,
        /// Recovery time constant.
        recovery_tau_s: f64,
    },
    /// Three-factor rule: eligibility from pre/post co-activity, weight change gated by a modulator.
    ThreeFactor {
        /// The modulatory neuron (exact name).
        modulator: String,
        /// Modulator depolarisation above its threshold that must be exceeded before learning starts.
        modulator_threshold_mv: f64,
        /// Eligibility trace time constant.
        eligibility_tau_s: f64,
        /// Weight change per second per mV of modulator drive per unit eligibility.
        learning_rate_per_mv_s: f64,
        /// Lower bound of the weight multiplier.
        min_weight: f64,
        /// Upper bound of the weight multiplier.
        max_weight: f64,
    },
}

/// Where a sensory encoder reads the sensor frame.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum SensorChannel {
    /// A chemical (arena name) at a chemosensory site.
    Chemical { chemical: String, site: String },
    /// Temperature at a chemosensory site, degrees C.
    Temperature(String),
    /// Noxious intensity at a chemosensory site.
    Noxious(String),
    /// Food density at a chemosensory site.
    Food(String),
    /// A touch site (1 while touched).
    Touch(String),
    /// A plate tap (1 during the tap's control step).
    Tap,
    /// The external load the whole body feels, N s/m^2 (about 0.004 in buffer, 3-128 on agar; no
    /// signal while the body is still): the mechanosensory cue of gait adaptation (Fang-Yen et al. 2010).
    Load,
    /// Always 1: a tonic drive standing for state inputs the sensors do not model (e.g. the
    /// off-food roaming drive onto the forward command cells).
    Tonic,
}

/// How a filtered signal becomes drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Polarity {
    /// Proportional to the filtered level.
    Level,
    /// Positive part of the filtered derivative (ON cells, e.g. ASEL, AWA).
    On,
    /// Negative part of the filtered derivative (OFF cells, e.g. ASER, AWC).
    Off,
    /// Each sample adds to a trace that decays with `tau_s`, so a brief stimulus (a touch, a tap)
    /// gives `gain_pa` at onset decaying over `tau_s`, like the touch cells' calcium transients.
    Transient,
}

/// One sensor channel driving a set of neurons.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensoryEncoderSpec {
    /// Source channel.
    pub channel: SensorChannel,
    /// Target neurons (selectors).
    pub neurons: Vec<String>,
    /// Level or derivative.
    pub polarity: Polarity,
    /// Current per unit of signal (per unit per second for On/Off).
    pub gain_pa: f64,
    /// Low-pass time constant applied before the polarity.
    pub tau_s: f64,
    /// Transduction delay.
    #[serde(default)]
    pub delay_s: f64,
}

/// Stretch input to motor neurons: each neuron reads the mean bend over a window of the body at an
/// offset from its own position (negative: anterior), signed by its muscle side.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProprioceptionSpec {
    /// Target motor neurons (selectors); each must have neuromuscular junctions.
    pub neurons: Vec<String>,
    /// Centre of the receptive field relative to the neuron, body lengths (negative: anterior).
    pub offset_body_lengths: f64,
    /// Width of the receptive field, body lengths.
    pub width_body_lengths: f64,
    /// Current per radian of same-side bend (dorsal neurons see +bend, ventral neurons -bend).
    pub gain_pa_per_rad: f64,
    /// Feedback delay (Kim et al. 2019 needed about 0.5 s of delayed proprioception).
    #[serde(default)]
    pub delay_s: f64,
}

/// Neuromuscular decoder settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecoderSpec {
    /// Muscle drive per mV of rectified depolarisation above threshold per NMJ contact.
    pub gain_per_mv_contact: f64,
    /// Depolarisation above Vth a motor neuron needs before it drives muscle.
    #[serde(default)]
    pub threshold_mv: f64,
    /// First-order muscle activation time constant.
    pub activation_tau_s: f64,
}

/// Perturbations by neuron selector.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perturbations {
    /// Removed with all their synapses, gap junctions and neuromuscular junctions.
    #[serde(default)]
    pub ablate: Vec<String>,
    /// Clamped below threshold with no synaptic release.
    #[serde(default)]
    pub silence: Vec<String>,
    /// Current steps.
    #[serde(default)]
    pub stimulate: Vec<Stimulation>,
}

impl Perturbations {
    /// Adds another set (e.g. from the command line) to this one.
    pub fn extend(&mut self, other: &Perturbations) {
        self.ablate.extend(other.ablate.iter().cloned());
        self.silence.extend(other.silence.iter().cloned());
        self.stimulate.extend(other.stimulate.iter().cloned());
    }

    /// Parses command-line lists: `ablate` and `silence` are comma-separated selectors
    /// (`AVAL,AVAR`, `DB*`, `class:motor`); each `stimulate` item is
    /// `NEURONS@START_S:DURATION_S:CURRENT_PA`, e.g. `AVBL,AVBR@5:10:100`.
    pub fn from_cli(ablate: &str, silence: &str, stimulate: &[String]) -> Result<Self, String> {
        let list = |s: &str| s.split(',').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect::<Vec<_>>();
        let mut out = Perturbations { ablate: list(ablate), silence: list(silence), stimulate: Vec::new() };
        for item in stimulate {
            let bad = || format!("--stimulate {item:?}: expected NEURONS@START_S:DURATION_S:CURRENT_PA, e.g. AVBL,AVBR@5:10:100");
            let (neurons, numbers) = item.split_once('@').ok_or_else(bad)?;
            let values: Vec<f64> = numbers.split(':').map(|v| v.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
            let [start_s, duration_s, current_pa] = values[..] else { return Err(bad()) };
            out.stimulate.push(Stimulation { neurons: list(neurons), start_s, duration_s, current_pa });
        }
        Ok(out)
    }

    /// Whether nothing is perturbed.
    pub fn is_empty(&self) -> bool {
        self.ablate.is_empty() && self.silence.is_empty() && self.stimulate.is_empty()
    }
}

/// An optogenetic-style current step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stimulation {
    /// Target neurons (selectors).
    pub neurons: Vec<String>,
    /// Onset, brain time.
    pub start_s: f64,
    /// Length of the step.
    pub duration_s: f64,
    /// Injected current per neuron.
    pub current_pa: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_perturbations_parse() {
        let p = Perturbations::from_cli("AVAL,AVAR", "", &["DB*,VB*@0:10:20".into()]).unwrap();
        assert_eq!(p.ablate, ["AVAL", "AVAR"]);
        assert!(p.silence.is_empty());
        assert_eq!(p.stimulate, [Stimulation { neurons: vec!["DB*".into(), "VB*".into()], start_s: 0.0, duration_s: 10.0, current_pa: 20.0 }]);
        assert!(Perturbations::from_cli("", "", &["AVBL@1:2".into()]).is_err());
    }
}
