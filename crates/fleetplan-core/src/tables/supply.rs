//! Supply tables: `timeline` (scenario × quarter × site), `scenarios` (one row per scenario, the expectation and the
//! Monte Carlo), `completion` (scenario × hall) and `montecarlo` (P10 / P50 / P90 per quarter).

use polars::prelude::*;

use super::{f, frame, of};
use crate::model::supply::{DelayCost, MonteCarlo, ScenarioOutcome, SupplyOutcome, delay_cost};
use crate::plan::Plan;
use crate::plan::supply::Supply;

const NOT_WITHIN: &str = "not within horizon";

fn quarter_label(s: &Supply, q: Option<u32>) -> String {
    q.map_or_else(|| NOT_WITHIN.to_string(), |q| s.quarter(q).to_string())
}

/// What the cost of delay is worked out from: the output tokens per second one rack of each legend entry serves at
/// each site (`[site][legend entry]`, when the plan has a workload), the revenue per million output tokens (when the
/// plan sets one) and the facility's capital recovery per MW and quarter.
pub struct DelayInputs {
    pub output_per_rack: Option<Vec<Vec<f64>>>,
    pub revenue_usd_per_m_output_tokens: Option<f64>,
    pub idle_usd_per_mw_quarter: f64,
}

impl DelayInputs {
    /// The cost of scenario `sc` at site `si` in quarter `q`.
    fn at(&self, sc: &ScenarioOutcome, si: usize, q: usize) -> DelayCost {
        delay_cost(
            &sc.timeline.sites[si][q],
            &sc.timeline.racks_short[si][q],
            self.output_per_rack.as_ref().map(|o| o[si].as_slice()),
            self.revenue_usd_per_m_output_tokens,
            self.idle_usd_per_mw_quarter,
        )
    }

    /// The probability-weighted cost over the scenarios (the mean-of-scenarios row).
    fn mean(&self, o: &SupplyOutcome, si: usize, q: usize) -> DelayCost {
        o.scenarios.iter().fold(DelayCost::default(), |a, sc| {
            let c = self.at(sc, si, q);
            let p = sc.probability;
            DelayCost {
                it_mw_short: a.it_mw_short + p * c.it_mw_short,
                output_tokens_per_s_short: a.output_tokens_per_s_short + p * c.output_tokens_per_s_short,
                usd_revenue_short: a.usd_revenue_short + p * c.usd_revenue_short,
                usd_idle_facility: a.usd_idle_facility + p * c.usd_idle_facility,
            }
        })
    }
}

/// The cost of delay over the horizon, summed over sites and quarters: MW-quarters short, output tokens never served
/// (tokens/s x the seconds of each quarter), revenue short, and idle facility capital.
fn horizon_total(plan: &Plan, supply: &Supply, cost: &dyn Fn(usize, usize) -> DelayCost) -> [f64; 4] {
    let mut t = [0.0; 4];
    for si in 0..plan.sites.len() {
        for q in 0..supply.quarters as usize {
            let c = cost(si, q);
            t[0] += c.it_mw_short;
            t[1] += c.output_tokens_per_s_short * crate::units::SECONDS_PER_QUARTER;
            t[2] += c.usd_revenue_short;
            t[3] += c.usd_idle_facility;
        }
    }
    t
}

/// One line per scenario for `report`: what being short of the plan costs over the horizon.
pub fn delay_lines(plan: &Plan, supply: &Supply, o: &SupplyOutcome, delay: &DelayInputs) -> Vec<String> {
    o.scenarios
        .iter()
        .map(|sc| {
            let [mw_q, tokens, revenue, idle] = horizon_total(plan, supply, &|si, q| delay.at(sc, si, q));
            let mut line = format!("  {}: {} MW-quarters short of plan", sc.name, super::number(mw_q));
            if tokens.is_finite() {
                line += &format!(", {} output tokens not served", crate::units::si(tokens));
            }
            if revenue.is_finite() {
                line += &format!(", ${} revenue", crate::units::si(revenue));
            }
            line + &format!(", ${} of facility capital idle", crate::units::si(idle))
        })
        .collect()
}

/// The probability-weighted row: a mean of the scenarios' figures, which no single scenario (and no trial) need
/// produce; named so it is not read as an expected outcome.
const MEAN_OF_SCENARIOS: &str = "mean-of-scenarios";

/// One row per scenario x quarter x site, with what binds and what being short costs, then the `mean-of-scenarios`
/// rows unless `only` names a single scenario.
pub fn timeline(
    plan: &Plan,
    supply: &Supply,
    o: &SupplyOutcome,
    delay: &DelayInputs,
    only: Option<&str>,
) -> PolarsResult<DataFrame> {
    struct Row {
        scenario: String,
        quarter: String,
        site: String,
        priority: u32,
        x: Option<crate::model::supply::SiteQuarter>,
        installed: f64,
        it_mw: f64,
        complete: Option<String>,
        cost: DelayCost,
    }
    let mut rows = Vec::new();
    for sc in o.scenarios.iter().filter(|s| only.is_none_or(|n| n == s.name)) {
        for q in 0..supply.quarters as usize {
            for (si, site) in plan.sites.iter().enumerate() {
                let x = sc.timeline.sites[si][q];
                rows.push(Row {
                    scenario: sc.name.clone(),
                    quarter: supply.quarter(q as u32).to_string(),
                    site: site.name.clone(),
                    priority: site.priority,
                    x: Some(x),
                    installed: f64::from(x.installed),
                    it_mw: x.it_mw_online,
                    complete: Some(quarter_label(supply, sc.timeline.site_complete[si])),
                    cost: delay.at(sc, si, q),
                });
            }
        }
    }
    if only.is_none() {
        for q in 0..supply.quarters as usize {
            for (si, site) in plan.sites.iter().enumerate() {
                let (r, mw) = o.expected[si][q];
                rows.push(Row {
                    scenario: MEAN_OF_SCENARIOS.into(),
                    quarter: supply.quarter(q as u32).to_string(),
                    site: site.name.clone(),
                    priority: site.priority,
                    x: None,
                    installed: r,
                    it_mw: mw,
                    complete: None,
                    cost: delay.mean(o, si, q),
                });
            }
        }
    }
    let u = |g: fn(&crate::model::supply::SiteQuarter) -> u32| {
        rows.iter().map(move |r| r.x.as_ref().map(g)).collect::<Vec<Option<u32>>>()
    };
    frame(vec![
        of("scenario", rows.iter().map(|r| r.scenario.clone())),
        of("quarter", rows.iter().map(|r| r.quarter.clone())),
        of("site", rows.iter().map(|r| r.site.clone())),
        of("priority", rows.iter().map(|r| r.priority)),
        of("racks_planned", u(|x| x.racks_planned)),
        of("racks_by_power", u(|x| x.by_power)),
        of("racks_by_hbm", u(|x| x.by_hbm)),
        of("racks_by_packaging", u(|x| x.by_packaging)),
        of("racks_by_cooling", u(|x| x.by_cooling)),
        of("racks_by_integrator", u(|x| x.by_integrator)),
        f("racks_installed", rows.iter().map(|r| r.installed)),
        of("binding", rows.iter().map(|r| r.x.map(|x| x.binding.name().to_string()))),
        f("it_mw_online", rows.iter().map(|r| r.it_mw)),
        f("hbm_stacks_used", rows.iter().map(|r| r.x.map_or(f64::NAN, |x| x.hbm_stacks_used))),
        f("hbm_stacks_short", rows.iter().map(|r| r.x.map_or(f64::NAN, |x| x.hbm_stacks_short))),
        of("site_complete", rows.iter().map(|r| r.complete.clone())),
        f("it_mw_planned", rows.iter().map(|r| r.x.map_or(f64::NAN, |x| x.it_mw_planned))),
        f("it_mw_short", rows.iter().map(|r| r.cost.it_mw_short)),
        f("output_tokens_per_s_short", rows.iter().map(|r| r.cost.output_tokens_per_s_short)),
        f("usd_revenue_short", rows.iter().map(|r| r.cost.usd_revenue_short)),
        f("usd_idle_facility", rows.iter().map(|r| r.cost.usd_idle_facility)),
    ])
}

/// One row per scenario, then `expected` and `monte-carlo`.
/// One row per scenario (its deterministic completion, and P10 / P50 / P90 of the Monte Carlo over its own ranges,
/// `own[i]` for scenario i), then the expectation and the mixed Monte Carlo `mc` (when no scenario is picked).
pub fn scenarios(
    plan: &Plan,
    supply: &Supply,
    o: &SupplyOutcome,
    mc: Option<&MonteCarlo>,
    own: &[Option<MonteCarlo>],
    delay: &DelayInputs,
    only: Option<&str>,
) -> PolarsResult<DataFrame> {
    let mut delay_totals: Vec<[f64; 4]> = Vec::new();
    let last = supply.quarters as usize - 1;
    let planned: u32 = o.scenarios.first().map_or(0, |s| s.timeline.sites.iter().map(|x| x[last].racks_planned).sum());
    let mut name = Vec::new();
    let mut prob = Vec::new();
    let mut complete: Vec<Option<String>> = Vec::new();
    let mut p: [Vec<Option<String>>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut installed = Vec::new();
    let mut it_end = Vec::new();
    let mut binding: Vec<Option<String>> = Vec::new();
    let mut short = Vec::new();
    let mut trials: Vec<Option<u32>> = Vec::new();
    for (i, sc) in o.scenarios.iter().enumerate().filter(|(_, s)| only.is_none_or(|n| n == s.name)) {
        let t = &sc.timeline;
        name.push(sc.name.clone());
        prob.push(sc.probability);
        let c = quarter_label(supply, t.fleet_complete);
        complete.push(Some(c.clone()));
        let own_mc = own.get(i).and_then(Option::as_ref);
        for (j, v) in p.iter_mut().enumerate() {
            v.push(Some(own_mc.map_or_else(|| c.clone(), |m| quarter_label(supply, m.complete[j]))));
        }
        installed.push(t.sites.iter().map(|x| f64::from(x[last].installed)).sum::<f64>());
        it_end.push(t.sites.iter().map(|x| x[last].it_mw_online).sum::<f64>());
        // How many site-quarters each constraint bound, most first: "hbm 5, power 3".
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for x in t.sites.iter().flatten() {
            let n = x.binding.name();
            match counts.iter_mut().find(|(k, _)| *k == n) {
                Some(c) => c.1 += 1,
                None => counts.push((n, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        binding.push(Some(counts.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")));
        short.push(t.sites.iter().map(|x| x[last].hbm_stacks_short).sum::<f64>());
        trials.push(own_mc.map(|m| m.trials));
        delay_totals.push(horizon_total(plan, supply, &|si, q| delay.at(sc, si, q)));
    }
    if only.is_none() {
        name.push(MEAN_OF_SCENARIOS.into());
        prob.push(1.0);
        complete.push(None);
        for v in &mut p {
            v.push(None);
        }
        installed.push(o.expected.iter().map(|s| s[last].0).sum());
        it_end.push(o.expected.iter().map(|s| s[last].1).sum());
        binding.push(None);
        short.push(f64::NAN);
        trials.push(None);
        delay_totals.push(horizon_total(plan, supply, &|si, q| delay.mean(o, si, q)));
        if let Some(mc) = mc {
            name.push("monte-carlo".into());
            prob.push(1.0);
            complete.push(Some(quarter_label(supply, mc.complete[1])));
            for (i, v) in p.iter_mut().enumerate() {
                v.push(Some(quarter_label(supply, mc.complete[i])));
            }
            installed.push(f64::NAN);
            it_end.push(mc.it_mw.last().map_or(f64::NAN, |x| x[1]));
            binding.push(None);
            short.push(f64::NAN);
            trials.push(Some(mc.trials));
            delay_totals.push([f64::NAN; 4]);
        }
    }
    let [p10, p50, p90] = p;
    frame(vec![
        of("scenario", name),
        f("probability", prob),
        of("fleet_complete", complete),
        of("complete_p10", p10),
        of("complete_p50", p50),
        of("complete_p90", p90),
        of("racks_planned", std::iter::repeat_n(planned, installed.len())),
        f("racks_installed_end", installed),
        f("it_mw_online_end", it_end),
        of("binding_quarters", binding),
        f("hbm_stacks_short_end", short),
        of("trials", trials),
        f("mw_quarters_short", delay_totals.iter().map(|t| t[0])),
        f("output_tokens_short", delay_totals.iter().map(|t| t[1])),
        f("usd_revenue_short", delay_totals.iter().map(|t| t[2])),
        f("usd_idle_facility", delay_totals.iter().map(|t| t[3])),
    ])
}

/// The quarter each hall is complete, per scenario.
pub fn completion(plan: &Plan, supply: &Supply, o: &SupplyOutcome, only: Option<&str>) -> PolarsResult<DataFrame> {
    let rows: Vec<(String, &str, u32, &str, String, u32, String)> = o
        .scenarios
        .iter()
        .filter(|s| only.is_none_or(|n| n == s.name))
        .flat_map(|sc| {
            plan.sites.iter().enumerate().flat_map(move |(si, site)| {
                site.halls.iter().enumerate().map(move |(hi, hall)| {
                    let racks = hall.rows.iter().flat_map(|r| &r.slots).flatten().count() as u32;
                    (
                        sc.name.clone(),
                        site.name.as_str(),
                        site.priority,
                        hall.name.as_str(),
                        hall.energised.to_string(),
                        racks,
                        quarter_label(supply, sc.timeline.hall_complete[si][hi]),
                    )
                })
            })
        })
        .collect();
    frame(vec![
        of("scenario", rows.iter().map(|r| r.0.clone())),
        of("site", rows.iter().map(|r| r.1.to_string())),
        of("priority", rows.iter().map(|r| r.2)),
        of("hall", rows.iter().map(|r| r.3.to_string())),
        of("energised", rows.iter().map(|r| r.4.clone())),
        of("racks", rows.iter().map(|r| r.5)),
        of("complete", rows.iter().map(|r| r.6.clone())),
    ])
}

/// Per scenario, quarter, hall and legend entry: racks planned and installed, and what holds the rest back. A site's
/// halls can wait for different things (one for its energisation, another for the HBM of its platform).
pub fn groups(plan: &Plan, supply: &Supply, o: &SupplyOutcome, only: Option<&str>) -> PolarsResult<DataFrame> {
    struct Row<'a> {
        scenario: &'a str,
        quarter: String,
        key: crate::model::supply::GroupKey,
        installed: u32,
        binding: &'static str,
    }
    let mut rows = Vec::new();
    for sc in o.scenarios.iter().filter(|s| only.is_none_or(|n| n == s.name)) {
        let t = &sc.timeline;
        for (q, per_group) in t.group_quarters.iter().enumerate() {
            for (key, (installed, binding)) in t.groups.iter().zip(per_group) {
                rows.push(Row {
                    scenario: &sc.name,
                    quarter: supply.quarter(q as u32).to_string(),
                    key: *key,
                    installed: *installed,
                    binding: binding.name(),
                });
            }
        }
    }
    let site = |r: &Row| &plan.sites[r.key.site];
    frame(vec![
        of("scenario", rows.iter().map(|r| r.scenario.to_string())),
        of("quarter", rows.iter().map(|r| r.quarter.clone())),
        of("site", rows.iter().map(|r| site(r).name.clone())),
        of("hall", rows.iter().map(|r| site(r).halls[r.key.hall].name.clone())),
        of(
            "rack_type",
            rows.iter().map(|r| {
                let rt = &plan.legend[r.key.rack_type];
                format!("{}@{}", rt.platform.id, rt.profile)
            }),
        ),
        of("racks_planned", rows.iter().map(|r| r.key.racks)),
        of("racks_installed", rows.iter().map(|r| r.installed)),
        of("binding", rows.iter().map(|r| r.binding.to_string())),
    ])
}

/// Fleet IT MW online per quarter at P10 / P50 / P90 of the Monte Carlo.
pub fn montecarlo(supply: &Supply, mc: &MonteCarlo) -> PolarsResult<DataFrame> {
    let q = || (0..supply.quarters).map(|q| supply.quarter(q).to_string());
    frame(vec![
        of("quarter", q()),
        f("it_mw_p10", mc.it_mw.iter().map(|x| x[0])),
        f("it_mw_p50", mc.it_mw.iter().map(|x| x[1])),
        f("it_mw_p90", mc.it_mw.iter().map(|x| x[2])),
        of("trials", std::iter::repeat_n(mc.trials, mc.it_mw.len())),
        of("seed", std::iter::repeat_n(mc.seed, mc.it_mw.len())),
    ])
}
