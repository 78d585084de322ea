fn main() -> std::process::ExitCode {
    fleetplan::cli::run()
}

/// Whether standard output was closed when the process started (`fleetplan export plan.toml >&-`). Rust's runtime
/// opens /dev/null on a closed standard output before `main`, so every write would succeed into nothing and the
/// command exit 0; this runs before the runtime does (an ELF constructor), and the CLI then says the output is closed
/// and exits 1. It only looks: a `stat` of the descriptor, with nothing to free and no state of the runtime used.
#[cfg(target_os = "linux")]
extern "C" fn see_whether_stdout_is_closed() {
    // Without /proc nothing can be told, and nothing is claimed.
    if std::path::Path::new("/proc/self/fd").is_dir() && std::fs::symlink_metadata("/proc/self/fd/1").is_err() {
        fleetplan::cli::STDOUT_CLOSED_AT_START.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // the one exception (see Cargo.toml): code must run before the runtime to see the closed fd
#[used]
#[unsafe(link_section = ".init_array")]
static SEE_WHETHER_STDOUT_IS_CLOSED: extern "C" fn() = see_whether_stdout_is_closed;

/// mimalloc rather than the system's malloc: see its entry in Cargo.toml for the measurements.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
