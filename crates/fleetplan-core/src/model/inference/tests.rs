//! Hand-worked checks of the inference roofline (steps 1-8 of docs/model.md) and its calibration points.
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
    mtp_draft_tokens: 0.0,
    max_seqs_per_gpu: f64::INFINITY,
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
fn attention_flops_by_type() {
    // DeepSeek-R1, MLA (h 128, d_c 512, d_rope 64). Decode runs absorbed: 2 x 128 x (2 x 512 + 64) = 278,528
    // FLOPs per context token and layer, 9.7x the 4 d_model = 28,672 an MHA of the same width would cost;
    // x 61 layers = 16,990,208 per context token.
    let r1 = model("deepseek-r1");
    assert_eq!(decode_attention_flops(&r1, 1.0), 16_990_208.0);
    // Prefill runs expanded (d_nope 128, d_rope 64, d_v 128): 2 x 128 x 320 = 81,920 per query-key pair and
    // layer; 1,000 tokens have 500,000 causal pairs: 81,920 x 5e5 x 61 = 2.49856e12 FLOPs.
    assert_eq!(prefill_attention_flops(&r1, 1000.0), 2.49856e12);
    // Llama 3.1 70B, GQA (64 query heads of 128): 4 x 64 x 128 = 32,768 per pair and layer, = 4 d_model: the
    // 8 KV heads save memory, not FLOPs. 80 layers: 2,621,440 per context token.
    let llama = model("llama-3.1-70b");
    assert_eq!(decode_attention_flops(&llama, 1.0), 2_621_440.0);
    // MHA keeps a key and value head per query head: KV bytes 2 x 64 x 128 = 16,384 per token and layer, 8x GQA.
    let mha = Model { attention: Attention::Mha, ..llama.clone() };
    assert_eq!(kv_bytes_per_token_layer(&mha, 1.0), 16_384.0);
    assert_eq!(kv_bytes_per_token_layer(&llama, 1.0), 2_048.0);
}

#[test]
fn sliding_window_layers_see_only_their_window() {
    // Llama 3.1 70B with half its layers (40) on a 4,096-token window, at 8,192 tokens of context (FP8 KV).
    let m = Model { sliding_window: 4096, sliding_layers: 40, ..model("llama-3.1-70b") };
    // KV: 2,048 B per token and layer x (40 x 8,192 + 40 x 4,096) = 2,048 x 491,520 = 1,006,632,960 B.
    assert_eq!(kv_bytes(&m, 1.0, 8192.0), 1_006_632_960.0);
    // Decode: 32,768 x (40 x 8,192 + 40 x 4,096) = 16,106,127,360 FLOPs per token.
    assert_eq!(decode_attention_flops(&m, 8192.0), 16_106_127_360.0);
    // Prefill of 8,192: full layers 8,192^2 / 2 = 33,554,432 pairs; windowed 4,096 x 8,192 - 4,096^2 / 2
    // = 25,165,824; 32,768 x (40 x 33,554,432 + 40 x 25,165,824) = 7.6965813e13 FLOPs.
    assert_eq!(prefill_attention_flops(&m, 8192.0), 32_768.0 * (40.0 * 33_554_432.0 + 40.0 * 25_165_824.0));
    // Below the window, the window changes nothing.
    let full = model("llama-3.1-70b");
    assert_eq!(prefill_attention_flops(&m, 2000.0), prefill_attention_flops(&full, 2000.0));
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
    // One token per GPU on a 2-GPU replica (a replica of one GPU holds every expert and sends nothing).
    let nv = decode_step(&m, &gpu("gb200-nvl72"), &IDEAL, 2, 2, Precision::Fp4, 1.0);
    assert!((nv.t_comm_s - 11.09e-6).abs() < 0.01e-6, "{}", nv.t_comm_s);
    assert_eq!(decode_step(&m, &gpu("gb200-nvl72"), &IDEAL, 1, 1, Precision::Fp4, 1.0).t_comm_s, 0.0);
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
        input_tokens_per_s_gpu: tokens_per_s_gpu / 2.0,
        output_tokens_per_s_gpu: tokens_per_s_gpu / 2.0,
        prefill_tps_gpu: f64::INFINITY,
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
        mode: ServingMode::Aggregated,
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
    let s = Serving {
        model: &m,
        gpu: &g,
        cal,
        replica_gpus: n,
        precision: p,
        isl: 1000.0,
        osl: 1000.0,
        mode: ServingMode::Aggregated,
    };
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
    let s = Serving {
        model: &m,
        gpu: &g,
        cal,
        replica_gpus: n,
        precision: Precision::Fp8,
        isl: 2000.0,
        osl: 100.0,
        mode: ServingMode::Aggregated,
    };
    let best = s.curve().iter().map(|p| p.decode_tps_gpu).fold(0.0, f64::max);
    assert!(within(best, 7_583.0, 0.25), "model {best:.0}");
}

#[test]
fn input_and_output_tokens_and_their_prices_add_up() {
    // Prefill 30,000 and decode 3,000 tokens/s per GPU, 1,000 in / 1,000 out: blended 2,000 / (1,000/30,000 +
    // 1,000/3,000) = 5,454.55 tokens/s per GPU, half of them prompt tokens: 2,727.27 in and 2,727.27 out. Each
    // GPU-second: 2,727.27 / 30,000 = 0.0909 s prefilling, 2,727.27 / 3,000 = 0.9091 s decoding.
    let blended = blended_rate(1000.0, 1000.0, 30_000.0, 3_000.0);
    let p = CurvePoint {
        batch: 1,
        t_step_ms: 1.0,
        tps_user: 1.0,
        decode_tps_gpu: 3_000.0,
        tokens_per_s_gpu: blended,
        input_tokens_per_s_gpu: blended / 2.0,
        output_tokens_per_s_gpu: blended / 2.0,
        prefill_tps_gpu: 30_000.0,
    };
    assert!((blended - 5_454.545).abs() < 1e-3);
    assert!((p.prefill_share() - 1.0 / 11.0).abs() < 1e-12);
    assert!((p.prefill_share() + p.output_tokens_per_s_gpu / p.decode_tps_gpu - 1.0).abs() < 1e-12);
    // $2.60 per GPU-hour, fully used: blended 2.6 / (5,454.55 x 3,600) x 1e6 = $0.13241 per million; prompt tokens
    // at the prefill rate $0.024074, generated tokens at the decode rate $0.24074; and 1,000 x 0.024074 +
    // 1,000 x 0.24074 = 2,000 x 0.13241.
    let c = token_costs(2.6, &p, 1.0);
    assert!((c.usd_per_m_tokens - 0.132407).abs() < 1e-6);
    assert!((c.usd_per_m_input_tokens - 0.024074).abs() < 1e-6);
    assert!((c.usd_per_m_output_tokens - 0.240741).abs() < 1e-6);
    let weighted = (1000.0 * c.usd_per_m_input_tokens + 1000.0 * c.usd_per_m_output_tokens) / 2000.0;
    assert!((weighted - c.usd_per_m_tokens).abs() < 1e-12);
}

#[test]
fn at_long_context_the_output_price_is_far_above_the_blended_one() {
    // DeepSeek-R1 on GB300 at 128K in / 8K out, FP4: 94 % of the tokens are prompt tokens, so the blended price
    // says little about what a generated token costs; every point of the curve keeps the identities above.
    let cat = Catalog::builtin().unwrap();
    let m = (*cat.models["deepseek-r1"]).clone();
    let g = cat.platform("gb300-nvl72").unwrap().gpu.clone().unwrap();
    let entry = cat.calibration("gb300-nvl72", m.class, None).unwrap();
    let s = Serving {
        model: &m,
        gpu: &g,
        cal: Calibration::from_entry(entry),
        replica_gpus: 32,
        precision: Precision::Fp4,
        isl: 131_072.0,
        osl: 8_192.0,
        mode: ServingMode::Aggregated,
    };
    for p in s.curve() {
        assert!(
            (p.input_tokens_per_s_gpu + p.output_tokens_per_s_gpu - p.tokens_per_s_gpu).abs()
                < 1e-9 * p.tokens_per_s_gpu
        );
        assert!((p.input_tokens_per_s_gpu / p.tokens_per_s_gpu - 131_072.0 / 139_264.0).abs() < 1e-12);
        let c = token_costs(3.7, &p, 0.7);
        assert!(c.usd_per_m_output_tokens > 5.0 * c.usd_per_m_tokens, "{c:?}");
    }
}

#[test]
fn the_engines_batch_limit_caps_concurrency() {
    // DeepSeek-R1 on a 32-GPU GB300 replica, 1k/1k, FP4: the KV cache alone would hold far more sequences than an
    // engine schedules; the calibration's 512 sequences per GPU caps the batch at 512 x 32 = 16,384.
    let cat = Catalog::builtin().unwrap();
    let m = (*cat.models["deepseek-r1"]).clone();
    let g = cat.platform("gb300-nvl72").unwrap().gpu.clone().unwrap();
    let cal = Calibration::from_entry(cat.calibration("gb300-nvl72", m.class, None).unwrap());
    assert_eq!(cal.max_seqs_per_gpu, 512.0);
    let s = Serving {
        model: &m,
        gpu: &g,
        cal,
        replica_gpus: 32,
        precision: Precision::Fp4,
        isl: 1000.0,
        osl: 1000.0,
        mode: ServingMode::Aggregated,
    };
    let fits = max_batch(&m, &g, 32, Precision::Fp4, 2000.0, cal.hbm_usable, cal.replicated_dense);
    assert!(fits > 16_384, "{fits}");
    assert_eq!(s.max_batch(), 16_384);
    assert_eq!(s.curve().last().map(|p| p.batch), Some(16_384));
    // Where memory binds first, memory decides: 128K of context leaves room for far fewer.
    let long = Serving { isl: 131_072.0, osl: 8_192.0, ..s };
    assert!(long.max_batch() < 16_384);
}

#[test]
fn an_md_c_wait_by_hand() {
    // One server, busy half the time, 1 s deterministic service: Pollaczek-Khinchine rho S / (2 (1 - rho)) = 0.5 s.
    assert!((md_c_wait_s(1, 0.5, 1.0) - 0.5).abs() < 1e-12);
    assert!((erlang_c(1, 0.5) - 0.5).abs() < 1e-12);
    // Two servers each busy half the time (offered load 1): Erlang B: B1 = 1 / 2 = 0.5, B2 = 0.5 / (2 + 0.5) = 0.2;
    // C = 0.2 / (1 - 0.5 x 0.8) = 1/3; M/M/2 wait (1/3) x 1 / (2 x 0.5) = 0.3333 s; M/D/2 half of it, 0.1667 s.
    assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
    assert!((md_c_wait_s(2, 0.5, 1.0) - 1.0 / 6.0).abs() < 1e-12);
    // Pooling replicas shortens the wait at the same load; a saturated queue never empties.
    assert!(md_c_wait_s(16, 0.5, 1.0) < md_c_wait_s(2, 0.5, 1.0));
    assert_eq!(md_c_wait_s(4, 1.0, 1.0), f64::INFINITY);
    // Large pools stay finite (the recursion never forms c!).
    assert!(md_c_wait_s(10_000, 0.9, 1.0).is_finite());
}

#[test]
fn prefill_and_decode_pools_balance_by_their_gpu_seconds() {
    // Prefill 30,000 and decode 3,000 tokens/s per GPU, 1,000 in / 1,000 out: a request takes 1,000 / 30,000 =
    // 0.0333 GPU-seconds of prefill and 1,000 / 3,000 = 0.3333 of decode, so a disaggregated deployment balances
    // with 0.0333 / 0.3333 = 0.1 prefill GPU per decode GPU (1 in 11 GPUs prefills).
    let blended = blended_rate(1000.0, 1000.0, 30_000.0, 3_000.0);
    let p = CurvePoint {
        batch: 1,
        t_step_ms: 1.0,
        tps_user: 1.0,
        decode_tps_gpu: 3_000.0,
        tokens_per_s_gpu: blended,
        input_tokens_per_s_gpu: blended / 2.0,
        output_tokens_per_s_gpu: blended / 2.0,
        prefill_tps_gpu: 30_000.0,
    };
    assert!((p.prefill_gpus_per_decode_gpu() - 0.1).abs() < 1e-12);
}

#[test]
fn aggregated_steps_carry_prefill_and_disaggregated_pools_move_the_kv_cache() {
    let cat = Catalog::builtin().unwrap();
    let m = (*cat.models["deepseek-r1"]).clone();
    let g = cat.platform("gb300-nvl72").unwrap().gpu.clone().unwrap();
    let cal = Calibration::from_entry(cat.calibration("gb300-nvl72", m.class, None).unwrap());
    let agg = Serving {
        model: &m,
        gpu: &g,
        cal,
        replica_gpus: 32,
        precision: Precision::Fp4,
        isl: 100_000.0,
        osl: 1000.0,
        mode: ServingMode::Aggregated,
    };
    let dis = Serving { mode: ServingMode::Disaggregated, ..agg };
    // Same batch, same rates per GPU; aggregated users see their tokens slowed by the prefill share of each step.
    let (a, d) = (agg.point(256), dis.point(256));
    assert_eq!(a.tokens_per_s_gpu, d.tokens_per_s_gpu);
    assert!((a.tps_user - d.tps_user * (1.0 - a.prefill_share())).abs() < 1e-9 * d.tps_user);
    assert!(a.prefill_share() > 0.3, "{}", a.prefill_share());
    // The KV cache of a 100,000-token prompt: 35,136 B per token (FP8) x 1e5 = 3.5136 GB, sent by 32 GPUs over
    // NVLink (2 x 32 GPUs fit the 72-GPU domain) at half of 1.8 TB/s each: 3.5136e9 / (0.9e12 x 32) = 0.122 ms.
    assert_eq!(agg.kv_transfer_s(), 0.0);
    assert!((dis.kv_transfer_s() - 3.5136e9 / (0.9e12 * 32.0)).abs() < 1e-12, "{}", dis.kv_transfer_s());
}

#[test]
fn multi_token_prediction_pays_for_verification_so_its_gain_shrinks_when_compute_bound() {
    // One draft token a step (k = 1), 0.7 of them accepted (a = 0.7): a step yields 1.7 tokens per sequence and
    // computes 2 positions per sequence. With memory and compute overlapped (max of the two), a memory-bound step
    // (batch 1: every weight read for one sequence) takes as long as without MTP, so tokens/s rise 1.7x; a
    // compute-bound step (a huge batch) takes 2x as long, so tokens/s are 1.7 / 2 = 0.85 of no MTP.
    // The mechanism on a dense model given one MTP module (the shipped Llama has none: see below).
    let (m, g) = (Model { mtp_modules: 1, ..model("llama-3.1-70b") }, gpu("gb300-nvl72"));
    let mtp = Calibration { mtp_gain: 0.7, mtp_draft_tokens: 1.0, ..IDEAL };
    // A model without MTP modules gains nothing from a calibration's MTP: it is the model's, not the engine's.
    let plain = model("llama-3.1-70b");
    assert_eq!(plain.mtp_modules, 0);
    let (a, b) = (
        decode_step(&plain, &g, &mtp, 8, 64, Precision::Fp8, 10.0),
        decode_step(&plain, &g, &IDEAL, 8, 64, Precision::Fp8, 10.0),
    );
    assert_eq!(a.tps_gpu, b.tps_gpu);
    assert_eq!(model("deepseek-r1").mtp_modules, 1);
    // On one GPU, so no tensor-parallel all-reduce (the same in both) blurs the compute-bound end.
    let ratio = |b: u64| {
        let with = decode_step(&m, &g, &mtp, 1, b, Precision::Fp8, 10.0);
        let without = decode_step(&m, &g, &IDEAL, 1, b, Precision::Fp8, 10.0);
        with.tps_gpu / without.tps_gpu
    };
    assert!((ratio(1) - 1.7).abs() < 1e-9, "memory-bound: {}", ratio(1));
    let big = 1_000_000;
    // A 10-token context, so the KV cache (which grows with the batch) stays small against the compute.
    let s = decode_step(&m, &g, &IDEAL, 1, big, Precision::Fp8, 10.0);
    assert!(s.t_comp_s > 10.0 * s.t_mem_s, "the big batch is compute-bound");
    // Not exactly 0.85: at this batch memory still adds a little (the KV cache grows with the batch too).
    assert!((ratio(big) - 0.85).abs() < 0.02, "compute-bound: {}", ratio(big));
    // The gain falls monotonically between the two.
    let gains: Vec<f64> = [1, 16, 256, 4096, 65_536, big].iter().map(|b| ratio(*b)).collect();
    assert!(gains.windows(2).all(|w| w[1] <= w[0] + 1e-12), "{gains:?}");
}

#[test]
fn a_dense_model_over_several_gpus_pays_two_all_reduces_a_layer() {
    // Llama 3.1 70B over 8 GB200 GPUs (NVLink 1.8 TB/s both ways: 0.9 TB/s one way), a batch of 64: each all-reduce
    // carries 64 x 8,192 x 2 B = 1,048,576 B; a ring sends 2 x 7/8 of it = 1,835,008 B: 2.0389 us. Two a layer over
    // 80 layers: 160 x 2.0389 us = 326.2 us (no latency in IDEAL). With a 10 us latency per collective: + 1.6 ms.
    let (m, g) = (model("llama-3.1-70b"), gpu("gb200-nvl72"));
    let s = decode_step(&m, &g, &IDEAL, 8, 64, Precision::Fp8, 2048.0);
    assert!((s.t_comm_s - 160.0 * 1_835_008.0 / 0.9e12).abs() < 1e-12, "{}", s.t_comm_s);
    let slow = Calibration { collective_s: 10e-6, ..IDEAL };
    let t = decode_step(&m, &g, &slow, 8, 64, Precision::Fp8, 2048.0);
    assert!((t.t_comm_s - s.t_comm_s - 160.0 * 10e-6).abs() < 1e-12);
    // On the critical path: the step is longer by exactly it, and one GPU pays none.
    let free = decode_step(&m, &g, &IDEAL, 8, 64, Precision::Fp8, 2048.0);
    assert!((free.t_step_s - free.t_mem_s.max(free.t_comp_s) - free.t_comm_s).abs() < 1e-12);
    assert_eq!(decode_step(&m, &g, &IDEAL, 1, 64, Precision::Fp8, 2048.0).t_comm_s, 0.0);
}
