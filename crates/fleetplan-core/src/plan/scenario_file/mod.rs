//! Scenario files: a what-if as a small file over a base plan. It names its base (`base = "../plan.toml"`, relative
//! to the scenario file; the base may itself be a scenario file, cycles refused) and only what differs:
//!
//! ```toml
//! base = "../ai-factory-1gw.toml"
//! name = "Blackwell at 40 degC"          # optional; the file's name otherwise
//! [site]                                 # every site: the keys `sweep --vary` takes
//! cooling.supply_c = 40.0
//! [sites."Piedmont AI factory"]          # one site, by name
//! grid_mw = 900.0
//! [legend]                               # legend entries
//! V = "gb300-nvl72"
//! [workload]                             # workload keys (not the model mix)
//! tps_user_min = 100
//! [economics]
//! cost_of_capital = 0.08
//! [supply.scenario.risk]                 # keys of a named supply scenario
//! energisation_slip_quarters = 2
//! [halls."Hall 03"]                      # a hall by name ("SITE/HALL" when names repeat): energised and limits
//! energised = "2028Q2"
//! [rows."Hall 03"]                       # whole rows replaced, by name
//! A01 = "VVVV...."
//! ```
//!
//! The overrides are applied to the base's text with the same text patches the app uses, and the result is read
//! with the plan loader's rules. A problem is reported at its place in the scenario file: a key the scenario does not
//! know, a site, hall, row or supply scenario the base does not have, and any value the loader refuses (found by the
//! key path the override wrote). A problem of the base alone is reported at the base's place.

mod overrides;
mod rewrite;

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml_edit::{Document, Item, TableLike, Value};

use super::edit;
use super::{Origin, Plan};
use crate::catalog::Catalog;
use crate::input::{Collector, Diagnostic, Diagnostics};

use overrides::{Merge, Names, overrides};
pub use rewrite::rewrite;

/// Scenario files stacked deeper than this are refused (a chain that long is a mistake, not a design).
pub const MAX_DEPTH: usize = 16;

/// The scenario file a plan was read from, over its base.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioFile {
    pub path: PathBuf,
    /// As written: what the app saves edits into.
    pub text: String,
    /// The `name`, or the file's name.
    pub name: String,
    /// The base as named, resolved against the scenario file's folder.
    pub base: PathBuf,
    /// The plan at the bottom of the stack (the base of the base …).
    pub root: PathBuf,
    /// The base's text once its own overrides (if it is a scenario) are applied: the plan the overrides start from.
    pub base_text: String,
}

/// A scenario file read and applied: the plan text it amounts to, where that text's relative paths start from (the
/// root plan's folder), and the scenario file.
#[derive(Debug, Clone)]
pub struct Applied {
    pub text: String,
    pub origin: Origin,
    pub file: ScenarioFile,
}

/// Whether text is a scenario file: a top-level `base` key before any table. (A plan has no such key.)
pub fn is_scenario(text: &str) -> bool {
    for line in text.lines() {
        let l = line.trim_start();
        if l.starts_with('[') {
            return false;
        }
        if let Some(rest) = l.strip_prefix("base")
            && rest.trim_start().starts_with('=')
        {
            return true;
        }
    }
    false
}

/// Where an override went: the key path the plan loader will name, and its place in the scenario file.
struct Target {
    key: String,
    span: Range<usize>,
}

/// Reads a scenario file's text (from `origin`), its bases, and gives the plan text it amounts to.
pub fn apply(text: &str, origin: &Origin, catalog: &Catalog) -> Result<(Applied, Plan), Diagnostics> {
    let mut seen = BTreeSet::new();
    apply_at(text, origin, catalog, &mut seen)
}

fn apply_at(
    text: &str,
    origin: &Origin,
    catalog: &Catalog,
    seen: &mut BTreeSet<PathBuf>,
) -> Result<(Applied, Plan), Diagnostics> {
    let mut cx = Collector::new(origin.shown_as.clone(), text);
    let doc = match Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            cx.syntax(e.span(), e.message());
            return Err(cx.finish());
        }
    };
    let top = doc.as_table();
    const KEYS: [&str; 10] =
        ["base", "name", "site", "sites", "legend", "workload", "economics", "supply", "halls", "rows"];
    for (k, item) in top.iter() {
        if !KEYS.contains(&k) {
            cx.error(
                key_span(top, k, item),
                k,
                format!("unknown key in a scenario file; expected one of: {}", KEYS.join(", ")),
            );
        }
    }
    let Some(base_item) = top.get("base") else {
        cx.error(None, "base", "missing key: expected the base plan's path, e.g. base = \"../plan.toml\"");
        return Err(cx.finish());
    };
    let Some(base_ref) = base_item.as_str() else {
        cx.error(base_item.span(), "base", "expected the base plan's path as a string");
        return Err(cx.finish());
    };
    let here = origin.base_dir.clone().unwrap_or_default();
    let base = here.join(base_ref);
    let scenario_path = PathBuf::from(&origin.shown_as);
    // Cycles: a file met again on the way down.
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    seen.insert(canonical(&scenario_path));
    if seen.contains(&canonical(&base)) {
        cx.error(
            base_item.span(),
            "base",
            format!("{} is already in this stack of scenario files: a cycle", base.display()),
        );
        return Err(cx.finish());
    }
    if seen.len() > MAX_DEPTH {
        cx.error(base_item.span(), "base", format!("more than {MAX_DEPTH} scenario files stacked"));
        return Err(cx.finish());
    }
    let base_text = match origin.files.read_to_string(&base) {
        Ok(t) => t,
        Err(e) => {
            cx.error(base_item.span(), "base", format!("cannot read the base plan {}: {e}", base.display()));
            return Err(cx.finish());
        }
    };
    let base_origin = Origin {
        shown_as: base.display().to_string(),
        base_dir: base.parent().map(Path::to_path_buf),
        files: origin.files.clone(),
    };
    // The base: a plan, or a scenario file applied in turn (whose problems are reported at its own places).
    let (start_text, root_origin, root, inner_scenario) = if is_scenario(&base_text) {
        let (inner, _) = apply_at(&base_text, &base_origin, catalog, seen)?;
        let root = inner.file.root.clone();
        (inner.text, inner.origin, root, true)
    } else {
        (base_text, base_origin.clone(), base.clone(), false)
    };
    // The overrides, as patches against one parse of the base's text.
    let mut batch = match edit::Batch::new(&start_text) {
        Ok(b) => b,
        // The base is not TOML: its own problem, at its own place.
        Err(_) => return Err(super::parse(&start_text, &root_origin, catalog).err().unwrap_or_default()),
    };
    let names = Names::of(batch.doc());
    let mut m = Merge { batch: &mut batch, targets: Vec::new() };
    overrides(top, &mut cx, &names, &mut m, &here, root_origin.base_dir.as_deref());
    let targets = std::mem::take(&mut m.targets);
    if cx.has_errors() {
        return Err(cx.finish());
    }
    let merged = batch.finish();
    let name = top
        .get("name")
        .and_then(Item::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| scenario_path.file_stem().and_then(|s| s.to_str()).unwrap_or("scenario").to_string());
    let plan = match super::parse(&merged, &root_origin, catalog) {
        Ok(p) => p,
        Err(d) => {
            // A problem of the base alone is the base's, at its place; the rest are the overrides'.
            if !inner_scenario && let Err(base_problems) = super::parse(&start_text, &base_origin, catalog) {
                return Err(base_problems);
            }
            return Err(at_overrides(d, text, origin, &targets, base_item.span()));
        }
    };
    let file = ScenarioFile { path: scenario_path, text: text.to_string(), name, base, root, base_text: start_text };
    Ok((Applied { text: merged, origin: root_origin, file }, plan))
}

/// The span of a key (its name) in a table, else of its item.
fn key_span(t: &dyn TableLike, k: &str, item: &Item) -> Option<Range<usize>> {
    t.get_key_value(k).and_then(|(key, _)| key.span()).or_else(|| item.span())
}

/// A value as TOML, without the comments and spaces around it.
fn literal(v: &Value) -> String {
    let mut v = v.clone();
    v.decor_mut().clear();
    v.to_string()
}

/// A value below a table: its dotted path, the value and its key's span.
type Leaf<'t> = (Vec<String>, &'t Value, Option<Range<usize>>);

/// Every value below a table, with its dotted path and span: `cooling.supply_c = 40` or `[site.cooling] supply_c`.
fn leaves<'t>(t: &'t dyn TableLike, path: &mut Vec<String>, out: &mut Vec<Leaf<'t>>) {
    for (k, item) in t.iter() {
        path.push(k.to_string());
        match item {
            Item::Value(Value::InlineTable(it)) => leaves(it, path, out),
            Item::Value(v) => out.push((path.clone(), v, key_span(t, k, item))),
            Item::Table(sub) => leaves(sub, path, out),
            _ => {}
        }
        path.pop();
    }
}

/// The loader's problems with the plan the overrides made, each at the override that wrote its key (or, for a
/// problem two overrides make together or one the base had, at the scenario's `base` line, saying so).
fn at_overrides(
    d: Diagnostics,
    text: &str,
    origin: &Origin,
    targets: &[Target],
    base_span: Option<Range<usize>>,
) -> Diagnostics {
    let mut cx = Collector::new(origin.shown_as.clone(), text);
    for e in d.0 {
        let hit = targets.iter().find(|t| {
            e.key == t.key || e.key.starts_with(&format!("{}.", t.key)) || e.key.starts_with(&format!("{}[", t.key))
        });
        match hit {
            Some(t) => cx.error(Some(t.span.clone()), &e.key, e.message),
            None => cx.error(
                base_span.clone(),
                &e.key,
                format!(
                    "{} (in the base with this scenario's overrides; {}:{}:{})",
                    e.message, e.file, e.line, e.column
                ),
            ),
        }
    }
    cx.finish()
}

/// A scenario file's problem for a whole file (used by callers that refuse scenario files).
pub fn not_here(path: &str, what: &str) -> Diagnostic {
    Diagnostic::whole_file(path, "", format!("{what} takes a plan, not a scenario file"))
}
