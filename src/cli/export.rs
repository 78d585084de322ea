//! `fleetplan export`: one table of a plan's results as CSV, Parquet or JSON, to a file (atomically) or standard
//! output.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::{Failure, write_output};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::tables::{self, Table};

#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    path: Option<&Path>,
    table: Table,
    scenario: Option<&str>,
    out: Option<&Path>,
    format: tables::FileFormat,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let e = Evaluation::from_path_or_bundled(path, cat)?;
    super::refuse_input_as_output("export", out, path, &e)?;
    if table == Table::Hourly && format == tables::FileFormat::Csv {
        return hourly_csv(&e, out, stdout);
    }
    let mut df = tables::build(table, &e, scenario)?;
    let mut bytes = Vec::new();
    tables::write_as(&mut df, format, &mut bytes).context("writing the table")?;
    write_output(out, &bytes, stdout)
}

/// The hourly table as CSV, streamed a part of the sites at a time (to a file through its atomic temporary), so a
/// plan of many sites is written in the memory of a few.
fn hourly_csv(e: &Evaluation, out: Option<&Path>, stdout: &mut dyn Write) -> Result<(), Failure> {
    let parts = tables::HOURLY_SITES_PER_PART;
    match out {
        Some(p) if p.as_os_str() != "-" => {
            let mut file = fleetplan_core::plan::document::Output::create(p)
                .with_context(|| format!("writing {}", p.display()))?;
            tables::write_hourly_csv(e, &mut file, parts).with_context(|| format!("writing {}", p.display()))?;
            file.commit().with_context(|| format!("writing {}", p.display()))?;
        }
        _ => tables::write_hourly_csv(e, stdout, parts).context("writing to stdout")?,
    }
    Ok(())
}
