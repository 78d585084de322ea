//! The command line: the terminal app (`fleetplan [PLAN]`), `new`, and the headless commands, one file each.
//! Arguments are in `args.rs`; every command works on an [`Evaluation`](fleetplan_core::evaluation::Evaluation). Errors in
//! plans exit with code 2 and write nothing.

mod args;
mod check;
mod climates;
mod compare_platforms;
mod diff;
mod export;
mod fmt;
mod inference;
mod new;
mod open;
mod plot;
mod report;
mod scenarios;
mod sensitivity;
mod sweep;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use clap::Parser;

pub use args::{Cli, Command, Format};

use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::ArgError;
use fleetplan_core::input::{Diagnostic, Diagnostics};
use fleetplan_core::tables::{self, TableError};

/// Exit code for a plan (or catalogue, or weather file) that does not load.
pub const EXIT_INVALID: u8 = 2;

/// Problems printed per file; the rest are counted ("and K more problems like these").
pub const MAX_PROBLEMS_SHOWN: usize = 50;

/// Exit code of `fmt --check` when a file is not in canonical form.
pub const EXIT_UNFORMATTED: u8 = 1;

/// Why a command failed: a bad input (exit 2) or anything else (exit 1).
enum Failure {
    Invalid(Diagnostics),
    Other(anyhow::Error),
    /// `fmt --check` found files to reformat (already listed).
    Unformatted,
    /// `diff --exit-code` found the plans differ (already printed).
    Differ,
    /// The app was stopped by this signal (terminal already restored): exit 128 + the signal, as a shell reports it.
    Signalled(i32),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Invalid(d)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Invalid(d.into())
    }
}

impl From<TableError> for Failure {
    fn from(e: TableError) -> Self {
        match e {
            TableError::Plan(d) => Failure::Invalid(d),
            TableError::Polars(_) => Failure::Other(e.into()),
        }
    }
}

impl From<ArgError> for Failure {
    fn from(e: ArgError) -> Self {
        match e {
            ArgError::Invalid(d) => Failure::Invalid(d),
            ArgError::Stdin(_) => Failure::Other(e.into()),
        }
    }
}

/// Parses the command line and runs it; the exit code says how it went.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    #[cfg(unix)]
    if cli.command.is_some() {
        // A file-size limit (`ulimit -f`) killed the process with SIGXFSZ and no word; caught, the write fails with
        // EFBIG instead and the command says which file was too large (exit 1). The app handles it as a stop signal.
        let _ = signal_hook::flag::register(
            signal_hook::consts::SIGXFSZ,
            Arc::new(std::sync::atomic::AtomicBool::new(false)),
        );
    }
    let mut stdout = std::io::stdout().lock();
    let mut closed = ClosedStdout;
    let out: &mut dyn Write = if STDOUT_CLOSED_AT_START.load(Ordering::Relaxed) { &mut closed } else { &mut stdout };
    match execute(&cli, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(d)) => {
            let s = if d.len() == 1 { "" } else { "s" };
            let report = tables::terminal_safe(&d.report(MAX_PROBLEMS_SHOWN)).into_owned();
            to_stderr(&format!("{report}\n{} problem{s} found; nothing was written\n", d.len()));
            ExitCode::from(EXIT_INVALID)
        }
        Err(Failure::Other(e)) => {
            to_stderr(&format!("{}\n", tables::terminal_safe(&format!("error: {e:#}"))));
            ExitCode::FAILURE
        }
        Err(Failure::Unformatted | Failure::Differ) => ExitCode::from(EXIT_UNFORMATTED),
        Err(Failure::Signalled(sig)) => ExitCode::from(u8::try_from(128 + sig).unwrap_or(u8::MAX)),
    }
}

/// Set before `main` (see main.rs) when standard output was closed as the process started: Rust's runtime put
/// /dev/null in its place, so output would vanish with exit 0.
pub static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

/// Standard output when it was closed: every write fails, so a command that writes there exits 1 with a message
/// (one that writes only files, `--out FILE`, is unaffected).
struct ClosedStdout;

impl Write for ClosedStdout {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "standard output is closed; nothing was written"))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A message on standard error, when there is one to take it: `eprintln!` panics when it cannot write (a terminal
/// that went away, a closed stderr), which turned a clean exit into an abort.
pub(super) fn to_stderr(message: &str) {
    let _ = std::io::stderr().write_all(message.as_bytes());
}

fn catalog(cli: &Cli) -> Result<Arc<Catalog>, Failure> {
    let builtin = Catalog::builtin()?;
    match &cli.catalog {
        Some(path) => Ok(Arc::new(builtin.with_overrides(path)?)),
        None => Ok(Arc::new(builtin.clone())),
    }
}

fn execute(cli: &Cli, stdout: &mut dyn Write) -> Result<(), Failure> {
    let cat = catalog(cli)?;
    match &cli.command {
        None => open::run(cli.plan.as_deref(), cat, stdout),
        Some(Command::New(a)) => new::run(a, cat, stdout),
        Some(Command::Check { plans }) => check::run(plans, cat, stdout),
        Some(Command::Report { plan, table, scenario }) => {
            report::run(plan.as_deref(), *table, scenario.as_deref(), cat, stdout)
        }
        Some(Command::Inference(a)) => inference::run(a, &cat, stdout),
        Some(Command::ComparePlatforms { plan, format }) => {
            compare_platforms::run(plan.as_deref(), *format, cat, stdout)
        }
        Some(Command::Climates { files, format }) => climates::run(files, *format, &cat, stdout),
        Some(Command::Diff { a, b, format, changed_only, exit_code, base_dir }) => {
            let opts =
                diff::Options { changed_only: *changed_only, exit_code: *exit_code, base_dir: base_dir.as_deref() };
            diff::run(a, b, *format, opts, cat, stdout)
        }
        Some(Command::Scenarios { base, scenarios: named, format }) => {
            scenarios::run(base, named, *format, cat, stdout)
        }
        Some(Command::Sweep { plan, vary, design, samples, seed, shard, out, format }) => {
            let design = fleetplan_core::analysis::design::Design::new(vary.clone(), *design, *samples, *seed)
                .map_err(|e| usage("sweep", format!("--vary: {e}")))?;
            let parquet = match (format, out.as_deref()) {
                (args::FileFormat::Csv, _) => false,
                (args::FileFormat::Parquet, Some(p)) if p.as_os_str() != "-" => true,
                (args::FileFormat::Parquet, _) => {
                    return Err(usage("sweep", "--format parquet writes a file: give --out FILE".into()));
                }
                (args::FileFormat::Json, _) => {
                    return Err(usage(
                        "sweep",
                        "--format json is for single tables (export); a sweep is csv or parquet".into(),
                    ));
                }
            };
            sweep::run(plan, &design, *shard, out.as_deref(), parquet, cat, stdout)
        }
        Some(Command::Plot { plan, chart, out, site, hall, vary, samples, kpi, seed }) => {
            let o = plot::Options {
                site: site.saturating_sub(1),
                hall: hall.saturating_sub(1),
                varies: vary,
                samples: *samples,
                kpi,
                seed: *seed,
            };
            plot::run(plan.as_deref(), *chart, out.as_deref(), &o, cat, stdout)
        }
        Some(Command::Sensitivity { plan, vary, samples, kpi, seed, format }) => {
            sensitivity::run(plan, vary, *samples, kpi, *seed, *format, cat, stdout)
        }
        Some(Command::Fmt { plans, check }) => fmt::run(plans, *check, cat, stdout),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut bytes = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "fleetplan", &mut bytes);
            write_stdout(stdout, &bytes)
        }
        Some(Command::Export { plan, table, out, scenario, format }) => {
            export::run(plan.as_deref(), *table, scenario.as_deref(), out.as_deref(), (*format).into(), cat, stdout)
        }
    }
}

/// Bad input to a command that reads no plan: reported like a plan error (exit 2), named by the command.
fn usage(command: &str, message: String) -> Failure {
    Failure::Invalid(Diagnostic::whole_file(format!("fleetplan {command}"), "", message).into())
}

/// A table as CSV or as text for a terminal.
fn write_df(mut df: tables::DataFrame, format: Format, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut bytes = Vec::new();
    match format {
        Format::Csv => {
            tables::write_csv(&mut df, &mut bytes).context("writing CSV")?;
            write_stdout(stdout, &bytes)
        }
        Format::Table => write_text(stdout, &tables::render(&df, 0)),
    }
}

/// Text for a person's terminal, made terminal-safe (plan data cannot carry escape sequences through).
fn write_text(stdout: &mut dyn Write, text: &str) -> Result<(), Failure> {
    write_stdout(stdout, tables::terminal_safe(text).as_bytes())
}

fn write_stdout(stdout: &mut dyn Write, bytes: &[u8]) -> Result<(), Failure> {
    stdout.write_all(bytes).context("writing to stdout")?;
    Ok(())
}

/// Refuses an output that is one of the command's inputs: the plan named on the command line (with or without its
/// `@SCENARIO`), its scenario file and base, its weather files. Writing it would destroy what was read, so it is bad
/// input (exit 2) and nothing is written.
fn refuse_input_as_output(
    command: &str,
    out: Option<&Path>,
    named: Option<&Path>,
    e: &fleetplan_core::evaluation::Evaluation,
) -> Result<(), Failure> {
    let Some(out) = out.filter(|p| p.as_os_str() != "-") else { return Ok(()) };
    let mut inputs = e.input_files();
    if let Some(n) = named {
        inputs.push(n.to_path_buf());
        if let Some((plan, _)) = n.to_str().and_then(|s| s.rsplit_once('@')) {
            inputs.push(std::path::PathBuf::from(plan));
        }
    }
    match inputs.iter().find(|i| fleetplan_core::plan::document::same_file(out, i)) {
        Some(i) => Err(usage(
            command,
            format!("--out {}: that is {}, an input of this command; give another file", out.display(), i.display()),
        )),
        None => Ok(()),
    }
}

/// Output to a file (written atomically), or to standard output when there is none or it is `-`.
fn write_output(out: Option<&Path>, bytes: &[u8], stdout: &mut dyn Write) -> Result<(), Failure> {
    match out {
        Some(p) if p.as_os_str() != "-" => {
            fleetplan_core::plan::document::write_file(p, bytes).with_context(|| format!("writing {}", p.display()))?;
            Ok(())
        }
        _ => write_stdout(stdout, bytes),
    }
}
