//! The catalogue: rack platforms, coolants, site defaults and typical-year climates, embedded from `assets/` and
//! overridable by a user file. Every figure carries its source note.

pub mod climate;
pub mod design_conditions;
mod read;
pub mod settings;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

pub use climate::Climate;
use read::{Defaults, Entries, read_defaults};

use crate::input::{Diagnostic, Diagnostics};
use settings::SiteSettings;

const BUILTIN_CATALOG: &str = include_str!("../../../../assets/catalog.toml");
const BUILTIN_DEFAULTS: &str = include_str!("../../../../assets/defaults.toml");
const BUILTIN_MODELS: &str = include_str!("../../../../assets/models.toml");
const BUILTIN_CALIBRATION: &str = include_str!("../../../../assets/calibration.toml");

/// Bundled typical years: id and file contents (format: `assets/climates/*.csv`, see `climate::parse_compact`).
const BUILTIN_CLIMATES: [(&str, &str); 23] = [
    ("abilene-tx", include_str!("../../../../assets/climates/abilene-tx.csv")),
    ("alxa-cn", include_str!("../../../../assets/climates/alxa-cn.csv")),
    ("ashburn-va", include_str!("../../../../assets/climates/ashburn-va.csv")),
    ("atlanta-ga", include_str!("../../../../assets/climates/atlanta-ga.csv")),
    ("berlin-de", include_str!("../../../../assets/climates/berlin-de.csv")),
    ("brisbane-au", include_str!("../../../../assets/climates/brisbane-au.csv")),
    ("chicago-il", include_str!("../../../../assets/climates/chicago-il.csv")),
    ("columbus-oh", include_str!("../../../../assets/climates/columbus-oh.csv")),
    ("dallas-tx", include_str!("../../../../assets/climates/dallas-tx.csv")),
    ("des-moines-ia", include_str!("../../../../assets/climates/des-moines-ia.csv")),
    ("golden-co", include_str!("../../../../assets/climates/golden-co.csv")),
    ("greensboro-nc", include_str!("../../../../assets/climates/greensboro-nc.csv")),
    ("guam-gu", include_str!("../../../../assets/climates/guam-gu.csv")),
    ("jutland-dk", include_str!("../../../../assets/climates/jutland-dk.csv")),
    ("kuala-lumpur-my", include_str!("../../../../assets/climates/kuala-lumpur-my.csv")),
    ("miami-fl", include_str!("../../../../assets/climates/miami-fl.csv")),
    ("phoenix-az", include_str!("../../../../assets/climates/phoenix-az.csv")),
    ("portland-or", include_str!("../../../../assets/climates/portland-or.csv")),
    ("reno-nv", include_str!("../../../../assets/climates/reno-nv.csv")),
    ("rome-it", include_str!("../../../../assets/climates/rome-it.csv")),
    ("san-jose-ca", include_str!("../../../../assets/climates/san-jose-ca.csv")),
    ("sand-point-ak", include_str!("../../../../assets/climates/sand-point-ak.csv")),
    ("turin-it", include_str!("../../../../assets/climates/turin-it.csv")),
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

/// How prefill and decode share the GPUs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ServingMode {
    /// Each replica prefills and decodes, prefill chunks riding in the decode steps (chunked prefill): the steps
    /// slow down by the time prefill takes.
    #[default]
    Aggregated,
    /// Separate prefill and decode pools, sized to balance each other; the KV cache moves from one to the other.
    Disaggregated,
}

impl ServingMode {
    /// Every serving mode with its name in plans (`workload.serving`).
    pub const OPTIONS: [(&'static str, ServingMode); 2] =
        [("aggregated", ServingMode::Aggregated), ("disaggregated", ServingMode::Disaggregated)];

    /// As written in plans and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ServingMode::Aggregated => "aggregated",
            ServingMode::Disaggregated => "disaggregated",
        }
    }
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

    /// The precision of a name as written in plans and on the command line: `fp4`, `fp8` or `bf16`.
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

    /// The precision attention runs at when serving at this one: the KV cache's (FP8 attention kernels with FP4
    /// or FP8 weights, BF16 with BF16).
    pub fn attention(self) -> Precision {
        match self {
            Precision::Fp4 | Precision::Fp8 => Precision::Fp8,
            Precision::Bf16 => Precision::Bf16,
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

/// Attention and so KV-cache layout: multi-head (MHA: a key and value head per query head), grouped-query (GQA:
/// `kv_heads` shared heads) or multi-head latent (MLA: one compressed latent of `kv_lora_rank` plus a rotary key of
/// `rope_dim` per token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attention {
    Mha,
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
    /// Multi-token prediction: extra tokens accepted per step.
    pub mtp_gain: f64,
    /// Multi-token prediction: draft tokens each step verifies besides its own (0: none). Verifying them costs the
    /// step `1 + mtp_draft_tokens` times the compute of one token per sequence; memory traffic is unchanged.
    #[serde(default)]
    pub mtp_draft_tokens: f64,
    /// Most sequences a GPU of the replica decodes at once (the serving engine's batch limit).
    pub max_seqs_per_gpu: u32,
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
    /// Multi-token-prediction modules the checkpoint ships (DeepSeek-R1: 1); 0 for a model without, which a
    /// calibration's MTP gain then does not apply to.
    #[serde(default)]
    pub mtp_modules: u32,
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
    /// MLA: per-head query/key dimension without the rotary part, and value dimension, in the expanded (prefill)
    /// form.
    #[serde(default)]
    pub qk_nope_dim: u32,
    #[serde(default)]
    pub v_head_dim: u32,
    /// Sliding-window attention: `sliding_layers` of the layers attend to the last `sliding_window` tokens only
    /// (0: every layer attends to the whole context).
    #[serde(default)]
    pub sliding_window: u32,
    #[serde(default)]
    pub sliding_layers: u32,
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
    /// How a rack's power profile moves its GPUs' compute rates (`[power_profiles]`).
    pub power_profiles: PowerProfiles,
    /// Platforms of the platform comparison, in the order shown.
    pub compared: Vec<String>,
    /// Service levels (output tokens/s per user) the brief's ratios are also shown at.
    pub service_levels: Vec<f64>,
}

/// How a power profile below the catalogue's reference lowers the GPUs' clocks (`[power_profiles]` in
/// assets/defaults.toml, F1b).
#[derive(Debug, Clone, PartialEq)]
pub struct PowerProfiles {
    /// The profile the GPU figures are at.
    pub reference_profile: String,
    /// Share of a GPU's full-clock power that does not follow the clock.
    pub static_frac: f64,
    /// Exponent of the clock in the rest.
    pub clock_exponent: f64,
    /// The lowest clock a cap leaves, as a fraction of full.
    pub min_clock_frac: f64,
}

impl PowerProfiles {
    /// The GPUs' clock at a rack power, as a fraction of their clock at the reference profile (F1b): the power a
    /// profile saves comes off the GPUs, P_gpu = P_gpu,ref - (P_rack,ref - P_rack) / GPUs; then
    /// P_gpu / P_gpu,ref = s + (1 - s) f^n, so f = ((P_gpu / P_gpu,ref - s) / (1 - s))^(1/n). 1 at or above the
    /// reference; never below `min_clock_frac` (a cap at or below the static power would otherwise compute
    /// nothing).
    pub fn clock_factor(&self, platform: &Platform, rack_kw: f64) -> f64 {
        let reference = platform
            .profiles
            .get(&self.reference_profile)
            .or_else(|| platform.profiles.get(&platform.default_profile))
            .copied();
        let (Some(reference), Some(gpu)) = (reference, platform.gpu.as_ref()) else { return 1.0 };
        if rack_kw >= reference || platform.gpus == 0 || gpu.power_kw <= 0.0 {
            return 1.0;
        }
        let gpu_frac = (gpu.power_kw - (reference - rack_kw) / f64::from(platform.gpus)) / gpu.power_kw;
        let dynamic = ((gpu_frac - self.static_frac) / (1.0 - self.static_frac)).max(0.0);
        dynamic.powf(1.0 / self.clock_exponent).clamp(self.min_clock_frac, 1.0)
    }

    /// The platform as a rack of `rack_kw` serves: its GPUs' compute rates at the profile's clock (HBM, links and
    /// everything else as they are). The same platform when the profile runs at full clock.
    pub fn at_rack_kw(&self, platform: &Arc<Platform>, rack_kw: f64) -> Arc<Platform> {
        let f = self.clock_factor(platform, rack_kw);
        if f >= 1.0 {
            return Arc::clone(platform);
        }
        let mut p = (**platform).clone();
        if let Some(g) = p.gpu.as_mut() {
            g.fp4_dense_pflops *= f;
            g.fp8_dense_pflops *= f;
            g.bf16_dense_pflops *= f;
        }
        Arc::new(p)
    }
}

/// Sizes of the layouts fleetplan proposes (`[layout]` in assets/defaults.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub racks_per_row: usize,
    pub rows_per_hall: usize,
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
            crate::input::read_text(path).map_err(|e| Diagnostic::unreadable(&file, "the catalogue file", &e))?;
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
            power_profiles: self.power_profiles.clone(),
            compared: self.compared.clone(),
            service_levels: self.service_levels.clone(),
        }))
    }

    /// A platform by id.
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
        static PARSED: [OnceLock<Option<Arc<Climate>>>; BUILTIN_CLIMATES.len()] =
            [const { OnceLock::new() }; BUILTIN_CLIMATES.len()];
        let i = BUILTIN_CLIMATES.iter().position(|(cid, _)| *cid == id)?;
        PARSED[i]
            .get_or_init(|| {
                let (cid, text) = BUILTIN_CLIMATES[i];
                climate::parse_compact(text, &format!("<bundled assets/climates/{cid}.csv>")).ok().map(Arc::new)
            })
            .clone()
    }
}

#[cfg(test)]
mod tests;
