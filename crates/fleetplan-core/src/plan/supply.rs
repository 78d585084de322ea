//! The `[supply]` section: the timeline's quarters and the scenarios of HBM, packaging, cooling-component and
//! integrator supply (see the README and docs/model.md, "Supply timeline"). Quantities may be given per
//! quarter, carried forward until changed, and as ranges for the Monte Carlo mode.

use toml_edit::{Item, Value};

/// The largest quantity a supply series may state per quarter or month (wafers, stacks, packages, CDUs, racks):
/// orders of magnitude above world output, low enough that no sum of them loses its units.
const MAX_PER_QUARTER: f64 = 1e12;

use super::quarter::Quarter;
use crate::input::Collector;
use crate::input::{Bounds, TableReader, join};

/// A number, or a range for Monte Carlo: `[low, high]` (uniform) or `[low, mode, high]` (triangular). The
/// deterministic scenarios use the mode (the midpoint of a two-value range).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranged {
    pub low: f64,
    pub mode: f64,
    pub high: f64,
    pub triangular: bool,
}

impl Ranged {
    /// A single value: low, mode and high all `v`.
    pub fn fixed(v: f64) -> Ranged {
        Ranged { low: v, mode: v, high: v, triangular: false }
    }

    /// A draw: uniform between low and high, or triangular with its mode (inverse CDF).
    pub fn sample(&self, rng: &mut fastrand::Rng) -> f64 {
        self.quantile(rng.f64())
    }

    /// The value at cumulative probability `u` (0..1): uniform `low + u (high - low)`, or the triangular inverse CDF
    /// `a + sqrt(u (b - a)(c - a))` below the mode's probability `(c - a)/(b - a)`, `b - sqrt((1 - u)(b - a)(b - c))`
    /// above it.
    pub fn quantile(&self, u: f64) -> f64 {
        if self.high <= self.low {
            return self.mode;
        }
        if !self.triangular {
            return self.low + u * (self.high - self.low);
        }
        let (a, b, c) = (self.low, self.high, self.mode);
        let fc = (c - a) / (b - a);
        if u < fc { a + (u * (b - a) * (c - a)).sqrt() } else { b - ((1.0 - u) * (b - a) * (b - c)).sqrt() }
    }
}

/// A quantity over quarters: a value from each listed quarter on, until the next; zero before the first.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub steps: Vec<(Quarter, Ranged)>,
}

impl Series {
    /// The same value in every quarter, from 2000Q1 on.
    pub fn constant(v: Ranged) -> Series {
        Series { steps: vec![(Quarter { year: 2000, q: 1 }, v)] }
    }

    /// Index of the step in force in quarter `q`, if any.
    pub fn step_at(&self, q: Quarter) -> Option<usize> {
        self.steps.iter().rposition(|(from, _)| *from <= q)
    }
}

/// How an HBM source's output is stated: stacks per quarter, or the wafer chain.
#[derive(Debug, Clone, PartialEq)]
pub enum HbmKind {
    /// Stacks allocated to this fleet per quarter.
    Stacks(Series),
    /// The wafer chain: wafer starts per month → gross dies per wafer (die area) → die yield → stacks (height, stack
    /// yield) → share to this buyer.
    Chain {
        wafers_per_month: Series,
        die_area_mm2: Ranged,
        die_yield: Series,
        stack_height: u32,
        stack_yield: Series,
        share: Series,
    },
}

/// One HBM source of a scenario (`[[supply.scenario.hbm]]`): a vendor and what it supplies.
#[derive(Debug, Clone, PartialEq)]
pub struct HbmSource {
    pub vendor: String,
    /// HBM generation it supplies, matched against the platforms' `hbm_generation`.
    pub generation: String,
    /// Quarters from production to stacks at the packaging site.
    pub lag_quarters: u32,
    pub kind: HbmKind,
    /// A vendor still to be qualified: it produces nothing before this many quarters from the start (a range is drawn
    /// per trial; 0: qualified already), and qualifies within the horizon at all with `qualify_probability`.
    pub qualifies_after_quarters: Ranged,
    pub qualify_probability: f64,
}

/// How packaging capacity is stated: GPU packages per quarter, or CoWoS wafers.
#[derive(Debug, Clone, PartialEq)]
pub enum PackagingKind {
    /// GPU packages (CoWoS) per quarter.
    Packages(Series),
    /// CoWoS wafers per quarter × packages per wafer × package yield.
    Wafers { wafers_per_quarter: Series, packages_per_wafer: Ranged, package_yield: Series },
}

/// A scenario's packaging (`[supply.scenario.packaging]`): its capacity and the quarters from packaging to rack.
#[derive(Debug, Clone, PartialEq)]
pub struct Packaging {
    pub lag_quarters: u32,
    pub kind: PackagingKind,
}

/// One supply scenario (`[[supply.scenario]]`): what can arrive each quarter, and its probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub probability: f64,
    pub hbm: Vec<HbmSource>,
    /// None: packaging does not limit.
    pub packaging: Option<Packaging>,
    /// CDUs delivered per quarter; None: cooling components do not limit.
    pub cdus_per_quarter: Option<Series>,
    /// Quarters from the start before the first CDUs arrive (an order's lead time; a range is drawn per trial).
    pub cdu_lead_quarters: Ranged,
    /// Quarters from the start before a site's chillers are in: a site whose design hour needs chillers (trim, a
    /// chiller plant or the air loop's) cannot energise a hall before then.
    pub chiller_lead_quarters: Ranged,
    /// Complete racks the integrator can build and ship per quarter; None: no limit.
    pub integrator_racks_per_quarter: Option<Series>,
    /// Racks a quarter the buyer is allocated, stated instead of the HBM and packaging chain: with it, HBM and
    /// packaging do not limit (no HBM source is needed) and the allocation caps racks like the integrator.
    pub allocated_racks_per_quarter: Option<Series>,
    /// Quarters from components in hand to a rack installed and powered.
    pub delivery_lag_quarters: u32,
    /// Quarters each site's halls are energised late (grid interconnect, transformer and switchgear lead times): a
    /// range is drawn per site and trial; 0: on the plan's dates.
    pub energisation_slip_quarters: Ranged,
}

/// The `[supply]` section: the timeline's first quarter and horizon, the Monte Carlo's trials, seed and
/// correlations, and the scenarios.
#[derive(Debug, Clone, PartialEq)]
pub struct Supply {
    pub start: Quarter,
    pub quarters: u32,
    pub trials: u32,
    pub seed: u64,
    /// Monte Carlo: how much a ranged quantity's draw carries from one quarter to the next (AR(1) coefficient of its
    /// latent normal), and the share of its variance common to every quantity of the trial that quarter (a shock
    /// that hits all vendors and suppliers at once).
    pub autocorrelation: f64,
    pub common_shock: f64,
    pub scenarios: Vec<Scenario>,
}

impl Supply {
    /// Quarter `i` of the timeline, 0 being `start`.
    pub fn quarter(&self, i: u32) -> Quarter {
        Quarter::from_index(self.start.index() + i as i32)
    }
}

fn ranged_value(cx: &mut Collector, item: &Value, path: &str, bounds: Bounds) -> Option<Ranged> {
    let num = |v: &Value| match v {
        Value::Float(f) => Some(*f.value()),
        Value::Integer(i) => Some(*i.value() as f64),
        _ => None,
    };
    let expected = format!("{}, or a range [low, high] or [low, mode, high]", bounds.describe());
    let r = match item {
        Value::Array(a) => {
            let vals: Option<Vec<f64>> = a.iter().map(num).collect();
            match vals.as_deref() {
                Some([lo, hi]) => Some(Ranged { low: *lo, mode: (lo + hi) / 2.0, high: *hi, triangular: false }),
                Some([lo, mode, hi]) => Some(Ranged { low: *lo, mode: *mode, high: *hi, triangular: true }),
                _ => None,
            }
        }
        v => num(v).map(Ranged::fixed),
    };
    match r {
        Some(r) if !(r.low <= r.mode && r.mode <= r.high) => {
            let found = if r.triangular {
                format!("[{}, {}, {}]", r.low, r.mode, r.high)
            } else {
                format!("[{}, {}]", r.low, r.high)
            };
            cx.error(item.span(), path, format!("a range must be in order low <= mode <= high, found {found}"));
            None
        }
        Some(r)
            if !(bounds.contains(r.low) && bounds.contains(r.high) && (!r.triangular || bounds.contains(r.mode))) =>
        {
            let found = match r {
                r if r.low == r.high => format!("{}", r.low),
                r if r.triangular => format!("[{}, {}, {}]", r.low, r.mode, r.high),
                r => format!("{} to {}", r.low, r.high),
            };
            cx.error(item.span(), path, format!("expected {expected}; found {found}"));
            None
        }
        Some(r) => Some(r),
        None => {
            cx.error(item.span(), path, format!("expected {expected}"));
            None
        }
    }
}

/// A number or range; missing: `default`, or an error.
fn ranged(r: &mut TableReader, cx: &mut Collector, key: &'static str, default: Option<f64>, bounds: Bounds) -> Ranged {
    match r.item(key) {
        Some(item) => match item.as_value() {
            Some(v) => ranged_value(cx, v, &r.key_path(key), bounds).unwrap_or(Ranged::fixed(0.0)),
            None => {
                cx.error(item.span(), &r.key_path(key), format!("expected {}", bounds.describe()));
                Ranged::fixed(0.0)
            }
        },
        None => match default {
            Some(v) => Ranged::fixed(v),
            None => {
                cx.error(r.span(), &r.key_path(key), format!("missing key: expected {}", bounds.describe()));
                Ranged::fixed(0.0)
            }
        },
    }
}

/// A series: a number or range (every quarter), or `{ "2027Q1" = v, "2027Q3" = w }` in increasing quarter order.
fn series(r: &mut TableReader, cx: &mut Collector, key: &'static str, default: Option<f64>, bounds: Bounds) -> Series {
    let Some(item) = r.item(key) else {
        if default.is_none() {
            cx.error(r.span(), &r.key_path(key), format!("missing key: expected {} per quarter", bounds.describe()));
        }
        return Series::constant(Ranged::fixed(default.unwrap_or(0.0)));
    };
    let path = r.key_path(key);
    if let Some(t) = item.as_table_like().filter(|_| !matches!(item.as_value(), Some(Value::Array(_)))) {
        let mut steps: Vec<(Quarter, Ranged)> = Vec::new();
        for (k, v) in t.iter() {
            let kpath = join(&path, k);
            let span = t.get_key_value(k).and_then(|(key, _)| key.span()).or_else(|| v.span());
            let q = match k.parse::<Quarter>() {
                Ok(q) => q,
                Err(e) => {
                    cx.error(span, &kpath, e.to_string());
                    continue;
                }
            };
            if let Some((prev, _)) = steps.last().filter(|(p, _)| *p >= q) {
                cx.error(
                    span,
                    &kpath,
                    format!("quarters out of order: {q} comes after {prev}; list quarters in increasing order"),
                );
                continue;
            }
            let Some(val) = v.as_value().and_then(|v| ranged_value(cx, v, &kpath, bounds)) else {
                if v.as_value().is_none() {
                    cx.error(v.span(), &kpath, format!("expected {}", bounds.describe()));
                }
                continue;
            };
            steps.push((q, val));
        }
        if steps.is_empty() && !cx.has_errors() {
            cx.error(item.span(), &path, "expected at least one quarter, e.g. { \"2027Q1\" = 1000 }");
        }
        return Series { steps };
    }
    match item.as_value().and_then(|v| ranged_value(cx, v, &path, bounds)) {
        Some(v) => Series::constant(v),
        None => {
            if item.as_value().is_none() {
                cx.error(item.span(), &path, format!("expected {} or a table of quarters", bounds.describe()));
            }
            Series::constant(Ranged::fixed(0.0))
        }
    }
}

fn lag(r: &mut TableReader, cx: &mut Collector, key: &'static str, default: i64, horizon: u32) -> u32 {
    let v = r.int(cx, key, Some(default), 0, 40) as u32;
    if v >= horizon && horizon > 0 {
        cx.error(
            r.key_span(key).or_else(|| r.span()),
            &r.key_path(key),
            format!("a lag of {v} quarters is not shorter than the {horizon}-quarter horizon: nothing would arrive"),
        );
    }
    v
}

/// Reads `[supply]`.
pub fn read(r: &mut TableReader, cx: &mut Collector) -> Option<Supply> {
    let start = super::read::required_quarter(r, cx, "start", "the timeline's first quarter");
    let quarters = r.int(cx, "quarters", None, 1, 80) as u32;
    let trials = r.int(cx, "monte_carlo_trials", Some(10_000), 1, 1_000_000) as u32;
    let seed = r.int(cx, "seed", Some(1), 0, i64::MAX) as u64;
    // [U] supply conditions persist from quarter to quarter and move together across vendors; stated so a plan
    // can set them (1 and 0: one draw per quantity for the whole horizon, independent).
    let autocorrelation = r.num(cx, "autocorrelation", Some(0.8), Bounds::FRACTION);
    let common_shock = r.num(cx, "common_shock", Some(0.3), Bounds::FRACTION);
    let mut scenarios = Vec::new();
    match r.item("scenario") {
        Some(Item::ArrayOfTables(arr)) => {
            for (i, t) in arr.iter().enumerate() {
                let mut s = TableReader::new(t, t.span(), r.key_path(&format!("scenario[{i}]")));
                let sc = read_scenario(&mut s, cx, quarters);
                if scenarios.iter().any(|x: &Scenario| x.name == sc.name) {
                    cx.error(t.span(), &s.key_path("name"), format!("a scenario named \"{}\" already exists", sc.name));
                }
                s.finish(cx);
                scenarios.push(sc);
            }
        }
        Some(other) => cx.error(other.span(), &r.key_path("scenario"), "expected [[supply.scenario]] tables"),
        None => cx.error(r.span(), &r.key_path("scenario"), "missing [[supply.scenario]]: at least one scenario"),
    }
    let total: f64 = scenarios.iter().map(|s| s.probability).sum();
    if !scenarios.is_empty() && (total - 1.0).abs() > 1e-6 {
        let names: Vec<String> = scenarios.iter().map(|s| format!("{} {}", s.name, s.probability)).collect();
        let total = (total * 1e9).round() / 1e9;
        cx.error(
            r.span(),
            &r.key_path("scenario"),
            format!("scenario probabilities must sum to 1, found {total} ({})", names.join(" + ")),
        );
    }
    Some(Supply { start: start?, quarters, trials, seed, autocorrelation, common_shock, scenarios })
}

/// Why this function is long: a scenario is one table of keys with its HBM sources and its packaging, each read
/// once with its bounds and the checks between them (stacks or the wafer chain, not both; lags and leads within the
/// horizon; an HBM source or an allocation); kept together so that what a `[[supply.scenario]]` holds reads as one
/// list, in the README's order.
fn read_scenario(s: &mut TableReader, cx: &mut Collector, horizon: u32) -> Scenario {
    let name = s.string(cx, "name", None);
    let probability = s.num(cx, "probability", None, Bounds::FRACTION);
    let mut hbm = Vec::new();
    match s.item("hbm") {
        Some(Item::ArrayOfTables(arr)) => {
            for (i, t) in arr.iter().enumerate() {
                let mut h = TableReader::new(t, t.span(), s.key_path(&format!("hbm[{i}]")));
                let vendor = h.string(cx, "vendor", None);
                let generation = h.string(cx, "generation", None);
                let has_stacks = h.item("stacks_per_quarter").is_some();
                let has_chain = h.item("wafers_per_month").is_some();
                let kind = if has_stacks && has_chain {
                    cx.error(
                        t.span(),
                        h.path(),
                        "give either stacks_per_quarter or the wafer chain (wafers_per_month …), not both",
                    );
                    HbmKind::Stacks(Series::constant(Ranged::fixed(0.0)))
                } else if has_chain {
                    HbmKind::Chain {
                        wafers_per_month: series(
                            &mut h,
                            cx,
                            "wafers_per_month",
                            None,
                            Bounds::closed(0.0, MAX_PER_QUARTER).whole(),
                        ),
                        die_area_mm2: ranged(&mut h, cx, "die_area_mm2", None, Bounds::closed(10.0, 1000.0)),
                        die_yield: series(&mut h, cx, "die_yield", None, Bounds::FRACTION),
                        stack_height: h.int(cx, "stack_height", None, 1, 32) as u32,
                        stack_yield: series(&mut h, cx, "stack_yield", None, Bounds::FRACTION),
                        share: series(&mut h, cx, "share", Some(1.0), Bounds::FRACTION),
                    }
                } else {
                    HbmKind::Stacks(series(
                        &mut h,
                        cx,
                        "stacks_per_quarter",
                        None,
                        Bounds::closed(0.0, MAX_PER_QUARTER).whole(),
                    ))
                };
                // Wafer to stack takes about two quarters (inference-and-supply reference); stacks given directly
                // are taken as delivered.
                let lag_quarters = lag(&mut h, cx, "lag_quarters", if has_chain { 2 } else { 0 }, horizon);
                let qualifies_after_quarters =
                    ranged(&mut h, cx, "qualifies_after_quarters", Some(0.0), Bounds::closed(0.0, f64::from(horizon)));
                let qualify_probability = h.num(cx, "qualify_probability", Some(1.0), Bounds::FRACTION);
                h.finish(cx);
                hbm.push(HbmSource {
                    vendor,
                    generation,
                    lag_quarters,
                    kind,
                    qualifies_after_quarters,
                    qualify_probability,
                });
            }
        }
        Some(other) => cx.error(other.span(), &s.key_path("hbm"), "expected [[supply.scenario.hbm]] tables"),
        None if s.item("allocated_racks_per_quarter").is_some() => {}
        None => cx.error(
            s.span(),
            &s.key_path("hbm"),
            "missing [[supply.scenario.hbm]]: at least one HBM source (or allocated_racks_per_quarter instead)",
        ),
    }
    let packaging = s.table(cx, "packaging").map(|mut p| {
        let has_wafers = p.item("cowos_wafers_per_quarter").is_some();
        let kind = if has_wafers {
            PackagingKind::Wafers {
                wafers_per_quarter: series(
                    &mut p,
                    cx,
                    "cowos_wafers_per_quarter",
                    None,
                    Bounds::closed(0.0, MAX_PER_QUARTER).whole(),
                ),
                packages_per_wafer: ranged(&mut p, cx, "packages_per_wafer", None, Bounds::positive_up_to(10_000.0)),
                package_yield: series(&mut p, cx, "package_yield", Some(1.0), Bounds::FRACTION),
            }
        } else {
            PackagingKind::Packages(series(
                &mut p,
                cx,
                "packages_per_quarter",
                None,
                Bounds::closed(0.0, MAX_PER_QUARTER).whole(),
            ))
        };
        // Packaging to rack takes about one quarter (inference-and-supply reference).
        let lag_quarters = lag(&mut p, cx, "lag_quarters", 1, horizon);
        p.finish(cx);
        Packaging { lag_quarters, kind }
    });
    let cdus_per_quarter = s
        .item("cdus_per_quarter")
        .is_some()
        .then(|| series(s, cx, "cdus_per_quarter", None, Bounds::closed(0.0, MAX_PER_QUARTER).whole()));
    let cdu_lead_quarters = ranged(s, cx, "cdu_lead_quarters", Some(0.0), Bounds::closed(0.0, f64::from(horizon)));
    let allocated_racks_per_quarter = s
        .item("allocated_racks_per_quarter")
        .is_some()
        .then(|| series(s, cx, "allocated_racks_per_quarter", None, Bounds::closed(0.0, MAX_PER_QUARTER).whole()));
    let chiller_lead_quarters =
        ranged(s, cx, "chiller_lead_quarters", Some(0.0), Bounds::closed(0.0, f64::from(horizon)));
    let integrator_racks_per_quarter = s
        .item("integrator_racks_per_quarter")
        .is_some()
        .then(|| series(s, cx, "integrator_racks_per_quarter", None, Bounds::closed(0.0, MAX_PER_QUARTER).whole()));
    let delivery_lag_quarters = lag(s, cx, "delivery_lag_quarters", 0, horizon);
    let energisation_slip_quarters =
        ranged(s, cx, "energisation_slip_quarters", Some(0.0), Bounds::closed(0.0, f64::from(horizon)));
    Scenario {
        name,
        probability,
        hbm,
        packaging,
        cdus_per_quarter,
        cdu_lead_quarters,
        chiller_lead_quarters,
        integrator_racks_per_quarter,
        allocated_racks_per_quarter,
        delivery_lag_quarters,
        energisation_slip_quarters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangular_and_uniform_draws_stay_in_range_and_centre_on_the_mode() {
        let mut rng = fastrand::Rng::with_seed(7);
        let t = Ranged { low: 0.6, mode: 0.7, high: 0.9, triangular: true };
        let n = 20_000;
        let draws: Vec<f64> = (0..n).map(|_| t.sample(&mut rng)).collect();
        assert!(draws.iter().all(|d| (0.6..=0.9).contains(d)));
        // Mean of a triangular distribution is (a + b + c) / 3 = 2.2 / 3 = 0.7333.
        let mean = draws.iter().sum::<f64>() / n as f64;
        assert!((mean - 0.7333).abs() < 0.003, "{mean}");
        let u = Ranged { low: 10.0, mode: 15.0, high: 20.0, triangular: false };
        let mean = (0..n).map(|_| u.sample(&mut rng)).sum::<f64>() / n as f64;
        assert!((mean - 15.0).abs() < 0.1, "{mean}");
        assert_eq!(Ranged::fixed(3.0).sample(&mut rng), 3.0);
    }

    #[test]
    fn series_carry_forward() {
        let q = |s: &str| s.parse::<Quarter>().unwrap();
        let s = Series { steps: vec![(q("2027Q2"), Ranged::fixed(1.0)), (q("2028Q1"), Ranged::fixed(2.0))] };
        assert_eq!(s.step_at(q("2027Q1")), None);
        assert_eq!(s.step_at(q("2027Q4")), Some(0));
        assert_eq!(s.step_at(q("2029Q3")), Some(1));
    }
}
