//! Inference tables: `inference` (rack, hall, site and fleet rows), the platform comparison and the brief's claims,
//! and the calculator's curve.

use polars::prelude::*;

use super::{f, frame, of};
use crate::model::fleet_inference::{
    Claim, ClaimsAt, Infeasible, PlatformComparison, Served, SiteInference, Totals, ratio,
};
use crate::model::inference::{CurvePoint, TokenCosts};
use crate::plan::Plan;

struct Row {
    scope: &'static str,
    site: String,
    hall: Option<String>,
    platform: Option<String>,
    model: String,
    /// GPUs as a fraction for a model's share of a rack; the other figures as `Totals` keeps them.
    gpus: f64,
    t: Totals,
    served: Option<Served>,
    /// Why a model of the mix cannot be served on this rack.
    note: String,
}

/// One row per site × rack type × model (per rack), per hall, per site, and the fleet.
pub fn inference(plan: &Plan, sites: &[SiteInference]) -> PolarsResult<DataFrame> {
    let Some(w) = plan.workload.as_ref() else { return frame(vec![]) };
    let mut rows = Vec::new();
    let mut fleet = Totals::default();
    let group = |scope, site: &str, hall: Option<String>, t: Totals| Row {
        scope,
        site: site.to_string(),
        hall,
        platform: None,
        model: "all".into(),
        gpus: f64::from(t.gpus),
        t,
        served: None,
        note: String::new(),
    };
    for (site, si) in plan.sites.iter().zip(sites) {
        for r in &si.racks {
            let rt = &plan.legend[r.rack_type];
            let gpus = f64::from(rt.platform.gpus);
            for (s, share) in r.served.iter().zip(&w.mix) {
                let usd_per_hour = r.usd_per_gpu_hour * gpus * share.share;
                let platform = Some(format!("{}@{}", rt.platform.id, rt.profile));
                let row = match s {
                    Ok(s) => {
                        let part = share.share * gpus * w.utilisation;
                        Row {
                            scope: "rack",
                            site: site.name.clone(),
                            hall: None,
                            platform,
                            model: s.model.clone(),
                            gpus: gpus * share.share,
                            t: Totals {
                                gpus: 0,
                                tokens_per_s: part * s.point.tokens_per_s_gpu,
                                input_tokens_per_s: part * s.point.input_tokens_per_s_gpu,
                                facility_kw: r.facility_kw * share.share,
                                usd_per_hour,
                                usd_per_hour_prefill: usd_per_hour * s.point.prefill_share(),
                            },
                            served: Some(s.clone()),
                            note: String::new(),
                        }
                    }
                    Err(reason) => Row {
                        scope: "rack",
                        site: site.name.clone(),
                        hall: None,
                        platform,
                        model: share.model.id.clone(),
                        gpus: gpus * share.share,
                        t: Totals {
                            gpus: 0,
                            tokens_per_s: 0.0,
                            input_tokens_per_s: 0.0,
                            facility_kw: r.facility_kw * share.share,
                            usd_per_hour,
                            usd_per_hour_prefill: 0.0,
                        },
                        served: None,
                        note: format!("infeasible: {reason}"),
                    },
                };
                rows.push(row);
            }
        }
        for (hall, h) in site.halls.iter().zip(&si.halls) {
            rows.push(group("hall", &site.name, Some(hall.name.clone()), *h));
        }
        let t = si.totals();
        rows.push(group("site", &site.name, None, t));
        fleet = fleet + t;
    }
    rows.push(group("fleet", "", None, fleet));
    let served = |f: fn(&Served) -> f64| rows.iter().map(move |r| r.served.as_ref().map_or(f64::NAN, f));
    frame(vec![
        of("scope", rows.iter().map(|r| r.scope.to_string())),
        of("site", rows.iter().map(|r| r.site.clone())),
        of("hall", rows.iter().map(|r| r.hall.clone())),
        of("platform", rows.iter().map(|r| r.platform.clone())),
        of("model", rows.iter().map(|r| r.model.clone())),
        f("gpus", rows.iter().map(|r| r.gpus)),
        f("tokens_per_s", rows.iter().map(|r| r.t.tokens_per_s)),
        f("input_tokens_per_s", rows.iter().map(|r| r.t.input_tokens_per_s)),
        f("output_tokens_per_s", rows.iter().map(|r| r.t.output_tokens_per_s())),
        f("tokens_per_s_per_facility_mw", rows.iter().map(|r| r.t.tokens_per_s_per_facility_mw())),
        f("tokens_per_joule", rows.iter().map(|r| r.t.tokens_per_joule())),
        f("usd_per_gpu_hour", rows.iter().map(|r| ratio(r.t.usd_per_hour, r.gpus))),
        f("usd_per_m_tokens", rows.iter().map(|r| r.t.usd_per_m_tokens())),
        f("tps_user", served(|s| s.point.tps_user)),
        f("tokens_per_s_gpu", served(|s| s.point.tokens_per_s_gpu)),
        f("ttft_ms", served(|s| s.ttft_ms)),
        of("replica_gpus", rows.iter().map(|r| r.served.as_ref().map(|s| s.replica_gpus))),
        of("calibration", rows.iter().map(|r| r.served.as_ref().map(|s| s.calibration.clone()))),
        f("usd_per_m_output_tokens", rows.iter().map(|r| r.t.usd_per_m_output_tokens())),
        f("usd_per_m_input_tokens", rows.iter().map(|r| r.t.usd_per_m_input_tokens())),
        f("output_tokens_per_s_gpu", served(|s| s.point.output_tokens_per_s_gpu)),
        f("input_tokens_per_s_gpu", served(|s| s.point.input_tokens_per_s_gpu)),
        f("prefill_gpus_per_decode_gpu", served(|s| s.point.prefill_gpus_per_decode_gpu())),
        of("note", rows.iter().map(|r| r.note.clone())),
    ])
}

/// GB200, GB300 and Vera Rubin NVL72 side by side for the plan's workload and first site; a platform that cannot
/// serve the workload has a row of its own with the reason in `note` and no figures.
pub fn compare(cmp: &[PlatformComparison], infeasible: &[Infeasible]) -> PolarsResult<DataFrame> {
    let nan = || infeasible.iter().map(|_| f64::NAN);
    let col = |served: Vec<f64>| served.into_iter().chain(nan()).collect::<Vec<f64>>();
    let m = |g: fn(&PlatformComparison) -> f64| col(cmp.iter().map(g).collect());
    frame(vec![
        of(
            "platform",
            cmp.iter().map(|c| c.platform.id.clone()).chain(infeasible.iter().map(|i| i.platform.id.clone())),
        ),
        f("rack_it_kw", m(|c| c.rack.facility_kw / c.pue)),
        of("gpus_per_rack", cmp.iter().map(|c| c.platform.gpus).chain(infeasible.iter().map(|i| i.platform.gpus))),
        f("rack_eflops_fp4_dense", m(|c| c.rack_eflops)),
        f("pue_annual", m(|c| c.pue)),
        f("tokens_per_s_rack", m(|c| c.rack.tokens_per_s)),
        f("tokens_per_s_per_facility_mw", m(|c| c.rack.tokens_per_s_per_facility_mw())),
        f("tokens_per_joule", m(|c| c.rack.tokens_per_joule())),
        f("usd_per_gpu_hour", m(|c| c.rack.usd_per_gpu_hour)),
        f("usd_per_m_tokens", m(|c| c.rack.usd_per_m_tokens)),
        f("gpus_needed", m(|c| c.gpus_needed.unwrap_or(f64::NAN))),
        f("racks_needed", m(|c| c.gpus_needed.map_or(f64::NAN, |g| g / f64::from(c.platform.gpus)))),
        f("output_tokens_per_s_rack", m(|c| c.rack.output_tokens_per_s)),
        f("usd_per_m_output_tokens", m(|c| c.rack.usd_per_m_output_tokens())),
        f("usd_per_m_input_tokens", m(|c| c.rack.usd_per_m_input_tokens())),
        of(
            "note",
            cmp.iter().map(|_| String::new()).chain(infeasible.iter().map(|i| format!("infeasible: {}", i.reason))),
        ),
    ])
}

/// The launch brief's claims next to the model's ratios (Vera Rubin NVL72 over GB200 NVL72).
pub fn claims(c: &[Claim]) -> PolarsResult<DataFrame> {
    frame(vec![
        of("metric", c.iter().map(|c| c.metric.to_string())),
        f("model_ratio", c.iter().map(|c| c.model_ratio)),
        f("claimed_ratio", c.iter().map(|c| c.claimed_ratio)),
        of("launch_brief", c.iter().map(|c| c.claim.to_string())),
    ])
}

/// The brief's ratios at each service level: one row per level and claim, or one row saying why a level cannot be
/// served.
pub fn claims_at_levels(levels: &[ClaimsAt]) -> PolarsResult<DataFrame> {
    let mut rows: Vec<(f64, String, f64, f64, String)> = Vec::new();
    for l in levels {
        match &l.claims {
            Ok(claims) => rows.extend(claims.iter().map(|c| {
                (l.tps_user, c.metric.trim().to_string(), c.model_ratio, c.claimed_ratio, c.claim.to_string())
            })),
            Err(e) => rows.push((l.tps_user, "infeasible".into(), f64::NAN, f64::NAN, e.clone())),
        }
    }
    frame(vec![
        f("tps_user", rows.iter().map(|r| r.0)),
        of("metric", rows.iter().map(|r| r.1.clone())),
        f("model_ratio", rows.iter().map(|r| r.2)),
        f("claimed_ratio", rows.iter().map(|r| r.3)),
        of("launch_brief", rows.iter().map(|r| r.4.clone())),
    ])
}

/// The calculator's points (each with its costs and time to first token): the operating point, or the whole curve.
#[allow(clippy::too_many_arguments)]
pub fn curve(
    platform: &str,
    model: &str,
    precision: &str,
    isl: f64,
    osl: f64,
    replica: u32,
    pts: &[(CurvePoint, (TokenCosts, f64))],
) -> PolarsResult<DataFrame> {
    frame(vec![
        of("platform", pts.iter().map(|_| platform.to_string())),
        of("model", pts.iter().map(|_| model.to_string())),
        of("precision", pts.iter().map(|_| precision.to_string())),
        f("isl", pts.iter().map(|_| isl)),
        f("osl", pts.iter().map(|_| osl)),
        of("batch", pts.iter().map(|p| p.0.batch)),
        f("tps_user", pts.iter().map(|p| p.0.tps_user)),
        f("tokens_per_s_gpu", pts.iter().map(|p| p.0.tokens_per_s_gpu)),
        f("usd_per_m_tokens", pts.iter().map(|p| p.1.0.usd_per_m_tokens)),
        f("decode_tps_gpu", pts.iter().map(|p| p.0.decode_tps_gpu)),
        f("t_step_ms", pts.iter().map(|p| p.0.t_step_ms)),
        of("replica_gpus", pts.iter().map(|_| replica)),
        f("output_tokens_per_s_gpu", pts.iter().map(|p| p.0.output_tokens_per_s_gpu)),
        f("input_tokens_per_s_gpu", pts.iter().map(|p| p.0.input_tokens_per_s_gpu)),
        f("usd_per_m_output_tokens", pts.iter().map(|p| p.1.0.usd_per_m_output_tokens)),
        f("usd_per_m_input_tokens", pts.iter().map(|p| p.1.0.usd_per_m_input_tokens)),
        f("ttft_ms", pts.iter().map(|p| p.1.1)),
        f("prefill_gpus_per_decode_gpu", pts.iter().map(|p| p.0.prefill_gpus_per_decode_gpu())),
    ])
}
