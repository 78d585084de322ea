//! The overrides of a scenario file applied to its base's text: each section read, checked against what the base
//! has by name (sites, halls, rows, supply scenarios and their HBM vendors), and made a patch of one batch, with the
//! place each came from so the loader's problems with the result can be reported there.

use std::ops::Range;
use std::path::Path;

use toml_edit::{Document, Item, TableLike, Value};

use super::{Target, key_span, leaves, literal};
use crate::catalog::Catalog;
use crate::input::Collector;
use crate::plan::edit;

/// The overrides as they are made, and where each went.
pub(super) struct Merge<'b, 't> {
    pub(super) batch: &'b mut edit::Batch<'t>,
    pub(super) targets: Vec<Target>,
}

impl Merge<'_, '_> {
    /// Makes one override with the batch, then as `set`.
    fn set_with(
        &mut self,
        cx: &mut Collector,
        make: impl FnOnce(&mut edit::Batch) -> Result<(), edit::EditError>,
        key: String,
        span: Option<Range<usize>>,
    ) {
        let r = make(self.batch);
        self.set(cx, r, key, span);
    }

    /// Records where an override went, or reports why it could not be made at the override's place.
    fn set(&mut self, cx: &mut Collector, r: Result<(), edit::EditError>, key: String, span: Option<Range<usize>>) {
        match r {
            Ok(()) => {
                if let Some(span) = span {
                    self.targets.push(Target { key, span });
                }
            }
            Err(e) => cx.error(span, &key, e.to_string()),
        }
    }
}

/// A hall's name and its rows' names.
type HallNames = (String, Vec<String>);

/// What the base has, by name: sites with their halls and rows, supply scenarios with their HBM vendors.
pub(super) struct Names {
    sites: Vec<(String, Vec<HallNames>)>,
    scenarios: Vec<(String, Vec<String>)>,
}

impl Names {
    pub(super) fn of(doc: &Document<&str>) -> Names {
        fn aot(t: Option<&Item>) -> Vec<&toml_edit::Table> {
            t.and_then(Item::as_array_of_tables).map_or(Vec::new(), |a| a.iter().collect())
        }
        let name = |t: &toml_edit::Table, k: &str| t.get(k).and_then(Item::as_str).unwrap_or_default().to_string();
        let sites = aot(doc.get("site"))
            .into_iter()
            .map(|s| {
                let halls = aot(s.get("hall"))
                    .into_iter()
                    .map(|h| {
                        let rows = h
                            .get("rows")
                            .and_then(Item::as_table_like)
                            .map_or(Vec::new(), |r| r.iter().map(|(k, _)| k.to_string()).collect());
                        (name(h, "name"), rows)
                    })
                    .collect();
                (name(s, "name"), halls)
            })
            .collect();
        let scenarios = aot(doc.get("supply").and_then(|s| s.get("scenario")))
            .into_iter()
            .map(|sc| (name(sc, "name"), aot(sc.get("hbm")).into_iter().map(|h| name(h, "vendor")).collect()))
            .collect();
        Names { sites, scenarios }
    }
}

/// A scenario file's overrides patched into the base plan's text (`m`), section by section; every problem reported
/// at its place in the scenario file.
pub(super) fn overrides(
    top: &toml_edit::Table,
    cx: &mut Collector,
    base: &Names,
    m: &mut Merge,
    here: &Path,
    root_dir: Option<&Path>,
) {
    sites(top, cx, base, m, here, root_dir);
    legend_and_tables(top, cx, m);
    supply(top, cx, base, m);
    halls_and_rows(top, cx, base, m);
}

/// The section `name` of the scenario file, if it has one; a value where a table belongs is reported.
fn section<'t>(top: &'t toml_edit::Table, cx: &mut Collector, name: &str) -> Option<&'t dyn TableLike> {
    let item = top.get(name)?;
    match item.as_table_like() {
        Some(t) => Some(t),
        None => {
            cx.error(item.span(), name, format!("expected a table [{name}]"));
            None
        }
    }
}

/// A site setting's value as the root plan's text. A site's climate written as a relative path is relative to the
/// scenario file: rewritten for the root plan.
fn value_for(path: &[String], v: &Value, here: &Path, root_dir: Option<&Path>) -> String {
    if path == ["climate"]
        && let Some(s) = v.as_str()
        && Catalog::climate(s).is_none()
        && !Path::new(s).is_absolute()
        && let Some(root) = root_dir
    {
        let rel = crate::plan::document::relative_path(&here.join(s), root);
        return edit::string_literal(&rel.to_string_lossy().replace('\\', "/"));
    }
    literal(v)
}

/// `[site]` (every site) and `[sites.NAME]` (one site).
fn sites(
    top: &toml_edit::Table,
    cx: &mut Collector,
    base: &Names,
    m: &mut Merge,
    here: &Path,
    root_dir: Option<&Path>,
) {
    let site_names: Vec<&str> = base.sites.iter().map(|s| s.0.as_str()).collect();
    if let Some(t) = section(top, cx, "site") {
        let mut found = Vec::new();
        leaves(t, &mut Vec::new(), &mut found);
        for (path, v, span) in found {
            let keys: Vec<&str> = path.iter().map(String::as_str).collect();
            for i in 0..base.sites.len() {
                let r = m.batch.set_site_value(i, &keys, &value_for(&path, v, here, root_dir));
                m.set(cx, r, format!("site[{i}].{}", path.join(".")), span.clone());
            }
        }
    }
    if let Some(t) = section(top, cx, "sites") {
        for (name, item) in t.iter() {
            let Some(i) = site_names.iter().position(|n| *n == name) else {
                let message = format!("the base has no site named \"{name}\"; it has: {}", site_names.join(", "));
                cx.error(key_span(t, name, item), &format!("sites.{name}"), message);
                continue;
            };
            let Some(st) = item.as_table_like() else {
                cx.error(item.span(), &format!("sites.{name}"), "expected a table of site settings");
                continue;
            };
            let mut found = Vec::new();
            leaves(st, &mut Vec::new(), &mut found);
            for (path, v, span) in found {
                let keys: Vec<&str> = path.iter().map(String::as_str).collect();
                let r = m.batch.set_site_value(i, &keys, &value_for(&path, v, here, root_dir));
                m.set(cx, r, format!("site[{i}].{}", path.join(".")), span);
            }
        }
    }
}

/// `[legend]` entries and the values of `[workload]` and `[economics]`.
fn legend_and_tables(top: &toml_edit::Table, cx: &mut Collector, m: &mut Merge) {
    if let Some(t) = section(top, cx, "legend") {
        for (symbol, item) in t.iter() {
            let span = key_span(t, symbol, item);
            match item.as_value() {
                Some(v) => {
                    m.set_with(cx, |b| b.set_legend_value(symbol, &literal(v)), format!("legend.{symbol}"), span)
                }
                None => cx.error(span, &format!("legend.{symbol}"), "expected \"platform\" or \"platform@profile\""),
            }
        }
    }
    for name in ["workload", "economics"] {
        let Some(t) = section(top, cx, name) else { continue };
        for (k, item) in t.iter() {
            let span = key_span(t, k, item);
            match item.as_value() {
                Some(v) => m.set_with(cx, |b| b.set_table_value(name, k, &literal(v)), format!("{name}.{k}"), span),
                None => cx.error(
                    span,
                    &format!("{name}.{k}"),
                    format!("a scenario sets values of [{name}]; tables under it are edited in the base"),
                ),
            }
        }
    }
}

/// `[supply.scenario.NAME]`: values, HBM sources by vendor and packaging of the base's scenarios.
fn supply(top: &toml_edit::Table, cx: &mut Collector, base: &Names, m: &mut Merge) {
    if let Some(t) = section(top, cx, "supply") {
        let names: Vec<&str> = base.scenarios.iter().map(|x| x.0.as_str()).collect();
        for (k, item) in t.iter() {
            let scenarios = match (k, item.as_table_like()) {
                ("scenario", Some(s)) => s,
                _ => {
                    cx.error(key_span(t, k, item), &format!("supply.{k}"), "expected [supply.scenario.NAME] tables");
                    continue;
                }
            };
            for (name, st) in scenarios.iter() {
                let Some(i) = names.iter().position(|n| *n == name) else {
                    let message =
                        format!("the base has no supply scenario named \"{name}\"; it has: {}", names.join(", "));
                    cx.error(key_span(scenarios, name, st), &format!("supply.scenario.{name}"), message);
                    continue;
                };
                let Some(st) = st.as_table_like() else { continue };
                let vendors = &base.scenarios[i].1;
                for (key, item) in st.iter() {
                    let span = key_span(st, key, item);
                    let here = [("supply", None), ("scenario", Some(i))];
                    match (key, item.as_value(), item.as_table_like()) {
                        (_, Some(v), _) => {
                            let r = m.batch.set_value_at(&here, key, &literal(v));
                            m.set(cx, r, format!("supply.scenario[{i}].{key}"), span);
                        }
                        // HBM sources by vendor, and the packaging table.
                        ("hbm", None, Some(by_vendor)) => {
                            for (vendor, vt) in by_vendor.iter() {
                                let vspan = key_span(by_vendor, vendor, vt);
                                let Some(j) = vendors.iter().position(|v| v == vendor) else {
                                    let have: Vec<&str> = vendors.iter().map(String::as_str).collect();
                                    let m2 = format!(
                                        "supply scenario \"{name}\" has no HBM source from \"{vendor}\"; it has: {}",
                                        have.join(", ")
                                    );
                                    cx.error(vspan, &format!("supply.scenario.{name}.hbm.{vendor}"), m2);
                                    continue;
                                };
                                for (k, v, kspan) in values_of(vt) {
                                    let r = m.batch.set_value_at(
                                        &[("supply", None), ("scenario", Some(i)), ("hbm", Some(j))],
                                        k,
                                        &literal(v),
                                    );
                                    m.set(cx, r, format!("supply.scenario[{i}].hbm[{j}].{k}"), kspan);
                                }
                            }
                        }
                        ("packaging", None, Some(_)) => {
                            for (k, v, kspan) in values_of(item) {
                                let r = m.batch.set_value_at(
                                    &[("supply", None), ("scenario", Some(i)), ("packaging", None)],
                                    k,
                                    &literal(v),
                                );
                                m.set(cx, r, format!("supply.scenario[{i}].packaging.{k}"), kspan);
                            }
                        }
                        _ => cx.error(
                            span,
                            &format!("supply.scenario.{name}.{key}"),
                            "expected a value, [..hbm.VENDOR] or [..packaging]",
                        ),
                    }
                }
            }
        }
    }
}

/// `[halls."SITE/HALL"]` values and `[rows."SITE/HALL"]` slots of the base's halls and rows.
fn halls_and_rows(top: &toml_edit::Table, cx: &mut Collector, base: &Names, m: &mut Merge) {
    const HALL_KEYS: [&str; 4] = ["energised", "it_mw_max", "row_busway_kw", "cdu_kw"];
    for kind in ["halls", "rows"] {
        let Some(t) = section(top, cx, kind) else { continue };
        for (hall_ref, item) in t.iter() {
            let span = key_span(t, hall_ref, item);
            let (s, h) = match find_hall(base, hall_ref) {
                Ok(x) => x,
                Err(m) => {
                    cx.error(span, &format!("{kind}.{hall_ref}"), m);
                    continue;
                }
            };
            let Some(ht) = item.as_table_like() else {
                cx.error(span, &format!("{kind}.{hall_ref}"), "expected a table");
                continue;
            };
            let (hall_name, rows) = &base.sites[s].1[h];
            for (key, item) in ht.iter() {
                let kspan = key_span(ht, key, item);
                let Some(v) = item.as_value() else {
                    cx.error(kspan, &format!("{kind}.{hall_ref}.{key}"), "expected a value");
                    continue;
                };
                if kind == "halls" {
                    if !HALL_KEYS.contains(&key) {
                        let m = format!(
                            "a scenario sets a hall's {}; rows under [rows.\"{hall_ref}\"]",
                            HALL_KEYS.join(", ")
                        );
                        cx.error(kspan, &format!("halls.{hall_ref}.{key}"), m);
                        continue;
                    }
                    m.set_with(
                        cx,
                        |b| b.set_hall_value(s, h, key, &literal(v)),
                        format!("site[{s}].hall[{h}].{key}"),
                        kspan,
                    );
                } else {
                    if !rows.iter().any(|r| r == key) {
                        let names: Vec<&str> = rows.iter().map(String::as_str).collect();
                        let m = format!(
                            "hall {} has no row \"{key}\" (a scenario replaces rows, it does not add them); it has: {}",
                            hall_name,
                            names.join(", ")
                        );
                        cx.error(kspan, &format!("rows.{hall_ref}.{key}"), m);
                        continue;
                    }
                    let Some(slots) = v.as_str() else {
                        cx.error(kspan, &format!("rows.{hall_ref}.{key}"), "expected the row's slots as a string");
                        continue;
                    };
                    m.set_with(cx, |b| b.set_row(s, h, key, slots), format!("site[{s}].hall[{h}].rows.{key}"), kspan);
                }
            }
        }
    }
}

/// The values of a table (one level), with their key spans.
fn values_of(item: &Item) -> Vec<(&str, &Value, Option<Range<usize>>)> {
    let Some(t) = item.as_table_like() else { return Vec::new() };
    t.iter().filter_map(|(k, it)| Some((k, it.as_value()?, key_span(t, k, it)))).collect()
}

/// A hall by name, or `SITE/HALL` when its name is in more than one site.
fn find_hall(base: &Names, r: &str) -> Result<(usize, usize), String> {
    let (site, hall) = match r.split_once('/') {
        Some((s, h)) if base.sites.iter().any(|x| x.0 == s.trim()) => (Some(s.trim()), h.trim()),
        _ => (None, r),
    };
    let found: Vec<(usize, usize)> = base
        .sites
        .iter()
        .enumerate()
        .filter(|(_, s)| site.is_none_or(|n| s.0 == n))
        .flat_map(|(si, s)| s.1.iter().enumerate().filter(|(_, h)| h.0 == hall).map(move |(hi, _)| (si, hi)))
        .collect();
    match found[..] {
        [one] => Ok(one),
        [] => {
            let all: Vec<&str> = base.sites.iter().flat_map(|s| s.1.iter().map(|h| h.0.as_str())).take(20).collect();
            Err(format!("the base has no hall named \"{r}\"; it has: {}", all.join(", ")))
        }
        _ => Err(format!("more than one site has a hall named \"{hall}\": write \"SITE/{hall}\"")),
    }
}
