//! Reading a plan's legend, sites, halls and rows, each value checked and every problem placed at its line and
//! column; and the check that the supply scenarios cover every HBM generation the layout uses.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use toml_edit::{Item, TableLike};

use super::*;
use crate::catalog::{Catalog, Climate};
use crate::input::{Bounds, Collector, Diagnostic, Diagnostics, TableReader, join};

/// Every platform placed in a layout needs HBM data, and every scenario must supply each HBM generation used.
pub(super) fn check_supply_covers_layout(
    s: &supply::Supply,
    t: &TableReader,
    sites: &[Site],
    legend: &[RackType],
    cx: &mut Collector,
) {
    let mut used: Vec<&RackType> = Vec::new();
    for id in sites.iter().flat_map(|s| &s.halls).flat_map(|h| &h.rows).flat_map(|r| &r.slots).flatten() {
        let rt = &legend[usize::from(*id)];
        if !used.iter().any(|u| u.platform.id == rt.platform.id) {
            used.push(rt);
        }
    }
    for rt in &used {
        let p = &rt.platform;
        if p.hbm_stacks_per_gpu == 0 || p.hbm_generation.trim().is_empty() || p.gpus == 0 {
            cx.error(t.span(), t.path(), format!("platform {} has no HBM data (hbm_generation, hbm_stacks_per_gpu) in the catalogue; the supply timeline needs it", p.id));
        }
    }
    for (i, sc) in s.scenarios.iter().enumerate() {
        for rt in &used {
            let g = &rt.platform.hbm_generation;
            let allocated = sc.allocated_racks_per_quarter.is_some();
            if !g.is_empty() && !allocated && !sc.hbm.iter().any(|h| &h.generation == g) {
                let span = t
                    .table_like()
                    .get("scenario")
                    .and_then(Item::as_array_of_tables)
                    .and_then(|a| a.get(i))
                    .and_then(toml_edit::Table::span)
                    .or_else(|| t.span());
                cx.error(
                    span,
                    &t.key_path(&format!("scenario[{i}].hbm")),
                    format!("scenario \"{}\" supplies no {g}, which {} racks need; add a [[supply.scenario.hbm]] with generation = \"{g}\" (stacks_per_quarter = 0 if none)", sc.name, rt.platform.id),
                );
            }
        }
    }
}

pub(super) fn strip_file(d: &Diagnostic) -> String {
    let pos = if d.line > 0 { format!("line {}, column {}: ", d.line, d.column) } else { String::new() };
    let key = if d.key.is_empty() { String::new() } else { format!("{}: ", d.key) };
    format!("{pos}{key}{}", d.message)
}

/// The catalogue file a plan names, laid over `base`.
pub(super) fn read_catalog(origin: &Origin, base: &Catalog, path: &std::path::Path) -> Result<Catalog, Diagnostics> {
    let file = path.display().to_string();
    let text =
        origin.files.read_to_string(path).map_err(|e| Diagnostic::unreadable(&file, "the catalogue file", &e))?;
    base.with_text(&text, &file)
}

pub(super) fn resolve_path(origin: &Origin, file: &str) -> Option<PathBuf> {
    let p = Path::new(file);
    if p.is_absolute() {
        return Some(p.to_path_buf());
    }
    origin.base_dir.as_ref().map(|d| d.join(p))
}

pub(super) fn read_legend(
    l: &TableReader,
    cx: &mut Collector,
    catalog: &Catalog,
    legend: &mut Vec<RackType>,
    declared: &mut Vec<char>,
) {
    let table: &dyn TableLike = l.table_like();
    let ids: Vec<&str> = catalog.platforms.keys().map(String::as_str).collect();
    let mut over_limit = false;
    for (key, item) in table.iter() {
        let path = join(l.path(), key);
        let span = item.span().or_else(|| l.key_span(key));
        let mut chars = key.chars();
        let symbol = match (chars.next(), chars.next()) {
            (Some(c), None) if c != EMPTY_SLOT && !c.is_whitespace() => c,
            _ => {
                cx.error(
                    l.key_span(key),
                    &path,
                    format!("expected a single character (not '{EMPTY_SLOT}') as legend key, found \"{key}\""),
                );
                continue;
            }
        };
        declared.push(symbol);
        // "platform" or "platform@profile", or { platform = "…", profile = "…" } / { platform = "…", rack_kw = … }
        let (platform_id, profile, custom_kw) = if let Some(s) = item.as_str() {
            match s.split_once('@') {
                Some((p, prof)) => (p.to_string(), Some(prof.to_string()), None),
                None => (s.to_string(), None, None),
            }
        } else if let Some(t) = item.as_table_like() {
            let mut r = TableReader::new(t, span.clone(), path.clone());
            let p = r.string(cx, "platform", None);
            let prof = r.opt_string(cx, "profile");
            let kw = r.opt_num(cx, "rack_kw", Bounds::positive_up_to(10_000.0));
            if prof.is_some() && kw.is_some() {
                cx.error(span.clone(), &path, "give either profile or rack_kw, not both");
            }
            r.finish(cx);
            (p, prof, kw)
        } else {
            cx.error(
                span,
                &path,
                format!(
                    "expected \"platform\", \"platform@profile\" or {{ platform = …, rack_kw = … }}, found {}",
                    crate::input::reader::describe(item)
                ),
            );
            continue;
        };
        let Some(platform) = catalog.platform(&platform_id) else {
            if !platform_id.is_empty() {
                cx.error(
                    span,
                    &path,
                    format!("unknown platform \"{platform_id}\"; expected one of: {}", ids.join(", ")),
                );
            }
            continue;
        };
        let (profile, rack_kw) = match (profile, custom_kw) {
            (_, Some(kw)) => ("custom".to_string(), kw),
            (Some(p), None) => match platform.profiles.get(&p) {
                Some(kw) => (p, *kw),
                None => {
                    let names: Vec<&str> = platform.profiles.keys().map(String::as_str).collect();
                    cx.error(
                        span,
                        &path,
                        format!(
                            "{} has no power profile \"{p}\"; expected one of: {}",
                            platform.name,
                            names.join(", ")
                        ),
                    );
                    continue;
                }
            },
            (None, None) => {
                let p = platform.default_profile.clone();
                let kw = platform.profiles.get(&p).copied().unwrap_or(0.0);
                (p, kw)
            }
        };
        if legend.len() > usize::from(RackTypeId::MAX) {
            // Reported once, at the first entry past the limit; later symbols stay declared, so no slot cascades.
            if !over_limit {
                cx.error(span, &path, format!("a legend holds at most {} entries", usize::from(RackTypeId::MAX) + 1));
                over_limit = true;
            }
            continue;
        }
        legend.push(RackType { symbol, platform: platform.clone(), profile, rack_kw });
    }
}

/// The legend as rows are read against it: each symbol's rack type, the symbols whose legend entry has an error (so a
/// slot using one is not reported again), and the list of symbols for messages. Lookups take constant time, so a
/// row of any length is read in time linear in its slots.
pub(super) struct Symbols {
    ids: HashMap<char, RackTypeId>,
    /// `ids` for the ASCII symbols, by code: a slot is looked up by index, not hashed (a 1 GW site has 3,200).
    ascii: [Option<RackTypeId>; 128],
    declared: HashSet<char>,
    listed: String,
    /// Slots the rows may still hold before the plan passes [`MAX_SLOTS`]; `None` once it has (said once).
    slots_left: Cell<Option<usize>>,
}

/// Most rack slots one plan holds, over all its sites: a million, about 140 GW of 140 kW racks, six times the 50
/// sites of 1 GW a large customer plans. A plan past it is refused at the row that passes it, before its slots are
/// held in memory (28 million slots took 2 GB).
pub const MAX_SLOTS: usize = 1_000_000;

impl Symbols {
    pub(super) fn new(legend: &[RackType], declared: &[char]) -> Symbols {
        let ids: HashMap<char, RackTypeId> =
            legend.iter().enumerate().filter_map(|(i, r)| Some((r.symbol, RackTypeId::try_from(i).ok()?))).collect();
        let mut ascii = [None; 128];
        for (c, id) in &ids {
            if let Some(slot) = ascii.get_mut(*c as usize) {
                *slot = Some(*id);
            }
        }
        Symbols {
            ids,
            ascii,
            declared: declared.iter().copied().collect(),
            listed: legend.iter().map(|r| r.symbol).collect(),
            slots_left: Cell::new(Some(MAX_SLOTS)),
        }
    }

    /// Takes `n` slots from the plan's budget: `Ok(false)` when an earlier row already passed it (this one is
    /// skipped without a word), `Err` when this row passes it.
    /// The legend entry of symbol `c`, if it has one.
    fn id(&self, c: char) -> Option<RackTypeId> {
        match self.ascii.get(c as usize) {
            Some(id) => *id,
            None => self.ids.get(&c).copied(),
        }
    }

    fn take_slots(&self, n: usize) -> Result<bool, String> {
        match self.slots_left.get() {
            None => Ok(false),
            Some(left) if n <= left => {
                self.slots_left.set(Some(left - n));
                Ok(true)
            }
            Some(_) => {
                self.slots_left.set(None);
                Err(format!(
                    "this row takes the plan past {MAX_SLOTS} rack slots (about 140 GW of 140 kW racks), the most a \
                     plan holds; split the fleet into plans"
                ))
            }
        }
    }
}

pub(super) fn read_site(
    index: usize,
    r: &mut TableReader,
    cx: &mut Collector,
    catalog: &Catalog,
    origin: &Origin,
    symbols: &Symbols,
) -> Option<Site> {
    let name = r.string(cx, "name", None);
    let priority = r.int(cx, "priority", Some(index as i64 + 1), 1, 1000) as u32;
    let grid_mw = r.num(cx, "grid_mw", None, Bounds::positive_up_to(100_000.0));
    let climate_ref = r.string(cx, "climate", None);
    let climate_span = r.item("climate").and_then(Item::span);
    let climate = if climate_ref.is_empty() {
        None
    } else {
        resolve_climate(&climate_ref, origin, cx, climate_span, &r.key_path("climate"))
    };
    let it_load_hourly = read_load_file(r, cx, origin);
    let settings = SiteSettings::read(r, cx, Some(&catalog.defaults), &catalog.fluids);

    let mut halls: Vec<Hall> = Vec::new();
    let mut hall_names: HashSet<String> = HashSet::new();
    match r.item("hall") {
        Some(Item::ArrayOfTables(arr)) => {
            for (i, t) in arr.iter().enumerate() {
                let mut h = TableReader::new(t, t.span(), r.key_path(&format!("hall[{i}]")));
                if let Some(hall) = read_hall(&mut h, cx, symbols) {
                    if !hall_names.insert(hall.name.clone()) {
                        cx.error(
                            t.span(),
                            &h.key_path("name"),
                            format!("a hall named \"{}\" already exists in this site", hall.name),
                        );
                    }
                    halls.push(hall);
                }
                h.finish(cx);
            }
        }
        Some(other) => cx.error(
            other.span(),
            &r.key_path("hall"),
            format!("expected [[site.hall]] tables, found {}", crate::input::reader::describe(other)),
        ),
        None => {}
    }
    Some(Site { name, priority, grid_mw, climate_ref, climate: climate?, it_load_hourly, settings, halls })
}

/// `it_load_file`: a measured load year, relative to the plan file. It gives every hour's load, so the plan may not
/// also state the constant and its shapes.
fn read_load_file(r: &mut TableReader, cx: &mut Collector, origin: &Origin) -> Option<Arc<[f64]>> {
    let reference = r.opt_string(cx, "it_load_file")?;
    let span = r.item("it_load_file").and_then(Item::span);
    let key = r.key_path("it_load_file");
    for other in ["it_load_frac", "it_load_daily", "it_load_monthly"] {
        if let Some(s) = r.key_span(other) {
            cx.error(Some(s), &r.key_path(other), "it_load_file gives every hour's load; remove this key or the file");
        }
    }
    let Some(path) = resolve_path(origin, &reference) else {
        cx.error(span, &key, "a bundled plan cannot name a load file");
        return None;
    };
    let text = match origin.files.read_bytes(&path) {
        Ok(bytes) => crate::input::decode_lenient(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            cx.error(
                span,
                &key,
                format!("load file not found: {} (paths are relative to the plan file)", path.display()),
            );
            return None;
        }
        Err(e) => {
            cx.error(span, &key, Diagnostic::unreadable(&reference, "the load file", &e).message);
            return None;
        }
    };
    match super::load_profile::parse(&reference, &text) {
        Ok(v) => Some(v.into()),
        Err(d) => {
            for e in d.0.iter().take(5) {
                cx.error(span.clone(), &key, format!("in {reference}: {}", strip_file(e)));
            }
            if d.len() > 5 {
                cx.error(span, &key, format!("… and {} more problems in {reference}", d.len() - 5));
            }
            None
        }
    }
}

fn resolve_climate(
    reference: &str,
    origin: &Origin,
    cx: &mut Collector,
    span: Option<std::ops::Range<usize>>,
    key: &str,
) -> Option<Arc<Climate>> {
    if let Some(c) = Catalog::climate(reference) {
        return Some(c);
    }
    let looks_like_file = reference.contains(['/', '\\', '.']);
    if !looks_like_file {
        let ids: Vec<&str> = Catalog::climate_ids().collect();
        cx.error(
            span,
            key,
            format!(
                "unknown climate \"{reference}\"; expected a catalogue id ({}) or a path to an .epw or TMY3 .csv file",
                ids.join(", ")
            ),
        );
        return None;
    }
    let Some(path) = resolve_path(origin, reference) else {
        cx.error(span, key, "a bundled plan can only name catalogue climates");
        return None;
    };
    let year = match origin.files.read_bytes(&path) {
        Ok(bytes) => crate::catalog::climate::from_file_text(&path, reference, crate::input::decode_lenient(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            cx.error(
                span,
                key,
                format!("weather file not found: {} (paths are relative to the plan file)", path.display()),
            );
            return None;
        }
        Err(e) => Err(Diagnostic::unreadable(reference, "the weather file", &e).into()),
    };
    match year {
        Ok(c) => Some(c),
        Err(d) => {
            for e in d.0.iter().take(5) {
                cx.error(span.clone(), key, format!("in {}: {}", reference, strip_file(e)));
            }
            if d.len() > 5 {
                cx.error(span, key, format!("… and {} more problems in {reference}", d.len() - 5));
            }
            None
        }
    }
}

/// A quarter like "2027Q1" under `key`, which must be there; `what` says what it is in the missing-key message.
pub(super) fn required_quarter(
    r: &mut TableReader,
    cx: &mut Collector,
    key: &'static str,
    what: &str,
) -> Option<Quarter> {
    let Some(item) = r.item(key) else {
        cx.error(r.span(), &r.key_path(key), format!("missing key: expected {what}, like \"2027Q1\""));
        return None;
    };
    match item.as_str().map(str::parse::<Quarter>) {
        Some(Ok(q)) => Some(q),
        Some(Err(e)) => {
            cx.error(item.span(), &r.key_path(key), e.to_string());
            None
        }
        None => {
            let found = crate::input::reader::describe(item);
            cx.error(item.span(), &r.key_path(key), format!("expected a quarter like \"2027Q1\", found {found}"));
            None
        }
    }
}

fn read_hall(h: &mut TableReader, cx: &mut Collector, symbols: &Symbols) -> Option<Hall> {
    let name = h.string(cx, "name", None);
    let energised = required_quarter(h, cx, "energised", "the quarter the hall is energised");
    let it_mw_max = h.opt_num(cx, "it_mw_max", Bounds::positive_up_to(100_000.0));
    let row_busway_kw = h.opt_num(cx, "row_busway_kw", Bounds::positive_up_to(1_000_000.0));
    let cdu_kw = h.opt_num(cx, "cdu_kw", Bounds::closed(1.0, 100_000.0));
    let mut rows = Vec::new();
    if let Some(rt) = h.table(cx, "rows") {
        let table = rt.table_like();
        for (row_name, item) in table.iter() {
            // Its key path, made only for a message (a 1 GW site has 160 rows and no problem).
            let path = || join(rt.path(), row_name);
            if row_name.trim().is_empty() {
                cx.error(rt.key_span(row_name), &path(), "expected a row name, found an empty one");
                continue;
            }
            let Some(s) = item.as_str() else {
                cx.error(
                    item.span(),
                    &path(),
                    format!(
                        "expected a string of rack slots like \"VVVV..VV\", found {}",
                        crate::input::reader::describe(item)
                    ),
                );
                continue;
            };
            match symbols.take_slots(s.chars().count()) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    cx.error(item.span(), &path(), e);
                    continue;
                }
            }
            // Slot i sits 1 + (byte offset) after the opening quote when the string is written as it reads (one line,
            // no escapes); otherwise a bad slot is placed at the string's opening quote.
            let span = item.span();
            let written_as_read = span.clone().and_then(|r| cx.source(r)).is_some_and(|raw| {
                raw.len() == s.len() + 2 && raw.get(1..raw.len() - 1) == Some(s) && !raw.starts_with("\"\"\"")
            });
            let mut slots = Vec::with_capacity(s.len());
            for (offset, c) in s.char_indices() {
                if c == EMPTY_SLOT {
                    slots.push(None);
                } else if let Some(id) = symbols.id(c) {
                    slots.push(Some(id));
                } else if symbols.declared.contains(&c) {
                    slots.push(None); // its legend entry is already reported
                } else {
                    let at = match &span {
                        Some(r) if written_as_read => {
                            Some((r.start + 1 + offset)..(r.start + 1 + offset + c.len_utf8()))
                        }
                        other => other.clone(),
                    };
                    cx.error(
                        at,
                        &path(),
                        format!(
                            "slot {} holds '{c}', which is not in the legend; expected '{EMPTY_SLOT}' or one of \"{}\"",
                            slots.len() + 1,
                            symbols.listed
                        ),
                    );
                    slots.push(None);
                }
            }
            rows.push(Row { name: row_name.to_string(), slots, value_span: span });
        }
        // No finish(): every key of `rows` is a row name.
    }
    Some(Hall { name, energised: energised?, it_mw_max, row_busway_kw, cdu_kw, rows })
}
