//! The catalogue: rack platforms, coolants, site defaults and typical-year climates, embedded from `assets/` and
//! overridable by a user file. Every figure carries its source note.

pub mod climate;
pub mod settings;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

pub use climate::Climate;

use crate::input::{Bounds, TableReader};
use crate::input::{Collector, Diagnostic, Diagnostics};
use settings::SiteSettings;

const BUILTIN_CATALOG: &str = include_str!("../../assets/catalog.toml");
const BUILTIN_DEFAULTS: &str = include_str!("../../assets/defaults.toml");
const BUILTIN_MODELS: &str = include_str!("../../assets/models.toml");
const BUILTIN_CALIBRATION: &str = include_str!("../../assets/calibration.toml");

/// Bundled typical years: id and file contents (format: `assets/climates/*.csv`, see `climate::parse_compact`).
const BUILTIN_CLIMATES: [(&str, &str); 3] = [
    ("greensboro-nc", include_str!("../../assets/climates/greensboro-nc.csv")),
    ("miami-fl", include_str!("../../assets/climates/miami-fl.csv")),
    ("sand-point-ak", include_str!("../../assets/climates/sand-point-ak.csv")),
];

/// A rack-scale platform: what one rack slot holds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    #[serde(skip)]
    pub id: String,
    pub name: String,
    pub gpus: u32,
    pub cpus: u32,
    pub hbm_generation: String,
    pub hbm_gb_per_gpu: f64,
    pub hbm_stacks_per_gpu: u32,
    pub hbm_stack_height: u32,
    /// Fraction of rack heat removed by liquid (F20).
    pub liquid_frac: f64,
    /// Highest coolant temperature at the rack inlet; none for air-cooled platforms.
    #[serde(default)]
    pub max_inlet_c: Option<f64>,
    pub weight_kg: f64,
    /// Price of one rack, USD, for cost per token; a plan's `[economics.rack_capex_usd]` may state it instead.
    #[serde(default)]
    pub capex_usd_per_rack: Option<f64>,
    pub default_profile: String,
    /// Rack IT power per power profile, kW (F1).
    pub profiles: BTreeMap<String, f64>,
    /// Source note per figure.
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// Per-GPU figures for the inference roofline; none for platforms without public figures.
    #[serde(default)]
    pub gpu: Option<GpuSpec>,
}

/// One GPU of a platform, for the inference roofline (inference-and-supply reference, GPU table).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GpuSpec {
    pub name: String,
    /// Dense tensor throughput per precision, PFLOP/s.
    pub fp4_dense_pflops: f64,
    pub fp8_dense_pflops: f64,
    pub bf16_dense_pflops: f64,
    /// Usable HBM capacity, GB, and bandwidth, TB/s.
    pub hbm_gb: f64,
    pub hbm_tb_s: f64,
    /// Scale-up (NVLink) bandwidth per GPU, TB/s, and how many GPUs share that domain.
    pub nvlink_tb_s: f64,
    pub scale_up_gpus: u32,
    /// Scale-out network bandwidth per GPU, GB/s.
    pub scale_out_gb_s: f64,
    pub power_kw: f64,
    pub source: String,
}

/// Weight and KV-cache precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Fp4,
    Fp8,
    Bf16,
}

impl Precision {
    /// As written in plans and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Precision::Fp4 => "fp4",
            Precision::Fp8 => "fp8",
            Precision::Bf16 => "bf16",
        }
    }

    pub fn parse(s: &str) -> Option<Precision> {
        match s {
            "fp4" => Some(Precision::Fp4),
            "fp8" => Some(Precision::Fp8),
            "bf16" => Some(Precision::Bf16),
            _ => None,
        }
    }

    /// Bytes per weight: BF16 2, FP8 1, NVFP4 ~0.5625 including block scales (reference).
    pub fn weight_bytes(self) -> f64 {
        match self {
            Precision::Fp4 => 0.5625,
            Precision::Fp8 => 1.0,
            Precision::Bf16 => 2.0,
        }
    }

    /// Bytes per KV-cache element: FP8 when serving FP4 or FP8 weights, BF16 otherwise (reference examples use FP8).
    pub fn kv_bytes(self) -> f64 {
        match self {
            Precision::Fp4 | Precision::Fp8 => 1.0,
            Precision::Bf16 => 2.0,
        }
    }

    /// Dense tensor FLOP/s of a GPU at this precision.
    pub fn flops(self, g: &GpuSpec) -> f64 {
        crate::units::pflops_to_flops(match self {
            Precision::Fp4 => g.fp4_dense_pflops,
            Precision::Fp8 => g.fp8_dense_pflops,
            Precision::Bf16 => g.bf16_dense_pflops,
        })
    }
}

/// Dense transformer, or mixture of experts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelClass {
    Dense,
    Moe,
}

/// Attention and so KV-cache layout: grouped-query (GQA) or multi-head latent (MLA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attention {
    Gqa,
    Mla,
}

/// A fit of the inference roofline's efficiencies to a public measurement (assets/calibration.toml).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationEntry {
    #[serde(skip)]
    pub id: String,
    pub name: String,
    /// Used for its platforms and class unless another calibration is named.
    pub default: bool,
    pub class: ModelClass,
    pub platforms: Vec<String>,
    pub eta_f: f64,
    pub eta_bw: f64,
    pub mem_compute_overlap: f64,
    pub overlap: f64,
    pub t_sched_ms: f64,
    pub collective_us: f64,
    pub mtp_gain: f64,
    pub eta_prefill: f64,
    pub replicated_dense: bool,
    /// Share of HBM a replica may fill with weights and KV cache (the roofline's `u`).
    pub hbm_usable: f64,
    /// Largest share of a replica's usable HBM the weights may fill when the replica size is chosen.
    pub max_weight_share: f64,
    pub replica_gpus: BTreeMap<String, u32>,
    pub fitted_to: String,
    pub date: String,
}

/// A model's shape, as the roofline needs it (inference-and-supply reference, "Model shapes").
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    #[serde(skip)]
    pub id: String,
    pub name: String,
    pub class: ModelClass,
    pub layers: u32,
    #[serde(default)]
    pub moe_layers: u32,
    pub d_model: u32,
    pub heads: u32,
    pub params_total_b: f64,
    pub params_active_b: f64,
    /// All routed-expert parameters, billions (MoE only).
    #[serde(default)]
    pub params_experts_b: f64,
    #[serde(default)]
    pub experts: u32,
    #[serde(default)]
    pub experts_per_token: u32,
    pub attention: Attention,
    #[serde(default)]
    pub kv_heads: u32,
    #[serde(default)]
    pub head_dim: u32,
    #[serde(default)]
    pub kv_lora_rank: u32,
    #[serde(default)]
    pub rope_dim: u32,
    pub source: String,
}

/// A coolant for the F5 flow formula.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fluid {
    #[serde(skip)]
    pub id: String,
    pub name: String,
    pub cp_kj_per_kg_k: f64,
    pub density_kg_per_l: f64,
    pub source: String,
}

impl Fluid {
    /// Stand-in used only while a load that already has errors finishes reading (never evaluated).
    pub fn placeholder() -> Fluid {
        Fluid {
            id: String::new(),
            name: String::new(),
            cp_kj_per_kg_k: 1.0,
            density_kg_per_l: 1.0,
            source: String::new(),
        }
    }
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

/// Platforms, fluids and site defaults in force for a plan.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub platforms: BTreeMap<String, Arc<Platform>>,
    pub fluids: BTreeMap<String, Fluid>,
    pub models: BTreeMap<String, Arc<Model>>,
    pub calibrations: BTreeMap<String, Arc<CalibrationEntry>>,
    /// `[economics]` defaults for plans.
    pub economics: settings::Economics,
    pub defaults: SiteSettings,
    /// Row and hall sizes of proposed layouts (`fleetplan new`, a hall added in the app).
    pub layout: Layout,
    /// Platforms of the platform comparison, in the order shown.
    pub compared: Vec<String>,
}

/// Sizes of the layouts fleetplan proposes (`[layout]` in assets/defaults.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub racks_per_row: usize,
    pub rows_per_hall: usize,
}

/// Everything assets/defaults.toml holds.
struct Defaults {
    site: SiteSettings,
    economics: settings::Economics,
    layout: Layout,
    compared: Vec<String>,
}

static BUILTIN: OnceLock<Result<Catalog, Diagnostics>> = OnceLock::new();

impl Catalog {
    /// The catalogue embedded in the binary: its entries first, then the site defaults, which name its fluids and
    /// platforms.
    pub fn builtin() -> Result<&'static Catalog, Diagnostics> {
        BUILTIN
            .get_or_init(|| {
                let mut entries = Entries::default();
                entries.merge_text(BUILTIN_CATALOG, "<bundled assets/catalog.toml>")?;
                entries.merge_text(BUILTIN_MODELS, "<bundled assets/models.toml>")?;
                entries.merge_text(BUILTIN_CALIBRATION, "<bundled assets/calibration.toml>")?;
                let platforms: Vec<String> = entries.platforms.keys().cloned().collect();
                let defaults =
                    read_defaults(BUILTIN_DEFAULTS, "<bundled assets/defaults.toml>", &entries.fluids, &platforms)?;
                Ok(entries.into_catalog(defaults))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// This catalogue with a user file laid over it: entries with the same id are replaced, new ones added.
    pub fn with_overrides(&self, path: &Path) -> Result<Catalog, Diagnostics> {
        let file = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| Diagnostic::unreadable(&file, "the catalogue file", &e))?;
        self.with_text(&text, &file)
    }

    /// This catalogue with catalogue text laid over it; `file` names it in messages.
    pub fn with_text(&self, text: &str, file: &str) -> Result<Catalog, Diagnostics> {
        let mut entries = Entries {
            platforms: self.platforms.clone(),
            fluids: self.fluids.clone(),
            models: self.models.clone(),
            calibrations: self.calibrations.clone(),
        };
        entries.merge_text(text, file)?;
        Ok(entries.into_catalog(Defaults {
            site: self.defaults.clone(),
            economics: self.economics.clone(),
            layout: self.layout,
            compared: self.compared.clone(),
        }))
    }

    pub fn platform(&self, id: &str) -> Option<&Arc<Platform>> {
        self.platforms.get(id)
    }

    /// The calibration for a platform and model class: the named one, or the default that lists the platform.
    pub fn calibration(
        &self,
        platform: &str,
        class: ModelClass,
        named: Option<&str>,
    ) -> Option<&Arc<CalibrationEntry>> {
        match named {
            Some(id) => {
                self.calibrations.get(id).filter(|c| c.class == class && c.platforms.iter().any(|p| p == platform))
            }
            None => self
                .calibrations
                .values()
                .find(|c| c.default && c.class == class && c.platforms.iter().any(|p| p == platform)),
        }
    }

    /// Ids of the bundled climates.
    pub fn climate_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN_CLIMATES.iter().map(|(id, _)| *id)
    }

    /// A bundled climate by id, parsed once per process.
    pub fn climate(id: &str) -> Option<Arc<Climate>> {
        static PARSED: [OnceLock<Option<Arc<Climate>>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let i = BUILTIN_CLIMATES.iter().position(|(cid, _)| *cid == id)?;
        PARSED[i]
            .get_or_init(|| {
                let (cid, text) = BUILTIN_CLIMATES[i];
                climate::parse_compact(text, &format!("<bundled assets/climates/{cid}.csv>")).ok().map(Arc::new)
            })
            .clone()
    }
}

/// Platforms, fluids, models and calibrations as read from catalogue files, before the site defaults that name them.
#[derive(Debug, Default)]
struct Entries {
    platforms: BTreeMap<String, Arc<Platform>>,
    fluids: BTreeMap<String, Fluid>,
    models: BTreeMap<String, Arc<Model>>,
    calibrations: BTreeMap<String, Arc<CalibrationEntry>>,
}

impl Entries {
    /// Reads a catalogue file's entries; an entry with the id of one already read replaces it.
    fn merge_text(&mut self, text: &str, file: &str) -> Result<(), Diagnostics> {
        let parsed: CatalogFile = toml::from_str(text).map_err(|e| {
            let mut cx = Collector::new(file, text);
            cx.error(e.span(), "", e.message().trim().to_string());
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

    fn into_catalog(self, d: Defaults) -> Catalog {
        Catalog {
            platforms: self.platforms,
            fluids: self.fluids,
            models: self.models,
            calibrations: self.calibrations,
            economics: d.economics,
            defaults: d.site,
            layout: d.layout,
            compared: d.compared,
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

    /// The same check and message as a plan's number: `expected a number from 0 to 1, found 2`.
    fn check(&mut self, field: &str, v: f64, bounds: Bounds) {
        if !bounds.contains(v) {
            self.error(field, format!("expected {}, found {v}", bounds.describe()));
        }
    }
}

fn validate_platform(p: &Platform, e: &mut EntryErrors) {
    e.check("liquid_frac", p.liquid_frac, Bounds::FRACTION);
    if p.liquid_frac > 0.0 && p.max_inlet_c.is_none() {
        e.error("max_inlet_c", "a liquid-cooled platform needs its maximum coolant inlet, degC");
    }
    if p.gpus == 0 {
        e.error("gpus", "expected at least 1 GPU per rack");
    }
    for (name, kw) in &p.profiles {
        e.check(&format!("profiles.{name}"), *kw, Bounds::POSITIVE);
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
    ] {
        e.check(name, v, bounds);
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
        Attention::Gqa if m.kv_heads == 0 || m.head_dim == 0 => e.error("kv_heads", "GQA needs kv_heads and head_dim"),
        Attention::Mla if m.kv_lora_rank == 0 => e.error("kv_lora_rank", "MLA needs kv_lora_rank (and rope_dim)"),
        _ => {}
    }
}

fn read_defaults(
    text: &str,
    file: &str,
    fluids: &BTreeMap<String, Fluid>,
    platforms: &[String],
) -> Result<Defaults, Diagnostics> {
    let mut cx = Collector::new(file, text);
    let doc = match toml_edit::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            cx.error(e.span(), "", e.message().trim().to_string());
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
            c.finish(&mut cx);
            Some(list)
        }
        None => {
            cx.error(None, "compare", "missing table [compare]");
            None
        }
    };
    top.finish(&mut cx);
    match (settings, economics, layout, compared) {
        (Some(site), Some(economics), Some(layout), Some(compared)) if !cx.has_errors() => {
            Ok(Defaults { site, economics, layout, compared })
        }
        _ => Err(cx.finish()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_compared_platforms_are_read_strictly() {
        let cat = Catalog::builtin().unwrap();
        assert_eq!(cat.layout, Layout { racks_per_row: 20, rows_per_hall: 10 });
        assert_eq!(cat.compared, ["gb200-nvl72", "gb300-nvl72", "vr-nvl72"]);
        let platforms: Vec<String> = cat.platforms.keys().cloned().collect();
        let bad = BUILTIN_DEFAULTS
            .replace("platforms = [\"gb200-nvl72\",", "platforms = [\"gb100-nvl72\",")
            .replace("rows_per_hall = 10", "rows_per_hall = 0");
        let err = read_defaults(&bad, "d.toml", &cat.fluids, &platforms).err().unwrap().to_string();
        assert!(
            err.contains("compare.platforms: unknown platform \"gb100-nvl72\"; expected one of: gb200-nvl72"),
            "{err}"
        );
        assert!(err.contains("layout.rows_per_hall"), "{err}");
        let missing = BUILTIN_DEFAULTS.replace("[compare]", "[comparison]");
        let err = read_defaults(&missing, "d.toml", &cat.fluids, &platforms).err().unwrap().to_string();
        assert!(err.contains("comparison: unknown key"), "{err}");
    }

    #[test]
    fn bundled_catalogue_loads_with_every_platform_of_the_brief() {
        let cat = Catalog::builtin().unwrap();
        for id in ["gb200-nvl72", "gb300-nvl72", "vr-nvl72", "rubin-ultra-nvl576", "hgx-b200"] {
            let p = cat.platform(id).unwrap_or_else(|| panic!("{id} missing"));
            assert!(p.profiles.contains_key(&p.default_profile), "{id}");
            for field in ["gpus", "hbm", "liquid_frac", "weight_kg"] {
                assert!(p.sources.contains_key(field), "{id} has no source for {field}");
            }
            for profile in p.profiles.keys() {
                assert!(p.sources.contains_key(profile), "{id} has no source for profile {profile}");
            }
        }
        // Where sources disagree both figures stay selectable: 230 kW third-party Max-P and the brief's 440 kW.
        let vr = cat.platform("vr-nvl72").unwrap();
        assert_eq!(vr.profiles["max-p"], 230.0);
        assert_eq!(vr.profiles["brief"], 440.0);
        assert_eq!(vr.gpus * vr.hbm_stacks_per_gpu, 576);
    }

    #[test]
    fn bundled_models_and_gpus_have_sources() {
        let cat = Catalog::builtin().unwrap();
        for id in ["deepseek-r1", "kimi-k2", "llama-3.1-70b", "llama-3.1-405b"] {
            let m = cat.models.get(id).unwrap_or_else(|| panic!("{id} missing"));
            assert!(m.source.starts_with("[S]"), "{id}");
        }
        // DeepSeek-R1 routed experts: 58 x 256 x 3 x 7168 x 2048 = 653.9 B; dense part 671 - 653.9 = 17.1 B, and
        // 17.1 + 8 x 58 x 0.04404 B = 37.5 B active, as the model card's 37 B.
        let r1 = &cat.models["deepseek-r1"];
        let expert_b = 3.0 * 7168.0 * 2048.0 / 1e9;
        assert!((f64::from(r1.moe_layers * r1.experts) * expert_b - r1.params_experts_b).abs() < 0.1);
        let active =
            r1.params_total_b - r1.params_experts_b + f64::from(r1.experts_per_token * r1.moe_layers) * expert_b;
        assert!((active - r1.params_active_b).abs() < 1.0, "{active}");
        for id in ["gb200-nvl72", "gb300-nvl72", "vr-nvl72", "hgx-b200"] {
            let g = cat.platform(id).unwrap().gpu.as_ref().unwrap_or_else(|| panic!("{id} has no GPU figures"));
            assert!(g.source.starts_with("[S]"), "{id}");
        }
        // The launch brief: Blackwell 1.44 EF vs Vera Rubin 3.6 EF "inference" per rack: our dense FP4 figures give
        // 72 x 10 PF = 0.72 EF (1.44 is 2:4 sparse) and 72 x 35 PF = 2.52 EF (3.6 uses the 50 PF upside).
        assert_eq!(cat.platform("gb200-nvl72").unwrap().gpu.as_ref().unwrap().fp4_dense_pflops * 72.0, 720.0);
        assert_eq!(cat.platform("vr-nvl72").unwrap().gpu.as_ref().unwrap().fp4_dense_pflops * 72.0, 2520.0);
    }

    #[test]
    fn bundled_defaults_match_the_reference() {
        let d = &Catalog::builtin().unwrap().defaults;
        assert_eq!(d.cooling.supply_c, 45.0);
        assert_eq!(d.cooling.coolant.id, "pg25");
        // F3 chain: 0.98 x 0.99 x 0.94 x 0.99 x 0.99 = 0.893839 (engineering reference: ~0.894).
        let e = &d.electrical;
        let eta = e.transformer_eff * e.switchgear_eff * e.ups_eff * e.pdu_eff * e.cable_eff;
        assert!((eta - 0.893839).abs() < 1e-6, "{eta}");
    }

    #[test]
    fn bundled_climates_parse() {
        for id in Catalog::climate_ids() {
            let c = Catalog::climate(id).unwrap();
            assert_eq!(c.dry_bulb_c.len(), 8760, "{id}");
        }
        assert!(Catalog::climate("atlantis").is_none());
    }

    #[test]
    fn user_catalogue_entries_out_of_range_are_named_with_their_field() {
        let bundled = Catalog::builtin().unwrap();
        // The bundled MoE calibration with three figures out of range, and DeepSeek-R1 with 9 of 8 experts per token.
        let cal = include_str!("../../assets/calibration.toml")
            .split("\n[calibration.")
            .nth(1)
            .unwrap()
            .replacen("hbm_usable = 0.9", "hbm_usable = 1.5", 1)
            .replacen("overlap = 0.5", "overlap = 2", 1)
            .replacen("t_sched_ms = 4.5", "t_sched_ms = -1", 1);
        let model = include_str!("../../assets/models.toml").split("\n[model.").nth(1).unwrap().replacen(
            "experts_per_token = 8",
            "experts_per_token = 300",
            1,
        );
        let text = format!("[calibration.{cal}\n[model.{model}");
        let err = bundled.with_text(&text, "user.toml").unwrap_err().to_string();
        // Each error sits at its value: the line that sets it, the column after `key = `.
        let at = |set: &str| {
            let line = text.lines().position(|l| l.starts_with(set)).unwrap() + 1;
            format!("user.toml:{line}:{}", set.find(" = ").unwrap() + 4)
        };
        let cal = "calibration.inferencemax-blackwell-moe";
        for expected in [
            format!(
                "{}: {cal}.hbm_usable: expected a number greater than 0 and at most 1, found 1.5",
                at("hbm_usable = 1.5")
            ),
            format!("{}: {cal}.overlap: expected a number from 0 to 1, found 2", at("overlap = 2")),
            format!("{}: {cal}.t_sched_ms: expected a number at least 0, found -1", at("t_sched_ms = -1")),
            format!(
                "{}: model.deepseek-r1.experts_per_token: a MoE model needs experts > 0 and 0 < experts_per_token <= \
                 experts",
                at("experts_per_token = 300")
            ),
        ] {
            assert!(err.contains(&expected), "missing {expected:?} in {err}");
        }
        // The same text with the figures back in range merges.
        let good = text
            .replacen("hbm_usable = 1.5", "hbm_usable = 0.95", 1)
            .replacen("overlap = 2", "overlap = 0.5", 1)
            .replacen("t_sched_ms = -1", "t_sched_ms = 4.5", 1)
            .replacen("experts_per_token = 300", "experts_per_token = 8", 1);
        let cat = bundled.with_text(&good, "user.toml").unwrap();
        assert_eq!(cat.calibrations["inferencemax-blackwell-moe"].hbm_usable, 0.95);
    }

    #[test]
    fn user_catalogue_overrides_and_adds() {
        let dir = std::env::temp_dir().join(format!("fleetplan-cat-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cat.toml");
        std::fs::write(
            &path,
            "[platform.vr-nvl72]\nname = \"VR (vendor quote)\"\ngpus = 72\ncpus = 36\nhbm_generation = \"HBM4\"\n\
             hbm_gb_per_gpu = 288\nhbm_stacks_per_gpu = 8\nhbm_stack_height = 12\nliquid_frac = 1.0\n\
             max_inlet_c = 45\nweight_kg = 1600\ndefault_profile = \"quote\"\nprofiles = { quote = 210 }\n",
        )
        .unwrap();
        let cat = Catalog::builtin().unwrap().with_overrides(&path).unwrap();
        assert_eq!(cat.platform("vr-nvl72").unwrap().profiles["quote"], 210.0);
        assert!(cat.platform("gb300-nvl72").is_some());
        std::fs::write(&path, "[platform.x]\nname = 3\n").unwrap();
        let err = Catalog::builtin().unwrap().with_overrides(&path).unwrap_err();
        assert!(err.to_string().contains("cat.toml:2:8"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
