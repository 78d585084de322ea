//! `fleetplan diff`, `sweep` and `fmt`: comparing plans, exploring variants, keeping plan files tidy.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use rayon::prelude::*;

use super::{Failure, Format, write_df};
use crate::catalog::Catalog;
use crate::model::{self, Outcome};
use crate::plan::{self, Diagnostic, Diagnostics, Origin, Plan, edit, fields};
use crate::tables::{self, DiffRow};

/// A plan named on the command line: a file, `-` for standard input, or `PLAN@SCENARIO`.
pub struct Source {
    pub shown: String,
    pub text: String,
    pub plan: Plan,
    pub outcome: Outcome,
    pub scenario: Option<String>,
}

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

fn num(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { String::new() }
}

fn change(site: &str, kind: &'static str, name: String, a: impl Into<String>, b: impl Into<String>) -> DiffRow {
    DiffRow { site: site.into(), kind, name, a: a.into(), b: b.into(), delta: f64::NAN, delta_pct: f64::NAN }
}

/// Every site KPI of A and B with its delta, then what changed: sites, halls, rows, parameters, legend, supply.
pub fn diff_rows(a: &Source, b: &Source) -> Result<Vec<DiffRow>, Failure> {
    let ka = tables::site_kpis(&a.plan, &a.outcome).context("site table")?;
    let kb = tables::site_kpis(&b.plan, &b.outcome).context("site table")?;
    let mut rows = Vec::new();
    for (site, va) in &ka {
        let Some((_, vb)) = kb.iter().find(|(s, _)| s == site) else {
            rows.push(change(site, "site", "site".into(), "present", "absent"));
            continue;
        };
        for ((name, x), (_, y)) in va.iter().zip(vb) {
            let delta = y - x;
            let delta_pct = if *x != 0.0 { delta / x.abs() * 100.0 } else { f64::NAN };
            rows.push(DiffRow {
                site: site.clone(),
                kind: "kpi",
                name: name.clone(),
                a: num(*x),
                b: num(*y),
                delta,
                delta_pct,
            });
        }
    }
    for (site, _) in kb.iter().filter(|(s, _)| !ka.iter().any(|(x, _)| x == s)) {
        rows.push(change(site, "site", "site".into(), "absent", "present"));
    }
    // Legend.
    for l in &a.plan.legend {
        match b.plan.legend.iter().find(|x| x.symbol == l.symbol) {
            None => {
                rows.push(change("", "legend", l.symbol.to_string(), format!("{}@{}", l.platform.id, l.profile), ""))
            }
            Some(m) if m.platform.id != l.platform.id || m.rack_kw != l.rack_kw => rows.push(change(
                "",
                "legend",
                l.symbol.to_string(),
                format!("{}@{} {} kW", l.platform.id, l.profile, l.rack_kw),
                format!("{}@{} {} kW", m.platform.id, m.profile, m.rack_kw),
            )),
            _ => {}
        }
    }
    for l in b.plan.legend.iter().filter(|l| !a.plan.legend.iter().any(|x| x.symbol == l.symbol)) {
        rows.push(change("", "legend", l.symbol.to_string(), "", format!("{}@{}", l.platform.id, l.profile)));
    }
    // Halls, rows and parameters of the sites both plans have.
    let all_fields = fields::site_fields();
    let slots = |p: &Plan, r: &plan::Row| -> String {
        r.slots.iter().map(|s| s.map_or(plan::EMPTY_SLOT, |id| p.legend[usize::from(id)].symbol)).collect()
    };
    for (ia, sa) in a.plan.sites.iter().enumerate() {
        let Some((ib, sb)) = b.plan.sites.iter().enumerate().find(|(_, s)| s.name == sa.name) else { continue };
        let fa = fields::site_values(&a.text, ia, &all_fields);
        let fb = fields::site_values(&b.text, ib, &all_fields);
        for ((f, x), y) in all_fields.iter().zip(&fa).zip(&fb) {
            if x.literal != y.literal {
                rows.push(change(&sa.name, "parameter", f.path.join("."), x.literal.clone(), y.literal.clone()));
            }
        }
        for ha in &sa.halls {
            let Some(hb) = sb.halls.iter().find(|h| h.name == ha.name) else {
                rows.push(change(&sa.name, "hall", ha.name.clone(), "present", "absent"));
                continue;
            };
            if ha.energised != hb.energised {
                rows.push(change(
                    &sa.name,
                    "hall",
                    format!("{} energised", ha.name),
                    ha.energised.to_string(),
                    hb.energised.to_string(),
                ));
            }
            for ra in &ha.rows {
                match hb.rows.iter().find(|r| r.name == ra.name) {
                    None => {
                        rows.push(change(&sa.name, "row", format!("{}/{}", ha.name, ra.name), slots(&a.plan, ra), ""))
                    }
                    Some(rb) if slots(&a.plan, ra) != slots(&b.plan, rb) => rows.push(change(
                        &sa.name,
                        "row",
                        format!("{}/{}", ha.name, ra.name),
                        slots(&a.plan, ra),
                        slots(&b.plan, rb),
                    )),
                    _ => {}
                }
            }
            for rb in hb.rows.iter().filter(|r| !ha.rows.iter().any(|x| x.name == r.name)) {
                rows.push(change(&sa.name, "row", format!("{}/{}", ha.name, rb.name), "", slots(&b.plan, rb)));
            }
        }
        for hb in sb.halls.iter().filter(|h| !sa.halls.iter().any(|x| x.name == h.name)) {
            rows.push(change(&sa.name, "hall", hb.name.clone(), "absent", "present"));
        }
    }
    // Supply: the named scenarios' completion (each side may name its own).
    let complete = |s: &Source| -> Option<(String, String)> {
        let spec = s.plan.supply.as_ref()?;
        let name = s.scenario.clone().or_else(|| spec.scenarios.first().map(|x| x.name.clone()))?;
        let o = model::supply::evaluate(&s.plan, &s.outcome, spec);
        let t = &o.scenarios.iter().find(|x| x.name == name)?.timeline;
        Some((name, t.fleet_complete.map_or_else(|| "not within horizon".to_string(), |q| spec.quarter(q).to_string())))
    };
    if let (Some((na, qa)), Some((nb, qb))) = (complete(a), complete(b))
        && (qa != qb || a.scenario.is_some() || b.scenario.is_some())
    {
        rows.push(change("", "supply", format!("fleet complete ({na} / {nb})"), qa, qb));
    }
    Ok(rows)
}

pub fn diff(a: &str, b: &str, format: Format, cat: &Catalog, stdout: &mut dyn Write) -> Result<(), Failure> {
    let sa = read_source(a, cat)?;
    let sb = read_source(b, cat)?;
    let rows = diff_rows(&sa, &sb)?;
    match format {
        Format::Csv => write_df(tables::diff(&rows).context("diff table")?, Format::Csv, stdout),
        Format::Table => {
            let head = format!("{} -> {}\n\n", sa.shown, sb.shown);
            stdout.write_all(head.as_bytes()).context("writing to stdout")?;
            // Rounded for reading; the CSV keeps full precision.
            let round = |s: &str| s.parse::<f64>().map_or_else(|_| s.to_string(), tables::number);
            let kpis: Vec<DiffRow> = rows
                .iter()
                .filter(|r| r.kind == "kpi")
                .map(|r| DiffRow { a: round(&r.a), b: round(&r.b), ..r.clone() })
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
