//! `fleetplan inference`: the calculator for one platform and model, at an operating point or as the whole
//! throughput-interactivity curve.

use std::io::Write;

use anyhow::Context;

use super::args::{Format, InferenceArgs};
use super::{Failure, usage, write_df};
use fleetplan_core::catalog::{Catalog, ServingMode};
use fleetplan_core::model;
use fleetplan_core::tables;

pub(super) fn run(a: &InferenceArgs, cat: &Catalog, stdout: &mut dyn Write) -> Result<(), Failure> {
    let q = CalculatorQuery {
        platform: &a.platform,
        model: &a.model,
        precision: &a.precision,
        isl: a.isl,
        osl: a.osl,
        tps_user: a.tps_user,
        calibration: a.calibration.as_deref(),
        profile: a.profile.as_deref(),
        pue: a.pue,
        usd_per_mwh: a.usd_per_mwh.unwrap_or(cat.defaults.electricity_usd_per_mwh),
        utilisation: a.utilisation,
        queue_replicas: a.queue_replicas,
        mode: if a.serving == "disaggregated" { ServingMode::Disaggregated } else { ServingMode::Aggregated },
    };
    calculator(&q, a.format, cat, stdout)
}

/// What the inference calculator is asked.
struct CalculatorQuery<'a> {
    platform: &'a str,
    model: &'a str,
    precision: &'a str,
    isl: f64,
    osl: f64,
    tps_user: Option<f64>,
    calibration: Option<&'a str>,
    profile: Option<&'a str>,
    pue: f64,
    usd_per_mwh: f64,
    utilisation: f64,
    queue_replicas: u32,
    mode: ServingMode,
}

fn calculator(q: &CalculatorQuery, format: Format, cat: &Catalog, stdout: &mut dyn Write) -> Result<(), Failure> {
    use fleetplan_core::model::inference::{Precision, token_costs};
    let platform = cat.platform(q.platform).ok_or_else(|| {
        let ids: Vec<&str> = cat.platforms.keys().map(String::as_str).collect();
        usage("inference", format!("unknown platform \"{}\"; expected one of: {}", q.platform, ids.join(", ")))
    })?;
    // The rack's profile: its power, and the clocks its GPUs run at below Max-P (F1b).
    let profile = q.profile.unwrap_or(&platform.default_profile);
    let rack_kw = platform.profiles.get(profile).copied().ok_or_else(|| {
        let names: Vec<&str> = platform.profiles.keys().map(String::as_str).collect();
        usage(
            "inference",
            format!("{} has no profile \"{profile}\"; expected one of: {}", platform.id, names.join(", ")),
        )
    })?;
    let platform = &cat.power_profiles.at_rack_kw(platform, rack_kw);
    let m = cat.models.get(q.model).ok_or_else(|| {
        let ids: Vec<&str> = cat.models.keys().map(String::as_str).collect();
        usage("inference", format!("unknown model \"{}\"; expected one of: {}", q.model, ids.join(", ")))
    })?;
    let p = Precision::parse(q.precision).ok_or_else(|| {
        usage("inference", format!("unknown precision \"{}\"; expected fp4, fp8 or bf16", q.precision))
    })?;
    let tokens = 1.0..=10_000_000.0;
    let in_range = tokens.contains(&q.isl)
        && tokens.contains(&q.osl)
        && (1.0..=10.0).contains(&q.pue)
        && q.utilisation > 0.0
        && q.utilisation <= 1.0
        && (0.0..=100_000.0).contains(&q.usd_per_mwh)
        && q.tps_user.is_none_or(|t| t > 0.0 && t <= 1_000_000.0);
    if !in_range {
        return Err(usage(
            "inference",
            "expected --isl and --osl from 1 to 10,000,000 tokens, --pue from 1 to 10, --utilisation above 0 and at \
             most 1, --usd-per-mwh from 0 to 100,000 and --tps-user above 0 and at most 1,000,000"
                .into(),
        ));
    }
    // The same checks and messages as a plan's workload: GPU figures, precision, calibration, fit, service level.
    let (s, entry) = model::fleet_inference::serving(
        cat,
        platform,
        m,
        &model::fleet_inference::Shape {
            precision: p,
            isl: q.isl,
            osl: q.osl,
            calibration: q.calibration,
            mode: q.mode,
        },
    )
    .map_err(|e| usage("inference", e.to_string()))?;
    let capex = platform
        .capex_usd_per_rack
        .ok_or_else(|| usage("inference", format!("no rack price for {} in the catalogue", platform.id)))?;
    let h = model::fleet_inference::gpu_hour_usd(
        &cat.economics,
        capex,
        rack_kw * (1.0 + cat.defaults.network_storage_frac),
        platform.gpus,
        q.pue,
        q.usd_per_mwh,
    );
    // At a service level, the replica's own width, or the wider one that reaches it (as a plan's workload is served).
    let s = match q.tps_user {
        Some(t) => {
            let request = model::fleet_inference::Request {
                precision: p,
                isl: q.isl,
                osl: q.osl,
                tps_user_min: t,
                ttft_ms_max: None,
                calibration: q.calibration,
                utilisation: q.utilisation,
                queue_replicas: q.queue_replicas,
                mode: q.mode,
            };
            model::fleet_inference::widest_that_serves(&s, &platform.id, &request)
                .map_err(|e| usage("inference", e.to_string()))?
                .0
        }
        None => s,
    };
    let cost = |p: &fleetplan_core::model::inference::CurvePoint| {
        (token_costs(h, p, q.utilisation), model::fleet_inference::ttft_ms(&s, p, q.utilisation, q.queue_replicas))
    };
    let pts: Vec<_> = match q.tps_user {
        Some(t) => {
            let op = model::fleet_inference::operating_point(&s, &platform.id, t)
                .map_err(|e| usage("inference", e.to_string()))?;
            vec![(op, cost(&op))]
        }
        None => s.curve().into_iter().map(|x| (x, cost(&x))).collect(),
    };
    let df = tables::inference::curve(&platform.id, &m.id, q.precision, q.isl, q.osl, s.replica_gpus, &pts)
        .context("building the table")?;
    if format == Format::Table {
        let head = format!(
            "{} on {} at {}, {} in / {} out, {}: {}-GPU replica, calibration {}, prefill {:.0} ms (TTFT without \
             queueing), ${:.2}/GPU-hour\n\n",
            m.name,
            platform.name,
            q.precision,
            q.isl,
            q.osl,
            q.mode.name(),
            s.replica_gpus,
            entry.id,
            fleetplan_core::units::s_to_ms(s.ttft_s()),
            h
        );
        super::write_text(stdout, &head)?;
    }
    write_df(df, format, stdout)
}
