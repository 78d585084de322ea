//! `fleetplan check`: every problem of every plan named, exit 2 when there is any.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;

use super::Failure;
use crate::catalog::Catalog;
use crate::evaluation::Evaluation;
use crate::input::Diagnostics;

pub(super) fn run(plans: &[PathBuf], cat: Arc<Catalog>, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut all = Diagnostics::default();
    for p in plans {
        match Evaluation::from_path(p, Arc::clone(&cat)) {
            Ok(e) => {
                let racks: u32 = e.outcome.sites.iter().map(|s| s.racks).sum();
                writeln!(stdout, "ok: {} ({} sites, {} racks)", p.display(), e.plan.sites.len(), racks)
                    .context("writing to stdout")?;
            }
            Err(d) => all.0.extend(d.0),
        }
    }
    if all.is_empty() { Ok(()) } else { Err(Failure::Invalid(all)) }
}
