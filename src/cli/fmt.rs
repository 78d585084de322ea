//! `fleetplan fmt`: plan files rewritten in canonical form, keeping every comment; `--check` only reports.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::Failure;
use crate::input::Diagnostic;
use crate::plan::{document, format};

pub(super) fn run(plans: &[PathBuf], check: bool, stdout: &mut dyn Write) -> Result<(), Failure> {
    if tidy(plans, check, stdout)? || !check { Ok(()) } else { Err(Failure::Unformatted) }
}

fn tidy(paths: &[PathBuf], check: bool, stdout: &mut dyn Write) -> Result<bool, Failure> {
    let mut all_tidy = true;
    for p in paths {
        let shown = p.display().to_string();
        let text = crate::input::read_text(p).map_err(|e| Diagnostic::unreadable(&shown, "the plan", &e))?;
        let out = format::canonical(&text).map_err(|e| Diagnostic::whole_file(&shown, "", e.to_string()))?;
        if out == text {
            continue;
        }
        all_tidy = false;
        if check {
            writeln!(stdout, "would reformat: {shown}").context("writing to stdout")?;
        } else {
            document::write_atomic(p, out.as_bytes()).with_context(|| format!("writing {shown}"))?;
            writeln!(stdout, "formatted: {shown}").context("writing to stdout")?;
        }
    }
    Ok(all_tidy)
}
