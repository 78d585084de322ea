//! Supply events and the Monte Carlo's draws: vendor qualification, energisation slips, CDU lead times, and draws
//! that carry from quarter to quarter and move suppliers together.

use super::*;

/// One site of 8 Vera Rubin racks, energised at the start: vendor A ships one rack's worth of HBM4 a quarter, a
/// second vendor B eight racks' worth once qualified (`QUAL` is replaced by its keys).
const QUALIFYING: &str = r#"
[legend]
V = "vr-nvl72"

[[site]]
name = "S"
grid_mw = 10
climate = "greensboro-nc"

[[site.hall]]
name = "H"
energised = "2027Q1"

[site.hall.rows]
R1 = "VVVVVVVV"

[supply]
start = "2027Q1"
quarters = 6
monte_carlo_trials = 2000

[[supply.scenario]]
name = "only"
probability = 1.0

[[supply.scenario.hbm]]
vendor = "a"
generation = "HBM4"
stacks_per_quarter = 576

[[supply.scenario.hbm]]
vendor = "b"
generation = "HBM4"
stacks_per_quarter = 4608
QUAL
"#;

#[test]
fn a_vendor_qualification_moves_completion_by_its_delay() {
    let complete = |qual: &str| {
        let p = plan(&QUALIFYING.replace("QUAL", qual));
        let o = model::evaluate(&p);
        evaluate(&p, &o, p.supply.as_ref().unwrap()).scenarios[0].timeline.fleet_complete
    };
    // Qualified from the start: 1 + 8 racks' worth in the first quarter: complete at once.
    assert_eq!(complete(""), Some(0));
    // Qualified after 2 quarters: 1 rack in Q1, 2 by Q2, then B's 8 arrive in Q3 (index 2): complete in Q3.
    assert_eq!(complete("qualifies_after_quarters = 2"), Some(2));
    // One quarter later, one quarter later.
    assert_eq!(complete("qualifies_after_quarters = 3"), Some(3));
    // Unlikely to qualify at all (stated values: not above one half): vendor A alone needs 8 quarters, beyond the
    // 6-quarter horizon.
    assert_eq!(complete("qualifies_after_quarters = 2\nqualify_probability = 0.3"), None);
    // Drawn: uniform over 2-4 quarters, rounded: 2, 3 or 4 (a quarter, half and a quarter of trials).
    let p = plan(&QUALIFYING.replace("QUAL", "qualifies_after_quarters = [2, 4]"));
    let o = model::evaluate(&p);
    let mc = monte_carlo::monte_carlo(&p, &o, p.supply.as_ref().unwrap());
    assert_eq!(mc.complete, [Some(2), Some(3), Some(4)]);
}

#[test]
fn an_energisation_slip_delays_every_hall_of_a_site() {
    // TWO_SITES with the interconnects a quarter late: site A complete in Q2 instead of Q1, B in Q4 instead of Q3.
    let p = plan(&TWO_SITES.replace("probability = 1.0\n", "probability = 1.0\nenergisation_slip_quarters = 1\n"));
    let o = model::evaluate(&p);
    let t = &evaluate(&p, &o, p.supply.as_ref().unwrap()).scenarios[0].timeline;
    assert_eq!(t.site_complete, vec![Some(1), Some(3)]);
    assert_eq!((t.sites[0][0].installed, t.sites[0][0].binding), (0, Binding::Power));
    // The slip costs: in Q1 site A's 4 racks (4 x 230 kW x 1.05 = 0.966 MW) were due by the plan's date.
    assert_eq!(t.racks_short[0][0], vec![4]);
    assert!((t.sites[0][0].it_mw_planned - 0.966).abs() < 1e-9);
}

#[test]
fn cdus_on_order_arrive_after_their_lead_time() {
    // TWO_SITES with plenty of CDUs a quarter, ordered with a one-quarter lead time: nothing can be installed in Q1
    // (cooling binds at both sites), and site A completes in Q2.
    let text =
        TWO_SITES.replace("probability = 1.0\n", "probability = 1.0\ncdus_per_quarter = 100\ncdu_lead_quarters = 1\n");
    let p = plan(&text);
    let o = model::evaluate(&p);
    let t = &evaluate(&p, &o, p.supply.as_ref().unwrap()).scenarios[0].timeline;
    assert_eq!((t.sites[0][0].installed, t.sites[0][0].binding), (0, Binding::Cooling));
    assert_eq!(t.site_complete[0], Some(1));
}

#[test]
fn quarters_carry_their_conditions_and_suppliers_move_together() {
    // The standard normal CDF: Phi(0) = 0.5, Phi(1.96) = 0.9750, Phi(-1) = 0.1587.
    assert!((super::arrivals::normal_cdf(0.0) - 0.5).abs() < 1e-7);
    assert!((super::arrivals::normal_cdf(1.96) - 0.97500).abs() < 1e-5);
    assert!((super::arrivals::normal_cdf(-1.0) - 0.15866).abs() < 1e-5);
    // Two HBM sources over 8 quarters, each uniform 0-1,000 stacks a quarter.
    let text = TWO_SITES
        .replace("quarters = 4", "quarters = 8")
        .replace("stacks_per_quarter = { \"2027Q1\" = 2880, \"2027Q2\" = 5760 }", "stacks_per_quarter = [0, 1000]")
        + "\n[[supply.scenario.hbm]]\nvendor = \"samsung\"\ngeneration = \"HBM4\"\nstacks_per_quarter = [0, 1000]\n";
    let p = plan(&text);
    let o = model::evaluate(&p);
    let d = demand(&p, &o, p.supply.as_ref().unwrap());
    let paths = |rho: f64, kappa: f64, seed: u64| {
        let s = Supply { autocorrelation: rho, common_shock: kappa, ..p.supply.clone().unwrap() };
        let mut rng = fastrand::Rng::with_seed(seed);
        // The first source alone: the other's stacks are zeroed by a qualification that never comes.
        let only = |keep: usize| {
            let mut sc = s.scenarios[0].clone();
            sc.hbm[1 - keep].qualify_probability = 0.0;
            sc
        };
        arrivals(&only(0), &s, &d, &mut Draws::Trial(Trial::new(&mut rng, &s))).hbm[0].clone()
    };
    // Carried fully (rho = 1, no shock): one draw for the whole horizon, as before.
    let held = paths(1.0, 0.0, 3);
    assert!(held.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-9), "{held:?}");
    // Not carried: the quarters differ.
    let free = paths(0.0, 0.0, 3);
    assert!(free.windows(2).any(|w| (w[0] - w[1]).abs() > 1.0), "{free:?}");
    // Every quarter keeps the range's distribution: over many trials a quarter's mean is near 500.
    let mean: f64 = (0..4000).map(|i| paths(0.8, 0.3, i)[4]).sum::<f64>() / 4000.0;
    assert!((mean - 500.0).abs() < 20.0, "{mean}");
    // A full common shock moves both suppliers together: in one trial their quarters are equal.
    let s = Supply { autocorrelation: 0.5, common_shock: 1.0, ..p.supply.clone().unwrap() };
    let mut rng = fastrand::Rng::with_seed(9);
    let a = arrivals(&s.scenarios[0], &s, &d, &mut Draws::Trial(Trial::new(&mut rng, &s))).hbm[0].clone();
    // Both sources at the same quantile every quarter: each is half the generation's stacks.
    let mut one = s.scenarios[0].clone();
    one.hbm.truncate(1);
    let mut rng = fastrand::Rng::with_seed(9);
    let b = arrivals(&one, &s, &d, &mut Draws::Trial(Trial::new(&mut rng, &s))).hbm[0].clone();
    for (two, single) in a.iter().zip(&b) {
        assert!((two - 2.0 * single).abs() < 1e-6, "{a:?} vs {b:?}");
    }
}

#[test]
fn a_site_that_needs_chillers_energises_no_hall_before_they_are_in() {
    // TWO_SITES' sites trim with chillers at their 35.6 degC design hour, so they need chillers; with a two-quarter
    // lead time no hall is energised before Q3 (index 2): A's hall waits from Q1 (power binds), B2 was due in Q3
    // anyway. By then every stack has arrived: both sites complete in Q3.
    let p = plan(&TWO_SITES.replace("probability = 1.0\n", "probability = 1.0\nchiller_lead_quarters = 2\n"));
    let o = model::evaluate(&p);
    assert!(o.sites.iter().all(|s| s.chiller_th_kw_design > 0.0));
    let t = &evaluate(&p, &o, p.supply.as_ref().unwrap()).scenarios[0].timeline;
    assert_eq!((t.sites[0][0].installed, t.sites[0][0].binding), (0, Binding::Power));
    assert_eq!(t.site_complete, vec![Some(2), Some(2)]);
}

#[test]
fn an_allocation_stands_in_for_the_hbm_chain() {
    // TWO_SITES with no HBM source, 5 racks a quarter allocated instead: Q1 A takes 4, B 1; Q2 B's first hall
    // completes (3 more, 2 allocated racks unused: B2 is not energised); Q3 B2's 4: both complete by Q3.
    let start = TWO_SITES.find("[[supply.scenario.hbm]]").unwrap();
    let text =
        TWO_SITES[..start].replace("probability = 1.0\n", "probability = 1.0\nallocated_racks_per_quarter = 5\n");
    let p = plan(&text);
    let o = model::evaluate(&p);
    let t = &evaluate(&p, &o, p.supply.as_ref().unwrap()).scenarios[0].timeline;
    assert_eq!((t.sites[0][0].installed, t.sites[1][0].installed), (4, 1));
    assert_eq!((t.sites[1][0].binding, t.sites[1][1].installed), (Binding::Integrator, 4));
    assert_eq!(t.site_complete, vec![Some(0), Some(2)]);
}
