//! Which varied settings move a site KPI, as first-order and total Sobol indices (`fleetplan sensitivity`, the
//! sensitivity chart). Saltelli's scheme: two Sobol point sets A and B of N points over the keys, and for each key i
//! the set A with key i taken from B; the plan is evaluated at every point, N x (keys + 2) times, in parallel. The
//! estimators are Saltelli et al. (2010) for the first order and Jansen's for the total:
//!
//!   V   = the variance of every f(A) and f(B)
//!   S_i = mean( (f(B) - mean f) x (f(A_B^i) - f(A)) ) / V   (the share of V that key i alone explains)
//!   ST_i = mean( (f(A) - f(A_B^i))^2 ) / (2 V)           (its share with every interaction it takes part in)

use rayon::prelude::*;

use super::design::{MAX_SOBOL_KEYS, MAX_SOBOL_SAMPLES, MAX_VARIANTS, Vary, value_at};
use super::sweep::Template;
use crate::evaluation::Evaluation;
use crate::input::Diagnostics;
use crate::kpi;
use crate::tables;

/// First-order and total index of each key from the model's values at A, at B, and at A with each key from B.
pub fn sobol_indices(fa: &[f64], fb: &[f64], fab: &[Vec<f64>]) -> Vec<(f64, f64)> {
    let n = fa.len() as f64;
    let all = fa.iter().chain(fb);
    let mean = all.clone().sum::<f64>() / (2.0 * n);
    let var = all.map(|x| (x - mean).powi(2)).sum::<f64>() / (2.0 * n);
    fab.iter()
        .map(|f| {
            if var <= 0.0 || !var.is_finite() {
                return (f64::NAN, f64::NAN);
            }
            // f(B) centred on the mean: the same expectation (f(A_B^i) and f(A) share a distribution), far less noise
            // when the KPI's mean is large against its spread (a PUE of 1.08 that moves by 0.01).
            let first = fa.iter().zip(fb).zip(f).map(|((a, b), ab)| (b - mean) * (ab - a)).sum::<f64>() / n / var;
            let total = fa.iter().zip(f).map(|(a, ab)| (a - ab).powi(2)).sum::<f64>() / n / (2.0 * var);
            (first, total)
        })
        .collect()
}

/// The Sobol point `j` of the set that starts at dimension `offset`, over `d` keys.
fn point(j: usize, offset: usize, d: usize, seed: u64) -> Vec<f64> {
    (0..d).map(|k| f64::from(sobol_burley::sample(j as u32, (offset + k) as u32, seed as u32))).collect()
}

/// What a sensitivity run asks for.
pub struct Ask<'a> {
    pub varies: &'a [Vary],
    pub samples: usize,
    /// Site KPI names, comma-separated.
    pub kpis: &'a str,
    pub seed: u64,
}

/// The indices, with the plan as shown and the number of evaluations.
pub struct Found {
    pub shown: String,
    /// The plan's name (its file as shown when it has none), for chart titles.
    pub name: String,
    pub runs: usize,
    pub rows: Vec<tables::SensitivityRow>,
}

/// A run that cannot be asked for: too few or too many samples or keys, or a name that is not a site KPI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct AskError(pub String);

impl Ask<'_> {
    /// Its evaluations, N x (keys + 2).
    pub fn runs(&self) -> usize {
        self.samples.saturating_mul(self.varies.len() + 2)
    }

    /// The chosen site KPIs, or why the run cannot be made (checked before any plan is read).
    pub fn kpis(&self) -> Result<Vec<&'static kpi::Kpi>, AskError> {
        let (samples, d, runs) = (self.samples, self.varies.len(), self.runs());
        if d < 2 {
            return Err(AskError(format!(
                "--vary: {d} key; Sobol indices share a KPI's variance among at least two keys (use sweep for one)"
            )));
        }
        super::design::duplicate_key(self.varies).map_err(|e| AskError(format!("--vary: {e}")))?;
        if !(2..=MAX_SOBOL_SAMPLES).contains(&samples) || d > MAX_SOBOL_KEYS || runs > MAX_VARIANTS {
            return Err(AskError(format!(
                "--samples {samples} with {d} keys: expected 2 to {MAX_SOBOL_SAMPLES} samples, at most {MAX_SOBOL_KEYS} \
                 keys and at most {MAX_VARIANTS} evaluations (samples x (keys + 2) = {runs})"
            )));
        }
        let names = || kpi::SITE.iter().map(|x| x.name).collect::<Vec<&str>>().join(", ");
        let chosen: Vec<&'static kpi::Kpi> = self
            .kpis
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| {
                kpi::find(k).ok_or_else(|| AskError(format!("--kpi {k}: not a site KPI; expected one of: {}", names())))
            })
            .collect::<Result<_, _>>()?;
        if chosen.is_empty() {
            return Err(AskError(format!("--kpi: no KPI named; expected one or more of: {}", names())));
        }
        Ok(chosen)
    }
}

/// Evaluates `base` over Saltelli's points and gives every key's indices for each of `chosen` (from [`Ask::kpis`])
/// of every site.
pub fn compute(base: &Evaluation, ask: &Ask, chosen: &[&kpi::Kpi]) -> Result<Found, Diagnostics> {
    let (varies, samples, seed) = (ask.varies, ask.samples, ask.seed);
    let (d, runs) = (varies.len(), ask.runs());
    let keys: Vec<String> = varies.iter().map(|v| v.key.clone()).collect();
    let sites = base.plan.sites.len();
    super::sweep::legend_keys_exist(base, &keys)?;
    let template = Template::new(&base.text, sites, &keys).map_err(|e| base.problem("", format!("--vary: {e}")))?;
    // Point r of the N x (d + 2) runs: run 0 of a sample is A, run 1 is B, run 2 + i is A with key i from B.
    let at = |r: usize| -> Vec<f64> {
        let (j, which) = (r / (d + 2), r % (d + 2));
        let a = point(j, 0, d, seed);
        match which {
            0 => a,
            1 => point(j, d, d, seed),
            w => {
                let mut p = a;
                p[w - 2] = point(j, d, d, seed)[w - 2];
                p
            }
        }
    };
    // Each run's KPI values, site by site, read as soon as it is evaluated.
    let values: Vec<Vec<f64>> = (0..runs)
        .into_par_iter()
        .map(|r| {
            let vals: Vec<String> = at(r).iter().zip(varies).map(|(u, v)| value_at(&v.axis, *u)).collect();
            let e = base.edited(template.with(&vals)).map_err(|d| d.to_string())?;
            let mut out = Vec::with_capacity(sites * chosen.len());
            for (s, o) in e.plan.sites.iter().zip(&e.outcome.sites) {
                out.extend(chosen.iter().map(|k| k.value(s, o).number().unwrap_or(f64::NAN)));
            }
            Ok(out)
        })
        .collect::<Result<_, String>>()
        .map_err(|e| base.problem("", format!("a sample: {e}")))?;
    let mut rows = Vec::new();
    for (si, site) in base.plan.sites.iter().enumerate() {
        for (ki, k) in chosen.iter().enumerate() {
            let col = si * chosen.len() + ki;
            let of = |w: usize| -> Vec<f64> { (0..samples).map(|j| values[j * (d + 2) + w][col]).collect() };
            let fab: Vec<Vec<f64>> = (0..d).map(|i| of(2 + i)).collect();
            for (key, (first, total)) in keys.iter().zip(sobol_indices(&of(0), &of(1), &fab)) {
                rows.push(tables::SensitivityRow {
                    site: site.name.clone(),
                    kpi: k.name.to_string(),
                    key: key.clone(),
                    first,
                    total,
                });
            }
        }
    }
    let name = if base.plan.name.trim().is_empty() { base.shown.clone() } else { base.plan.name.clone() };
    Ok(Found { shown: base.shown.clone(), name, runs, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_needs_two_keys_distinct_and_a_kpi() {
        let vary = |s: &str| super::super::design::parse_vary(s).unwrap();
        let two = [vary("cooling.supply_c=35..45"), vary("misc_frac=0.01..0.02")];
        let ask = |varies, kpis| Ask { varies, samples: 8, kpis, seed: 1 };
        assert_eq!(ask(&two, "pue_annual").kpis().unwrap().len(), 1);
        // One key has no variance to share out; the same key twice is one key.
        assert!(ask(&two[..1], "pue_annual").kpis().unwrap_err().0.contains("1 key"));
        let twice = [vary("misc_frac=0.01..0.02"), vary("misc_frac=0.02..0.03")];
        assert!(ask(&twice, "pue_annual").kpis().unwrap_err().0.contains("given twice"));
        // `--kpi ''` named nothing and ran.
        for none in ["", " , "] {
            assert!(ask(&two, none).kpis().unwrap_err().0.starts_with("--kpi: no KPI named"), "{none:?}");
        }
    }

    /// The estimators on `f` over N Sobol points of the unit cube (`d` keys).
    fn indices(d: usize, n: usize, f: impl Fn(&[f64]) -> f64) -> Vec<(f64, f64)> {
        let a: Vec<Vec<f64>> = (0..n).map(|j| point(j, 0, d, 1)).collect();
        let b: Vec<Vec<f64>> = (0..n).map(|j| point(j, d, d, 1)).collect();
        let fa: Vec<f64> = a.iter().map(|p| f(p)).collect();
        let fb: Vec<f64> = b.iter().map(|p| f(p)).collect();
        let fab: Vec<Vec<f64>> = (0..d)
            .map(|i| {
                a.iter()
                    .zip(&b)
                    .map(|(pa, pb)| {
                        let mut p = pa.clone();
                        p[i] = pb[i];
                        f(&p)
                    })
                    .collect()
            })
            .collect();
        sobol_indices(&fa, &fb, &fab)
    }

    #[test]
    fn an_additive_function_has_the_analytic_indices() {
        // f = x1 + 2 x2 + 3 x3, x uniform on [0, 1]: Var(c x) = c^2 / 12, so V = (1 + 4 + 9) / 12 and each key's
        // share is c^2 / 14: 1/14 = 0.0714, 4/14 = 0.2857, 9/14 = 0.6429; with no interaction, total = first order.
        let s = indices(3, 4096, |x| x[0] + 2.0 * x[1] + 3.0 * x[2]);
        for (i, want) in [1.0 / 14.0, 4.0 / 14.0, 9.0 / 14.0].iter().enumerate() {
            assert!((s[i].0 - want).abs() < 0.01, "first order {i}: {} vs {want}", s[i].0);
            assert!((s[i].1 - want).abs() < 0.01, "total {i}: {} vs {want}", s[i].1);
        }
    }

    #[test]
    fn an_interaction_shows_in_the_total_index_only() {
        // f = x1 x2: V = E[x1^2 x2^2] - E[x1 x2]^2 = 1/9 - 1/16 = 7/144; E[f | x1] = x1 / 2, whose variance is
        // (1/12) / 4 = 3/144, so S1 = S2 = 3/7 = 0.4286; the interaction is the rest, 1 - 6/7, and each total is
        // S_i plus it: 4/7 = 0.5714.
        let s = indices(2, 4096, |x| x[0] * x[1]);
        for (first, total) in s {
            assert!((first - 3.0 / 7.0).abs() < 0.02, "{first}");
            assert!((total - 4.0 / 7.0).abs() < 0.02, "{total}");
        }
        // A constant has no variance to share: no index.
        assert!(indices(2, 64, |_| 3.0).iter().all(|(f, t)| f.is_nan() && t.is_nan()));
    }
}
