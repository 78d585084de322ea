//! Supply timeline checks worked by hand.

use super::monte_carlo::trial_seed;
use super::*;
use crate::catalog::Catalog;
use crate::model;
use crate::plan::{Origin, parse};

fn plan(text: &str) -> Plan {
    parse(text, &Origin::new("t.toml", None), Catalog::builtin().unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_wafer_chain_example_of_the_reference() {
    // GDPW(120 mm2) = pi x 300^2 / 480 - pi x 300 / sqrt(240) = 589.0486 - 60.8367 = 528.2119 (reference: ~528).
    assert!((gross_dies_per_wafer(120.0) - 528.2119).abs() < 1e-3, "{}", gross_dies_per_wafer(120.0));
    // 10,000 wafers x 528.2119 x 0.85 / 12 x 0.80 = 299,320 stacks/month (reference: ~299k).
    let stacks = stacks_per_month(10_000.0, 120.0, 0.85, 12, 0.80);
    assert!((stacks - 299_320.1).abs() < 1.0, "{stacks}");
    // 576 HBM4 stacks per Vera Rubin NVL72 rack: 299,320 / 576 = 519.7 racks/month (reference: ~520).
    assert!((stacks / 576.0 - 519.65).abs() < 0.01);
}

const TWO_SITES: &str = r#"
[legend]
V = "vr-nvl72"

[[site]]
name = "A"
grid_mw = 10
climate = "greensboro-nc"

[[site.hall]]
name = "A1"
energised = "2027Q1"

[site.hall.rows]
R1 = "VVVV"

[[site]]
name = "B"
grid_mw = 10
climate = "greensboro-nc"

[[site.hall]]
name = "B1"
energised = "2027Q1"

[site.hall.rows]
R1 = "VVVV"

[[site.hall]]
name = "B2"
energised = "2027Q3"

[site.hall.rows]
R1 = "VVVV"

[supply]
start = "2027Q1"
quarters = 4

[[supply.scenario]]
name = "only"
probability = 1.0

[[supply.scenario.hbm]]
vendor = "sk-hynix"
generation = "HBM4"
stacks_per_quarter = { "2027Q1" = 2880, "2027Q2" = 5760 }
"#;

#[test]
fn hbm_binds_in_one_quarter_and_power_in_the_next() {
    let p = plan(TWO_SITES);
    let o = model::evaluate(&p);
    let s = p.supply.as_ref().unwrap();
    let t = &evaluate(&p, &o, s).scenarios[0].timeline;
    let (a, b) = (&t.sites[0], &t.sites[1]);
    // Q1: 2,880 stacks = 5 racks x 576. Site A (priority 1, the file order) takes 4, site B gets 1.
    assert_eq!((a[0].installed, a[0].binding), (4, Binding::Complete));
    assert_eq!((b[0].installed, b[0].binding), (1, Binding::Hbm));
    assert_eq!((b[0].by_power, b[0].by_hbm), (4, 1));
    // B's 4 energised racks needed 2,304 stacks; 576 were left: 1,728 short. 4 x 576 + 576 = 2,880 used.
    assert_eq!(b[0].hbm_stacks_short, 1728.0);
    assert_eq!(a[0].hbm_stacks_used + b[0].hbm_stacks_used, 2880.0);
    // Q2: 5,760 more stacks, but B2 is energised only in Q3: power binds with 4 of 8 installed.
    assert_eq!((b[1].installed, b[1].binding), (4, Binding::Power));
    assert_eq!((b[1].by_power, b[1].by_hbm), (4, 8));
    // Q3: B2 energised, stacks in hand: complete.
    assert_eq!((b[2].installed, b[2].binding), (8, Binding::Complete));
    assert_eq!(t.site_complete, vec![Some(0), Some(2)]);
    assert_eq!(t.hall_complete[1], vec![Some(1), Some(2)]);
    assert_eq!(t.fleet_complete, Some(2));
    // IT online: 4 racks x 230 kW x 1.05 = 0.966 MW at A in Q1.
    assert!((a[0].it_mw_online - 0.966).abs() < 1e-9);
}

#[test]
fn site_priority_decides_who_is_served_first() {
    let text = TWO_SITES
        .replace("name = \"B\"\n", "name = \"B\"\npriority = 1\n")
        .replace("name = \"A\"\n", "name = \"A\"\npriority = 2\n");
    let p = plan(&text);
    let o = model::evaluate(&p);
    let t = &evaluate(&p, &o, p.supply.as_ref().unwrap()).scenarios[0].timeline;
    // Now B (priority 1) takes 4 racks' worth in Q1 and A gets 1.
    assert_eq!((t.sites[1][0].installed, t.sites[0][0].installed), (4, 1));
}

#[test]
fn installed_never_exceeds_a_cap_and_never_decreases() {
    for file in ["plans/ai-factory-1gw.toml", "plans/campus-100mw.toml"] {
        let (p, o) = bundled(file);
        let s = p.supply.as_ref().unwrap_or_else(|| panic!("{file} has no [supply]"));
        let d = demand(&p, &o, s);
        let mut rng = fastrand::Rng::with_seed(3);
        let mut timelines: Vec<Timeline> = evaluate(&p, &o, s).scenarios.into_iter().map(|x| x.timeline).collect();
        for sc in &s.scenarios {
            for _ in 0..50 {
                let a = arrivals(sc, s, &d, &mut Draws::Trial(Trial::new(&mut rng, s)));
                timelines.push(simulate(&d, &a, s.quarters as usize));
            }
        }
        for t in &timelines {
            // What the plan is short of: the racks of energised halls not installed, and never negative MW.
            for (si, site) in t.sites.iter().enumerate() {
                for (q, x) in site.iter().enumerate() {
                    // At least the energised racks not installed (more when a hall's energisation slipped past the
                    // plan's date), never more than all racks not installed.
                    let short: u32 = t.racks_short[si][q].iter().sum();
                    assert!(short >= x.by_power - x.installed, "{file}: site {si} quarter {q}");
                    assert!(short <= x.racks_planned - x.installed, "{file}: site {si} quarter {q}");
                    assert!(x.it_mw_planned >= x.it_mw_online - 1e-9, "{file}: {x:?}");
                }
            }
            for site in &t.sites {
                let mut prev = 0;
                for x in site {
                    let cap = x.by_power.min(x.by_hbm).min(x.by_packaging).min(x.by_cooling).min(x.by_integrator);
                    assert!(x.installed <= cap, "{file}: {x:?}");
                    assert!(x.installed >= prev, "{file}: installed went down");
                    assert!(x.installed <= x.racks_planned);
                    prev = x.installed;
                }
            }
        }
    }
}

/// TWO_SITES with its HBM as a range (1,000 to 6,000 stacks a quarter, mode 3,000).
fn two_sites_with_ranged_hbm() -> Plan {
    let text = TWO_SITES.replace(
        "stacks_per_quarter = { \"2027Q1\" = 2880, \"2027Q2\" = 5760 }",
        "stacks_per_quarter = [1000, 3000, 6000]",
    );
    plan(&format!("{text}\n"))
}

#[test]
fn monte_carlo_is_reproducible_and_ordered() {
    let p = two_sites_with_ranged_hbm();
    let o = model::evaluate(&p);
    let s = p.supply.as_ref().unwrap();
    let a = monte_carlo(&p, &o, s);
    let b = monte_carlo(&p, &o, s);
    assert_eq!(a, b);
    assert_eq!(a.trials, 10_000);
    for q in &a.it_mw {
        assert!(q[0] <= q[1] && q[1] <= q[2], "{q:?}");
    }
    let c: Vec<u32> = a.complete.iter().map(|c| c.unwrap_or(u32::MAX)).collect();
    assert!(c[0] <= c[1] && c[1] <= c[2]);
    // 12 racks x 576 = 6,912 stacks; even the most generous draw (6,000 a quarter) needs two quarters, and B2 is
    // energised only in Q3: no trial completes before quarter index 2.
    assert!(c[0] >= 2, "{c:?}");
}

#[test]
fn a_scenario_without_ranges_has_no_spread_and_one_with_ranges_has_its_own() {
    // TWO_SITES as written has no ranges: its own Monte Carlo gives the deterministic timeline in every trial.
    let p = plan(TWO_SITES);
    let o = model::evaluate(&p);
    let s = p.supply.as_ref().unwrap();
    let det = evaluate(&p, &o, s);
    let own = monte_carlo_of(&p, &o, s, Some(0));
    let fleet = det.scenarios[0].timeline.fleet_complete;
    assert_eq!(own.complete, [fleet, fleet, fleet]);
    for (q, band) in own.it_mw.iter().enumerate() {
        let online: f64 = det.scenarios[0].timeline.sites.iter().map(|x| x[q].it_mw_online).sum();
        assert_eq!(*band, [online, online, online], "quarter {q}");
    }
    // With a range on its HBM, the scenario's own P10 / P50 / P90 spread around it; the mixed run is unchanged by
    // the existence of per-scenario runs (the same stream of draws).
    let p = two_sites_with_ranged_hbm();
    let o = model::evaluate(&p);
    let s = p.supply.as_ref().unwrap();
    let own = monte_carlo_of(&p, &o, s, Some(0));
    assert!(own.it_mw.iter().any(|b| b[0] < b[2]), "a range gives a spread: {:?}", own.it_mw);
    assert_eq!(monte_carlo_of(&p, &o, s, None), monte_carlo(&p, &o, s));
}

/// One hall of 100 Vera Rubin racks energised at the start; HBM4 only from 2027Q3 (100,000 stacks a quarter, far
/// more than packaging can use), packaging of 2,000 GPUs a quarter with a one-quarter lag to the rack.
const PACKAGING_PROBE: &str = r#"
[legend]
V = "vr-nvl72"

[[site]]
name = "A"
grid_mw = 100
climate = "greensboro-nc"

[[site.hall]]
name = "A1"
energised = "2027Q1"

[site.hall.rows]
R1 = "VVVVVVVVVVVVVVVVVVVV"
R2 = "VVVVVVVVVVVVVVVVVVVV"
R3 = "VVVVVVVVVVVVVVVVVVVV"
R4 = "VVVVVVVVVVVVVVVVVVVV"
R5 = "VVVVVVVVVVVVVVVVVVVV"

[supply]
start = "2027Q1"
quarters = 5

[[supply.scenario]]
name = "only"
probability = 1.0

[[supply.scenario.hbm]]
vendor = "sk-hynix"
generation = "HBM4"
stacks_per_quarter = { "2027Q3" = 100000 }

[supply.scenario.packaging]
packages_per_quarter = 2000
lag_quarters = 1
"#;

#[test]
fn packaging_consumes_stacks_when_it_runs_and_its_idle_capacity_is_lost() {
    // Q1 and Q2: packaging capacity but no HBM to package: idle, and lost (it used to be banked, so Q3 installed
    // (2,000 x 3) / 72 = 83 racks at once). Q3: 2,000 GPUs packaged with the first stacks; they reach racks a quarter
    // later. Q4: 2,000 / 72 = 27.8 -> 27 racks. Q5: 56 left + 2,000 more = 2,056 / 72 = 28.6 -> 28 more: 55.
    let p = plan(PACKAGING_PROBE);
    let o = model::evaluate(&p);
    let s = p.supply.as_ref().unwrap();
    let t = &evaluate(&p, &o, s).scenarios[0].timeline;
    let installed: Vec<u32> = t.sites[0].iter().map(|x| x.installed).collect();
    assert_eq!(installed, [0, 0, 0, 27, 55]);
    // What binds: nothing to package before Q3 (HBM), then packaged GPUs in the pipeline (packaging).
    let binding: Vec<&str> = t.sites[0].iter().map(|x| x.binding.name()).collect();
    assert_eq!(binding, ["hbm", "hbm", "packaging", "packaging", "packaging"]);
}

#[test]
fn the_mixed_run_taken_from_the_scenarios_runs_is_the_mixed_run() {
    // monte_carlo_each takes each mixed trial from the run of the scenario it picks; the figures must be exactly
    // those of running the mixed trials and each scenario's trials separately, on 1 and 8 threads (the bundled
    // 1 GW plan: three scenarios with ranged HBM, packaging, CDUs and integrators).
    let p = parse(crate::plan::DEFAULT_PLAN, &Origin::bundled(), Catalog::builtin().unwrap()).unwrap();
    let o = model::evaluate(&p);
    let mut s = p.supply.clone().unwrap();
    s.trials = 2000;
    for threads in [1, 8] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let (mixed, own) = pool.install(|| monte_carlo_each(&p, &o, &s));
        assert_eq!(mixed, monte_carlo(&p, &o, &s), "{threads} threads");
        assert_eq!(own.len(), s.scenarios.len());
        for (k, mc) in own.iter().enumerate() {
            assert_eq!(*mc, monte_carlo_of(&p, &o, &s, Some(k)), "scenario {k}, {threads} threads");
        }
    }
}

#[test]
fn polar_normals_have_the_moments_and_tails_of_a_standard_normal() {
    // 400,000 draws: the standard error of the mean is 1 / sqrt(400,000) = 0.0016 and of the variance
    // sqrt(2 / 400,000) = 0.0022; P(Z < -1.96) = 0.025 with standard error sqrt(0.025 x 0.975 / 400,000) = 0.00025;
    // P(|Z| < 1) = 0.6827. Bounds at about four standard errors. Consecutive draws (a pair's two halves, then the
    // next pair) are uncorrelated: |r| below 4 / sqrt(400,000) = 0.0063.
    let mut rng = fastrand::Rng::with_seed(2027);
    let mut g = super::arrivals::Normals::default();
    let x: Vec<f64> = (0..400_000).map(|_| g.next(&mut rng)).collect();
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    let below = x.iter().filter(|v| **v < -1.96).count() as f64 / n;
    let within = x.iter().filter(|v| v.abs() < 1.0).count() as f64 / n;
    let r = x.windows(2).map(|w| w[0] * w[1]).sum::<f64>() / n;
    assert!(mean.abs() < 0.0065, "mean {mean}");
    assert!((var - 1.0).abs() < 0.009, "variance {var}");
    assert!((below - 0.025).abs() < 0.001, "P(Z < -1.96) {below}");
    assert!((within - 0.6827).abs() < 0.003, "P(|Z| < 1) {within}");
    assert!(r.abs() < 0.0063, "lag-1 correlation {r}");
}

#[test]
fn the_monte_carlo_gives_the_same_figures_on_any_number_of_threads() {
    let p = two_sites_with_ranged_hbm();
    let o = model::evaluate(&p);
    let s = p.supply.as_ref().unwrap();
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| monte_carlo(&p, &o, s))
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert_eq!(one, on(3));
    assert_eq!(one, on(8));
    // Another seed gives other draws (the figures themselves can coincide: racks come in whole numbers).
    let d = demand(&p, &o, s);
    let hbm = |seed: u64| {
        let mut rng = fastrand::Rng::with_seed(trial_seed(seed, 0));
        arrivals(&s.scenarios[0], s, &d, &mut Draws::Trial(Trial::new(&mut rng, s))).hbm
    };
    assert_eq!(hbm(s.seed), hbm(s.seed));
    assert_ne!(hbm(s.seed), hbm(s.seed + 1));
    // Neighbouring trials get unrelated seeds.
    assert_ne!(trial_seed(1, 0), trial_seed(1, 1));
    assert_ne!(trial_seed(1, 1), trial_seed(2, 0));
}

#[test]
fn the_monte_carlos_fleet_runs_match_the_detailed_timeline() {
    // The Monte Carlo runs only the flows (no per-site analysis of what binds, early stops when a quarter's supply
    // is spent); on drawn arrivals of every scenario of the bundled plans it must give the detailed timeline's
    // completion quarter and fleet IT MW online exactly.
    for file in ["plans/ai-factory-1gw.toml", "plans/campus-100mw.toml", "plans/pilot-5mw.toml"] {
        let (p, o) = bundled(file);
        let s = p.supply.as_ref().unwrap_or_else(|| panic!("{file} has no [supply]"));
        let d = demand(&p, &o, s);
        let n = s.quarters as usize;
        let mut rng = fastrand::Rng::with_seed(11);
        for sc in &s.scenarios {
            for _ in 0..40 {
                let a = arrivals(sc, s, &d, &mut Draws::Trial(Trial::new(&mut rng, s)));
                let t = simulate(&d, &a, n);
                let (complete, online) = simulate_fleet(&d, &a, n);
                assert_eq!(complete, t.fleet_complete, "{file}");
                let detailed: Vec<f64> = (0..n).map(|q| t.sites.iter().map(|x| x[q].it_mw_online).sum()).collect();
                assert_eq!(online, detailed, "{file}");
            }
        }
    }
}

/// A bundled plan and its outcome.
fn bundled(file: &str) -> (Plan, crate::model::Outcome) {
    let p = crate::plan::load_file(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(file).as_path(),
        Catalog::builtin().unwrap(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let o = model::evaluate(&p);
    (p, o)
}

#[test]
fn a_quarter_short_of_plan_costs_its_tokens_and_its_idle_facility() {
    // 10 MW energised, 6 MW online: 4 MW short. 100 racks of the first legend entry missing, each serving 1,000
    // output tokens/s: 1e5 tokens/s short; over a quarter (8,760 / 4 x 3,600 = 7,884,000 s) 7.884e11 tokens, at
    // $2 per million: $1,576,800. The facility waits: $10 M/MW x CRF(10 %, 5 y) = 0.263797 / 4 = $659,494 per
    // MW-quarter, x 4 MW = $2,637,975.
    let x = SiteQuarter {
        racks_planned: 0,
        by_power: 0,
        by_hbm: 0,
        by_packaging: 0,
        by_cooling: 0,
        by_integrator: 0,
        installed: 0,
        binding: Binding::Hbm,
        it_mw_online: 6.0,
        it_mw_planned: 10.0,
        hbm_stacks_used: 0.0,
        hbm_stacks_short: 0.0,
    };
    assert_eq!(crate::units::SECONDS_PER_QUARTER, 7_884_000.0);
    let idle = 10e6 * crate::model::inference::crf(0.10, 5.0) / 4.0;
    let c = delay_cost(&x, &[100, 0], Some(&[1000.0, 5000.0]), Some(2.0), idle);
    assert_eq!((c.it_mw_short, c.output_tokens_per_s_short), (4.0, 1e5));
    assert!((c.usd_revenue_short - 1_576_800.0).abs() < 1e-6, "{}", c.usd_revenue_short);
    assert!((c.usd_idle_facility - 2_637_975.0).abs() < 1.0, "{}", c.usd_idle_facility);
    // Without a workload the tokens are unknown, and without a price so is the revenue; the idle facility is not.
    let none = delay_cost(&x, &[100, 0], None, None, idle);
    assert!(none.output_tokens_per_s_short.is_nan() && none.usd_revenue_short.is_nan());
    assert_eq!(none.usd_idle_facility, c.usd_idle_facility);
}

#[test]
fn binding_is_told_per_hall_and_platform() {
    // One site: a Vera Rubin hall and a GB300 hall energised in Q1, and a second Vera Rubin hall in Q3. HBM4 comes
    // in plenty, HBM3e not at all: in Q1 the first hall is complete, the GB300 hall waits for HBM, the late hall for
    // power, while the site as a whole reports a single label.
    let p = plan(
        r#"
[legend]
V = "vr-nvl72"
G = "gb300-nvl72"

[[site]]
name = "S"
grid_mw = 20
climate = "greensboro-nc"

[[site.hall]]
name = "Rubin"
energised = "2027Q1"

[site.hall.rows]
R1 = "VV"

[[site.hall]]
name = "Blackwell"
energised = "2027Q1"

[site.hall.rows]
R1 = "GG"

[[site.hall]]
name = "Rubin late"
energised = "2027Q3"

[site.hall.rows]
R1 = "VV"

[supply]
start = "2027Q1"
quarters = 4

[[supply.scenario]]
name = "only"
probability = 1.0

[[supply.scenario.hbm]]
vendor = "sk-hynix"
generation = "HBM4"
stacks_per_quarter = 100000

[[supply.scenario.hbm]]
vendor = "micron"
generation = "HBM3e"
stacks_per_quarter = 0
"#,
    );
    let o = model::evaluate(&p);
    let t = &evaluate(&p, &o, p.supply.as_ref().unwrap()).scenarios[0].timeline;
    let label = |q: usize, hall: &str| {
        let hi = p.sites[0].halls.iter().position(|h| h.name == hall).unwrap();
        let g = t.groups.iter().position(|k| k.hall == hi).unwrap();
        t.group_quarters[q][g]
    };
    assert_eq!(label(0, "Rubin"), (2, Binding::Complete));
    assert_eq!(label(0, "Blackwell"), (0, Binding::Hbm));
    assert_eq!(label(0, "Rubin late"), (0, Binding::Power));
    // Q3: the late hall is energised and filled; the Blackwell hall still waits for HBM3e.
    assert_eq!(label(2, "Rubin late"), (2, Binding::Complete));
    assert_eq!(label(2, "Blackwell"), (0, Binding::Hbm));
    // The group keys name the legend entries: V is entry 0, G entry 1.
    assert_eq!(t.groups.iter().map(|k| k.rack_type).collect::<Vec<_>>(), [0, 1, 0]);
}

mod events;
