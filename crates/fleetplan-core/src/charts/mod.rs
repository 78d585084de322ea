//! The figures of a plan, for a review or a front-end: which charts there are ([`Chart`]), the data each is drawn
//! from (the functions below: plain series a terminal screen can draw as well as an SVG), and their drawing as SVG
//! with the plan's name, units and a legend ([`svg`]).

pub mod svg;

use crate::evaluation::Evaluation;
use crate::model::fleet_inference::{Request, serving};
use crate::units::kw_to_mw;

/// A figure of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    PueMonthly,
    LoadDuration,
    TrimHeatmap,
    Supply,
    InferenceCurve,
    HallLayout,
    Sensitivity,
}

impl Chart {
    /// Every chart, in the order `--help` lists them.
    pub const ALL: [Chart; 7] = [
        Chart::PueMonthly,
        Chart::LoadDuration,
        Chart::TrimHeatmap,
        Chart::Supply,
        Chart::InferenceCurve,
        Chart::HallLayout,
        Chart::Sensitivity,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Chart::PueMonthly => "pue-monthly",
            Chart::LoadDuration => "load-duration",
            Chart::TrimHeatmap => "trim-heatmap",
            Chart::Supply => "supply",
            Chart::InferenceCurve => "inference-curve",
            Chart::HallLayout => "hall-layout",
            Chart::Sensitivity => "sensitivity",
        }
    }

    /// What it shows, for `--help`.
    pub fn about(self) -> &'static str {
        match self {
            Chart::PueMonthly => "PUE of every month, per site",
            Chart::LoadDuration => {
                "Facility and IT power over the year's hours, highest first, against the grid envelope"
            }
            Chart::TrimHeatmap => "Hours the free path cannot hold the supply temperature, by month and hour of day",
            Chart::Supply => "Racks planned, energised and installed per supply scenario, by quarter",
            Chart::InferenceCurve => {
                "Tokens/s per GPU against tokens/s per user for each compared platform, with the service level"
            }
            Chart::HallLayout => "One hall's rows and slots, coloured by legend entry",
            Chart::Sensitivity => "Sobol indices of the varied keys (needs --vary)",
        }
    }

    /// The chart of this name.
    pub fn from_name(name: &str) -> Option<Chart> {
        Chart::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Why a chart cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// The plan lacks what the chart shows (a `[supply]` or `[workload]` section, the hall asked for): the user's to
    /// fix, like bad input.
    #[error("{0}")]
    Missing(String),
    /// The drawing library failed.
    #[error("drawing the chart: {0}")]
    Drawing(String),
}

/// One named line of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// PUE of each month (facility energy / IT energy), per site in plan order; a month with no IT energy is NaN.
pub fn pue_by_month(e: &Evaluation) -> Vec<(String, Vec<f64>)> {
    e.plan
        .sites
        .iter()
        .zip(&e.outcome.sites)
        .map(|(s, o)| (s.name.clone(), o.monthly.iter().map(|m| m.pue()).collect()))
        .collect()
}

/// A site's load-duration curves in MW: facility and IT power over the year's hours, each sorted highest first.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadDuration {
    pub facility_mw: Vec<f64>,
    pub it_mw: Vec<f64>,
    pub grid_mw: f64,
}

/// The load-duration curves of site `site`.
pub fn load_duration(e: &Evaluation, site: usize) -> LoadDuration {
    let s = &e.plan.sites[site];
    let sorted = |v: &[f64]| {
        let mut v: Vec<f64> = v.iter().map(|x| kw_to_mw(*x)).collect();
        v.sort_by(|a, b| b.total_cmp(a));
        v
    };
    let year = crate::model::hourly(&e.plan, s);
    LoadDuration { facility_mw: sorted(&year.facility_kw), it_mw: sorted(&year.it_kw), grid_mw: s.grid_mw }
}

/// Every `every`-th point of a curve and its last, as (index, value): the curve as drawn with a fraction of the
/// points.
pub fn thinned(v: &[f64], every: usize) -> Vec<(f64, f64)> {
    let every = every.max(1);
    v.iter().enumerate().filter(|(h, _)| h % every == 0 || *h + 1 == v.len()).map(|(h, x)| (h as f64, *x)).collect()
}

/// The fleet's racks per quarter of each supply scenario: energised (halls with power, the first scenario's, the
/// same in all) and installed, with the racks planned.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyCurves {
    pub quarters: usize,
    /// The name of each quarter (`2027Q1`, …), and of one more when there is only one, for an axis from 0 to 1.
    pub quarter_names: Vec<String>,
    pub planned: f64,
    pub energised: Vec<(f64, f64)>,
    /// Per scenario: racks installed by quarter.
    pub installed: Vec<Installed>,
}

/// One supply scenario's racks installed by quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Installed {
    pub scenario: String,
    pub probability: f64,
    pub racks: Vec<(f64, f64)>,
}

/// The supply rollout of the plan, or what is missing.
pub fn supply_curves(e: &Evaluation) -> Result<SupplyCurves, ChartError> {
    let (Some(spec), Some(so)) = (e.plan.supply.as_ref(), e.supply()) else {
        return Err(ChartError::Missing(format!("{}: no [supply] section to chart", e.shown)));
    };
    let n = spec.quarters as usize;
    let fleet = |sc: usize, f: &dyn Fn(&crate::model::supply::SiteQuarter) -> u32| -> Vec<(f64, f64)> {
        (0..n).map(|q| (q as f64, so.scenarios[sc].timeline.sites.iter().map(|s| f64::from(f(&s[q]))).sum())).collect()
    };
    let planned: f64 = so
        .scenarios
        .first()
        .map_or(0.0, |sc| sc.timeline.sites.iter().map(|s| f64::from(s[n - 1].racks_planned)).sum());
    Ok(SupplyCurves {
        quarters: n,
        quarter_names: (0..n.max(2)).map(|q| spec.quarter(q as u32).to_string()).collect(),
        planned,
        energised: fleet(0, &|x| x.by_power),
        installed: so
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, sc)| Installed {
                scenario: sc.name.clone(),
                probability: sc.probability,
                racks: fleet(i, &|x| x.installed),
            })
            .collect(),
    })
}

/// Tokens/s per GPU against tokens/s per user of each compared platform, for the workload's first model.
#[derive(Debug, Clone, PartialEq)]
pub struct InferenceCurves {
    /// The model, precision and request shape, as a title.
    pub title: String,
    /// The workload's service level, output tokens/s per user.
    pub tps_user_min: f64,
    /// Per platform: (tokens/s per user, tokens/s per GPU).
    pub curves: Vec<Series>,
}

/// The inference curves of the plan's workload, or what is missing.
pub fn inference_curves(e: &Evaluation) -> Result<InferenceCurves, ChartError> {
    let Some(w) = e.plan.workload.as_ref() else {
        return Err(ChartError::Missing(format!("{}: no [workload] section to chart", e.shown)));
    };
    let comparison = e.comparison().map_err(|err| ChartError::Missing(err.to_string()))?;
    let share = w.mix.first().ok_or_else(|| ChartError::Missing("the workload has no model".into()))?;
    let shape = Request::of(w).shape();
    let curves = comparison
        .platforms
        .iter()
        .filter_map(|c| {
            let (s, _) = serving(e.catalog(), &c.platform, &share.model, &shape).ok()?;
            let points = s.curve().iter().map(|p| (p.tps_user, p.tokens_per_s_gpu)).collect();
            Some(Series { label: c.platform.id.clone(), points })
        })
        .collect();
    let title = format!(
        "{} ({}, {} in / {} out): tokens/s per GPU against tokens/s per user",
        share.model.id,
        w.precision.name(),
        w.isl,
        w.osl
    );
    Ok(InferenceCurves { title, tps_user_min: w.tps_user_min, curves })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_is_listed_once_and_found_by_its_name() {
        for c in Chart::ALL {
            assert_eq!(Chart::from_name(c.name()), Some(c));
            assert!(!c.about().is_empty());
        }
        assert_eq!(Chart::from_name("pie"), None);
    }

    #[test]
    fn a_thinned_curve_keeps_every_tenth_point_and_the_last() {
        // 25 points, every 10th: indices 0, 10, 20 and the last, 24.
        let v: Vec<f64> = (0..25).map(f64::from).collect();
        let t = thinned(&v, 10);
        assert_eq!(t, [(0.0, 0.0), (10.0, 10.0), (20.0, 20.0), (24.0, 24.0)]);
        assert!(thinned(&[], 10).is_empty());
    }

    #[test]
    fn the_load_duration_curve_is_the_hours_sorted_highest_first_in_mw() {
        let e = Evaluation::bundled(crate::catalog::Catalog::builtin().unwrap().clone().into()).unwrap();
        let ld = load_duration(&e, 0);
        let year = crate::model::hourly(&e.plan, &e.plan.sites[0]);
        assert_eq!(ld.facility_mw.len(), 8760);
        assert!(ld.facility_mw.windows(2).all(|w| w[0] >= w[1]));
        // The first point is the year's peak facility hour, kW / 1,000.
        let peak = year.facility_kw.iter().copied().fold(f64::MIN, f64::max);
        assert_eq!(ld.facility_mw[0], peak / 1000.0);
        // IT never exceeds facility power at the same rank: every hour's facility power includes its IT.
        assert!(ld.it_mw.iter().zip(&ld.facility_mw).all(|(i, f)| i <= f));
    }
}
