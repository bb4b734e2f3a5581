//! The `ett` binary: all work is in the library; errors are printed once, with their chain.

fn main() -> std::process::ExitCode {
    match ett::cli::main_with_args(std::env::args_os().collect()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
