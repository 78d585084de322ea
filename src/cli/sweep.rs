//! `fleetplan sweep`: every combination of varied settings evaluated in parallel by the core's sweep engine, one row
//! of site KPIs per variant and site, written as CSV (or Parquet) a chunk at a time.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::Failure;
use fleetplan_core::analysis::design::{Design, Shard};
use fleetplan_core::analysis::sweep::{CHUNK, Sweep};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::tables;

pub(super) fn run(
    path: &Path,
    design: &Design,
    shard: Option<Shard>,
    out: Option<&Path>,
    parquet: bool,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let base = Evaluation::from_path(path, cat)?;
    super::refuse_input_as_output("sweep", out, Some(path), &base)?;
    let shard = shard.unwrap_or(Shard { k: 1, n: 1 });
    let range = shard.range(design.total());
    let progress = std::io::stderr().is_terminal();
    let header = shard.writes_header();
    match out {
        // Parquet: one file, a row group per chunk, through the same atomic temporary.
        Some(p) if parquet => {
            let mut file = fleetplan_core::plan::document::Output::create(p)
                .with_context(|| format!("writing {}", p.display()))?;
            write_parquet(&Sweep::new(&base, design)?, range, &mut file, progress)?;
            file.commit().context("writing the sweep")?;
            Ok(())
        }
        // To a file: written through an atomic temporary, so a variant the loader refuses leaves nothing behind. A
        // device or FIFO is written in place and cannot be taken back, so, as for standard output, every variant is
        // read first.
        Some(p) if p.as_os_str() != "-" => {
            let mut file = fleetplan_core::plan::document::Output::create(p)
                .with_context(|| format!("writing {}", p.display()))?;
            let sweep = Sweep::new(&base, design)?;
            let in_place = matches!(file, fleetplan_core::plan::document::Output::InPlace(_));
            write_rows(&sweep, range, header, CHUNK, &mut file, progress, in_place)?;
            file.commit().context("writing the sweep")?;
            Ok(())
        }
        // To standard output, which cannot be taken back: every variant is read before anything is written.
        _ => {
            let sweep = Sweep::new(&base, design)?;
            write_rows(&sweep, range, header, CHUNK, stdout, progress, true)
        }
    }
}

fn show_progress(progress: bool, done: usize, total: usize) {
    if progress {
        // Progress is a courtesy: a standard error that went away must not stop (or panic) the sweep.
        let end = if done == total { "\n" } else { "" };
        let _ = write!(std::io::stderr(), "\rsweep: {done}/{total} variants{end}");
    }
}

/// Evaluates every variant of `range`, `chunk` at a time in parallel, and writes the sweep table's rows to `sink` in
/// variant order (the header first when `header`). Memory holds one chunk's rows, whatever the number of variants.
///
/// With `check_first` (a sink that cannot be taken back), nothing is written until every variant has been read: the
/// first chunk is evaluated (a refused variant in it is the error), then the variants after it are read without
/// being evaluated, and only then is the first chunk written. The error is the first refused variant in variant
/// order, as a read of every variant up front would give, and a sweep of one chunk reads each variant once.
fn write_rows(
    sweep: &Sweep,
    range: std::ops::Range<usize>,
    header: bool,
    chunk: usize,
    sink: &mut dyn Write,
    progress: bool,
    check_first: bool,
) -> Result<(), Failure> {
    let keys = sweep.keys();
    let total = range.len();
    for (n, part) in Sweep::chunks(range.clone(), chunk).enumerate() {
        let end = part.end;
        let rows = sweep.rows(part)?;
        if n == 0 && check_first {
            sweep.check(end..range.end)?;
        }
        let mut df = tables::sweep(&keys, &rows).context("sweep table")?;
        let mut bytes = Vec::new();
        tables::write_csv_rows(&mut df, &mut bytes, n == 0 && header).context("writing CSV")?;
        sink.write_all(&bytes).context("writing the sweep")?;
        show_progress(progress, end - range.start, total);
    }
    // A header even for a sweep (or first shard) with no variant, so the output is always a table.
    if total == 0 && header {
        let mut df = tables::sweep(&keys, &[]).context("sweep table")?;
        let mut bytes = Vec::new();
        tables::write_csv_rows(&mut df, &mut bytes, true).context("writing CSV")?;
        sink.write_all(&bytes).context("writing the sweep")?;
    }
    Ok(())
}

/// The same rows as one Parquet file: a row group per chunk.
fn write_parquet(
    sweep: &Sweep,
    range: std::ops::Range<usize>,
    sink: &mut dyn Write,
    progress: bool,
) -> Result<(), Failure> {
    let keys = sweep.keys();
    let total = range.len();
    let mut out = tables::ParquetRows::new(sink);
    for part in Sweep::chunks(range.clone(), CHUNK) {
        let end = part.end;
        let rows = sweep.rows(part)?;
        let mut df = tables::sweep(&keys, &rows).context("sweep table")?;
        out.write(&mut df).context("writing Parquet")?;
        show_progress(progress, end - range.start, total);
    }
    let mut empty = tables::sweep(&keys, &[]).context("sweep table")?;
    out.finish(&mut empty).context("writing Parquet")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetplan_core::analysis::design::{DesignKind, parse_vary};

    #[test]
    fn rows_written_a_chunk_at_a_time_or_in_shards_equal_the_whole_table() {
        let cat = Arc::new(Catalog::builtin().unwrap().clone());
        let base = Evaluation::from_text(
            fleetplan_core::plan::DEFAULT_PLAN.to_string(),
            fleetplan_core::plan::Origin::bundled(),
            cat,
        )
        .unwrap();
        let varies =
            vec![parse_vary("cooling.supply_c=40,45").unwrap(), parse_vary("misc_frac=0.001,0.002,0.003").unwrap()];
        let design = Design::new(varies, DesignKind::Grid, None, 0).unwrap();
        let write = |range: std::ops::Range<usize>, header: bool, chunk: usize| {
            let mut out = Vec::new();
            let sweep = Sweep::new(&base, &design).unwrap();
            write_rows(&sweep, range, header, chunk, &mut out, false, false).map_err(|_| "sweep failed").unwrap();
            String::from_utf8(out).unwrap()
        };
        let one_at_a_time = write(0..6, true, 1);
        assert_eq!(one_at_a_time, write(0..6, true, CHUNK));
        // One header, then 6 variants x 1 site, first --vary slowest.
        assert_eq!(one_at_a_time.lines().count(), 7);
        assert_eq!(one_at_a_time.matches("vary.cooling.supply_c").count(), 1);
        assert!(one_at_a_time.lines().nth(1).unwrap().starts_with("40,0.001,"));
        assert!(one_at_a_time.lines().nth(6).unwrap().starts_with("45,0.003,"));
        // Three shards, the header in the first only: one after another, the same bytes.
        let shards: String = (1..=3)
            .map(|k| {
                let s = Shard { k, n: 3 };
                write(s.range(6), s.writes_header(), CHUNK)
            })
            .collect();
        assert_eq!(shards, one_at_a_time);
    }

    #[test]
    fn a_sink_that_cannot_be_taken_back_gets_nothing_when_any_variant_is_refused() {
        // Two variants a chunk. A refused value after the first chunk stops the sweep before the first chunk is
        // written; with refused values in the first chunk and after it, the error is the first in variant order.
        let cat = Arc::new(Catalog::builtin().unwrap().clone());
        let base = Evaluation::bundled(cat).unwrap();
        let run = |values: &str, check_first: bool| {
            let design = Design::new(
                vec![parse_vary(&format!("cooling.supply_c={values}")).unwrap()],
                DesignKind::Grid,
                None,
                0,
            )
            .unwrap();
            let sweep = Sweep::new(&base, &design).unwrap();
            let mut out = Vec::new();
            let r = write_rows(&sweep, 0..design.total(), true, 2, &mut out, false, check_first);
            let message = match r {
                Err(Failure::Invalid(d)) => Some(d.to_string()),
                Err(_) => Some("another failure".to_string()),
                Ok(()) => None,
            };
            (message, out.len())
        };
        let (later, written) = run("40,45,900,41,950", true);
        assert!(later.as_deref().is_some_and(|m| m.contains("cooling.supply_c=900")), "{later:?}");
        assert_eq!(written, 0, "nothing written");
        let (first, written) = run("40,999,900", true);
        assert!(first.as_deref().is_some_and(|m| m.contains("cooling.supply_c=999")), "{first:?}");
        assert_eq!(written, 0);
        // Without the check, a sink that can be taken back has the first chunk by the time the refusal is found.
        let (unchecked, written) = run("40,45,900", false);
        assert!(unchecked.is_some() && written > 0);
        // All variants good: every row, each read once for a one-chunk sweep.
        assert_eq!(run("40,45", true).0, None);
    }
}
