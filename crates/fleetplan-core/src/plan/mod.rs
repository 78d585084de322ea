//! Plan files: a fleet of sites, each with halls laid out as rows of rack slots. Loading is strict and reports every
//! problem with file, line, column and key; see the README's plan-file reference for every key.

pub mod document;
pub mod edit;
pub mod fields;
pub mod files;
pub mod format;
pub mod load_profile;
pub mod quarter;
mod read;
pub mod scenario_file;
pub mod supply;
pub mod workload;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml_edit::Item;

pub use crate::catalog::settings::{self, SiteSettings};
pub use crate::input::{Diagnostic, Diagnostics};
pub use files::{Disk, Files, InMemory};
pub use quarter::Quarter;

use crate::catalog::{Catalog, Climate, Platform};
use crate::input::{Collector, TableReader};
use read::{Symbols, check_supply_covers_layout, read_catalog, read_legend, read_site, resolve_path, strip_file};

/// The bundled default plan (1 GW Vera Rubin AI factory), embedded so `fleetplan` works from any folder.
pub const DEFAULT_PLAN: &str = include_str!("../../../../plans/ai-factory-1gw.toml");
/// The bundled default plan's name in messages.
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

/// One layout row of a hall: its name and rack slots.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    /// One entry per rack slot: the rack type, or `None` for an empty slot.
    pub slots: Vec<Option<RackTypeId>>,
    /// Where the slots' string is written in the text the row was read from (byte span of the value), so that an
    /// edit of the row can replace it without parsing the text again (`edit::set_row_known`); `None` for a row
    /// made in code. Where, not what: two rows are equal whatever their spans.
    pub value_span: Option<std::ops::Range<usize>>,
}

impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        let Row { name, slots, value_span: _ } = self;
        *name == other.name && *slots == other.slots
    }
}

/// One hall of a site: the quarter it is energised, its limits and its rows.
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

/// One site of a plan (`[[site]]`): its grid connection, climate, settings and halls.
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
    /// A measured load year from `it_load_file`: 8,760 fractions of nameplate. `None`: the load is `it_load_frac`
    /// shaped by the settings' daily and monthly multipliers.
    pub it_load_hourly: Option<Arc<[f64]>>,
    pub settings: SiteSettings,
    pub halls: Vec<Hall>,
}

/// A loaded and checked plan: its legend, sites, supply, workload and economics.
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
    /// The index of the legend entry a layout character stands for.
    pub fn rack_type(&self, symbol: char) -> Option<RackTypeId> {
        self.legend.iter().position(|r| r.symbol == symbol).and_then(|i| RackTypeId::try_from(i).ok())
    }
}

/// Where a plan's text came from: its file name for messages, the folder relative paths start from, and where the
/// files it names (catalogue, weather) are read from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub shown_as: String,
    pub base_dir: Option<PathBuf>,
    pub files: Arc<dyn Files>,
}

impl Origin {
    /// A plan shown as `shown_as` whose relative paths start from `base_dir`, its files on disk.
    pub fn new(shown_as: impl Into<String>, base_dir: Option<PathBuf>) -> Origin {
        Origin { shown_as: shown_as.into(), base_dir, files: Arc::new(Disk) }
    }
    /// A plan file at `path`, shown as the path, whose relative paths start from its folder.
    pub fn file(path: &Path) -> Origin {
        Origin::new(path.display().to_string(), path.parent().map(Path::to_path_buf))
    }
    /// The bundled default plan: shown as `DEFAULT_PLAN_NAME`, with no folder for relative paths.
    pub fn bundled() -> Origin {
        Origin::new(DEFAULT_PLAN_NAME, None)
    }
}

/// Reads and checks a plan file.
pub fn load_file(path: &Path, catalog: &Catalog) -> Result<Plan, Diagnostics> {
    let origin = Origin::file(path);
    let text = origin
        .files
        .read_to_string(path)
        .map_err(|e| Diagnostic::unreadable(path.display().to_string(), "the plan", &e))?;
    parse(&text, &origin, catalog)
}

/// Parses and checks plan text. Every problem is collected; any problem fails the load.
pub fn parse(text: &str, origin: &Origin, catalog: &Catalog) -> Result<Plan, Diagnostics> {
    let mut cx = Collector::new(origin.shown_as.clone(), text);
    let doc = match toml_edit::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            cx.syntax(e.span(), e.message());
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
                Some(path) => match read_catalog(origin, catalog, &path) {
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
    let mut site_names = std::collections::HashSet::new();
    let symbols = Symbols::new(&legend, &declared);
    match top.item("site") {
        Some(Item::ArrayOfTables(arr)) => {
            for (i, t) in arr.iter().enumerate() {
                let path = format!("site[{i}]");
                let mut r = TableReader::new(t, t.span(), path);
                if let Some(site) = read_site(i, &mut r, &mut cx, catalog, origin, &symbols) {
                    if !site_names.insert(site.name.clone()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Plan, Diagnostics> {
        parse(text, &Origin::new("t.toml", None), Catalog::builtin().unwrap())
    }

    #[test]
    fn files_a_plan_names_are_read_through_its_origin() {
        // The plan's catalogue and weather file exist only in memory: the loader does no I/O of its own.
        let dir = PathBuf::from("/in-memory");
        let mut files = InMemory::default();
        files.0.insert(
            dir.join("cat.toml"),
            "[platform.vr-nvl72]\nname = \"VR (quoted)\"\ngpus = 72\ncpus = 36\n\
             hbm_generation = \"HBM4\"\nhbm_gb_per_gpu = 288\nhbm_stacks_per_gpu = 8\nhbm_stack_height = 12\n\
             liquid_frac = 1.0\nmax_inlet_c = 45\nweight_kg = 1500\ndefault_profile = \"max-p\"\n\
             profiles = { max-p = 250 }\n"
                .to_string(),
        );
        files.0.insert(dir.join("site.csv"), include_str!("../../../../assets/climates/miami-fl.csv").to_string());
        let origin = Origin { shown_as: "mem.toml".into(), base_dir: Some(dir), files: Arc::new(files) };
        let text = SMALL
            .replacen("[plan]\n", "[plan]\ncatalog = \"cat.toml\"\n", 1)
            .replace("\"greensboro-nc\"", "\"site.csv\"");
        let plan = parse(&text, &origin, Catalog::builtin().unwrap()).unwrap();
        assert_eq!(plan.legend[0].rack_kw, 250.0, "the catalogue from memory replaced the platform's profile");
        assert_eq!(plan.sites[0].climate.dry_bulb_c, Catalog::climate("miami-fl").unwrap().dry_bulb_c);
        // A file the origin does not have is reported as missing, at the key that names it.
        let missing = text.replace("\"site.csv\"", "\"other.csv\"");
        let err = parse(&missing, &origin, Catalog::builtin().unwrap()).unwrap_err().to_string();
        assert!(err.contains("site[0].climate: weather file not found: /in-memory/other.csv"), "{err}");
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
    fn a_legend_past_65536_entries_is_refused_not_wrapped() {
        // 65,537 symbols: with a 16-bit rack-type id the last would have wrapped to id 0 and every slot of it
        // become the first platform. Supplementary-plane characters give enough distinct single-character keys.
        let mut text = String::from("[legend]\n");
        for i in 0..65_537u32 {
            let c = char::from_u32(0x10000 + i).unwrap();
            text.push_str(&format!("\"{c}\" = \"vr-nvl72\"\n"));
        }
        let last = char::from_u32(0x10000 + 65_536).unwrap();
        text.push_str(&format!(
            "\n[[site]]\nname = \"A\"\ngrid_mw = 10\nclimate = \"greensboro-nc\"\n\n[[site.hall]]\nname = \"H\"\n\
             energised = \"2027Q1\"\n\n[site.hall.rows]\nR = \"{last}\"\n"
        ));
        let err = parse_str(&text).unwrap_err();
        assert_eq!(err.len(), 1, "one problem, no cascade over the slots: {err}");
        assert!(err.to_string().contains("a legend holds at most 65536 entries"), "{err}");
    }

    #[test]
    fn slots_of_ascii_and_other_symbols_are_their_legend_entries() {
        // ASCII symbols are looked up by code, others by hash: a layout mixing both reads each slot as its entry,
        // and a symbol outside the legend (ASCII or not) is still reported.
        let text = SMALL
            .replace("c = {", "\"\u{e9}\" = \"gb300-nvl72\"\nc = {")
            .replace("R02 = \"c...\"", "R02 = \"c\u{e9}.V\"");
        let plan = parse_str(&text).unwrap();
        let symbols: Vec<Option<char>> = plan.sites[0].halls[0].rows[1]
            .slots
            .iter()
            .map(|s| s.map(|id| plan.legend[usize::from(id)].symbol))
            .collect();
        assert_eq!(symbols, [Some('c'), Some('\u{e9}'), None, Some('V')]);
        // Each row knows where its value is written, for an edit that replaces it without parsing again.
        let rows = &plan.sites[0].halls[0].rows;
        assert_eq!(text.get(rows[0].value_span.clone().unwrap()), Some("\"VV.g\""));
        assert_eq!(text.get(rows[1].value_span.clone().unwrap()), Some("\"c\u{e9}.V\""));
        for stranger in ['\u{f6}', 'Z'] {
            let bad = text.replace("R02 = \"c\u{e9}.V\"", &format!("R02 = \"c{stranger}.V\""));
            let err = parse_str(&bad).unwrap_err().to_string();
            assert!(err.contains(&format!("slot 2 holds '{stranger}', which is not in the legend")), "{err}");
        }
    }

    #[test]
    fn a_bad_slot_in_an_escaped_row_is_placed_at_the_string() {
        // `\u0058` is 'X': in the file the slot stands 6 bytes further right than in the value, so per-slot
        // columns would be wrong; the string's opening quote is reported instead.
        let text = SMALL.replace("R02 = \"c...\"", "R02 = \"c.\\u0058.\"");
        let err = parse_str(&text).unwrap_err().to_string();
        let line = text.lines().position(|l| l.starts_with("R02")).unwrap() + 1;
        assert!(err.contains(&format!("t.toml:{line}:7: site[0].hall[0].rows.R02: slot 3 holds 'X'")), "{err}");
        // Written plainly, the slot's own column.
        let plain = SMALL.replace("R02 = \"c...\"", "R02 = \"c.X.\"");
        let err = parse_str(&plain).unwrap_err().to_string();
        assert!(err.contains(&format!("t.toml:{line}:10: site[0].hall[0].rows.R02: slot 3 holds 'X'")), "{err}");
    }

    #[test]
    fn extreme_numbers_are_refused_with_the_range() {
        // 1e308 MW used to load and render as a 309-digit number.
        let huge = SMALL.replace("grid_mw = 10", "grid_mw = 1e308");
        let err = parse_str(&huge).unwrap_err().to_string();
        assert!(err.contains("grid_mw: expected a number greater than 0 and at most 100000, found 1e308"), "{err}");
        let price = SMALL.replacen("[plan]\n", "[economics.rack_capex_usd]\nvr-nvl72 = inf\n\n[plan]\n", 1);
        let err = parse_str(&price).unwrap_err().to_string();
        assert!(err.contains("rack_capex_usd.vr-nvl72: expected a rack price in USD from 0 to 10000000000"), "{err}");
    }

    #[test]
    fn a_row_needs_a_name() {
        let text = SMALL.replace("R02 = \"c...\"", "\"\" = \"c...\"");
        let err = parse_str(&text).unwrap_err().to_string();
        assert!(err.contains("expected a row name, found an empty one"), "{err}");
    }

    #[test]
    fn cdu_sizes_and_quarters_are_checked_strictly() {
        // A 1e-300 kW CDU gave a count that wrapped to 0 CDUs; "+2027Q1" was read as a quarter.
        let tiny = SMALL.replace("supply_c = 40", "supply_c = 40\ncdu_kw = 1e-300");
        let err = parse_str(&tiny).unwrap_err().to_string();
        assert!(err.contains("site[0].cooling.cdu_kw: expected a number from 1 to 100000, found 1e-300"), "{err}");
        let plus = SMALL.replace("energised = \"2027Q1\"", "energised = \"+2027Q1\"");
        let err = parse_str(&plus).unwrap_err().to_string();
        assert!(err.contains("expected a quarter like \"2027Q1\""), "{err}");
    }

    #[test]
    fn quarters_of_halls_and_of_the_supply_timeline_say_what_is_wrong() {
        // One reader for both keys: a missing key says what it is for, a non-string says what was found.
        let cases = [
            (
                SMALL.replace("energised = \"2027Q1\"\n", ""),
                "site[0].hall[0].energised: missing key: expected the quarter the hall is energised, like \"2027Q1\"",
            ),
            (
                SMALL.replace("energised = \"2027Q1\"", "energised = 2027"),
                "site[0].hall[0].energised: expected a quarter like \"2027Q1\", found the integer 2027",
            ),
            (
                format!("{SMALL}\n[supply]\nquarters = 4\n"),
                "supply.start: missing key: expected the timeline's first quarter, like \"2027Q1\"",
            ),
            (
                format!("{SMALL}\n[supply]\nstart = true\nquarters = 4\n"),
                "supply.start: expected a quarter like \"2027Q1\", found true",
            ),
        ];
        for (text, expected) in cases {
            let err = parse_str(&text).unwrap_err().to_string();
            assert!(err.contains(expected), "{expected}\n{err}");
        }
    }

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
        assert!(
            text.contains(
                "t.toml:12:11: site[0].grid_mw: expected a number greater than 0 and at most 100000, found -10"
            ),
            "{text}"
        );
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
