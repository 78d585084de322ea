//! `fleetplan fmt`: plan files rewritten in canonical form, keeping every comment; `--check` only reports. Scenario
//! files are checked over their base and left as written. Every
//! file is read and checked as a plan first: if any does not load, every problem is reported (exit 2) and no file
//! is written. A file that changed on disk while fmt ran is not overwritten (exit 1).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;

use super::Failure;
use fleetplan_core::catalog::Catalog;
use fleetplan_core::input::{Diagnostic, Diagnostics};
use fleetplan_core::plan::{Origin, document, format};

pub(super) fn run(plans: &[PathBuf], check: bool, cat: Arc<Catalog>, stdout: &mut dyn Write) -> Result<(), Failure> {
    // Read and check all, then write: a bad file among good ones leaves every file as it was.
    let mut problems = Diagnostics::default();
    let mut reformat = Vec::new();
    for p in plans {
        let shown = p.display().to_string();
        let text = match fleetplan_core::input::read_text(p) {
            Ok(t) => t,
            Err(e) => {
                problems.0.push(Diagnostic::unreadable(&shown, "the plan", &e));
                continue;
            }
        };
        // A scenario file is checked over its base and kept as written: it is short, and its layout is the
        // reviewer's (every key it has is an override worth reading).
        if fleetplan_core::plan::scenario_file::is_scenario(&text) {
            if let Err(d) = fleetplan_core::plan::scenario_file::apply(&text, &Origin::file(p), &cat) {
                problems.0.extend(d.0);
            }
            continue;
        }
        if let Err(d) = fleetplan_core::plan::parse(&text, &Origin::file(p), &cat) {
            problems.0.extend(d.0);
            continue;
        }
        match format::canonical(&text) {
            Ok(out) if out == text => {}
            Ok(out) => reformat.push((p, shown, out, text)),
            Err(e) => problems.0.push(Diagnostic::whole_file(&shown, "", e.to_string())),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Invalid(problems));
    }
    for (p, shown, out, read) in &reformat {
        if check {
            writeln!(stdout, "would reformat: {shown}").context("writing to stdout")?;
        } else {
            // Written only if the file still holds what was read: a teammate's edit made while fmt ran is kept, and
            // fmt stops (exit 1) saying so.
            document::write_file_unless_changed(p, out.as_bytes(), read.as_bytes())
                .with_context(|| format!("not formatting {shown}"))?;
            writeln!(stdout, "formatted: {shown}").context("writing to stdout")?;
        }
    }
    if check && !reformat.is_empty() { Err(Failure::Unformatted) } else { Ok(()) }
}
