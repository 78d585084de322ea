//! The command line: the terminal app (`fleetplan [PLAN]`), `new`, and the headless `check`, `report`, `export`.
//! Errors in plans exit with code 2 and write nothing.

mod compare;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use crate::catalog::Catalog;
use crate::model::{self, Outcome};
use crate::plan::{self, Diagnostics, Origin, Plan};
use crate::tables::{self, Table};
use crate::units::s_to_ms;

/// Exit code for a plan (or catalogue, or weather file) that does not load.
pub const EXIT_INVALID: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "fleetplan",
    version,
    about = "Capacity planner for liquid-cooled AI data-centre fleets: power, cooling water and PUE, hour by hour",
    long_about = None,
    after_help = "Without a command, fleetplan opens PLAN (or the bundled 1 GW plan) in the terminal app; when standard \
                  output is not a terminal it prints the site report instead.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Plan file to open in the terminal app; the bundled 1 GW plan when omitted
    #[arg(value_name = "PLAN")]
    pub plan: Option<PathBuf>,

    /// A catalogue file laid over the bundled one (same format as assets/catalog.toml)
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a new plan with halls and rows proposed to fill a grid envelope, then open it
    New {
        /// Where to write the plan (refuses to overwrite an existing file)
        #[arg(value_name = "PATH")]
        path: PathBuf,
        /// Grid envelope, MW
        #[arg(long)]
        mw: f64,
        /// Catalogue platform id, e.g. vr-nvl72
        #[arg(long)]
        platform: String,
        /// Power profile of the platform; its default when omitted
        #[arg(long)]
        profile: Option<String>,
        /// Catalogue climate id (greensboro-nc, miami-fl, sand-point-ak) or a weather file path
        #[arg(long)]
        climate: String,
        /// Quarter the first hall is energised; the next quarter when omitted
        #[arg(long, value_name = "QUARTER")]
        start: Option<String>,
        /// Rack slots per row
        #[arg(long, default_value_t = crate::propose::RACKS_PER_ROW)]
        racks_per_row: usize,
        /// Rows per hall
        #[arg(long, default_value_t = crate::propose::ROWS_PER_HALL)]
        rows_per_hall: usize,
        /// Site and plan name; from the file name when omitted
        #[arg(long)]
        name: Option<String>,
    },
    /// Check plan files: exit 0 when all are valid, 2 when any is not, printing every problem
    Check {
        /// Plan files (TOML)
        #[arg(required = true, value_name = "PLAN")]
        plans: Vec<PathBuf>,
    },
    /// Print a table of a plan's results, readable in a terminal
    Report {
        /// Plan file; the bundled 1 GW plan when omitted
        #[arg(value_name = "PLAN")]
        plan: Option<PathBuf>,
        /// Which table
        #[arg(long, short, value_parser = table_parser(), default_value = "site")]
        table: Table,
        /// Supply tables: only this scenario (default: all, with the expectation)
        #[arg(long, value_name = "NAME")]
        scenario: Option<String>,
    },
    /// Inference calculator: the operating point (with --tps-user) or the whole throughput-interactivity curve
    Inference {
        /// Catalogue platform id, e.g. vr-nvl72
        #[arg(long)]
        platform: String,
        /// Catalogue model id, e.g. deepseek-r1
        #[arg(long)]
        model: String,
        /// fp4, fp8 or bf16
        #[arg(long, default_value = "fp4")]
        precision: String,
        /// Input tokens per request
        #[arg(long, default_value_t = 1000.0)]
        isl: f64,
        /// Output tokens per request
        #[arg(long, default_value_t = 1000.0)]
        osl: f64,
        /// Least output tokens/s per user: print the operating point instead of the curve
        #[arg(long)]
        tps_user: Option<f64>,
        /// Calibration to use (assets/calibration.toml); the platform's default when omitted
        #[arg(long)]
        calibration: Option<String>,
        /// PUE for the power share of $/GPU-hour (default: 1.2, as in the reference's cost check)
        #[arg(long, default_value_t = 1.2)]
        pue: f64,
        /// Electricity price, $/MWh; the bundled site default when omitted
        #[arg(long)]
        usd_per_mwh: Option<f64>,
        /// Share of capacity in use, for $/M tokens
        #[arg(long, default_value_t = 1.0)]
        utilisation: f64,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// GB200, GB300 and Vera Rubin NVL72 side by side for a plan's workload, with the launch brief's claims
    ComparePlatforms {
        /// Plan file; the bundled 1 GW plan when omitted
        #[arg(value_name = "PLAN")]
        plan: Option<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Compare two plans: every site KPI with its delta, and which halls, rows and parameters changed
    Diff {
        /// First plan: a file, `-` for standard input, or PLAN@SCENARIO
        a: String,
        /// Second plan, the same forms
        b: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Evaluate every combination of varied settings (in parallel) and write one row of site KPIs per variant as CSV
    Sweep {
        /// Plan file
        #[arg(value_name = "PLAN")]
        plan: PathBuf,
        /// KEY=V1,V2,…: a site setting (e.g. cooling.supply_c, climate, electrical.redundancy), set on every site,
        /// or legend.X for a legend entry (e.g. legend.V=vr-nvl72@max-q,vr-nvl72@max-p). Repeat for more keys
        #[arg(long, required = true, value_parser = compare::parse_vary)]
        vary: Vec<compare::Vary>,
        /// Output file; `-` or omitted for standard output
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Rewrite plan files in canonical form, keeping every comment; --check only reports (exit 1 if any would change)
    Fmt {
        /// Plan files
        #[arg(required = true, value_name = "PLAN")]
        plans: Vec<PathBuf>,
        /// Change nothing; list the files that are not in canonical form and exit 1 if there are any
        #[arg(long)]
        check: bool,
    },
    /// Write a table of a plan's results as CSV (header row, full precision, stable row order)
    Export {
        /// Plan file; the bundled 1 GW plan when omitted
        #[arg(value_name = "PLAN")]
        plan: Option<PathBuf>,
        /// Which table
        #[arg(long, short, value_parser = table_parser())]
        table: Table,
        /// Output file; `-` or omitted for standard output. Written atomically, and only when the plan is valid
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Supply tables: only this scenario (default: all, with the expectation)
        #[arg(long, value_name = "NAME")]
        scenario: Option<String>,
    },
}

/// Output formats of the calculator and the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
}

/// Table names on the command line, from the tables layer's own list (with its descriptions).
fn table_parser() -> impl TypedValueParser<Value = Table> {
    let values = Table::ALL.map(|t| PossibleValue::new(t.name()).help(t.about()));
    PossibleValuesParser::new(values).map(|name: String| Table::from_name(&name).unwrap_or(Table::Site))
}

/// Why a command failed: a bad input (exit 2) or anything else (exit 1).
enum Failure {
    Invalid(Diagnostics),
    Other(anyhow::Error),
    /// `fmt --check` found files to reformat (already listed).
    Unformatted,
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

/// Parses the command line and runs it; the exit code says how it went.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match execute(&cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(d)) => {
            eprintln!("{d}");
            eprintln!("{} problem{} found; nothing was written", d.len(), if d.len() == 1 { "" } else { "s" });
            ExitCode::from(EXIT_INVALID)
        }
        Err(Failure::Other(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
        Err(Failure::Unformatted) => ExitCode::from(compare::EXIT_UNFORMATTED),
    }
}

fn catalog(cli: &Cli) -> Result<Catalog, Failure> {
    let builtin = Catalog::builtin()?;
    match &cli.catalog {
        Some(path) => Ok(builtin.with_overrides(path)?),
        None => Ok(builtin.clone()),
    }
}

/// Loads a plan file, or the bundled default plan when none is named.
pub fn load(path: Option<&Path>, catalog: &Catalog) -> Result<Plan, Diagnostics> {
    match path {
        Some(p) => plan::load_file(p, catalog),
        None => plan::parse(plan::DEFAULT_PLAN, &Origin::bundled(), catalog),
    }
}

fn execute(cli: &Cli, stdout: &mut dyn Write) -> Result<(), Failure> {
    let cat = catalog(cli)?;
    match &cli.command {
        None => open(cli.plan.as_deref(), cat, stdout),
        Some(Command::New { path, mw, platform, profile, climate, start, racks_per_row, rows_per_hall, name }) => {
            let start = match start {
                Some(q) => q.parse().map_err(|e: String| anyhow::anyhow!("--start: {e}"))?,
                None => crate::propose::next_quarter(),
            };
            if !mw.is_finite() || *mw <= 0.0 || *racks_per_row == 0 || *rows_per_hall == 0 {
                return Err(anyhow::anyhow!("--mw, --racks-per-row and --rows-per-hall must be above 0").into());
            }
            if path.exists() {
                return Err(anyhow::anyhow!("{} exists; not overwriting it", path.display()).into());
            }
            let name = name
                .clone()
                .unwrap_or_else(|| path.file_stem().and_then(|s| s.to_str()).unwrap_or("New plan").to_string());
            let p = crate::propose::Proposal {
                name,
                grid_mw: *mw,
                platform: platform.clone(),
                profile: profile.clone(),
                climate: climate.clone(),
                start,
                racks_per_row: *racks_per_row,
                rows_per_hall: *rows_per_hall,
            };
            let text = crate::propose::propose(&p, &cat).map_err(|e| usage("new", e.to_string()))?;
            plan::document::write_atomic(path, text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
            writeln!(stdout, "wrote {}", path.display()).context("writing to stdout")?;
            open(Some(path), cat, stdout)
        }
        Some(Command::Check { plans }) => check(plans, &cat, stdout),
        Some(Command::Report { plan, table, scenario }) => {
            report(plan.as_deref(), *table, scenario.as_deref(), &cat, stdout)
        }
        Some(Command::Inference {
            platform,
            model,
            precision,
            isl,
            osl,
            tps_user,
            calibration,
            pue,
            usd_per_mwh,
            utilisation,
            format,
        }) => {
            let q = CalculatorQuery {
                platform,
                model,
                precision,
                isl: *isl,
                osl: *osl,
                tps_user: *tps_user,
                calibration: calibration.as_deref(),
                pue: *pue,
                usd_per_mwh: usd_per_mwh.unwrap_or(cat.defaults.electricity_usd_per_mwh),
                utilisation: *utilisation,
            };
            calculator(&q, *format, &cat, stdout)
        }
        Some(Command::ComparePlatforms { plan, format }) => compare_platforms(plan.as_deref(), *format, &cat, stdout),
        Some(Command::Diff { a, b, format }) => compare::diff(a, b, *format, &cat, stdout),
        Some(Command::Sweep { plan, vary, out }) => compare::sweep(plan, vary, out.as_deref(), &cat, stdout),
        Some(Command::Fmt { plans, check }) => {
            if compare::fmt(plans, *check, stdout)? || !*check {
                Ok(())
            } else {
                Err(Failure::Unformatted)
            }
        }
        Some(Command::Export { plan, table, out, scenario }) => {
            export(plan.as_deref(), *table, scenario.as_deref(), out.as_deref(), &cat, stdout)
        }
    }
}

/// The terminal app on a plan, or its site report when standard output is not a terminal.
fn open(path: Option<&Path>, cat: Catalog, stdout: &mut dyn Write) -> Result<(), Failure> {
    if !std::io::stdout().is_terminal() {
        return report(path, Table::Site, None, &cat, stdout);
    }
    let text = match path {
        Some(p) => std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        None => plan::DEFAULT_PLAN.to_string(),
    };
    // Load once first so a bad plan reports like `check` (exit 2) instead of opening.
    load(path, &cat)?;
    crate::tui::run(text, path.map(Path::to_path_buf), cat)?;
    Ok(())
}

fn check(plans: &[PathBuf], cat: &Catalog, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut all = Diagnostics::default();
    for p in plans {
        match plan::load_file(p, cat) {
            Ok(plan) => {
                let racks: usize = plan
                    .sites
                    .iter()
                    .flat_map(|s| &s.halls)
                    .flat_map(|h| &h.rows)
                    .map(|r| r.slots.iter().flatten().count())
                    .sum();
                writeln!(stdout, "ok: {} ({} sites, {} racks)", p.display(), plan.sites.len(), racks)
                    .context("writing to stdout")?;
            }
            Err(d) => all.0.extend(d.0),
        }
    }
    if all.is_empty() { Ok(()) } else { Err(Failure::Invalid(all)) }
}

/// A plan, its outcome and one of its tables, with the name the plan goes by in messages.
struct Evaluated {
    plan: Plan,
    outcome: Outcome,
    shown: String,
    df: polars::prelude::DataFrame,
}

/// Loads and evaluates a plan and builds one of its tables.
fn table_of(path: Option<&Path>, table: Table, scenario: Option<&str>, cat: &Catalog) -> Result<Evaluated, Failure> {
    let plan = load(path, cat)?;
    let outcome = model::evaluate(&plan);
    let shown = path.map_or_else(|| plan::DEFAULT_PLAN_NAME.to_string(), |p| p.display().to_string());
    let df = build(table, &plan, &outcome, scenario, &shown, cat)?;
    Ok(Evaluated { plan, outcome, shown, df })
}

/// Builds any table, running the supply timeline (and its Monte Carlo) only for the tables that need it.
fn build(
    table: Table,
    plan: &Plan,
    outcome: &Outcome,
    scenario: Option<&str>,
    shown: &str,
    cat: &Catalog,
) -> Result<polars::prelude::DataFrame, Failure> {
    if table == Table::Inference {
        let sites = model::fleet_inference::evaluate(cat, plan, outcome).map_err(|e| invalid_plan(shown, &e))?;
        return Ok(tables::inference::inference(plan, &sites).context("building the table")?);
    }
    if !table.is_supply() {
        return Ok(tables::build(table, plan, outcome).context("building the table")?);
    }
    let invalid = |message: String| {
        Failure::Invalid(Diagnostics(vec![plan::Diagnostic {
            file: shown.to_string(),
            line: 0,
            column: 0,
            key: "supply".into(),
            message,
        }]))
    };
    let Some(supply) = &plan.supply else {
        return Err(invalid(format!("the {} table needs a [supply] section in the plan", table.name())));
    };
    if let Some(name) = scenario.filter(|n| !supply.scenarios.iter().any(|s| s.name == *n)) {
        let names: Vec<&str> = supply.scenarios.iter().map(|s| s.name.as_str()).collect();
        return Err(invalid(format!("no scenario named \"{name}\"; expected one of: {}", names.join(", "))));
    }
    let so = model::supply::evaluate(plan, outcome, supply);
    let mc = || model::supply::monte_carlo(plan, outcome, supply);
    let df = match table {
        Table::Timeline => tables::supply::timeline(plan, supply, &so, scenario),
        Table::Scenarios => {
            tables::supply::scenarios(plan, supply, &so, scenario.is_none().then(mc).as_ref(), scenario)
        }
        Table::Completion => tables::supply::completion(plan, supply, &so, scenario),
        _ => tables::supply::montecarlo(supply, &mc()),
    };
    Ok(df.context("building the table")?)
}

fn invalid_plan(shown: &str, e: &dyn std::fmt::Display) -> Failure {
    Failure::Invalid(Diagnostics(vec![plan::Diagnostic {
        file: shown.to_string(),
        line: 0,
        column: 0,
        key: "workload".into(),
        message: e.to_string(),
    }]))
}

/// Bad input to a command that reads no plan: reported like a plan error (exit 2), named by the command.
fn usage(command: &str, message: String) -> Failure {
    Failure::Invalid(Diagnostics(vec![plan::Diagnostic {
        file: format!("fleetplan {command}"),
        line: 0,
        column: 0,
        key: String::new(),
        message,
    }]))
}

fn write_df(mut df: polars::prelude::DataFrame, format: Format, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut bytes = Vec::new();
    match format {
        Format::Csv => tables::write_csv(&mut df, &mut bytes).context("writing CSV")?,
        Format::Table => bytes.extend(tables::render(&df, 0).into_bytes()),
    }
    stdout.write_all(&bytes).context("writing to stdout")?;
    Ok(())
}

/// What the inference calculator is asked.
struct CalculatorQuery<'a> {
    platform: &'a str,
    model: &'a str,
    precision: &'a str,
    isl: f64,
    osl: f64,
    tps_user: Option<f64>,
    calibration: Option<&'a str>,
    pue: f64,
    usd_per_mwh: f64,
    utilisation: f64,
}

fn calculator(q: &CalculatorQuery, format: Format, cat: &Catalog, stdout: &mut dyn Write) -> Result<(), Failure> {
    use crate::model::inference::{Precision, usd_per_m_tokens};
    let platform = cat.platform(q.platform).ok_or_else(|| {
        let ids: Vec<&str> = cat.platforms.keys().map(String::as_str).collect();
        usage("inference", format!("unknown platform \"{}\"; expected one of: {}", q.platform, ids.join(", ")))
    })?;
    let m = cat.models.get(q.model).ok_or_else(|| {
        let ids: Vec<&str> = cat.models.keys().map(String::as_str).collect();
        usage("inference", format!("unknown model \"{}\"; expected one of: {}", q.model, ids.join(", ")))
    })?;
    let p = Precision::parse(q.precision).ok_or_else(|| {
        usage("inference", format!("unknown precision \"{}\"; expected fp4, fp8 or bf16", q.precision))
    })?;
    if !(q.isl >= 1.0 && q.osl >= 1.0 && q.pue >= 1.0 && q.utilisation > 0.0 && q.utilisation <= 1.0) {
        return Err(usage(
            "inference",
            "expected --isl and --osl of at least 1, --pue of at least 1 and --utilisation above 0 and at most 1"
                .into(),
        ));
    }
    // The same checks and messages as a plan's workload: GPU figures, precision, calibration, fit, service level.
    let (s, entry) = model::fleet_inference::serving(cat, platform, m, p, q.isl, q.osl, q.calibration)
        .map_err(|e| usage("inference", e.to_string()))?;
    let capex = platform
        .capex_usd_per_rack
        .ok_or_else(|| usage("inference", format!("no rack price for {} in the catalogue", platform.id)))?;
    let rack_kw = platform.profiles.get(&platform.default_profile).copied().unwrap_or(0.0);
    let h = model::fleet_inference::gpu_hour_usd(
        &cat.economics,
        capex,
        rack_kw * (1.0 + cat.defaults.network_storage_frac),
        platform.gpus,
        q.pue,
        q.usd_per_mwh,
    );
    let cost = |tps: f64| usd_per_m_tokens(h, tps, q.utilisation);
    let pts: Vec<_> = match q.tps_user {
        Some(t) => {
            let op = model::fleet_inference::operating_point(&s, &platform.id, t)
                .map_err(|e| usage("inference", e.to_string()))?;
            vec![(op, cost(op.tokens_per_s_gpu))]
        }
        None => s.curve().into_iter().map(|x| (x, cost(x.tokens_per_s_gpu))).collect(),
    };
    let df = tables::inference::curve(&platform.id, &m.id, q.precision, q.isl, q.osl, s.replica_gpus, &pts)
        .context("building the table")?;
    if format == Format::Table {
        let head = format!(
            "{} on {} at {}, {} in / {} out: {}-GPU replica, calibration {}, TTFT {:.0} ms, ${:.2}/GPU-hour\n\n",
            m.name,
            platform.name,
            q.precision,
            q.isl,
            q.osl,
            s.replica_gpus,
            entry.id,
            s_to_ms(s.ttft_s()),
            h
        );
        stdout.write_all(head.as_bytes()).context("writing to stdout")?;
    }
    write_df(df, format, stdout)
}

fn compare_platforms(
    path: Option<&Path>,
    format: Format,
    cat: &Catalog,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let plan = load(path, cat)?;
    let shown = path.map_or_else(|| plan::DEFAULT_PLAN_NAME.to_string(), |p| p.display().to_string());
    let cmp = model::fleet_inference::compare_platforms(cat, &plan).map_err(|e| invalid_plan(&shown, &e))?;
    let claims = model::fleet_inference::claims(&cmp);
    match format {
        Format::Csv => write_df(tables::inference::compare(&cmp).context("building the table")?, format, stdout),
        Format::Table => {
            let head =
                format!("{} ({shown}): platforms compared for the plan's workload in its first site\n\n", plan.name);
            stdout.write_all(head.as_bytes()).context("writing to stdout")?;
            let t = tables::render(&tables::inference::compare(&cmp).context("building the table")?, 0);
            stdout.write_all(t.as_bytes()).context("writing to stdout")?;
            stdout
                .write_all(b"\nVera Rubin NVL72 over GB200 NVL72: the model against the launch brief\n\n")
                .context("writing to stdout")?;
            write_df(tables::inference::claims(&claims).context("building the table")?, Format::Table, stdout)
        }
    }
}

fn report(
    path: Option<&Path>,
    table: Table,
    scenario: Option<&str>,
    cat: &Catalog,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let Evaluated { plan, outcome, shown, df } = table_of(path, table, scenario, cat)?;
    let mut text = format!("{} ({shown}): {} table\n\n", plan.name, table.name());
    text.push_str(&tables::render(&df, if table == Table::Site { 8 } else { 0 }));
    if table == Table::Site {
        let findings: Vec<String> = plan
            .sites
            .iter()
            .zip(&outcome.sites)
            .flat_map(|(s, o)| o.violations.iter().map(move |v| format!("  {}: {}", s.name, v.message)))
            .collect();
        if findings.is_empty() {
            text.push_str("\nNo limit exceeded.\n");
        } else {
            text.push_str(&format!("\nOver limit ({}):\n{}\n", findings.len(), findings.join("\n")));
        }
    }
    stdout.write_all(text.as_bytes()).context("writing to stdout")?;
    Ok(())
}

fn export(
    path: Option<&Path>,
    table: Table,
    scenario: Option<&str>,
    out: Option<&Path>,
    cat: &Catalog,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let mut df = table_of(path, table, scenario, cat)?.df;
    let mut bytes = Vec::new();
    tables::write_csv(&mut df, &mut bytes).context("writing CSV")?;
    match out {
        None => stdout.write_all(&bytes).context("writing to stdout")?,
        Some(p) if p.as_os_str() == "-" => stdout.write_all(&bytes).context("writing to stdout")?,
        Some(p) => plan::document::write_atomic(p, &bytes).with_context(|| format!("writing {}", p.display()))?,
    }
    Ok(())
}
