//! Which variants a sweep evaluates: a full grid of `--vary` values, or `--samples N` points of a Latin hypercube or a
//! Sobol sequence over ranges (`--vary KEY=LOW..HIGH`) and value lists, seeded so every run and every shard sees the
//! same variants; and `--shard K/N`, the K-th of N contiguous slices, so shards written one after another are the
//! whole sweep byte for byte.

use std::ops::Range;

/// One `--vary`: a key and its values, or a numeric range to sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    pub key: String,
    pub axis: Axis,
}

/// What a `--vary` takes: a list of values, or a numeric range to sample.
#[derive(Debug, Clone, PartialEq)]
pub enum Axis {
    Values(Vec<String>),
    /// `LOW..HIGH`, both finite, LOW below HIGH.
    Range {
        low: f64,
        high: f64,
    },
}

/// A `--vary` that is not `KEY=V1,V2,…` or `KEY=LOW..HIGH`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--vary {0}: expected KEY=V1,V2,… or KEY=LOW..HIGH (numbers, LOW below HIGH)")]
pub struct VaryError(String);

/// A `--vary` argument: `KEY=V1,V2,…` or `KEY=LOW..HIGH`.
pub fn parse_vary(s: &str) -> Result<Vary, VaryError> {
    let bad = || VaryError(s.to_string());
    let (key, rest) = s.split_once('=').ok_or_else(bad)?;
    let key = key.trim().to_string();
    if key.is_empty() {
        return Err(bad());
    }
    if let Some((lo, hi)) = rest.split_once("..") {
        let (low, high) = (lo.trim().parse::<f64>().map_err(|_| bad())?, hi.trim().parse::<f64>().map_err(|_| bad())?);
        if !(low.is_finite() && high.is_finite() && low < high) {
            return Err(bad());
        }
        return Ok(Vary { key, axis: Axis::Range { low, high } });
    }
    let values: Vec<String> = rest.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
    if values.is_empty() {
        return Err(bad());
    }
    Ok(Vary { key, axis: Axis::Values(values) })
}

/// How variants are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesignKind {
    /// Every combination; a range takes `--samples` evenly spaced values, ends included.
    Grid,
    /// Latin hypercube: each key's range cut into N equal strata, each stratum used once, in a seeded order.
    Lhs,
    /// A Sobol low-discrepancy sequence (Owen-scrambled by the seed): even coverage for any N.
    Sobol,
}

impl DesignKind {
    /// Every kind, in the order the command line lists them.
    pub const ALL: [DesignKind; 3] = [DesignKind::Grid, DesignKind::Lhs, DesignKind::Sobol];

    /// Its name on the command line and in a plan's scenario.
    pub fn name(self) -> &'static str {
        match self {
            DesignKind::Grid => "grid",
            DesignKind::Lhs => "lhs",
            DesignKind::Sobol => "sobol",
        }
    }

    /// What it does, for `--help`.
    pub fn about(self) -> &'static str {
        match self {
            DesignKind::Grid => "Every combination; a range takes `--samples` evenly spaced values, ends included",
            DesignKind::Lhs => {
                "Latin hypercube: each key's range cut into N equal strata, each stratum used once, in a seeded order"
            }
            DesignKind::Sobol => {
                "A Sobol low-discrepancy sequence (Owen-scrambled by the seed): even coverage for any N"
            }
        }
    }

    /// The kind of this name.
    pub fn from_name(name: &str) -> Option<DesignKind> {
        DesignKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A design that cannot be made: a range in a grid without `--samples`, too many variants, too many Sobol keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DesignError(pub String);

/// Most variants one sweep evaluates. More is refused before anything is evaluated, naming the product.
pub const MAX_VARIANTS: usize = 100_000;
/// The Sobol generator's longest sequence and most keys.
pub const MAX_SOBOL_SAMPLES: usize = 1 << 16;
/// Most keys a Sobol design takes: half the generator's dimensions.
pub const MAX_SOBOL_KEYS: usize = sobol_burley::NUM_DIMENSIONS as usize / 2;

/// The variants of a sweep: for each index, the values of every `--vary`.
#[derive(Debug, Clone)]
pub struct Design {
    pub varies: Vec<Vary>,
    kind: DesignKind,
    /// Per key, for a grid: its values (a range's spaced out); for samples: unused.
    grid: Vec<Vec<String>>,
    /// Latin hypercube: per key, the stratum of each sample, and its place in it.
    strata: Vec<Vec<u32>>,
    jitter: Vec<Vec<f64>>,
    seed: u64,
    total: usize,
}

/// A number as the plan file would hold it: the shortest text that reads back to the same value.
fn number(x: f64) -> String {
    format!("{x}")
}

impl Design {
    /// The design of `kind` over `varies`, seeded by `seed`: `samples` is the number of points (for a grid, the values
    /// each range takes). Refused with the reason when it cannot be made (see `DesignError`).
    pub fn new(varies: Vec<Vary>, kind: DesignKind, samples: Option<usize>, seed: u64) -> Result<Design, DesignError> {
        Design::made(varies, kind, samples, seed).map_err(DesignError)
    }

    fn made(varies: Vec<Vary>, kind: DesignKind, samples: Option<usize>, seed: u64) -> Result<Design, String> {
        duplicate_key(&varies)?;
        let mut d = Design { varies, kind, grid: Vec::new(), strata: Vec::new(), jitter: Vec::new(), seed, total: 0 };
        match kind {
            DesignKind::Grid => {
                // Every count is known before any value is made, so a product past the limit is refused without
                // allocating it (2^40 points of one range would be 26 TB of text).
                let mut counts = Vec::with_capacity(d.varies.len());
                for v in &d.varies {
                    counts.push(match &v.axis {
                        Axis::Values(vals) => vals.len(),
                        Axis::Range { .. } => samples.filter(|n| *n >= 2).ok_or_else(|| {
                            format!("{}: a range in a grid needs --samples N (at least 2 values per range)", v.key)
                        })?,
                    });
                }
                let product = counts.iter().try_fold(1usize, |n, c| n.checked_mul(*c));
                d.total = match product {
                    Some(n) if n <= MAX_VARIANTS => n,
                    _ => {
                        let shown: Vec<String> = counts.iter().map(ToString::to_string).collect();
                        let n = product.map_or_else(|| "more than 2^64".to_string(), |n| n.to_string());
                        return Err(format!(
                            "{} = {n} variants; the limit is {MAX_VARIANTS} per sweep",
                            shown.join(" x ")
                        ));
                    }
                };
                for (v, n) in d.varies.iter().zip(counts) {
                    d.grid.push(match &v.axis {
                        Axis::Values(vals) => vals.clone(),
                        Axis::Range { low, high } => {
                            (0..n).map(|j| number(low + (high - low) * j as f64 / (n - 1) as f64)).collect()
                        }
                    });
                }
            }
            DesignKind::Lhs | DesignKind::Sobol => {
                let n = samples.ok_or("--design lhs and sobol need --samples N")?;
                let limit = if kind == DesignKind::Sobol { MAX_SOBOL_SAMPLES.min(MAX_VARIANTS) } else { MAX_VARIANTS };
                if n == 0 || n > limit {
                    return Err(format!("--samples {n}: expected 1 to {limit}"));
                }
                if kind == DesignKind::Sobol && d.varies.len() > MAX_SOBOL_KEYS {
                    return Err(format!("a Sobol design takes at most {MAX_SOBOL_KEYS} keys"));
                }
                if kind == DesignKind::Lhs {
                    let mut rng = fastrand::Rng::with_seed(seed);
                    for _ in &d.varies {
                        let mut order: Vec<u32> = (0..n as u32).collect();
                        rng.shuffle(&mut order);
                        d.strata.push(order);
                        d.jitter.push((0..n).map(|_| rng.f64()).collect());
                    }
                }
                d.total = n;
            }
        }
        Ok(d)
    }

    /// The varied keys, in `--vary` order.
    pub fn keys(&self) -> Vec<String> {
        self.varies.iter().map(|v| v.key.clone()).collect()
    }

    /// How many variants it has.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The point of sample `i` in the unit cube, one coordinate per key (samples only).
    pub fn unit(&self, i: usize) -> Vec<f64> {
        let n = self.total as f64;
        (0..self.varies.len())
            .map(|k| match self.kind {
                DesignKind::Lhs => (f64::from(self.strata[k][i]) + self.jitter[k][i]) / n,
                _ => f64::from(sobol_burley::sample(i as u32, k as u32, self.seed as u32)),
            })
            .collect()
    }

    /// The values of variant `i`: for a grid, the lists as digits of a mixed-radix number, the first `--vary`
    /// slowest; for samples, each key's value at the sample's coordinate.
    pub fn values(&self, i: usize) -> Vec<String> {
        match self.kind {
            DesignKind::Grid => {
                let mut i = i;
                let mut out = vec![String::new(); self.grid.len()];
                for (slot, vals) in out.iter_mut().zip(&self.grid).rev() {
                    slot.clone_from(&vals[i % vals.len()]);
                    i /= vals.len();
                }
                out
            }
            _ => self.unit(i).iter().zip(&self.varies).map(|(u, v)| value_at(&v.axis, *u)).collect(),
        }
    }
}

/// A key given in two `--vary`s: the second would silently replace the first in every variant.
pub fn duplicate_key(varies: &[Vary]) -> Result<(), String> {
    for (i, v) in varies.iter().enumerate() {
        if varies[..i].iter().any(|w| w.key == v.key) {
            return Err(format!("{} is given twice; give all its values in one --vary", v.key));
        }
    }
    Ok(())
}

/// An axis's value at coordinate `u` in [0, 1): a range's point, or the list's value whose share `u` falls in.
pub fn value_at(axis: &Axis, u: f64) -> String {
    match axis {
        Axis::Range { low, high } => number(low + (high - low) * u),
        Axis::Values(v) => v[((u * v.len() as f64) as usize).min(v.len() - 1)].clone(),
    }
}

/// `--shard K/N`: the K-th (1-based) of N contiguous slices of the variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

/// A `--shard` that is not `K/N` with 1 <= K <= N.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--shard {0}: expected K/N with 1 <= K <= N, e.g. 2/8")]
pub struct ShardError(String);

/// A `--shard` argument: `K/N` with 1 <= K <= N.
pub fn parse_shard(s: &str) -> Result<Shard, ShardError> {
    let bad = || ShardError(s.to_string());
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n) = (k.trim().parse::<usize>().map_err(|_| bad())?, n.trim().parse::<usize>().map_err(|_| bad())?);
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok(Shard { k, n })
}

impl Shard {
    /// Its variants of `total`: slices differ in size by at most one, and together cover every variant once.
    pub fn range(&self, total: usize) -> Range<usize> {
        // In 128 bits: K x total overflows 64 bits for K and N near 2^64 (it wrote no rows in a release build).
        let at = |k: usize| (k as u128 * total as u128 / self.n as u128) as usize;
        at(self.k - 1)..at(self.k)
    }

    /// The first shard writes the header, so shards written one after another are one table.
    pub fn writes_header(&self) -> bool {
        self.k == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vary {
        parse_vary(s).unwrap()
    }

    #[test]
    fn vary_takes_values_or_a_range() {
        let x = v(" cooling.supply_c = 36, 40 ,");
        assert_eq!((x.key.as_str(), x.axis), ("cooling.supply_c", Axis::Values(vec!["36".into(), "40".into()])));
        assert_eq!(v("misc_frac=0.001..0.01").axis, Axis::Range { low: 0.001, high: 0.01 });
        for bad in ["cooling.supply_c", "=36,40", "climate=", "climate= , ,", "x=5..1", "x=1..inf", "x=a..3"] {
            assert!(parse_vary(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_grid_counts_like_digits_and_spaces_a_range_evenly() {
        let d = Design::new(vec![v("a=1,2"), v("b=30..45")], DesignKind::Grid, Some(4), 0).unwrap();
        // 2 x 4 = 8 variants; 30..45 in 4 values: 30, 35, 40, 45 (step (45 - 30) / 3 = 5).
        assert_eq!(d.total(), 8);
        let all: Vec<Vec<String>> = (0..8).map(|i| d.values(i)).collect();
        assert_eq!(all[0], ["1", "30"]);
        assert_eq!(all[3], ["1", "45"]);
        assert_eq!(all[6], ["2", "40"]);
        assert!(Design::new(vec![v("b=30..45")], DesignKind::Grid, None, 0).is_err());
        let twenty = (1..=20).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let many: Vec<Vary> = (0..6).map(|k| v(&format!("k{k}={twenty}"))).collect();
        assert_eq!(
            Design::new(many, DesignKind::Grid, None, 0).unwrap_err().0,
            "20 x 20 x 20 x 20 x 20 x 20 = 64000000 variants; the limit is 100000 per sweep"
        );
        // Refused from the counts alone, before a value is made: 2^40 points would be 26 TB of text, and four
        // ranges at 2^32 points overflow the count itself.
        assert_eq!(
            Design::new(vec![v("b=30..45")], DesignKind::Grid, Some(1 << 40), 0).unwrap_err().0,
            "1099511627776 = 1099511627776 variants; the limit is 100000 per sweep"
        );
        let four: Vec<Vary> = (0..4).map(|k| v(&format!("k{k}=0..1"))).collect();
        assert!(
            Design::new(four, DesignKind::Grid, Some(1 << 32), 0)
                .unwrap_err()
                .0
                .ends_with("= more than 2^64 variants; the limit is 100000 per sweep")
        );
    }

    #[test]
    fn a_latin_hypercube_uses_every_stratum_of_every_key_once() {
        // 10 samples of two ranges: each tenth of each range holds exactly one sample.
        let d = Design::new(vec![v("a=0..10"), v("b=100..200")], DesignKind::Lhs, Some(10), 7).unwrap();
        for (k, width) in [(0usize, 1.0), (1, 10.0)] {
            let mut strata: Vec<usize> = (0..10)
                .map(|i| {
                    let x: f64 = d.values(i)[k].parse().unwrap();
                    let lo = if k == 0 { 0.0 } else { 100.0 };
                    ((x - lo) / width) as usize
                })
                .collect();
            strata.sort();
            assert_eq!(strata, (0..10).collect::<Vec<_>>());
        }
        // Seeded: the same seed, the same design; another seed, another.
        let again = Design::new(vec![v("a=0..10"), v("b=100..200")], DesignKind::Lhs, Some(10), 7).unwrap();
        assert_eq!(d.values(3), again.values(3));
        let other = Design::new(vec![v("a=0..10"), v("b=100..200")], DesignKind::Lhs, Some(10), 8).unwrap();
        assert_ne!(
            (0..10).map(|i| d.values(i)).collect::<Vec<_>>(),
            (0..10).map(|i| other.values(i)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_sobol_design_covers_the_cube_evenly() {
        // The first 2^k points of a Sobol sequence put exactly one point in each of 2^k equal intervals per axis.
        let d = Design::new(vec![v("a=0..1"), v("b=0..1")], DesignKind::Sobol, Some(64), 3).unwrap();
        for k in 0..2 {
            let mut bins = vec![0; 64];
            for i in 0..64 {
                bins[(d.unit(i)[k] * 64.0) as usize] += 1;
            }
            assert!(bins.iter().all(|b| *b == 1), "axis {k}: {bins:?}");
        }
        assert!(Design::new(vec![v("a=0..1")], DesignKind::Sobol, Some(MAX_SOBOL_SAMPLES + 1), 0).is_err());
    }

    #[test]
    fn shard_arithmetic_does_not_overflow_near_two_to_the_64() {
        // K x total overflowed 64 bits: --shard (2^64-1)/(2^64-1) of 2 variants wrote no rows in a release build.
        let n = usize::MAX;
        assert_eq!(Shard { k: n, n }.range(2), 1..2, "the last shard holds the last variant");
        assert_eq!(Shard { k: 1, n }.range(2), 0..0);
        let covered: usize = [1, n / 2, n - 1, n].iter().map(|&k| Shard { k, n }.range(2).len()).sum();
        assert!(covered <= 2);
    }

    #[test]
    fn a_key_varied_twice_is_refused() {
        let e = Design::new(vec![v("a=1,2"), v("b=3"), v("a=5")], DesignKind::Grid, None, 0).unwrap_err();
        assert_eq!(e.0, "a is given twice; give all its values in one --vary");
    }

    #[test]
    fn shards_cover_every_variant_once_in_order() {
        for total in [0usize, 1, 7, 10, 1000] {
            for n in 1..=5 {
                let covered: Vec<usize> = (1..=n).flat_map(|k| Shard { k, n }.range(total)).collect();
                assert_eq!(covered, (0..total).collect::<Vec<_>>(), "{total} in {n}");
            }
        }
        assert_eq!(parse_shard("2/3"), Ok(Shard { k: 2, n: 3 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }
}
