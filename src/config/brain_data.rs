//! The data files a brain reads besides its own RON file (step-cycle template, connectome tables, FlyWire
//! tables), so that a run's manifest can hash everything its result depends on.

use super::brain_spec::{BrainModelSpec, BrainSpec};
use super::spiking_spec::SpikingNetworkSpec;
use super::{load_ron, scenario::relative_to, ConfigError, Loaded};
use crate::import::cect::{CHEMICAL_CSV, GAP_CSV, MUSCLES_CSV, NEURONS_CSV, NMJ_CSV};
use std::path::PathBuf;

/// The tables a connectome brain reads from its folder (those `ett import cect` writes).
const CONNECTOME_TABLES: [&str; 5] = [NEURONS_CSV, CHEMICAL_CSV, GAP_CSV, NMJ_CSV, MUSCLES_CSV];

/// Each data file of a brain as (role, path), in a fixed order: a connectome's five tables, and a spiking
/// brain's wiring file followed by that file's own data.
pub fn brain_data_files(brain: &Loaded<BrainSpec>) -> Result<Vec<(String, PathBuf)>, ConfigError> {
    let at = |target: &str| relative_to(&brain.path, target);
    let mut files = Vec::new();
    match &brain.spec.model {
        BrainModelSpec::FlyNavigator(spec) => files.push(("walking template".to_string(), at(&spec.walking))),
        BrainModelSpec::FlyWireLif(spec) => {
            files.push(("FlyWire connections".to_string(), at(&spec.connections)));
            if let Some(tables) = &spec.annotations {
                files.push(("FlyWire cell types".to_string(), at(&tables.cell_types)));
                files.push(("FlyWire classification".to_string(), at(&tables.classification)));
            }
            files.push(("walking template".to_string(), at(&spec.walking)));
        }
        BrainModelSpec::Connectome(spec) => {
            let folder = at(&spec.tables);
            files.extend(CONNECTOME_TABLES.iter().map(|name| ("connectome table".to_string(), folder.join(name))));
        }
        BrainModelSpec::Spiking(spec) => match &spec.network {
            SpikingNetworkSpec::Worm { wiring, .. } => {
                let wiring_path = at(wiring);
                let wiring_brain = load_ron::<BrainSpec>(&wiring_path)?;
                files.push(("wiring brain".to_string(), wiring_path));
                files.extend(brain_data_files(&wiring_brain)?);
            }
        },
        BrainModelSpec::PatternGenerator(_) | BrainModelSpec::Behavioral(_) | BrainModelSpec::Null(_) => {}
    }
    Ok(files)
}
