//! Inference over a plan: what each rack, hall, site and the fleet serve for the plan's `[workload]`, at what cost
//! per token, and the platform comparison of the launch brief. Built on `model::inference`'s calibrated roofline.

use crate::catalog::settings::Economics;
use crate::catalog::{Catalog, Platform};
use crate::model::Outcome;
use crate::model::inference::{Calibration, CurvePoint, Serving, ServingMode, md_c_wait_s, usd_per_gpu_hour};
use crate::plan::workload::Workload;
use crate::plan::{Plan, RackType, Site};
use crate::units::{SECONDS_PER_HOUR, kw_to_mw, kw_to_w, per_million, per_mwh_to_per_kwh, s_to_ms};

/// Why an inference figure cannot be computed: each says what to change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InferenceError {
    #[error("the plan has no [workload] section: add one (see README) to compute tokens and cost per token")]
    NoWorkload,
    #[error("platform {0} has no GPU figures in the catalogue ([platform.{0}.gpu])")]
    NoGpuFigures(String),
    #[error("platform {platform} has no {precision} throughput ({precision}_dense_pflops is 0)")]
    NoPrecision { platform: String, precision: &'static str },
    #[error("no calibration for {class} models on {platform}{named} (assets/calibration.toml)")]
    NoCalibration { platform: String, class: &'static str, named: String },
    #[error("{model} at {precision} does not fit a {gpus}-GPU replica of {platform} with {ctx} tokens of context")]
    DoesNotFit { model: String, platform: String, precision: &'static str, gpus: u32, ctx: f64 },
    #[error(
        "no batch of {model} on {platform} gives {tps_user_min} tokens/s per user; the most is {best:.1} (batch 1): lower workload.tps_user_min or change platform or precision"
    )]
    ServiceLevel { model: String, platform: String, tps_user_min: f64, best: f64 },
    #[error("{model} on {platform}: time to first token {ttft_ms:.0} ms is above workload.ttft_ms_max = {max_ms} ms")]
    Ttft { model: String, platform: String, ttft_ms: f64, max_ms: f64 },
    #[error("no rack price for {0}: set [economics.rack_capex_usd] {0} = … in the plan")]
    NoRackPrice(String),
}

/// One model served on one platform at the workload's service level.
#[derive(Debug, Clone, PartialEq)]
pub struct Served {
    pub model: String,
    pub platform: String,
    pub calibration: String,
    pub replica_gpus: u32,
    pub point: CurvePoint,
    pub ttft_ms: f64,
}

/// What a serving is set up for: precision, request shape, calibration (the platform's default when `None`) and
/// serving mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape<'a> {
    pub precision: crate::catalog::Precision,
    pub isl: f64,
    pub osl: f64,
    pub calibration: Option<&'a str>,
    pub mode: ServingMode,
}

/// How `model` is served on `platform` at `precision` for `isl` in / `osl` out: GPU figures, precision and
/// calibration looked up and the replica sized, with the error that says what to change when one is missing or the
/// model does not fit. The one place a `Serving` is built for a plan, the calculator and the terminal app.
pub fn serving<'a>(
    catalog: &'a Catalog,
    platform: &'a Platform,
    model: &'a crate::catalog::Model,
    shape: &Shape,
) -> Result<(Serving<'a>, &'a crate::catalog::CalibrationEntry), InferenceError> {
    let Shape { precision, isl, osl, calibration, mode } = *shape;
    let gpu = platform.gpu.as_ref().ok_or_else(|| InferenceError::NoGpuFigures(platform.id.clone()))?;
    if precision.flops(gpu) <= 0.0 {
        return Err(InferenceError::NoPrecision { platform: platform.id.clone(), precision: precision.name() });
    }
    let class = match model.class {
        crate::catalog::ModelClass::Moe => "MoE",
        crate::catalog::ModelClass::Dense => "dense",
    };
    let entry =
        catalog.calibration(&platform.id, model.class, calibration).ok_or_else(|| InferenceError::NoCalibration {
            platform: platform.id.clone(),
            class,
            named: calibration.map(|c| format!(" named \"{c}\"")).unwrap_or_default(),
        })?;
    let n = Serving::replica_for(model, gpu, entry, &platform.id, precision);
    let s = Serving { model, gpu, cal: Calibration::from_entry(entry), replica_gpus: n, precision, isl, osl, mode };
    if s.max_batch() == 0 {
        return Err(InferenceError::DoesNotFit {
            model: model.id.clone(),
            platform: platform.id.clone(),
            precision: precision.name(),
            gpus: n,
            ctx: isl + osl,
        });
    }
    Ok((s, entry))
}

/// The operating point of a serving for a service level, or the error that gives the best there is.
pub fn operating_point(s: &Serving, platform: &str, tps_user_min: f64) -> Result<CurvePoint, InferenceError> {
    s.operating_point(tps_user_min).ok_or_else(|| InferenceError::ServiceLevel {
        model: s.model.id.clone(),
        platform: platform.to_string(),
        tps_user_min,
        best: s.point(1).tps_user,
    })
}

/// What is asked of a model on a platform: the request shape, the service level and the load, as a plan's
/// `[workload]` states them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request<'a> {
    pub precision: crate::catalog::Precision,
    pub isl: f64,
    pub osl: f64,
    pub tps_user_min: f64,
    pub ttft_ms_max: Option<f64>,
    pub calibration: Option<&'a str>,
    /// Share of capacity in use: sets the prefill queue's load.
    pub utilisation: f64,
    /// Replicas sharing one request queue.
    pub queue_replicas: u32,
    pub mode: ServingMode,
}

impl<'a> Request<'a> {
    /// What the serving is set up for: the request's precision, shape, calibration and serving mode.
    pub fn shape(&self) -> Shape<'a> {
        Shape {
            precision: self.precision,
            isl: self.isl,
            osl: self.osl,
            calibration: self.calibration,
            mode: self.mode,
        }
    }

    /// The request a plan's `[workload]` states.
    pub fn of(w: &'a Workload) -> Request<'a> {
        Request {
            precision: w.precision,
            isl: w.isl,
            osl: w.osl,
            tps_user_min: w.tps_user_min,
            ttft_ms_max: w.ttft_ms_max,
            calibration: w.calibration.as_deref(),
            utilisation: w.utilisation,
            queue_replicas: w.queue_replicas,
            mode: w.serving,
        }
    }
}

/// Time to first token at an operating point, ms: the wait for a prefill slot, the prefill, and (disaggregated) the
/// KV cache's move to a decode replica. `queue_replicas` prefill replicas share a queue, an M/D/c queue with the
/// prefill time as its service time. Aggregated, each replica's prefill is busy `utilisation x prefill share` of the
/// time (prefill takes that share of the GPU-seconds at full load); disaggregated, the prefill pool is sized for the
/// prefill work alone, so it is busy `utilisation` of the time and prompts queue longer.
pub fn ttft_ms(s: &Serving, point: &CurvePoint, utilisation: f64, queue_replicas: u32) -> f64 {
    let prefill_s = s.ttft_s();
    let rho = match s.mode {
        ServingMode::Aggregated => utilisation * point.prefill_share(),
        ServingMode::Disaggregated => utilisation,
    };
    s_to_ms(prefill_s + md_c_wait_s(queue_replicas, rho, prefill_s) + s.kv_transfer_s())
}

/// The replica widths tried for a serving: its own (the calibration's expert-parallel width, or the smallest
/// tensor-parallel group the weights fit), then every doubling of it within the scale-up domain, and the whole
/// domain. A wider group decodes each step faster (more HBM bandwidth and FLOP/s per sequence), so a service level
/// the smallest group cannot meet may be met by a wider one.
pub fn replica_widths(s: &Serving) -> Vec<u32> {
    let domain = s.gpu.scale_up_gpus.max(s.replica_gpus);
    let mut out = vec![s.replica_gpus];
    let mut n = s.replica_gpus;
    while n.saturating_mul(2) <= domain {
        n *= 2;
        out.push(n);
    }
    if !out.contains(&domain) {
        out.push(domain);
    }
    out
}

/// The serving's own replica width when it meets the service level and the TTFT limit; otherwise the wider width
/// (see `replica_widths`) that meets both with the highest tokens/s per GPU. When none does, the error of the
/// serving's own width, which says how near it came.
pub fn widest_that_serves<'a>(
    s: &Serving<'a>,
    platform: &str,
    q: &Request,
) -> Result<(Serving<'a>, CurvePoint, f64), InferenceError> {
    let at = |n: u32| -> Result<(Serving<'a>, CurvePoint, f64), InferenceError> {
        let w = Serving { replica_gpus: n, ..*s };
        if w.max_batch() == 0 {
            return Err(InferenceError::ServiceLevel {
                model: s.model.id.clone(),
                platform: platform.to_string(),
                tps_user_min: q.tps_user_min,
                best: 0.0,
            });
        }
        let point = operating_point(&w, platform, q.tps_user_min)?;
        let ttft_ms = ttft_ms(&w, &point, q.utilisation, q.queue_replicas);
        if let Some(max_ms) = q.ttft_ms_max.filter(|max| ttft_ms > *max) {
            return Err(InferenceError::Ttft {
                model: s.model.id.clone(),
                platform: platform.to_string(),
                ttft_ms,
                max_ms,
            });
        }
        Ok((w, point, ttft_ms))
    };
    let own = at(s.replica_gpus);
    if own.is_ok() {
        return own;
    }
    let widths = replica_widths(s);
    let best = widths.iter().skip(1).filter_map(|n| at(*n).ok()).max_by(|a, b| {
        a.1.tokens_per_s_gpu.total_cmp(&b.1.tokens_per_s_gpu).then(b.0.replica_gpus.cmp(&a.0.replica_gpus))
    });
    match (best, own) {
        (Some(found), _) => Ok(found),
        // No width reaches the service level: the fastest any width gets a user (batch 1), so the message says
        // how far the workload is from every layout, not only from the first.
        (None, Err(InferenceError::ServiceLevel { model, platform, tps_user_min, .. })) => {
            let fastest = widths
                .iter()
                .map(|n| Serving { replica_gpus: *n, ..*s })
                .filter(|w| w.max_batch() > 0)
                .map(|w| w.point(1).tps_user)
                .fold(0.0, f64::max);
            Err(InferenceError::ServiceLevel { model, platform, tps_user_min, best: fastest })
        }
        (None, own) => own,
    }
}

/// Serves `model` on `platform` at the operating point of the service level, within the TTFT limit if any, on the
/// serving's own replica width or, when that cannot, the wider width that can (`widest_that_serves`).
pub fn serve(
    catalog: &Catalog,
    platform: &Platform,
    model: &crate::catalog::Model,
    q: &Request,
) -> Result<Served, InferenceError> {
    let (s, entry) = serving(catalog, platform, model, &q.shape())?;
    let (s, point, ttft_ms) = widest_that_serves(&s, &platform.id, q)?;
    Ok(Served {
        model: model.id.clone(),
        platform: platform.id.clone(),
        calibration: entry.id.clone(),
        replica_gpus: s.replica_gpus,
        point,
        ttft_ms,
    })
}

/// What one rack of a type serves for the workload, and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct RackServing {
    pub rack_type: usize,
    /// Per model of the workload's mix, in its order: how it is served, or why it cannot be (its GPUs then serve
    /// nothing, and the rack's tokens and costs come from the others).
    pub served: Vec<Result<Served, String>>,
    pub gpus: f64,
    /// Input + output tokens/s the rack serves at the workload's utilisation.
    pub tokens_per_s: f64,
    pub input_tokens_per_s: f64,
    pub output_tokens_per_s: f64,
    /// Facility power of the rack: rack IT x (1 + network) x the site's annual PUE, kW.
    pub facility_kw: f64,
    pub usd_per_gpu_hour: f64,
    /// The rack's cost per hour spent in prefill: each model's GPU share x its prefill share of GPU-seconds.
    pub usd_per_hour_prefill: f64,
    pub usd_per_m_tokens: f64,
}

impl RackServing {
    /// Dollars per million prompt tokens: the rack's prefill cost over its input tokens.
    pub fn usd_per_m_input_tokens(&self) -> f64 {
        per_million(self.usd_per_hour_prefill / (self.input_tokens_per_s * SECONDS_PER_HOUR))
    }
    /// Dollars per million generated tokens: the rack's decode cost over its output tokens.
    pub fn usd_per_m_output_tokens(&self) -> f64 {
        let usd_per_hour = self.usd_per_gpu_hour * self.gpus;
        per_million((usd_per_hour - self.usd_per_hour_prefill) / (self.output_tokens_per_s * SECONDS_PER_HOUR))
    }
    /// Tokens per joule of the rack's facility energy.
    pub fn tokens_per_joule(&self) -> f64 {
        self.tokens_per_s / kw_to_w(self.facility_kw)
    }
    /// Tokens/s per MW of the rack's facility power.
    pub fn tokens_per_s_per_facility_mw(&self) -> f64 {
        self.tokens_per_s / kw_to_mw(self.facility_kw)
    }
}

/// Dollars per GPU-hour for a rack: capex (rack, plus network and facility per MW of rack IT) over the GPUs,
/// recovered at the cost of capital, plus fixed opex, plus power at the PUE and the electricity price.
pub fn gpu_hour_usd(e: &Economics, rack_capex_usd: f64, rack_it_kw: f64, gpus: u32, pue: f64, usd_per_mwh: f64) -> f64 {
    let gpus = f64::from(gpus.max(1));
    let capex_per_gpu = (rack_capex_usd + (e.network_usd_per_mw + e.facility_usd_per_mw) * kw_to_mw(rack_it_kw)) / gpus;
    usd_per_gpu_hour(
        capex_per_gpu,
        e.cost_of_capital,
        e.depreciation_years,
        e.opex_usd_per_gpu_year,
        rack_it_kw / gpus,
        pue,
        per_mwh_to_per_kwh(usd_per_mwh),
    )
}

/// `gpu_hour_usd` for a rack of a plan's site (its network share counted as rack IT).
pub fn rack_gpu_hour_usd(plan: &Plan, site: &Site, rt: &RackType, pue: f64) -> Result<f64, InferenceError> {
    let capex = plan.rack_capex_usd(&rt.platform).ok_or_else(|| InferenceError::NoRackPrice(rt.platform.id.clone()))?;
    let rack_it_kw = rt.rack_kw * (1.0 + site.settings.network_storage_frac);
    Ok(gpu_hour_usd(&plan.economics, capex, rack_it_kw, rt.platform.gpus, pue, site.settings.electricity_usd_per_mwh))
}

/// What one rack of type `rt` in `site` serves.
pub fn rack_serving(
    catalog: &Catalog,
    plan: &Plan,
    w: &Workload,
    site: &Site,
    rt: &RackType,
    rack_type: usize,
    pue: f64,
) -> Result<RackServing, InferenceError> {
    let mut served = Vec::with_capacity(w.mix.len());
    let gpus = f64::from(rt.platform.gpus);
    // The rack serves at its profile's clocks (F1b): a Max-Q rack computes slower than a Max-P one.
    let platform = catalog.power_profiles.at_rack_kw(&rt.platform, rt.rack_kw);
    let (mut tokens_per_s, mut prefill_share, mut served_share) = (0.0, 0.0, 0.0);
    for s in &w.mix {
        match serve(catalog, &platform, &s.model, &Request::of(w)) {
            Ok(x) => {
                tokens_per_s += s.share * gpus * x.point.tokens_per_s_gpu * w.utilisation;
                prefill_share += s.share * x.point.prefill_share();
                served_share += s.share;
                served.push(Ok(x));
            }
            Err(e) => served.push(Err(e.to_string())),
        }
    }
    // GPUs of a model that cannot be served still cost: their share is spread over prefill and decode like the rest.
    let prefill_share = if served_share > 0.0 { prefill_share / served_share } else { 0.0 };
    let usd_per_gpu_hour = rack_gpu_hour_usd(plan, site, rt, pue)?;
    let cost_per_hour = usd_per_gpu_hour * gpus;
    let in_frac = w.isl / (w.isl + w.osl);
    Ok(RackServing {
        rack_type,
        served,
        gpus,
        tokens_per_s,
        input_tokens_per_s: tokens_per_s * in_frac,
        output_tokens_per_s: tokens_per_s * (1.0 - in_frac),
        facility_kw: rt.rack_kw * (1.0 + site.settings.network_storage_frac) * pue,
        usd_per_gpu_hour,
        usd_per_hour_prefill: cost_per_hour * prefill_share,
        usd_per_m_tokens: if tokens_per_s > 0.0 {
            per_million(cost_per_hour / (tokens_per_s * SECONDS_PER_HOUR))
        } else {
            f64::NAN
        },
    })
}

impl RackServing {
    /// The first model of the mix this rack cannot serve, and why.
    pub fn unserved(&self) -> Option<&str> {
        self.served.iter().find_map(|s| s.as_ref().err().map(String::as_str))
    }
}

/// What a group of racks (a hall, a site, the fleet) serves and costs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    pub gpus: u32,
    /// Input + output tokens/s, and the input part.
    pub tokens_per_s: f64,
    pub input_tokens_per_s: f64,
    pub facility_kw: f64,
    /// Cost per hour, and the part spent in prefill.
    pub usd_per_hour: f64,
    pub usd_per_hour_prefill: f64,
}

impl Totals {
    /// One rack as totals: its tokens/s, facility power and prefill cost per hour, and its cost per hour for `gpus`
    /// GPUs.
    pub fn of_rack(r: &RackServing, gpus: u32) -> Totals {
        Totals {
            gpus,
            tokens_per_s: r.tokens_per_s,
            input_tokens_per_s: r.input_tokens_per_s,
            facility_kw: r.facility_kw,
            usd_per_hour: r.usd_per_gpu_hour * f64::from(gpus),
            usd_per_hour_prefill: r.usd_per_hour_prefill,
        }
    }

    /// Output tokens/s: the total less the input part.
    pub fn output_tokens_per_s(&self) -> f64 {
        self.tokens_per_s - self.input_tokens_per_s
    }

    /// Tokens/s per MW of facility power (IT through the site's annual PUE); NaN without power.
    pub fn tokens_per_s_per_facility_mw(&self) -> f64 {
        ratio(self.tokens_per_s, kw_to_mw(self.facility_kw))
    }

    /// Dollars per million tokens (input + output): the cost per hour over the tokens of an hour; NaN when nothing
    /// is served.
    pub fn usd_per_m_tokens(&self) -> f64 {
        per_million(ratio(self.usd_per_hour, self.tokens_per_s * SECONDS_PER_HOUR))
    }

    /// Dollars per million output tokens: the cost of the hours not spent in prefill over the output tokens.
    pub fn usd_per_m_output_tokens(&self) -> f64 {
        per_million(ratio(self.usd_per_hour - self.usd_per_hour_prefill, self.output_tokens_per_s() * SECONDS_PER_HOUR))
    }

    /// Dollars per million input tokens: the prefill part of the cost over the input tokens.
    pub fn usd_per_m_input_tokens(&self) -> f64 {
        per_million(ratio(self.usd_per_hour_prefill, self.input_tokens_per_s * SECONDS_PER_HOUR))
    }

    /// Tokens per joule of facility energy: tokens/s over facility watts.
    pub fn tokens_per_joule(&self) -> f64 {
        ratio(self.tokens_per_s, kw_to_w(self.facility_kw))
    }
}

/// `a / b`, NaN where `b` is not positive (an empty cell, not an infinity).
pub fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::NAN }
}

impl std::ops::Add for Totals {
    type Output = Totals;

    fn add(self, o: Totals) -> Totals {
        Totals {
            gpus: self.gpus.saturating_add(o.gpus),
            tokens_per_s: self.tokens_per_s + o.tokens_per_s,
            input_tokens_per_s: self.input_tokens_per_s + o.input_tokens_per_s,
            facility_kw: self.facility_kw + o.facility_kw,
            usd_per_hour: self.usd_per_hour + o.usd_per_hour,
            usd_per_hour_prefill: self.usd_per_hour_prefill + o.usd_per_hour_prefill,
        }
    }
}

/// Inference of one site: per rack type, and totals per hall.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteInference {
    pub racks: Vec<RackServing>,
    pub halls: Vec<Totals>,
}

impl SiteInference {
    /// The site's totals: its halls added up.
    pub fn totals(&self) -> Totals {
        self.halls.iter().fold(Totals::default(), |a, h| a + *h)
    }
}

/// Inference for every site of a plan.
pub fn evaluate(catalog: &Catalog, plan: &Plan, outcome: &Outcome) -> Result<Vec<SiteInference>, InferenceError> {
    let w = plan.workload.as_ref().ok_or(InferenceError::NoWorkload)?;
    plan.sites
        .iter()
        .zip(&outcome.sites)
        .map(|(site, so)| {
            let pue = so.pue_annual;
            let mut used: Vec<usize> = site
                .halls
                .iter()
                .flat_map(|h| &h.rows)
                .flat_map(|r| &r.slots)
                .flatten()
                .map(|id| usize::from(*id))
                .collect();
            used.sort_unstable();
            used.dedup();
            let racks: Vec<RackServing> = used
                .iter()
                .map(|&t| rack_serving(catalog, plan, w, site, &plan.legend[t], t, pue))
                .collect::<Result<_, _>>()?;
            let halls = site
                .halls
                .iter()
                .map(|h| {
                    h.rows.iter().flat_map(|r| &r.slots).flatten().fold(Totals::default(), |a, id| {
                        let r = racks.iter().find(|r| r.rack_type == usize::from(*id));
                        a + r.map_or(Totals::default(), |r| Totals::of_rack(r, plan.legend[r.rack_type].platform.gpus))
                    })
                })
                .collect();
            Ok(SiteInference { racks, halls })
        })
        .collect()
}

mod compare;
pub use compare::*;

#[cfg(test)]
mod tests;
