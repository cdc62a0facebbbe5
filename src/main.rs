use clap::Parser;

fn main() -> std::process::ExitCode {
    ketenaanpak::memory::return_large_blocks_to_the_system();
    let cli = ketenaanpak::cli::Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a Tokio runtime");
    match runtime.block_on(ketenaanpak::cli::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
