//! `fleetplan [PLAN]`: the terminal app on a plan, or its site report when standard output is not a terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::Failure;
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::tables::Table;

pub(super) fn run(path: Option<&Path>, cat: Arc<Catalog>, stdout: &mut dyn Write) -> Result<(), Failure> {
    if !std::io::stdout().is_terminal() {
        return super::report::run(path, Table::Site, None, cat, stdout);
    }
    let text = match path {
        Some(p) => fleetplan_core::input::read_text(p).with_context(|| format!("reading {}", p.display()))?,
        None => fleetplan_core::plan::DEFAULT_PLAN.to_string(),
    };
    // Load once first so a bad plan reports like `check` (exit 2) instead of opening.
    Evaluation::from_path_or_bundled(path, Arc::clone(&cat))?;
    let exit = crate::tui::run(text, path.map(Path::to_path_buf), cat)?;
    // Said on standard error once the terminal is restored (and lost quietly when it went away with the terminal).
    match &exit.recovery {
        Some(Ok(r)) => super::to_stderr(&format!(
            "unsaved edits kept in {}; `fleetplan {}` offers to restore them\n",
            r.display(),
            path.map_or_else(String::new, |p| p.display().to_string())
        )),
        Some(Err(e)) => super::to_stderr(&format!("unsaved edits could not be kept: {e}\n")),
        None => {}
    }
    match exit.ended {
        crate::tui::Ended::Quit => Ok(()),
        crate::tui::Ended::Signal(sig) => Err(Failure::Signalled(sig)),
        // Nobody is left to read a message; the exit code says it (1, a runtime failure).
        crate::tui::Ended::TerminalGone => Err(Failure::Other(anyhow::anyhow!("the terminal went away"))),
    }
}
