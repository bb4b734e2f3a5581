//! The public FlyWire connection table (`connections.csv` or `.csv.gz`: pre_root_id, post_root_id,
//! neuropil, syn_count, nt_type): a reader into a `Network` and a writer used to test it on generated
//! networks. As in Shiu et al. 2024, counts are summed over neuropils per pair and GABA and glutamate
//! are inhibitory, every other transmitter (and a missing one) excitatory.

use super::model::Network;
use super::EngineError;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

/// Root ids of generated neurons start here (a real-looking 18-digit FlyWire id).
pub const GENERATED_ROOT_ID_BASE: u64 = 720_575_940_600_000_000;

/// The columns the reader needs, by name (others are ignored).
pub const COLUMNS: [&str; 5] = ["pre_root_id", "post_root_id", "neuropil", "syn_count", "nt_type"];

/// A connectome read from FlyWire's table.
#[derive(Debug, Clone)]
pub struct Connectome {
    /// FlyWire root id of each neuron index (ascending).
    pub root_ids: Vec<u64>,
    /// Signed synapse counts by presynaptic neuron.
    pub network: Network,
    /// Data rows read (one per pair and neuropil).
    pub rows: u64,
}

impl Connectome {
    /// Index of a root id.
    pub fn index_of(&self, root_id: u64) -> Option<u32> {
        self.root_ids.binary_search(&root_id).ok().map(|i| i as u32)
    }
}

/// Whether a transmitter is inhibitory in the Shiu et al. model.
pub fn is_inhibitory(nt_type: &str) -> bool {
    let nt = nt_type.trim();
    nt.eq_ignore_ascii_case("GABA") || nt.eq_ignore_ascii_case("GLUT")
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> EngineError + '_ {
    move |e| EngineError::Io { path: path.to_path_buf(), message: e.to_string() }
}

fn is_gz(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

/// Opens one of FlyWire's tables (`.csv`, or `.csv.gz` decompressed on the fly) with its header row.
pub(crate) fn open_table(path: &Path) -> Result<csv::Reader<Box<dyn Read>>, EngineError> {
    let file = File::open(path).map_err(io_error(path))?;
    let reader: Box<dyn Read> = if is_gz(path) { Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file))) } else { Box::new(BufReader::new(file)) };
    Ok(csv::ReaderBuilder::new().has_headers(true).from_reader(reader))
}

/// Writes a small table's text as one of FlyWire's files (gzip when the name ends in .gz).
pub(crate) fn write_table(path: &Path, text: &str) -> Result<(), EngineError> {
    let file = BufWriter::new(File::create(path).map_err(io_error(path))?);
    let written = if is_gz(path) {
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
        gz.write_all(text.as_bytes()).and_then(|_| gz.finish()).and_then(|mut w| w.flush())
    } else {
        let mut w = file;
        w.write_all(text.as_bytes()).and_then(|_| w.flush())
    };
    written.map_err(io_error(path))
}

/// Reads `connections.csv` or `connections.csv.gz`; a malformed row is reported as file:line.
pub fn read_connections(path: &Path) -> Result<Connectome, EngineError> {
    let mut csv = open_table(path)?;
    let bad = |line: u64, message: String| EngineError::BadRow { path: path.to_path_buf(), line, message };
    let headers = csv.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name).ok_or_else(|| bad(1, format!("no column `{name}` (need {})", COLUMNS.join(", "))));
    let (c_pre, c_post, c_count, c_nt) = (column("pre_root_id")?, column("post_root_id")?, column("syn_count")?, column("nt_type")?);

    let mut triples: Vec<(u64, u64, i32)> = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut rows = 0u64;
    loop {
        let more = csv.read_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            bad(line, e.to_string())
        })?;
        if !more {
            break;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let field = |c: usize, name: &str| record.get(c).ok_or_else(|| bad(line, format!("missing `{name}`")));
        let id = |c: usize, name: &str| -> Result<u64, EngineError> {
            let text = field(c, name)?;
            text.trim().parse::<u64>().map_err(|_| bad(line, format!("`{name}` is not a root id: {text:?}")))
        };
        let (pre, post) = (id(c_pre, "pre_root_id")?, id(c_post, "post_root_id")?);
        let count_text = field(c_count, "syn_count")?;
        let count: i32 = count_text.trim().parse().map_err(|_| bad(line, format!("`syn_count` is not a whole number: {count_text:?}")))?;
        if count < 0 {
            return Err(bad(line, format!("`syn_count` is negative: {count}")));
        }
        let sign = if is_inhibitory(field(c_nt, "nt_type")?) { -1 } else { 1 };
        triples.push((pre, post, sign * count));
        rows += 1;
    }

    let mut root_ids: Vec<u64> = triples.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    root_ids.sort_unstable();
    root_ids.dedup();
    let index: HashMap<u64, u32> = root_ids.iter().enumerate().map(|(i, &id)| (id, i as u32)).collect();
    let edges = triples.into_iter().map(|(a, b, w)| (index[&a], index[&b], w)).collect();
    let network = Network::from_edges(root_ids.len(), edges)?;
    Ok(Connectome { root_ids, network, rows })
}

/// Writes a network as FlyWire's table (gzip when the name ends in .gz); edges with several synapses are
/// split over two neuropils so readers must sum them. `inhibitory` picks GABA/GLUT versus ACH.
pub fn write_connections(path: &Path, net: &Network, inhibitory: &[bool]) -> Result<(), EngineError> {
    write_connections_named(path, net, inhibitory, &[])
}

/// As `write_connections`, with neuron i named `named_root_ids[i]` (e.g. published FlyWire ids a brain file
/// maps) and the rest `GENERATED_ROOT_ID_BASE + i`; named ids must not collide with generated ones.
pub fn write_connections_named(path: &Path, net: &Network, inhibitory: &[bool], named_root_ids: &[u64]) -> Result<(), EngineError> {
    let generated = GENERATED_ROOT_ID_BASE..GENERATED_ROOT_ID_BASE + net.neurons as u64;
    if let Some(id) = named_root_ids.iter().find(|id| generated.contains(id)) {
        return Err(EngineError::Model(format!("named root id {id} collides with a generated one")));
    }
    let root_id = |i: usize| named_root_ids.get(i).copied().unwrap_or(GENERATED_ROOT_ID_BASE + i as u64);
    let file = File::create(path).map_err(io_error(path))?;
    if is_gz(path) {
        let mut gz = flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::fast());
        write_rows(&mut gz, net, inhibitory, root_id).map_err(io_error(path))?;
        gz.finish().and_then(|mut w| w.flush()).map_err(io_error(path))
    } else {
        let mut w = BufWriter::new(file);
        write_rows(&mut w, net, inhibitory, root_id).map_err(io_error(path))?;
        w.flush().map_err(io_error(path))
    }
}

fn write_rows<W: Write>(w: &mut W, net: &Network, inhibitory: &[bool], root_id: impl Fn(usize) -> u64) -> std::io::Result<()> {
    let mut w = BufWriter::new(w);
    writeln!(w, "{}", COLUMNS.join(","))?;
    for pre in 0..net.neurons {
        let nt = match (inhibitory.get(pre).copied().unwrap_or(false), pre % 2) {
            (true, 0) => "GABA",
            (true, _) => "GLUT",
            (false, _) => "ACH",
        };
        let (targets, weights) = net.row(pre);
        let pre_id = root_id(pre);
        for (&post, &weight) in targets.iter().zip(weights) {
            let count = weight.unsigned_abs();
            let post_id = root_id(post as usize);
            let first = if count >= 2 { count / 2 } else { count };
            writeln!(w, "{pre_id},{post_id},AL_R,{first},{nt}")?;
            if count > first {
                writeln!(w, "{pre_id},{post_id},LH_L,{},{nt}", count - first)?;
            }
        }
    }
    w.flush()
}
