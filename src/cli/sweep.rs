//! `fleetplan sweep`: every combination of varied settings evaluated in parallel, one row of site KPIs per variant
//! and site, as CSV.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use rayon::prelude::*;

use super::{Failure, usage};
use crate::catalog::Catalog;
use crate::evaluation::Evaluation;
use crate::plan::edit::{self, EditError};
use crate::tables;

/// One `--vary KEY=V1,V2,…`.
#[derive(Debug, Clone)]
pub struct Vary {
    pub key: String,
    pub values: Vec<String>,
}

/// A `--vary` that is not `KEY=V1,V2,…`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--vary {0}: expected KEY=V1,V2,…")]
pub struct VaryError(String);

pub fn parse_vary(s: &str) -> Result<Vary, VaryError> {
    let (key, values) = s.split_once('=').ok_or_else(|| VaryError(s.to_string()))?;
    let values: Vec<String> = values.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
    if key.trim().is_empty() || values.is_empty() {
        return Err(VaryError(s.to_string()));
    }
    Ok(Vary { key: key.trim().to_string(), values })
}

/// The plan text with one variant's values: `legend.X` sets a legend entry, any other key a setting of every site.
fn variant_text(text: &str, sites: usize, keys: &[String], values: &[String]) -> Result<String, EditError> {
    let mut t = text.to_string();
    for (k, v) in keys.iter().zip(values) {
        t = match k.strip_prefix("legend.") {
            Some(symbol) => edit::set_legend_value(&t, symbol, &edit::string_literal(v))?,
            None => {
                let path: Vec<&str> = k.split('.').collect();
                let mut t2 = t;
                for s in 0..sites {
                    t2 = edit::set_site_value(&t2, s, &path, &edit::typed_literal(v))?;
                }
                t2
            }
        };
    }
    Ok(t)
}

/// Most variants one sweep evaluates. More is refused before anything is evaluated, naming the product.
pub const MAX_VARIANTS: usize = 100_000;

/// The values of variant `i`: the `--vary` lists as digits of a mixed-radix number, the first `--vary` slowest.
fn variant_values(varies: &[Vary], mut i: usize) -> Vec<String> {
    let mut values = vec![String::new(); varies.len()];
    for (slot, v) in values.iter_mut().zip(varies).rev() {
        slot.clone_from(&v.values[i % v.values.len()]);
        i /= v.values.len();
    }
    values
}

/// The number of variants, if it is within [`MAX_VARIANTS`]; otherwise the product as words, for the error.
fn variant_count(varies: &[Vary]) -> Result<usize, String> {
    let counts: Vec<usize> = varies.iter().map(|v| v.values.len()).collect();
    let product = counts.iter().try_fold(1usize, |n, c| n.checked_mul(*c));
    match product {
        Some(n) if n <= MAX_VARIANTS => Ok(n),
        _ => {
            let shown: Vec<String> = counts.iter().map(ToString::to_string).collect();
            let n = product.map_or_else(|| "more than 2^64".to_string(), |n| n.to_string());
            Err(format!("{} = {n} variants; the limit is {MAX_VARIANTS} per sweep", shown.join(" x ")))
        }
    }
}

/// Variants evaluated together before their rows are written: enough to keep both cores busy, few enough that memory
/// does not grow with the number of variants.
const CHUNK: usize = 1024;

pub(super) fn run(
    path: &Path,
    varies: &[Vary],
    out: Option<&Path>,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let total = variant_count(varies).map_err(|e| usage("sweep", format!("--vary: {e}")))?;
    let base = Evaluation::from_path(path, cat)?;
    let progress = std::io::stderr().is_terminal();
    match out {
        // To a file: written through an atomic temporary, so a variant the loader refuses leaves nothing behind.
        Some(p) if p.as_os_str() != "-" => {
            let mut file =
                crate::plan::document::AtomicFile::create(p).with_context(|| format!("writing {}", p.display()))?;
            write_rows(&base, varies, CHUNK, &mut file, progress)?;
            file.commit().context("writing the sweep")?;
            Ok(())
        }
        // To standard output, which cannot be taken back: every variant is read first (not evaluated), so a refused
        // value stops the sweep before anything is written.
        _ => {
            check_all(&base, varies, total)?;
            write_rows(&base, varies, CHUNK, stdout, progress)
        }
    }
}

/// The sweep's error for a variant: its values and the loader's message.
fn variant_problem(base: &Evaluation, varies: &[Vary], values: &[String], message: &str) -> Failure {
    let what: Vec<String> = varies.iter().zip(values).map(|(v, x)| format!("{}={x}", v.key)).collect();
    base.problem("", format!("variant {}: {message}", what.join(" "))).into()
}

/// Reads every variant (without evaluating it), a chunk at a time in parallel; the first refused, in variant order,
/// is the error.
fn check_all(base: &Evaluation, varies: &[Vary], total: usize) -> Result<(), Failure> {
    let keys: Vec<String> = varies.iter().map(|v| v.key.clone()).collect();
    for start in (0..total).step_by(CHUNK) {
        let problems: Vec<Option<(Vec<String>, String)>> = (start..(start + CHUNK).min(total))
            .into_par_iter()
            .map(|i| {
                let values = variant_values(varies, i);
                let read = variant_text(&base.text, base.plan.sites.len(), &keys, &values)
                    .map_err(|e| e.to_string())
                    .and_then(|t| {
                        crate::plan::parse(&t, &base.origin, base.catalog()).map(|_| ()).map_err(|d| d.to_string())
                    });
                read.err().map(|e| (values, e))
            })
            .collect();
        if let Some((values, e)) = problems.into_iter().flatten().next() {
            return Err(variant_problem(base, varies, &values, &e));
        }
    }
    Ok(())
}

/// One variant evaluated: its rows (one per site), or its values and the loader's message.
type VariantResult = Result<Vec<tables::SweepRow>, (Vec<String>, String)>;

/// Evaluates every variant, `chunk` at a time in parallel, and writes the sweep table's rows to `sink` in variant
/// order (the header once, first). Memory holds one chunk's rows, whatever the number of variants.
fn write_rows(
    base: &Evaluation,
    varies: &[Vary],
    chunk: usize,
    sink: &mut dyn Write,
    progress: bool,
) -> Result<(), Failure> {
    let total: usize = varies.iter().map(|v| v.values.len()).product();
    let keys: Vec<String> = varies.iter().map(|v| v.key.clone()).collect();
    for (n, start) in (0..total).step_by(chunk).enumerate() {
        let end = (start + chunk).min(total);
        let evaluated: Vec<VariantResult> = (start..end)
            .into_par_iter()
            .map(|i| {
                let values = variant_values(varies, i);
                // Its text, plan and hourly outcome are dropped as soon as its KPI values are read.
                let read = variant_text(&base.text, base.plan.sites.len(), &keys, &values)
                    .map_err(|e| e.to_string())
                    .and_then(|text| base.edited(text).map_err(|d| d.to_string()));
                match read {
                    Ok(e) => Ok(tables::SweepRow::of(values, &e.plan, &e.outcome)),
                    Err(e) => Err((values, e)),
                }
            })
            .collect();
        let mut rows = Vec::with_capacity(evaluated.len());
        for r in evaluated {
            rows.extend(r.map_err(|(values, e)| variant_problem(base, varies, &values, &e))?);
        }
        let mut df = tables::sweep(&keys, &rows).context("sweep table")?;
        let mut bytes = Vec::new();
        tables::write_csv_rows(&mut df, &mut bytes, n == 0).context("writing CSV")?;
        sink.write_all(&bytes).context("writing the sweep")?;
        if progress {
            eprint!("\rsweep: {end}/{total} variants");
            if end == total {
                eprintln!();
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_written_a_chunk_at_a_time_equal_the_whole_table() {
        let cat = Arc::new(Catalog::builtin().unwrap().clone());
        let base =
            Evaluation::from_text(crate::plan::DEFAULT_PLAN.to_string(), crate::plan::Origin::bundled(), cat).unwrap();
        let varies =
            [parse_vary("cooling.supply_c=40,45").unwrap(), parse_vary("misc_frac=0.001,0.002,0.003").unwrap()];
        let write = |chunk: usize| {
            let mut out = Vec::new();
            write_rows(&base, &varies, chunk, &mut out, false).map_err(|_| "sweep failed").unwrap();
            String::from_utf8(out).unwrap()
        };
        let one_at_a_time = write(1);
        assert_eq!(one_at_a_time, write(CHUNK));
        // One header, then 6 variants x 1 site, first --vary slowest.
        assert_eq!(one_at_a_time.lines().count(), 7);
        assert_eq!(one_at_a_time.matches("vary.cooling.supply_c").count(), 1);
        assert!(one_at_a_time.lines().nth(1).unwrap().starts_with("40,0.001,"));
        assert!(one_at_a_time.lines().nth(6).unwrap().starts_with("45,0.003,"));
    }

    #[test]
    fn variants_count_like_digits_the_first_vary_slowest() {
        let v = [parse_vary("a=1,2").unwrap(), parse_vary("b=x,y,z").unwrap()];
        assert_eq!(variant_count(&v), Ok(6));
        let all: Vec<Vec<String>> = (0..6).map(|i| variant_values(&v, i)).collect();
        let want = [["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"]];
        assert_eq!(all, want.map(|r| r.map(String::from).to_vec()));
    }

    #[test]
    fn too_many_variants_are_refused_before_any_is_built() {
        // Six keys of twenty values: 64,000,000 variants (the audit's 4 GB abort).
        let twenty = (1..=20).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let v: Vec<Vary> = (0..6).map(|k| parse_vary(&format!("k{k}={twenty}")).unwrap()).collect();
        assert_eq!(
            variant_count(&v),
            Err("20 x 20 x 20 x 20 x 20 x 20 = 64000000 variants; the limit is 100000 per sweep".to_string())
        );
        // A product past usize is refused the same way.
        let many = (1..=1000).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let v: Vec<Vary> = (0..8).map(|k| parse_vary(&format!("k{k}={many}")).unwrap()).collect();
        assert!(variant_count(&v).unwrap_err().contains("more than 2^64 variants"));
    }

    #[test]
    fn vary_takes_a_key_and_at_least_one_value() {
        let v = parse_vary(" cooling.supply_c = 36, 40 ,").unwrap();
        assert_eq!((v.key.as_str(), v.values), ("cooling.supply_c", vec!["36".to_string(), "40".to_string()]));
        for bad in ["cooling.supply_c", "=36,40", "climate=", "climate= , ,"] {
            assert_eq!(parse_vary(bad).unwrap_err().to_string(), format!("--vary {bad}: expected KEY=V1,V2,…"));
        }
    }
}
