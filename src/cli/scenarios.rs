//! `fleetplan scenarios BASE [SCENARIO|FOLDER ...]`: every site KPI of a base plan beside each scenario file's, with
//! deltas, as a table or CSV. Without scenarios named, the `scenarios` folder next to the base.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use super::args::Format;
use super::{Failure, write_df, write_text};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::compare::{DiffRow, diff_rows};
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::input::{Diagnostic, Diagnostics};
use fleetplan_core::tables;

/// The scenario files named: files as given, folders as their `.toml` files in name order.
fn files(base: &Path, named: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let default = base.parent().unwrap_or(Path::new(".")).join("scenarios");
    let named: Vec<PathBuf> = if named.is_empty() { vec![default] } else { named.to_vec() };
    let mut out = Vec::new();
    for p in named {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&p)
                .with_context(|| format!("reading {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "toml") && f.is_file())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p);
        }
    }
    if out.is_empty() {
        let d = Diagnostic::whole_file(base.display().to_string(), "", "no scenario file given or found next to it");
        return Err(Failure::Invalid(d.into()));
    }
    Ok(out)
}

pub(super) fn run(
    base: &Path,
    named: &[PathBuf],
    format: Format,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let b = Evaluation::from_path(base, Arc::clone(&cat))?;
    let mut problems = Diagnostics::default();
    let mut columns: Vec<(String, Vec<DiffRow>)> = Vec::new();
    let mut notes = Vec::new();
    let mut titles = Vec::new();
    for f in files(base, named)? {
        match Evaluation::from_path(&f, Arc::clone(&cat)) {
            Ok(s) => {
                // Columns take the file's name (short, unique in a folder); the header lists each one's `name`.
                let name = f.file_stem().and_then(|x| x.to_str()).unwrap_or("scenario").to_string();
                let title = s.scenario_file.as_ref().map_or_else(|| s.shown.clone(), |x| x.name.clone());
                titles.push(format!("  {name}: {title} ({})", f.display()));
                if let Some(sf) = &s.scenario_file
                    && std::fs::canonicalize(&sf.root).ok() != std::fs::canonicalize(base).ok()
                {
                    notes.push(format!("{name}: over {}, not {}", sf.root.display(), base.display()));
                }
                let rows: Vec<DiffRow> =
                    diff_rows((&b).into(), (&s).into()).into_iter().filter(|r| r.kind == "kpi").collect();
                columns.push((name, rows));
            }
            Err(d) => problems.0.extend(d.0),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Invalid(problems));
    }
    match format {
        Format::Csv => write_df(tables::scenarios(&columns).context("scenarios table")?, Format::Csv, stdout),
        Format::Table => {
            // Rounded for reading; the CSV keeps full precision.
            let rounded: Vec<(String, Vec<DiffRow>)> = columns
                .iter()
                .map(|(n, rows)| {
                    let rows = rows
                        .iter()
                        .map(|r| {
                            let show =
                                |x: f64| if r.is_count() { tables::count_or_number(x) } else { tables::number(x) };
                            let round = |s: &str| s.parse::<f64>().map_or_else(|_| s.to_string(), show);
                            // A difference of rounding noise (1e-14 of a PUE) reads as none.
                            let scale = r.a.parse::<f64>().map_or(1.0, |a| a.abs().max(1.0));
                            let delta = if r.delta.abs() < 1e-9 * scale { 0.0 } else { r.delta };
                            DiffRow { a: round(&r.a), b: round(&r.b), delta, ..r.clone() }
                        })
                        .collect();
                    (n.clone(), rows)
                })
                .collect();
            write_text(stdout, &format!("{} and {} scenarios:\n{}\n\n", b.shown, columns.len(), titles.join("\n")))?;
            write_df(tables::scenarios(&rounded).context("scenarios table")?, Format::Table, stdout)?;
            for n in notes {
                write_text(stdout, &format!("note: {n}\n"))?;
            }
            Ok(())
        }
    }
}
