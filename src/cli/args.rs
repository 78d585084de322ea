//! The command line's arguments: every command and option, with the help text `--help` prints.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use fleetplan_core::analysis::design::{DesignKind, Shard, Vary};
use fleetplan_core::catalog::{Catalog, Layout};
use fleetplan_core::charts::Chart;
use fleetplan_core::tables::Table;

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
    New(NewArgs),
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
    Inference(InferenceArgs),
    /// GB200, GB300 and Vera Rubin NVL72 side by side for a plan's workload, with the launch brief's claims
    ComparePlatforms {
        /// Plan file; the bundled 1 GW plan when omitted
        #[arg(value_name = "PLAN")]
        plan: Option<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The bundled climates (or the given weather files): station, elevation, design conditions and hours above
    /// 30 degC
    Climates {
        /// Weather files (.epw, NREL TMY3 .csv or fleetplan's compact .csv) to list instead of the bundled ones
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
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
        /// Only the KPIs whose values differ, and the changes
        #[arg(long)]
        changed_only: bool,
        /// Exit 1 when the plans differ (any KPI or change), 0 when they do not, as `git diff --exit-code`
        #[arg(long)]
        exit_code: bool,
        /// Folder a plan read from standard input resolves its relative paths from (a scenario's `base`, a weather
        /// file); default: the other side's folder, or the working directory
        #[arg(long, value_name = "DIR")]
        base_dir: Option<PathBuf>,
    },
    /// Every site KPI of a base plan beside each scenario file's, with deltas (default: the scenarios folder next to
    /// the base)
    Scenarios {
        /// Base plan file
        #[arg(value_name = "BASE")]
        base: PathBuf,
        /// Scenario files or folders of them
        #[arg(value_name = "SCENARIO")]
        scenarios: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Evaluate variants of a plan (every combination, or a Latin hypercube or Sobol sample of ranges) in parallel
    /// and write one row of site KPIs per variant as CSV
    Sweep {
        /// Plan file
        #[arg(value_name = "PLAN")]
        plan: PathBuf,
        /// KEY=V1,V2,… or KEY=LOW..HIGH: a site setting (e.g. cooling.supply_c, climate, electrical.redundancy), set
        /// on every site, or legend.X for a legend entry (e.g. legend.V=vr-nvl72@max-q,vr-nvl72@max-p). Repeat for
        /// more keys
        #[arg(long, required = true, value_parser = fleetplan_core::analysis::design::parse_vary)]
        vary: Vec<Vary>,
        /// How variants are chosen: grid (every combination; a range takes --samples evenly spaced values), lhs or
        /// sobol (--samples points over the ranges and lists)
        #[arg(long, value_parser = design_parser(), default_value = "grid")]
        design: DesignKind,
        /// Points per range (grid), or variants in all (lhs, sobol)
        #[arg(long)]
        samples: Option<usize>,
        /// Seed of the lhs and sobol designs: the same seed, the same variants on every machine
        #[arg(long, default_value_t = 2027)]
        seed: u64,
        /// K/N: only the K-th of N equal slices of the variants (the first writes the header), for running shards
        /// on many machines; the shards' outputs, concatenated in order, are the whole sweep
        #[arg(long, value_parser = fleetplan_core::analysis::design::parse_shard)]
        shard: Option<Shard>,
        /// Output file; `-` or omitted for standard output (CSV only)
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// File format: csv, or parquet (one row group per 1,024 variants; needs --out FILE)
        #[arg(long, value_enum, default_value_t = FileFormat::Csv)]
        format: FileFormat,
    },
    /// Which varied settings move a site KPI: first-order and total Sobol indices (Saltelli's scheme) over ranges
    Sensitivity {
        /// Plan file
        #[arg(value_name = "PLAN")]
        plan: PathBuf,
        /// KEY=LOW..HIGH (or KEY=V1,V2,…, each value equally likely), as for sweep. At least two keys
        #[arg(long, required = true, value_parser = fleetplan_core::analysis::design::parse_vary)]
        vary: Vec<Vary>,
        /// Base samples N: the plan is evaluated N x (keys + 2) times
        #[arg(long, default_value_t = 256)]
        samples: usize,
        /// Site KPIs to explain, comma-separated (names of the site table)
        #[arg(long, default_value = "pue_annual,pue_design,facility_mw_peak,trim_hours")]
        kpi: String,
        /// Seed of the Sobol sequence
        #[arg(long, default_value_t = 2027)]
        seed: u64,
        /// Output format: a table with a bar chart of the total indices, or CSV
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Draw a figure of a plan as SVG (PUE by month, load duration, trim hours, supply, inference curves, a hall,
    /// sensitivity indices), with the plan's name and units
    Plot {
        /// Plan file (default: the bundled 1 GW plan)
        #[arg(value_name = "PLAN")]
        plan: Option<PathBuf>,
        /// Which figure
        #[arg(long, value_parser = chart_parser())]
        chart: Chart,
        /// Output file (.svg); `-` or omitted for standard output
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Site (1-based) of the load-duration, trim and hall charts
        #[arg(long, default_value_t = 1, value_parser = one_based)]
        site: usize,
        /// Hall (1-based, in the site) of the hall-layout chart
        #[arg(long, default_value_t = 1, value_parser = one_based)]
        hall: usize,
        /// For --chart sensitivity: KEY=LOW..HIGH, as for fleetplan sensitivity
        #[arg(long, value_parser = fleetplan_core::analysis::design::parse_vary)]
        vary: Vec<Vary>,
        /// For --chart sensitivity: base samples
        #[arg(long, default_value_t = 256)]
        samples: usize,
        /// For --chart sensitivity: the site KPI drawn
        #[arg(long, default_value = "pue_annual")]
        kpi: String,
        /// For --chart sensitivity: seed of the Sobol sequence
        #[arg(long, default_value_t = 2027)]
        seed: u64,
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
    /// Print a completion script for a shell: `fleetplan completions bash > ~/.local/share/bash-completion/completions/fleetplan`
    Completions {
        /// bash, zsh, fish, powershell or elvish
        #[arg(value_enum)]
        shell: clap_complete::Shell,
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
        /// File format: csv, parquet (for DuckDB, polars, Spark) or json (an array of row objects)
        #[arg(long, value_enum, default_value_t = FileFormat::Csv)]
        format: FileFormat,
    },
}

/// The file formats of `export` and `sweep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    Csv,
    Parquet,
    Json,
}

impl From<FileFormat> for fleetplan_core::tables::FileFormat {
    fn from(f: FileFormat) -> Self {
        match f {
            FileFormat::Csv => fleetplan_core::tables::FileFormat::Csv,
            FileFormat::Parquet => fleetplan_core::tables::FileFormat::Parquet,
            FileFormat::Json => fleetplan_core::tables::FileFormat::Json,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Where to write the plan (refuses to overwrite an existing file)
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Grid envelope, MW
    #[arg(long, value_parser = finite)]
    pub mw: f64,
    /// Catalogue platform id, e.g. vr-nvl72
    #[arg(long)]
    pub platform: String,
    /// Power profile of the platform; its default when omitted
    #[arg(long)]
    pub profile: Option<String>,
    /// Catalogue climate id (`fleetplan climates` lists them) or a weather file path
    #[arg(long)]
    pub climate: String,
    /// Quarter the first hall is energised; the next quarter when omitted
    #[arg(long, value_name = "QUARTER")]
    pub start: Option<String>,
    /// Rack slots per row
    #[arg(long, default_value_t = layout().racks_per_row, value_parser = clap::value_parser!(u16).range(1..=1000).map(usize::from))]
    pub racks_per_row: usize,
    /// Rows per hall
    #[arg(long, default_value_t = layout().rows_per_hall, value_parser = clap::value_parser!(u16).range(1..=1000).map(usize::from))]
    pub rows_per_hall: usize,
    /// Site and plan name; from the file name when omitted
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct InferenceArgs {
    /// Catalogue platform id, e.g. vr-nvl72
    #[arg(long)]
    pub platform: String,
    /// Catalogue model id, e.g. deepseek-r1
    #[arg(long)]
    pub model: String,
    /// fp4, fp8 or bf16
    #[arg(long, default_value = "fp4")]
    pub precision: String,
    /// Input tokens per request
    #[arg(long, default_value_t = 1000.0, value_parser = finite)]
    pub isl: f64,
    /// Output tokens per request
    #[arg(long, default_value_t = 1000.0, value_parser = finite)]
    pub osl: f64,
    /// Least output tokens/s per user: print the operating point instead of the curve
    #[arg(long, value_parser = finite)]
    pub tps_user: Option<f64>,
    /// Calibration to use (assets/calibration.toml); the platform's default when omitted
    #[arg(long)]
    pub calibration: Option<String>,
    /// Power profile of the rack (e.g. max-q): its power, and its GPUs' clocks below Max-P; the platform's default
    /// when omitted
    #[arg(long)]
    pub profile: Option<String>,
    /// PUE for the power share of $/GPU-hour (default: 1.2, a hyperscale liquid-cooled site)
    #[arg(long, default_value_t = 1.2, value_parser = finite)]
    pub pue: f64,
    /// Electricity price, $/MWh; the bundled site default when omitted
    #[arg(long, value_parser = finite)]
    pub usd_per_mwh: Option<f64>,
    /// Share of capacity in use, for $/M tokens and the prefill queue behind the time to first token
    #[arg(long, default_value_t = 1.0, value_parser = finite)]
    pub utilisation: f64,
    /// Prefill and decode on the same replicas (aggregated) or in separate pools (disaggregated)
    #[arg(long, default_value = "aggregated", value_parser = ["aggregated", "disaggregated"])]
    pub serving: String,
    /// Replicas sharing one request queue, for the time to first token (M/D/c)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub queue_replicas: u32,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// A number that is finite: `NaN` and `inf` are not figures a planner means (clap reports the value and exits 2).
fn finite(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err("expected a finite number".into()),
        Err(_) => Err("expected a number".into()),
    }
}

/// A 1-based index: a whole number from 1 (clap reports anything else and exits 2).
fn one_based(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("expected 1 or more (counted from 1)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a whole number from 1".into()),
    }
}

/// The bundled layout defaults, for `new`'s option defaults. Should the bundled catalogue not load, 0 (refused by
/// `new`); the command reports the catalogue's own problem before it gets that far.
fn layout() -> Layout {
    Catalog::builtin().map_or(Layout { racks_per_row: 0, rows_per_hall: 0 }, |c| c.layout)
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

/// Design kinds on the command line, from the analysis layer's own list (with its descriptions).
fn design_parser() -> impl TypedValueParser<Value = DesignKind> {
    let values = DesignKind::ALL.map(|k| PossibleValue::new(k.name()).help(k.about()));
    PossibleValuesParser::new(values).map(|name: String| DesignKind::from_name(&name).unwrap_or(DesignKind::Grid))
}

/// Chart names on the command line, from the charts layer's own list (with its descriptions).
fn chart_parser() -> impl TypedValueParser<Value = Chart> {
    let values = Chart::ALL.map(|c| PossibleValue::new(c.name()).help(c.about()));
    PossibleValuesParser::new(values).map(|name: String| Chart::from_name(&name).unwrap_or(Chart::PueMonthly))
}
