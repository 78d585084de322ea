//! The charts drawn as SVG for a review, each with the plan's name, units and a legend: PUE by month, the
//! load-duration curve, the trim-hour heat map, the supply rollout, the inference curves, a hall's layout, and the
//! sensitivity indices of a run.

use plotters::prelude::*;

use super::{Chart, ChartError};
use crate::analysis::sensitivity::Found;
use crate::evaluation::Evaluation;
use crate::units::kw_to_mw;

const W: u32 = 960;
const H: u32 = 540;
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// A drawing error as the chart's.
fn drawing<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Drawing(format!("{e:?}"))
}

/// The chart of a plan as SVG text.
///
/// `site` and `hall` (0-based) choose what the load-duration, trim and hall charts show; the sensitivity chart is
/// drawn from a run's indices by [`sensitivity`].
pub fn draw(e: &Evaluation, chart: Chart, site: usize, hall: usize) -> Result<String, ChartError> {
    if site >= e.plan.sites.len() {
        return Err(ChartError::Missing(format!("--site {}: the plan has {} sites", site + 1, e.plan.sites.len())));
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let name = if e.plan.name.trim().is_empty() { e.shown.clone() } else { e.plan.name.clone() };
        match chart {
            Chart::PueMonthly => pue_monthly(&root, e, &name)?,
            Chart::LoadDuration => load_duration(&root, e, site, &name)?,
            Chart::TrimHeatmap => trim_heatmap(&root, e, site, &name)?,
            Chart::Supply => supply(&root, e, &name)?,
            Chart::InferenceCurve => inference_curve(&root, e, &name)?,
            Chart::HallLayout => hall_layout(&root, e, site, hall, &name)?,
            Chart::Sensitivity => {}
        }
        root.present().map_err(drawing)?;
    }
    Ok(svg)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn caption(name: &str, what: &str) -> (String, (&'static str, u32)) {
    (format!("{name} · {what}"), ("sans-serif", 20))
}

fn pue_monthly(root: &Area, e: &Evaluation, name: &str) -> Result<(), ChartError> {
    let series = super::pue_by_month(e);
    let all = series.iter().flat_map(|(_, v)| v.iter().copied()).filter(|x| x.is_finite());
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    let (lo, hi) = if lo.is_finite() { (lo - 0.005, hi + 0.005) } else { (1.0, 1.5) };
    let mut c = ChartBuilder::on(root)
        .caption(caption(name, "PUE by month (facility energy / IT energy)").0, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d((0..11).into_segmented(), lo..hi)
        .map_err(drawing)?;
    c.configure_mesh()
        .x_labels(12)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(m) => MONTHS.get(*m as usize).copied().unwrap_or("").to_string(),
            _ => String::new(),
        })
        .y_desc("PUE")
        .x_desc("month")
        .draw()
        .map_err(drawing)?;
    for (i, (site, v)) in series.iter().enumerate() {
        let pts: Vec<(SegmentValue<i32>, f64)> = v
            .iter()
            .enumerate()
            .filter(|(_, x)| x.is_finite())
            .map(|(m, x)| (SegmentValue::CenterOf(m as i32), *x))
            .collect();
        c.draw_series(LineSeries::new(pts.clone(), color(i).stroke_width(2)))
            .map_err(drawing)?
            .label(site.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color(i)));
        c.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, color(i).filled()))).map_err(drawing)?;
    }
    c.configure_series_labels().background_style(WHITE.mix(0.8)).border_style(BLACK).draw().map_err(drawing)?;
    Ok(())
}

fn load_duration(root: &Area, e: &Evaluation, site: usize, name: &str) -> Result<(), ChartError> {
    let s = &e.plan.sites[site];
    let super::LoadDuration { facility_mw: facility, it_mw: it, grid_mw } = super::load_duration(e, site);
    // Every 10th hour and the last: the curve as drawn, a tenth of the points.
    let thin = |v: &[f64]| super::thinned(v, 10);
    let top = facility.first().copied().unwrap_or(0.0).max(grid_mw) * 1.08;
    let mut c = ChartBuilder::on(root)
        .caption(
            caption(name, &format!("{}: load-duration curve, hours of the year by power", s.name)).0,
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..8760f64, 0f64..top.max(1e-6))
        .map_err(drawing)?;
    c.configure_mesh()
        .x_desc("hours of the year at or above this power")
        .x_label_formatter(&|h| crate::tables::integer(h.round().max(0.0) as u64))
        .y_desc("MW")
        .draw()
        .map_err(drawing)?;
    for (i, (label, v)) in [("facility", &facility), ("IT", &it)].into_iter().enumerate() {
        c.draw_series(LineSeries::new(thin(v), color(i).stroke_width(2)))
            .map_err(drawing)?
            .label(format!("{label}, MW"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color(i)));
    }
    let grid = grid_mw;
    c.draw_series(LineSeries::new([(0.0, grid), (8760.0, grid)], RED.stroke_width(1)))
        .map_err(drawing)?
        .label(format!("grid envelope, {grid} MW"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RED));
    c.configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(drawing)?;
    Ok(())
}

fn trim_heatmap(root: &Area, e: &Evaluation, site: usize, name: &str) -> Result<(), ChartError> {
    let (s, o) = (&e.plan.sites[site], &e.outcome.sites[site]);
    let map = o.trim_map;
    let max = map.iter().flatten().copied().max().unwrap_or(0).max(1);
    let limit =
        o.free_cooling_limit_c.map_or_else(|| "a chiller plant".to_string(), |c| format!("free up to {c:.1} °C"));
    let mut c = ChartBuilder::on(root)
        .caption(
            caption(name, &format!("{}: trim hours by month and hour of day ({} h/yr, {limit})", s.name, o.trim_hours))
                .0,
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(0i32..24, 0i32..12)
        .map_err(drawing)?;
    c.configure_mesh()
        .disable_mesh()
        .x_labels(12)
        .y_labels(12)
        .y_label_formatter(&|m| {
            usize::try_from(11 - *m).ok().and_then(|i| MONTHS.get(i)).copied().unwrap_or("").to_string()
        })
        .x_desc("hour of day")
        .draw()
        .map_err(drawing)?;
    c.draw_series(map.iter().enumerate().flat_map(|(m, hours)| {
        hours.iter().enumerate().map(move |(h, n)| {
            let f = f64::from(*n) / f64::from(max);
            let shade = RGBColor(255, (255.0 * (1.0 - 0.85 * f)) as u8, (255.0 * (1.0 - f)) as u8);
            let y = 11 - m as i32;
            Rectangle::new([(h as i32, y), (h as i32 + 1, y + 1)], shade.filled())
        })
    }))
    .map_err(drawing)?
    .label(format!("darker: more trim hours (at most {max} in one cell)"))
    .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], RGBColor(255, 38, 0).filled()));
    c.configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(drawing)?;
    Ok(())
}

fn supply(root: &Area, e: &Evaluation, name: &str) -> Result<(), ChartError> {
    let curves = super::supply_curves(e)?;
    let (n, planned, names) = (curves.quarters, curves.planned, &curves.quarter_names);
    let mut c = ChartBuilder::on(root)
        .caption(caption(name, "racks installed per supply scenario, by quarter").0, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..(planned.max(1.0) * 1.08))
        .map_err(drawing)?;
    c.configure_mesh()
        .x_labels(n.min(12))
        .x_label_formatter(&|q| names.get(q.round().max(0.0) as usize).cloned().unwrap_or_default())
        .x_desc("quarter")
        .y_desc("racks")
        .y_label_formatter(&|v| crate::tables::integer(v.round().max(0.0) as u64))
        .draw()
        .map_err(drawing)?;
    c.draw_series(LineSeries::new([(0.0, planned), ((n.max(2) - 1) as f64, planned)], BLACK.mix(0.4)))
        .map_err(drawing)?
        .label(format!("planned, {planned} racks"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.mix(0.4)));
    c.draw_series(LineSeries::new(curves.energised, RGBColor(188, 189, 34).stroke_width(2)))
        .map_err(drawing)?
        .label("energised (halls with power)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RGBColor(188, 189, 34)));
    for (i, sc) in curves.installed.into_iter().enumerate() {
        c.draw_series(LineSeries::new(sc.racks, color(i).stroke_width(2)))
            .map_err(drawing)?
            .label(format!("{} installed ({:.0}%)", sc.scenario, sc.probability * 100.0))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color(i)));
    }
    c.configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(drawing)?;
    Ok(())
}

fn inference_curve(root: &Area, e: &Evaluation, name: &str) -> Result<(), ChartError> {
    let super::InferenceCurves { title, tps_user_min, curves } = super::inference_curves(e)?;
    let x_max = curves.iter().flat_map(|c| c.points.iter().map(|p| p.0)).fold(tps_user_min, f64::max) * 1.05;
    let y_max = curves.iter().flat_map(|c| c.points.iter().map(|p| p.1)).fold(1.0, f64::max) * 1.05;
    let mut c = ChartBuilder::on(root)
        .caption(caption(name, &title).0, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(72)
        .build_cartesian_2d(0f64..x_max, 0f64..y_max)
        .map_err(drawing)?;
    c.configure_mesh()
        .x_desc("output tokens/s per user")
        .y_desc("tokens/s per GPU (input + output)")
        .y_label_formatter(&|v| crate::tables::integer(v.round().max(0.0) as u64))
        .draw()
        .map_err(drawing)?;
    for (i, curve) in curves.iter().enumerate() {
        c.draw_series(LineSeries::new(curve.points.clone(), color(i).stroke_width(2)))
            .map_err(drawing)?
            .label(curve.label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color(i)));
    }
    let slo = tps_user_min;
    c.draw_series(LineSeries::new([(slo, 0.0), (slo, y_max)], RED.stroke_width(1)))
        .map_err(drawing)?
        .label(format!("service level, {slo} tok/s/user"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RED));
    c.configure_series_labels().background_style(WHITE.mix(0.8)).border_style(BLACK).draw().map_err(drawing)?;
    Ok(())
}

fn hall_layout(root: &Area, e: &Evaluation, site: usize, hall: usize, name: &str) -> Result<(), ChartError> {
    let s = &e.plan.sites[site];
    let Some(h) = s.halls.get(hall) else {
        return Err(ChartError::Missing(format!("--hall {}: {} has {} halls", hall + 1, s.name, s.halls.len())));
    };
    let rows = h.rows.len().max(1) as i32;
    let slots = h.rows.iter().map(|r| r.slots.len()).max().unwrap_or(1).max(1) as i32;
    let ho = &e.outcome.sites[site].halls[hall];
    let title = format!(
        "{} / {}: {} racks, {:.2} MW IT, energised {}",
        s.name,
        h.name,
        ho.racks,
        kw_to_mw(ho.it_kw),
        h.energised
    );
    let mut c = ChartBuilder::on(root)
        .caption(caption(name, &title).0, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(60)
        .build_cartesian_2d(0i32..slots, 0i32..rows)
        .map_err(drawing)?;
    let names: Vec<String> = h.rows.iter().map(|r| r.name.clone()).collect();
    c.configure_mesh()
        .disable_mesh()
        .x_labels(slots.min(20) as usize)
        .y_labels(rows.min(30) as usize)
        .y_label_formatter(&|r| {
            if *r < rows { names.get((rows - 1 - *r) as usize).cloned().unwrap_or_default() } else { String::new() }
        })
        .x_label_formatter(&|x| if *x < slots { (x + 1).to_string() } else { String::new() })
        .x_desc("slot")
        .draw()
        .map_err(drawing)?;
    c.draw_series(h.rows.iter().enumerate().flat_map(|(r, row)| {
        let y = rows - 1 - r as i32;
        row.slots.iter().enumerate().map(move |(x, slot)| {
            let style = match slot {
                Some(id) => color(usize::from(*id)).filled(),
                None => RGBColor(235, 235, 235).filled(),
            };
            Rectangle::new([(x as i32, y), (x as i32 + 1, y + 1)], style)
        })
    }))
    .map_err(drawing)?;
    // The legend: one entry per rack type in this hall.
    let used: std::collections::BTreeSet<usize> =
        h.rows.iter().flat_map(|r| r.slots.iter().flatten().map(|id| usize::from(*id))).collect();
    for i in used {
        let rt = &e.plan.legend[i];
        c.draw_series(std::iter::empty::<Rectangle<(i32, i32)>>())
            .map_err(drawing)?
            .label(format!("{} {}@{} ({} kW)", rt.symbol, rt.platform.id, rt.profile, rt.rack_kw))
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color(i).filled()));
    }
    c.configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(drawing)?;
    Ok(())
}

/// The first KPI's indices: a bar per key, the total index light and its first-order part dark.
pub fn sensitivity(found: &Found) -> Result<String, ChartError> {
    let first_kpi = found.rows.first().map(|r| (r.site.clone(), r.kpi.clone())).unwrap_or_default();
    let rows: Vec<&crate::tables::SensitivityRow> =
        found.rows.iter().filter(|r| (r.site.clone(), r.kpi.clone()) == first_kpi).collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let n = rows.len().max(1) as i32;
        // Titled with the plan's name, as every chart is (not the path it was read from).
        let title = format!("{}: Sobol indices of {} ({} evaluations)", found.name, first_kpi.1, found.runs);
        let keys: Vec<String> = rows.iter().map(|r| r.key.clone()).collect();
        let mut c = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(240)
            .build_cartesian_2d(0f64..1f64, (0..n - 1).into_segmented())
            .map_err(drawing)?;
        c.configure_mesh()
            .y_labels(n as usize)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(k) => keys.get(*k as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .x_desc("share of the KPI's variance")
            .draw()
            .map_err(drawing)?;
        let clamp = |x: f64| if x.is_finite() { x.clamp(0.0, 1.0) } else { 0.0 };
        c.draw_series(rows.iter().enumerate().map(|(k, r)| {
            Rectangle::new(
                [(0.0, SegmentValue::Exact(k as i32)), (clamp(r.total), SegmentValue::Exact(k as i32 + 1))],
                color(0).mix(0.35).filled(),
            )
        }))
        .map_err(drawing)?
        .label("total index (with interactions)")
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color(0).mix(0.35).filled()));
        c.draw_series(rows.iter().enumerate().map(|(k, r)| {
            Rectangle::new(
                [(0.0, SegmentValue::Exact(k as i32)), (clamp(r.first), SegmentValue::Exact(k as i32 + 1))],
                color(0).filled(),
            )
        }))
        .map_err(drawing)?
        .label("first order (the key alone)")
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color(0).filled()));
        c.configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(drawing)?;
        root.present().map_err(drawing)?;
    }
    Ok(svg)
}
