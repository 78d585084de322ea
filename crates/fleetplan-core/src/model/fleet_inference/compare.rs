//! The platform comparison of the launch brief: the compared platforms side by side for a plan's workload in its
//! first site (each at its own PUE there), the brief's claims against the model's ratios, and those ratios again
//! at several service levels.

use std::sync::Arc;

use super::{InferenceError, RackServing, rack_serving};
use crate::catalog::settings::Economics;
use crate::catalog::{Catalog, Platform};
use crate::model::evaluate_site;
use crate::plan::workload::Workload;
use crate::plan::{Hall, Plan, RackType, Row, Site};
use crate::units::pflops_to_eflops;

/// One platform in the comparison, with the plan's workload in the plan's first site.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformComparison {
    pub platform: Arc<Platform>,
    /// Dense FP4 EFLOP/s per rack.
    pub rack_eflops: f64,
    /// Annual PUE of a hall of these racks in this site and climate.
    pub pue: f64,
    pub rack: RackServing,
    /// GPUs (and racks) needed for the workload's token demand, if stated.
    pub gpus_needed: Option<f64>,
}

/// What the platform comparison depends on: the first site's settings and climate, the workload and the
/// economics. Not the layout: an edit that leaves these alone leaves the comparison as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonInputs {
    site: Option<(crate::plan::SiteSettings, String)>,
    workload: Option<Workload>,
    economics: Economics,
}

impl ComparisonInputs {
    /// What the platform comparison of `plan` depends on.
    pub fn of(plan: &Plan) -> ComparisonInputs {
        ComparisonInputs {
            site: plan.sites.first().map(|s| (s.settings.clone(), s.climate_ref.clone())),
            workload: plan.workload.clone(),
            economics: plan.economics.clone(),
        }
    }
}

/// A hall of `racks` racks of one type in `base`'s climate and plant, for that platform's own PUE (its liquid
/// share). Every loss of the model is a share of load, so the hall's size does not change the PUE (tested); the
/// quarter is not read. Only the legend and economics of the returned plan are read when the site is evaluated.
pub(super) fn probe_site(base: &Site, rt: &RackType, economics: &Economics, racks: usize) -> (Plan, Site) {
    let site = Site {
        halls: vec![Hall {
            name: "compare".into(),
            energised: crate::plan::Quarter { year: 2027, q: 1 },
            it_mw_max: None,
            row_busway_kw: None,
            cdu_kw: None,
            rows: vec![Row { name: "R".into(), slots: vec![Some(0); racks], value_span: None }],
        }],
        name: base.name.clone(),
        priority: base.priority,
        grid_mw: base.grid_mw,
        climate_ref: base.climate_ref.clone(),
        climate: base.climate.clone(),
        it_load_hourly: base.it_load_hourly.clone(),
        settings: base.settings.clone(),
    };
    let probe = Plan {
        name: String::new(),
        legend: vec![rt.clone()],
        sites: Vec::new(),
        supply: None,
        workload: None,
        economics: economics.clone(),
    };
    (probe, site)
}

/// A platform of the comparison that cannot serve the workload, and why (the service level, the TTFT limit, a model
/// that does not fit): a row of its own, never a failure of the whole comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Infeasible {
    pub platform: Arc<Platform>,
    pub reason: String,
}

/// The catalogue's compared platforms for the plan's workload in its first site: those that can serve it, and those
/// that cannot with the reason. Fails only without a workload.
pub fn compare_platforms(
    catalog: &Catalog,
    plan: &Plan,
) -> Result<(Vec<PlatformComparison>, Vec<Infeasible>), InferenceError> {
    let w = plan.workload.as_ref().ok_or(InferenceError::NoWorkload)?;
    let Some(base) = plan.sites.first() else { return Ok((Vec::new(), Vec::new())) };
    let (mut served, mut infeasible) = (Vec::new(), Vec::new());
    for p in catalog.compared.iter().filter_map(|id| catalog.platform(id)) {
        let profile = p.default_profile.clone();
        let rack_kw = p.profiles.get(&profile).copied().unwrap_or(0.0);
        let rt = RackType { symbol: 'P', platform: p.clone(), profile, rack_kw };
        let (probe, site) = probe_site(base, &rt, &plan.economics, 100);
        let pue = evaluate_site(&probe, &site).pue_annual;
        match rack_serving(catalog, plan, w, &site, &rt, 0, pue) {
            Ok(rack) if rack.unserved().is_some() => {
                let reason = rack.unserved().unwrap_or_default().to_string();
                infeasible.push(Infeasible { platform: p.clone(), reason });
            }
            Ok(rack) => {
                let gpus_needed = w.demand_tokens_per_s.map(|d| d / (rack.tokens_per_s / f64::from(p.gpus)));
                let rack_eflops =
                    p.gpu.as_ref().map_or(0.0, |g| pflops_to_eflops(g.fp4_dense_pflops * f64::from(p.gpus)));
                served.push(PlatformComparison { platform: p.clone(), rack_eflops, pue, rack, gpus_needed });
            }
            Err(e) => infeasible.push(Infeasible { platform: p.clone(), reason: e.to_string() }),
        }
    }
    Ok((served, infeasible))
}

/// The launch brief's claims for Vera Rubin NVL72 against Blackwell NVL72, and the model's own ratios.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub metric: &'static str,
    pub claim: &'static str,
    pub claimed_ratio: f64,
    pub model_ratio: f64,
    /// The ratio depends on how the workload is served (not on the hardware's figures alone).
    pub serving: bool,
}

/// Vera Rubin against GB200 NVL72 (the brief's "Blackwell NVL72": 1.44 EF with 2:4 sparsity). With the 50 PF
/// variant in the comparison, its rack FLOPS are shown as well; the brief's 141 GB per GPU is flagged as the H200
/// figure it is.
pub fn claims(cmp: &[PlatformComparison]) -> Vec<Claim> {
    let find = |id: &str| cmp.iter().find(|c| c.platform.id == id);
    let (Some(b), Some(r)) = (find("gb200-nvl72"), find("vr-nvl72")) else { return Vec::new() };
    let mut v = vec![Claim {
        metric: "inference FLOPS per rack",
        claim: "2.5x (3.6 vs 1.44 EFLOPS)",
        claimed_ratio: 2.5,
        serving: false,
        model_ratio: r.rack_eflops / b.rack_eflops,
    }];
    if let Some(r50) = find("vr-nvl72-50pf") {
        v.push(Claim {
            metric: "  the same at 50 PF per GPU",
            claim: "3.6 EF = 72 x 50 PF; 1.44 is sparse",
            claimed_ratio: 2.5,
            serving: false,
            model_ratio: r50.rack_eflops / b.rack_eflops,
        });
    }
    v.extend([
        Claim {
            metric: "memory per GPU",
            claim: "2.0x (288 vs 141 GB: H200's)",
            claimed_ratio: 288.0 / 141.0,
            serving: false,
            model_ratio: r.platform.hbm_gb_per_gpu / b.platform.hbm_gb_per_gpu,
        },
        Claim {
            metric: "cost per million tokens",
            claim: "about 1/10",
            claimed_ratio: 0.1,
            serving: true,
            model_ratio: r.rack.usd_per_m_tokens / b.rack.usd_per_m_tokens,
        },
        Claim {
            metric: "tokens per watt (facility)",
            claim: "up to 10x",
            claimed_ratio: 10.0,
            serving: true,
            model_ratio: r.rack.tokens_per_joule() / b.rack.tokens_per_joule(),
        },
    ]);
    let per_gpu = |c: &PlatformComparison| c.rack.tokens_per_s / f64::from(c.platform.gpus);
    v.push(Claim {
        metric: "GPUs for the same inference work",
        claim: "up to 75 % fewer (0.25x)",
        claimed_ratio: 0.25,
        serving: true,
        model_ratio: per_gpu(b) / per_gpu(r),
    });
    v
}

/// The brief's ratios at one service level, or why they cannot be had there (a platform cannot serve it).
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimsAt {
    pub tps_user: f64,
    pub claims: Result<Vec<Claim>, String>,
}

/// The brief's serving ratios (cost per token, tokens per watt, GPUs for the work) again at each of the
/// catalogue's service levels (the plan's workload with only `tps_user_min` changed): the ratios move several-fold between batch and interactive serving. A level some
/// platform cannot serve is reported as such in its row, never as a failure of the whole comparison.
pub fn claims_at_levels(catalog: &Catalog, plan: &Plan) -> Vec<ClaimsAt> {
    let Some(w) = plan.workload.as_ref() else { return Vec::new() };
    catalog
        .service_levels
        .iter()
        .map(|&tps_user| {
            let mut at = plan.clone();
            at.workload = Some(Workload { tps_user_min: tps_user, ..w.clone() });
            let claims = match compare_platforms(catalog, &at) {
                Ok((cmp, infeasible)) => {
                    let judged = ["gb200-nvl72", "vr-nvl72"];
                    match infeasible.iter().find(|i| judged.contains(&i.platform.id.as_str())) {
                        Some(i) => Err(i.reason.clone()),
                        None => Ok(claims(&cmp).into_iter().filter(|c| c.serving).collect()),
                    }
                }
                Err(e) => Err(e.to_string()),
            };
            ClaimsAt { tps_user, claims }
        })
        .collect()
}
