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

pub(super) fn run(a: &str, b: &str, format: Format, cat: Arc<Catalog>, stdout: &mut dyn Write) -> Result<(), Failure> {
    let sa = Evaluation::from_arg(a, Arc::clone(&cat))?;
    let sb = Evaluation::from_arg(b, cat)?;
    let rows = diff_rows((&sa).into(), (&sb).into());
    match format {
        Format::Csv => write_df(tables::diff(&rows).context("diff table")?, Format::Csv, stdout),
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
                text = "\nNo hall, row, parameter or legend changed.\n".into();
            }
            write_text(stdout, &text)?;
            Ok(())
        }
    }
}
