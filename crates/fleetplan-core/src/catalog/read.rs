//! Reading catalogue files and the site defaults: entries checked field by field and placed at their line and
//! column, then the defaults, which name the entries' fluids and platforms.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use super::settings::{self, SiteSettings};
use super::{Attention, CalibrationEntry, Catalog, Fluid, Layout, Model, ModelClass, Platform};
use crate::input::{Bounds, Collector, Diagnostics, TableReader, show_number};

/// Everything assets/defaults.toml holds.
pub(super) struct Defaults {
    pub(super) site: SiteSettings,
    pub(super) economics: settings::Economics,
    pub(super) layout: Layout,
    pub(super) power_profiles: super::PowerProfiles,
    pub(super) compared: Vec<String>,
    pub(super) service_levels: Vec<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    platform: BTreeMap<String, Platform>,
    #[serde(default)]
    fluid: BTreeMap<String, Fluid>,
    #[serde(default)]
    model: BTreeMap<String, Model>,
    #[serde(default)]
    calibration: BTreeMap<String, CalibrationEntry>,
}

/// Platforms, fluids, models and calibrations as read from catalogue files, before the site defaults that name them.
#[derive(Debug, Default)]
pub(super) struct Entries {
    pub(super) platforms: BTreeMap<String, Arc<Platform>>,
    pub(super) fluids: BTreeMap<String, Fluid>,
    pub(super) models: BTreeMap<String, Arc<Model>>,
    pub(super) calibrations: BTreeMap<String, Arc<CalibrationEntry>>,
}

impl Entries {
    /// Reads a catalogue file's entries; an entry with the id of one already read replaces it.
    pub(super) fn merge_text(&mut self, text: &str, file: &str) -> Result<(), Diagnostics> {
        let parsed: CatalogFile = toml::from_str(text).map_err(|e| {
            let mut cx = Collector::new(file, text);
            cx.toml_error(e.span(), e.message());
            cx.finish()
        })?;
        // The same text as a document with spans, so a figure out of range is reported at its line and column.
        let doc = toml_edit::Document::parse(text).ok();
        let mut cx = Collector::new(file, text);
        for (id, mut p) in parsed.platform {
            p.id.clone_from(&id);
            validate_platform(&p, &mut EntryErrors::new(&mut cx, doc.as_ref(), "platform", &id));
            self.platforms.insert(id, Arc::new(p));
        }
        for (id, mut f) in parsed.fluid {
            f.id.clone_from(&id);
            let mut e = EntryErrors::new(&mut cx, doc.as_ref(), "fluid", &id);
            e.check("cp_kj_per_kg_k", f.cp_kj_per_kg_k, Bounds::POSITIVE);
            e.check("density_kg_per_l", f.density_kg_per_l, Bounds::POSITIVE);
            self.fluids.insert(id, f);
        }
        for (id, mut c) in parsed.calibration {
            c.id.clone_from(&id);
            validate_calibration(&c, &mut EntryErrors::new(&mut cx, doc.as_ref(), "calibration", &id));
            self.calibrations.insert(id, Arc::new(c));
        }
        for (id, mut m) in parsed.model {
            m.id.clone_from(&id);
            validate_model(&m, &mut EntryErrors::new(&mut cx, doc.as_ref(), "model", &id));
            self.models.insert(id, Arc::new(m));
        }
        if cx.has_errors() { Err(cx.finish()) } else { Ok(()) }
    }

    pub(super) fn into_catalog(self, d: Defaults) -> Catalog {
        Catalog {
            platforms: self.platforms,
            fluids: self.fluids,
            models: self.models,
            calibrations: self.calibrations,
            economics: d.economics,
            defaults: d.site,
            layout: d.layout,
            power_profiles: d.power_profiles,
            compared: d.compared,
            service_levels: d.service_levels,
        }
    }
}

/// Errors in one catalogue entry (`[section.id]`), each named `section.id.field` and placed at the field's value
/// when the document has it (else at the entry, else the whole file).
struct EntryErrors<'c, 's, 'd> {
    cx: &'c mut Collector<'s>,
    entry: Option<&'d dyn toml_edit::TableLike>,
    entry_span: Option<std::ops::Range<usize>>,
    key: String,
}

impl<'c, 's, 'd> EntryErrors<'c, 's, 'd> {
    fn new(cx: &'c mut Collector<'s>, doc: Option<&'d toml_edit::Document<&str>>, section: &str, id: &str) -> Self {
        let entry = doc.and_then(|d| d.get(section)).and_then(|s| s.get(id));
        EntryErrors {
            cx,
            entry: entry.and_then(toml_edit::Item::as_table_like),
            entry_span: entry.and_then(toml_edit::Item::span),
            key: format!("{section}.{id}"),
        }
    }

    /// A problem with `field` (a dotted path inside the entry, such as `profiles.quote`).
    fn error(&mut self, field: &str, message: impl Into<String>) {
        let mut item = None;
        let mut table = self.entry;
        for part in field.split('.') {
            item = table.and_then(|t| t.get(part));
            table = item.and_then(toml_edit::Item::as_table_like);
        }
        let span = item.and_then(toml_edit::Item::span).or_else(|| self.entry_span.clone());
        self.cx.error(span, &format!("{}.{field}", self.key), message);
    }

    /// A whole count from `min` to `max`.
    fn count(&mut self, field: &str, v: u32, min: u32, max: u32) {
        if !(min..=max).contains(&v) {
            self.error(field, format!("expected a whole number from {min} to {max}, found {v}"));
        }
    }

    /// The same check and message as a plan's number: `expected a number from 0 to 1, found 2`.
    fn check(&mut self, field: &str, v: f64, bounds: Bounds) {
        if !bounds.contains(v) {
            self.error(field, format!("expected {}, found {}", bounds.describe(), show_number(v)));
        }
    }
}

/// Largest counts a catalogue may state: far above any rack-scale system, low enough that no count overflows.
const MAX_GPUS: u32 = 100_000;

fn validate_platform(p: &Platform, e: &mut EntryErrors) {
    e.check("liquid_frac", p.liquid_frac, Bounds::FRACTION);
    e.count("gpus", p.gpus, 1, MAX_GPUS);
    e.count("cpus", p.cpus, 0, MAX_GPUS);
    e.check("hbm_gb_per_gpu", p.hbm_gb_per_gpu, Bounds::positive_up_to(10_000.0));
    e.count("hbm_stacks_per_gpu", p.hbm_stacks_per_gpu, 1, 1_000);
    e.count("hbm_stack_height", p.hbm_stack_height, 1, 64);
    e.check("weight_kg", p.weight_kg, Bounds::positive_up_to(100_000.0));
    if let Some(t) = p.max_inlet_c {
        e.check("max_inlet_c", t, Bounds::closed(0.0, 100.0));
    }
    if let Some(usd) = p.capex_usd_per_rack {
        e.check("capex_usd_per_rack", usd, Bounds::positive_up_to(1e10));
    }
    if let Some(g) = &p.gpu {
        e.check("gpu.fp4_dense_pflops", g.fp4_dense_pflops, Bounds::positive_up_to(10_000.0));
        e.check("gpu.fp8_dense_pflops", g.fp8_dense_pflops, Bounds::positive_up_to(10_000.0));
        e.check("gpu.bf16_dense_pflops", g.bf16_dense_pflops, Bounds::positive_up_to(10_000.0));
        e.check("gpu.hbm_gb", g.hbm_gb, Bounds::positive_up_to(10_000.0));
        e.check("gpu.hbm_tb_s", g.hbm_tb_s, Bounds::positive_up_to(1_000.0));
        e.check("gpu.nvlink_tb_s", g.nvlink_tb_s, Bounds::positive_up_to(1_000.0));
        e.count("gpu.scale_up_gpus", g.scale_up_gpus, 1, MAX_GPUS);
        e.check("gpu.scale_out_gb_s", g.scale_out_gb_s, Bounds::positive_up_to(100_000.0));
        e.check("gpu.power_kw", g.power_kw, Bounds::positive_up_to(100.0));
    }
    if p.liquid_frac > 0.0 && p.max_inlet_c.is_none() {
        e.error("max_inlet_c", "a liquid-cooled platform needs its maximum coolant inlet, degC");
    }
    for (name, kw) in &p.profiles {
        e.check(&format!("profiles.{name}"), *kw, Bounds::positive_up_to(10_000.0));
    }
    if !p.profiles.contains_key(&p.default_profile) {
        e.error("default_profile", format!("\"{}\" is not one of the platform's profiles", p.default_profile));
    }
}

fn validate_calibration(c: &CalibrationEntry, e: &mut EntryErrors) {
    for (name, v, bounds) in [
        ("eta_f", c.eta_f, Bounds::EFFICIENCY),
        ("eta_bw", c.eta_bw, Bounds::EFFICIENCY),
        ("eta_prefill", c.eta_prefill, Bounds::EFFICIENCY),
        ("hbm_usable", c.hbm_usable, Bounds::EFFICIENCY),
        ("max_weight_share", c.max_weight_share, Bounds::EFFICIENCY),
        ("mem_compute_overlap", c.mem_compute_overlap, Bounds::FRACTION),
        ("overlap", c.overlap, Bounds::FRACTION),
        ("t_sched_ms", c.t_sched_ms, Bounds::NON_NEGATIVE),
        ("collective_us", c.collective_us, Bounds::NON_NEGATIVE),
        ("mtp_gain", c.mtp_gain, Bounds::NON_NEGATIVE),
        ("mtp_draft_tokens", c.mtp_draft_tokens, Bounds::closed(0.0, 16.0)),
    ] {
        e.check(name, v, bounds);
    }
    if c.mtp_gain > c.mtp_draft_tokens {
        e.error(
            "mtp_gain",
            format!(
                "{} tokens accepted per step is more than the {} drafted (mtp_draft_tokens): a step cannot accept more \
                 tokens than it verifies",
                c.mtp_gain, c.mtp_draft_tokens
            ),
        );
    }
    if c.max_seqs_per_gpu == 0 {
        e.error("max_seqs_per_gpu", "expected at least 1 sequence per GPU");
    }
}

fn validate_model(m: &Model, e: &mut EntryErrors) {
    if m.layers == 0 || m.d_model == 0 || m.heads == 0 {
        e.error("layers", "expected layers, d_model and heads above 0");
    }
    if !(m.params_active_b > 0.0 && m.params_active_b <= m.params_total_b) {
        e.error("params_active_b", "expected active parameters above 0 and at most params_total_b");
    }
    match m.class {
        ModelClass::Moe => {
            if m.experts == 0 || m.experts_per_token == 0 || m.experts_per_token > m.experts {
                e.error("experts_per_token", "a MoE model needs experts > 0 and 0 < experts_per_token <= experts");
            }
            if m.moe_layers == 0 || m.moe_layers > m.layers {
                e.error("moe_layers", "expected 0 < moe_layers <= layers");
            }
            if !(m.params_experts_b > 0.0 && m.params_experts_b < m.params_total_b) {
                e.error("params_experts_b", "expected routed-expert parameters above 0 and below params_total_b");
            }
        }
        ModelClass::Dense => {
            if m.experts > 0 || m.params_experts_b > 0.0 {
                e.error("experts", "a dense model has no experts");
            }
        }
    }
    match m.attention {
        Attention::Mha if m.head_dim == 0 => e.error("head_dim", "MHA needs head_dim"),
        Attention::Gqa if m.kv_heads == 0 || m.head_dim == 0 || m.kv_heads > m.heads => {
            e.error("kv_heads", "GQA needs head_dim and 0 < kv_heads <= heads")
        }
        Attention::Mla if m.kv_lora_rank == 0 || m.qk_nope_dim == 0 || m.v_head_dim == 0 => {
            e.error("kv_lora_rank", "MLA needs kv_lora_rank, rope_dim, qk_nope_dim and v_head_dim")
        }
        _ => {}
    }
    if m.sliding_layers > m.layers || (m.sliding_layers > 0) != (m.sliding_window > 0) {
        e.error(
            "sliding_layers",
            "sliding-window attention needs both sliding_window and 0 < sliding_layers <= layers",
        );
    }
}

pub(super) fn read_defaults(
    text: &str,
    file: &str,
    fluids: &BTreeMap<String, Fluid>,
    platforms: &[String],
) -> Result<Defaults, Diagnostics> {
    let mut cx = Collector::new(file, text);
    let doc = match toml_edit::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            cx.toml_error(e.span(), e.message());
            return Err(cx.finish());
        }
    };
    let mut top = TableReader::new(doc.as_table(), None, "");
    let settings = match top.table(&mut cx, "site") {
        Some(mut site) => {
            let s = SiteSettings::read(&mut site, &mut cx, None, fluids);
            site.finish(&mut cx);
            Some(s)
        }
        None => {
            cx.error(None, "site", "missing table [site]");
            None
        }
    };
    let ids: Vec<&str> = platforms.iter().map(String::as_str).collect();
    let economics = match top.table(&mut cx, "economics") {
        Some(mut e) => {
            let v = settings::Economics::read(&mut e, &mut cx, None, &ids);
            e.finish(&mut cx);
            Some(v)
        }
        None => {
            cx.error(None, "economics", "missing table [economics]");
            None
        }
    };
    let layout = match top.table(&mut cx, "layout") {
        Some(mut l) => {
            let racks_per_row = l.int(&mut cx, "racks_per_row", None, 1, 1000) as usize;
            let rows_per_hall = l.int(&mut cx, "rows_per_hall", None, 1, 1000) as usize;
            l.finish(&mut cx);
            Some(Layout { racks_per_row, rows_per_hall })
        }
        None => {
            cx.error(None, "layout", "missing table [layout]");
            None
        }
    };
    let power_profiles = match top.table(&mut cx, "power_profiles") {
        Some(mut p) => {
            let reference_profile = p.string(&mut cx, "reference_profile", None);
            let static_frac = p.num(&mut cx, "static_frac", None, Bounds::closed(0.0, 0.9));
            let clock_exponent = p.num(&mut cx, "clock_exponent", None, Bounds::closed(1.0, 5.0));
            let min_clock_frac = p.num(&mut cx, "min_clock_frac", None, Bounds::closed(0.01, 1.0));
            p.finish(&mut cx);
            Some(super::PowerProfiles { reference_profile, static_frac, clock_exponent, min_clock_frac })
        }
        None => {
            cx.error(None, "power_profiles", "missing table [power_profiles]");
            None
        }
    };
    let compared = match top.table(&mut cx, "compare") {
        Some(mut c) => {
            let span = c.item("platforms").and_then(toml_edit::Item::span);
            let list = c.string_list(&mut cx, "platforms");
            for id in list.iter().filter(|id| !platforms.contains(id)) {
                cx.error(
                    span.clone(),
                    "compare.platforms",
                    format!("unknown platform \"{id}\"; expected one of: {}", ids.join(", ")),
                );
            }
            let levels =
                c.num_list(&mut cx, "service_levels", None, 1..=12, crate::input::Bounds::positive_up_to(10_000.0));
            c.finish(&mut cx);
            Some((list, levels))
        }
        None => {
            cx.error(None, "compare", "missing table [compare]");
            None
        }
    };
    top.finish(&mut cx);
    match (settings, economics, layout, power_profiles, compared) {
        (Some(site), Some(economics), Some(layout), Some(power_profiles), Some((compared, service_levels)))
            if !cx.has_errors() =>
        {
            Ok(Defaults { site, economics, layout, power_profiles, compared, service_levels })
        }
        _ => Err(cx.finish()),
    }
}
