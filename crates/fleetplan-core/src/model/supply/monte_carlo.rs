//! The supply Monte Carlo: many trials of the timeline with ranged values drawn, in parallel and reproducible.

use super::{Draws, MonteCarlo, Trial, arrivals, demand, simulate_fleet};
use crate::model::Outcome;
use crate::plan::Plan;
use crate::plan::supply::Supply;

/// A trial's seed: the plan's seed and the trial's number mixed (SplitMix64's finaliser), so neighbouring trials get
/// unrelated streams.
pub(super) fn trial_seed(seed: u64, trial: u32) -> u64 {
    let mut z = seed ^ u64::from(trial).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn percentile<T: Copy>(sorted: &[T], p: f64) -> T {
    let i = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// `trials` draws: each picks a scenario by its probability and draws every ranged value of it once; reports
/// P10 / P50 / P90 of the quarter the fleet is complete and of fleet IT MW online per quarter. Seeded: the same
/// plan gives the same figures.
pub fn monte_carlo(plan: &Plan, outcome: &Outcome, s: &Supply) -> MonteCarlo {
    monte_carlo_of(plan, outcome, s, None)
}

/// The Monte Carlo of one scenario (index `scenario`): every trial draws that scenario's ranges, so its P10 / P50 /
/// P90 show its own spread; `None` is the mixed run of [`monte_carlo`], each trial picking a scenario by probability.
/// Both use the same seeds per trial, so the mixed figures do not depend on this choice existing.
pub fn monte_carlo_of(plan: &Plan, outcome: &Outcome, s: &Supply, scenario: Option<usize>) -> MonteCarlo {
    let d = demand(plan, outcome, s);
    let runs = trials(s, &d, scenario);
    summary(s, runs.iter())
}

/// The mixed Monte Carlo and each scenario's own, for the price of the scenarios' runs alone. A mixed trial is the
/// same trial of the scenario it picks (the same seed, the same pick drawn first, then the same draws), so it is
/// taken from that scenario's run instead of being run again: the figures are exactly [`monte_carlo`]'s and
/// [`monte_carlo_of`]'s.
pub fn monte_carlo_each(plan: &Plan, outcome: &Outcome, s: &Supply) -> (MonteCarlo, Vec<MonteCarlo>) {
    let d = demand(plan, outcome, s);
    let per: Vec<Vec<(u32, Vec<f64>)>> = (0..s.scenarios.len()).map(|k| trials(s, &d, Some(k))).collect();
    let cumulative = cumulative(s);
    // Each trial's pick once (the summary walks the trials once per quarter).
    let mixed: Vec<&(u32, Vec<f64>)> = (0..s.trials)
        .map(|t| {
            let mut rng = fastrand::Rng::with_seed(trial_seed(s.seed, t));
            &per[pick(&cumulative, rng.f64())][t as usize]
        })
        .collect();
    (summary(s, mixed.iter().copied()), per.iter().map(|runs| summary(s, runs.iter())).collect())
}

/// The scenarios' cumulative probabilities.
fn cumulative(s: &Supply) -> Vec<f64> {
    s.scenarios
        .iter()
        .scan(0.0, |acc, sc| {
            *acc += sc.probability;
            Some(*acc)
        })
        .collect()
}

/// The scenario a trial's first draw `u` picks.
fn pick(cumulative: &[f64], u: f64) -> usize {
    cumulative.iter().position(|c| u < *c).unwrap_or(cumulative.len() - 1)
}

/// Every trial of one scenario (or of the mixed run, `None`): the quarter the fleet is complete (`u32::MAX`: not
/// within the horizon) and the fleet's IT MW online per quarter.
fn trials(s: &Supply, d: &super::Demand, scenario: Option<usize>) -> Vec<(u32, Vec<f64>)> {
    use rayon::prelude::*;
    let n = s.quarters as usize;
    let cumulative = cumulative(s);
    // Trials run in parallel; each has its own generator, seeded from the plan's seed and the trial's number, so the
    // figures are the same whatever the number of threads.
    (0..s.trials)
        .into_par_iter()
        .map(|trial| {
            let mut rng = fastrand::Rng::with_seed(trial_seed(s.seed, trial));
            let u = rng.f64();
            let k = scenario.unwrap_or_else(|| pick(&cumulative, u));
            let a = arrivals(&s.scenarios[k], s, d, &mut Draws::Trial(Trial::new(&mut rng, s)));
            let (complete, online) = simulate_fleet(d, &a, n);
            (complete.unwrap_or(u32::MAX), online)
        })
        .collect()
}

/// P10 / P50 / P90 of the trials' completion quarters and of each quarter's IT MW online.
fn summary<'r>(s: &Supply, runs: impl Iterator<Item = &'r (u32, Vec<f64>)> + Clone) -> MonteCarlo {
    let n = s.quarters as usize;
    let mut complete: Vec<u32> = runs.clone().map(|(c, _)| *c).collect();
    let it: Vec<Vec<f64>> = (0..n).map(|q| runs.clone().map(|(_, v)| v[q]).collect()).collect();
    complete.sort_unstable();
    let c = |p: f64| Some(percentile(&complete, p)).filter(|q| *q != u32::MAX);
    let it_mw = it
        .into_iter()
        .map(|mut v| {
            v.sort_by(f64::total_cmp);
            [percentile(&v, 0.1), percentile(&v, 0.5), percentile(&v, 0.9)]
        })
        .collect();
    MonteCarlo { trials: s.trials, seed: s.seed, complete: [c(0.1), c(0.5), c(0.9)], it_mw }
}
