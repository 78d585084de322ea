//! `fleetplan sweep`: every combination of varied settings evaluated in parallel, one row of site KPIs per variant
//! and site, as CSV.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use rayon::prelude::*;

use super::{Failure, usage, write_output};
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

pub(super) fn run(
    path: &Path,
    varies: &[Vary],
    out: Option<&Path>,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let total = variant_count(varies).map_err(|e| usage("sweep", format!("--vary: {e}")))?;
    let base = Evaluation::from_path(path, cat)?;
    let keys: Vec<String> = varies.iter().map(|v| v.key.clone()).collect();
    let done = AtomicUsize::new(0);
    let progress = std::io::stderr().is_terminal();
    // Each variant keeps only its sites' KPI values: its text, plan and hourly outcome are dropped once read.
    let results: Vec<VariantResult> = (0..total)
        .into_par_iter()
        .map(|i| {
            let values = variant_values(varies, i);
            let r = variant_text(&base.text, base.plan.sites.len(), &keys, &values)
                .map_err(|e| e.to_string())
                .and_then(|t| base.edited(t).map_err(|d| d.to_string()))
                .map(|e| tables::SweepRow::of(values.clone(), &e.plan, &e.outcome))
                .map_err(|e| (values, e));
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if progress && (n.is_multiple_of(10) || n == total) {
                eprint!("\rsweep: {n}/{total} variants");
                if n == total {
                    eprintln!();
                }
            }
            r
        })
        .collect();
    let mut rows = Vec::with_capacity(total);
    for r in results {
        match r {
            Ok(variant_rows) => rows.extend(variant_rows),
            Err((v, e)) => {
                let what: Vec<String> = keys.iter().zip(&v).map(|(k, x)| format!("{k}={x}")).collect();
                return Err(base.problem("", format!("variant {}: {e}", what.join(" "))).into());
            }
        }
    }
    let mut df = tables::sweep(&keys, &rows).context("sweep table")?;
    let mut bytes = Vec::new();
    tables::write_csv(&mut df, &mut bytes).context("writing CSV")?;
    write_output(out, &bytes, stdout)
}

/// One sweep variant: its rows (one per site), or the values that failed and why.
type VariantResult = Result<Vec<tables::SweepRow>, (Vec<String>, String)>;

#[cfg(test)]
mod tests {
    use super::*;

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
