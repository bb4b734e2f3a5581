//! The shipped data files of `ett scale` (species presets, device kinds) and lookup by name.

use super::ScaleError;
use crate::config::{load_ron, Loaded};
use serde::Deserialize;
use std::path::Path;

/// Default species file, relative to the repository root.
pub const SPECIES_FILE: &str = "scoring/scale/species.ron";
/// Default device file.
pub const DEVICES_FILE: &str = "scoring/scale/devices.ron";

/// A brain's size, with where the numbers come from.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Species {
    /// Name used on the command line (e.g. `c_elegans`, `human`).
    pub name: String,
    /// Readable name.
    pub common_name: String,
    /// Neurons.
    pub neurons: f64,
    /// Chemical synapses.
    pub synapses: f64,
    /// Connected neuron pairs (the engine stores one entry per pair); absent: one per synapse.
    #[serde(default)]
    pub connections: Option<f64>,
    /// Electrical synapses (pairs).
    #[serde(default)]
    pub gap_junctions: Option<f64>,
    /// Source of the counts.
    pub citation: String,
    /// How sure the counts are, and why.
    pub confidence: String,
}

/// An accelerator kind from its datasheet.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Name used on the command line (e.g. `H200`).
    pub name: String,
    /// Readable description.
    pub description: String,
    /// Memory per device (1e9 bytes).
    pub memory_gb: f64,
    /// Memory bandwidth (1e12 bytes/s).
    pub bandwidth_tb_s: f64,
    /// Peak FP32 rate (1e12 /s).
    pub fp32_tflop_s: f64,
    /// Peak FP64 rate (1e12 /s).
    pub fp64_tflop_s: f64,
    /// Device-to-device bandwidth per direction (1e9 bytes/s).
    pub interconnect_gb_s: f64,
    /// Datasheet.
    pub citation: String,
    /// How sure the figures are.
    pub confidence: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeciesFile {
    species: Vec<Species>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeviceFile {
    devices: Vec<Device>,
}

/// Anything listed by a unique name.
trait Named {
    fn name(&self) -> &str;
}

impl Named for Species {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for Device {
    fn name(&self) -> &str {
        &self.name
    }
}

/// Checks names are unique and the numbers positive where a division needs them.
fn check<T: Named>(file: &Loaded<impl Sized>, items: &[T], positive: impl Fn(&T) -> Vec<(&'static str, f64)>) -> Result<(), ScaleError> {
    for (k, item) in items.iter().enumerate() {
        if items[..k].iter().any(|o| o.name() == item.name()) {
            return Err(file.invalid("name", format!("`{}` is listed twice", item.name())).into());
        }
        for (field, value) in positive(item) {
            if !(value > 0.0 && value.is_finite()) {
                return Err(file.invalid(field, format!("`{}`: must be positive, got {value}", item.name())).into());
            }
        }
    }
    Ok(())
}

fn find<'a, T: Named>(items: &'a [T], what: &'static str, name: &str) -> Result<&'a T, ScaleError> {
    items.iter().find(|i| i.name().eq_ignore_ascii_case(name)).ok_or_else(|| ScaleError::Unknown {
        what,
        name: name.to_string(),
        known: items.iter().map(|i| i.name()).collect::<Vec<_>>().join(", "),
    })
}

/// Species presets and device kinds, loaded and checked.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Species in file order (smallest brain first in the shipped file).
    pub species: Vec<Species>,
    /// Device kinds.
    pub devices: Vec<Device>,
    /// (path, sha256) of the files read, for the manifest.
    pub files: Vec<(String, String)>,
}

impl Catalog {
    /// Loads both files.
    pub fn load(species_file: &Path, devices_file: &Path) -> Result<Catalog, ScaleError> {
        let s: Loaded<SpeciesFile> = load_ron(species_file)?;
        check(&s, &s.spec.species, |x: &Species| vec![("neurons", x.neurons), ("synapses", x.synapses), ("connections", x.connections.unwrap_or(1.0))])?;
        let d: Loaded<DeviceFile> = load_ron(devices_file)?;
        check(&d, &d.spec.devices, |x: &Device| {
            vec![("memory_gb", x.memory_gb), ("bandwidth_tb_s", x.bandwidth_tb_s), ("fp32_tflop_s", x.fp32_tflop_s), ("fp64_tflop_s", x.fp64_tflop_s), ("interconnect_gb_s", x.interconnect_gb_s)]
        })?;
        let files = vec![(s.path.display().to_string(), s.sha256.clone()), (d.path.display().to_string(), d.sha256.clone())];
        Ok(Catalog { species: s.spec.species, devices: d.spec.devices, files })
    }

    /// A species by name (case-insensitive); the error lists the known ones.
    pub fn species(&self, name: &str) -> Result<&Species, ScaleError> {
        find(&self.species, "species", name)
    }

    /// A device kind by name (case-insensitive).
    pub fn device(&self, name: &str) -> Result<&Device, ScaleError> {
        find(&self.devices, "device", name)
    }
}
