//! Plan files: a fleet of sites, each with halls laid out as rows of rack slots. Loading is strict and reports every
//! problem with file, line, column and key; see the README's plan-file reference for every key.

pub mod document;
pub mod edit;
pub mod fields;
pub mod format;
pub mod quarter;
pub mod supply;
pub mod workload;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml_edit::{Item, TableLike};

pub use crate::catalog::settings::{self, SiteSettings};
pub use crate::input::{Diagnostic, Diagnostics};
pub use quarter::Quarter;

use crate::catalog::{Catalog, Climate, Platform};
use crate::input::{Bounds, Collector, TableReader, join};

/// The bundled default plan (1 GW Vera Rubin AI factory), embedded so `fleetplan` works from any folder.
pub const DEFAULT_PLAN: &str = include_str!("../../plans/ai-factory-1gw.toml");
pub const DEFAULT_PLAN_NAME: &str = "<bundled plans/ai-factory-1gw.toml>";

/// The character that marks an empty rack slot in a layout row.
pub const EMPTY_SLOT: char = '.';

/// What a legend character stands for: a platform at a power profile.
#[derive(Debug, Clone, PartialEq)]
pub struct RackType {
    pub symbol: char,
    pub platform: Arc<Platform>,
    /// Profile name, or `custom` when the legend gives its own `rack_kw`.
    pub profile: String,
    /// Rack IT power, kW (F1).
    pub rack_kw: f64,
}

/// Index into `Plan::legend`.
pub type RackTypeId = u16;

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    /// One entry per rack slot: the rack type, or `None` for an empty slot.
    pub slots: Vec<Option<RackTypeId>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hall {
    pub name: String,
    pub energised: Quarter,
    /// Limit on the hall's IT load, MW.
    pub it_mw_max: Option<f64>,
    /// Rating of each row's busway, kW of IT.
    pub row_busway_kw: Option<f64>,
    /// CDU size in this hall, kW; the site's `cooling.cdu_kw` when not set.
    pub cdu_kw: Option<f64>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub name: String,
    /// Order in which sites are served when they compete for the same supply: 1 first. Default: file order.
    pub priority: u32,
    /// Grid connection envelope, MW.
    pub grid_mw: f64,
    /// As written in the plan: a catalogue id or a file path.
    pub climate_ref: String,
    pub climate: Arc<Climate>,
    pub settings: SiteSettings,
    pub halls: Vec<Hall>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub name: String,
    pub legend: Vec<RackType>,
    pub sites: Vec<Site>,
    /// The supply timeline's scenarios, when the plan has a `[supply]` section.
    pub supply: Option<supply::Supply>,
    /// What the fleet serves, when the plan has a `[workload]` section.
    pub workload: Option<workload::Workload>,
    /// Cost of capital, depreciation and capex for cost per token (`[economics]` over the bundled defaults).
    pub economics: settings::Economics,
}

impl Plan {
    /// Price of one rack of a platform: the plan's `[economics.rack_capex_usd]`, else the catalogue's.
    pub fn rack_capex_usd(&self, platform: &crate::catalog::Platform) -> Option<f64> {
        self.economics.rack_capex_usd.get(&platform.id).copied().or(platform.capex_usd_per_rack)
    }
}

impl Plan {
    pub fn rack_type(&self, symbol: char) -> Option<RackTypeId> {
        self.legend.iter().position(|r| r.symbol == symbol).map(|i| i as RackTypeId)
    }
}

/// Where a plan's text came from: its file name for messages, and the folder relative paths start from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub shown_as: String,
    pub base_dir: Option<PathBuf>,
}

impl Origin {
    pub fn file(path: &Path) -> Origin {
        Origin { shown_as: path.display().to_string(), base_dir: path.parent().map(Path::to_path_buf) }
    }
    pub fn bundled() -> Origin {
        Origin { shown_as: DEFAULT_PLAN_NAME.to_string(), base_dir: None }
    }
}

/// Reads and checks a plan file.
pub fn load_file(path: &Path, catalog: &Catalog) -> Result<Plan, Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::unreadable(path.display().to_string(), "the plan", &e))?;
    parse(&text, &Origin::file(path), catalog)
}

/// Parses and checks plan text. Every problem is collected; any problem fails the load.
pub fn parse(text: &str, origin: &Origin, catalog: &Catalog) -> Result<Plan, Diagnostics> {
    let mut cx = Collector::new(origin.shown_as.clone(), text);
    let doc = match toml_edit::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            cx.error(e.span(), "", format!("invalid TOML: {}", e.message().trim()));
            return Err(cx.finish());
        }
    };
    let mut top = TableReader::new(doc.as_table(), None, "");

    // [plan]
    let mut name = String::new();
    let mut user_catalog: Option<Catalog> = None;
    if let Some(mut p) = top.table(&mut cx, "plan") {
        name = p.opt_string(&mut cx, "name").unwrap_or_default();
        p.int(&mut cx, "format", Some(1), 1, 1);
        if let Some(file) = p.opt_string(&mut cx, "catalog") {
            let span = p.item("catalog").and_then(Item::span);
            match resolve_path(origin, &file) {
                Some(path) => match catalog.with_overrides(&path) {
                    Ok(c) => user_catalog = Some(c),
                    Err(d) => {
                        for e in d.0 {
                            cx.error(span.clone(), &p.key_path("catalog"), format!("in {}: {}", file, strip_file(&e)));
                        }
                    }
                },
                None => cx.error(span, &p.key_path("catalog"), "a bundled plan cannot name a catalogue file"),
            }
        }
        p.finish(&mut cx);
    }
    let catalog = user_catalog.as_ref().unwrap_or(catalog);

    // [legend]
    let mut legend: Vec<RackType> = Vec::new();
    // Symbols the legend declares, including those whose entry has an error, so that one bad entry does not
    // also flag every slot that uses it.
    let mut declared: Vec<char> = Vec::new();
    match top.table(&mut cx, "legend") {
        Some(l) => read_legend(&l, &mut cx, catalog, &mut legend, &mut declared),
        None if !cx.has_errors() => cx.error(
            None,
            "legend",
            "missing table [legend]: expected one character per platform, e.g. V = \"vr-nvl72\"",
        ),
        None => {}
    }

    // [[site]]
    let mut sites = Vec::new();
    match top.item("site") {
        Some(Item::ArrayOfTables(arr)) => {
            for (i, t) in arr.iter().enumerate() {
                let path = format!("site[{i}]");
                let mut r = TableReader::new(t, t.span(), path);
                if let Some(site) = read_site(i, &mut r, &mut cx, catalog, origin, &legend, &declared) {
                    if sites.iter().any(|s: &Site| s.name == site.name) {
                        cx.error(
                            t.span(),
                            &r.key_path("name"),
                            format!("a site named \"{}\" already exists; site names must differ", site.name),
                        );
                    }
                    sites.push(site);
                }
                r.finish(&mut cx);
            }
        }
        Some(other) => cx.error(
            other.span(),
            "site",
            format!("expected [[site]] tables, found {}", crate::input::reader::describe(other)),
        ),
        None => cx.error(None, "site", "missing [[site]]: a plan needs at least one site"),
    }
    let supply = match top.table(&mut cx, "supply") {
        Some(mut t) => {
            let s = supply::read(&mut t, &mut cx);
            if let Some(s) = &s {
                check_supply_covers_layout(s, &t, &sites, &legend, &mut cx);
            }
            t.finish(&mut cx);
            s
        }
        None => None,
    };
    let workload = match top.table(&mut cx, "workload") {
        Some(mut t) => {
            let w = workload::read(&mut t, &mut cx, catalog);
            t.finish(&mut cx);
            w
        }
        None => None,
    };
    let platform_ids: Vec<&str> = catalog.platforms.keys().map(String::as_str).collect();
    let economics = match top.table(&mut cx, "economics") {
        Some(mut t) => {
            let e = settings::Economics::read(&mut t, &mut cx, Some(&catalog.economics), &platform_ids);
            t.finish(&mut cx);
            e
        }
        None => catalog.economics.clone(),
    };
    top.finish(&mut cx);

    if cx.has_errors() {
        return Err(cx.finish());
    }
    Ok(Plan { name, legend, sites, supply, workload, economics })
}

/// Every platform placed in a layout needs HBM data, and every scenario must supply each HBM generation used.
fn check_supply_covers_layout(
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
            if !g.is_empty() && !sc.hbm.iter().any(|h| &h.generation == g) {
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

fn strip_file(d: &Diagnostic) -> String {
    let pos = if d.line > 0 { format!("line {}, column {}: ", d.line, d.column) } else { String::new() };
    let key = if d.key.is_empty() { String::new() } else { format!("{}: ", d.key) };
    format!("{pos}{key}{}", d.message)
}

fn resolve_path(origin: &Origin, file: &str) -> Option<PathBuf> {
    let p = Path::new(file);
    if p.is_absolute() {
        return Some(p.to_path_buf());
    }
    origin.base_dir.as_ref().map(|d| d.join(p))
}

fn read_legend(
    l: &TableReader,
    cx: &mut Collector,
    catalog: &Catalog,
    legend: &mut Vec<RackType>,
    declared: &mut Vec<char>,
) {
    let table: &dyn TableLike = l.table_like();
    let ids: Vec<&str> = catalog.platforms.keys().map(String::as_str).collect();
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
            let kw = r.opt_num(cx, "rack_kw", Bounds::POSITIVE);
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
        legend.push(RackType { symbol, platform: platform.clone(), profile, rack_kw });
    }
}

fn read_site(
    index: usize,
    r: &mut TableReader,
    cx: &mut Collector,
    catalog: &Catalog,
    origin: &Origin,
    legend: &[RackType],
    declared: &[char],
) -> Option<Site> {
    let name = r.string(cx, "name", None);
    let priority = r.int(cx, "priority", Some(index as i64 + 1), 1, 1000) as u32;
    let grid_mw = r.num(cx, "grid_mw", None, Bounds::POSITIVE);
    let climate_ref = r.string(cx, "climate", None);
    let climate_span = r.item("climate").and_then(Item::span);
    let climate = if climate_ref.is_empty() {
        None
    } else {
        resolve_climate(&climate_ref, origin, cx, climate_span, &r.key_path("climate"))
    };
    let settings = SiteSettings::read(r, cx, Some(&catalog.defaults), &catalog.fluids);

    let mut halls: Vec<Hall> = Vec::new();
    match r.item("hall") {
        Some(Item::ArrayOfTables(arr)) => {
            for (i, t) in arr.iter().enumerate() {
                let mut h = TableReader::new(t, t.span(), r.key_path(&format!("hall[{i}]")));
                if let Some(hall) = read_hall(&mut h, cx, legend, declared) {
                    if halls.iter().any(|x| x.name == hall.name) {
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
    Some(Site { name, priority, grid_mw, climate_ref, climate: climate?, settings, halls })
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
    if !path.exists() {
        cx.error(
            span,
            key,
            format!("weather file not found: {} (paths are relative to the plan file)", path.display()),
        );
        return None;
    }
    match crate::catalog::climate::read_file(&path, reference) {
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

fn read_hall(h: &mut TableReader, cx: &mut Collector, legend: &[RackType], declared: &[char]) -> Option<Hall> {
    let name = h.string(cx, "name", None);
    let energised = match h.item("energised") {
        Some(item) => match item.as_str().map(str::parse::<Quarter>) {
            Some(Ok(q)) => Some(q),
            Some(Err(msg)) => {
                cx.error(item.span(), &h.key_path("energised"), msg.to_string());
                None
            }
            None => {
                cx.error(
                    item.span(),
                    &h.key_path("energised"),
                    format!("expected a quarter like \"2027Q1\", found {}", crate::input::reader::describe(item)),
                );
                None
            }
        },
        None => {
            cx.error(
                h.span(),
                &h.key_path("energised"),
                "missing key: expected the quarter the hall is energised, like \"2027Q1\"",
            );
            None
        }
    };
    let it_mw_max = h.opt_num(cx, "it_mw_max", Bounds::POSITIVE);
    let row_busway_kw = h.opt_num(cx, "row_busway_kw", Bounds::POSITIVE);
    let cdu_kw = h.opt_num(cx, "cdu_kw", Bounds::POSITIVE);
    let mut rows = Vec::new();
    if let Some(rt) = h.table(cx, "rows") {
        let table = rt.table_like();
        for (row_name, item) in table.iter() {
            let path = join(rt.path(), row_name);
            let Some(s) = item.as_str() else {
                cx.error(
                    item.span(),
                    &path,
                    format!(
                        "expected a string of rack slots like \"VVVV..VV\", found {}",
                        crate::input::reader::describe(item)
                    ),
                );
                continue;
            };
            // The value span starts at the opening quote; slot i sits 1 + (byte offset) further on.
            let start = item.span().map(|r| r.start + 1);
            let mut slots = Vec::with_capacity(s.len());
            for (offset, c) in s.char_indices() {
                if c == EMPTY_SLOT {
                    slots.push(None);
                } else if let Some(i) = legend.iter().position(|r| r.symbol == c) {
                    slots.push(Some(i as RackTypeId));
                } else if declared.contains(&c) {
                    slots.push(None); // its legend entry is already reported
                } else {
                    let at = start.map(|s| (s + offset)..(s + offset + c.len_utf8()));
                    let symbols: String = legend.iter().map(|r| r.symbol).collect();
                    cx.error(at, &path, format!("slot {} holds '{c}', which is not in the legend; expected '{EMPTY_SLOT}' or one of \"{symbols}\"", slots.len() + 1));
                    slots.push(None);
                }
            }
            rows.push(Row { name: row_name.to_string(), slots });
        }
        // No finish(): every key of `rows` is a row name.
    }
    Some(Hall { name, energised: energised?, it_mw_max, row_busway_kw, cdu_kw, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Plan, Diagnostics> {
        parse(text, &Origin { shown_as: "t.toml".into(), base_dir: None }, Catalog::builtin().unwrap())
    }

    const SMALL: &str = r#"
[plan]
name = "small"

[legend]
V = "vr-nvl72"
g = "gb300-nvl72@max-q"
c = { platform = "vr-nvl72", rack_kw = 210 }

[[site]]
name = "A"
grid_mw = 10
climate = "greensboro-nc"

[site.cooling]
supply_c = 40

[[site.hall]]
name = "H1"
energised = "2027Q1"

[site.hall.rows]
R01 = "VV.g"
R02 = "c..."
"#;

    #[test]
    fn a_small_plan_loads_with_defaults_and_legend_forms() {
        let p = parse_str(SMALL).unwrap();
        assert_eq!(p.name, "small");
        assert_eq!(p.legend.len(), 3);
        assert_eq!(p.legend[0].rack_kw, 230.0); // vr-nvl72 default profile max-p
        assert_eq!(p.legend[1].rack_kw, 132.0); // gb300 max-q
        assert_eq!((p.legend[2].profile.as_str(), p.legend[2].rack_kw), ("custom", 210.0));
        let s = &p.sites[0];
        assert_eq!(s.settings.cooling.supply_c, 40.0);
        assert_eq!(s.settings.cooling.rack_delta_t_k, 10.0); // from the defaults
        let h = &s.halls[0];
        assert_eq!(h.energised.to_string(), "2027Q1");
        assert_eq!(h.rows[0].name, "R01");
        assert_eq!(h.rows[0].slots, vec![Some(0), Some(0), None, Some(1)]);
    }

    #[test]
    fn every_error_is_reported_with_line_and_column() {
        let bad = SMALL
            .replace("grid_mw = 10", "grid_mw = -10")
            .replace("supply_c = 40", "supply_c = 40\nrack_delta_t_k = 0\nsuply = 3")
            .replace("\"VV.g\"", "\"VVxg\"");
        let err = parse_str(&bad).unwrap_err();
        let text = err.to_string();
        assert_eq!(err.len(), 4, "{text}");
        assert!(text.contains("t.toml:12:11: site[0].grid_mw: expected a number greater than 0, found -10"), "{text}");
        assert!(text.contains("site[0].cooling.rack_delta_t_k: expected a number from 0.5 to 40, found 0"), "{text}");
        assert!(text.contains("site[0].cooling.suply: unknown key"), "{text}");
        // 'x' is slot 3 of R01: `R01 = "VVxg"` -> column 7 + 1 + 2 = 10.
        assert!(text.contains("t.toml:25:10: site[0].hall[0].rows.R01: slot 3 holds 'x'"), "{text}");
    }

    #[test]
    fn a_fleet_has_several_sites_with_their_own_settings_and_unique_names() {
        let two = format!(
            "{SMALL}\n[[site]]\nname = \"B\"\ngrid_mw = 20\nclimate = \"miami-fl\"\n\n[site.cooling]\nheat_rejection = \"cooling-tower\"\n"
        );
        let p = parse_str(&two).unwrap();
        assert_eq!(p.sites.len(), 2);
        assert_eq!(p.sites[0].settings.cooling.supply_c, 40.0);
        assert_eq!(p.sites[1].settings.cooling.supply_c, 45.0); // the default, not site A's value
        assert_eq!(p.sites[1].climate.id, "miami-fl");
        assert!(p.sites[1].halls.is_empty());
        let dup = two.replace("name = \"B\"", "name = \"A\"");
        let err = parse_str(&dup).unwrap_err().to_string();
        assert!(err.contains("site[1].name: a site named \"A\" already exists"), "{err}");
    }
}
