//! The command line shared by the connectome search examples: `--seed`, `--candidates`, `--brain`
//! and any other `--name value` pair.

use std::path::PathBuf;

/// Parsed command line of a search example.
pub struct SearchArgs {
    /// The crate root (tasks and brains are found under it).
    pub root: PathBuf,
    /// Every argument after the program name.
    pub args: Vec<String>,
    /// Master seed (`--seed`, default 1).
    pub seed: u64,
    /// Candidates to draw (`--candidates`, default 500).
    pub candidates: usize,
    /// Brain file to start from (`--brain`, default the shipped connectome brain).
    pub brain: PathBuf,
}

impl SearchArgs {
    /// Reads the process's arguments.
    pub fn from_env() -> Self {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let args: Vec<String> = std::env::args().skip(1).collect();
        let mut parsed = SearchArgs { brain: root.join("brains/celegans/connectome.ron"), root, args, seed: 1, candidates: 500 };
        parsed.seed = parsed.value("--seed").map_or(1, |s| s.parse().expect("--seed takes an integer"));
        parsed.candidates = parsed.value("--candidates").map_or(500, |s| s.parse().expect("--candidates takes an integer"));
        if let Some(brain) = parsed.value("--brain") {
            parsed.brain = PathBuf::from(brain);
        }
        parsed
    }

    /// The value after `name`, if given.
    pub fn value(&self, name: &str) -> Option<String> {
        self.args.iter().position(|a| a == name).and_then(|i| self.args.get(i + 1).cloned())
    }
}
