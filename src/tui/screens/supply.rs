//! Supply screen: racks planned, energised and installed per scenario over the quarters, what binds each quarter,
//! and the Monte Carlo band when it has been run.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, LegendPosition, Paragraph, Wrap};

use crate::tui::geometry::{self, QUARTER_W};
use crate::tui::keymap::Action;
use crate::tui::shared::{Effect, Shared};
use crate::tui::widgets::num;
use fleetplan_core::model::{self, supply::Binding, supply::MonteCarlo};
use fleetplan_core::tables::integer;
use fleetplan_core::units::kw_to_mw;

fn binding_color(b: Binding) -> Color {
    match b {
        Binding::Complete => Color::Green,
        Binding::Power => Color::Yellow,
        Binding::Hbm => Color::LightRed,
        Binding::Packaging => Color::Magenta,
        Binding::Cooling => Color::Cyan,
        Binding::Integrator => Color::Blue,
    }
}

/// The Supply screen's state: the last Monte Carlo run (until the next edit) and where its table of what binds
/// starts.
#[derive(Debug, Default)]
pub struct SupplyScreen {
    pub monte_carlo: Option<MonteCarlo>,
    pub scroll: SupplyScroll,
    /// The plan version the Monte Carlo was run on.
    run_on: u64,
}

/// The table of what binds: its first quarter and first site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SupplyScroll {
    pub quarter: usize,
    pub site: usize,
}

impl SupplyScreen {
    /// Drops a Monte Carlo run once the plan it was run on has changed.
    pub fn sync(&mut self, sh: &Shared) {
        if self.run_on != sh.doc.version {
            self.monte_carlo = None;
        }
    }

    pub fn handle(&mut self, a: Action, sh: &mut Shared) -> Effect {
        match a {
            // Left and right switch scenarios here.
            Action::Left => sh.step_scenario(false),
            Action::Right => sh.step_scenario(true),
            // Up and down scroll the table's sites, the page keys its quarters (by four).
            Action::Up | Action::Down => {
                let n = sh.doc.eval.plan.sites.len();
                let by = if a == Action::Up { -1 } else { 1 };
                self.scroll.site = (self.scroll.site as isize + by).clamp(0, n as isize - 1) as usize;
            }
            Action::PageUp => self.scroll.quarter = self.scroll.quarter.saturating_sub(4),
            Action::PageDown => {
                let last = geometry::last_first_quarter(sh, sh.area);
                self.scroll.quarter = (self.scroll.quarter + 4).min(last);
            }
            _ => return Effect::Ignored,
        }
        Effect::Done
    }

    /// Runs the Monte Carlo (from any screen; this one charts it).
    pub fn run_monte_carlo(&mut self, sh: &mut Shared) {
        let eval = &sh.doc.eval;
        let Some(s) = &eval.plan.supply else { return sh.error("this plan has no [supply] section") };
        let mc = model::supply::monte_carlo(&eval.plan, &eval.outcome, s);
        let q = |q: Option<u32>| q.map_or_else(|| "not within horizon".to_string(), |q| s.quarter(q).to_string());
        let message = format!(
            "Monte Carlo, {} trials (seed {}): fleet complete P10 {} · P50 {} · P90 {}",
            mc.trials,
            mc.seed,
            q(mc.complete[0]),
            q(mc.complete[1]),
            q(mc.complete[2])
        );
        self.monte_carlo = Some(mc);
        self.run_on = sh.doc.version;
        sh.info(message);
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, sh: &Shared) {
        let (Some(spec), Some(so)) = (sh.doc.eval.plan.supply.as_ref(), sh.doc.eval.supply()) else {
            frame.render_widget(
                Paragraph::new(
                    "This plan has no [supply] section: add one to see when the racks can arrive (see README).",
                )
                .block(Block::bordered().title(" Supply ")),
                body,
            );
            return;
        };
        let n = spec.quarters as usize;
        let sites = sh.doc.eval.plan.sites.len();
        let table_h = (sites as u16 * 2 + 3).min(body.height / 3).max(5);
        let sel = &so.scenarios[sh.scenario.min(so.scenarios.len() - 1)];
        let planned: u32 = sel.timeline.sites.iter().map(|s| s[n - 1].racks_planned).sum();
        let v = View { sh, spec, so, sel, n, planned };
        let (switch, line2, line3) = self.headline(&v);
        // The headline wraps rather than being cut: as many lines as it takes (at most 6).
        let lines_of =
            |s: &str| crate::tui::widgets::display_width(s).div_ceil(usize::from(body.width.max(1))).max(1) as u16;
        let head_h = (1 + lines_of(&line2) + lines_of(&line3)).min(6);
        let [head, chart_area, table] =
            Layout::vertical([Constraint::Length(head_h), Constraint::Min(6), Constraint::Length(table_h)]).areas(body);
        frame.render_widget(
            Paragraph::new(vec![switch, Line::from(line2), Line::styled(line3, Style::new().fg(Color::Gray))])
                .wrap(Wrap { trim: false }),
            head,
        );
        self.draw_chart(frame, chart_area, &v);
        self.draw_bindings(frame, table, &v);
    }

    /// The scenario switch, and the selected scenario's completion (with the Monte Carlo band once run) and cost of
    /// delay.
    fn headline(&self, v: &View) -> (Line<'static>, String, String) {
        let View { sh, spec, so, sel, n, planned } = *v;
        let mut spans = vec![Span::styled("Scenarios ", Style::new().fg(Color::Gray))];
        for (i, sc) in so.scenarios.iter().enumerate() {
            let style = if i == sh.scenario {
                Style::new().fg(Color::Black).bg(scenario_color(i)).add_modifier(Modifier::BOLD)
            } else {
                Style::new().fg(scenario_color(i))
            };
            spans.push(Span::styled(format!(" {} {:.0}% ", sc.name, sc.probability * 100.0), style));
            spans.push(Span::raw(" "));
        }
        let done = sel
            .timeline
            .fleet_complete
            .map_or_else(|| "not within the horizon".to_string(), |q| spec.quarter(q).to_string());
        let last = n - 1;
        let installed: u32 = sel.timeline.sites.iter().map(|s| s[last].installed).sum();
        let expected: f64 = so.expected.iter().map(|s| s[last].0).sum();
        let mut line2 = format!(
            "{}: fleet complete {done} · {} of {} racks by {} · mean of scenarios {}",
            sel.name,
            integer(u64::from(installed)),
            integer(u64::from(planned)),
            spec.quarter(last as u32),
            num(expected)
        );
        if let Some(mc) = &self.monte_carlo {
            let q = |q: Option<u32>| q.map_or_else(|| "beyond".to_string(), |q| spec.quarter(q).to_string());
            line2.push_str(&format!(
                " · Monte Carlo P10/50/90 {} / {} / {}",
                q(mc.complete[0]),
                q(mc.complete[1]),
                q(mc.complete[2])
            ));
        }
        // What the selected scenario's shortfall costs over the horizon (the report's line for it).
        let delay = fleetplan_core::tables::delay_inputs(&sh.doc.eval);
        let line3 = fleetplan_core::tables::supply::delay_lines(&sh.doc.eval.plan, spec, so, &delay)
            .into_iter()
            .nth(sh.scenario.min(so.scenarios.len() - 1))
            .map_or_else(String::new, |l| format!("Cost of delay, {}", l.trim_start()));
        (Line::from(spans), line2, line3)
    }

    /// Racks over quarters, all sites together: planned, energised, installed per scenario, and the Monte Carlo P50.
    fn draw_chart(&self, frame: &mut Frame, chart_area: Rect, v: &View) {
        let View { sh, spec, so, n, planned, .. } = *v;
        let fleet = |sc: usize, f: &dyn Fn(&fleetplan_core::model::supply::SiteQuarter) -> u32| -> Vec<(f64, f64)> {
            (0..n)
                .map(|q| (q as f64, so.scenarios[sc].timeline.sites.iter().map(|s| f64::from(f(&s[q]))).sum()))
                .collect()
        };
        let planned_pts: Vec<(f64, f64)> = (0..n).map(|q| (q as f64, f64::from(planned))).collect();
        let power_pts = fleet(sh.scenario, &|x| x.by_power);
        let scen_pts: Vec<Vec<(f64, f64)>> = (0..so.scenarios.len()).map(|i| fleet(i, &|x| x.installed)).collect();
        let mut datasets = vec![
            Dataset::default()
                .name("planned")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(PLANNED))
                .data(&planned_pts),
            Dataset::default()
                .name("energised")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(ENERGISED))
                .data(&power_pts),
        ];
        let mc_pts: Vec<(f64, f64)>;
        for (i, pts) in scen_pts.iter().enumerate() {
            let mut style = Style::new().fg(scenario_color(i));
            if i == sh.scenario {
                style = style.add_modifier(Modifier::BOLD);
            }
            datasets.push(
                Dataset::default()
                    .name(format!("{} installed", so.scenarios[i].name))
                    .marker(Marker::Braille)
                    .graph_type(GraphType::Line)
                    .style(style)
                    .data(pts),
            );
        }
        if let Some(mc) = &self.monte_carlo {
            // IT MW P50 converted to racks at the fleet's average IT per rack, so it shares the axis.
            let it_per_rack: f64 = if planned > 0 {
                kw_to_mw(sh.doc.eval.outcome.sites.iter().map(|s| s.it_kw).sum::<f64>()) / f64::from(planned)
            } else {
                1.0
            };
            mc_pts = mc.it_mw.iter().enumerate().map(|(q, v)| (q as f64, v[1] / it_per_rack)).collect();
            datasets.push(
                Dataset::default()
                    .name("Monte Carlo P50")
                    .marker(Marker::Dot)
                    .graph_type(GraphType::Scatter)
                    .style(Style::new().fg(MONTE_CARLO))
                    .data(&mc_pts),
            );
        }
        let x_labels: Vec<Line> =
            [0, n / 2, n.saturating_sub(1)].iter().map(|q| Line::from(spec.quarter(*q as u32).to_string())).collect();
        let y_max = f64::from(planned.max(1)) * 1.05;
        // Where the chart is too small for its legend box, the title names each line in its colour.
        let small = chart_area.width < 110 || chart_area.height < 18;
        let title = if small {
            let mut spans = vec![Span::raw(" Racks: "), Span::styled("planned", Style::new().fg(PLANNED))];
            spans.push(Span::raw(" · "));
            spans.push(Span::styled("energised", Style::new().fg(ENERGISED)));
            for (i, sc) in so.scenarios.iter().enumerate() {
                spans.push(Span::raw(" · "));
                spans.push(Span::styled(sc.name.clone(), Style::new().fg(scenario_color(i))));
            }
            if self.monte_carlo.is_some() {
                spans.push(Span::raw(" · "));
                spans.push(Span::styled("P50", Style::new().fg(MONTE_CARLO)));
            }
            spans.push(Span::raw(" "));
            Line::from(spans)
        } else {
            Line::from(" Racks installed per scenario vs planned and energised ")
        };
        let chart = Chart::new(datasets)
            .block(Block::bordered().title(title))
            .legend_position(Some(LegendPosition::TopLeft))
            .hidden_legend_constraints((Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)))
            .x_axis(
                Axis::default()
                    .bounds([0.0, (n.max(2) - 1) as f64])
                    .labels(x_labels)
                    .style(Style::new().fg(Color::Gray)),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, y_max])
                    .labels(vec![
                        Line::from("0"),
                        Line::from(integer(u64::from(planned / 2))),
                        Line::from(integer(u64::from(planned))),
                    ])
                    .style(Style::new().fg(Color::Gray)),
            );
        frame.render_widget(chart, chart_area);
    }

    /// What binds each quarter, per site, in the selected scenario: quarters scroll with the page keys, sites with
    /// up / down.
    fn draw_bindings(&self, frame: &mut Frame, table: Rect, v: &View) {
        let View { sh, spec, sel, n, .. } = *v;
        let sites = sh.doc.eval.plan.sites.len();
        let block = Block::bordered().title(format!(" What binds each quarter ({}) ", sel.name));
        let inner = block.inner(table);
        let name_w = geometry::supply_name_width(sh);
        let cols = geometry::quarter_columns(sh, inner.width);
        let first = self.scroll.quarter.min(n.saturating_sub(cols));
        let site_rows = (usize::from(inner.height).saturating_sub(1) / 2).max(1);
        let first_site = self.scroll.site.min(sites.saturating_sub(site_rows));
        let last_q = n.min(first + cols);
        let mut note = format!("{}-{} of {n} quarters", spec.quarter(first as u32), spec.quarter(last_q as u32 - 1));
        if site_rows < sites {
            note.push_str(&format!(" · sites {}-{} of {sites}", first_site + 1, (first_site + site_rows).min(sites)));
        }
        if cols < n || site_rows < sites {
            note.push_str(" (page keys, up / down) ");
        }
        let block = block.title_bottom(Line::from(format!(" {note}")).right_aligned());
        frame.render_widget(block, table);
        let mut lines = Vec::new();
        let mut header = vec![Span::raw(format!("{:<name_w$} ", ""))];
        for q in first..last_q {
            header.push(Span::styled(
                format!("{:<QUARTER_W$}", spec.quarter(q as u32).to_string()),
                Style::new().fg(Color::Gray),
            ));
        }
        lines.push(Line::from(header));
        for (si, site) in sh.doc.eval.plan.sites.iter().enumerate().skip(first_site).take(site_rows) {
            let name = if crate::tui::widgets::display_width(&site.name) > name_w {
                crate::tui::widgets::keep_left(&site.name, name_w)
            } else {
                site.name.clone()
            };
            let pad = name_w - crate::tui::widgets::display_width(&name);
            let mut spans = vec![Span::raw(format!("{name}{} ", " ".repeat(pad)))];
            let mut racks = vec![Span::raw(format!("{:<name_w$} ", "racks"))];
            for q in first..last_q {
                let x = &sel.timeline.sites[si][q];
                let label = if x.binding == Binding::Complete { "done" } else { x.binding.name() };
                spans.push(Span::styled(format!("{label:<QUARTER_W$}"), Style::new().fg(binding_color(x.binding))));
                racks.push(Span::raw(format!("{:<QUARTER_W$}", integer(u64::from(x.installed)))));
            }
            lines.push(Line::from(spans));
            lines.push(Line::from(racks));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// What the Supply screen's panels are drawn from.
#[derive(Clone, Copy)]
struct View<'a> {
    sh: &'a Shared,
    spec: &'a fleetplan_core::plan::supply::Supply,
    so: &'a fleetplan_core::model::supply::SupplyOutcome,
    /// The selected scenario.
    sel: &'a fleetplan_core::model::supply::ScenarioOutcome,
    /// Quarters in the horizon.
    n: usize,
    /// Racks planned by the last quarter.
    planned: u32,
}

/// Colours of the chart's own lines; scenarios take others (`scenario_color`), so no two lines share one.
const PLANNED: Color = Color::DarkGray;
const ENERGISED: Color = Color::Yellow;
const MONTE_CARLO: Color = Color::White;

/// A scenario's colour in the chart and its tab: never one of the chart's own lines.
fn scenario_color(i: usize) -> Color {
    const PALETTE: [Color; 7] =
        [Color::Cyan, Color::Green, Color::Magenta, Color::LightRed, Color::Blue, Color::LightGreen, Color::LightCyan];
    PALETTE[i % PALETTE.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_scenario_shares_a_colour_with_the_charts_own_lines() {
        // The risk scenario (the third) was yellow, the colour of "energised".
        for i in 0..PALETTE_CHECK {
            assert!(![PLANNED, ENERGISED, MONTE_CARLO].contains(&scenario_color(i)), "scenario {i}");
        }
        assert_ne!(scenario_color(0), scenario_color(2));
    }

    const PALETTE_CHECK: usize = 14;
}
