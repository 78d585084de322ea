//! `fleetplan check`: every problem of every plan named, exit 2 when there is any. A plan passes only when every
//! table and comparison it has can be built.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use super::Failure;
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::input::Diagnostics;
use fleetplan_core::units::plural;

pub(super) fn run(plans: &[PathBuf], cat: Arc<Catalog>, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut all = Diagnostics::default();
    for p in plans {
        match Evaluation::from_path(p, Arc::clone(&cat)) {
            Ok(e) if !stages_pass(&e, &mut all) => {}
            Ok(e) => {
                let racks: u32 = e.outcome.sites.iter().map(|s| s.racks).sum();
                let (sites, racks) = (plural(e.plan.sites.len() as u64, "site"), plural(u64::from(racks), "rack"));
                let line = format!("ok: {} ({sites}, {racks})\n", p.display());
                super::write_text(stdout, &line)?;
                for w in unserved(&e) {
                    super::write_text(stdout, &format!("  warning: workload: {w}\n"))?;
                }
            }
            Err(d) => all.0.extend(d.0),
        }
    }
    if all.is_empty() { Ok(()) } else { Err(Failure::Invalid(all)) }
}

/// What the plan's racks cannot serve of its workload (a model a platform cannot serve at the service level, within
/// the TTFT limit, or at all): the tables are still built, with those rows empty, so it is a warning, not an error.
fn unserved(e: &Evaluation) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    if let Ok(sites) = e.sites_inference() {
        for reason in sites.iter().flat_map(|s| &s.racks).flat_map(|r| &r.served).filter_map(|s| s.as_ref().err()) {
            if !found.contains(reason) {
                found.push(reason.clone());
            }
        }
    }
    found
}

/// Runs every stage an export of the plan would (the supply timeline when it has `[supply]`; the inference tables
/// and the platform comparison when it has a `[workload]`), so a plan that passes `check` exports every table it
/// has. Problems are added to `all`; returns whether there were none.
fn stages_pass(e: &Evaluation, all: &mut Diagnostics) -> bool {
    let before = all.len();
    let _ = e.supply();
    if e.plan.workload.is_some() {
        if let Err(err) = e.sites_inference() {
            all.0.extend(e.problem("workload", err.to_string()).0);
        } else if let Err(err) = e.comparison() {
            all.0.extend(e.problem("workload", format!("platform comparison: {err}")).0);
        }
    }
    all.len() == before
}
