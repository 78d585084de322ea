//! `fleetplan diff`, `sweep` and `fmt`: comparing plans, exploring variants, keeping plan files tidy.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use rayon::prelude::*;

use super::{Failure, Format, write_df};
use crate::catalog::Catalog;
use crate::compare::DiffRow;
pub use crate::compare::Source;
use crate::compare::diff_rows;
use crate::model::{self, Outcome};
use crate::plan::{self, Diagnostic, Diagnostics, Origin, Plan, edit};
use crate::tables;

fn invalid(file: &str, message: String) -> Failure {
    Failure::Invalid(Diagnostics(vec![Diagnostic {
        file: file.into(),
        line: 0,
        column: 0,
        key: String::new(),
        message,
    }]))
}

pub fn read_source(arg: &str, cat: &Catalog) -> Result<Source, Failure> {
    let (path, scenario) = match arg.rsplit_once('@') {
        Some((p, s)) if !s.is_empty() && (p == "-" || Path::new(p).exists()) => (p, Some(s.to_string())),
        _ => (arg, None),
    };
    let (text, origin) = if path == "-" {
        let mut t = String::new();
        std::io::stdin().read_to_string(&mut t).context("reading the plan from standard input")?;
        (t, Origin { shown_as: "<stdin>".into(), base_dir: std::env::current_dir().ok() })
    } else {
        let p = Path::new(path);
        (std::fs::read_to_string(p).map_err(|e| invalid(path, format!("cannot read the plan: {e}")))?, Origin::file(p))
    };
    let plan = plan::parse(&text, &origin, cat)?;
    if let Some(s) = &scenario {
        let names: Vec<&str> =
            plan.supply.as_ref().map_or(Vec::new(), |x| x.scenarios.iter().map(|s| s.name.as_str()).collect());
        if !names.contains(&s.as_str()) {
            return Err(invalid(
                &origin.shown_as,
                format!("no supply scenario named \"{s}\"; expected one of: {}", names.join(", ")),
            ));
        }
    }
    let outcome = model::evaluate(&plan);
    Ok(Source { shown: origin.shown_as, text, plan, outcome, scenario })
}

pub fn diff(a: &str, b: &str, format: Format, cat: &Catalog, stdout: &mut dyn Write) -> Result<(), Failure> {
    let sa = read_source(a, cat)?;
    let sb = read_source(b, cat)?;
    let rows = diff_rows(&sa, &sb);
    match format {
        Format::Csv => write_df(tables::diff(&rows).context("diff table")?, Format::Csv, stdout),
        Format::Table => {
            let head = format!("{} -> {}\n\n", sa.shown, sb.shown);
            stdout.write_all(head.as_bytes()).context("writing to stdout")?;
            // Rounded for reading; the CSV keeps full precision.
            let kpis: Vec<DiffRow> = rows
                .iter()
                .filter(|r| r.kind == "kpi")
                .map(|r| {
                    let show = |x: f64| {
                        if r.is_count() { tables::count_or_number(x) } else { tables::number(x) }
                    };
                    let round = |s: &str| s.parse::<f64>().map_or_else(|_| s.to_string(), show);
                    DiffRow { a: round(&r.a), b: round(&r.b), ..r.clone() }
                })
                .collect();
            write_df(
                tables::diff(&kpis).context("diff table")?.drop("kind").context("diff table")?,
                Format::Table,
                stdout,
            )?;
            let changes: Vec<&DiffRow> = rows.iter().filter(|r| r.kind != "kpi").collect();
            let mut text = format!("\nChanged ({}):\n", changes.len());
            for c in &changes {
                let site = if c.site.is_empty() { String::new() } else { format!("{}: ", c.site) };
                text.push_str(&format!("  {site}{} {}: {:?} -> {:?}\n", c.kind, c.name, c.a, c.b));
            }
            if changes.is_empty() {
                text = "\nNo hall, row, parameter or legend changed.\n".into();
            }
            stdout.write_all(text.as_bytes()).context("writing to stdout")?;
            Ok(())
        }
    }
}

/// One `--vary KEY=V1,V2,…`.
#[derive(Debug, Clone)]
pub struct Vary {
    pub key: String,
    pub values: Vec<String>,
}

pub fn parse_vary(s: &str) -> Result<Vary, String> {
    let (key, values) = s.split_once('=').ok_or_else(|| format!("--vary {s}: expected KEY=V1,V2,…"))?;
    let values: Vec<String> = values.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
    if key.trim().is_empty() || values.is_empty() {
        return Err(format!("--vary {s}: expected KEY=V1,V2,…"));
    }
    Ok(Vary { key: key.trim().to_string(), values })
}

/// The plan text with one variant's values: `legend.X` sets a legend entry, any other key a setting of every site.
fn variant_text(text: &str, sites: usize, keys: &[String], values: &[String]) -> Result<String, String> {
    let mut t = text.to_string();
    for (k, v) in keys.iter().zip(values) {
        t = match k.strip_prefix("legend.") {
            Some(symbol) => edit::set_legend_value(&t, symbol, &edit::string_literal(v)).map_err(|e| e.to_string())?,
            None => {
                let path: Vec<&str> = k.split('.').collect();
                let mut t2 = t;
                for s in 0..sites {
                    t2 = edit::set_site_value(&t2, s, &path, &edit::typed_literal(v)).map_err(|e| e.to_string())?;
                }
                t2
            }
        };
    }
    Ok(t)
}

pub fn sweep(
    path: &Path,
    varies: &[Vary],
    out: Option<&Path>,
    cat: &Catalog,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| invalid(&shown, format!("cannot read the plan: {e}")))?;
    let origin = Origin::file(path);
    let base = plan::parse(&text, &origin, cat)?;
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
            let r = variant_text(&text, base.sites.len(), &keys, values)
                .and_then(|t| plan::parse(&t, &origin, cat).map_err(|d| d.to_string()))
                .map(|p| {
                    let o = model::evaluate(&p);
                    (p, o)
                })
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
                return Err(invalid(&shown, format!("variant {}: {e}", what.join(" "))));
            }
        }
    }
    let variants: Vec<(Vec<String>, &Plan, &Outcome)> = ok.iter().map(|(v, p, o)| (v.clone(), *p, *o)).collect();
    let mut df = tables::sweep(&keys, &variants).context("sweep table")?;
    let mut bytes = Vec::new();
    tables::write_csv(&mut df, &mut bytes).context("writing CSV")?;
    match out {
        Some(p) if p.as_os_str() != "-" => {
            plan::document::write_atomic(p, &bytes).with_context(|| format!("writing {}", p.display()))?
        }
        _ => stdout.write_all(&bytes).context("writing to stdout")?,
    }
    Ok(())
}

/// One sweep variant: evaluated, or the values that failed and why.
type VariantResult = Result<(Plan, Outcome), (Vec<String>, String)>;

/// Exit code of `fmt --check` when a file is not in canonical form.
pub const EXIT_UNFORMATTED: u8 = 1;

pub fn fmt(paths: &[PathBuf], check: bool, stdout: &mut dyn Write) -> Result<bool, Failure> {
    let mut all_tidy = true;
    for p in paths {
        let shown = p.display().to_string();
        let text = std::fs::read_to_string(p).map_err(|e| invalid(&shown, format!("cannot read the plan: {e}")))?;
        let out = plan::format::canonical(&text).map_err(|e| invalid(&shown, e.to_string()))?;
        if out == text {
            continue;
        }
        all_tidy = false;
        if check {
            writeln!(stdout, "would reformat: {shown}").context("writing to stdout")?;
        } else {
            plan::document::write_atomic(p, out.as_bytes()).with_context(|| format!("writing {shown}"))?;
            writeln!(stdout, "formatted: {shown}").context("writing to stdout")?;
        }
    }
    Ok(all_tidy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_takes_a_key_and_at_least_one_value() {
        let v = parse_vary(" cooling.supply_c = 36, 40 ,").unwrap();
        assert_eq!((v.key.as_str(), v.values), ("cooling.supply_c", vec!["36".to_string(), "40".to_string()]));
        for bad in ["cooling.supply_c", "=36,40", "climate=", "climate= , ,"] {
            assert_eq!(parse_vary(bad).unwrap_err(), format!("--vary {bad}: expected KEY=V1,V2,…"));
        }
    }
}
