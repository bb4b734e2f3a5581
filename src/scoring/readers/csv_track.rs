//! Plain CSV tracks: a header, then one row per frame. Columns are found by name, so the simulated
//! trajectory CSV (`time_s, head_x_mm, ..., midNN_x_mm`) and a minimal `t,x,y` file read the same way.
//! Units are seconds and millimetres; columns the reader does not know become per-frame annotations.

use std::collections::BTreeMap;
use std::path::Path;

use super::number;
use crate::scoring::error::{Result, ScoringError};
use crate::scoring::track::Track;

const TIME: &[&str] = &["t", "time", "time_s"];
const X: &[&str] = &["x", "x_mm", "centroid_x_mm"];
const Y: &[&str] = &["y", "y_mm", "centroid_y_mm"];
const HEAD_X: &[&str] = &["head_x", "head_x_mm"];
const HEAD_Y: &[&str] = &["head_y", "head_y_mm"];

fn find(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.contains(&h.as_str()))
}

/// Midline column `midNN_x[_mm]` / `midNN_y[_mm]`: (point index, is_x).
fn midline_column(name: &str) -> Option<(usize, bool)> {
    let rest = name.strip_prefix("mid")?;
    let (digits, axis) = rest.split_once('_')?;
    let k: usize = digits.parse().ok()?;
    match axis {
        "x" | "x_mm" => Some((k, true)),
        "y" | "y_mm" => Some((k, false)),
        _ => None,
    }
}

/// Reads a CSV track file; the track's id is the file stem.
pub fn read_csv_track(path: &Path) -> Result<Track> {
    let text = std::fs::read_to_string(path).map_err(|source| ScoringError::Io { path: path.into(), source })?;
    let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    parse_csv_track(&text, path, &id)
}

/// Parses CSV text; `path` only labels errors.
pub fn parse_csv_track(text: &str, path: &Path, id: &str) -> Result<Track> {
    let format_error = |reason: String| ScoringError::Format { path: path.into(), reason };
    let mut reader = csv::ReaderBuilder::new().has_headers(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().map_err(|e| format_error(e.to_string()))?.iter().map(|h| h.to_ascii_lowercase()).collect();
    let t_col = find(&header, TIME).ok_or_else(|| format_error(format!("no time column (one of {TIME:?})")))?;
    let x_col = find(&header, X).ok_or_else(|| format_error(format!("no x column (one of {X:?})")))?;
    let y_col = find(&header, Y).ok_or_else(|| format_error(format!("no y column (one of {Y:?})")))?;
    let head = find(&header, HEAD_X).zip(find(&header, HEAD_Y));
    let mut mid_cols: BTreeMap<usize, [Option<usize>; 2]> = BTreeMap::new();
    for (c, h) in header.iter().enumerate() {
        if let Some((k, is_x)) = midline_column(h) {
            mid_cols.entry(k).or_default()[if is_x { 0 } else { 1 }] = Some(c);
        }
    }
    let mid_pairs: Vec<(usize, usize)> = mid_cols.iter().map(|(k, cols)| match cols {
        [Some(x), Some(y)] => Ok((*x, *y)),
        _ => Err(format_error(format!("midline point {k} lacks its x or y column"))),
    }).collect::<Result<_>>()?;
    let used: Vec<usize> = [t_col, x_col, y_col].into_iter().chain(head.iter().flat_map(|(a, b)| [*a, *b]))
        .chain(mid_pairs.iter().flat_map(|(a, b)| [*a, *b])).collect();
    let extra: Vec<usize> = (0..header.len()).filter(|c| !used.contains(c)).collect();

    let mut track = Track { id: id.to_string(), ..Default::default() };
    let (mut heads, mut mids) = (Vec::new(), Vec::new());
    let mut annotations: Vec<Vec<f64>> = vec![Vec::new(); extra.len()];
    for (r, record) in reader.records().enumerate() {
        let line = r + 2;
        let row_error = |reason: String| ScoringError::Row { path: path.into(), line, reason };
        let record = record.map_err(|e| row_error(e.to_string()))?;
        if record.len() != header.len() {
            return Err(row_error(format!("{} fields, header has {}", record.len(), header.len())));
        }
        let get = |c: usize| number(&record[c], &header[c]).map_err(row_error);
        let t = get(t_col)?;
        if let Some(&previous) = track.times_s.last() {
            if t <= previous {
                return Err(row_error(format!("time {t} does not increase (previous {previous})")));
            }
        }
        track.times_s.push(t);
        track.centroid_mm.push([get(x_col)?, get(y_col)?]);
        if let Some((hx, hy)) = head {
            heads.push([get(hx)?, get(hy)?]);
        }
        if !mid_pairs.is_empty() {
            mids.push(mid_pairs.iter().map(|&(a, b)| Ok([get(a)?, get(b)?])).collect::<Result<Vec<_>>>()?);
        }
        for (series, &c) in annotations.iter_mut().zip(&extra) {
            series.push(get(c)?);
        }
    }
    if head.is_some() {
        track.head_mm = Some(heads);
    }
    if !mid_pairs.is_empty() {
        track.midlines_mm = Some(mids);
    }
    track.annotations = extra.iter().map(|&c| header[c].clone()).zip(annotations).collect();
    Ok(track)
}

/// Writes a track as CSV in the reader's own column names (`t,x,y`, head, `midNN_x`, annotations).
pub fn write_csv_track(track: &Track) -> String {
    let points = track.midlines_mm.as_ref().and_then(|m| m.first()).map_or(0, |m| m.len());
    let mut out = String::from("t,x,y");
    if track.head_mm.is_some() {
        out.push_str(",head_x,head_y");
    }
    for k in 0..points {
        out.push_str(&format!(",mid{k:02}_x,mid{k:02}_y"));
    }
    for name in track.annotations.keys() {
        out.push_str(&format!(",{name}"));
    }
    out.push('\n');
    for i in 0..track.len() {
        out.push_str(&format!("{},{},{}", track.times_s[i], track.centroid_mm[i][0], track.centroid_mm[i][1]));
        if let Some(h) = &track.head_mm {
            out.push_str(&format!(",{},{}", h[i][0], h[i][1]));
        }
        if let Some(m) = &track.midlines_mm {
            for p in &m[i] {
                out.push_str(&format!(",{},{}", p[0], p[1]));
            }
        }
        for series in track.annotations.values() {
            out.push_str(&format!(",{}", series[i]));
        }
        out.push('\n');
    }
    out
}
