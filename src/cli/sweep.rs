//! `fleetplan sweep`: every combination of varied settings evaluated in parallel, one row of site KPIs per variant
//! and site, as CSV.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use rayon::prelude::*;

use super::{Failure, write_output};
use crate::catalog::Catalog;
use crate::evaluation::Evaluation;
use crate::model::Outcome;
use crate::plan::Plan;
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

pub(super) fn run(
    path: &Path,
    varies: &[Vary],
    out: Option<&Path>,
    cat: Arc<Catalog>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let base = Evaluation::from_path(path, cat)?;
    let keys: Vec<String> = varies.iter().map(|v| v.key.clone()).collect();
    // Cartesian product, the first --vary slowest.
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for v in varies {
        combos = combos
            .into_iter()
            .flat_map(|c| v.values.iter().map(move |x| [c.clone(), vec![x.clone()]].concat()))
            .collect();
    }
    let total = combos.len();
    let done = AtomicUsize::new(0);
    let progress = std::io::stderr().is_terminal();
    let results: Vec<VariantResult> = combos
        .par_iter()
        .map(|values| {
            // The variant's text is dropped once evaluated: only its plan and outcome are kept for the table.
            let r = variant_text(&base.text, base.plan.sites.len(), &keys, values)
                .map_err(|e| e.to_string())
                .and_then(|t| base.edited(t).map_err(|d| d.to_string()))
                .map(|e| (e.plan, e.outcome))
                .map_err(|e| (values.clone(), e));
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
    let mut ok = Vec::with_capacity(total);
    for (values, r) in combos.iter().zip(&results) {
        match r {
            Ok((p, o)) => ok.push((values.clone(), p, o)),
            Err((v, e)) => {
                let what: Vec<String> = keys.iter().zip(v).map(|(k, x)| format!("{k}={x}")).collect();
                return Err(base.problem("", format!("variant {}: {e}", what.join(" "))).into());
            }
        }
    }
    let variants: Vec<(Vec<String>, &Plan, &Outcome)> = ok.iter().map(|(v, p, o)| (v.clone(), *p, *o)).collect();
    let mut df = tables::sweep(&keys, &variants).context("sweep table")?;
    let mut bytes = Vec::new();
    tables::write_csv(&mut df, &mut bytes).context("writing CSV")?;
    write_output(out, &bytes, stdout)
}

/// One sweep variant: evaluated, or the values that failed and why.
type VariantResult = Result<(Plan, Outcome), (Vec<String>, String)>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_takes_a_key_and_at_least_one_value() {
        let v = parse_vary(" cooling.supply_c = 36, 40 ,").unwrap();
        assert_eq!((v.key.as_str(), v.values), ("cooling.supply_c", vec!["36".to_string(), "40".to_string()]));
        for bad in ["cooling.supply_c", "=36,40", "climate=", "climate= , ,"] {
            assert_eq!(parse_vary(bad).unwrap_err().to_string(), format!("--vary {bad}: expected KEY=V1,V2,…"));
        }
    }
}
