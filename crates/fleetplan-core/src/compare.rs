//! Comparing two plans (or two supply scenarios of one): every site KPI with its delta, which way is better, and
//! what changed. Shared by `fleetplan diff` and the app's Compare screen.

use crate::evaluation::Evaluation;
use crate::kpi::{self, Better, Kind, Kpi};
use crate::plan::{self, Plan, fields};

/// One side of a comparison: an evaluated plan, seen in a supply scenario (its own `@scenario` unless another is
/// given).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub eval: &'a Evaluation,
    pub scenario: Option<&'a str>,
}

impl<'a> From<&'a Evaluation> for Side<'a> {
    fn from(eval: &'a Evaluation) -> Side<'a> {
        Side { eval, scenario: eval.scenario.as_deref() }
    }
}

/// One line of a comparison: a KPI of a site (numbers, with its delta) or a change (text).
#[derive(Debug, Clone, PartialEq)]
pub struct DiffRow {
    pub site: String,
    pub kind: &'static str,
    pub name: String,
    /// The KPI of a `kpi` row: its unit, direction and whether it counts.
    pub kpi: Option<&'static Kpi>,
    pub a: String,
    pub b: String,
    pub delta: f64,
    pub delta_pct: f64,
    /// Whether A and B measure the KPI on the same basis, so one can be better: a free-cooling limit on the dry
    /// bulb (dry coolers) and one on the wet bulb (towers) cannot be ranked.
    pub comparable: bool,
}

impl DiffRow {
    /// Whether the row's values are whole counts (racks, hours), shown without decimals.
    pub fn is_count(&self) -> bool {
        self.kpi.is_some_and(|k| k.kind == Kind::Count)
    }

    /// Which way the row's KPI is better, if either (never when A and B measure it differently).
    pub fn better(&self) -> Option<Better> {
        self.kpi.filter(|_| self.comparable).and_then(|k| k.better)
    }
}

fn num(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { String::new() }
}

fn change(site: &str, kind: &'static str, name: String, a: impl Into<String>, b: impl Into<String>) -> DiffRow {
    DiffRow {
        site: site.into(),
        kind,
        name,
        kpi: None,
        a: a.into(),
        b: b.into(),
        delta: f64::NAN,
        delta_pct: f64::NAN,
        comparable: true,
    }
}

/// Which site of B each site of A is compared with: the site of the same name; and when each plan has exactly one
/// site, those two whatever their names (a renamed site is still the site). Found through a map of B's names, so a
/// diff of two plans of many sites stays linear.
struct Pairs {
    /// Per site of A, its site in B.
    b_of: Vec<Option<usize>>,
    /// Per site of B, whether a site of A is paired with it.
    paired_b: Vec<bool>,
}

fn site_pairs(a: &Plan, b: &Plan) -> Pairs {
    let b_of: Vec<Option<usize>> = if let ([_], [_]) = (a.sites.as_slice(), b.sites.as_slice()) {
        vec![Some(0)]
    } else {
        // The first site of a name, as a plan's names are unique (the reader refuses a repeated one).
        let mut by_name = std::collections::HashMap::with_capacity(b.sites.len());
        for (i, s) in b.sites.iter().enumerate().rev() {
            by_name.insert(s.name.as_str(), i);
        }
        a.sites.iter().map(|s| by_name.get(s.name.as_str()).copied()).collect()
    };
    let mut paired_b = vec![false; b.sites.len()];
    for ib in b_of.iter().flatten() {
        paired_b[*ib] = true;
    }
    Pairs { b_of, paired_b }
}

/// Every site KPI of A and B with its delta, then what changed: sites, halls, rows, parameters, legend, supply.
pub fn diff_rows(a: Side, b: Side) -> Vec<DiffRow> {
    let (ea, eb) = (a.eval, b.eval);
    let pairs = site_pairs(&ea.plan, &eb.plan);
    let mut rows = kpi_rows(ea, eb, &pairs);
    legend_rows(ea, eb, &mut rows);
    layout_rows(ea, eb, &pairs, &mut rows);
    // Supply: the named scenarios' completion (each side may name its own).
    let complete = |s: Side| -> Option<(String, String)> {
        let spec = s.eval.plan.supply.as_ref()?;
        let name = s.scenario.map(str::to_string).or_else(|| spec.scenarios.first().map(|x| x.name.clone()))?;
        let t = &s.eval.supply()?.scenarios.iter().find(|x| x.name == name)?.timeline;
        Some((name, t.fleet_complete.map_or_else(|| "not within horizon".to_string(), |q| spec.quarter(q).to_string())))
    };
    if let (Some((na, qa)), Some((nb, qb))) = (complete(a), complete(b))
        && (qa != qb || na != nb)
    {
        rows.push(change("", "supply", format!("fleet complete ({na} / {nb})"), qa, qb));
    }
    rows
}

/// Every site KPI of A and B with its delta, a site in only one of them said so.
fn kpi_rows(ea: &Evaluation, eb: &Evaluation, pairs: &Pairs) -> Vec<DiffRow> {
    let ka = kpi::numbers(&ea.plan, &ea.outcome);
    let kb = kpi::numbers(&eb.plan, &eb.outcome);
    let mut rows = Vec::new();
    for (ia, (site, va)) in ka.iter().enumerate() {
        let Some(ib) = pairs.b_of[ia] else {
            rows.push(change(site, "site", "site".into(), "present", "absent"));
            continue;
        };
        let (name_b, vb) = &kb[ib];
        if name_b != site {
            rows.push(change(site, "site", "name".into(), site.clone(), name_b.clone()));
        }
        let same_basis = ea.outcome.sites[ia].free_cooling_on == eb.outcome.sites[ib].free_cooling_on;
        for ((k, x), (_, y)) in va.iter().zip(vb) {
            let delta = y - x;
            let delta_pct = if *x != 0.0 { delta / x.abs() * 100.0 } else { f64::NAN };
            rows.push(DiffRow {
                site: site.clone(),
                kind: "kpi",
                name: k.name.to_string(),
                kpi: Some(*k),
                a: num(*x),
                b: num(*y),
                delta,
                delta_pct,
                comparable: k.name != "free_cooling_limit_c" || same_basis,
            });
        }
    }
    for (ib, (site, _)) in kb.iter().enumerate() {
        if !pairs.paired_b[ib] {
            rows.push(change(site, "site", "site".into(), "absent", "present"));
        }
    }
    rows
}

/// Legend entries added, removed or changed.
fn legend_rows(ea: &Evaluation, eb: &Evaluation, rows: &mut Vec<DiffRow>) {
    for l in &ea.plan.legend {
        match eb.plan.legend.iter().find(|x| x.symbol == l.symbol) {
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
    for l in eb.plan.legend.iter().filter(|l| !ea.plan.legend.iter().any(|x| x.symbol == l.symbol)) {
        rows.push(change("", "legend", l.symbol.to_string(), "", format!("{}@{}", l.platform.id, l.profile)));
    }
}

/// Halls, rows and parameters of the sites both plans have.
fn layout_rows(ea: &Evaluation, eb: &Evaluation, pairs: &Pairs, rows: &mut Vec<DiffRow>) {
    let all_fields = fields::site_fields();
    let (doc_a, doc_b) =
        (toml_edit::Document::parse(ea.text.as_str()).ok(), toml_edit::Document::parse(eb.text.as_str()).ok());
    let slots = |p: &Plan, r: &plan::Row| -> String {
        r.slots.iter().map(|s| s.map_or(plan::EMPTY_SLOT, |id| p.legend[usize::from(id)].symbol)).collect()
    };
    for (ia, sa) in ea.plan.sites.iter().enumerate() {
        let Some(ib) = pairs.b_of[ia] else { continue };
        let sb = &eb.plan.sites[ib];
        let fa = fields::values_in(doc_a.as_ref(), ia, None, &all_fields);
        let fb = fields::values_in(doc_b.as_ref(), ib, None, &all_fields);
        for ((f, x), y) in all_fields.iter().zip(&fa).zip(&fb) {
            if x.literal != y.literal {
                // Strings without their TOML quotes: plain values for tables and CSV.
                let plain = |l: &str| l.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(l).to_string();
                rows.push(change(&sa.name, "parameter", f.path.join("."), plain(&x.literal), plain(&y.literal)));
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
                        rows.push(change(&sa.name, "row", format!("{}/{}", ha.name, ra.name), slots(&ea.plan, ra), ""))
                    }
                    Some(rb) if slots(&ea.plan, ra) != slots(&eb.plan, rb) => rows.push(change(
                        &sa.name,
                        "row",
                        format!("{}/{}", ha.name, ra.name),
                        slots(&ea.plan, ra),
                        slots(&eb.plan, rb),
                    )),
                    _ => {}
                }
            }
            for rb in hb.rows.iter().filter(|r| !ha.rows.iter().any(|x| x.name == r.name)) {
                rows.push(change(&sa.name, "row", format!("{}/{}", ha.name, rb.name), "", slots(&eb.plan, rb)));
            }
        }
        for hb in sb.halls.iter().filter(|h| !sa.halls.iter().any(|x| x.name == h.name)) {
            rows.push(change(&sa.name, "hall", hb.name.clone(), "absent", "present"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use std::sync::Arc;

    fn bundled(file: &str) -> Evaluation {
        let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(file);
        Evaluation::from_path(&path, Arc::new(Catalog::builtin().unwrap().clone())).unwrap()
    }

    #[test]
    fn a_dry_bulb_limit_and_a_wet_bulb_limit_are_not_ranked() {
        // The pilot's dry coolers are free up to a dry bulb, the campus's towers up to a wet bulb: different
        // temperatures, so neither limit is better; the PUE still is.
        let (pilot, campus) = (bundled("plans/pilot-5mw.toml"), bundled("plans/campus-100mw.toml"));
        let rows = diff_rows((&pilot).into(), (&campus).into());
        let row = |name: &str| rows.iter().find(|r| r.name == name).unwrap();
        assert!(!row("free_cooling_limit_c").comparable && row("free_cooling_limit_c").better().is_none());
        assert!(row("pue_annual").better().is_some());
        // Two dry-cooler plans: the limits are ranked.
        let gw = bundled("plans/ai-factory-1gw.toml");
        let rows = diff_rows((&pilot).into(), (&gw).into());
        assert!(rows.iter().find(|r| r.name == "free_cooling_limit_c").unwrap().better().is_some());
    }

    #[test]
    fn sites_pair_by_name_and_a_single_site_pairs_whatever_its_name() {
        let e = bundled("plans/pilot-5mw.toml");
        let mut a = e.plan.clone();
        let mut b = e.plan.clone();
        // One site each, renamed: still the same site.
        b.sites[0].name = "Renamed".into();
        let p = site_pairs(&a, &b);
        assert_eq!((p.b_of, p.paired_b), (vec![Some(0)], vec![true]));
        // A: [X, Y, Z]; B: [Z, W, X]. X pairs with B's 2, Z with B's 0, Y with none; B's W (1) is unpaired.
        let site = a.sites[0].clone();
        let named = |n: &str| {
            let mut s = site.clone();
            s.name = n.into();
            s
        };
        a.sites = vec![named("X"), named("Y"), named("Z")];
        b.sites = vec![named("Z"), named("W"), named("X")];
        let p = site_pairs(&a, &b);
        assert_eq!(p.b_of, vec![Some(2), None, Some(0)]);
        assert_eq!(p.paired_b, vec![true, false, true]);
    }
}
