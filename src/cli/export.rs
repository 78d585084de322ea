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
    let mut df = tables::build(table, &e, scenario)?;
    let mut bytes = Vec::new();
    tables::write_as(&mut df, format, &mut bytes).context("writing the table")?;
    write_output(out, &bytes, stdout)
}
