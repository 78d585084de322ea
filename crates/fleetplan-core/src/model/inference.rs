//! Inference roofline and cost per token: the pure formulas of docs/model.md, "Inference and cost per token"
//! (numbered steps 1-8). Calibration parameters (efficiencies,
//! overlap, scheduling overhead, multi-token-prediction gain) are inputs, never constants here: fitting them to the
//! published measurements is a separate step, recorded with its sources.

use crate::catalog::{Attention, CalibrationEntry, GpuSpec, Model, ModelClass};
pub use crate::catalog::{Precision, ServingMode};
use crate::units::{
    HOURS_PER_YEAR, SECONDS_PER_HOUR, billions, gb_s_to_bytes_s, gb_to_bytes, ms_to_s, per_million, s_to_ms,
    tb_s_to_bytes_s, us_to_s,
};

/// Step 1: KV-cache bytes per token of context in one layer: MHA `2 h d_head b_kv`, GQA `2 n_kv d_head b_kv`, MLA
/// `(d_c + d_rope) b_kv` (one latent and one rotary key per token, shared by every head).
pub fn kv_bytes_per_token_layer(m: &Model, b_kv: f64) -> f64 {
    match m.attention {
        Attention::Mha => 2.0 * f64::from(m.heads) * f64::from(m.head_dim) * b_kv,
        Attention::Gqa => 2.0 * f64::from(m.kv_heads) * f64::from(m.head_dim) * b_kv,
        Attention::Mla => f64::from(m.kv_lora_rank + m.rope_dim) * b_kv,
    }
}

/// KV-cache bytes per token of context over all layers, as if every layer attended to the whole context.
pub fn kv_bytes_per_token(m: &Model, b_kv: f64) -> f64 {
    f64::from(m.layers) * kv_bytes_per_token_layer(m, b_kv)
}

/// Layers attending to the whole context, and to a sliding window, and the context each of the latter sees.
fn layer_contexts(m: &Model, ctx: f64) -> (f64, f64, f64) {
    let sliding = f64::from(m.sliding_layers.min(m.layers));
    (f64::from(m.layers) - sliding, sliding, ctx.min(f64::from(m.sliding_window)))
}

/// KV-cache bytes of one sequence at `ctx` tokens: full layers hold every token, sliding-window layers at most
/// their window.
pub fn kv_bytes(m: &Model, b_kv: f64, ctx: f64) -> f64 {
    let (full, sliding, window_ctx) = layer_contexts(m, ctx);
    kv_bytes_per_token_layer(m, b_kv) * (full * ctx + sliding * window_ctx)
}

/// Attention FLOPs per query token per context token in one layer. MHA and GQA: `4 h d_head` (scores and values,
/// every query head; sharing K/V heads saves memory, not FLOPs). MLA in decode runs absorbed: each head scores
/// against the latent and rotary key and sums values in the latent, `2 h (2 d_c + d_rope)`. MLA in prefill runs
/// expanded to per-head keys and values: `2 h (d_nope + d_rope + d_v)`.
fn attention_flops_per_pair(m: &Model, prefill: bool) -> f64 {
    let h = f64::from(m.heads);
    match m.attention {
        Attention::Mha | Attention::Gqa => 4.0 * h * f64::from(m.head_dim),
        Attention::Mla if prefill => 2.0 * h * f64::from(m.qk_nope_dim + m.rope_dim + m.v_head_dim),
        Attention::Mla => 2.0 * h * f64::from(2 * m.kv_lora_rank + m.rope_dim),
    }
}

/// Attention FLOPs of one decoded token at context `ctx`, all layers (linear in context).
pub fn decode_attention_flops(m: &Model, ctx: f64) -> f64 {
    let (full, sliding, window_ctx) = layer_contexts(m, ctx);
    attention_flops_per_pair(m, false) * (full * ctx + sliding * window_ctx)
}

/// Attention FLOPs of a causal prefill of `s` tokens, all layers (quadratic in context): `s^2 / 2` query-key pairs
/// per full layer, `w s - w^2 / 2` per sliding-window layer of window `w < s`.
pub fn prefill_attention_flops(m: &Model, s: f64) -> f64 {
    let (full, sliding, _) = layer_contexts(m, s);
    let w = f64::from(m.sliding_window);
    let window_pairs = if w > 0.0 && w < s { w * s - w * w / 2.0 } else { s * s / 2.0 };
    attention_flops_per_pair(m, true) * (full * s * s / 2.0 + sliding * window_pairs)
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
    let per_seq = kv_bytes(m, p.kv_bytes(), ctx);
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
    /// Draft tokens verified per step besides the sequence's own: the step's compute is `1 + this` times one token's.
    pub mtp_draft_tokens: f64,
    /// Most sequences decoded at once per GPU.
    pub max_seqs_per_gpu: f64,
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
/// - `t_mem = (b_w (P_dense + P_experts (1 - (1 - k/E)^B)) + B kv(ctx)) / (N BW eta_bw)`, `kv(ctx)` by `kv_bytes`
/// - `t_comp = B (1 + k) (2 P_act / F + attention FLOPs per token / F_attn) / (N eta_f)`, `k` the multi-token
///   prediction's draft tokens verified per step (accepted `a` of them on average: `1 + a` tokens a step), attention by type
///   (`decode_attention_flops`) at the attention precision's peak `F_attn`
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
    let t_mem_s = (p.weight_bytes() * (p_dense + p_experts * touched) + bf * kv_bytes(m, p.kv_bytes(), ctx))
        / (tb_s_to_bytes_s(nf * g.hbm_tb_s) * cal.eta_bw);
    // Weights at the serving precision's peak; attention at the KV cache's precision (FP8 for FP4 weights).
    // Every verified position (the sequence's own and its draft tokens) costs a token's compute; the weights and
    // the KV cache are read once per step whatever the number of positions.
    // Multi-token prediction is the model's: a calibration's gain and draft tokens apply only to a model that ships
    // MTP modules, at most one draft token a module.
    let (mtp_gain, mtp_draft) = if m.mtp_modules == 0 {
        (0.0, 0.0)
    } else {
        (cal.mtp_gain, cal.mtp_draft_tokens.min(f64::from(m.mtp_modules)))
    };
    let t_comp_s = bf
        * (1.0 + mtp_draft)
        * (billions(2.0 * m.params_active_b) / p.flops(g) + decode_attention_flops(m, ctx) / p.attention().flops(g))
        / (nf * cal.eta_f);
    let t_comm_s = match m.class {
        // A replica of one GPU holds every expert: no all-to-all.
        ModelClass::Moe if n <= 1 => 0.0,
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
    // Tensor parallel (a dense model over N > 1 GPUs): two all-reduces a layer, after attention and after the MLP,
    // of the batch's activations (B x d_model in BF16); a ring sends 2 (N - 1) / N of the message from each GPU. They
    // sit between the layers' matrix products, on the step's critical path: not hidden by `overlap` (which is the
    // MoE all-to-all's). [S] Megatron-LM (Shoeybi et al. 2019) sec. 3; ring all-reduce (Patarasuk & Yuan 2009).
    let t_allreduce_s = match m.class {
        ModelClass::Dense if n > 1 => {
            let link = if n <= g.scale_up_gpus {
                tb_s_to_bytes_s(g.nvlink_tb_s) / 2.0
            } else {
                gb_s_to_bytes_s(g.scale_out_gb_s)
            };
            let message = bf * f64::from(m.d_model) * 2.0;
            2.0 * f64::from(m.layers) * (2.0 * (nf - 1.0) / nf * message / link + cal.collective_s)
        }
        _ => 0.0,
    };
    let t_step_s = t_mem_s.max(t_comp_s)
        + (1.0 - cal.mem_compute_overlap) * t_mem_s.min(t_comp_s)
        + (1.0 - cal.overlap) * t_comm_s
        + t_allreduce_s
        + cal.t_sched_s;
    let t_comm_s = t_comm_s + t_allreduce_s;
    DecodeStep {
        t_mem_s,
        t_comp_s,
        t_comm_s,
        t_step_s,
        tps_user: (1.0 + mtp_gain) / t_step_s,
        tps_gpu: bf * (1.0 + mtp_gain) / (t_step_s * nf),
    }
}

impl Calibration {
    /// The figures of a catalogue calibration, its milliseconds and microseconds in seconds.
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
            mtp_draft_tokens: c.mtp_draft_tokens,
            max_seqs_per_gpu: f64::from(c.max_seqs_per_gpu),
            eta_prefill: c.eta_prefill,
            hbm_usable: c.hbm_usable,
        }
    }
}

/// One model served on one platform: the replica, precision, request shape, calibration and serving mode.
#[derive(Debug, Clone, Copy)]
pub struct Serving<'a> {
    pub model: &'a Model,
    pub gpu: &'a GpuSpec,
    pub cal: Calibration,
    pub replica_gpus: u32,
    pub precision: Precision,
    pub isl: f64,
    pub osl: f64,
    pub mode: ServingMode,
}

/// A point of the throughput-interactivity curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// Concurrent sequences on the replica.
    pub batch: u64,
    pub t_step_ms: f64,
    /// Output tokens per second seen by each user (aggregated: the decode rate slowed by the prefill chunks that
    /// share its steps).
    pub tps_user: f64,
    /// Output tokens per second per decoding GPU.
    pub decode_tps_gpu: f64,
    /// Input and output tokens per second per GPU, prefill included (step 5): the blended rate the published 1k/1k
    /// points count.
    pub tokens_per_s_gpu: f64,
    /// Of that rate, prompt tokens and generated tokens, in the ratio ISL : OSL; they add up to it.
    pub input_tokens_per_s_gpu: f64,
    pub output_tokens_per_s_gpu: f64,
    /// Prompt tokens per second per GPU while prefilling (the prefill phase alone).
    pub prefill_tps_gpu: f64,
}

impl CurvePoint {
    /// Share of each GPU-second spent in prefill: input tokens per second over the prefill rate. The decode share,
    /// output tokens per second over the decode rate, is the rest.
    pub fn prefill_share(&self) -> f64 {
        self.input_tokens_per_s_gpu / self.prefill_tps_gpu
    }

    /// Prefill GPUs per decode GPU that balance the two for this workload: `(ISL / prefill rate) / (OSL / decode
    /// rate)`, the prefill share over the decode share of GPU-seconds (the pool ratio of disaggregated serving).
    pub fn prefill_gpus_per_decode_gpu(&self) -> f64 {
        self.prefill_share() / (1.0 - self.prefill_share())
    }
}

/// Dollars per million tokens at an operating point, blended and apart. The GPU-hour is split between prompt and
/// generated tokens by the GPU-seconds prefill and decode take: `$/M input = $/GPU-hour / (prefill rate x 3600 x
/// utilisation) x 1e6`, `$/M output` likewise at the decode rate, so that ISL x input + OSL x output = (ISL + OSL) x
/// blended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenCosts {
    pub usd_per_m_tokens: f64,
    pub usd_per_m_input_tokens: f64,
    pub usd_per_m_output_tokens: f64,
}

/// Dollars per million tokens at operating point `p`, for a GPU-hour price and a utilisation: all tokens at the
/// blended rate, input at the prefill rate and output at the decode rate (see `TokenCosts`).
pub fn token_costs(usd_per_gpu_hour: f64, p: &CurvePoint, utilisation: f64) -> TokenCosts {
    TokenCosts {
        usd_per_m_tokens: usd_per_m_tokens(usd_per_gpu_hour, p.tokens_per_s_gpu, utilisation),
        usd_per_m_input_tokens: usd_per_m_tokens(usd_per_gpu_hour, p.prefill_tps_gpu, utilisation),
        usd_per_m_output_tokens: usd_per_m_tokens(usd_per_gpu_hour, p.decode_tps_gpu, utilisation),
    }
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

    /// The largest batch: what fits at full context (ISL + OSL per sequence), and at most the engine's limit of
    /// `max_seqs_per_gpu` per GPU.
    pub fn max_batch(&self) -> u64 {
        let fits = max_batch(
            self.model,
            self.gpu,
            self.replica_gpus,
            self.precision,
            self.isl + self.osl,
            self.cal.hbm_usable,
            self.cal.replicated_dense,
        );
        let cap = self.cal.max_seqs_per_gpu * f64::from(self.replica_gpus);
        if fits == 0 { 0 } else { fits.min(cap as u64).max(1) }
    }

    /// Time to first token: prefill of the input on the replica.
    pub fn ttft_s(&self) -> f64 {
        prefill_s(self.model, self.gpu, &self.cal, self.replica_gpus, self.precision, self.isl)
    }

    /// Disaggregated: time to move one request's KV cache from its prefill replica to its decode replica, each GPU
    /// sending its shard: over NVLink (one direction, half the figure) when both pools fit one scale-up domain,
    /// otherwise over the scale-out network. Zero when aggregated.
    pub fn kv_transfer_s(&self) -> f64 {
        if self.mode == ServingMode::Aggregated {
            return 0.0;
        }
        let n = self.replica_gpus;
        let per_gpu = if n.saturating_mul(2) <= self.gpu.scale_up_gpus {
            tb_s_to_bytes_s(self.gpu.nvlink_tb_s) / 2.0
        } else {
            gb_s_to_bytes_s(self.gpu.scale_out_gb_s)
        };
        kv_bytes(self.model, self.precision.kv_bytes(), self.isl) / (per_gpu * f64::from(n))
    }

    /// Prefill tokens per second per GPU.
    pub fn prefill_tps_gpu(&self) -> f64 {
        self.isl / (self.ttft_s() * f64::from(self.replica_gpus))
    }

    /// The operating point at batch `b`: the decode step at the average context (ISL + OSL / 2), blended with prefill;
    /// aggregated, each user's tokens slowed by the prefill share of the steps.
    pub fn point(&self, b: u64) -> CurvePoint {
        let s = decode_step(self.model, self.gpu, &self.cal, self.replica_gpus, b, self.precision, self.ctx_avg());
        let prefill = self.prefill_tps_gpu();
        let blended = blended_rate(self.isl, self.osl, prefill, s.tps_gpu);
        let in_frac = self.isl / (self.isl + self.osl);
        // Aggregated: the replica spends the prefill share of its time on prompts, chunked into its steps, so each
        // user's tokens come that much slower. Disaggregated: decode GPUs only decode.
        let prefill_share = blended * in_frac / prefill;
        let tps_user = match self.mode {
            ServingMode::Aggregated => s.tps_user * (1.0 - prefill_share),
            ServingMode::Disaggregated => s.tps_user,
        };
        CurvePoint {
            batch: b,
            t_step_ms: s_to_ms(s.t_step_s),
            tps_user,
            decode_tps_gpu: s.tps_gpu,
            tokens_per_s_gpu: blended,
            input_tokens_per_s_gpu: blended * in_frac,
            output_tokens_per_s_gpu: blended * (1.0 - in_frac),
            prefill_tps_gpu: prefill,
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

/// Step 4: prefill of `s` tokens on a replica: `(2 P_act S / F + attention(S) / F_attn) / (N eta_prefill)`, the
/// causal attention by type (`prefill_attention_flops`) at the attention precision's peak.
pub fn prefill_s(m: &Model, g: &GpuSpec, cal: &Calibration, n: u32, p: Precision, s: f64) -> f64 {
    let seconds =
        billions(2.0 * m.params_active_b) * s / p.flops(g) + prefill_attention_flops(m, s) / p.attention().flops(g);
    seconds / (f64::from(n) * cal.eta_prefill)
}

/// Erlang C: the probability that a request waits in an M/M/c queue with `c` servers and offered load `a = lambda S`
/// (in servers), through the Erlang B recursion `B_k = a B_(k-1) / (k + a B_(k-1))`, `C = B_c / (1 - (a/c)(1 - B_c))`;
/// 1 when the queue is unstable (`a >= c`).
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let cf = f64::from(c.max(1));
    if a >= cf {
        return 1.0;
    }
    let mut b = 1.0;
    for k in 1..=c.max(1) {
        b = a * b / (f64::from(k) + a * b);
    }
    b / (1.0 - (a / cf) * (1.0 - b))
}

/// Mean wait in an M/D/c queue (Poisson arrivals, deterministic service `service_s`, `c` servers each busy `rho` of
/// the time): the Allen-Cunneen approximation, half the M/M/c wait `C(c, c rho) S / (c (1 - rho))` for service times
/// without variance, exact (Pollaczek-Khinchine) for one server. Infinite when `rho >= 1`.
pub fn md_c_wait_s(c: u32, rho: f64, service_s: f64) -> f64 {
    if rho >= 1.0 {
        return f64::INFINITY;
    }
    let cf = f64::from(c.max(1));
    0.5 * erlang_c(c, cf * rho) * service_s / (cf * (1.0 - rho))
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
mod tests;
