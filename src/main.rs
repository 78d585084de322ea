fn main() -> std::process::ExitCode {
    fleetplan::cli::run()
}
