//! The diff's completeness, as a property: every key the plan loader accepts, changed alone to another value the
//! loader accepts, shows in the diff as a change (not only as a moved KPI).
//!
//! The keys are not listed here: the loader names them. A probe key put into a table is refused with "unknown key
//! ...; expected one of: a, b, c", which is the list of keys that table takes; tables inside are probed in turn.
//! A string key set to a word no option has is refused with "expected one of \"x\", \"y\"", which gives its
//! options. Each key is then set to a few candidate values (its own value or its default moved a little, another
//! option, another quarter) until the loader takes one.

use std::sync::Arc;

use toml_edit::{DocumentMut, Item, TableLike, Value};

use super::diff_rows;
use crate::catalog::Catalog;
use crate::evaluation::Evaluation;
use crate::input::Diagnostics;

/// A step into a plan: a key, or an element of an array of tables.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Idx(usize),
}

fn show(path: &[Seg]) -> String {
    let mut s = String::new();
    for p in path {
        match p {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => s.push_str(&format!(".{k}")),
            Seg::Idx(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn table_at<'a>(t: &'a mut dyn TableLike, path: &[Seg]) -> Option<&'a mut dyn TableLike> {
    let Some((Seg::Key(k), rest)) = path.split_first() else { return Some(t) };
    let item = t.get_mut(k)?;
    match rest.split_first() {
        Some((Seg::Idx(i), rest)) => table_at(item.as_array_of_tables_mut()?.get_mut(*i)?, rest),
        _ => table_at(item.as_table_like_mut()?, rest),
    }
}

struct Probe {
    text: String,
    origin: crate::plan::Origin,
    catalog: Arc<Catalog>,
}

impl Probe {
    fn load(&self, text: String) -> Result<Evaluation, Diagnostics> {
        Evaluation::from_text(text, self.origin.clone(), Arc::clone(&self.catalog))
    }

    /// The plan with `key` of the table at `table` set to `value` (`None`: removed).
    fn with(&self, table: &[Seg], key: &str, value: Option<Item>) -> String {
        self.with_all(table, &[(key, value)])
    }

    /// The plan with keys of the table at `table` set (`None`: removed).
    fn with_all(&self, table: &[Seg], values: &[(&str, Option<Item>)]) -> String {
        let mut doc: DocumentMut = self.text.parse().unwrap();
        let t = table_at(doc.as_table_mut(), table).unwrap_or_else(|| panic!("no table {}", show(table)));
        for (key, value) in values {
            match value {
                Some(v) => {
                    t.insert(key, v.clone());
                }
                None => {
                    t.remove(key);
                }
            }
        }
        doc.to_string()
    }

    /// The messages of the loader's refusal of `text` at `key` (empty when it takes the text).
    fn refusal(&self, text: String, key: &str) -> Vec<String> {
        match self.load(text) {
            Ok(_) => Vec::new(),
            Err(d) => d.0.into_iter().filter(|x| x.key.ends_with(key)).map(|x| x.message).collect(),
        }
    }

    /// The keys the table at `table` takes, as the loader lists them for a key it does not know.
    fn keys(&self, table: &[Seg]) -> Vec<String> {
        let text = self.with(table, "zz_probe", Some(toml_edit::value(1)));
        let msgs = self.refusal(text, "zz_probe");
        let list = msgs.iter().find_map(|m| m.split_once("expected one of: ")).map(|(_, l)| l.to_string());
        let list = list.unwrap_or_else(|| panic!("{}: no key list in {msgs:?}", show(table)));
        list.split(", ").map(str::to_string).collect()
    }

    /// The words a string key takes, as the loader lists them for one it does not.
    /// (`one of "a", "b"`, `one of: a, b` or `a catalogue id (a, b)`).
    fn options(&self, table: &[Seg], key: &str) -> Vec<String> {
        let text = self.with(table, key, Some(toml_edit::value("zz_not_an_option")));
        let mut out = Vec::new();
        for m in self.refusal(text, key) {
            if let Some((_, l)) = m.split_once("one of \"") {
                out.extend(format!("\"{l}").split('"').skip(1).step_by(2).map(str::to_string));
            } else if let Some((_, l)) = m.split_once("one of").or_else(|| m.split_once("catalogue id (")) {
                let l = l.split_once(": ").map_or(l, |(_, l)| l);
                let l = l.split(')').next().unwrap_or(l);
                out.extend(l.split(", ").map(|w| w.trim().to_string()));
            }
        }
        out
    }
}

/// Values near `v` that a loader might take in its place.
fn moved(v: &Value) -> Vec<Value> {
    match v {
        Value::Integer(n) => {
            let n = *n.value();
            [n + 1, n - 1, n * 2, 1, 2].into_iter().filter(|x| *x != n).map(Value::from).collect()
        }
        Value::Float(x) => {
            let x = *x.value();
            [x * 1.1, x * 0.9, x + 0.01, x + 1.0, x - 1.0, 0.5, 1.0, 0.0, 0.1]
                .into_iter()
                .filter(|y| *y != x)
                .map(Value::from)
                .collect()
        }
        Value::Boolean(b) => vec![Value::from(!*b.value())],
        Value::String(s) => {
            let s = s.value();
            let mut out = Vec::new();
            if let Ok(q) = s.parse::<crate::plan::quarter::Quarter>() {
                for d in [1, -1, 4] {
                    out.push(Value::from(crate::plan::quarter::Quarter::from_index(q.index() + d).to_string()));
                }
            }
            out.push(Value::from(format!("{s} 2")));
            out
        }
        Value::Array(a) => {
            let mut out = Vec::new();
            if let Some(first) = a.get(0) {
                for m in moved(first) {
                    let mut b = a.clone();
                    b.replace(0, m);
                    out.push(Value::Array(b));
                }
            }
            out
        }
        Value::InlineTable(t) => {
            let mut out = Vec::new();
            if let Some((k, first)) = t.iter().next() {
                for m in moved(first) {
                    let mut u = t.clone();
                    u.insert(k, m);
                    out.push(Value::InlineTable(u));
                }
            }
            out
        }
        Value::Datetime(_) => Vec::new(),
    }
}

/// Candidates for a key with no value in the plan: its default moved, then values of every common type.
fn fresh(default: Option<&str>) -> Vec<Value> {
    let mut out: Vec<Value> = default.and_then(|d| d.parse::<Value>().ok()).map(|d| moved(&d)).unwrap_or_default();
    out.extend([
        Value::from(1),
        Value::from(2),
        Value::from(0.5),
        Value::from(10.0),
        Value::from(30.0),
        Value::from(1000.0),
        Value::from(true),
        Value::from("2027Q2"),
    ]);
    out
}

/// Whether the diff of `a` and `b` names the change of `key` (in `table`): a row that is not a KPI, naming the key,
/// a renamed site or hall, or a legend entry or row of slots.
fn shows(a: &Evaluation, b: &Evaluation, table: &[Seg], key: &str) -> Result<(), String> {
    let rows = diff_rows(a.into(), b.into());
    let changes: Vec<&super::DiffRow> = rows.iter().filter(|r| r.kind != "kpi").collect();
    let in_map = matches!(table.last(), Some(Seg::Key(k)) if k == "legend" || k == "rows");
    let named = |r: &&&super::DiffRow| {
        r.name.split(['.', ' ', '(', ')', '[']).any(|w| w == key)
            || (key == "name" && (r.name == "name" || r.name == "renamed" || r.kind == "plan"))
            || (in_map && (r.kind == "legend" || r.kind == "row"))
    };
    if changes.iter().any(|r| named(&r)) { Ok(()) } else { Err(format!("{changes:?}")) }
}

/// `b` when its plan differs from the base's in effect (not a value equal to the default, or written another way).
fn changed(base: &Evaluation, b: Evaluation) -> Result<Evaluation, ()> {
    if b.plan != base.plan { Ok(b) } else { Err(()) }
}

/// The maps of the plan whose keys are names, not settings, and a name each can take that it lacks: legend symbols,
/// rows of slots, rack prices by platform.
fn map_extra(table: &[Seg]) -> Option<&'static str> {
    match table.last() {
        Some(Seg::Key(k)) if k == "legend" => Some("Z"),
        Some(Seg::Key(k)) if k == "rows" => Some("Z01"),
        Some(Seg::Key(k)) if k == "rack_capex_usd" => Some("vr-nvl72"),
        _ => None,
    }
}

/// A key's place in the plan's shape, without element numbers: `supply.scenario.hbm.share`.
fn schema(path: &[Seg]) -> String {
    path.iter().filter_map(|s| if let Seg::Key(k) = s { Some(k.as_str()) } else { None }).collect::<Vec<_>>().join(".")
}

/// Walks the table at `table`: each key it takes changed alone; tables inside walked in turn (every element of an
/// array of tables, a key tried in one element not again in the next).
fn walk(p: &Probe, base: &Evaluation, table: Vec<Seg>, cx: &Context, out: &mut Report) {
    let mut doc: DocumentMut = p.text.parse().unwrap();
    let here: std::collections::BTreeMap<String, Item> = table_at(doc.as_table_mut(), &table)
        .map(|t| t.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
        .unwrap_or_default();
    let extra = map_extra(&table);
    let keys: Vec<String> = match extra {
        Some(x) => here.keys().cloned().chain([x.to_string()]).collect(),
        None => p.keys(&table),
    };
    for key in keys {
        let mut path = table.clone();
        path.push(Seg::Key(key.clone()));
        // In a map of names, one entry stands for them all (and the name it lacks for a new one).
        let shape = match extra {
            Some(x) if x == key => format!("{}.+", schema(&table)),
            Some(_) => format!("{}.*", schema(&table)),
            None => schema(&path),
        };
        match here.get(&key) {
            Some(Item::Table(_)) => {
                walk(p, base, path, cx, out);
                continue;
            }
            Some(Item::ArrayOfTables(a)) => {
                for i in 0..a.len() {
                    let mut at = path.clone();
                    at.push(Seg::Idx(i));
                    walk(p, base, at, cx, out);
                }
                continue;
            }
            _ => {}
        }
        if out.tried.contains(&shape) {
            continue;
        }
        out.keys.insert(shape.clone());
        let current = here.get(&key).and_then(Item::as_value);
        let mut candidates = current.map(moved).unwrap_or_default();
        if current.is_none() {
            // A settings key the plan leaves out: its default from the defaults file, by its path below `site`.
            let below_site: Vec<String> =
                schema(&table).split('.').skip(1).map(str::to_string).chain([key.clone()]).collect();
            let default = cx.site_fields.iter().find(|f| f.path == below_site).map(|f| f.default.as_str());
            candidates.extend(fresh(default));
        }
        if let Some(file) = cx.files.iter().find(|(k, _)| *k == key) {
            candidates.push(Value::from(file.1.clone()));
        }
        if current.is_none_or(Value::is_str) {
            candidates.extend(p.options(&table, &key).into_iter().map(Value::from));
        }
        if extra.is_some() {
            candidates.extend(["vr-nvl72@max-q", "vr-nvl72@brief", "VVVV....", "Q"].map(Value::from));
            candidates.push(Value::from(5_000_000.0));
        }
        if current.is_some() {
            // Removing a key the plan states is a change too, where the loader takes its absence and the default
            // is another value.
            if let Ok(b) = p.load(p.with(&table, &key, None)).map_err(drop).and_then(|b| changed(base, b))
                && let Err(rows) = shows(base, &b, &table, &key)
            {
                out.missed.push(format!("{} removed: not in the diff {rows}", show(&path)));
            }
        }
        // A key that goes with another's value (or its absence): that set too.
        let mut edit: Vec<(&str, Option<Item>)> = cx
            .companions
            .iter()
            .filter(|c| c.0 == key)
            .map(|c| (c.1, c.2.map(|v| Item::Value(v.parse().unwrap()))))
            .collect();
        let taken = candidates.into_iter().find_map(|v| {
            edit.push((&key, Some(Item::Value(v.clone()))));
            let text = p.with_all(&table, &edit);
            edit.pop();
            p.load(text).map_err(drop).and_then(|b| changed(base, b)).ok().map(|b| (v, b))
        });
        match taken {
            Some((v, b)) => {
                out.tried.insert(shape);
                if let Err(rows) = shows(base, &b, &table, &key) {
                    out.missed.push(format!("{} = {v}: not in the diff {rows}", show(&path)));
                }
            }
            None if current.is_none() => {
                // Perhaps a table the plan leaves out: walked empty, when the loader takes it so.
                let text = p.with(&table, &key, Some(Item::Table(toml_edit::Table::new())));
                if p.load(text.clone()).is_ok() {
                    let inner = Probe { text, origin: p.origin.clone(), catalog: Arc::clone(&p.catalog) };
                    out.keys.remove(&shape);
                    walk(&inner, base, path, cx, out);
                }
            }
            None => {}
        }
    }
}

/// What the walk needs besides the plan: the settings' defaults, and files for the keys that name one.
struct Context {
    site_fields: Vec<crate::plan::fields::Field>,
    files: Vec<(&'static str, String)>,
    /// Keys that change only with another of their table set (`Some`, a TOML value) or removed (`None`).
    companions: Vec<(&'static str, &'static str, Option<&'static str>)>,
}

#[derive(Default)]
struct Report {
    /// Every key reached, by its place in the plan's shape.
    keys: std::collections::BTreeSet<String>,
    /// The keys a change was made to.
    tried: std::collections::BTreeSet<String>,
    missed: Vec<String>,
}

/// Keys that cannot change alone, each with why.
const UNTRIED: [(&str, &str); 3] = [
    ("plan.format", "format 1 is the only one"),
    ("supply.scenario.probability", "the scenarios' probabilities add up to 1"),
    ("workload.mix.share", "the mix's shares add up to 1"),
];

#[test]
fn every_key_the_loader_takes_shows_in_the_diff_when_changed_alone() {
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    // The 1 GW plan (dry coolers, packaging, three scenarios), with an economics table.
    let text = std::fs::read_to_string(root.join("plans/ai-factory-1gw.toml")).unwrap()
        + "\n[economics]\ncost_of_capital = 0.09\n";
    // Files for the keys that name one: a flat load year, and a catalogue that prices Vera Rubin racks higher.
    let dir = std::env::temp_dir().join(format!("fleetplan-every-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let load = dir.join("load.csv");
    std::fs::write(&load, "0.8\n".repeat(8760)).unwrap();
    let catalogue = std::fs::read_to_string(root.join("assets/catalog.toml")).unwrap();
    let vr = catalogue.split("\n[").find(|t| t.starts_with("platform.vr-nvl72]")).unwrap();
    let overlay = dir.join("catalog.toml");
    std::fs::write(
        &overlay,
        format!("[{}\n", vr.replace("capex_usd_per_rack = 4250000", "capex_usd_per_rack = 4500000")),
    )
    .unwrap();
    let cx = Context {
        site_fields: crate::plan::fields::site_fields(),
        files: vec![("it_load_file", load.display().to_string()), ("catalog", overlay.display().to_string())],
        companions: vec![
            // A measured load year replaces the flat fraction.
            ("it_load_file", "it_load_frac", None),
            // Design temperatures are stated only for an explicit design condition.
            ("dry_bulb_c", "condition", Some("\"explicit\"")),
            ("dry_bulb_c", "wet_bulb_c", Some("26.0")),
            ("wet_bulb_c", "condition", Some("\"explicit\"")),
            ("wet_bulb_c", "dry_bulb_c", Some("36.0")),
            // The no-load and square shares of a loss add up to at most 1 (the square share's default is 1).
            ("noload_share", "square_share", Some("0.5")),
        ],
    };
    let p = Probe {
        text,
        origin: crate::plan::Origin::new(
            root.join("plans/ai-factory-1gw.toml").display().to_string(),
            Some(root.join("plans")),
        ),
        catalog: Arc::new(Catalog::builtin().unwrap().clone()),
    };
    let base = p.load(p.text.clone()).unwrap();
    let mut report = Report::default();
    walk(&p, &base, Vec::new(), &cx, &mut report);
    std::fs::remove_dir_all(&dir).ok();
    assert!(report.missed.is_empty(), "{} changes not in the diff:\n{}", report.missed.len(), report.missed.join("\n"));
    let untried: Vec<&String> =
        report.keys.difference(&report.tried).filter(|k| !UNTRIED.iter().any(|(u, _)| u == k)).collect();
    assert!(untried.is_empty(), "no change the loader takes was found for: {untried:?}");
    for (u, why) in UNTRIED {
        assert!(
            report.keys.contains(u) && !report.tried.contains(u),
            "{u} ({why}) is no longer a key that cannot change alone"
        );
    }
    // The walk reached every table of the plan: the site's settings, its halls, the workload, supply, economics.
    assert!(report.tried.len() > 150, "{} keys changed", report.tried.len());
}
