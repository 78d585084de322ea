//! `fleetplan compare-platforms`: GB200, GB300 and Vera Rubin NVL72 side by side for a plan's workload, with the
//! launch brief's claims.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::args::Format;
use super::{Failure, write_df, write_text};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::tables::{self, TableError};

pub(super) fn run(
    path: Option<&Path>,
    format: Format,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let e = Evaluation::from_path_or_bundled(path, cat)?;
    let cmp = e.comparison().map_err(|err| e.problem("workload", err.to_string()))?;
    let platforms = tables::inference::compare(&cmp.platforms, &cmp.infeasible).map_err(TableError::from)?;
    match format {
        Format::Csv => write_df(platforms, format, stdout),
        Format::Table => {
            let head = format!(
                "{} ({}): platforms compared for the plan's workload in its first site\n\n",
                e.plan.name, e.shown
            );
            write_text(stdout, &head)?;
            write_text(stdout, &tables::render(&platforms, 0))?;
            write_text(stdout, "\nVera Rubin NVL72 over GB200 NVL72: the model against the launch brief\n\n")?;
            if cmp.claims.is_empty() {
                write_text(
                    stdout,
                    "not available: GB200 NVL72 or Vera Rubin NVL72 cannot serve this workload (see note)\n",
                )?;
            } else {
                write_df(tables::inference::claims(&cmp.claims).map_err(TableError::from)?, Format::Table, stdout)?;
            }
            write_text(
                stdout,
                "\nThe same ratios at other service levels (output tokens/s per user; the workload otherwise as planned)\n\n",
            )?;
            let levels = e.claims_at_levels();
            write_df(tables::inference::claims_at_levels(&levels).map_err(TableError::from)?, Format::Table, stdout)
        }
    }
}
