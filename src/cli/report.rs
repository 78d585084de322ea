//! `fleetplan report`: one table of a plan's results, readable in a terminal; the site table with its findings.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::{Failure, write_text};
use crate::catalog::Catalog;
use crate::evaluation::Evaluation;
use crate::tables::{self, Table};

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
    }
    write_text(stdout, &text)
}
