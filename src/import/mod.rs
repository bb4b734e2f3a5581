//! Importers from published formats into the project's own tables.

pub mod cect;
