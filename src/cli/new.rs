//! `fleetplan new`: a plan with halls and rows proposed to fill a grid envelope, written and then opened.

use std::io::Write;
use std::sync::Arc;

use anyhow::Context;

use super::args::NewArgs;
use super::{Failure, usage};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::propose::{self, Proposal};

pub(super) fn run(a: &NewArgs, cat: Arc<Catalog>, stdout: &mut dyn Write) -> Result<(), Failure> {
    let start = match &a.start {
        Some(q) => q
            .parse()
            .map_err(|e: fleetplan_core::plan::quarter::QuarterError| super::usage("new", format!("--start: {e}")))?,
        None => propose::next_quarter(),
    };
    if !a.mw.is_finite() || a.mw <= 0.0 || a.racks_per_row == 0 || a.rows_per_hall == 0 {
        return Err(super::usage("new", "--mw, --racks-per-row and --rows-per-hall must be above 0".into()));
    }
    if a.path.exists() {
        return Err(super::usage("new", format!("{} exists; not overwriting it", a.path.display())));
    }
    let name =
        a.name.clone().unwrap_or_else(|| a.path.file_stem().and_then(|s| s.to_str()).unwrap_or("New plan").to_string());
    let p = Proposal {
        name,
        grid_mw: a.mw,
        platform: a.platform.clone(),
        profile: a.profile.clone(),
        climate: a.climate.clone(),
        start,
        racks_per_row: a.racks_per_row,
        rows_per_hall: a.rows_per_hall,
    };
    let text = propose::propose(&p, &cat).map_err(|e| usage("new", e.for_the_user("--climate")))?;
    fleetplan_core::plan::document::write_file(&a.path, text.as_bytes())
        .with_context(|| format!("writing {}", a.path.display()))?;
    writeln!(stdout, "wrote {}", a.path.display()).context("writing to stdout")?;
    super::open::run(Some(&a.path), cat, stdout)
}
