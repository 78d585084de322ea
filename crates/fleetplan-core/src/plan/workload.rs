//! The `[workload]` section: which models the fleet serves, at what precision, request shape and service level.

use std::sync::Arc;

use toml_edit::Item;

use crate::catalog::{Catalog, Model, Precision, ServingMode};
use crate::input::Collector;
use crate::input::{Bounds, TableReader};

/// One model of the mix and its share of the GPUs.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub model: Arc<Model>,
    pub share: f64,
}

/// The `[workload]` section: the model mix, precision, request shape, service level and load.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    pub mix: Vec<Share>,
    pub precision: Precision,
    /// Input and output tokens per request.
    pub isl: f64,
    pub osl: f64,
    /// Service level: the least output tokens/s each user sees, and the longest time to first token (no limit when
    /// not stated).
    pub tps_user_min: f64,
    pub ttft_ms_max: Option<f64>,
    /// Average share of capacity in use, for tokens served and cost per token, and the prefill queue's load.
    pub utilisation: f64,
    /// Replicas that share one request queue (a router spreading requests over them); 1: each queues its own.
    pub queue_replicas: u32,
    /// Prefill and decode on the same replicas, or in separate pools.
    pub serving: ServingMode,
    /// Token demand to size the fleet for (input + output tokens/s), if stated.
    pub demand_tokens_per_s: Option<f64>,
    /// A calibration to use instead of the defaults (assets/calibration.toml).
    pub calibration: Option<String>,
}

/// Reads the `[workload]` table, reporting every problem; `None` when `precision` is missing or not `fp4`, `fp8` or
/// `bf16`.
pub fn read(r: &mut TableReader, cx: &mut Collector, catalog: &Catalog) -> Option<Workload> {
    let precision =
        r.choice(cx, "precision", None, &[("fp4", Precision::Fp4), ("fp8", Precision::Fp8), ("bf16", Precision::Bf16)]);
    let isl = r.num(cx, "isl", None, Bounds::closed(1.0, 10_000_000.0));
    let osl = r.num(cx, "osl", None, Bounds::closed(1.0, 10_000_000.0));
    let tps_user_min = r.num(cx, "tps_user_min", None, Bounds::positive_up_to(1_000_000.0));
    let ttft_ms_max = r.opt_num(cx, "ttft_ms_max", Bounds::positive_up_to(1e9));
    let utilisation = r.num(cx, "utilisation", None, Bounds::EFFICIENCY);
    let queue_replicas = r.int(cx, "queue_replicas", Some(1), 1, 100_000) as u32;
    let serving = r
        .choice(cx, "serving", Some(ServingMode::Aggregated), &ServingMode::OPTIONS)
        .unwrap_or(ServingMode::Aggregated);
    let demand_tokens_per_s = r.opt_num(cx, "demand_tokens_per_s", Bounds::positive_up_to(1e15));
    let calibration = r.opt_string(cx, "calibration");
    if let Some(c) = &calibration
        && !catalog.calibrations.contains_key(c)
    {
        let ids: Vec<&str> = catalog.calibrations.keys().map(String::as_str).collect();
        cx.error(
            r.key_span("calibration"),
            &r.key_path("calibration"),
            format!("unknown calibration \"{c}\"; expected one of: {}", ids.join(", ")),
        );
    }
    let mut mix = Vec::new();
    // Shares of every entry, known model or not, so one misspelt model is one error.
    let mut total = 0.0;
    match r.item("mix") {
        Some(Item::ArrayOfTables(arr)) => {
            for (i, t) in arr.iter().enumerate() {
                let mut m = TableReader::new(t, t.span(), r.key_path(&format!("mix[{i}]")));
                let id = m.string(cx, "model", None);
                let share = m.num(cx, "share", None, Bounds::EFFICIENCY);
                total += share;
                match catalog.models.get(&id) {
                    Some(model) => mix.push(Share { model: model.clone(), share }),
                    None if !id.is_empty() => {
                        let ids: Vec<&str> = catalog.models.keys().map(String::as_str).collect();
                        cx.error(
                            m.key_span("model"),
                            &m.key_path("model"),
                            format!("unknown model \"{id}\"; expected one of: {}", ids.join(", ")),
                        );
                    }
                    None => {}
                }
                m.finish(cx);
            }
        }
        Some(other) => cx.error(other.span(), &r.key_path("mix"), "expected [[workload.mix]] tables"),
        None => cx.error(
            r.span(),
            &r.key_path("mix"),
            "missing [[workload.mix]]: at least one model and its share of the GPUs",
        ),
    }
    if total > 0.0 && (total - 1.0).abs() > 1e-6 {
        let total = (total * 1e9).round() / 1e9;
        cx.error(r.span(), &r.key_path("mix"), format!("model shares must sum to 1, found {total}"));
    }
    Some(Workload {
        mix,
        precision: precision?,
        isl,
        osl,
        tps_user_min,
        ttft_ms_max,
        utilisation,
        queue_replicas,
        serving,
        demand_tokens_per_s,
        calibration,
    })
}
