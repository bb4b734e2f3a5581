//! The data files a brain reads besides its own RON file (step-cycle template, connectome tables, FlyWire
//! tables), so that a run's manifest can hash everything its result depends on.

use super::brain_spec::{BrainModelSpec, BrainSpec};
use super::spiking_spec::SpikingNetworkSpec;
use super::{hash_into, load_ron, scenario::relative_to, ConfigError, Loaded};
use sha2::Digest;
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

/// One SHA-256 over every data file of a brain (file name, then bytes, in path order); empty for a brain
/// without data files. Equal to the hash of a connectome's CSV tables sorted by name, as batch keys were
/// before they covered other brains' data.
pub fn brain_data_sha256(brain: &Loaded<BrainSpec>) -> Result<String, ConfigError> {
    let mut files = brain_data_files(brain)?;
    if files.is_empty() {
        return Ok(String::new());
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    let mut hasher = sha2::Sha256::new();
    for (_, path) in &files {
        hasher.update(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default().as_bytes());
        hash_into(&mut hasher, path)?;
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn shipped(name: &str) -> Loaded<BrainSpec> {
        load_ron(&Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
    }

    fn names(files: &[(String, PathBuf)]) -> Vec<(String, String)> {
        files.iter().map(|(role, p)| (role.clone(), p.file_name().unwrap().to_string_lossy().into_owned())).collect()
    }

    #[test]
    fn each_brain_model_lists_the_files_it_reads() {
        let table = |n: &str| ("connectome table".to_string(), n.to_string());
        let tables = [table("neurons.csv"), table("chemical_synapses.csv"), table("gap_junctions.csv"), table("neuromuscular_junctions.csv"), table("muscles.csv")];
        assert_eq!(names(&brain_data_files(&shipped("brains/celegans/connectome.ron")).unwrap()), tables);
        let spiking = names(&brain_data_files(&shipped("brains/celegans/connectome_lif.ron")).unwrap());
        assert_eq!(spiking[0].0, "wiring brain", "{spiking:?}");
        assert_eq!(&spiking[1..], &tables, "the wiring file's own tables follow it");
        let fly = names(&brain_data_files(&shipped("brains/fly/whole_brain_lif.ron")).unwrap());
        let roles: Vec<&str> = fly.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(roles, ["FlyWire connections", "FlyWire cell types", "FlyWire classification", "walking template"]);
        assert_eq!(names(&brain_data_files(&shipped("brains/fly/behavioral_model.ron")).unwrap()), [("walking template".to_string(), "fly_walking.ron".to_string())]);
        assert!(brain_data_files(&shipped("brains/celegans/pattern_generator.ron")).unwrap().is_empty());
    }

    /// Batch job keys hashed a connectome's CSV tables (name, then bytes, sorted by name) before they covered
    /// other brains' data; the same bytes give the same keys, so earlier sweeps still resume.
    #[test]
    fn the_connectome_data_hash_is_the_one_batch_keys_used_before() {
        let brain = shipped("brains/celegans/connectome.ron");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("brains/celegans");
        let mut csvs: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "csv")).collect();
        csvs.sort();
        let mut bytes = Vec::new();
        for csv in csvs {
            bytes.extend(csv.file_name().unwrap().to_string_lossy().as_bytes());
            bytes.extend(std::fs::read(&csv).unwrap());
        }
        assert_eq!(brain_data_sha256(&brain).unwrap(), super::super::sha256_hex(&bytes));
        assert_eq!(brain_data_sha256(&shipped("brains/celegans/null_paralysed.ron")).unwrap(), "");
    }

    #[test]
    fn an_edited_step_cycle_template_changes_the_data_hash() {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("brains/fly/behavioral_model.ron")).unwrap().replace("\"../../bodies/fly_walking.ron\"", "\"fly_walking.ron\"");
        std::fs::write(dir.path().join("brain.ron"), text).unwrap();
        let template = std::fs::read_to_string(root.join("bodies/fly_walking.ron")).unwrap();
        std::fs::write(dir.path().join("fly_walking.ron"), &template).unwrap();
        let brain: Loaded<BrainSpec> = load_ron(&dir.path().join("brain.ron")).unwrap();
        let before = brain_data_sha256(&brain).unwrap();
        assert_eq!(before, brain_data_sha256(&shipped("brains/fly/behavioral_model.ron")).unwrap(), "same bytes, same hash, wherever they lie");
        std::fs::write(dir.path().join("fly_walking.ron"), template.replace("coupling_per_s: 10.0", "coupling_per_s: 11.0")).unwrap();
        assert_ne!(brain_data_sha256(&brain).unwrap(), before);
    }
}
