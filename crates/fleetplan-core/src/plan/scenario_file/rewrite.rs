//! A scenario file written back after an edit: the app edits the plan the scenario amounts to, and what is saved is
//! the scenario file with its overrides brought in line with that plan: a changed value set where the scenario
//! already sets it (its comment kept), a new difference added, and an override whose value is the base's again
//! removed. The result is read back and must give exactly the edited plan, or the edit is refused (adding or
//! removing halls and rows, renaming them, or removing supply sources are the base's business).

use std::collections::{BTreeMap, BTreeSet};

use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use super::{ScenarioFile, apply, literal};
use crate::catalog::Catalog;
use crate::plan::Origin;

/// Values of one section, by dotted key, as TOML literals.
type Values = BTreeMap<String, String>;

fn doc(text: &str) -> Result<toml_edit::Document<&str>, String> {
    toml_edit::Document::parse(text).map_err(|e| e.message().trim().to_string())
}

/// Every value below a table by dotted path, leaving out `skip` keys at its top.
fn flat(t: Option<&dyn TableLike>, skip: &[&str]) -> Values {
    fn walk(t: &dyn TableLike, prefix: &str, out: &mut Values) {
        for (k, item) in t.iter() {
            let path = if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
            match item {
                Item::Value(Value::InlineTable(it)) => walk(it, &path, out),
                Item::Value(v) => {
                    out.insert(path, literal(v));
                }
                Item::Table(sub) => walk(sub, &path, out),
                _ => {}
            }
        }
    }
    let mut out = Values::new();
    if let Some(t) = t {
        for (k, item) in t.iter() {
            if skip.contains(&k) {
                continue;
            }
            match item {
                Item::Value(Value::InlineTable(it)) => walk(it, k, &mut out),
                Item::Value(v) => {
                    out.insert(k.to_string(), literal(v));
                }
                Item::Table(sub) => walk(sub, k, &mut out),
                _ => {}
            }
        }
    }
    out
}

/// What the edited plan sets differently from the base, in one section. A key the edit removed takes `defaults`'
/// value (the app's reset), or cannot be written.
fn differing(base: &Values, edited: &Values, defaults: &Values, section: &str) -> Result<Values, String> {
    let mut out = Values::new();
    for (k, v) in edited {
        if base.get(k) != Some(v) {
            out.insert(k.clone(), v.clone());
        }
    }
    for k in base.keys().filter(|k| !edited.contains_key(*k)) {
        match defaults.get(k) {
            Some(d) if base.get(k) != Some(d) => {
                out.insert(k.clone(), d.clone());
            }
            Some(_) => {}
            None => return Err(format!("{section}.{k} was removed; a scenario sets values, it cannot remove one")),
        }
    }
    Ok(out)
}

/// An array of tables below `t`, as a list.
fn tables<'a>(t: Option<&'a dyn TableLike>, key: &str) -> Vec<&'a Table> {
    t.and_then(|t| t.get(key)).and_then(Item::as_array_of_tables).map_or(Vec::new(), |a| a.iter().collect())
}

fn name_of(t: &dyn TableLike, key: &str) -> String {
    t.get(key).and_then(Item::as_str).unwrap_or_default().to_string()
}

/// The scenario file's sections as they should be: section path (e.g. `["halls", "Hall 03"]`) to its values.
fn wanted(base_text: &str, edited_text: &str) -> Result<BTreeMap<Vec<String>, Values>, String> {
    let (b, e) = (doc(base_text)?, doc(edited_text)?);
    let mut out: BTreeMap<Vec<String>, Values> = BTreeMap::new();
    let mut put = |path: Vec<&str>, v: Values| {
        if !v.is_empty() {
            out.entry(path.into_iter().map(str::to_string).collect()).or_default().extend(v);
        }
    };
    let (bs, es) = (tables(Some(b.as_table()), "site"), tables(Some(e.as_table()), "site"));
    let names = |s: &[&Table]| s.iter().map(|t| name_of(*t, "name")).collect::<Vec<_>>();
    if names(&bs) != names(&es) {
        return Err("sites were added, removed or renamed: that is the base plan's business".into());
    }
    let site_defaults = flat_defaults("site");
    // Site settings: in [site] when the plan has one site, else per site by name.
    for (bt, et) in bs.iter().zip(&es) {
        let d = differing(
            &flat(Some(*bt), &["name", "hall"]),
            &flat(Some(*et), &["name", "hall"]),
            &site_defaults,
            "site",
        )?;
        let name = name_of(*bt, "name");
        if bs.len() == 1 {
            put(vec!["site"], d)
        } else {
            put(vec!["sites", &name], d)
        }
        // Halls: the keys a scenario sets, and the rows.
        let (bh, eh) = (tables(Some(*bt), "hall"), tables(Some(*et), "hall"));
        if names(&bh) != names(&eh) {
            return Err("halls were added, removed or renamed: that is the base plan's business".into());
        }
        for (bh, eh) in bh.iter().zip(&eh) {
            let hall = name_of(*bh, "name");
            let repeated =
                bs.iter().filter(|s| tables(Some(**s), "hall").iter().any(|h| name_of(*h, "name") == hall)).count() > 1;
            let hall_ref = if repeated { format!("{name}/{hall}") } else { hall.clone() };
            let keys = ["energised", "it_mw_max", "row_busway_kw", "cdu_kw"];
            let pick = |t: &Table| {
                flat(Some(t), &[]).into_iter().filter(|(k, _)| keys.contains(&k.as_str())).collect::<Values>()
            };
            let d = differing(&pick(bh), &pick(eh), &Values::new(), &format!("halls.{hall_ref}"))?;
            put(vec!["halls", &hall_ref], d);
            let rows = |t: &Table| flat(t.get("rows").and_then(Item::as_table_like), &[]);
            let (br, er) = (rows(bh), rows(eh));
            if br.keys().collect::<Vec<_>>() != er.keys().collect::<Vec<_>>() {
                return Err(format!("rows of {hall} were added, removed or renamed: that is the base plan's business"));
            }
            put(vec!["rows", &hall_ref], differing(&br, &er, &Values::new(), "rows")?);
        }
    }
    let top = |d: &toml_edit::Document<&str>, k: &str| flat(d.get(k).and_then(Item::as_table_like), &[]);
    let legend = differing(&top(&b, "legend"), &top(&e, "legend"), &Values::new(), "legend")?;
    put(vec!["legend"], legend);
    put(
        vec!["economics"],
        differing(&top(&b, "economics"), &top(&e, "economics"), &flat_defaults("economics"), "economics")?,
    );
    let wl = |d: &toml_edit::Document<&str>| flat(d.get("workload").and_then(Item::as_table_like), &["mix"]);
    put(vec!["workload"], differing(&wl(&b), &wl(&e), &Values::new(), "workload")?);
    // Supply scenarios by name: their values, HBM sources by vendor, packaging.
    let sc = |d: &toml_edit::Document<&str>| {
        tables(d.get("supply").and_then(Item::as_table_like), "scenario").into_iter().cloned().collect::<Vec<Table>>()
    };
    let (bsc, esc) = (sc(&b), sc(&e));
    if bsc.iter().map(|t| name_of(t, "name")).collect::<Vec<_>>()
        != esc.iter().map(|t| name_of(t, "name")).collect::<Vec<_>>()
    {
        return Err("supply scenarios were added, removed or renamed: that is the base plan's business".into());
    }
    for (bt, et) in bsc.iter().zip(&esc) {
        let name = name_of(bt, "name");
        put(
            vec!["supply", "scenario", &name],
            differing(
                &flat(Some(bt), &["name", "hbm", "packaging"]),
                &flat(Some(et), &["name", "hbm", "packaging"]),
                &Values::new(),
                "supply",
            )?,
        );
        let (bh, eh) = (tables(Some(bt), "hbm"), tables(Some(et), "hbm"));
        if bh.iter().map(|t| name_of(*t, "vendor")).collect::<Vec<_>>()
            != eh.iter().map(|t| name_of(*t, "vendor")).collect::<Vec<_>>()
        {
            return Err("HBM sources were added or removed: that is the base plan's business".into());
        }
        for (bv, ev) in bh.iter().zip(&eh) {
            let vendor = name_of(*bv, "vendor");
            put(
                vec!["supply", "scenario", &name, "hbm", &vendor],
                differing(&flat(Some(*bv), &["vendor"]), &flat(Some(*ev), &["vendor"]), &Values::new(), "hbm")?,
            );
        }
        let pk = |t: &Table| flat(t.get("packaging").and_then(Item::as_table_like), &[]);
        put(vec!["supply", "scenario", &name, "packaging"], differing(&pk(bt), &pk(et), &Values::new(), "packaging")?);
    }
    Ok(out)
}

/// The defaults of a top-level table of the bundled defaults file, by dotted key.
fn flat_defaults(table: &str) -> Values {
    crate::plan::fields::site_fields()
        .into_iter()
        .chain(crate::plan::fields::app_fields(false))
        .filter(|f| match table {
            "site" => f.scope == crate::plan::fields::Scope::Site,
            _ => f.scope == crate::plan::fields::Scope::Economics,
        })
        .filter(|f| !f.default.is_empty())
        .map(|f| (f.path.join("."), f.default))
        .collect()
}

/// The table at `path` in the scenario document, made when absent (a dotted key when it is under another).
fn section<'d>(d: &'d mut DocumentMut, path: &[String]) -> Option<&'d mut Table> {
    let mut cur = d.as_table_mut();
    for (i, p) in path.iter().enumerate() {
        if !cur.contains_key(p) {
            let mut t = Table::new();
            // [supply.scenario.NAME] and [halls."X"] read best with their own header; [supply] and [supply.scenario]
            // only hold tables.
            t.set_implicit(i + 1 < path.len());
            cur.insert(p, Item::Table(t));
        }
        cur = cur.get_mut(p).and_then(Item::as_table_mut)?;
    }
    Some(cur)
}

/// Sets a dotted key's value in a table, keeping the comment of a value it replaces.
fn set(t: &mut Table, key: &str, literal: &str) {
    let parts: Vec<&str> = key.split('.').collect();
    let Some((last, parents)) = parts.split_last() else { return };
    let mut cur: &mut dyn TableLike = t;
    for p in parents {
        if cur.get(p).is_none() {
            let mut sub = Table::new();
            sub.set_dotted(true);
            cur.insert(p, Item::Table(sub));
        }
        let Some(next) = cur.get_mut(p).and_then(Item::as_table_like_mut) else { return };
        cur = next;
    }
    let new: Value = literal.parse().unwrap_or_else(|_| Value::from(literal));
    match cur.get_mut(last).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
        }
        None => {
            cur.insert(last, Item::Value(new));
        }
    }
}

/// The scenario file brought in line with an edited plan (see the module's note). `Err` says why the edit cannot be
/// a scenario's.
pub fn rewrite(sf: &ScenarioFile, edited: &str, catalog: &Catalog) -> Result<String, String> {
    let want = wanted(&sf.base_text, edited)?;
    let mut d: DocumentMut = sf.text.parse().map_err(|e: toml_edit::TomlError| e.message().trim().to_string())?;
    // Every override the file has: kept (with its new value) when still wanted, else removed.
    let sections: [&[&str]; 7] =
        [&["site"], &["legend"], &["economics"], &["workload"], &["sites"], &["halls"], &["rows"]];
    let mut present: BTreeSet<Vec<String>> = BTreeSet::new();
    for s in sections {
        let s: Vec<String> = s.iter().map(|x| x.to_string()).collect();
        if matches!(s[0].as_str(), "sites" | "halls" | "rows") {
            if let Some(t) = d.get(&s[0]).and_then(Item::as_table_like) {
                for (k, _) in t.iter() {
                    present.insert(vec![s[0].clone(), k.to_string()]);
                }
            }
        } else if d.get(&s[0]).is_some() {
            present.insert(s);
        }
    }
    if let Some(sc) = d.get("supply").and_then(|s| s.get("scenario")).and_then(Item::as_table_like) {
        for (name, t) in sc.iter() {
            let base = vec!["supply".to_string(), "scenario".into(), name.to_string()];
            present.insert(base.clone());
            for sub in ["hbm", "packaging"] {
                if sub == "hbm" {
                    if let Some(h) = t.get("hbm").and_then(Item::as_table_like) {
                        for (v, _) in h.iter() {
                            present.insert([base.clone(), vec!["hbm".into(), v.to_string()]].concat());
                        }
                    }
                } else if t.get(sub).is_some() {
                    present.insert([base.clone(), vec![sub.into()]].concat());
                }
            }
        }
    }
    for path in present.iter().chain(want.keys()).cloned().collect::<BTreeSet<_>>() {
        let values = want.get(&path).cloned().unwrap_or_default();
        let Some(t) = section(&mut d, &path) else { continue };
        let have = flat(Some(&*t), &["hbm", "packaging"]);
        for k in have.keys().filter(|k| !values.contains_key(*k)) {
            remove(t, k);
        }
        for (k, v) in &values {
            if have.get(k) != Some(v) {
                set(t, k, v);
            }
        }
    }
    prune(d.as_table_mut());
    let text = d.to_string();
    // Read back, it must be exactly the edited plan.
    let origin = Origin::file(&sf.path);
    let (_, again) = apply(&text, &origin, catalog).map_err(|e| e.headline())?;
    let edited_plan = crate::plan::parse(edited, &Origin::file(&sf.root), catalog).map_err(|e| e.headline())?;
    if again != edited_plan {
        return Err("this edit cannot be written as the scenario's overrides; make it in the base plan".into());
    }
    Ok(text)
}

/// Removes a dotted key (and the dotted tables it leaves empty).
fn remove(t: &mut Table, key: &str) {
    let parts: Vec<&str> = key.split('.').collect();
    fn go(t: &mut dyn TableLike, parts: &[&str]) {
        match parts {
            [last] => {
                t.remove(last);
            }
            [first, rest @ ..] => {
                if let Some(sub) = t.get_mut(first).and_then(Item::as_table_like_mut) {
                    go(sub, rest);
                    if sub.is_empty() {
                        t.remove(first);
                    }
                }
            }
            [] => {}
        }
    }
    go(t, &parts);
}

/// Drops tables left without any value.
fn prune(t: &mut Table) {
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    for k in keys {
        if let Some(sub) = t.get_mut(&k).and_then(Item::as_table_mut) {
            prune(sub);
            if sub.iter().next().is_none() {
                t.remove(&k);
            }
        }
    }
}
