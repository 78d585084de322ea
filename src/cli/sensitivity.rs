//! `fleetplan sensitivity PLAN --vary KEY=LOW..HIGH …`: the Sobol indices of the core's sensitivity analysis, as CSV
//! or as a table with a bar per key.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::args::Format;
use super::{Failure, usage, write_df, write_text};
use fleetplan_core::analysis::design::Vary;
use fleetplan_core::analysis::sensitivity::{self, Ask, Found};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::tables;

#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    path: &Path,
    varies: &[Vary],
    samples: usize,
    kpis: &str,
    seed: u64,
    format: Format,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let found = compute(path, &Ask { varies, samples, kpis, seed }, cat)?;
    match format {
        Format::Csv => write_df(tables::sensitivity(&found.rows).context("sensitivity table")?, Format::Csv, stdout),
        Format::Table => write_text(stdout, &chart(&found.shown, samples, found.runs, &found.rows)),
    }
}

/// The run asked for, checked before the plan is read, then evaluated.
pub(super) fn compute(path: &Path, ask: &Ask, cat: Arc<Catalog>) -> Result<Found, Failure> {
    let chosen = checked(ask)?;
    let base = Evaluation::from_path(path, cat)?;
    Ok(sensitivity::compute(&base, ask, &chosen)?)
}

/// The KPIs a run explains, or why it cannot be asked for (exit 2): checked before any plan is read.
pub(super) fn checked(ask: &Ask) -> Result<Vec<&'static fleetplan_core::kpi::Kpi>, Failure> {
    ask.kpis().map_err(|e| usage("sensitivity", e.0))
}
/// The indices as a table with a bar per key: the total index as the bar, the first-order part of it filled.
fn chart(plan: &str, samples: usize, runs: usize, rows: &[tables::SensitivityRow]) -> String {
    const WIDTH: f64 = 40.0;
    let key_w = rows.iter().map(|r| r.key.chars().count()).max().unwrap_or(3).max(3);
    let mut out = format!(
        "{plan}: Sobol indices from {samples} samples ({runs} evaluations). Bar: total index (every interaction); \
         solid part: first order (the key alone).\n"
    );
    let mut last = (String::new(), String::new());
    for r in rows {
        if (r.site.clone(), r.kpi.clone()) != last {
            out.push_str(&format!("\n{} · {}\n{:<key_w$}  first  total\n", r.site, r.kpi, "key"));
            last = (r.site.clone(), r.kpi.clone());
        }
        let show = |x: f64| if x.is_finite() { format!("{x:5.2}") } else { "  n/a".to_string() };
        let clamp = |x: f64| if x.is_finite() { x.clamp(0.0, 1.0) } else { 0.0 };
        let solid = (clamp(r.first) * WIDTH).round() as usize;
        let whole = ((clamp(r.total) * WIDTH).round() as usize).max(solid);
        out.push_str(&format!(
            "{:<key_w$}  {}  {}  {}{}\n",
            r.key,
            show(r.first),
            show(r.total),
            "█".repeat(solid),
            "░".repeat(whole - solid)
        ));
    }
    out
}
