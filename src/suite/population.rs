//! The animals of one task as the scorer sees them: a track per animal and, for simulated runs, the
//! task's per-animal measures from summary.json. Read from a run folder (`ett run`, or one task of
//! `ett suite`) or from a folder of real-animal CSV or WCON tracks.

use super::error::{input, Result};
use crate::scoring::error::ScoringError;
use crate::scoring::readers::{csv_track, wcon};
use crate::scoring::stepping::{read_gait_csv, GaitSeries};
use crate::scoring::track::Track;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The brain name of a population of real-animal tracks.
pub const REAL_TRACKS: &str = "tracks";

/// One animal.
#[derive(Debug, Clone)]
pub struct Animal {
    /// Its track.
    pub track: Track,
    /// The task's measures for it (empty for real-animal tracks).
    pub measures: Map<String, Value>,
    /// Its gait record (`gait.csv`), for legged animals whose task records one, restricted to walking bouts.
    pub gait: Option<GaitSeries>,
}

/// The animals of one task.
#[derive(Debug, Clone)]
pub struct Population {
    /// Task name (as the reference file's `task`).
    pub task: String,
    /// Brain name, or `tracks` for real animals.
    pub brain: String,
    /// Folder read.
    pub dir: PathBuf,
    /// Environment file of the first phase, when known (for plots).
    pub environment: Option<PathBuf>,
    /// The animals, in index order.
    pub animals: Vec<Animal>,
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|source| ScoringError::Io { path: path.into(), source })?;
    serde_json::from_str(&text).map_err(|e| input(path, format!("line {}: {e}", e.line())))
}

/// Whether a folder is a run folder (has summary.json).
pub fn is_run_folder(dir: &Path) -> bool {
    dir.join("summary.json").is_file()
}

/// Reads a run folder: summary.json, then `animal_NNN/trajectory.csv` for every animal it lists.
pub fn read_run_folder(dir: &Path) -> Result<Population> {
    let summary_path = dir.join("summary.json");
    let summary = read_json(&summary_path)?;
    let task = summary["task"].as_str().ok_or_else(|| input(&summary_path, "field `task` is missing or not a string"))?.to_string();
    let brain = summary["brain"].as_str().unwrap_or("?").to_string();
    let listed = summary["animals"].as_array().ok_or_else(|| input(&summary_path, "field `animals` is missing or not an array"))?;
    let mut animals = Vec::with_capacity(listed.len());
    for (i, a) in listed.iter().enumerate() {
        let index = a["animal"].as_u64().ok_or_else(|| input(&summary_path, format!("field `animals[{i}].animal` is missing")))?;
        let path = dir.join(format!("animal_{index:03}")).join("trajectory.csv");
        let mut track = csv_track::read_csv_track(&path)?;
        track.id = format!("animal_{index:03}");
        let measures = a["task"].as_object().cloned().unwrap_or_default();
        let gait_path = dir.join(format!("animal_{index:03}")).join("gait.csv");
        // A free animal's gait is compared on its walking bouts only (see `scoring::stepping`).
        let gait = if gait_path.is_file() {
            let mut gait = read_gait_csv(&gait_path)?;
            gait.restrict_to_walking(&track.times_s, &track.centroid_mm);
            Some(gait)
        } else {
            None
        };
        animals.push(Animal { track, measures, gait });
    }
    let environment = read_json(&dir.join("manifest.json")).ok().and_then(|m| {
        m["configs"].as_array()?.iter().find(|c| c["role"] == "environment").and_then(|c| c["path"].as_str().map(PathBuf::from))
    });
    Ok(Population { task, brain, dir: dir.to_path_buf(), environment, animals })
}

/// Reads every `*.csv` and `*.wcon` track in a folder (sorted by name) as real animals of `task`.
pub fn read_track_folder(dir: &Path, task: &str) -> Result<Population> {
    let entries = std::fs::read_dir(dir).map_err(|source| ScoringError::Io { path: dir.into(), source })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut animals = Vec::new();
    for path in paths {
        let tracks = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => vec![csv_track::read_csv_track(&path)?],
            Some("wcon") => wcon::read_wcon(&path)?,
            _ => continue,
        };
        animals.extend(tracks.into_iter().map(|track| Animal { track, measures: Map::new(), gait: None }));
    }
    if animals.is_empty() {
        return Err(input(dir, "no summary.json, no runs/ folder and no .csv or .wcon tracks: nothing to score"));
    }
    Ok(Population { task: task.to_string(), brain: REAL_TRACKS.into(), dir: dir.to_path_buf(), environment: None, animals })
}

/// The populations in a folder: a suite folder (`runs/TASK/` run folders), one run folder, or a folder
/// of real-animal tracks, which are scored as animals of `tracks_task`.
pub fn read_populations(dir: &Path, tracks_task: &str) -> Result<Vec<Population>> {
    let runs = dir.join("runs");
    if runs.is_dir() {
        let entries = std::fs::read_dir(&runs).map_err(|source| ScoringError::Io { path: runs.clone(), source })?;
        let mut folders: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| is_run_folder(p)).collect();
        folders.sort();
        return folders.iter().map(|f| read_run_folder(f)).collect();
    }
    if is_run_folder(dir) {
        return Ok(vec![read_run_folder(dir)?]);
    }
    Ok(vec![read_track_folder(dir, tracks_task)?])
}
