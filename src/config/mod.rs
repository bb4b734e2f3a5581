//! RON specifications for bodies, environments, brains, tasks, runs and sweeps, and their loading with
//! file:line:column errors that name the field at fault.

mod load;
pub mod animal_body;
pub mod behavioral_spec;
pub mod brain_data;
pub mod body_spec;
pub mod brain_spec;
pub mod connectome_spec;
pub mod environment_spec;
pub mod fly_body_spec;
pub mod fly_navigator_spec;
pub mod flywire_lif_spec;
pub mod mushroom_body_spec;
pub mod fly_walking_spec;
pub mod null_spec;
pub mod run_spec;
pub mod spiking_spec;
pub mod scenario;
pub mod sweep_spec;
pub mod task_spec;
pub mod track_measures;
mod positive;
mod timing;

pub use load::{hash_file, hash_into, load_ron, locate_field, parse_ron, sha256_hex, ConfigError, Loaded};
pub use animal_body::{load_body, AnimalBody};
pub use scenario::Scenario;
pub use positive::first_not_positive;
pub use timing::{check_whole_multiple, steps_per};
