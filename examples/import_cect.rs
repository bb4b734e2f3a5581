//! Stand-in for `ett import cect PATH` until the subcommand lands in src/main.rs; same clap shape.
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    what: ImportCmd,
}

#[derive(Subcommand)]
enum ImportCmd {
    /// C. elegans connectome (Cook et al. 2019) from the cect 0.3.5 wheel or its extracted root.
    Cect {
        /// The wheel (.data/wheels/cect-0.3.5-py3-none-any.whl) or a directory of its extracted files.
        path: PathBuf,
        /// Where the CSV tables and SOURCE.md go.
        #[arg(long, default_value = ett::import::cect::DEFAULT_OUT_DIR)]
        out: PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().what {
        ImportCmd::Cect { path, out } => {
            let r = ett::import::cect::import_cect(&path, &out)?;
            let c = r.counts;
            println!(
                "wrote {}: {} neurons, {} chemical synapses, {} gap junctions, {} neuromuscular junctions, {} muscles",
                r.out_dir.display(), c.neurons, c.chemical, c.gap, c.nmj, c.muscles
            );
        }
    }
    Ok(())
}
