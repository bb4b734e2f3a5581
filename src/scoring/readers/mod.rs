//! Readers that turn recorded tracks (WCON, plain CSV, the simulated trajectory CSV, larvaworld's larva
//! tracks) into [`Track`](crate::scoring::track::Track)s, so that one code path scores them all.

pub mod csv_track;
pub mod larvaworld;
pub mod wcon;

/// Parses one numeric cell; `what` names the column in the error.
pub(crate) fn number(cell: &str, what: &str) -> std::result::Result<f64, String> {
    let cell = cell.trim();
    cell.parse::<f64>().map_err(|_| format!("column {what}: '{cell}' is not a number"))
}
