//! FlyWire's published annotation tables, read to pick neurons by cell type and side instead of by root id:
//! `consolidated_cell_types.csv(.gz)` (root_id, primary_type, additional_type(s); Schlegel et al. 2024 and
//! Matsliah et al. 2024 types, e.g. `ORN_DM1`, `LPLC2`, `DNa02`) and `classification.csv(.gz)` (root_id, flow,
//! super_class, class, sub_class, hemilineage, side, nerve). The side comes from the classification table,
//! as shared/FLY_NOTES.md asks where published id lists disagree on it. Other columns are ignored.

use super::flywire::{open_table, write_table};
use super::EngineError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Side of the brain FlyWire's classification places a neuron on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// `left`.
    Left,
    /// `right`.
    Right,
}

impl Side {
    /// The word FlyWire's classification table writes.
    pub fn word(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// One neuron's annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// FlyWire root id.
    pub root_id: u64,
    /// `primary_type` of the cell-type table.
    pub primary_type: String,
    /// `side` of the classification table (none for `center`, an empty cell or no row).
    pub side: Option<Side>,
}

/// The annotations of a FlyWire release, by root id.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    /// Sorted by root id.
    neurons: Vec<Annotation>,
}

impl Annotations {
    /// Root ids (ascending) whose primary type is one of `types` and, where `side` is given, on that side.
    pub fn select(&self, types: &[String], side: Option<Side>) -> Vec<u64> {
        self.neurons.iter().filter(|a| types.contains(&a.primary_type) && side.is_none_or(|s| a.side == Some(s))).map(|a| a.root_id).collect()
    }

    /// Neurons annotated with a type.
    pub fn len(&self) -> usize {
        self.neurons.len()
    }

    /// Whether no neuron is annotated.
    pub fn is_empty(&self) -> bool {
        self.neurons.is_empty()
    }
}

/// Reads every row of a table as (line, cells of the named columns); a missing column or row names file:line.
fn read_columns(path: &Path, names: &[&str]) -> Result<Vec<(u64, Vec<String>)>, EngineError> {
    let mut csv = open_table(path)?;
    let bad = |line: u64, message: String| EngineError::BadRow { path: path.to_path_buf(), line, message };
    let headers = csv.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let columns = names.iter().map(|name| headers.iter().position(|h| h.trim() == *name).ok_or_else(|| bad(1, format!("no column `{name}` (need {})", names.join(", "))))).collect::<Result<Vec<_>, _>>()?;
    let mut rows = Vec::new();
    for record in csv.records() {
        let record = record.map_err(|e| bad(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let cells = columns.iter().zip(names).map(|(&c, name)| record.get(c).map(|t| t.trim().to_string()).ok_or_else(|| bad(line, format!("missing `{name}`")))).collect::<Result<Vec<_>, _>>()?;
        rows.push((line, cells));
    }
    Ok(rows)
}

fn root_id(path: &Path, line: u64, text: &str) -> Result<u64, EngineError> {
    text.parse().map_err(|_| EngineError::BadRow { path: path.to_path_buf(), line, message: format!("`root_id` is not a root id: {text:?}") })
}

/// Reads the cell-type and classification tables; a malformed row is reported as file:line and column. A
/// side of `center`, `na`, `unknown` or an empty cell is no side; a root id listed twice in either table is
/// an error naming both lines.
pub fn read_annotations(cell_types: &Path, classification: &Path) -> Result<Annotations, EngineError> {
    let twice = |path: &Path, line: u64, first: u64, id: u64| EngineError::BadRow { path: path.to_path_buf(), line, message: format!("`root_id` {id} is listed twice (first on line {first})") };
    let mut sides: HashMap<u64, (u64, Option<Side>)> = HashMap::new();
    for (line, cells) in read_columns(classification, &["root_id", "side"])? {
        let side = match cells[1].to_ascii_lowercase().as_str() {
            "left" => Some(Side::Left),
            "right" => Some(Side::Right),
            "center" | "na" | "unknown" | "" => None,
            other => return Err(EngineError::BadRow { path: classification.to_path_buf(), line, message: format!("`side` is not left, right, center or na: {other:?}") }),
        };
        let id = root_id(classification, line, &cells[0])?;
        if let Some((first, _)) = sides.insert(id, (line, side)) {
            return Err(twice(classification, line, first, id));
        }
    }
    let mut neurons = Vec::new();
    let mut typed_on: HashMap<u64, u64> = HashMap::new();
    for (line, cells) in read_columns(cell_types, &["root_id", "primary_type"])? {
        let id = root_id(cell_types, line, &cells[0])?;
        if let Some(first) = typed_on.insert(id, line) {
            return Err(twice(cell_types, line, first, id));
        }
        neurons.push(Annotation { root_id: id, primary_type: cells[1].clone(), side: sides.get(&id).and_then(|&(_, side)| side) });
    }
    neurons.sort_by_key(|a| a.root_id);
    Ok(Annotations { neurons })
}

/// Writes annotations as FlyWire's two tables (used to test the reader and to build generated fixtures).
pub fn write_annotations(cell_types: &Path, classification: &Path, neurons: &[Annotation]) -> Result<(), EngineError> {
    let mut types = String::from("root_id,primary_type,additional_type(s)\n");
    let mut classes = String::from("root_id,flow,super_class,class,sub_class,hemilineage,side,nerve\n");
    for a in neurons {
        types.push_str(&format!("{},{},\n", a.root_id, a.primary_type));
        classes.push_str(&format!("{},intrinsic,central,,,,{},\n", a.root_id, a.side.map_or("center", Side::word)));
    }
    write_table(cell_types, &types)?;
    write_table(classification, &classes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn neuron(root_id: u64, primary_type: &str, side: Option<Side>) -> Annotation {
        Annotation { root_id, primary_type: primary_type.into(), side }
    }

    #[test]
    fn selects_by_type_and_side_from_both_tables() {
        let dir = tempfile::tempdir().unwrap();
        let (types, classes) = (dir.path().join("consolidated_cell_types.csv.gz"), dir.path().join("classification.csv.gz"));
        let written = [neuron(30, "DNa02", Some(Side::Right)), neuron(10, "DNa02", Some(Side::Left)), neuron(20, "ORN_DM1", Some(Side::Left)), neuron(40, "DNa02", None)];
        write_annotations(&types, &classes, &written).unwrap();
        let read = read_annotations(&types, &classes).unwrap();
        assert_eq!(read.len(), 4);
        assert_eq!(read.select(&["DNa02".into()], Some(Side::Left)), vec![10]);
        assert_eq!(read.select(&["DNa02".into()], Some(Side::Right)), vec![30]);
        assert_eq!(read.select(&["DNa02".into()], None), vec![10, 30, 40], "no side asked: every side, centre included");
        assert_eq!(read.select(&["DNa02".into(), "ORN_DM1".into()], Some(Side::Left)), vec![10, 20]);
        assert!(read.select(&["LPLC2".into()], None).is_empty());
    }

    /// Reads the two tables written as these texts (`types.csv`, `classes.csv` in `dir`).
    fn read_texts(dir: &Path, types: &str, classes: &str) -> Result<Annotations, EngineError> {
        let (types_path, classes_path) = (dir.join("types.csv"), dir.join("classes.csv"));
        std::fs::write(&types_path, types).unwrap();
        std::fs::write(&classes_path, classes).unwrap();
        read_annotations(&types_path, &classes_path)
    }

    #[test]
    fn a_neuron_without_a_classification_row_has_no_side() {
        let dir = tempfile::tempdir().unwrap();
        let read = read_texts(dir.path(), "root_id,primary_type,additional_type(s)\n7,LPLC2,\n8,LPLC2,LC4\n", "root_id,flow,super_class,class,sub_class,hemilineage,side,nerve\n8,intrinsic,optic,,,,right,\n").unwrap();
        assert_eq!(read.select(&["LPLC2".into()], Some(Side::Right)), vec![8]);
        assert_eq!(read.select(&["LPLC2".into()], None), vec![7, 8]);
    }

    #[test]
    fn bad_rows_name_the_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let error = |types: &str, classes: &str| read_texts(dir.path(), types, classes).unwrap_err().to_string();
        let err = error("root_id,primary_type\n7,LPLC2\n", "root_id,side\n7,left\n8,up\n");
        assert!(err.contains("classes.csv:3") && err.contains("side") && err.contains("up"), "{err}");
        let err = error("root_id,primary_type\n7,LPLC2\nx7,LPLC2\n", "root_id,side\n7,left\n");
        assert!(err.contains("types.csv:3") && err.contains("root_id") && err.contains("x7"), "{err}");
        let err = error("root_id,type\n7,LPLC2\n", "root_id,side\n7,left\n");
        assert!(err.contains("types.csv:1") && err.contains("primary_type"), "{err}");
        let err = error("root_id,primary_type\n7,LPLC2\n7,LC4\n", "root_id,side\n7,left\n");
        assert!(err.contains("types.csv:3") && err.contains("twice") && err.contains("line 2"), "{err}");
        let err = error("root_id,primary_type\n7,LPLC2\n", "root_id,side\n7,left\n7,right\n");
        assert!(err.contains("classes.csv:3") && err.contains("twice"), "{err}");
        let read = read_texts(dir.path(), "root_id,primary_type\n7,LPLC2\n", "root_id,side\n7,na\n").unwrap();
        assert_eq!(read.select(&["LPLC2".into()], None), vec![7], "`na` is no side, not an error");
    }

}
