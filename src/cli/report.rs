//! `fleetplan report`: one table of a plan's results, readable in a terminal; the site table with its findings.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::{Failure, write_text};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::tables::{self, Table};

pub(super) fn run(
    path: Option<&Path>,
    table: Table,
    scenario: Option<&str>,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let e = Evaluation::from_path_or_bundled(path, cat)?;
    let df = tables::build(table, &e, scenario)?;
    let mut text = format!("{} ({}): {} table\n\n", e.plan.name, e.shown, table.name());
    text.push_str(&tables::render(&df, if table == Table::Site { 8 } else { 0 }));
    if table == Table::Site {
        let findings: Vec<String> = e
            .plan
            .sites
            .iter()
            .zip(&e.outcome.sites)
            .flat_map(|(s, o)| o.violations.iter().map(move |v| format!("  {}: {}", s.name, v.message)))
            .collect();
        if findings.is_empty() {
            text.push_str("\nNo limit exceeded.\n");
        } else {
            text.push_str(&format!("\nOver limit ({}):\n{}\n", findings.len(), findings.join("\n")));
        }
        // The supply timeline's cost of delay, per scenario (energised halls waiting for racks).
        if let (Some(supply), Some(so)) = (&e.plan.supply, e.supply()) {
            let delay = tables::delay_inputs(&e);
            let lines = tables::supply::delay_lines(&e.plan, supply, so, &delay);
            text.push_str(&format!("\nCost of delay over the supply horizon:\n{}\n", lines.join("\n")));
        }
    }
    write_text(stdout, &text)
}
