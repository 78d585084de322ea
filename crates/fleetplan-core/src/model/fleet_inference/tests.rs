//! Serving a plan's workload: per rack, hall, site and fleet, and the platform comparison.

use super::*;
use crate::catalog::Precision;
use crate::model::evaluate_site;
use crate::plan::{Origin, parse};

fn plan() -> Plan {
    parse(crate::plan::DEFAULT_PLAN, &Origin::bundled(), Catalog::builtin().unwrap()).unwrap()
}

#[test]
fn dollars_per_gpu_hour_worked_by_hand() {
    // GB200 NVL72: rack $3.0 M + (network $15 M + facility $10 M per MW) x 0.1386 MW (132 kW + 5 % network)
    // = $6.465 M / 72 GPUs = $89,792 per GPU; x CRF(10 %, 5 y) 0.263797 = $23,687 per year, + $4,380 opex
    // = $28,067 / 8,760 h = $3.2040/h; + power 1.925 kW x PUE 1.2 x $0.08 = $0.1848/h -> $3.3888/h.
    let cat = Catalog::builtin().unwrap();
    let h = gpu_hour_usd(&cat.economics, 3.0e6, 132.0 * 1.05, 72, 1.2, 80.0);
    assert!((h - 3.3888).abs() < 1e-3, "{h}");
}

#[test]
fn a_racks_cost_per_token_is_its_cost_over_its_tokens() {
    let p = plan();
    let o = crate::model::evaluate(&p);
    let sites = evaluate(Catalog::builtin().unwrap(), &p, &o).unwrap();
    let r = &sites[0].racks[0];
    let gpus = f64::from(p.legend[r.rack_type].platform.gpus);
    // $/M tokens = $/GPU-hour x GPUs / (tokens/s x 3,600) x 1e6, utilisation already in tokens/s.
    assert!((r.usd_per_m_tokens - r.usd_per_gpu_hour * gpus / (r.tokens_per_s * 3600.0) * 1e6).abs() < 1e-12);
    // The site's tokens are the sum over its halls; a hall of 200 identical racks serves 200 x one rack.
    let t = sites[0].totals();
    assert!((t.tokens_per_s - sites[0].halls.iter().map(|h| h.tokens_per_s).sum::<f64>()).abs() < 1e-6);
    assert!((sites[0].halls[0].tokens_per_s - 200.0 * r.tokens_per_s).abs() < 1e-3);
    // Prompt and generated tokens priced apart spend exactly the rack's cost per hour between them.
    let spent = (r.usd_per_m_input_tokens() * r.input_tokens_per_s
        + r.usd_per_m_output_tokens() * r.output_tokens_per_s)
        * 3600.0
        / 1e6;
    assert!((spent - r.usd_per_gpu_hour * gpus).abs() < 1e-9 * spent, "{spent}");
    assert!(r.usd_per_m_output_tokens() > r.usd_per_m_tokens && r.usd_per_m_input_tokens() < r.usd_per_m_tokens);
}

#[test]
fn the_comparisons_pue_does_not_depend_on_the_probe_hall_size() {
    let p = plan();
    for id in &Catalog::builtin().unwrap().compared {
        let platform = Catalog::builtin().unwrap().platform(id).unwrap();
        let rack_kw = platform.profiles[&platform.default_profile];
        let rt = RackType { symbol: 'P', platform: platform.clone(), profile: String::new(), rack_kw };
        let pue = |racks| {
            let (probe, site) = probe_site(&p.sites[0], &rt, &p.economics, racks);
            evaluate_site(&probe, &site).pue_annual
        };
        let (one, hundred) = (pue(1), pue(100));
        assert!(one > 1.0 && (one - hundred).abs() < 1e-9, "{id}: {one} vs {hundred}");
    }
}

#[test]
fn a_ttft_limit_is_checked_against_prefill_time() {
    let cat = Catalog::builtin().unwrap();
    let (gb300, r1) = (cat.platform("gb300-nvl72").unwrap(), &cat.models["deepseek-r1"]);
    // Prefill of 100,000 input tokens on a 32-GPU GB300 replica, eta_prefill 0.5. Weights at FP4 (15 PF dense):
    // 2 x 37e9 x 1e5 = 7.4e15 FLOPs, 0.49333 s of one GPU. MLA attention, expanded, at FP8 (5 PF dense): per
    // query-key pair and layer 2 x 128 heads x (128 + 64 + 128) = 81,920 FLOPs, (1e5)^2 / 2 causal pairs, 61 layers:
    // 2.49856e16 FLOPs, 4.99712 s of one GPU. t = (0.49333 + 4.99712) / (32 x 0.5) = 343.15 ms.
    let request = |max_ms, utilisation| Request {
        precision: Precision::Fp4,
        isl: 100_000.0,
        osl: 1000.0,
        tps_user_min: 10.0,
        ttft_ms_max: Some(max_ms),
        calibration: None,
        utilisation,
        queue_replicas: 1,
        mode: ServingMode::Aggregated,
    };
    // Unloaded (no queue), TTFT is the prefill.
    let ok = serve(cat, gb300, r1, &request(350.0, 1e-12)).unwrap();
    assert!((ok.ttft_ms - 343.153).abs() < 1e-3, "{}", ok.ttft_ms);
    // Above 300 ms on its own 32 GPUs, the wider replica that meets the limit is taken: the whole 72-GPU domain
    // prefills in 343.153 x 32 / 72 = 152.51 ms (the 64-GPU replica, 171.6 ms, also meets it but serves fewer tokens
    // per GPU at 10 tok/s/user here).
    let wide = serve(cat, gb300, r1, &request(300.0, 1e-12)).unwrap();
    assert!(wide.replica_gpus > 32, "{wide:?}");
    assert!((wide.ttft_ms - 343.153 * 32.0 / f64::from(wide.replica_gpus)).abs() < 1e-3, "{wide:?}");
    // A limit no width meets (the domain's 152.5 ms is above 100 ms): the own width's figure in the message.
    assert_eq!(
        serve(cat, gb300, r1, &request(100.0, 1e-12)).unwrap_err().to_string(),
        "deepseek-r1 on gb300-nvl72: time to first token 343 ms is above workload.ttft_ms_max = 100 ms"
    );
    // Loaded, prompts queue for the prefill (M/D/1 per replica): at 70 % utilisation the prefill is busy
    // rho = 0.7 x its share of GPU-time, and the wait rho S / (2 (1 - rho)) comes on top.
    let loaded = serve(cat, gb300, r1, &request(1e9, 0.7)).unwrap();
    let rho = 0.7 * loaded.point.prefill_share();
    let expected = 343.153 * (1.0 + rho / (2.0 * (1.0 - rho)));
    assert!(rho > 0.1 && (loaded.ttft_ms - expected).abs() < 1e-3, "{} vs {expected}", loaded.ttft_ms);
    // Disaggregated, the prefill pool is sized for prefill alone and so busy 70 % of the time: the wait is
    // 0.7 / (2 x 0.3) = 1.1667 prefills, plus the KV cache's move (3.5136 GB over 32 x 0.9 TB/s = 0.122 ms).
    let dis = serve(cat, gb300, r1, &Request { mode: ServingMode::Disaggregated, ..request(1e9, 0.7) }).unwrap();
    let expected = 343.153 * (1.0 + 0.7 / 0.6) + 3.5136e9 / (0.9e12 * 32.0) * 1e3;
    assert!((dis.ttft_ms - expected).abs() < 1e-3, "{} vs {expected}", dis.ttft_ms);
}

#[test]
fn bad_inference_input_gets_a_clear_message() {
    let cat = Catalog::builtin().unwrap();
    let r1 = &cat.models["deepseek-r1"];
    let gb300 = cat.platform("gb300-nvl72").unwrap();
    // DeepSeek-R1, 1k in / 1k out, at least `tps_user` tokens/s per user, no TTFT limit.
    let r1_on = |platform: &Platform, p: Precision, tps_user: f64, calibration: Option<&str>| {
        let q = Request {
            precision: p,
            isl: 1000.0,
            osl: 1000.0,
            tps_user_min: tps_user,
            ttft_ms_max: None,
            calibration,
            utilisation: 0.7,
            queue_replicas: 1,
            mode: ServingMode::Aggregated,
        };
        serve(cat, platform, r1, &q).unwrap_err()
    };
    // A service level no batch can meet says the best there is.
    let e = r1_on(gb300, Precision::Fp4, 10_000.0, None);
    assert!(
        e.to_string().starts_with("no batch of deepseek-r1 on gb300-nvl72 gives 10000 tokens/s per user; the most is"),
        "{e}"
    );
    // A platform without GPU figures.
    let e = r1_on(cat.platform("rubin-ultra-nvl576").unwrap(), Precision::Fp4, 10.0, None);
    assert_eq!(e, InferenceError::NoGpuFigures("rubin-ultra-nvl576".into()));
    // A precision the platform lacks.
    let mut p = (**gb300).clone();
    if let Some(g) = p.gpu.as_mut() {
        g.fp4_dense_pflops = 0.0;
    }
    let e = r1_on(&p, Precision::Fp4, 10.0, None);
    assert_eq!(e.to_string(), "platform gb300-nvl72 has no fp4 throughput (fp4_dense_pflops is 0)");
    // A model that does not fit: DeepSeek-R1 in BF16 on an 8-GPU HGX B200 replica with its dense part replicated.
    let e = r1_on(cat.platform("hgx-b200").unwrap(), Precision::Bf16, 10.0, None);
    assert!(matches!(e, InferenceError::DoesNotFit { gpus: 8, .. }), "{e}");
    // A calibration that does not cover the platform.
    let e = r1_on(gb300, Precision::Fp4, 10.0, Some("sglang-gb200-2025-06"));
    assert!(
        e.to_string().contains("no calibration for MoE models on gb300-nvl72 named \"sglang-gb200-2025-06\""),
        "{e}"
    );
}

#[test]
fn the_comparison_shows_the_model_next_to_every_claim() {
    let p = plan();
    let (cmp, infeasible) = compare_platforms(Catalog::builtin().unwrap(), &p).unwrap();
    assert!(infeasible.is_empty(), "{infeasible:?}");
    // The bundled [compare] platforms: the launch brief's GB200, GB300 and Vera Rubin NVL72, the latter also at
    // NVIDIA's 50 PF inference figure.
    assert_eq!(
        cmp.iter().map(|c| c.platform.id.as_str()).collect::<Vec<_>>(),
        ["gb200-nvl72", "gb300-nvl72", "vr-nvl72", "vr-nvl72-50pf"]
    );
    let c = claims(&cmp);
    let metrics: Vec<&str> = c.iter().map(|c| c.metric.trim()).collect();
    assert_eq!(
        metrics,
        [
            "inference FLOPS per rack",
            "the same at 50 PF per GPU",
            "memory per GPU",
            "cost per million tokens",
            "tokens per watt (facility)",
            "GPUs for the same inference work"
        ]
    );
    // Dense FP4 per rack: 72 x 35 PF / (72 x 10 PF) = 3.5; the brief's 2.5 compares 50 PF with sparse 20 PF; at
    // 50 PF dense the ratio is 5.0.
    assert!((c[0].model_ratio - 3.5).abs() < 1e-12);
    assert_eq!(c[0].claimed_ratio, 2.5);
    assert!((c[1].model_ratio - 5.0).abs() < 1e-12);
    // Memory: 288 / 192 GB = 1.5 against the brief's 288 / 141 = 2.04 (141 GB is H200's).
    assert_eq!(c[2].model_ratio, 1.5);
    assert!((c[2].claimed_ratio - 2.0426).abs() < 1e-4);
    // Vera Rubin (100 % liquid) runs at a lower PUE than GB200 (15 % air) in the same site.
    assert!(cmp[2].pue < cmp[0].pue);
    // Fewer GPUs for the same work, and a lower cost per token, but the model's ratios are its own.
    assert!(c[5].model_ratio < 1.0 && c[3].model_ratio < 1.0);
}

#[test]
fn the_brief_is_judged_at_several_service_levels_and_an_unreachable_one_is_a_row() {
    let p = plan();
    let levels = claims_at_levels(Catalog::builtin().unwrap(), &p);
    assert_eq!(levels.iter().map(|l| l.tps_user).collect::<Vec<_>>(), [20.0, 50.0, 100.0, 200.0]);
    // The cost ratio moves with the service level: the brief's claims hold at some levels more than others.
    let cost = |l: &ClaimsAt| {
        l.claims
            .as_ref()
            .ok()
            .and_then(|c| c.iter().find(|c| c.metric == "cost per million tokens"))
            .map(|c| c.model_ratio)
    };
    let (low, mid) = (cost(&levels[0]).unwrap(), cost(&levels[1]).unwrap());
    assert!((low / mid - 1.0).abs() > 0.05, "{low} vs {mid}");
    // 200 tok/s/user: on GB200 one model of the mix cannot reach it on its own replica (the smallest group its
    // weights fit), a wider one can, so the row is served.
    assert!(levels[3].claims.is_ok(), "{:?}", levels[3].claims);
    let cat = Catalog::builtin().unwrap();
    let gb200 = &cat.platforms["gb200-nvl72"];
    let w = p.workload.as_ref().unwrap();
    let short = w
        .mix
        .iter()
        .find(|m| serving(cat, gb200, &m.model, &Request::of(w).shape()).unwrap().0.operating_point(200.0).is_none())
        .expect("a model whose own replica cannot serve 200 tok/s/user");
    let own = serving(cat, gb200, &short.model, &Request::of(w).shape()).unwrap().0;
    let at = |tps: f64| serve(cat, gb200, &short.model, &Request { tps_user_min: tps, ..Request::of(w) });
    assert!(at(200.0).unwrap().replica_gpus > own.replica_gpus);
    // A level no width reaches is an error that names the service level, never a panic.
    let err = at(5000.0).unwrap_err().to_string();
    assert!(err.contains("tokens/s per user"), "{err}");
}

#[test]
fn replica_widths_double_within_the_scale_up_domain() {
    // DeepSeek-R1 on GB300 NVL72: its own 32-GPU expert-parallel replica, then 64, then the whole 72-GPU domain.
    // Llama 3.1 70B on HGX B200: its own smallest group, doubling to the 8-GPU NVLink domain.
    let cat = Catalog::builtin().unwrap();
    let shape = |p| Shape { precision: p, isl: 1000.0, osl: 1000.0, calibration: None, mode: ServingMode::Aggregated };
    let (r1, llama) = (&cat.models["deepseek-r1"], &cat.models["llama-3.1-70b"]);
    let (s, _) = serving(cat, &cat.platforms["gb300-nvl72"], r1, &shape(Precision::Fp4)).unwrap();
    assert_eq!(replica_widths(&s), [32, 64, 72]);
    let (s, _) = serving(cat, &cat.platforms["hgx-b200"], llama, &shape(Precision::Fp8)).unwrap();
    let own = s.replica_gpus;
    let widths = replica_widths(&s);
    assert_eq!(widths[0], own);
    assert_eq!(*widths.last().unwrap(), 8);
    assert!(widths.windows(2).all(|w| w[1] == 2 * w[0]), "{widths:?}");
}

#[test]
fn totals_give_tokens_per_mw_and_dollars_per_million_tokens() {
    // 1,000 tokens/s of which 250 input, 2,000 kW at the meter, $36/h of which $6/h in prefill.
    let t = Totals {
        gpus: 8,
        tokens_per_s: 1000.0,
        input_tokens_per_s: 250.0,
        facility_kw: 2000.0,
        usd_per_hour: 36.0,
        usd_per_hour_prefill: 6.0,
    };
    // 1,000 tokens/s / 2 MW = 500 tokens/s per MW; / 2,000,000 W = 0.0005 tokens per joule.
    assert_eq!(t.tokens_per_s_per_facility_mw(), 500.0);
    assert_eq!(t.tokens_per_joule(), 0.0005);
    // $36 / (1,000 x 3,600 tokens) x 1e6 = $10 per million tokens.
    assert!((t.usd_per_m_tokens() - 10.0).abs() < 1e-12);
    // Output: ($36 - $6) / (750 x 3,600) x 1e6 = 30 / 2.7 = $11.111 per million.
    assert!((t.usd_per_m_output_tokens() - 30.0 / 2.7).abs() < 1e-12);
    // Input: $6 / (250 x 3,600) x 1e6 = 6 / 0.9 = $6.667 per million.
    assert!((t.usd_per_m_input_tokens() - 6.0 / 0.9).abs() < 1e-12);
    // Nothing served: no figure (NaN, an empty cell), not an infinity.
    let idle = Totals { tokens_per_s: 0.0, input_tokens_per_s: 0.0, facility_kw: 0.0, ..t };
    assert!(idle.usd_per_m_tokens().is_nan() && idle.tokens_per_s_per_facility_mw().is_nan());
}

#[test]
fn a_power_profile_below_max_p_lowers_the_clocks_by_hand() {
    // F1b with the bundled [power_profiles]: static share s = 0.3, clock exponent n = 3, figures at max-p.
    let cat = Catalog::builtin().unwrap();
    let pp = &cat.power_profiles;
    assert_eq!((pp.static_frac, pp.clock_exponent, pp.reference_profile.as_str()), (0.3, 3.0, "max-p"));
    // Vera Rubin NVL72 at Max-Q: 230 - 190 = 40 kW off 72 GPUs of 2.0 kW = 0.5556 kW each; 1.4444 / 2.0 = 0.72222
    // of their power; (0.72222 - 0.3) / 0.7 = 0.60317 of the dynamic part; its cube root: 0.84491.
    let vr = &cat.platforms["vr-nvl72"];
    let f = pp.clock_factor(vr, 190.0);
    assert!((f - 0.84491).abs() < 5e-5, "{f}");
    // GB300 NVL72 at Max-Q: 8 kW off 72 GPUs of 1.4 kW: 0.92063, dynamic 0.88662, clock 0.96068.
    let gb300 = &cat.platforms["gb300-nvl72"];
    assert!((pp.clock_factor(gb300, 132.0) - 0.96068).abs() < 5e-5);
    // A custom rack power that leaves the GPUs no more than their static share runs at the floor: 230 - 72 x 2.0 x
    // 0.7 = 129.2 kW leaves 0.6 kW a GPU, exactly the static 0.3 x 2.0; below it too.
    assert_eq!(pp.min_clock_frac, 0.05);
    assert_eq!(pp.clock_factor(vr, 129.2), 0.05);
    assert_eq!(pp.clock_factor(vr, 50.0), 0.05);
    // At or above the reference: full clock (the brief's 440 kW runs no faster than Max-P's figures).
    assert_eq!(pp.clock_factor(vr, 230.0), 1.0);
    assert_eq!(pp.clock_factor(vr, 440.0), 1.0);
    // Compute rates follow the clock; HBM bandwidth does not.
    let slow = pp.at_rack_kw(vr, 190.0);
    let (a, b) = (vr.gpu.as_ref().unwrap(), slow.gpu.as_ref().unwrap());
    assert!((b.fp4_dense_pflops / a.fp4_dense_pflops - f).abs() < 1e-12);
    assert_eq!(b.hbm_tb_s, a.hbm_tb_s);
}

#[test]
fn max_q_racks_serve_fewer_tokens_than_max_p_but_more_per_joule() {
    // The 1 GW plan's workload on a Vera Rubin rack at Max-P (230 kW) and at Max-Q (190 kW).
    let cat = Catalog::builtin().unwrap();
    let plan = parse(include_str!("../../../../../plans/ai-factory-1gw.toml"), &Origin::bundled(), cat).unwrap();
    let w = plan.workload.as_ref().unwrap();
    let site = &plan.sites[0];
    let rack = |profile: &str| {
        let i = plan.legend.iter().position(|r| r.profile == profile && r.platform.id == "vr-nvl72").unwrap();
        rack_serving(cat, &plan, w, site, &plan.legend[i], i, 1.1).unwrap()
    };
    let (p, q) = (rack("max-p"), rack("max-q"));
    assert!(q.tokens_per_s < p.tokens_per_s, "Max-Q {} vs Max-P {}", q.tokens_per_s, p.tokens_per_s);
    // Decode reads HBM, whose clock the cap leaves alone: the tokens fall less than the power (190 / 230 = 0.826).
    let (tokens, power) = (q.tokens_per_s / p.tokens_per_s, q.facility_kw / p.facility_kw);
    assert!(tokens > power, "tokens x{tokens:.3} against power x{power:.3}");
    assert!(tokens >= 0.8449 - 1e-9, "never below the clock: x{tokens:.3}");
}
