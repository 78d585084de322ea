//! Site settings: the electrical chain, the cooling plant and the site-wide loads. The same reader parses the bundled
//! defaults (`assets/defaults.toml`, every key required) and a plan's `[[site]]` tables (missing keys fall back to
//! the defaults), so a default can never be a value a plan could not state.

use std::collections::BTreeMap;

use super::Fluid;
use crate::input::Collector;
use crate::input::{Bounds, TableReader};

/// A site's settings (a plan's `[[site]]` over the defaults' `[site]`): electricity price, IT load shape, site-wide
/// loads, the electrical chain and the cooling plant.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSettings {
    pub electricity_usd_per_mwh: f64,
    pub it_load_frac: f64,
    /// Hour-of-day multipliers of `it_load_frac`, 00:00 first.
    pub it_load_daily: Vec<f64>,
    /// Month-of-year multipliers of `it_load_frac`, January first.
    pub it_load_monthly: Vec<f64>,
    pub network_storage_frac: f64,
    pub misc_frac: f64,
    pub electrical: Electrical,
    pub cooling: Cooling,
    pub design: Design,
}

/// Builds `Some(base.field)` when there is a base (a plan over the defaults), `None` when the key is required.
macro_rules! base {
    ($base:expr, $($field:tt)+) => {
        $base.map(|b| b.$($field)+.clone())
    };
}

/// A number whose key is the field's own name: `num!(reader, cx, base, field, bounds)`.
macro_rules! num {
    ($r:expr, $cx:expr, $base:expr, $field:ident, $bounds:expr) => {
        $r.num($cx, stringify!($field), base!($base, $field), $bounds)
    };
}

// After the macros, which the electrical reader uses too.
mod cooling;
mod design;
mod electrical;

pub use cooling::*;
pub use design::*;
pub use electrical::*;

impl SiteSettings {
    /// Reads the settings keys of a `[[site]]` (or the defaults' `[site]`) table. The caller reads the other keys
    /// (name, grid, climate, halls) from the same reader and calls `finish` on it.
    pub fn read(
        r: &mut TableReader,
        cx: &mut Collector,
        base: Option<&SiteSettings>,
        fluids: &BTreeMap<String, Fluid>,
    ) -> SiteSettings {
        let electricity_usd_per_mwh = num!(r, cx, base, electricity_usd_per_mwh, Bounds::closed(0.0, 100_000.0));
        let it_load_frac = num!(r, cx, base, it_load_frac, Bounds::EFFICIENCY);
        let shape = Bounds::closed(0.0, 10.0);
        let it_load_daily = r.num_list(cx, "it_load_daily", base!(base, it_load_daily), 24..=24, shape);
        let it_load_monthly = r.num_list(cx, "it_load_monthly", base!(base, it_load_monthly), 12..=12, shape);
        let peak = it_load_frac
            * it_load_daily.iter().copied().fold(0.0, f64::max)
            * it_load_monthly.iter().copied().fold(0.0, f64::max);
        if peak > 1.0 + 1e-9 {
            let span =
                ["it_load_daily", "it_load_monthly", "it_load_frac"].iter().find_map(|k| r.key_span(k)).or(r.span());
            cx.error(
                span,
                &r.key_path("it_load_daily"),
                format!(
                    "it_load_frac x the largest daily x the largest monthly multiplier is {peak:.3}, above nameplate; \
                     expected at most 1 in every hour (design is always at nameplate)"
                ),
            );
        }
        let network_storage_frac = num!(r, cx, base, network_storage_frac, Bounds::closed(0.0, 2.0));
        let misc_frac = num!(r, cx, base, misc_frac, Bounds::closed(0.0, 1.0));

        let electrical = sub_table(r, cx, "electrical", |t, cx| Electrical::read(t, cx, base.map(|b| &b.electrical)));
        let cooling = sub_table(r, cx, "cooling", |t, cx| Cooling::read(t, cx, base.map(|b| &b.cooling), fluids));
        let design = sub_table(r, cx, "design", |t, cx| Design::read(t, cx, base.map(|b| &b.design)));
        SiteSettings {
            electricity_usd_per_mwh,
            it_load_frac,
            it_load_daily,
            it_load_monthly,
            network_storage_frac,
            misc_frac,
            electrical,
            cooling,
            design,
        }
    }
}

static EMPTY: std::sync::LazyLock<toml_edit::Table> = std::sync::LazyLock::new(toml_edit::Table::new);

/// A reader over an absent sub-table: every key falls back to its default (or is reported missing).
fn empty_reader(span: Option<std::ops::Range<usize>>, path: &str) -> TableReader<'static> {
    TableReader::new(&*EMPTY, span, path)
}

/// Reads a sub-table that may be absent, with its own defaults, and reports its unknown keys.
fn sub_table<T>(
    r: &mut TableReader,
    cx: &mut Collector,
    key: &'static str,
    read: impl FnOnce(&mut TableReader, &mut Collector) -> T,
) -> T {
    let sub = r.table(cx, key);
    let span = sub.as_ref().and_then(TableReader::span).or_else(|| r.span());
    let mut t = sub.unwrap_or_else(|| empty_reader(span, &r.key_path(key)));
    let v = read(&mut t, cx);
    t.finish(cx);
    v
}

/// Economics for cost per token: capital recovery and fixed costs (README, `[economics]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Economics {
    pub cost_of_capital: f64,
    pub depreciation_years: f64,
    pub network_usd_per_mw: f64,
    pub facility_usd_per_mw: f64,
    pub opex_usd_per_gpu_year: f64,
    /// Revenue per million output tokens, for the cost of delay; `None`: not set (only idle capital is priced).
    pub revenue_usd_per_m_output_tokens: Option<f64>,
    /// Rack prices the plan states, by platform id; others come from the catalogue.
    pub rack_capex_usd: BTreeMap<String, f64>,
}

impl Economics {
    /// Reads `[economics]` (or the defaults' `[economics]`, every key required when `base` is `None`).
    pub fn read(r: &mut TableReader, cx: &mut Collector, base: Option<&Economics>, platforms: &[&str]) -> Economics {
        let b = base;
        let mut rack_capex_usd = BTreeMap::new();
        if let Some(t) = r.table(cx, "rack_capex_usd") {
            for (k, item) in t.table_like().iter() {
                let path = crate::input::join(t.path(), k);
                if !platforms.contains(&k) {
                    cx.error(
                        item.span(),
                        &path,
                        format!("unknown platform; expected one of: {}", platforms.join(", ")),
                    );
                    continue;
                }
                match item.as_value().and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64))) {
                    Some(v) if (0.0..=1e10).contains(&v) => {
                        rack_capex_usd.insert(k.to_string(), v);
                    }
                    _ => cx.error(item.span(), &path, "expected a rack price in USD from 0 to 10000000000"),
                }
            }
        }
        Economics {
            cost_of_capital: num!(r, cx, b, cost_of_capital, Bounds::closed(0.0, 1.0)),
            depreciation_years: num!(r, cx, b, depreciation_years, Bounds::closed(0.5, 50.0)),
            network_usd_per_mw: num!(r, cx, b, network_usd_per_mw, Bounds::closed(0.0, 1e10)),
            facility_usd_per_mw: num!(r, cx, b, facility_usd_per_mw, Bounds::closed(0.0, 1e10)),
            opex_usd_per_gpu_year: num!(r, cx, b, opex_usd_per_gpu_year, Bounds::closed(0.0, 1e7)),
            revenue_usd_per_m_output_tokens: r
                .opt_num(cx, "revenue_usd_per_m_output_tokens", Bounds::closed(0.0, 1e6))
                .or_else(|| b.and_then(|b| b.revenue_usd_per_m_output_tokens)),
            rack_capex_usd,
        }
    }
}
