//! `fleetplan sweep`: every combination of varied settings evaluated in parallel, one row of site KPIs per variant
//! and site, as CSV.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use rayon::prelude::*;

use super::Failure;
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::plan::edit::{self, EditError};
use fleetplan_core::tables;

use super::design::{Design, Shard};

/// The plan text with a marker where each varied key's value goes (`legend.X` a legend entry, any other key a
/// setting of every site): made once, with the same text patches as any edit, so each variant is the markers
/// replaced by its values, with no TOML parsed again. A marker is a control character no valid plan holds.
pub(super) struct Template {
    text: String,
    /// Per key: its marker, and whether its values are strings (legend entries) or typed as the user wrote them.
    markers: Vec<(String, bool)>,
}

impl Template {
    pub(super) fn new(text: &str, sites: usize, keys: &[String]) -> Result<Template, EditError> {
        // One batch of patches against the text as read: a marker is not TOML, so nothing is parsed after one is in.
        let mut b = edit::Batch::new(text)?;
        let mut markers = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let marker = format!("\u{1}vary{i}\u{1}");
            match k.strip_prefix("legend.") {
                Some(symbol) => b.set_legend_value(symbol, &marker)?,
                None => {
                    let path: Vec<&str> = k.split('.').collect();
                    for s in 0..sites {
                        b.set_site_value(s, &path, &marker)?;
                    }
                }
            }
            markers.push((marker, k.starts_with("legend.")));
        }
        Ok(Template { text: b.finish(), markers })
    }

    /// The plan text of one variant.
    pub(super) fn with(&self, values: &[String]) -> String {
        let mut t = self.text.clone();
        for ((marker, string), v) in self.markers.iter().zip(values) {
            let literal = if *string { edit::string_literal(v) } else { edit::typed_literal(v) };
            t = t.replace(marker.as_str(), &literal);
        }
        t
    }
}

/// Variants evaluated together before their rows are written: enough to keep both cores busy, few enough that memory
/// does not grow with the number of variants.
const CHUNK: usize = 1024;

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
    let shard = shard.unwrap_or(Shard { k: 1, n: 1 });
    let range = shard.range(design.total());
    let progress = std::io::stderr().is_terminal();
    let header = shard.writes_header();
    let _ = parquet; // the command line refuses Parquet in a build without it
    match out {
        // Parquet: one file, a row group per chunk, through the same atomic temporary.
        #[cfg(feature = "parquet")]
        Some(p) if parquet => {
            let mut file = fleetplan_core::plan::document::AtomicFile::create(p)
                .with_context(|| format!("writing {}", p.display()))?;
            write_parquet(&base, design, range, &mut file, progress)?;
            file.commit().context("writing the sweep")?;
            Ok(())
        }
        // To a file: written through an atomic temporary, so a variant the loader refuses leaves nothing behind.
        Some(p) if p.as_os_str() != "-" => {
            let mut file = fleetplan_core::plan::document::AtomicFile::create(p)
                .with_context(|| format!("writing {}", p.display()))?;
            write_rows(&base, design, range, header, CHUNK, &mut file, progress)?;
            file.commit().context("writing the sweep")?;
            Ok(())
        }
        // To standard output, which cannot be taken back: every variant is read first (not evaluated), so a refused
        // value stops the sweep before anything is written.
        _ => {
            check_all(&base, design, range.clone())?;
            write_rows(&base, design, range, header, CHUNK, stdout, progress)
        }
    }
}

/// The sweep's template, or why a key cannot be varied (a table, not a value), before anything is evaluated.
fn template(base: &Evaluation, design: &Design) -> Result<Template, Failure> {
    let keys: Vec<String> = design.varies.iter().map(|v| v.key.clone()).collect();
    Template::new(&base.text, base.plan.sites.len(), &keys).map_err(|e| base.problem("", format!("--vary: {e}")).into())
}

/// The sweep's error for a variant: its values and the loader's message.
fn variant_problem(base: &Evaluation, design: &Design, values: &[String], message: &str) -> Failure {
    let what: Vec<String> = design.varies.iter().zip(values).map(|(v, x)| format!("{}={x}", v.key)).collect();
    base.problem("", format!("variant {}: {message}", what.join(" "))).into()
}

/// Reads every variant (without evaluating it), a chunk at a time in parallel; the first refused, in variant order,
/// is the error.
fn check_all(base: &Evaluation, design: &Design, range: std::ops::Range<usize>) -> Result<(), Failure> {
    let template = template(base, design)?;
    for start in range.clone().step_by(CHUNK) {
        let problems: Vec<Option<(Vec<String>, String)>> = (start..(start + CHUNK).min(range.end))
            .into_par_iter()
            .map(|i| {
                let values = design.values(i);
                let read = fleetplan_core::plan::parse(&template.with(&values), &base.origin, base.catalog());
                read.err().map(|d| (values, d.to_string()))
            })
            .collect();
        if let Some((values, e)) = problems.into_iter().flatten().next() {
            return Err(variant_problem(base, design, &values, &e));
        }
    }
    Ok(())
}

/// One variant evaluated: its rows (one per site), or its values and the loader's message.
type VariantResult = Result<Vec<tables::SweepRow>, (Vec<String>, String)>;

/// Evaluates every variant, `chunk` at a time in parallel, and writes the sweep table's rows to `sink` in variant
/// order (the header once, first). Memory holds one chunk's rows, whatever the number of variants.
/// The sweep table's rows of variants `start..end`, evaluated in parallel, in variant order.
fn chunk_rows(
    base: &Evaluation,
    design: &Design,
    template: &Template,
    start: usize,
    end: usize,
) -> Result<Vec<tables::SweepRow>, Failure> {
    let evaluated: Vec<VariantResult> = (start..end)
        .into_par_iter()
        .map(|i| {
            let values = design.values(i);
            // Its text, plan and hourly outcome are dropped as soon as its KPI values are read.
            let read = base.edited(template.with(&values)).map_err(|d| d.to_string());
            match read {
                Ok(e) => Ok(tables::SweepRow::of(values, &e.plan, &e.outcome)),
                Err(e) => Err((values, e)),
            }
        })
        .collect();
    let mut rows = Vec::with_capacity(evaluated.len());
    for r in evaluated {
        rows.extend(r.map_err(|(values, e)| variant_problem(base, design, &values, &e))?);
    }
    Ok(rows)
}

fn show_progress(progress: bool, done: usize, total: usize) {
    if progress {
        eprint!("\rsweep: {done}/{total} variants");
        if done == total {
            eprintln!();
        }
    }
}

/// Evaluates every variant of `range`, `chunk` at a time in parallel, and writes the sweep table's rows to `sink` in
/// variant order (the header first when `header`). Memory holds one chunk's rows, whatever the number of variants.
fn write_rows(
    base: &Evaluation,
    design: &Design,
    range: std::ops::Range<usize>,
    header: bool,
    chunk: usize,
    sink: &mut dyn Write,
    progress: bool,
) -> Result<(), Failure> {
    let keys: Vec<String> = design.varies.iter().map(|v| v.key.clone()).collect();
    let template = template(base, design)?;
    let total = range.len();
    for (n, start) in range.clone().step_by(chunk.max(1)).enumerate() {
        let end = (start + chunk).min(range.end);
        let rows = chunk_rows(base, design, &template, start, end)?;
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
#[cfg(feature = "parquet")]
fn write_parquet(
    base: &Evaluation,
    design: &Design,
    range: std::ops::Range<usize>,
    sink: &mut dyn Write,
    progress: bool,
) -> Result<(), Failure> {
    let keys: Vec<String> = design.varies.iter().map(|v| v.key.clone()).collect();
    let template = template(base, design)?;
    let total = range.len();
    let mut out = tables::ParquetRows::new(sink);
    for start in range.clone().step_by(CHUNK) {
        let end = (start + CHUNK).min(range.end);
        let rows = chunk_rows(base, design, &template, start, end)?;
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
    use super::super::design::{DesignKind, parse_vary};
    use super::*;

    #[test]
    fn a_variant_from_the_template_is_the_text_the_edits_make() {
        // Two sites, a nested key that one plan writes and the other does not, and a legend entry: the template with
        // values equals the same edits made one by one.
        let text = "[legend]\nV = \"vr-nvl72\"\n\n[[site]]\nname = \"A\"\ngrid_mw = 10\nclimate = \"greensboro-nc\"\n\n[site.cooling]\nsupply_c = 45\n\n[[site]]\nname = \"B\"\ngrid_mw = 5\nclimate = \"miami-fl\"\n";
        let keys = ["cooling.supply_c".to_string(), "legend.V".to_string(), "misc_frac".to_string()];
        let t = Template::new(text, 2, &keys).unwrap();
        let values = ["40".to_string(), "gb300-nvl72".to_string(), "0.01".to_string()];
        let mut want = text.to_string();
        for s in 0..2 {
            want = edit::set_site_value(&want, s, &["cooling", "supply_c"], "40").unwrap();
        }
        want = edit::set_legend_value(&want, "V", "\"gb300-nvl72\"").unwrap();
        for s in 0..2 {
            want = edit::set_site_value(&want, s, &["misc_frac"], "0.01").unwrap();
        }
        // The same plan (two lines inserted at one place may come in either order).
        let cat = Catalog::builtin().unwrap();
        let origin = fleetplan_core::plan::Origin::bundled();
        let read = |x: &str| fleetplan_core::plan::parse(x, &origin, cat).unwrap();
        assert_eq!(read(&t.with(&values)), read(&want));
        let mut lines: Vec<String> = t.with(&values).lines().map(str::to_string).collect();
        let mut want_lines: Vec<String> = want.lines().map(str::to_string).collect();
        lines.sort();
        want_lines.sort();
        assert_eq!(lines, want_lines);
        // A key that is a table, not a value, is refused when the template is made.
        assert!(Template::new(text, 2, &["cooling".to_string()]).is_err());
    }

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
            write_rows(&base, &design, range, header, chunk, &mut out, false).map_err(|_| "sweep failed").unwrap();
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
}
