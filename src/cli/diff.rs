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

/// `--changed-only`, `--exit-code` and `--base-dir`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Options<'a> {
    pub changed_only: bool,
    pub exit_code: bool,
    pub base_dir: Option<&'a std::path::Path>,
}

/// The folder standard input's relative paths resolve from: `--base-dir`, else the folder of the other side when
/// it is a file (`git show HEAD~1:plans/scenarios/x.toml | fleetplan diff - plans/scenarios/x.toml` finds the
/// scenario's base beside the file it is compared with), else the working directory.
fn stdin_dir(other: &str, base_dir: Option<&std::path::Path>) -> Option<std::path::PathBuf> {
    if let Some(d) = base_dir {
        return Some(d.to_path_buf());
    }
    let file = other.rsplit_once('@').filter(|(p, _)| std::path::Path::new(p).exists()).map_or(other, |(p, _)| p);
    let path = std::path::Path::new(file);
    (file != "-" && path.is_file()).then(|| path.parent().map(std::path::Path::to_path_buf)).flatten()
}

pub(super) fn run(
    a: &str,
    b: &str,
    format: Format,
    opts: Options<'_>,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let sa = Evaluation::from_arg_in(a, Arc::clone(&cat), stdin_dir(b, opts.base_dir).as_deref())?;
    let sb = Evaluation::from_arg_in(b, cat, stdin_dir(a, opts.base_dir).as_deref())?;
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
