//! `fleetplan climates`: the climate library (or the weather files named) with each station's elevation, design
//! conditions and hours above 30 degC. A file that cannot be read is reported with its line and column, exit 2,
//! and nothing is printed.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use super::args::Format;
use super::{Failure, write_df, write_text};
use fleetplan_core::catalog::{Catalog, Climate, climate};
use fleetplan_core::input::Diagnostics;
use fleetplan_core::tables::{self, TableError};

pub(super) fn run(files: &[PathBuf], format: Format, cat: &Catalog, stdout: &mut dyn Write) -> Result<(), Failure> {
    let list: Vec<Arc<Climate>> = if files.is_empty() {
        Catalog::climate_ids().filter_map(Catalog::climate).collect()
    } else {
        let mut all = Diagnostics::default();
        let mut read = Vec::new();
        for f in files {
            match climate::read_file(f, &f.display().to_string()) {
                Ok(c) => read.push(c),
                Err(d) => all.0.extend(d.0),
            }
        }
        if !all.is_empty() {
            return Err(Failure::Invalid(all));
        }
        read
    };
    let refs: Vec<&Climate> = list.iter().map(Arc::as_ref).collect();
    let df = tables::climates::climates(&refs, cat.defaults.design.estimate_extreme_sd_k).map_err(TableError::from)?;
    if format == Format::Table && files.is_empty() {
        let head = "Bundled typical years (use one with `climate = \"ID\"` in a [[site]]; any EPW or TMY3 file by path). \
                    Design conditions: ASHRAE's, as the weather file carries them, or estimated from its year.\n\n";
        write_text(stdout, head)?;
    }
    write_df(df, format, stdout)
}
