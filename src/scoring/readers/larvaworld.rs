//! Drosophila larva tracks of the Schleyer group as shipped in larvaworld 2.5.1
//! (`larvaworld/data/SchleyerGroup/raw/exploration/dish0{1,2}/*.csv`; data doi 10.12751/g-node.5e1ifd).
//! No header; 78 columns, as larvaworld's `LabFormat` "Schleyer" reads them: frame step; 12 midline points
//! (x, y) from tail to head; 22 contour points; centroid x, y; blob orientation, area, grey value, raw spine
//! length, width, perimeter, collision flag. 16 frames/s, millimetres. The centroid's y axis is the
//! image's (it equals minus the contour mean in every file we checked), so it is negated here to share the
//! midline's frame. Rows the tracker marked `na` are skipped and reported; any other unparsable cell is an error.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::number;
use crate::scoring::error::{Result, ScoringError, SkippedRow};
use crate::scoring::track::Track;

/// Frame rate of the Schleyer tracker (larvaworld's LabFormat "Schleyer").
pub const FRAME_RATE_HZ: f64 = 16.0;
/// Midline points per frame.
pub const MIDLINE_POINTS: usize = 12;
/// Columns per row.
pub const COLUMNS: usize = 78;
/// Where the tracks sit inside the larvaworld 2.5.1 wheel.
pub const WHEEL_PREFIX: &str = "larvaworld/data/SchleyerGroup/raw/exploration/";
/// The wheel's file name as `scripts/fetch_data.sh` saves it.
pub const WHEEL_FILE: &str = "larvaworld-2.5.1-py3-none-any.whl";

/// Tracks read from a set of files, with the rows skipped on the way.
#[derive(Debug, Clone, Default)]
pub struct LarvaSet {
    /// One track per file (id `dish01/10`).
    pub tracks: Vec<Track>,
    /// Rows the tracker marked missing.
    pub skipped: Vec<SkippedRow>,
}

/// Reads every larva track straight from the larvaworld wheel (a zip file).
pub fn read_wheel(wheel: &Path) -> Result<LarvaSet> {
    let zip_err = |source| ScoringError::Zip { path: wheel.into(), source };
    let file = std::fs::File::open(wheel).map_err(|source| ScoringError::Io { path: wheel.into(), source })?;
    let mut archive = zip::ZipArchive::new(file).map_err(zip_err)?;
    let mut names: Vec<String> = archive.file_names().filter(|n| n.starts_with(WHEEL_PREFIX) && n.ends_with(".csv")).map(String::from).collect();
    names.sort();
    let mut set = LarvaSet::default();
    for name in names {
        let mut text = String::new();
        archive.by_name(&name).map_err(zip_err)?.read_to_string(&mut text)
            .map_err(|source| ScoringError::Io { path: wheel.join(&name), source })?;
        let label = PathBuf::from(format!("{}!/{name}", wheel.display()));
        let id = name.trim_start_matches(WHEEL_PREFIX).trim_end_matches(".csv").to_string();
        let (track, skipped) = parse_larva_csv(&text, &label, &id)?;
        set.tracks.push(track);
        set.skipped.extend(skipped);
    }
    Ok(set)
}

/// Reads one extracted larva CSV file.
pub fn read_larva_csv(path: &Path) -> Result<(Track, Vec<SkippedRow>)> {
    let text = std::fs::read_to_string(path).map_err(|source| ScoringError::Io { path: path.into(), source })?;
    let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    parse_larva_csv(&text, path, &id)
}

/// Parses one larva CSV; `path` labels errors and skipped rows.
pub fn parse_larva_csv(text: &str, path: &Path, id: &str) -> Result<(Track, Vec<SkippedRow>)> {
    let mut track = Track { id: id.to_string(), ..Default::default() };
    let (mut mids, mut heads, mut spine, mut skipped) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = raw.split(',').map(str::trim).collect();
        let row_err = |reason: String| ScoringError::Row { path: path.into(), line, reason };
        if cells.len() != COLUMNS {
            return Err(row_err(format!("{} columns, expected {COLUMNS}", cells.len())));
        }
        let core = &cells[..71];
        if core[1..].iter().any(|c| c.eq_ignore_ascii_case("na") || c.eq_ignore_ascii_case("nan")) {
            skipped.push(SkippedRow { path: path.into(), line, reason: "tracker marked the frame missing (na)".into() });
            continue;
        }
        let step = number(core[0], "step").map_err(row_err)?;
        let t = step / FRAME_RATE_HZ;
        if track.times_s.last().is_some_and(|&p| t <= p) {
            return Err(row_err(format!("frame step {step} does not increase")));
        }
        let mut midline = Vec::with_capacity(MIDLINE_POINTS);
        for k in 0..MIDLINE_POINTS {
            let x = number(core[1 + 2 * k], "midline x").map_err(row_err)?;
            let y = number(core[2 + 2 * k], "midline y").map_err(row_err)?;
            midline.push([x, y]);
        }
        midline.reverse(); // the file lists tail to head
        let cx = number(core[69], "centroid x").map_err(row_err)?;
        let cy = number(core[70], "centroid y").map_err(row_err)?;
        // The trailing extras are blank on some frames (the tracker then sets the collision flag): optional.
        let spine_cell = cells[74];
        spine.push(if spine_cell.is_empty() { f64::NAN } else { number(spine_cell, "raw spine length").map_err(row_err)? });
        track.times_s.push(t);
        track.centroid_mm.push([cx, -cy]);
        heads.push(midline[0]);
        mids.push(midline);
    }
    track.head_mm = Some(heads);
    track.midlines_mm = Some(mids);
    track.annotations.insert("raw_spine_length".into(), spine);
    Ok((track, skipped))
}
