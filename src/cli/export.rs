//! `fleetplan export`: one table of a plan's results as CSV, to a file (atomically) or standard output.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::{Failure, write_output};
use crate::catalog::Catalog;
use crate::evaluation::Evaluation;
use crate::tables::{self, Table};

pub(super) fn run(
    path: Option<&Path>,
    table: Table,
    scenario: Option<&str>,
    out: Option<&Path>,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let e = Evaluation::from_path_or_bundled(path, cat)?;
    let mut df = tables::build(table, &e, scenario)?;
    let mut bytes = Vec::new();
    tables::write_csv(&mut df, &mut bytes).context("writing CSV")?;
    write_output(out, &bytes, stdout)
}
