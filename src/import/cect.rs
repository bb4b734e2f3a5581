//! C. elegans connectome importer: Cook et al. 2019 (hermaphrodite) as packaged in cect 0.3.5.
//!
//! The wheel is read as a zip of data files; none of its Python runs. The output is five plain
//! CSV tables plus `SOURCE.md`, which the brain module reads back through [`CelegansConnectome`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Where `ett import cect` writes its tables unless told otherwise.
pub const DEFAULT_OUT_DIR: &str = "brains/celegans";
/// Cook et al. 2019 hermaphrodite matrices (`Generic_CS`, `Generic_GJ`), in EM sections.
pub const COOK_JSON: &str = "cect/cache/Cook2019HermReader.json";
/// Cook 2019 chemical edges copied once per presynaptic transmitter (Wang et al. 2024).
pub const UNIFIED_JSON: &str = "cect/cache/OpenWormUnifiedReader.json";
/// Wang et al. 2024 transmitters including monoamines (Bentley 2016 edges), for neuron identity only.
pub const WANG_JSON: &str = "cect/cache/Wang2024HermReader.json";
/// cect's per-cell type labels, from which neuron classes and body-wall muscles are taken.
pub const CELL_INFO_CSV: &str = "cect/data/all_cell_info.csv";

/// File names of the tables, shared by the writer and the reader so they cannot drift apart.
pub const NEURONS_CSV: &str = "neurons.csv";
/// Neuron -> neuron chemical synapses.
pub const CHEMICAL_CSV: &str = "chemical_synapses.csv";
/// Neuron <-> neuron gap junctions, each unordered pair once.
pub const GAP_CSV: &str = "gap_junctions.csv";
/// Neuron -> body-wall muscle chemical synapses.
pub const NMJ_CSV: &str = "neuromuscular_junctions.csv";
/// The body-wall muscles.
pub const MUSCLES_CSV: &str = "muscles.csv";
/// Citation, checksums, counts and conventions.
pub const SOURCE_MD: &str = "SOURCE.md";

const NEURONS_HEADER: &[&str] = &["index", "name", "class", "transmitters", "cect_type"];
const CHEMICAL_HEADER: &[&str] = &[
    "pre",
    "post",
    "contacts_em_sections",
    "transmitter",
    "transmitter_basis",
];
const GAP_HEADER: &[&str] = &["a", "b", "contacts_em_sections"];
const NMJ_HEADER: &[&str] = &[
    "neuron",
    "muscle",
    "contacts_em_sections",
    "transmitter",
    "transmitter_basis",
];
const MUSCLES_HEADER: &[&str] = &["index", "name", "quadrant", "number_from_head"];

/// Written when no source says which transmitter a neuron uses.
pub const UNKNOWN_TRANSMITTER: &str = "unknown";

/// Everything that can go wrong while importing or loading; each names the file at fault.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The source looked like a wheel but is not a readable zip.
    #[error("{path}: not a readable wheel (zip): {source}")]
    Zip {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: zip::result::ZipError,
    },
    /// A data file the importer needs is not inside the wheel or directory.
    #[error("{source_path}: does not contain {member} (expected the cect 0.3.5 wheel or its extracted root)")]
    MissingMember {
        /// The wheel or directory given to the importer.
        source_path: PathBuf,
        /// Path of the missing file inside it.
        member: String,
    },
    /// A JSON file did not parse into nodes + connections matrices.
    #[error("{file}: {source}")]
    Json {
        /// The data file at fault (its path inside the wheel).
        file: String,
        /// The parser error, with line and column.
        source: serde_json::Error,
    },
    /// The data parsed but is not shaped as expected.
    #[error("{file}: {field}: {reason}")]
    Schema {
        /// The data file at fault (its path inside the wheel).
        file: String,
        /// The JSON field (e.g. `connections.Generic_CS`).
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// A matrix entry is not a non-negative whole number of EM sections.
    #[error("{file}: {field}[{pre}][{post}] = {value}: expected a non-negative whole number of EM sections")]
    BadCount {
        /// The data file at fault (its path inside the wheel).
        file: String,
        /// The JSON field (e.g. `connections.Generic_CS`).
        field: String,
        /// Row node (presynaptic cell).
        pre: String,
        /// Column node (postsynaptic cell).
        post: String,
        /// The offending value.
        value: f64,
    },
    /// A cell has a cect type label the class table does not know, so its class would be a guess.
    #[error("{file}: cell {cell}: unknown cect cell type {cell_type:?} (add it to the class table in src/import/cect.rs)")]
    UnknownCellType {
        /// The data file at fault (its path inside the wheel).
        file: String,
        /// The cell name.
        cell: String,
        /// cect's type label for it.
        cell_type: String,
    },
    /// A connectome node has no row in the cell info table.
    #[error("{file}: no row for node {cell}")]
    MissingCellInfo {
        /// The data file at fault (its path inside the wheel).
        file: String,
        /// The cell name.
        cell: String,
    },
    /// A transmitter matrix name the importer cannot map to an abbreviation.
    #[error("{file}: connections.{key}: unknown transmitter matrix")]
    UnknownTransmitter {
        /// The data file at fault (its path inside the wheel).
        file: String,
        /// The matrix name.
        key: String,
    },
    /// A table row (or header, line 1) that does not parse or refers to an unknown name.
    #[error("{}:{line}: {reason}", file.display())]
    BadRow {
        /// The table file.
        file: PathBuf,
        /// 1-based line in that file (1 is the header).
        line: u64,
        /// What is wrong.
        reason: String,
    },
}

/// Functional class of a neuron, following cect's Cook 2019 grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NeuronClass {
    /// Sensory neuron.
    Sensory,
    /// Interneuron (incl. pharyngeal interneurons and the RIP pharynx linkers).
    Interneuron,
    /// Motor neuron (head, sublateral, ventral cord, HSN/VC, pharyngeal).
    Motor,
    /// Pharyngeal polymodal neurons and CAN, which cect groups on their own.
    Other,
}

impl NeuronClass {
    /// The spelling used in `neurons.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            NeuronClass::Sensory => "sensory",
            NeuronClass::Interneuron => "interneuron",
            NeuronClass::Motor => "motor",
            NeuronClass::Other => "other",
        }
    }

    /// Inverse of [`NeuronClass::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "sensory" => NeuronClass::Sensory,
            "interneuron" => NeuronClass::Interneuron,
            "motor" => NeuronClass::Motor,
            "other" => NeuronClass::Other,
            _ => return None,
        })
    }
}

/// One row of `neurons.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Neuron {
    /// Row position, used as the neuron's index by the brain module.
    pub index: usize,
    /// Cell name as in Cook 2019 (e.g. `AVAL`).
    pub name: String,
    /// Functional class.
    pub class: NeuronClass,
    /// Transmitter abbreviations (ACh, Glu, GABA, betaine, DA, 5HT, TA, OA); empty when unknown.
    pub transmitters: Vec<String>,
    /// cect's own type label, kept so the class can be audited.
    pub cect_type: String,
}

/// One row of `chemical_synapses.csv`; `pre`/`post` index into `neurons`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChemicalSynapse {
    /// Presynaptic neuron index.
    pub pre: usize,
    /// Postsynaptic neuron index.
    pub post: usize,
    /// Serial EM sections with synaptic contact.
    pub contacts: u32,
    /// Transmitter abbreviation(s) joined by `+`, or `unknown`.
    pub transmitter: String,
    /// `edge`, `neuron` or `unknown`: how the transmitter was assigned (see SOURCE.md).
    pub transmitter_basis: String,
}

/// One row of `gap_junctions.csv`; `a <= b`, each unordered pair once.
#[derive(Debug, Clone, PartialEq)]
pub struct GapJunction {
    /// Neuron index (the smaller of the two).
    pub a: usize,
    /// Neuron index (the larger, or equal for a self-contact).
    pub b: usize,
    /// Serial EM sections with gap-junction contact.
    pub contacts: u32,
}

/// One row of `neuromuscular_junctions.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct NeuromuscularJunction {
    /// Presynaptic neuron index into `neurons`.
    pub neuron: usize,
    /// Muscle index into `muscles`.
    pub muscle: usize,
    /// Serial EM sections with synaptic contact.
    pub contacts: u32,
    /// Transmitter abbreviation(s) joined by `+`, or `unknown`.
    pub transmitter: String,
    /// `edge`, `neuron` or `unknown`, as for chemical synapses.
    pub transmitter_basis: String,
}

/// One row of `muscles.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Muscle {
    /// Row position.
    pub index: usize,
    /// Cell name, e.g. `MDL07`.
    pub name: String,
    /// `DL`, `DR`, `VL` or `VR`.
    pub quadrant: String,
    /// 1 at the head, increasing towards the tail.
    pub number: u32,
}

/// The committed C. elegans tables, with names resolved to indices.
#[derive(Debug, Clone)]
pub struct CelegansConnectome {
    /// Neurons in index order.
    pub neurons: Vec<Neuron>,
    /// Neuron -> neuron chemical synapses.
    pub chemical: Vec<ChemicalSynapse>,
    /// Neuron <-> neuron gap junctions, each unordered pair once.
    pub gap: Vec<GapJunction>,
    /// Neuron -> body-wall muscle chemical synapses.
    pub nmj: Vec<NeuromuscularJunction>,
    /// Body-wall muscles in index order.
    pub muscles: Vec<Muscle>,
}

/// Row counts of the written tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableCounts {
    /// Rows of `neurons.csv`.
    pub neurons: usize,
    /// Rows of `chemical_synapses.csv`.
    pub chemical: usize,
    /// Rows of `gap_junctions.csv`.
    pub gap: usize,
    /// Rows of `neuromuscular_junctions.csv`.
    pub nmj: usize,
    /// Rows of `muscles.csv`.
    pub muscles: usize,
}

/// What an import produced, for the CLI to report.
#[derive(Debug, Clone)]
pub struct CectImport {
    /// Directory the tables were written to.
    pub out_dir: PathBuf,
    /// Row counts.
    pub counts: TableCounts,
    /// SHA-256 of the wheel, when the source was a wheel.
    pub wheel_sha256: Option<String>,
    /// SHA-256 of each data file read, by member path.
    pub member_sha256: Vec<(String, String)>,
    /// Paths written.
    pub files: Vec<PathBuf>,
}

// ---------------------------------------------------------------------------------------------
// Source access

enum Source {
    Wheel {
        path: PathBuf,
        archive: zip::ZipArchive<fs::File>,
    },
    Dir(PathBuf),
}

impl Source {
    fn open(path: &Path) -> Result<Self, ImportError> {
        let io = |source| ImportError::Io {
            path: path.to_path_buf(),
            source,
        };
        if fs::metadata(path).map_err(io)?.is_dir() {
            return Ok(Source::Dir(path.to_path_buf()));
        }
        let file = fs::File::open(path).map_err(io)?;
        let archive = zip::ZipArchive::new(file).map_err(|source| ImportError::Zip {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Source::Wheel {
            path: path.to_path_buf(),
            archive,
        })
    }

    fn read(&mut self, member: &str) -> Result<Vec<u8>, ImportError> {
        match self {
            Source::Dir(root) => {
                let p = root.join(member);
                if !p.is_file() {
                    return Err(ImportError::MissingMember {
                        source_path: root.clone(),
                        member: member.to_string(),
                    });
                }
                fs::read(&p).map_err(|source| ImportError::Io { path: p, source })
            }
            Source::Wheel { path, archive } => {
                let mut f = match archive.by_name(member) {
                    Ok(f) => f,
                    Err(zip::result::ZipError::FileNotFound) => {
                        return Err(ImportError::MissingMember {
                            source_path: path.clone(),
                            member: member.to_string(),
                        })
                    }
                    Err(source) => {
                        return Err(ImportError::Zip {
                            path: path.clone(),
                            source,
                        })
                    }
                };
                let mut buf = Vec::with_capacity(f.size() as usize);
                f.read_to_end(&mut buf).map_err(|source| ImportError::Io {
                    path: path.join(member),
                    source,
                })?;
                Ok(buf)
            }
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// cect data

#[derive(Deserialize)]
struct RawDataset {
    nodes: Vec<String>,
    connections: BTreeMap<String, Vec<Vec<f64>>>,
}

/// A cect cached dataset with its matrices checked to be square whole-number counts.
struct Dataset {
    file: &'static str,
    nodes: Vec<String>,
    index: HashMap<String, usize>,
    matrices: BTreeMap<String, Vec<Vec<u32>>>,
}

impl Dataset {
    fn parse(file: &'static str, bytes: &[u8]) -> Result<Self, ImportError> {
        let raw: RawDataset =
            serde_json::from_slice(bytes).map_err(|source| ImportError::Json {
                file: file.to_string(),
                source,
            })?;
        let n = raw.nodes.len();
        let mut index = HashMap::with_capacity(n);
        for (i, name) in raw.nodes.iter().enumerate() {
            if index.insert(name.clone(), i).is_some() {
                return Err(schema(file, "nodes", format!("node {name} appears twice")));
            }
        }
        let mut matrices = BTreeMap::new();
        for (key, rows) in raw.connections {
            let field = format!("connections.{key}");
            if rows.len() != n {
                return Err(schema(
                    file,
                    &field,
                    format!("{} rows for {n} nodes", rows.len()),
                ));
            }
            let mut m = Vec::with_capacity(n);
            for (i, row) in rows.into_iter().enumerate() {
                if row.len() != n {
                    let reason = format!(
                        "row of node {} has {} entries for {n} nodes",
                        raw.nodes[i],
                        row.len()
                    );
                    return Err(schema(file, &field, reason));
                }
                let mut out = Vec::with_capacity(n);
                for (j, v) in row.into_iter().enumerate() {
                    // Counts of EM sections: anything fractional, negative or huge means a different
                    // (normalised) matrix, which must not be mistaken for contact counts.
                    if !(v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64) {
                        return Err(ImportError::BadCount {
                            file: file.to_string(),
                            field: field.clone(),
                            pre: raw.nodes[i].clone(),
                            post: raw.nodes[j].clone(),
                            value: v,
                        });
                    }
                    out.push(v as u32);
                }
                m.push(out);
            }
            matrices.insert(key, m);
        }
        Ok(Dataset {
            file,
            nodes: raw.nodes,
            index,
            matrices,
        })
    }

    fn matrix(&self, key: &str) -> Result<&Vec<Vec<u32>>, ImportError> {
        self.matrices
            .get(key)
            .ok_or_else(|| schema(self.file, &format!("connections.{key}"), "missing".into()))
    }
}

fn schema(file: &str, field: &str, reason: String) -> ImportError {
    ImportError::Schema {
        file: file.to_string(),
        field: field.to_string(),
        reason,
    }
}

/// What a Cook node is, by cect's type label.
#[derive(Debug, Clone, Copy, PartialEq)]
enum CellKind {
    Neuron(NeuronClass),
    BodyWallMuscle,
    OtherCell,
}

/// cect's `Type` labels (its `cell_notes`) mapped the way cect's COOK_GROUPING_1 groups them.
/// A table rather than keyword matching so that a relabelled cell stops the import instead of
/// silently changing class.
const CELL_TYPES: &[(&str, CellKind)] = {
    use CellKind::*;
    use NeuronClass::*;
    &[
        ("Cephalic", Neuron(Sensory)),
        ("Phasmid", Neuron(Sensory)),
        ("Mechanosensory", Neuron(Sensory)),
        ("Touch", Neuron(Sensory)),
        ("O2, CO2, social signals, touch", Neuron(Sensory)),
        ("Amphid, nociceptive", Neuron(Sensory)),
        ("Amphid", Neuron(Sensory)),
        ("Male head sensory neuron", Neuron(Sensory)),
        ("Male sensory neuron", Neuron(Sensory)),
        ("Layer 1 interneuron", Neuron(Interneuron)),
        (
            "Layer 1 interneuron; motorneuron in White et al., 1986",
            Neuron(Interneuron),
        ),
        ("Layer 2 interneuron", Neuron(Interneuron)),
        ("Layer 3 interneuron", Neuron(Interneuron)),
        ("Category 4 interneuron", Neuron(Interneuron)),
        ("Linker to pharynx", Neuron(Interneuron)),
        ("Pharyngeal interneuron", Neuron(Interneuron)),
        ("Male interneuron", Neuron(Interneuron)),
        ("Male head interneuron", Neuron(Interneuron)),
        ("Head motor neuron", Neuron(Motor)),
        ("Sublateral motor neuron", Neuron(Motor)),
        (
            "Sublateral motor neuron; interneuron in White et al., 1986",
            Neuron(Motor),
        ),
        ("Ventral cord motor neuron", Neuron(Motor)),
        ("Hermaphrodite specific motor neuron", Neuron(Motor)),
        ("Pharyngeal motor neuron", Neuron(Motor)),
        ("Pharyngeal polymodal neuron", Neuron(Other)),
        ("Canal neuron", Neuron(Other)),
        ("Main body muscle", BodyWallMuscle),
        ("Head muscle", BodyWallMuscle),
        ("Unspecified body wall muscle", OtherCell),
        ("Pharyngeal muscle", OtherCell),
        ("Vulval muscle", OtherCell),
        ("Uterine muscle", OtherCell),
        ("Intestinal muscles", OtherCell),
        ("Anal/sphincter muscle", OtherCell),
        ("Marginal cell of the pharynx", OtherCell),
        ("Pharyngeal epithelium", OtherCell),
        ("Pharyngeal gland cell", OtherCell),
        ("Pharyngeal basement membrane", OtherCell),
        ("GLR cell", OtherCell),
        (
            "Sheath cell other than amphid sheath and phasmid",
            OtherCell,
        ),
        ("Hypodermis", OtherCell),
        ("Excretory gland", OtherCell),
        ("Excretory cell", OtherCell),
        ("Intestine", OtherCell),
        ("Head mesodermal cell", OtherCell),
    ]
};

/// cect matrix names -> abbreviations, in the order multiple transmitters are listed.
/// `fast` marks the ones cect attaches to individual Cook synapses.
const TRANSMITTERS: &[(&str, &str, bool)] = &[
    ("Acetylcholine", "ACh", true),
    ("Glutamate", "Glu", true),
    ("GABA", "GABA", true),
    ("Betaine", "betaine", true),
    ("Dopamine", "DA", false),
    ("Serotonin", "5HT", false),
    ("Tyramine", "TA", false),
    ("Octopamine", "OA", false),
];

fn transmitter_rank(key: &str) -> Option<usize> {
    TRANSMITTERS.iter().position(|(k, _, _)| *k == key)
}

fn read_cell_types(bytes: &[u8]) -> Result<HashMap<String, String>, ImportError> {
    let file = CELL_INFO_CSV;
    // flexible: a few rows carry an extra trailing field; only the first columns are read.
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let bad = |line: u64, reason: String| ImportError::BadRow {
        file: PathBuf::from(file),
        line,
        reason,
    };
    let headers = rdr.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| bad(1, format!("no column {name:?}")))
    };
    let (name_col, type_col) = (col("Cell name")?, col("Type")?);
    let mut types = HashMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, e.to_string())
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let (Some(name), Some(ty)) = (rec.get(name_col), rec.get(type_col)) else {
            return Err(bad(line, "row too short".into()));
        };
        types.insert(name.trim().to_string(), ty.trim().to_string());
    }
    Ok(types)
}

/// `MDL07` -> (`DL`, 7); the 95 body-wall muscles are named this way in Cook 2019.
fn parse_muscle_name(name: &str) -> Option<(String, u32)> {
    let quadrant = name.strip_prefix('M')?.get(..2)?;
    if !matches!(quadrant, "DL" | "DR" | "VL" | "VR") {
        return None;
    }
    let digits = name.get(3..)?;
    if digits.len() != 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    (number >= 1).then(|| (quadrant.to_string(), number))
}

// ---------------------------------------------------------------------------------------------
// Import

/// Reads the cect wheel (or its extracted root directory) and writes the tables into `out_dir`.
pub fn import_cect(source: &Path, out_dir: &Path) -> Result<CectImport, ImportError> {
    let wheel_sha256 = if fs::metadata(source)
        .map_err(|e| ImportError::Io {
            path: source.to_path_buf(),
            source: e,
        })?
        .is_file()
    {
        let bytes = fs::read(source).map_err(|e| ImportError::Io {
            path: source.to_path_buf(),
            source: e,
        })?;
        Some(sha256_hex(&bytes))
    } else {
        None
    };
    let mut src = Source::open(source)?;
    let mut member_sha256 = Vec::new();
    let mut read = |member: &'static str| -> Result<Vec<u8>, ImportError> {
        let bytes = src.read(member)?;
        member_sha256.push((member.to_string(), sha256_hex(&bytes)));
        Ok(bytes)
    };
    let cook = Dataset::parse(COOK_JSON, &read(COOK_JSON)?)?;
    let unified = Dataset::parse(UNIFIED_JSON, &read(UNIFIED_JSON)?)?;
    let wang = Dataset::parse(WANG_JSON, &read(WANG_JSON)?)?;
    let cell_types = read_cell_types(&read(CELL_INFO_CSV)?)?;

    // Classify every Cook node.
    let mut kinds = Vec::with_capacity(cook.nodes.len());
    for name in &cook.nodes {
        let ty = cell_types
            .get(name)
            .ok_or_else(|| ImportError::MissingCellInfo {
                file: CELL_INFO_CSV.to_string(),
                cell: name.clone(),
            })?;
        let kind = CELL_TYPES
            .iter()
            .find(|(t, _)| t == ty)
            .map(|(_, k)| *k)
            .ok_or_else(|| ImportError::UnknownCellType {
                file: CELL_INFO_CSV.to_string(),
                cell: name.clone(),
                cell_type: ty.clone(),
            })?;
        if kind == CellKind::BodyWallMuscle && parse_muscle_name(name).is_none() {
            return Err(schema(
                COOK_JSON,
                "nodes",
                format!("body-wall muscle {name} is not named M(DL|DR|VL|VR)NN"),
            ));
        }
        kinds.push(kind);
    }

    // Sorted by name so indices do not depend on cect's node order.
    let mut neuron_nodes: Vec<usize> = (0..cook.nodes.len())
        .filter(|&i| matches!(kinds[i], CellKind::Neuron(_)))
        .collect();
    neuron_nodes.sort_by(|&a, &b| cook.nodes[a].cmp(&cook.nodes[b]));
    let mut muscle_nodes: Vec<usize> = (0..cook.nodes.len())
        .filter(|&i| kinds[i] == CellKind::BodyWallMuscle)
        .collect();
    muscle_nodes.sort_by(|&a, &b| cook.nodes[a].cmp(&cook.nodes[b]));

    // Transmitter matrices: every key must be known, or an edge could be given the wrong sign.
    for ds in [&unified, &wang] {
        for key in ds.matrices.keys() {
            if key != "Generic_GJ" && transmitter_rank(key).is_none() {
                return Err(ImportError::UnknownTransmitter {
                    file: ds.file.to_string(),
                    key: key.clone(),
                });
            }
        }
    }
    let fast_keys: Vec<&(&str, &str, bool)> = TRANSMITTERS
        .iter()
        .filter(|t| t.2 && unified.matrices.contains_key(t.0))
        .collect();

    // Neuron identity: any outgoing edge in a transmitter's matrix of either unified source.
    let neuron_transmitters = |name: &str| -> Vec<&'static str> {
        TRANSMITTERS
            .iter()
            .filter(|(key, _, _)| {
                [&unified, &wang].iter().any(|ds| {
                    match (ds.index.get(name), ds.matrices.get(*key)) {
                        (Some(&i), Some(m)) => m[i].iter().any(|&v| v > 0),
                        _ => false,
                    }
                })
            })
            .map(|t| t.1)
            .collect()
    };
    let cook_cs = cook.matrix("Generic_CS")?;
    let cook_gj = cook.matrix("Generic_GJ")?;

    let mut node_transmitters: HashMap<usize, Vec<&'static str>> = HashMap::new();
    for &i in &neuron_nodes {
        node_transmitters.insert(i, neuron_transmitters(&cook.nodes[i]));
    }

    // Per-edge transmitter from the unified matrices, checked against Cook's counts.
    let edge_transmitter = |i: usize, j: usize| -> Result<(String, &'static str), ImportError> {
        let (pre, post) = (&cook.nodes[i], &cook.nodes[j]);
        let lookup = |n: &String| {
            unified.index.get(n).copied().ok_or_else(|| {
                schema(
                    UNIFIED_JSON,
                    "nodes",
                    format!("node {n} (in {COOK_JSON}) missing"),
                )
            })
        };
        let (ui, uj) = (lookup(pre)?, lookup(post)?);
        let mut names = Vec::new();
        for (key, abbr, _) in &fast_keys {
            let v = unified.matrices[*key][ui][uj];
            if v > 0 {
                if v != cook_cs[i][j] {
                    return Err(schema(
                        UNIFIED_JSON,
                        &format!("connections.{key}[{pre}][{post}]"),
                        format!(
                            "{v} contacts but {COOK_JSON} Generic_CS has {}",
                            cook_cs[i][j]
                        ),
                    ));
                }
                names.push(*abbr);
            }
        }
        if !names.is_empty() {
            return Ok((names.join("+"), "edge"));
        }
        let own = &node_transmitters[&i];
        if own.is_empty() {
            Ok((UNKNOWN_TRANSMITTER.to_string(), "unknown"))
        } else {
            Ok((own.join("+"), "neuron"))
        }
    };

    let mut neurons_csv = table(NEURONS_HEADER);
    for (idx, &i) in neuron_nodes.iter().enumerate() {
        let CellKind::Neuron(class) = kinds[i] else {
            unreachable!()
        };
        let tx = &node_transmitters[&i];
        let tx = if tx.is_empty() {
            UNKNOWN_TRANSMITTER.to_string()
        } else {
            tx.join("+")
        };
        let idx = idx.to_string();
        let ty = &cell_types[&cook.nodes[i]];
        row(
            &mut neurons_csv,
            &[&idx, &cook.nodes[i], class.as_str(), &tx, ty],
        );
    }

    let mut chemical_csv = table(CHEMICAL_HEADER);
    let mut nmj_csv = table(NMJ_HEADER);
    let (mut n_chem, mut n_nmj) = (0, 0);
    for &i in &neuron_nodes {
        for (targets, out, count) in [
            (&neuron_nodes, &mut chemical_csv, &mut n_chem),
            (&muscle_nodes, &mut nmj_csv, &mut n_nmj),
        ] {
            for &j in targets {
                // Called for absent edges too, so that a unified-matrix edge Cook lacks is caught.
                let (tx, basis) = edge_transmitter(i, j)?;
                let v = cook_cs[i][j];
                if v == 0 {
                    continue;
                }
                row(
                    out,
                    &[&cook.nodes[i], &cook.nodes[j], &v.to_string(), &tx, basis],
                );
                *count += 1;
            }
        }
    }

    // Gap junctions: store the upper triangle only if the matrix is symmetric (it should be).
    let n = cook.nodes.len();
    let mut asymmetric = Vec::new();
    for (i, row) in cook_gj.iter().enumerate() {
        for (j, &v) in row.iter().enumerate().skip(i + 1) {
            if v != cook_gj[j][i] {
                asymmetric.push(format!("{}-{}", cook.nodes[i], cook.nodes[j]));
            }
        }
    }
    if !asymmetric.is_empty() {
        return Err(schema(
            COOK_JSON,
            "connections.Generic_GJ",
            format!(
                "not symmetric at {} pairs, e.g. {}",
                asymmetric.len(),
                asymmetric[0]
            ),
        ));
    }
    let mut gap_csv = table(GAP_HEADER);
    let mut n_gap = 0;
    let mut n_gap_self = 0;
    for (a, &i) in neuron_nodes.iter().enumerate() {
        for &j in &neuron_nodes[a..] {
            let v = cook_gj[i][j];
            if v > 0 {
                row(
                    &mut gap_csv,
                    &[&cook.nodes[i], &cook.nodes[j], &v.to_string()],
                );
                n_gap += 1;
                n_gap_self += usize::from(i == j);
            }
        }
    }
    let n_chem_self = neuron_nodes.iter().filter(|&&i| cook_cs[i][i] > 0).count();

    let mut muscles_csv = table(MUSCLES_HEADER);
    for (idx, &i) in muscle_nodes.iter().enumerate() {
        let (quadrant, number) = parse_muscle_name(&cook.nodes[i]).expect("checked above");
        row(
            &mut muscles_csv,
            &[
                &idx.to_string(),
                &cook.nodes[i],
                &quadrant,
                &number.to_string(),
            ],
        );
    }

    // Everything Cook has that the tables leave out, so the manifest can say what was dropped.
    let (mut other_cs, mut other_gj) = (0usize, 0usize);
    for i in 0..n {
        for j in 0..n {
            let ni = matches!(kinds[i], CellKind::Neuron(_));
            let nj = matches!(kinds[j], CellKind::Neuron(_));
            let mj = kinds[j] == CellKind::BodyWallMuscle;
            if cook_cs[i][j] > 0 && !(ni && (nj || mj)) {
                other_cs += 1;
            }
            if j >= i && cook_gj[i][j] > 0 && !(ni && nj) {
                other_gj += 1;
            }
        }
    }

    let counts = TableCounts {
        neurons: neuron_nodes.len(),
        chemical: n_chem,
        gap: n_gap,
        nmj: n_nmj,
        muscles: muscle_nodes.len(),
    };
    let class_counts: Vec<(NeuronClass, usize)> = [
        NeuronClass::Sensory,
        NeuronClass::Interneuron,
        NeuronClass::Motor,
        NeuronClass::Other,
    ]
    .into_iter()
    .map(|c| {
        (
            c,
            neuron_nodes
                .iter()
                .filter(|&&i| kinds[i] == CellKind::Neuron(c))
                .count(),
        )
    })
    .collect();
    let unknown_tx: Vec<&str> = neuron_nodes
        .iter()
        .filter(|i| node_transmitters[i].is_empty())
        .map(|&i| cook.nodes[i].as_str())
        .collect();

    let manifest = source_md(&ManifestInfo {
        source_name: source
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        wheel_sha256: wheel_sha256.clone(),
        member_sha256: &member_sha256,
        counts,
        class_counts: &class_counts,
        n_chem_self,
        n_gap_self,
        other_cs,
        other_gj,
        unknown_tx: &unknown_tx,
        cook_nodes: n,
    });

    fs::create_dir_all(out_dir).map_err(|e| ImportError::Io {
        path: out_dir.to_path_buf(),
        source: e,
    })?;
    let mut files = Vec::new();
    for (name, body) in [
        (NEURONS_CSV, finish(neurons_csv)),
        (CHEMICAL_CSV, finish(chemical_csv)),
        (GAP_CSV, finish(gap_csv)),
        (NMJ_CSV, finish(nmj_csv)),
        (MUSCLES_CSV, finish(muscles_csv)),
        (SOURCE_MD, manifest.into_bytes()),
    ] {
        let path = out_dir.join(name);
        fs::write(&path, body).map_err(|e| ImportError::Io {
            path: path.clone(),
            source: e,
        })?;
        files.push(path);
    }
    Ok(CectImport {
        out_dir: out_dir.to_path_buf(),
        counts,
        wheel_sha256,
        member_sha256,
        files,
    })
}

fn table(header: &[&str]) -> csv::Writer<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(&mut w, header);
    w
}

fn row(w: &mut csv::Writer<Vec<u8>>, fields: &[&str]) {
    // Writing into a Vec cannot fail.
    w.write_record(fields).expect("csv into memory");
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    w.into_inner().expect("csv into memory")
}

struct ManifestInfo<'a> {
    source_name: String,
    wheel_sha256: Option<String>,
    member_sha256: &'a [(String, String)],
    counts: TableCounts,
    class_counts: &'a [(NeuronClass, usize)],
    n_chem_self: usize,
    n_gap_self: usize,
    other_cs: usize,
    other_gj: usize,
    unknown_tx: &'a [&'a str],
    cook_nodes: usize,
}

/// The line of SOURCE.md that changes with every run; tests compare everything else.
pub const IMPORT_DATE_PREFIX: &str = "Imported on: ";

fn source_md(m: &ManifestInfo) -> String {
    let c = m.counts;
    let mut s = String::new();
    s += "# C. elegans connectome tables (Cook et al. 2019, adult hermaphrodite)\n\n";
    s += "Generated by `ett import cect`; do not edit by hand.\n\n";
    s += "## Sources\n\n";
    s += "- Connectivity: Cook, S. J., Jarrell, T. A., Brittin, C. A., et al. (2019). Whole-animal connectomes of both\n";
    s += "  *Caenorhabditis elegans* sexes. *Nature* 571, 63-71. doi:10.1038/s41586-019-1352-7\n";
    s += "- Transmitters: Wang, C., Vidal, B., Sural, S., et al. (2024). A neurotransmitter atlas of *C. elegans* males and\n";
    s += "  hermaphrodites. *eLife* 13:RP95402, as combined with the Cook matrices by cect; monoamine identity via the\n";
    s += "  Bentley et al. 2016 monoamine edges in cect's Wang 2024 reader.\n";
    s += "- Cell types: cect's `all_cell_info.csv` (its Cook 2019 cell grouping).\n";
    s += "- Package: cect 0.3.5 (c. elegans connectome toolbox, OpenWorm), MIT licence, read as data only.\n\n";
    s += &format!("Source file: `{}`", m.source_name);
    match &m.wheel_sha256 {
        Some(h) => s += &format!(", sha256 `{h}`\n\n"),
        None => s += " (an extracted directory; per-file checksums below)\n\n",
    }
    s += "| file read | sha256 |\n| --- | --- |\n";
    for (member, h) in m.member_sha256 {
        s += &format!("| `{member}` | `{h}` |\n");
    }
    s += "\n";
    s += &format!("{IMPORT_DATE_PREFIX}{}\n\n", today_utc());
    s += "## Tables\n\n| file | rows | what |\n| --- | --- | --- |\n";
    let classes: Vec<String> = m
        .class_counts
        .iter()
        .map(|(cl, k)| format!("{k} {}", cl.as_str()))
        .collect();
    s += &format!(
        "| `{NEURONS_CSV}` | {} | neurons ({}), sorted by name; `index` is the row position |\n",
        c.neurons,
        classes.join(", ")
    );
    s += &format!("| `{CHEMICAL_CSV}` | {} | neuron -> neuron chemical synapses (incl. {} autapses), `Generic_CS` |\n", c.chemical, m.n_chem_self);
    s += &format!("| `{GAP_CSV}` | {} | neuron <-> neuron gap junctions, each unordered pair once (incl. {} self-contacts), `Generic_GJ` |\n", c.gap, m.n_gap_self);
    s += &format!(
        "| `{NMJ_CSV}` | {} | neuron -> body-wall muscle chemical synapses |\n",
        c.nmj
    );
    s += &format!(
        "| `{MUSCLES_CSV}` | {} | body-wall muscles MDL/MDR/MVL/MVR, numbered from the head |\n\n",
        c.muscles
    );
    s += "## Conventions\n\n";
    s += &format!("- `contacts_em_sections`: the number of serial electron-micrograph sections showing the contact, as in\n  Cook 2019's matrices (the usual synaptic weight). Cook has {} nodes; the tables keep neurons and body-wall\n  muscles only. Left out: {} chemical edges and {} gap-junction pairs that involve other cells (pharyngeal,\n  vulval, uterine, anal and intestinal muscles, glia, epithelia, ...) or muscle-muscle/neuron-muscle gap junctions.\n", m.cook_nodes, m.other_cs, m.other_gj);
    s += "- `Generic_CS[pre][post]`: rows are presynaptic. `Generic_GJ` is symmetric (the importer checks this and stops\n  otherwise), so each unordered pair is stored once with `a` before `b` in neuron index order; the contact count is\n  the matrix entry, not a sum of both directions.\n";
    s += "- Transmitter abbreviations: ACh, Glu, GABA, betaine, DA (dopamine), 5HT (serotonin), TA (tyramine),\n  OA (octopamine); several are joined with `+`; `unknown` when no source assigns one.\n";
    s += "- `neurons.csv` `transmitters`: every transmitter whose cect matrix (OpenWormUnified for ACh/Glu/GABA/betaine,\n  Wang2024Herm additionally for monoamines) has an outgoing edge from the neuron. A neuron with no such edge gets\n  `unknown` even if it is known to release something; ";
    s += &format!(
        "{} neurons are `unknown`: {}.\n",
        m.unknown_tx.len(),
        m.unknown_tx.join(", ")
    );
    s += "- Edge `transmitter_basis`: `edge` when the OpenWormUnified per-transmitter matrices contain this very edge\n  (cect copies each Cook synapse into the matrix of every fast transmitter of the presynaptic neuron, so this is\n  still a per-neuron assignment, not a per-synapse measurement); `neuron` when only the neuron-level identity\n  (e.g. dopamine for CEP/ADE/PDE) is known; `unknown` otherwise. No excitatory/inhibitory sign is asserted here.\n\n";
    s += "## Regenerate\n\n```\nbash scripts/fetch_data.sh && cargo run --release -- import cect .data/wheels/cect-0.3.5-py3-none-any.whl\n```\n";
    s
}

/// `YYYY-MM-DD` of now (or of `SOURCE_DATE_EPOCH`, for reproducible output).
fn today_utc() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm), to avoid a date crate.
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------------------------------------
// Reader

/// One parsed data row and the file line it came from.
struct Row {
    line: u64,
    fields: csv::StringRecord,
}

fn read_table(path: &Path, header: &[&str]) -> Result<Vec<Row>, ImportError> {
    let bad = |line: u64, reason: String| ImportError::BadRow {
        file: path.to_path_buf(),
        line,
        reason,
    };
    let bytes = fs::read(path).map_err(|e| ImportError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut rows = Vec::new();
    let mut seen_header = false;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| bad(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        if !seen_header {
            if rec.iter().ne(header.iter().copied()) {
                return Err(bad(
                    line,
                    format!(
                        "header is {:?}, expected {:?}",
                        rec.iter().collect::<Vec<_>>(),
                        header
                    ),
                ));
            }
            seen_header = true;
            continue;
        }
        if rec.len() != header.len() {
            return Err(bad(
                line,
                format!("{} fields, expected {}", rec.len(), header.len()),
            ));
        }
        rows.push(Row { line, fields: rec });
    }
    if !seen_header {
        return Err(bad(1, "empty file, expected a header".into()));
    }
    Ok(rows)
}

impl Row {
    fn get(&self, col: usize) -> &str {
        &self.fields[col]
    }
}

impl CelegansConnectome {
    /// Reads the tables written by [`import_cect`] from `dir`, resolving names to indices.
    pub fn load(dir: &Path) -> Result<Self, ImportError> {
        let neurons_path = dir.join(NEURONS_CSV);
        let bad = |path: &Path, line: u64, reason: String| ImportError::BadRow {
            file: path.to_path_buf(),
            line,
            reason,
        };
        let count = |path: &Path, r: &Row, col: usize| -> Result<u32, ImportError> {
            match r.get(col).parse::<u32>() {
                Ok(v) if v > 0 => Ok(v),
                _ => Err(bad(
                    path,
                    r.line,
                    format!(
                        "{} = {:?}: expected a positive whole number",
                        CHEMICAL_HEADER[2],
                        r.get(col)
                    ),
                )),
            }
        };

        let mut neurons = Vec::new();
        let mut neuron_index = HashMap::new();
        for r in read_table(&neurons_path, NEURONS_HEADER)? {
            let p = &neurons_path;
            let index = neurons.len();
            if r.get(0).parse::<usize>().ok() != Some(index) {
                return Err(bad(
                    p,
                    r.line,
                    format!("index {:?}, expected {index} (the row position)", r.get(0)),
                ));
            }
            let name = r.get(1).to_string();
            if name.is_empty() || neuron_index.insert(name.clone(), index).is_some() {
                return Err(bad(
                    p,
                    r.line,
                    format!("neuron name {name:?} is empty or repeated"),
                ));
            }
            let class = NeuronClass::parse(r.get(2)).ok_or_else(|| {
                bad(
                    p,
                    r.line,
                    format!(
                        "class {:?}: expected sensory|interneuron|motor|other",
                        r.get(2)
                    ),
                )
            })?;
            let transmitters = match r.get(3) {
                "" => {
                    return Err(bad(
                        p,
                        r.line,
                        "empty transmitters (write `unknown`)".into(),
                    ))
                }
                UNKNOWN_TRANSMITTER => Vec::new(),
                t => t.split('+').map(str::to_string).collect(),
            };
            neurons.push(Neuron {
                index,
                name,
                class,
                transmitters,
                cect_type: r.get(4).to_string(),
            });
        }

        let muscles_path = dir.join(MUSCLES_CSV);
        let mut muscles = Vec::new();
        let mut muscle_index = HashMap::new();
        for r in read_table(&muscles_path, MUSCLES_HEADER)? {
            let p = &muscles_path;
            let index = muscles.len();
            if r.get(0).parse::<usize>().ok() != Some(index) {
                return Err(bad(
                    p,
                    r.line,
                    format!("index {:?}, expected {index} (the row position)", r.get(0)),
                ));
            }
            let name = r.get(1).to_string();
            let parsed = parse_muscle_name(&name);
            let number = r.get(3).parse::<u32>().ok();
            if parsed.as_ref().map(|(q, k)| (q.as_str(), Some(*k))) != Some((r.get(2), number)) {
                return Err(bad(p, r.line, format!("muscle {name:?} with quadrant {:?} and number {:?} is not a body-wall muscle name M(DL|DR|VL|VR)NN that agrees with them", r.get(2), r.get(3))));
            }
            if muscle_index.insert(name.clone(), index).is_some() {
                return Err(bad(p, r.line, format!("muscle {name} repeated")));
            }
            muscles.push(Muscle {
                index,
                name,
                quadrant: r.get(2).to_string(),
                number: number.unwrap_or(0),
            });
        }

        let lookup =
            |map: &HashMap<String, usize>, what: &str, path: &Path, r: &Row, col: usize| {
                map.get(r.get(col))
                    .copied()
                    .ok_or_else(|| bad(path, r.line, format!("unknown {what} {:?}", r.get(col))))
            };
        let basis = |path: &Path, r: &Row, col: usize| -> Result<String, ImportError> {
            match r.get(col) {
                b @ ("edge" | "neuron" | "unknown") => Ok(b.to_string()),
                b => Err(bad(
                    path,
                    r.line,
                    format!("transmitter_basis {b:?}: expected edge|neuron|unknown"),
                )),
            }
        };

        // Chemical synapses and neuromuscular junctions share one layout: two ends (unique as a pair),
        // contacts, a non-empty transmitter and its basis.
        let transmitting_edges = |table: &str, header: &[&str], to: &HashMap<String, usize>, to_kind: &str, what: &str| {
            let path = dir.join(table);
            let mut edges = Vec::new();
            let mut seen = BTreeSet::new();
            for r in read_table(&path, header)? {
                let p = &path;
                let ends = (lookup(&neuron_index, "neuron", p, &r, 0)?, lookup(to, to_kind, p, &r, 1)?);
                if !seen.insert(ends) {
                    return Err(bad(p, r.line, format!("{what} {}->{} repeated", r.get(0), r.get(1))));
                }
                if r.get(3).is_empty() {
                    return Err(bad(p, r.line, "empty transmitter".into()));
                }
                edges.push((ends, count(p, &r, 2)?, r.get(3).to_string(), basis(p, &r, 4)?));
            }
            Ok::<_, ImportError>(edges)
        };
        let chemical = transmitting_edges(CHEMICAL_CSV, CHEMICAL_HEADER, &neuron_index, "neuron", "synapse")?
            .into_iter()
            .map(|((pre, post), contacts, transmitter, transmitter_basis)| ChemicalSynapse { pre, post, contacts, transmitter, transmitter_basis })
            .collect();

        let gap_path = dir.join(GAP_CSV);
        let mut gap = Vec::new();
        let mut seen = BTreeSet::new();
        for r in read_table(&gap_path, GAP_HEADER)? {
            let p = &gap_path;
            let (a, b) = (
                lookup(&neuron_index, "neuron", p, &r, 0)?,
                lookup(&neuron_index, "neuron", p, &r, 1)?,
            );
            if a > b {
                return Err(bad(
                    p,
                    r.line,
                    format!(
                        "pair {}-{} not in index order (a must come first)",
                        r.get(0),
                        r.get(1)
                    ),
                ));
            }
            if !seen.insert((a, b)) {
                return Err(bad(
                    p,
                    r.line,
                    format!("pair {}-{} repeated", r.get(0), r.get(1)),
                ));
            }
            gap.push(GapJunction {
                a,
                b,
                contacts: count(p, &r, 2)?,
            });
        }

        let nmj = transmitting_edges(NMJ_CSV, NMJ_HEADER, &muscle_index, "muscle", "junction")?
            .into_iter()
            .map(|((neuron, muscle), contacts, transmitter, transmitter_basis)| NeuromuscularJunction { neuron, muscle, contacts, transmitter, transmitter_basis })
            .collect();

        Ok(CelegansConnectome {
            neurons,
            chemical,
            gap,
            nmj,
            muscles,
        })
    }

    /// Index of the neuron called `name`, if any.
    pub fn neuron(&self, name: &str) -> Option<usize> {
        self.neurons.iter().position(|n| n.name == name)
    }

    /// Contacts of the chemical synapse `pre -> post` (0 when absent), by name.
    pub fn chemical_contacts(&self, pre: &str, post: &str) -> u32 {
        let (Some(a), Some(b)) = (self.neuron(pre), self.neuron(post)) else {
            return 0;
        };
        self.chemical
            .iter()
            .find(|s| s.pre == a && s.post == b)
            .map_or(0, |s| s.contacts)
    }

    /// Contacts of the gap junction between `a` and `b` (either order; 0 when absent), by name.
    pub fn gap_contacts(&self, a: &str, b: &str) -> u32 {
        let (Some(i), Some(j)) = (self.neuron(a), self.neuron(b)) else {
            return 0;
        };
        let (i, j) = (i.min(j), i.max(j));
        self.gap
            .iter()
            .find(|g| g.a == i && g.b == j)
            .map_or(0, |g| g.contacts)
    }
}
