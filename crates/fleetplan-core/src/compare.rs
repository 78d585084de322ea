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
    finding_rows(ea, eb, &pairs, &mut rows);
    plan_rows(ea, eb, &mut rows);
    supply_rows(a, b, &mut rows);
    rows
}

/// When each supply scenario completes the fleet, where it differs: the scenario each side is seen in when they
/// name different ones (`plan@base` against `plan@tight`), else every scenario of either plan by name. The delta
/// is in quarters (later is positive); a scenario one plan lacks, or one that does not complete within the horizon,
/// has none.
fn supply_rows(a: Side, b: Side, rows: &mut Vec<DiffRow>) {
    // The quarter's label and its index since year 0, per scenario name.
    let completions = |s: Side| -> Vec<(String, String, Option<i32>)> {
        let (Some(spec), Some(out)) = (s.eval.plan.supply.as_ref(), s.eval.supply()) else { return Vec::new() };
        out.scenarios
            .iter()
            .map(|x| {
                let q = x.timeline.fleet_complete.map(|q| spec.quarter(q));
                let label = q.map_or_else(|| "not within horizon".to_string(), |q| q.to_string());
                (x.name.clone(), label, q.map(|q| q.index()))
            })
            .collect()
    };
    let (ca, cb) = (completions(a), completions(b));
    let mut push =
        |name: String, x: Option<&(String, String, Option<i32>)>, y: Option<&(String, String, Option<i32>)>| {
            let label = |c: Option<&(String, String, Option<i32>)>| c.map_or_else(String::new, |c| c.1.clone());
            if label(x) != label(y) {
                let mut row = change("", "supply", name, label(x), label(y));
                if let (Some(i), Some(j)) = (x.and_then(|c| c.2), y.and_then(|c| c.2)) {
                    row.delta = f64::from(j - i);
                }
                rows.push(row);
            }
        };
    match (a.scenario, b.scenario) {
        (Some(na), Some(nb)) if na != nb => {
            push(format!("fleet complete ({na} / {nb})"), ca.iter().find(|c| c.0 == na), cb.iter().find(|c| c.0 == nb));
        }
        _ => {
            for c in &ca {
                push(format!("fleet complete ({})", c.0), Some(c), cb.iter().find(|x| x.0 == c.0));
            }
            for c in cb.iter().filter(|c| !ca.iter().any(|x| x.0 == c.0)) {
                push(format!("fleet complete ({})", c.0), None, Some(c));
            }
        }
    }
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
            rows.push(kpi_row(site, k, *x, *y, k.name != "free_cooling_limit_c" || same_basis));
        }
        // What the site serves and costs, when either plan has a workload (an empty side where one has none or
        // cannot serve it; its reason is in the Inference screen and the inference table).
        let (ta, tb) = (serving_totals(ea, ia), serving_totals(eb, ib));
        if ta.is_some() || tb.is_some() {
            for k in &kpi::SERVING {
                let x = ta.as_ref().and_then(|t| k.serving(t)).unwrap_or(f64::NAN);
                let y = tb.as_ref().and_then(|t| k.serving(t)).unwrap_or(f64::NAN);
                rows.push(kpi_row(site, k, x, y, true));
            }
        }
    }
    for (ib, (site, _)) in kb.iter().enumerate() {
        if !pairs.paired_b[ib] {
            rows.push(change(site, "site", "site".into(), "absent", "present"));
        }
    }
    rows
}

fn kpi_row(site: &str, k: &'static Kpi, x: f64, y: f64, comparable: bool) -> DiffRow {
    let delta = y - x;
    let delta_pct = if x != 0.0 { delta / x.abs() * 100.0 } else { f64::NAN };
    DiffRow {
        site: site.into(),
        kind: "kpi",
        name: k.name.to_string(),
        kpi: Some(k),
        a: num(x),
        b: num(y),
        delta,
        delta_pct,
        comparable,
    }
}

/// A site's inference totals, when its plan has a workload it can serve.
fn serving_totals(e: &Evaluation, site: usize) -> Option<crate::model::fleet_inference::Totals> {
    e.sites_inference().ok().and_then(|s| s.get(site)).map(|s| s.totals())
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
                rows.push(change(&sa.name, "parameter", f.path.join("."), plain(&x.literal), plain(&y.literal)));
            }
        }
        let hall_fields: Vec<fields::Field> =
            fields::app_fields(false).into_iter().filter(|f| f.scope == fields::Scope::Hall).collect();
        for (ha_i, hb_i) in hall_pairs(sa, sb) {
            let (ha, hb) = match (ha_i, hb_i) {
                (Some(i), None) => {
                    rows.push(change(&sa.name, "hall", sa.halls[i].name.clone(), "present", "absent"));
                    continue;
                }
                (None, Some(j)) => {
                    rows.push(change(&sa.name, "hall", sb.halls[j].name.clone(), "absent", "present"));
                    continue;
                }
                (Some(i), Some(j)) => (i, j),
                (None, None) => continue,
            };
            let (xa, xb) = (
                fields::values_in(doc_a.as_ref(), ia, Some(ha), &hall_fields),
                fields::values_in(doc_b.as_ref(), ib, Some(hb), &hall_fields),
            );
            let (ha, hb) = (&sa.halls[ha], &sb.halls[hb]);
            for ((f, x), y) in hall_fields.iter().zip(&xa).zip(&xb) {
                if x.literal != y.literal && f.path != ["energised"] {
                    let name = if f.path == ["name"] {
                        "renamed".to_string()
                    } else {
                        format!("{} {}", ha.name, f.path.join("."))
                    };
                    rows.push(change(&sa.name, "hall", name, plain(&x.literal), plain(&y.literal)));
                }
            }
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
    }
}

/// A TOML literal without its string quotes: plain values for tables and CSV.
fn plain(l: &str) -> String {
    l.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(l).to_string()
}

/// The halls of two paired sites, paired: by name; then, in order, the halls only A has with the halls only B has
/// (a renamed hall is the same hall under another name, its changes compared as such); the rest are in one side only.
fn hall_pairs(sa: &plan::Site, sb: &plan::Site) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let by_name = |name: &str| sb.halls.iter().position(|h| h.name == name);
    let only_a: Vec<usize> = (0..sa.halls.len()).filter(|&i| by_name(&sa.halls[i].name).is_none()).collect();
    let only_b: Vec<usize> =
        (0..sb.halls.len()).filter(|&j| !sa.halls.iter().any(|h| h.name == sb.halls[j].name)).collect();
    let mut renamed = only_a.iter().zip(&only_b);
    for i in 0..sa.halls.len() {
        match by_name(&sa.halls[i].name) {
            Some(j) => out.push((Some(i), Some(j))),
            None => match renamed.next() {
                Some((_, &j)) => out.push((Some(i), Some(j))),
                None => out.push((Some(i), None)),
            },
        }
    }
    for &j in only_b.iter().skip(only_a.len()) {
        out.push((None, Some(j)));
    }
    out
}

/// Findings added or cleared at each pair of sites, named by kind and place (their figures are in the KPI rows).
fn finding_rows(ea: &Evaluation, eb: &Evaluation, pairs: &Pairs, rows: &mut Vec<DiffRow>) {
    for (ia, sa) in ea.outcome.sites.iter().enumerate() {
        let Some(ib) = pairs.b_of[ia] else { continue };
        let sb = &eb.outcome.sites[ib];
        let site = &ea.plan.sites[ia].name;
        let key = crate::model::Violation::key;
        let place = |plan: &Plan, si: usize, v: &crate::model::Violation| {
            let s = &plan.sites[si];
            let hall = v.hall.and_then(|h| s.halls.get(h as usize));
            let row = hall.zip(v.row).and_then(|(h, r)| h.rows.get(r as usize)).map(|r| format!("/{}", r.name));
            match hall {
                Some(h) => format!("{} at {}{}", v.kind.name(), h.name, row.unwrap_or_default()),
                None => v.kind.name().to_string(),
            }
        };
        for v in sb.violations.iter().filter(|v| !sa.violations.iter().any(|w| key(w) == key(v))) {
            rows.push(change(site, "finding", place(&eb.plan, ib, v), "", format!("added: {}", v.message)));
        }
        for v in sa.violations.iter().filter(|v| !sb.violations.iter().any(|w| key(w) == key(v))) {
            rows.push(change(site, "finding", place(&ea.plan, ia, v), format!("cleared: {}", v.message), ""));
        }
    }
}

/// The plan-level tables: `[economics]` and `[workload]` key by key at their effective values (a default where a
/// plan leaves a key out), and every other key of `[plan]`, `[economics]`, `[workload]` and `[supply]` as written.
fn plan_rows(ea: &Evaluation, eb: &Evaluation, rows: &mut Vec<DiffRow>) {
    let (doc_a, doc_b) =
        (toml_edit::Document::parse(ea.text.as_str()).ok(), toml_edit::Document::parse(eb.text.as_str()).ok());
    let workload = ea.plan.workload.is_some() || eb.plan.workload.is_some();
    let plan_fields: Vec<fields::Field> = fields::app_fields(workload)
        .into_iter()
        .filter(|f| matches!(f.scope, fields::Scope::Economics | fields::Scope::Workload))
        .collect();
    let (fa, fb) = (
        fields::values_in(doc_a.as_ref(), 0, None, &plan_fields),
        fields::values_in(doc_b.as_ref(), 0, None, &plan_fields),
    );
    for ((f, x), y) in plan_fields.iter().zip(&fa).zip(&fb) {
        if x.literal != y.literal {
            let kind = if f.scope == fields::Scope::Economics { "economics" } else { "workload" };
            rows.push(change("", kind, f.path.join("."), plain(&x.literal), plain(&y.literal)));
        }
    }
    for table in ["plan", "economics", "workload", "supply"] {
        let get = |d: &Option<toml_edit::Document<&str>>| d.as_ref().and_then(|d| d.get(table)).cloned();
        let known: Vec<String> =
            plan_fields.iter().filter(|f| f.scope.prefix() == format!("{table}.")).map(|f| f.path.join(".")).collect();
        let mut out = Vec::new();
        walk_items(String::new(), get(&doc_a).as_ref(), get(&doc_b).as_ref(), &mut out);
        for (path, a, b) in out.into_iter().filter(|(p, _, _)| !known.contains(p)) {
            rows.push(change("", table, path, a, b));
        }
    }
}

/// Every leaf value that differs between two TOML items, as `(path, a, b)`: tables key by key, arrays of tables
/// element by element (`scenario[1].hbm`), other values as their literals; a key on one side only has an empty other.
fn walk_items(
    path: String,
    a: Option<&toml_edit::Item>,
    b: Option<&toml_edit::Item>,
    out: &mut Vec<(String, String, String)>,
) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    let literal = |i: Option<&toml_edit::Item>| {
        i.and_then(toml_edit::Item::as_value).map(|v| plain(v.to_string().trim())).unwrap_or_default()
    };
    match (a.and_then(toml_edit::Item::as_table_like), b.and_then(toml_edit::Item::as_table_like)) {
        (Some(ta), Some(tb)) => {
            let mut keys: Vec<String> = ta.iter().map(|(k, _)| k.to_string()).collect();
            keys.extend(tb.iter().map(|(k, _)| k.to_string()).filter(|k| ta.get(k).is_none()));
            for k in keys {
                walk_items(join(&k), ta.get(&k), tb.get(&k), out);
            }
            return;
        }
        (Some(t), None) | (None, Some(t)) if a.is_none() || b.is_none() => {
            let mut inner = Vec::new();
            for (k, v) in t.iter() {
                let (x, y) = if a.is_some() { (Some(v), None) } else { (None, Some(v)) };
                walk_items(join(k), x, y, &mut inner);
            }
            out.extend(inner);
            return;
        }
        _ => {}
    }
    if let (Some(xa), Some(xb)) =
        (a.and_then(toml_edit::Item::as_array_of_tables), b.and_then(toml_edit::Item::as_array_of_tables))
    {
        for i in 0..xa.len().max(xb.len()) {
            let (ia, ib) = (
                xa.get(i).map(|t| toml_edit::Item::Table(t.clone())),
                xb.get(i).map(|t| toml_edit::Item::Table(t.clone())),
            );
            walk_items(format!("{path}[{i}]"), ia.as_ref(), ib.as_ref(), out);
        }
        return;
    }
    if let Some(x) =
        a.and_then(toml_edit::Item::as_array_of_tables).or_else(|| b.and_then(toml_edit::Item::as_array_of_tables))
    {
        for (i, t) in x.iter().enumerate() {
            let item = toml_edit::Item::Table(t.clone());
            let (p, q) = if a.is_some() { (Some(&item), None) } else { (None, Some(&item)) };
            walk_items(format!("{path}[{i}]"), p, q, out);
        }
        return;
    }
    let (la, lb) = (literal(a), literal(b));
    if la != lb {
        out.push((path, la, lb));
    }
}

#[cfg(test)]
mod every_key;
#[cfg(test)]
mod tests;
