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
    use rayon::prelude::*;
    let d = demand(plan, outcome, s);
    let n = s.quarters as usize;
    let cumulative: Vec<f64> = s
        .scenarios
        .iter()
        .scan(0.0, |acc, sc| {
            *acc += sc.probability;
            Some(*acc)
        })
        .collect();
    // Trials run in parallel; each has its own generator, seeded from the plan's seed and the trial's number, so the
    // figures are the same whatever the number of threads.
    let runs: Vec<(u32, Vec<f64>)> = (0..s.trials)
        .into_par_iter()
        .map(|trial| {
            let mut rng = fastrand::Rng::with_seed(trial_seed(s.seed, trial));
            let u = rng.f64();
            let k = scenario.unwrap_or_else(|| cumulative.iter().position(|c| u < *c).unwrap_or(s.scenarios.len() - 1));
            let a = arrivals(&s.scenarios[k], s, &d, &mut Draws::Trial(Trial::new(&mut rng, s)));
            let (complete, online) = simulate_fleet(&d, &a, n);
            (complete.unwrap_or(u32::MAX), online)
        })
        .collect();
    let mut complete: Vec<u32> = runs.iter().map(|(c, _)| *c).collect();
    let it: Vec<Vec<f64>> = (0..n).map(|q| runs.iter().map(|(_, v)| v[q]).collect()).collect();
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
