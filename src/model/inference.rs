//! Inference roofline and cost per token: the pure formulas of docs/model.md, "Inference and cost per token"
//! (numbered steps 1-8). Calibration parameters (efficiencies,
//! overlap, scheduling overhead, multi-token-prediction gain) are inputs, never constants here: fitting them to the
//! published measurements is a separate step, recorded with its sources.

pub use crate::catalog::Precision;
use crate::catalog::{Attention, CalibrationEntry, GpuSpec, Model, ModelClass};
use crate::units::{
    HOURS_PER_YEAR, SECONDS_PER_HOUR, billions, gb_s_to_bytes_s, gb_to_bytes, ms_to_s, per_million, s_to_ms,
    tb_s_to_bytes_s, us_to_s,
};

/// Step 1: KV-cache bytes per token. GQA `2 L n_kv d_head b_kv`; MLA `L (d_c + d_rope) b_kv`.
pub fn kv_bytes_per_token(m: &Model, b_kv: f64) -> f64 {
    let l = f64::from(m.layers);
    match m.attention {
        Attention::Gqa => 2.0 * l * f64::from(m.kv_heads) * f64::from(m.head_dim) * b_kv,
        Attention::Mla => l * f64::from(m.kv_lora_rank + m.rope_dim) * b_kv,
    }
}

/// Weight bytes a replica of `n` GPUs holds: every weight once, plus `n - 1` more copies of the dense part when
/// it is replicated (data-parallel attention).
pub fn replica_weight_bytes(m: &Model, n: u32, p: Precision, replicated_dense: bool) -> f64 {
    let dense = billions(m.params_total_b - m.params_experts_b);
    let copies = if replicated_dense { f64::from(n.saturating_sub(1)) } else { 0.0 };
    (billions(m.params_total_b) + dense * copies) * p.weight_bytes()
}

/// Step 2: the largest batch (concurrent sequences) a replica of `n` GPUs holds at `ctx` tokens each:
/// `floor((u M N - P_tot b_w) / (kv_tok ctx))`, the weights counted by `replica_weight_bytes`; zero when the weights
/// alone do not fit.
pub fn max_batch(m: &Model, g: &GpuSpec, n: u32, p: Precision, ctx: f64, u: f64, replicated_dense: bool) -> u64 {
    let free = gb_to_bytes(u * g.hbm_gb) * f64::from(n) - replica_weight_bytes(m, n, p, replicated_dense);
    let per_seq = kv_bytes_per_token(m, p.kv_bytes()) * ctx;
    if free <= 0.0 || per_seq <= 0.0 { 0 } else { (free / per_seq).floor() as u64 }
}

/// Per-(platform, model class) calibration: fitted to public measurements, each fit recorded with its source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Share of peak FLOP/s reached in decode.
    pub eta_f: f64,
    /// Share of HBM bandwidth reached.
    pub eta_bw: f64,
    /// Share of MoE communication hidden behind compute.
    pub overlap: f64,
    /// How far memory and compute time overlap: 1 gives the reference's `max(t_mem, t_comp)`, 0 their sum.
    pub mem_compute_overlap: f64,
    /// The dense part (attention included) is held whole on every GPU (data-parallel attention).
    pub replicated_dense: bool,
    /// Fixed time per decode step (scheduling, kernel launches), seconds.
    pub t_sched_s: f64,
    /// Latency per collective (dispatch or combine), seconds.
    pub collective_s: f64,
    /// Extra accepted tokens per step from multi-token prediction.
    pub mtp_gain: f64,
    /// Share of peak FLOP/s reached in prefill.
    pub eta_prefill: f64,
    /// Share of HBM a replica may fill with weights and KV cache (`u` of step 2).
    pub hbm_usable: f64,
}

/// Step 3: one decode step at batch `b` on a replica of `n` GPUs, average context `ctx` tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecodeStep {
    pub t_mem_s: f64,
    pub t_comp_s: f64,
    pub t_comm_s: f64,
    pub t_step_s: f64,
    /// Tokens per second seen by one user: (1 + a) / t_step.
    pub tps_user: f64,
    /// Tokens per second per GPU: B (1 + a) / (t_step N).
    pub tps_gpu: f64,
}

/// Step 3 of the reference:
/// - `t_mem = (b_w (P_dense + P_experts (1 - (1 - k/E)^B)) + B kv_tok ctx) / (N BW eta_bw)`
/// - `t_comp = B (2 P_act + attention FLOPs per token) / (N F eta_f)`, attention `4 L ctx d_model` per token
/// - `t_comm = moe_layers (B/N) k d_model (1 + 2 bytes) / BW_link + 2 moe_layers t_collective` (MoE only; one
///   direction of NVLink within the scale-up domain, the scale-out network beyond it)
/// - `t_step = max(t_mem, t_comp) + (1 - overlap) t_comm + t_sched`, where the calibration's memory/compute overlap
///   below 1 adds `(1 - overlap_mc) min(t_mem, t_comp)` (measured frontiers behave closer to the sum)
///
/// With a replicated dense part, each GPU reads all of it every step: `P_dense` counts `N` times in `t_mem`.
pub fn decode_step(m: &Model, g: &GpuSpec, cal: &Calibration, n: u32, b: u64, p: Precision, ctx: f64) -> DecodeStep {
    let nf = f64::from(n);
    let bf = b as f64;
    let (p_experts, touched) = match m.class {
        ModelClass::Moe => {
            let frac = 1.0 - (1.0 - f64::from(m.experts_per_token) / f64::from(m.experts)).powf(bf);
            (billions(m.params_experts_b), frac)
        }
        ModelClass::Dense => (0.0, 0.0),
    };
    let p_dense = (billions(m.params_total_b) - p_experts) * if cal.replicated_dense { nf } else { 1.0 };
    let kv_tok = kv_bytes_per_token(m, p.kv_bytes());
    let t_mem_s = (p.weight_bytes() * (p_dense + p_experts * touched) + bf * kv_tok * ctx)
        / (tb_s_to_bytes_s(nf * g.hbm_tb_s) * cal.eta_bw);
    let attn_flops = 4.0 * f64::from(m.layers) * ctx * f64::from(m.d_model);
    let t_comp_s = bf * (billions(2.0 * m.params_active_b) + attn_flops) / (nf * p.flops(g) * cal.eta_f);
    let t_comm_s = match m.class {
        ModelClass::Moe => {
            // NVLink figures are both directions together; an all-to-all sends one way: half of it.
            let link = if n <= g.scale_up_gpus {
                tb_s_to_bytes_s(g.nvlink_tb_s) / 2.0
            } else {
                gb_s_to_bytes_s(g.scale_out_gb_s)
            };
            let layers = f64::from(m.moe_layers);
            // Dispatch in FP8 (1 byte), combine in BF16 (2 bytes), per token and expert (reference: ~10 MB per
            // DeepSeek-R1 token).
            layers * (bf / nf) * f64::from(m.experts_per_token) * f64::from(m.d_model) * 3.0 / link
                + 2.0 * layers * cal.collective_s
        }
        ModelClass::Dense => 0.0,
    };
    let t_step_s = t_mem_s.max(t_comp_s)
        + (1.0 - cal.mem_compute_overlap) * t_mem_s.min(t_comp_s)
        + (1.0 - cal.overlap) * t_comm_s
        + cal.t_sched_s;
    DecodeStep {
        t_mem_s,
        t_comp_s,
        t_comm_s,
        t_step_s,
        tps_user: (1.0 + cal.mtp_gain) / t_step_s,
        tps_gpu: bf * (1.0 + cal.mtp_gain) / (t_step_s * nf),
    }
}

impl Calibration {
    pub fn from_entry(c: &CalibrationEntry) -> Calibration {
        Calibration {
            eta_f: c.eta_f,
            eta_bw: c.eta_bw,
            overlap: c.overlap,
            mem_compute_overlap: c.mem_compute_overlap,
            replicated_dense: c.replicated_dense,
            t_sched_s: ms_to_s(c.t_sched_ms),
            collective_s: us_to_s(c.collective_us),
            mtp_gain: c.mtp_gain,
            eta_prefill: c.eta_prefill,
            hbm_usable: c.hbm_usable,
        }
    }
}

/// One model served on one platform: the replica, precision, request shape and calibration.
#[derive(Debug, Clone, Copy)]
pub struct Serving<'a> {
    pub model: &'a Model,
    pub gpu: &'a GpuSpec,
    pub cal: Calibration,
    pub replica_gpus: u32,
    pub precision: Precision,
    pub isl: f64,
    pub osl: f64,
}

/// A point of the throughput-interactivity curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// Concurrent sequences on the replica.
    pub batch: u64,
    pub t_step_ms: f64,
    /// Output tokens per second seen by each user.
    pub tps_user: f64,
    /// Output tokens per second per decoding GPU.
    pub decode_tps_gpu: f64,
    /// Input and output tokens per second per GPU, prefill included (step 5): the rate cost is counted on.
    pub tokens_per_s_gpu: f64,
}

impl Serving<'_> {
    /// GPUs per replica for a model: the calibration's figure for MoE (expert parallelism), otherwise the smallest
    /// power of two within the scale-up domain whose usable HBM the weights fill to at most the calibration's
    /// `max_weight_share` (the rest is room for KV cache).
    pub fn replica_for(m: &Model, g: &GpuSpec, entry: &CalibrationEntry, platform: &str, p: Precision) -> u32 {
        if let Some(n) = entry.replica_gpus.get(platform).filter(|_| m.class == ModelClass::Moe) {
            return *n;
        }
        let mut n: u32 = 1;
        while n < g.scale_up_gpus
            && replica_weight_bytes(m, n, p, entry.replicated_dense)
                > gb_to_bytes(entry.max_weight_share * entry.hbm_usable * g.hbm_gb) * f64::from(n)
        {
            // At most 32 doublings: past u32::MAX the scale-up domain is the answer.
            n = n.saturating_mul(2);
        }
        n.min(g.scale_up_gpus.max(1))
    }

    fn ctx_avg(&self) -> f64 {
        self.isl + self.osl / 2.0
    }

    /// The largest batch that fits at full context (ISL + OSL per sequence).
    pub fn max_batch(&self) -> u64 {
        max_batch(
            self.model,
            self.gpu,
            self.replica_gpus,
            self.precision,
            self.isl + self.osl,
            self.cal.hbm_usable,
            self.cal.replicated_dense,
        )
    }

    /// Time to first token: prefill of the input on the replica.
    pub fn ttft_s(&self) -> f64 {
        prefill_s(self.model, self.gpu, &self.cal, self.replica_gpus, self.precision, self.isl)
    }

    /// Prefill tokens per second per GPU.
    pub fn prefill_tps_gpu(&self) -> f64 {
        self.isl / (self.ttft_s() * f64::from(self.replica_gpus))
    }

    pub fn point(&self, b: u64) -> CurvePoint {
        let s = decode_step(self.model, self.gpu, &self.cal, self.replica_gpus, b, self.precision, self.ctx_avg());
        CurvePoint {
            batch: b,
            t_step_ms: s_to_ms(s.t_step_s),
            tps_user: s.tps_user,
            decode_tps_gpu: s.tps_gpu,
            tokens_per_s_gpu: blended_rate(self.isl, self.osl, self.prefill_tps_gpu(), s.tps_gpu),
        }
    }

    /// The curve from batch 1 to the largest batch, in steps of about 3 % (every batch up to 34).
    pub fn curve(&self) -> Vec<CurvePoint> {
        let max = self.max_batch();
        let mut out = Vec::new();
        let mut b: u64 = 1;
        while b <= max {
            out.push(self.point(b));
            // b + floor(3 b / 100), at least 1, written so it cannot overflow; the curve ends rather than wrap.
            let step = ((b / 100) * 3 + (b % 100) * 3 / 100).max(1);
            match b.checked_add(step) {
                Some(next) => b = next,
                None => break,
            }
        }
        if out.last().is_some_and(|p| p.batch != max) {
            out.push(self.point(max));
        }
        out
    }

    /// The operating point for a service level on this serving's curve (`operating_point_on`).
    pub fn operating_point(&self, tps_user_min: f64) -> Option<CurvePoint> {
        operating_point_on(&self.curve(), tps_user_min)
    }
}

/// The operating point for a service level: the highest throughput among the curve's batches that give each user at
/// least `tps_user_min` tokens/s.
pub fn operating_point_on(curve: &[CurvePoint], tps_user_min: f64) -> Option<CurvePoint> {
    curve
        .iter()
        .filter(|p| p.tps_user >= tps_user_min)
        .max_by(|a, b| a.tokens_per_s_gpu.total_cmp(&b.tokens_per_s_gpu))
        .copied()
}

/// Step 4: prefill of `s` tokens on a replica: `(2 P_act S + 2 L S^2 d_model) / (N F eta_prefill)`, the
/// attention term being causal (half of `4 L S^2 d_model`).
pub fn prefill_s(m: &Model, g: &GpuSpec, cal: &Calibration, n: u32, p: Precision, s: f64) -> f64 {
    let flops = billions(2.0 * m.params_active_b) * s + 2.0 * f64::from(m.layers) * s * s * f64::from(m.d_model);
    flops / (f64::from(n) * p.flops(g) * cal.eta_prefill)
}

/// Step 5: blended tokens/s per GPU for input / output lengths: `(ISL + OSL) / (ISL / prefill + OSL / decode)`.
pub fn blended_rate(isl: f64, osl: f64, prefill_per_gpu: f64, decode_per_gpu: f64) -> f64 {
    (isl + osl) / (isl / prefill_per_gpu + osl / decode_per_gpu)
}

/// Capital recovery factor `r (1+r)^n / ((1+r)^n - 1)`.
pub fn crf(rate: f64, years: f64) -> f64 {
    if rate == 0.0 {
        return 1.0 / years;
    }
    let g = (1.0 + rate).powf(years);
    rate * g / (g - 1.0)
}

/// Dollars per GPU-hour: `(capex CRF + fixed opex) / 8760 + kW per GPU x PUE x $/kWh`.
pub fn usd_per_gpu_hour(
    capex_per_gpu: f64,
    rate: f64,
    years: f64,
    opex_per_gpu_year: f64,
    kw_per_gpu: f64,
    pue: f64,
    usd_per_kwh: f64,
) -> f64 {
    (capex_per_gpu * crf(rate, years) + opex_per_gpu_year) / HOURS_PER_YEAR as f64 + kw_per_gpu * pue * usd_per_kwh
}

/// Dollars per million tokens: `$/GPU-hour / (tokens/s/GPU x 3600 x utilisation) x 1e6`.
pub fn usd_per_m_tokens(usd_per_gpu_hour: f64, tokens_per_s_gpu: f64, utilisation: f64) -> f64 {
    per_million(usd_per_gpu_hour / (tokens_per_s_gpu * SECONDS_PER_HOUR * utilisation))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn model(id: &str) -> Model {
        (*Catalog::builtin().unwrap().models[id]).clone()
    }

    fn gpu(id: &str) -> GpuSpec {
        Catalog::builtin().unwrap().platform(id).unwrap().gpu.clone().unwrap()
    }

    const IDEAL: Calibration = Calibration {
        eta_f: 1.0,
        eta_bw: 1.0,
        overlap: 0.0,
        mem_compute_overlap: 1.0,
        replicated_dense: false,
        t_sched_s: 0.0,
        collective_s: 0.0,
        mtp_gain: 0.0,
        eta_prefill: 1.0,
        hbm_usable: 0.9,
    };

    #[test]
    fn kv_bytes_per_token_match_the_reference() {
        // Llama 3.1 70B, GQA, FP8: 2 x 80 x 8 x 128 x 1 = 163,840 B = 160 KiB (reference: 160 KiB).
        assert_eq!(kv_bytes_per_token(&model("llama-3.1-70b"), 1.0), 163_840.0);
        // DeepSeek-R1, MLA, FP8: 61 x (512 + 64) x 1 = 35,136 B (reference: ~35 KB).
        assert_eq!(kv_bytes_per_token(&model("deepseek-r1"), 1.0), 35_136.0);
    }

    #[test]
    fn largest_batch_that_fits() {
        // Llama 3.1 70B FP8 on one GB300 GPU, 2,048-token context, u = 0.9:
        // (0.9 x 279e9 - 70.6e9 x 1) / (163,840 x 2,048) = (251.1e9 - 70.6e9) / 335,544,320 = 537.9 -> 537.
        assert_eq!(max_batch(&model("llama-3.1-70b"), &gpu("gb300-nvl72"), 1, Precision::Fp8, 2048.0, 0.9, false), 537);
        // DeepSeek-R1 FP8 (671 GB) does not fit one 186 GB GB200 GPU.
        assert_eq!(max_batch(&model("deepseek-r1"), &gpu("gb200-nvl72"), 1, Precision::Fp8, 2048.0, 0.9, false), 0);
    }

    #[test]
    fn a_memory_bound_dense_decode_step() {
        // Llama 3.1 70B FP8, batch 1, one GB300 GPU (8 TB/s, 5 PF FP8), 2,048 tokens of context, ideal efficiency:
        // t_mem = (70.6e9 x 1 + 1 x 163,840 x 2,048) / 8e12 = 70.9355e9 / 8e12 = 8.8669 ms
        // t_comp = (2 x 70.6e9 + 4 x 80 x 2,048 x 8,192) / 5e15 = 146.5687e9 / 5e15 = 29.3 us -> memory bound;
        // dense: no MoE communication; tokens/s per user = 1 / 8.8669 ms = 112.78.
        let s = decode_step(&model("llama-3.1-70b"), &gpu("gb300-nvl72"), &IDEAL, 1, 1, Precision::Fp8, 2048.0);
        assert!((s.t_mem_s - 8.8669e-3).abs() < 1e-7, "{}", s.t_mem_s);
        assert!((s.t_comp_s - 29.3137e-6).abs() < 1e-9, "{}", s.t_comp_s);
        assert_eq!(s.t_comm_s, 0.0);
        assert!((s.tps_user - 112.777).abs() < 0.01, "{}", s.tps_user);
        assert_eq!(s.tps_user, s.tps_gpu); // one user on one GPU
    }

    #[test]
    fn moe_traffic_per_token_is_about_10_mb_for_deepseek() {
        // 58 MoE layers x 8 experts x 7,168 x 3 bytes = 9.98 MB per token (reference: ~10 MB); over NVLink 5, one
        // direction of 1.8 TB/s = 0.9 TB/s: 11.1 us (reference: ~11 us); over 50 GB/s (400 Gb/s RoCE): 200 us
        // (reference: ~200 us).
        let m = model("deepseek-r1");
        let bytes = f64::from(m.moe_layers * m.experts_per_token * m.d_model) * 3.0;
        assert!((bytes - 9.977e6).abs() < 1e3, "{bytes}");
        let nv = decode_step(&m, &gpu("gb200-nvl72"), &IDEAL, 1, 1, Precision::Fp4, 1.0);
        assert!((nv.t_comm_s - 11.09e-6).abs() < 0.01e-6, "{}", nv.t_comm_s);
        // 16 GPUs on 8-GPU HGX systems: past the NVLink domain, so the all-to-all rides the 50 GB/s network.
        let out = decode_step(&m, &gpu("hgx-b200"), &IDEAL, 16, 16, Precision::Fp4, 1.0);
        assert!((out.t_comm_s - 199.5e-6).abs() < 0.1e-6, "{}", out.t_comm_s);
    }

    #[test]
    fn dense_replicas_are_the_smallest_power_of_two_with_room_for_kv_cache() {
        // Llama 3.1 405B FP8 = 405 GB of weights; GB300 usable 0.9 x 279 GB = 251.1 GB per GPU; weights may fill half:
        // 1 GPU 125.6 GB, 2 GPUs 251.1 GB, 4 GPUs 502.2 GB >= 405 GB -> 4. At FP4 (405 x 0.5625 = 227.8 GB): 2.
        let cat = Catalog::builtin().unwrap();
        let e = cat.calibration("gb300-nvl72", crate::catalog::ModelClass::Dense, None).unwrap();
        assert_eq!(e.max_weight_share, 0.5);
        let m = model("llama-3.1-405b");
        assert_eq!(Serving::replica_for(&m, &gpu("gb300-nvl72"), e, "gb300-nvl72", Precision::Fp8), 4);
        assert_eq!(Serving::replica_for(&m, &gpu("gb300-nvl72"), e, "gb300-nvl72", Precision::Fp4), 2);
    }

    #[test]
    fn the_operating_point_is_the_most_throughput_that_meets_the_service_level() {
        // Batches 1, 8, 64: tokens/s per user fall (200, 120, 40) as tokens/s per GPU rise (100, 600, 1,500).
        let pt = |batch, tps_user, tokens_per_s_gpu| CurvePoint {
            batch,
            tps_user,
            tokens_per_s_gpu,
            decode_tps_gpu: tokens_per_s_gpu,
            t_step_ms: 1000.0 / tps_user,
        };
        let curve = [pt(1, 200.0, 100.0), pt(8, 120.0, 600.0), pt(64, 40.0, 1500.0)];
        // At least 100 tokens/s per user: batches 1 and 8 qualify, 8 serves more.
        assert_eq!(operating_point_on(&curve, 100.0).map(|p| p.batch), Some(8));
        // Exactly 40 qualifies batch 64; above 200 nothing does.
        assert_eq!(operating_point_on(&curve, 40.0).map(|p| p.batch), Some(64));
        assert_eq!(operating_point_on(&curve, 201.0), None);
    }

    #[test]
    fn blended_rate_weights_input_and_output() {
        // 1k in / 1k out, prefill 30,000 and decode 3,000 tokens/s/GPU: 2,000 / (1,000/30,000 + 1,000/3,000)
        // = 2,000 / 0.36667 = 5,454.5.
        assert!((blended_rate(1000.0, 1000.0, 30_000.0, 3000.0) - 5454.545).abs() < 1e-3);
    }

    #[test]
    fn cost_per_gpu_hour_and_per_million_tokens_match_the_reference() {
        // CRF(10 %, 5 y) = 0.1 x 1.61051 / 0.61051 = 0.263797 (reference: 0.264).
        assert!((crf(0.10, 5.0) - 0.263797).abs() < 1e-6);
        // $60k per GPU all-in -> 60,000 x 0.263797 / 8,760 = $1.8068/h of capital (reference: $1.81); power
        // 1.9 kW x PUE 1.2 x $0.08 = $0.1824/h; opex $0.5/h = $4,380/yr -> $2.489/GPU-hour (reference: ~$2.5).
        let h = usd_per_gpu_hour(60_000.0, 0.10, 5.0, 4380.0, 1.9, 1.2, 0.08);
        assert!((h - 2.4892).abs() < 1e-3, "{h}");
        // At $2.6/GPU-hour and 4,793 tokens/s/GPU (C2, GB300 FP4 at 128 tokens/s/user): 2.6 / (4,793 x 3,600) x 1e6
        // = $0.1507 per million tokens (reference: $0.15).
        assert!((usd_per_m_tokens(2.6, 4793.0, 1.0) - 0.15068).abs() < 1e-4);
        assert!((crf(0.0, 5.0) - 0.2).abs() < 1e-12);
    }

    #[test]
    fn extreme_gpu_figures_end_in_bounded_work() {
        // A scale-up domain of u32::MAX GPUs with no HBM: the doubling stops at the domain instead of wrapping to 0
        // and looping forever (the catalogue reader refuses such figures; the model must still terminate).
        let cat = Catalog::builtin().unwrap();
        let m = model("llama-3.1-405b");
        let entry = cat.calibration("gb300-nvl72", ModelClass::Dense, None).unwrap();
        let g = GpuSpec { hbm_gb: 0.0, scale_up_gpus: u32::MAX, ..gpu("gb300-nvl72") };
        assert_eq!(Serving::replica_for(&m, &g, entry, "gb300-nvl72", Precision::Fp8), u32::MAX);
        // 1e300 GB of HBM: the largest batch saturates at u64::MAX; the curve still has ~3 % steps and ends.
        let g = GpuSpec { hbm_gb: 1e300, ..gpu("gb300-nvl72") };
        let s = Serving {
            model: &m,
            gpu: &g,
            cal: IDEAL,
            replica_gpus: 1,
            precision: Precision::Fp8,
            isl: 1000.0,
            osl: 1000.0,
        };
        assert_eq!(s.max_batch(), u64::MAX);
        let curve = s.curve();
        // 34 unit steps, then x1.03 per step: ln(1.8e19 / 34) / ln(1.03) = about 1,350 more points.
        assert!(curve.len() < 1_500, "{}", curve.len());
        assert_eq!(curve.last().map(|p| p.batch), Some(u64::MAX));
    }

    /// The catalogue's serving setup for a platform and model at a precision, 1k in / 1k out unless given.
    fn serving(
        platform: &str,
        model_id: &str,
        p: Precision,
        calibration: Option<&str>,
        isl: f64,
        osl: f64,
    ) -> (Model, GpuSpec, Calibration, u32) {
        let cat = Catalog::builtin().unwrap();
        let m = (*cat.models[model_id]).clone();
        let g = cat.platform(platform).unwrap().gpu.clone().unwrap();
        let entry = cat.calibration(platform, m.class, calibration).unwrap();
        let n = Serving::replica_for(&m, &g, entry, platform, p);
        let _ = (isl, osl);
        (m, g, Calibration::from_entry(entry), n)
    }

    fn at(platform: &str, p: Precision, tps_user: f64) -> f64 {
        let (m, g, cal, n) = serving(platform, "deepseek-r1", p, None, 1000.0, 1000.0);
        let s = Serving { model: &m, gpu: &g, cal, replica_gpus: n, precision: p, isl: 1000.0, osl: 1000.0 };
        s.operating_point(tps_user).map_or(0.0, |x| x.tokens_per_s_gpu)
    }

    fn within(model: f64, measured: f64, tolerance: f64) -> bool {
        (model / measured - 1.0).abs() <= tolerance
    }

    #[test]
    fn calibration_reproduces_c2_the_points_it_was_fitted_to() {
        // C2: GB300 NVL72, DeepSeek-R1, 1k/1k: FP4 11,951 / 4,793 / 959 tok/s/GPU at 71 / 128 / 184 tok/s/user;
        // FP8 3,513 / 817 at 71 / 128. Within +-25 %.
        for (p, tpu, measured) in [
            (Precision::Fp4, 71.0, 11_951.0),
            (Precision::Fp4, 128.0, 4_793.0),
            (Precision::Fp4, 184.0, 959.0),
            (Precision::Fp8, 71.0, 3_513.0),
            (Precision::Fp8, 128.0, 817.0),
        ] {
            let v = at("gb300-nvl72", p, tpu);
            assert!(within(v, measured, 0.25), "GB300 {p:?} at {tpu} tok/s/user: model {v:.0}, measured {measured}");
        }
    }

    #[test]
    fn calibration_predicts_c1_out_of_sample_and_nvl72_beats_hgx_by_3x() {
        // C1: at 125 tok/s/user, GB200 NVL72 4,130 and B200 941 tok/s/GPU (DeepSeek-R1-0528, FP4, 1k/1k, MTP; decode
        // expert-parallel 32 on NVL72, 8 on HGX). Same calibration as C2: only the platform figures differ.
        let gb200 = at("gb200-nvl72", Precision::Fp4, 125.0);
        let b200 = at("hgx-b200", Precision::Fp4, 125.0);
        assert!(within(gb200, 4_130.0, 0.25), "GB200 model {gb200:.0}");
        assert!(within(b200, 941.0, 0.25), "B200 model {b200:.0}");
        assert!(gb200 / b200 >= 3.0, "ratio {:.2}", gb200 / b200);
    }

    #[test]
    fn the_sglang_calibration_reproduces_c3() {
        // C3: GB200 NVL72, 2,000-token input, 48 decode GPUs, large expert parallelism, no MTP: 7,583 decode
        // tok/s/GPU, the highest rate over the batch sweep. FP8; output length 100 [U].
        let (m, g, cal, n) =
            serving("gb200-nvl72", "deepseek-r1", Precision::Fp8, Some("sglang-gb200-2025-06"), 2000.0, 100.0);
        assert_eq!(n, 48);
        let s =
            Serving { model: &m, gpu: &g, cal, replica_gpus: n, precision: Precision::Fp8, isl: 2000.0, osl: 100.0 };
        let best = s.curve().iter().map(|p| p.decode_tps_gpu).fold(0.0, f64::max);
        assert!(within(best, 7_583.0, 0.25), "model {best:.0}");
    }
}
