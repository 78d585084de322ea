//! Outcome → polars DataFrames, and the writers for them: CSV (full precision, stable order) and a readable text
//! table for the terminal. The only module that touches polars.

pub mod climates;
pub mod inference;
pub mod supply;
mod text;
mod write;

use polars::prelude::*;

use crate::compare::DiffRow;
use crate::evaluation::Evaluation;
use crate::input::Diagnostics;
use crate::kpi::{self, Kind, Value};
use crate::model::{self, MONTH_DAYS, Outcome};
use crate::plan::Plan;
use rayon::iter::{IntoParallelRefIterator, ParallelIterator};

pub use crate::units::{count_or_number, integer, number};
use crate::units::{kw_to_mw, l_to_m3, lpm_to_m3h};
pub use text::{render, terminal_safe};
pub use write::{COLUMNAR, FileFormat, ParquetRows, write_as, write_csv, write_csv_rows, write_json};

/// The table every builder here returns. Front-ends hold it and hand it back to the writers and the text renderer
/// of this module; they never call polars themselves.
pub use polars::prelude::DataFrame;

/// The tables fleetplan writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Site,
    Halls,
    Rows,
    Racks,
    Monthly,
    Hourly,
    Violations,
    Timeline,
    Scenarios,
    Completion,
    Groups,
    MonteCarlo,
    Inference,
}

impl Table {
    /// Every table, in the order `--help` lists them.
    pub const ALL: [Table; 13] = [
        Table::Site,
        Table::Halls,
        Table::Rows,
        Table::Racks,
        Table::Monthly,
        Table::Hourly,
        Table::Violations,
        Table::Timeline,
        Table::Scenarios,
        Table::Completion,
        Table::Groups,
        Table::MonteCarlo,
        Table::Inference,
    ];

    /// The table with this name.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    /// One line on what the table holds, for `--help`.
    pub fn about(self) -> &'static str {
        match self {
            Table::Site => "One row per site: power, PUE, grid, cooling, energy, water, cost",
            Table::Halls => "One row per hall",
            Table::Rows => "One row per layout row",
            Table::Racks => "One row per placed rack",
            Table::Monthly => "12 rows per site",
            Table::Hourly => "8,760 rows per site, with the weather used",
            Table::Violations => "Every over-limit finding",
            Table::Timeline => {
                "Supply: one row per scenario x quarter x site, then the probability-weighted expectation"
            }
            Table::Scenarios => "Supply: one row per scenario, the expectation and the Monte Carlo P10 / P50 / P90",
            Table::Completion => "Supply: the quarter each hall is complete, per scenario",
            Table::Groups => "Supply: per scenario, quarter, hall and rack type, racks installed and what binds",
            Table::MonteCarlo => "Supply: fleet IT MW online per quarter at P10 / P50 / P90 of the Monte Carlo",
            Table::Inference => {
                "Tokens/s, per facility MW, per joule, $/GPU-hour and $/M tokens per rack, hall, site, fleet"
            }
        }
    }

    /// Tables of the supply timeline, which need the plan's `[supply]` section.
    pub fn is_supply(self) -> bool {
        matches!(self, Table::Timeline | Table::Scenarios | Table::Completion | Table::Groups | Table::MonteCarlo)
    }

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Table::Site => "site",
            Table::Halls => "halls",
            Table::Rows => "rows",
            Table::Racks => "racks",
            Table::Monthly => "monthly",
            Table::Hourly => "hourly",
            Table::Violations => "violations",
            Table::Timeline => "timeline",
            Table::Scenarios => "scenarios",
            Table::Completion => "completion",
            Table::Groups => "groups",
            Table::MonteCarlo => "montecarlo",
            Table::Inference => "inference",
        }
    }
}

/// Why a table could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The plan lacks what the table needs: a `[supply]` section, a scenario of that name, a workload it can serve.
    #[error(transparent)]
    Plan(#[from] Diagnostics),
    #[error("building the table: {0}")]
    Polars(#[from] PolarsError),
}

/// Builds any table of an evaluated plan; the supply tables for one scenario, or for all (with the expectation)
/// when `scenario` is `None`. Rows follow the plan's order, so output is stable. The supply timeline (and its
/// Monte Carlo) and the inference figures are computed only for the tables that need them.
pub fn build(table: Table, e: &Evaluation, scenario: Option<&str>) -> Result<DataFrame, TableError> {
    let (plan, outcome) = (&e.plan, &e.outcome);
    let df = match table {
        Table::Site => site(plan, outcome),
        Table::Halls => halls(plan, outcome),
        Table::Rows => rows(plan, outcome),
        Table::Racks => racks(plan, outcome),
        Table::Monthly => monthly(plan, outcome),
        Table::Hourly => hourly(plan, outcome),
        Table::Violations => violations(plan, outcome),
        Table::Inference => {
            let sites = e.sites_inference().map_err(|err| e.problem("workload", err.to_string()))?;
            inference::inference(plan, sites)
        }
        Table::Timeline | Table::Scenarios | Table::Completion | Table::Groups | Table::MonteCarlo => {
            let (Some(supply), Some(so)) = (&plan.supply, e.supply()) else {
                let message = format!("the {} table needs a [supply] section in the plan", table.name());
                return Err(e.problem("supply", message).into());
            };
            if let Some(name) = scenario.filter(|n| !supply.scenarios.iter().any(|s| s.name == *n)) {
                let names: Vec<&str> = supply.scenarios.iter().map(|s| s.name.as_str()).collect();
                let message = format!("no scenario named \"{name}\"; expected one of: {}", names.join(", "));
                return Err(e.problem("supply", message).into());
            }
            let delay = delay_inputs(e);
            match table {
                Table::Timeline => supply::timeline(plan, supply, so, &delay, scenario),
                Table::Scenarios => {
                    // Each shown scenario's own spread (a Monte Carlo over its ranges alone), and with every scenario
                    // shown the mixed run too, taken from theirs.
                    let (mc, own): (Option<_>, Vec<_>) = if scenario.is_none() {
                        let (mixed, own) = model::supply::monte_carlo_each(plan, outcome, supply);
                        (Some(mixed), own.into_iter().map(Some).collect())
                    } else {
                        let own = (0..supply.scenarios.len())
                            .map(|i| {
                                let shown = scenario.is_none_or(|n| n == supply.scenarios[i].name);
                                shown.then(|| model::supply::monte_carlo_of(plan, outcome, supply, Some(i)))
                            })
                            .collect();
                        (None, own)
                    };
                    supply::scenarios(plan, supply, so, mc.as_ref(), &own, &delay, scenario)
                }
                Table::Completion => supply::completion(plan, supply, so, scenario),
                Table::Groups => supply::groups(plan, supply, so, scenario),
                _ => {
                    // With --scenario, that scenario's own Monte Carlo; otherwise the mixed one.
                    let k = scenario.and_then(|n| supply.scenarios.iter().position(|s| s.name == n));
                    supply::montecarlo(supply, &model::supply::monte_carlo_of(plan, outcome, supply, k))
                }
            }
        }
    };
    Ok(df?)
}

/// What the supply tables price delay with: each site's output tokens per rack and legend entry (when the plan's
/// workload can be served at all), the plan's revenue per million output tokens, and the facility capex's capital
/// recovery per MW and quarter.
pub fn delay_inputs(e: &Evaluation) -> supply::DelayInputs {
    let plan = &e.plan;
    let output_per_rack = plan.workload.as_ref().and_then(|_| e.sites_inference().ok()).map(|sites| {
        sites
            .iter()
            .map(|si| {
                let mut per_type = vec![0.0; plan.legend.len()];
                for r in &si.racks {
                    per_type[r.rack_type] = r.output_tokens_per_s;
                }
                per_type
            })
            .collect()
    });
    let econ = &plan.economics;
    supply::DelayInputs {
        output_per_rack,
        revenue_usd_per_m_output_tokens: econ.revenue_usd_per_m_output_tokens,
        idle_usd_per_mw_quarter: econ.facility_usd_per_mw
            * model::inference::crf(econ.cost_of_capital, econ.depreciation_years)
            / 4.0,
    }
}

/// A float column where NaN (nothing to divide by) becomes an empty cell.
pub(crate) fn f(name: &str, v: impl IntoIterator<Item = f64>) -> Column {
    let v: Vec<Option<f64>> = v.into_iter().map(|x| x.is_finite().then_some(x)).collect();
    Column::new(name.into(), v)
}

pub(crate) fn of<T, U: IntoIterator<Item = T>>(name: &str, v: U) -> Column
where
    Vec<T>: IntoColumn,
{
    v.into_iter().collect::<Vec<T>>().into_col(name)
}

/// Lets `of` build columns of any element type polars knows.
pub(crate) trait IntoColumn {
    fn into_col(self, name: &str) -> Column;
}
macro_rules! into_column {
    ($($t:ty),*) => {$(
        impl IntoColumn for Vec<$t> {
            fn into_col(self, name: &str) -> Column { Column::new(name.into(), self) }
        }
    )*};
}
into_column!(String, u32, u64, bool, Option<f64>, Option<u32>, Option<u64>, Option<String>);

pub(crate) fn frame(columns: Vec<Column>) -> PolarsResult<DataFrame> {
    let height = columns.first().map_or(0, Column::len);
    DataFrame::new(height, columns)
}

fn site(plan: &Plan, o: &Outcome) -> PolarsResult<DataFrame> {
    let mut columns = vec![of("site", plan.sites.iter().map(|s| s.name.clone()))];
    for k in &kpi::SITE {
        columns.push(kpi_column(k, plan.sites.iter().zip(&o.sites).map(|(s, x)| k.value(s, x))));
    }
    frame(columns)
}

/// A KPI's column: counts as integers, measures as floats (NaN an empty cell), labels as text.
fn kpi_column(k: &kpi::Kpi, values: impl Iterator<Item = Value>) -> Column {
    match k.kind {
        Kind::Count => of(k.name, values.map(|v| if let Value::Count(n) = v { Some(n) } else { None })),
        Kind::Measure => f(k.name, values.map(|v| v.number().unwrap_or(f64::NAN))),
        Kind::Label => of(k.name, values.map(|v| if let Value::Label(l) = v { l } else { None })),
    }
}

fn halls(plan: &Plan, o: &Outcome) -> PolarsResult<DataFrame> {
    let h = || {
        plan.sites
            .iter()
            .zip(&o.sites)
            .flat_map(|(s, x)| s.halls.iter().zip(x.halls.iter()).map(move |(h, y)| (s, h, y)))
    };
    frame(vec![
        of("site", h().map(|(s, _, _)| s.name.clone())),
        of("hall", h().map(|(_, h, _)| h.name.clone())),
        of("energised", h().map(|(_, h, _)| h.energised.to_string())),
        of("rows", h().map(|(_, h, _)| h.rows.len() as u32)),
        of("racks", h().map(|(_, _, y)| y.racks)),
        of("gpus", h().map(|(_, _, y)| y.gpus)),
        f("it_mw", h().map(|(_, _, y)| kw_to_mw(y.it_kw))),
        f("it_mw_max", h().map(|(_, h, _)| h.it_mw_max.unwrap_or(f64::NAN))),
        f("headroom_mw", h().map(|(_, h, y)| h.it_mw_max.map_or(f64::NAN, |m| m - kw_to_mw(y.it_kw)))),
        f("rack_it_mw", h().map(|(_, _, y)| kw_to_mw(y.rack_it_kw))),
        f("network_storage_mw", h().map(|(_, _, y)| kw_to_mw(y.network_kw))),
        f("liquid_mw", h().map(|(_, _, y)| kw_to_mw(y.liquid_kw))),
        f("air_mw", h().map(|(_, _, y)| kw_to_mw(y.air_kw))),
        f("tcs_flow_m3h", h().map(|(_, _, y)| lpm_to_m3h(y.flow_lpm))),
        f("tcs_flow_lpm", h().map(|(_, _, y)| y.flow_lpm)),
        f("cdu_kw", h().map(|(s, h, _)| h.cdu_kw.unwrap_or(s.settings.cooling.cdu_kw))),
        of("cdus", h().map(|(_, _, y)| y.cdus)),
        f("ppue_annual", h().map(|(_, _, y)| y.ppue_annual)),
    ])
}

fn rows(plan: &Plan, o: &Outcome) -> PolarsResult<DataFrame> {
    let r = || {
        plan.sites.iter().zip(&o.sites).flat_map(|(s, x)| {
            let rows = s.halls.iter().flat_map(|h| h.rows.iter().map(move |r| (h, r)));
            rows.zip(x.rows.iter()).map(move |((h, r), y)| (s, h, r, y))
        })
    };
    frame(vec![
        of("site", r().map(|(s, ..)| s.name.clone())),
        of("hall", r().map(|(_, h, ..)| h.name.clone())),
        of("row", r().map(|(_, _, r, _)| r.name.clone())),
        of("slots", r().map(|(_, _, r, _)| r.slots.len() as u32)),
        of("racks", r().map(|(.., y)| y.racks)),
        of("gpus", r().map(|(.., y)| y.gpus)),
        f("it_kw", r().map(|(.., y)| y.it_kw)),
        f("busway_kw", r().map(|(_, h, ..)| h.row_busway_kw.unwrap_or(f64::NAN))),
        f("headroom_kw", r().map(|(_, h, _, y)| h.row_busway_kw.map_or(f64::NAN, |b| b - y.it_kw))),
        f("liquid_kw", r().map(|(.., y)| y.liquid_kw)),
        f("tcs_flow_lpm", r().map(|(.., y)| y.flow_lpm)),
        f("tcs_flow_m3h", r().map(|(.., y)| lpm_to_m3h(y.flow_lpm))),
        of("cdus", r().map(|(.., y)| y.cdus)),
    ])
}

fn racks(plan: &Plan, o: &Outcome) -> PolarsResult<DataFrame> {
    let r = || {
        plan.sites.iter().zip(&o.sites).flat_map(|(s, x)| {
            x.racks_detail.iter().map(move |k| {
                let hall = &s.halls[k.hall as usize];
                (s, hall, &hall.rows[k.row as usize], k, &plan.legend[usize::from(k.rack_type)])
            })
        })
    };
    frame(vec![
        of("site", r().map(|(s, ..)| s.name.clone())),
        of("hall", r().map(|(_, h, ..)| h.name.clone())),
        of("row", r().map(|(_, _, row, ..)| row.name.clone())),
        of("slot", r().map(|(.., k, _)| k.slot + 1)),
        of("symbol", r().map(|(.., t)| t.symbol.to_string())),
        of("platform", r().map(|(.., t)| t.platform.id.clone())),
        of("profile", r().map(|(.., t)| t.profile.clone())),
        of("gpus", r().map(|(.., t)| t.platform.gpus)),
        f("it_kw", r().map(|(.., k, _)| k.it_kw)),
        f("liquid_kw", r().map(|(.., k, _)| k.liquid_kw)),
        f("air_kw", r().map(|(.., k, _)| k.air_kw)),
        f("tcs_flow_lpm", r().map(|(.., k, _)| k.flow_lpm)),
        f("tcs_flow_m3h", r().map(|(.., k, _)| lpm_to_m3h(k.flow_lpm))),
    ])
}

fn monthly(plan: &Plan, o: &Outcome) -> PolarsResult<DataFrame> {
    let m =
        || plan.sites.iter().zip(&o.sites).flat_map(|(s, x)| x.monthly.iter().enumerate().map(move |(i, m)| (s, i, m)));
    frame(vec![
        of("site", m().map(|(s, ..)| s.name.clone())),
        of("month", m().map(|(_, i, _)| i as u32 + 1)),
        of("hours", m().map(|(_, i, _)| (MONTH_DAYS[i] * 24) as u32)),
        f("it_mwh", m().map(|(.., x)| x.it_mwh)),
        f("cooling_mwh", m().map(|(.., x)| x.cooling_mwh)),
        f("facility_mwh", m().map(|(.., x)| x.facility_mwh)),
        f("pue", m().map(|(.., x)| x.pue())),
        of("trim_hours", m().map(|(.., x)| x.trim_hours)),
        f("water_m3", m().map(|(.., x)| x.water_m3)),
        f("max_dry_bulb_c", m().map(|(.., x)| x.max_dry_bulb_c)),
        f("power_cost_usd", m().map(|(s, _, x)| x.facility_mwh * s.settings.electricity_usd_per_mwh)),
    ])
}

fn hourly(plan: &Plan, _: &Outcome) -> PolarsResult<DataFrame> {
    hourly_of(plan, 0..plan.sites.len())
}

/// The hourly table of the sites in `sites`. The outcome keeps no hourly series (a site would cost most of a
/// megabyte); each year is computed again, with the arithmetic the outcome's sums came from.
fn hourly_of(plan: &Plan, sites: std::ops::Range<usize>) -> PolarsResult<DataFrame> {
    let sites = &plan.sites[sites];
    let years: Vec<model::Hourly> = sites.par_iter().map(|s| model::hourly(plan, s)).collect();
    let h = || sites.iter().zip(&years).flat_map(|(s, x)| (0..x.it_kw.len()).map(move |i| (s, x, i)));
    frame(vec![
        of("site", h().map(|(s, ..)| s.name.clone())),
        of("hour", h().map(|(.., i)| i as u32)),
        f("dry_bulb_c", h().map(|(s, _, i)| s.climate.dry_bulb_c[i])),
        f("wet_bulb_c", h().map(|(s, _, i)| s.climate.wet_bulb_c[i])),
        f("rh_pct", h().map(|(s, _, i)| s.climate.rh_pct[i])),
        f("it_mw", h().map(|(_, x, i)| kw_to_mw(x.it_kw[i]))),
        f("loss_mw", h().map(|(_, x, i)| kw_to_mw(x.loss_kw[i]))),
        f("cooling_mw", h().map(|(_, x, i)| kw_to_mw(x.cooling_kw[i]))),
        f("fan_mw", h().map(|(_, x, i)| kw_to_mw(x.fan_kw[i]))),
        f("chiller_mw", h().map(|(_, x, i)| kw_to_mw(x.chiller_kw[i]))),
        f("pump_mw", h().map(|(_, x, i)| kw_to_mw(x.pump_kw[i]))),
        f("air_cooling_mw", h().map(|(_, x, i)| kw_to_mw(x.air_cooling_kw[i]))),
        f("misc_mw", h().map(|(_, x, i)| kw_to_mw(x.misc_kw[i]))),
        f("facility_mw", h().map(|(_, x, i)| kw_to_mw(x.facility_kw[i]))),
        f(
            "pue",
            h().map(|(_, x, i)| {
                let it = x.it_kw[i];
                if it > 0.0 { x.facility_kw[i] / it } else { f64::NAN }
            }),
        ),
        of("trim", h().map(|(_, x, i)| x.trim[i])),
        f("supply_c", h().map(|(_, x, i)| x.supply_c[i])),
        f("water_m3", h().map(|(_, x, i)| l_to_m3(x.water_l[i]))),
    ])
}

/// Sites per part of a streamed hourly table: 4 sites are 35,040 rows, about 8 MB as a frame. Measured on the 50-site
/// fleet: 16 sites a part peaked at 109 MB, 8 at 90 MB, 4 at 76 MB, 2 at 74 MB, all in 0.30-0.34 s.
pub const HOURLY_SITES_PER_PART: usize = 4;

/// Writes the hourly table as CSV `sites_per_part` sites at a time, so memory holds one part whatever the number of
/// sites (10,000 sites are 87.6 million rows). The bytes are those of [`build`]'s whole table written at once.
/// A failed write is the writer's own error (`No space left on device`), not polars' wrapping of it.
pub fn write_hourly_csv(e: &Evaluation, out: &mut dyn std::io::Write, sites_per_part: usize) -> std::io::Result<()> {
    let io = |e: PolarsError| match e {
        PolarsError::IO { error, .. } => std::io::Error::new(error.kind(), error.to_string()),
        other => std::io::Error::other(other.to_string()),
    };
    let n = e.plan.sites.len();
    let step = sites_per_part.max(1);
    for start in (0..n).step_by(step) {
        let mut df = hourly_of(&e.plan, start..(start + step).min(n)).map_err(io)?;
        write_csv_rows(&mut df, out, start == 0).map_err(io)?;
    }
    Ok(())
}

fn violations(plan: &Plan, o: &Outcome) -> PolarsResult<DataFrame> {
    let v = || plan.sites.iter().zip(&o.sites).flat_map(|(s, x)| x.violations.iter().map(move |v| (s, v)));
    frame(vec![
        of("site", v().map(|(s, _)| s.name.clone())),
        of("kind", v().map(|(_, v)| v.kind.name().to_string())),
        of("hall", v().map(|(s, v)| v.hall.map(|h| s.halls[h as usize].name.clone()))),
        of(
            "row",
            v().map(|(s, v)| match (v.hall, v.row) {
                (Some(h), Some(r)) => Some(s.halls[h as usize].rows[r as usize].name.clone()),
                _ => None,
            }),
        ),
        f("limit", v().map(|(_, v)| v.limit)),
        f("actual", v().map(|(_, v)| v.actual)),
        f("excess", v().map(|(_, v)| v.excess())),
        of("unit", v().map(|(_, v)| v.unit.to_string())),
        of("message", v().map(|(_, v)| v.message.clone())),
    ])
}

/// The rows of a comparison (`fleetplan diff`) as a table: `site, kind, name, a, b, delta, delta_pct`.
pub fn diff(rows: &[DiffRow]) -> PolarsResult<DataFrame> {
    frame(vec![
        of("site", rows.iter().map(|r| r.site.clone())),
        of("kind", rows.iter().map(|r| r.kind.to_string())),
        of("name", rows.iter().map(|r| r.name.clone())),
        of("a", rows.iter().map(|r| r.a.clone())),
        of("b", rows.iter().map(|r| r.b.clone())),
        f("delta", rows.iter().map(|r| r.delta)),
        f("delta_pct", rows.iter().map(|r| r.delta_pct)),
    ])
}

/// Every site KPI of a base plan beside each scenario's, with the scenario's delta: `site, kpi, base`, then per
/// scenario `<name>` and `<name>_delta`. `columns` holds, per scenario, its name and its KPI rows against the base
/// (`compare::diff_rows`, KPIs only), all in the same order.
pub fn scenarios(columns: &[(String, Vec<DiffRow>)]) -> PolarsResult<DataFrame> {
    let Some((_, first)) = columns.first() else { return frame(Vec::new()) };
    let mut cols = vec![
        of("site", first.iter().map(|r| r.site.clone())),
        of("kpi", first.iter().map(|r| r.name.clone())),
        of("base", first.iter().map(|r| r.a.clone())),
    ];
    for (name, rows) in columns {
        cols.push(of(name, rows.iter().map(|r| r.b.clone())));
        cols.push(f(&format!("{name}_delta"), rows.iter().map(|r| r.delta)));
    }
    frame(cols)
}

/// One key's Sobol indices for one KPI of one site (`fleetplan sensitivity`).
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityRow {
    pub site: String,
    pub kpi: String,
    pub key: String,
    pub first: f64,
    pub total: f64,
}

/// `site, kpi, key, first_order, total`: empty where the KPI does not vary.
pub fn sensitivity(rows: &[SensitivityRow]) -> PolarsResult<DataFrame> {
    frame(vec![
        of("site", rows.iter().map(|r| r.site.clone())),
        of("kpi", rows.iter().map(|r| r.kpi.clone())),
        of("key", rows.iter().map(|r| r.key.clone())),
        f("first_order", rows.iter().map(|r| r.first)),
        f("total", rows.iter().map(|r| r.total)),
    ])
}

/// One row of a sweep: the varied values, a site and its KPI values (in `kpi::SITE` order).
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    pub values: Vec<String>,
    pub site: String,
    pub kpis: Vec<Value>,
}

impl SweepRow {
    /// The rows of one evaluated variant, one per site.
    pub fn of(values: Vec<String>, plan: &Plan, outcome: &Outcome) -> Vec<SweepRow> {
        plan.sites
            .iter()
            .zip(&outcome.sites)
            .map(|(s, o)| SweepRow {
                values: values.clone(),
                site: s.name.clone(),
                kpis: kpi::SITE.iter().map(|k| k.value(s, o)).collect(),
            })
            .collect()
    }
}

/// The sweep table: each row led by the values of the varied keys (columns `vary.KEY`, so they never collide with
/// the site table's own columns), then the site table's columns.
pub fn sweep(keys: &[String], rows: &[SweepRow]) -> PolarsResult<DataFrame> {
    let mut columns: Vec<Column> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| of(&format!("vary.{k}"), rows.iter().map(|r| r.values[i].clone())))
        .collect();
    columns.push(of("site", rows.iter().map(|r| r.site.clone())));
    for (i, k) in kpi::SITE.iter().enumerate() {
        columns.push(kpi_column(k, rows.iter().map(|r| r.kpis[i].clone())));
    }
    frame(columns)
}
