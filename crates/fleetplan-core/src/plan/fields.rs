//! The settings a site may state, with their help text and default, and the value each has in a plan: what the
//! app's Parameters screen edits and what `fleetplan diff` compares.

const DEFAULTS: &str = include_str!("../../../../assets/defaults.toml");

/// Where a field's key lives in a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Under the site's `[[site]]` (path may go into `[site.cooling]` and below).
    Site,
    /// A key of the hall's `[[site.hall]]`.
    Hall,
    /// A key of the plan-level `[economics]` table.
    Economics,
    /// A key of the plan-level `[workload]` table.
    Workload,
    /// A key of the `[plan]` table (its name, a catalogue file).
    Plan,
    /// A key of the `[supply]` table (its start quarter, its horizon).
    Supply,
    /// A key of one `[[supply.scenario]]`: the one the app has selected.
    Scenario,
}

impl Scope {
    /// How the key is shown: `cooling.supply_c` for a site, `hall.it_mw_max`, `economics.cost_of_capital` …
    pub fn prefix(self) -> &'static str {
        match self {
            Scope::Site => "",
            Scope::Hall => "hall.",
            Scope::Economics => "economics.",
            Scope::Workload => "workload.",
            Scope::Plan => "plan.",
            Scope::Supply => "supply.",
            Scope::Scenario => "supply.scenario.",
        }
    }
}

/// One setting: where it lives and its key path there, the help text (from the defaults file for site and
/// economics keys), and the default.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub scope: Scope,
    pub path: Vec<String>,
    pub help: String,
    /// The bundled default as a TOML literal; empty for keys without one (grid, climate, a hall's limits).
    pub default: String,
    /// A key every plan must state (grid, climate, a hall's name and quarter, the workload's shape): it cannot be
    /// reset to a default.
    pub required: bool,
}

impl Field {
    /// The key as the Parameters screen shows it.
    pub fn label(&self) -> String {
        format!("{}{}", self.scope.prefix(), self.path.join("."))
    }
}

/// The value a field has for a site: as written in the plan, or the default.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValue {
    pub literal: String,
    pub from_plan: bool,
}

/// The site's own keys, then every key of the defaults' `[site]` table, with its comment as help.
pub fn site_fields() -> Vec<Field> {
    let mut out = vec![
        required(Scope::Site, "grid_mw", "Grid connection envelope, MW."),
        required(
            Scope::Site,
            "climate",
            &format!(
                "Catalogue climate ({}) or a weather file path.",
                crate::catalog::Catalog::climate_ids().collect::<Vec<_>>().join(", ")
            ),
        ),
        optional(
            Scope::Site,
            "priority",
            "Supply order: the site with the lowest number gets racks first. Not set: its place in the plan (1, 2, ...).",
            "",
        ),
        optional(
            Scope::Site,
            "it_load_file",
            "A measured load year instead of it_load_frac and its shapes: 8,760 fractions of nameplate, one per line, \
             relative to the plan.",
            "",
        ),
    ];
    defaults_of("site", Scope::Site, &mut out);
    // The design temperatures of an explicit design condition, after the condition itself (no default: the plan's).
    let at = out.iter().position(|f| f.path == ["design", "condition"]).map_or(out.len(), |i| i + 1);
    for (i, (key, what)) in [("dry_bulb_c", "dry bulb"), ("wet_bulb_c", "wet bulb")].into_iter().enumerate() {
        let help = format!("Design {what}, degC, with condition = \"explicit\" (refused with any other condition).");
        let field = Field {
            scope: Scope::Site,
            path: vec!["design".into(), key.into()],
            help,
            default: String::new(),
            required: false,
        };
        out.insert(at + i, field);
    }
    out
}

fn required(scope: Scope, key: &str, help: &str) -> Field {
    Field { scope, path: vec![key.into()], help: help.into(), default: String::new(), required: true }
}

fn optional(scope: Scope, key: &str, help: &str, default: &str) -> Field {
    Field { scope, path: vec![key.into()], help: help.into(), default: default.into(), required: false }
}

/// Every key of the defaults file's `table`, with its comment as help and its value as default.
fn defaults_of(table: &str, scope: Scope, out: &mut Vec<Field>) {
    fn walk(t: &toml_edit::Table, scope: Scope, path: &mut Vec<String>, out: &mut Vec<Field>) {
        for (k, item) in t.iter() {
            path.push(k.to_string());
            match item {
                toml_edit::Item::Table(sub) => walk(sub, scope, path, out),
                toml_edit::Item::Value(v) => {
                    let help = t
                        .key(k)
                        .and_then(|key| key.leaf_decor().prefix())
                        .and_then(|p| p.as_str())
                        .map(|p| {
                            p.lines()
                                .map(|l| l.trim().trim_start_matches('#').trim())
                                .filter(|l| !l.is_empty())
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .unwrap_or_default();
                    let default = v.to_string().trim().to_string();
                    out.push(Field { scope, path: path.clone(), help, default, required: false });
                }
                _ => {}
            }
            path.pop();
        }
    }
    if let Ok(doc) = DEFAULTS.parse::<toml_edit::DocumentMut>()
        && let Some(t) = doc.get(table).and_then(toml_edit::Item::as_table)
    {
        walk(t, scope, &mut Vec::new(), out);
    }
}

/// The unit of a key, from the suffix the plan format names its keys with (`supply_c`, `grid_mw`, `cdu_kw` …);
/// empty for ratios, counts and words.
pub fn unit(path: &[String]) -> &'static str {
    let Some(key) = path.last() else { return "" };
    if path.first().is_some_and(|p| p == "rack_capex_usd") {
        return "$ per rack";
    }
    // Longest suffixes first: `_usd_per_mw` before `_mw`.
    const SUFFIXES: [(&str, &str); 14] = [
        ("_usd_per_mwh", "$/MWh"),
        ("_usd_per_m_output_tokens", "$/M output tokens"),
        ("_usd_per_mw", "$/MW"),
        ("_usd_per_gpu_year", "$/GPU/year"),
        ("_l_per_kwh", "L/kWh"),
        ("_kw_per_mw", "kW/MW"),
        ("_tokens_per_s", "tokens/s"),
        ("_k", "K"),
        ("_c", "degC"),
        ("_kpa", "kPa"),
        ("_kw", "kW"),
        ("_mw", "MW"),
        ("_ms", "ms"),
        ("_frac", "fraction"),
    ];
    match key.as_str() {
        "eff" | "pump_eff" | "utilisation" | "share" | "noload_share" | "square_share" | "power_factor" => "fraction",
        "cost_of_capital" => "per year",
        "depreciation_years" => "years",
        "isl" | "osl" => "tokens",
        "tps_user_min" => "tokens/s per user",
        _ => SUFFIXES.iter().find(|(s, _)| key.ends_with(s)).map_or("", |(_, u)| u),
    }
}

/// What the app's Parameters screen edits: the site's settings, the selected hall's keys, the plan's economics,
/// and its workload's service level and shape (when it has a workload; the model mix is edited in the file).
pub fn app_fields(has_workload: bool) -> Vec<Field> {
    let mut out = site_fields();
    out.extend([
        required(Scope::Hall, "name", "The hall's name, unique in its site."),
        required(Scope::Hall, "energised", "Quarter the hall's power and cooling are ready for racks, e.g. 2027Q3."),
        optional(
            Scope::Hall,
            "it_mw_max",
            "Limit on the hall's IT load, MW (a switchboard or UPS rating). Not set: no limit.",
            "",
        ),
        optional(Scope::Hall, "row_busway_kw", "Rating of each row's busway, kW of IT. Not set: no limit.", ""),
        optional(Scope::Hall, "cdu_kw", "CDU size in this hall, kW. Not set: the site's cooling.cdu_kw.", ""),
    ]);
    defaults_of("economics", Scope::Economics, &mut out);
    out.push(optional(
        Scope::Economics,
        "revenue_usd_per_m_output_tokens",
        "What a million output tokens sell for, USD: the supply timeline's revenue short. Not set: not counted.",
        "",
    ));
    if has_workload {
        out.extend([
            required(Scope::Workload, "precision", "Weights and activations: \"fp4\", \"fp8\" or \"bf16\"."),
            required(Scope::Workload, "isl", "Input (prompt) tokens per request."),
            required(Scope::Workload, "osl", "Output (generated) tokens per request."),
            required(Scope::Workload, "tps_user_min", "Service level: the least output tokens/s each user sees."),
            optional(
                Scope::Workload,
                "ttft_ms_max",
                "Longest time to first token, ms (queue + prefill). Not set: no limit.",
                "",
            ),
            required(
                Scope::Workload,
                "utilisation",
                "Average share of capacity in use (0-1): tokens served, cost per token, prefill queue.",
            ),
            optional(
                Scope::Workload,
                "queue_replicas",
                "Replicas sharing one request queue (a router over them).",
                "1",
            ),
            optional(
                Scope::Workload,
                "serving",
                "\"aggregated\" (prefill and decode share GPUs) or \"disaggregated\" (separate pools).",
                "\"aggregated\"",
            ),
            optional(
                Scope::Workload,
                "demand_tokens_per_s",
                "Token demand the fleet is sized for, input + output tokens/s. Not set: none.",
                "",
            ),
            optional(
                Scope::Workload,
                "calibration",
                "A calibration of assets/calibration.toml instead of the default for each platform.",
                "",
            ),
        ]);
    }
    out
}

/// The `[plan]` keys the app edits.
pub fn plan_fields() -> Vec<Field> {
    vec![
        optional(
            Scope::Plan,
            "name",
            "The plan's name, shown in titles, reports and charts. Not set: the file's name.",
            "",
        ),
        optional(
            Scope::Plan,
            "catalog",
            "A catalogue file laid over the bundled one (platforms, fluids, models), relative to the plan.",
            "",
        ),
    ]
}

/// The `[supply]` keys the app edits, and those of the selected `[[supply.scenario]]` (its HBM and packaging lines
/// stay in the file: they are lists of suppliers).
pub fn supply_fields() -> Vec<Field> {
    vec![
        required(Scope::Supply, "start", "First quarter of the supply timeline, e.g. 2027Q1."),
        required(Scope::Supply, "quarters", "Quarters the timeline covers (its horizon)."),
        required(
            Scope::Scenario,
            "probability",
            "Of the selected scenario ([ and ] change it): its weight in the Monte Carlo and the mean; the scenarios' \
             probabilities add up to 1, so change another with it.",
        ),
        optional(
            Scope::Scenario,
            "cdus_per_quarter",
            "Of the selected scenario: CDUs the vendor delivers a quarter. Not set: no limit.",
            "",
        ),
        optional(
            Scope::Scenario,
            "integrator_racks_per_quarter",
            "Of the selected scenario: racks the integrator builds and tests a quarter. Not set: no limit.",
            "",
        ),
    ]
}

/// The value of each site field for site `site` of a plan's text: as written there, else the default.
pub fn site_values(text: &str, site: usize, fields: &[Field]) -> Vec<FieldValue> {
    values(text, site, None, fields)
}

/// The value of each field for site `site` (and hall `hall` of it, for hall keys) of a plan's text: as written
/// there, else the default. A hall key when there is no hall has no value (an empty literal).
pub fn values(text: &str, site: usize, hall: Option<usize>, fields: &[Field]) -> Vec<FieldValue> {
    values_in(toml_edit::Document::parse(text).ok().as_ref(), site, hall, fields)
}

/// [`values`] from a plan already parsed (`None` when it does not parse), for callers that ask for many sites: parsing
/// the text again for each site made `diff` of two 1,000-site plans take 21 s.
pub fn values_in<S: AsRef<str>>(
    doc: Option<&toml_edit::Document<S>>,
    site: usize,
    hall: Option<usize>,
    fields: &[Field],
) -> Vec<FieldValue> {
    values_in_scenario(doc, site, hall, 0, fields)
}

/// [`values_in`], with the `[[supply.scenario]]` keys read from scenario `scenario`.
pub fn values_in_scenario<S: AsRef<str>>(
    doc: Option<&toml_edit::Document<S>>,
    site: usize,
    hall: Option<usize>,
    scenario: usize,
    fields: &[Field],
) -> Vec<FieldValue> {
    let top = |k: &str| doc.and_then(|d| d.get(k)).and_then(|t| t.as_table_like());
    let scenario_t = top("supply")
        .and_then(|s| s.get("scenario"))
        .and_then(|a| a.as_array_of_tables())
        .and_then(|a| a.get(scenario));
    let site_t = doc.and_then(|d| d.get("site")).and_then(|s| s.as_array_of_tables()).and_then(|a| a.get(site));
    let hall_t =
        site_t.zip(hall).and_then(|(s, h)| s.get("hall").and_then(|a| a.as_array_of_tables()).and_then(|a| a.get(h)));
    fields
        .iter()
        .map(|f| {
            let table: Option<&dyn toml_edit::TableLike> = match f.scope {
                Scope::Site => site_t.map(|t| t as &dyn toml_edit::TableLike),
                Scope::Hall => hall_t.map(|t| t as &dyn toml_edit::TableLike),
                Scope::Economics => top("economics"),
                Scope::Workload => top("workload"),
                Scope::Plan => top("plan"),
                Scope::Supply => top("supply"),
                Scope::Scenario => scenario_t.map(|t| t as &dyn toml_edit::TableLike),
            };
            let lookup = || {
                let mut cur = table?;
                let (last, parents) = f.path.split_last()?;
                for p in parents {
                    cur = cur.get(p)?.as_table_like()?;
                }
                cur.get(last)?.as_value().map(|v| v.to_string().trim().to_string())
            };
            match lookup() {
                Some(literal) => FieldValue { literal, from_plan: true },
                None => FieldValue { literal: f.default.clone(), from_plan: false },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_site_default_is_a_field_and_nothing_else_is() {
        let f = site_fields();
        let supply = f.iter().find(|f| f.path == ["cooling", "supply_c"]).unwrap();
        assert!(supply.help.contains("45"), "{}", supply.help);
        assert_eq!(supply.default, "45.0");
        assert!(f.iter().any(|f| f.path == ["electrical", "redundancy"]));
        // [economics] is plan-level, not a site setting.
        assert!(!f.iter().any(|f| f.path.iter().any(|k| k.contains("capital"))), "{:?}", f.last());
    }

    #[test]
    fn values_come_from_the_plan_or_the_default() {
        let text = "[[site]]\nname = \"A\"\ngrid_mw = 10\n\n[site.cooling]\nsupply_c = 40\n";
        let f = site_fields();
        let v = site_values(text, 0, &f);
        let at = |p: &[&str]| &v[f.iter().position(|x| x.path == p).unwrap()];
        assert_eq!(at(&["grid_mw"]), &FieldValue { literal: "10".into(), from_plan: true });
        assert_eq!(at(&["cooling", "supply_c"]), &FieldValue { literal: "40".into(), from_plan: true });
        assert_eq!(at(&["cooling", "rack_delta_t_k"]), &FieldValue { literal: "10.0".into(), from_plan: false });
    }

    #[test]
    fn units_are_read_from_the_keys_suffixes() {
        let u = |p: &[&str]| unit(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(u(&["cooling", "supply_c"]), "degC");
        assert_eq!(u(&["cooling", "tower", "approach_k"]), "K");
        assert_eq!(u(&["grid_mw"]), "MW");
        assert_eq!(u(&["cooling", "cdu_kw"]), "kW");
        assert_eq!(u(&["electricity_usd_per_mwh"]), "$/MWh");
        assert_eq!(u(&["cooling", "tower", "fan_kw_per_mw"]), "kW/MW");
        assert_eq!(u(&["network_storage_frac"]), "fraction");
        assert_eq!(u(&["rack_capex_usd", "vr-nvl72"]), "$ per rack");
        assert_eq!(u(&["tps_user_min"]), "tokens/s per user");
        // Words and counts have none.
        assert_eq!(u(&["cooling", "heat_rejection"]), "");
        assert_eq!(u(&["electrical", "redundant_units"]), "");
    }
}
