//! `fleetplan diff`: two plans (files, `-` for standard input, or `PLAN@SCENARIO`) compared: every site KPI with
//! its delta, then what changed.

use std::io::Write;
use std::sync::Arc;

use anyhow::Context;

use super::args::Format;
use super::{Failure, write_df, write_text};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::compare::{DiffRow, diff_rows};
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::tables;

/// `--changed-only` and `--exit-code`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Options {
    pub changed_only: bool,
    pub exit_code: bool,
}

pub(super) fn run(
    a: &str,
    b: &str,
    format: Format,
    opts: Options,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let sa = Evaluation::from_arg(a, Arc::clone(&cat))?;
    let sb = Evaluation::from_arg(b, cat)?;
    let mut rows = diff_rows((&sa).into(), (&sb).into());
    let differ = rows.iter().any(|r| r.kind != "kpi" || r.a != r.b);
    if opts.changed_only {
        rows.retain(|r| r.kind != "kpi" || r.a != r.b);
    }
    print(&sa, &sb, &rows, format, stdout)?;
    if opts.exit_code && differ { Err(Failure::Differ) } else { Ok(()) }
}

fn print(
    sa: &Evaluation,
    sb: &Evaluation,
    rows: &[DiffRow],
    format: Format,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    match format {
        Format::Csv => write_df(tables::diff(rows).context("diff table")?, Format::Csv, stdout),
        Format::Table => {
            let head = format!("{} -> {}\n\n", sa.shown, sb.shown);
            write_text(stdout, &head)?;
            // Rounded for reading; the CSV keeps full precision.
            let kpis: Vec<DiffRow> = rows
                .iter()
                .filter(|r| r.kind == "kpi")
                .map(|r| {
                    let show = |x: f64| {
                        if r.is_count() { tables::count_or_number(x) } else { tables::number(x) }
                    };
                    let round = |s: &str| s.parse::<f64>().map_or_else(|_| s.to_string(), show);
                    DiffRow { a: round(&r.a), b: round(&r.b), ..r.clone() }
                })
                .collect();
            write_df(
                tables::diff(&kpis).context("diff table")?.drop("kind").context("diff table")?,
                Format::Table,
                stdout,
            )?;
            let changes: Vec<&DiffRow> = rows.iter().filter(|r| r.kind != "kpi").collect();
            let mut text = format!("\nChanged ({}):\n", changes.len());
            for c in &changes {
                let site = if c.site.is_empty() { String::new() } else { format!("{}: ", c.site) };
                text.push_str(&format!("  {site}{} {}: {:?} -> {:?}\n", c.kind, c.name, c.a, c.b));
            }
            if changes.is_empty() {
                text = "\nNothing else changed: no setting, hall, row, legend entry, finding, workload, economics or supply \
                        key.\n"
                    .into();
            }
            write_text(stdout, &text)?;
            Ok(())
        }
    }
}
