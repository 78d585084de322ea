//! Power & cooling screen: where the facility power goes at the design condition and over the year, PUE and trim hours
//! by month, and a 24 x 12 heat map of the hours the free path cannot hold the supply temperature.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::tui::shared::Shared;
use crate::tui::widgets::{bar, num};
use fleetplan_core::units::{gwh_to_mwh, kw_to_mw, mw_to_kw, mwh_to_gwh};

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The Power screen shows the cursor's site; it has no state of its own.
#[derive(Debug, Default)]
pub struct PowerScreen;

impl PowerScreen {
    pub fn draw(&self, frame: &mut Frame, body: Rect, sh: &Shared) {
        let Some(o) = sh.doc.eval.outcome.sites.get(sh.cursor.site) else { return };
        let site = &sh.doc.eval.plan.sites[sh.cursor.site];
        let [top, bottom] = Layout::vertical([Constraint::Length(7), Constraint::Min(6)]).areas(body);

        // Where the power goes: at the design condition (MW) and over the year (GWh).
        let peak = o.facility_kw_peak.max(1e-9);
        let year = o.facility_mwh_year.max(1e-9);
        let part = |name: &str, mw: f64, gwh: f64| {
            Line::from(vec![
                Span::styled(format!("{name:<9}"), Style::new().fg(Color::Gray)),
                Span::raw(format!("{:>9} MW ", num(mw))),
                bar(mw_to_kw(mw) / peak, 10),
                Span::raw(format!(" {:>8} GWh {:>5.1}%", num(gwh), gwh_to_mwh(gwh) / year * 100.0)),
            ])
        };
        let lines = vec![
            part("IT", kw_to_mw(o.it_kw), mwh_to_gwh(o.it_mwh_year)),
            part("losses", kw_to_mw(o.loss_kw_peak), mwh_to_gwh(o.loss_mwh_year)),
            part("cooling", kw_to_mw(o.cooling_kw_peak), mwh_to_gwh(o.cooling_mwh_year)),
            part("misc", kw_to_mw(o.misc_kw), mwh_to_gwh(o.misc_mwh_year)),
            Line::styled(
                format!(
                    "cooling/yr: fans {} · chillers {} · pumps {} · air loop {} GWh",
                    num(mwh_to_gwh(o.fan_mwh_year)),
                    num(mwh_to_gwh(o.chiller_mwh_year)),
                    num(mwh_to_gwh(o.pump_mwh_year)),
                    num(mwh_to_gwh(o.air_cooling_mwh_year))
                ),
                Style::new().fg(Color::Gray),
            ),
        ];
        let title = format!(
            " {}: peak {} MW at {} · {} GWh/yr · PUE {} design, {} annual ",
            site.name,
            num(kw_to_mw(peak)),
            o.design_label(),
            num(mwh_to_gwh(year)),
            num(o.pue_design),
            num(o.pue_annual)
        );
        frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(title)), top);

        // Heat map: months (rows) x hours of the day (columns), trim hours per cell; then each month's trim hours and
        // PUE with a bar between the year's lowest and highest month.
        let map = o.trim_map;
        let max = map.iter().flatten().copied().max().unwrap_or(0).max(1);
        let pue: Vec<f64> = o.monthly.iter().map(fleetplan_core::model::Month::pue).collect();
        let (lo, hi) = pue
            .iter()
            .filter(|p| p.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(*p), b.max(*p)));
        let ticks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
        let level = |p: f64| if hi > lo && p.is_finite() { ((p - lo) / (hi - lo) * 7.0).round() as usize } else { 0 };
        let mut lines = Vec::with_capacity(13);
        if bottom.height >= 15 {
            lines.push(Line::styled(
                format!(
                    "     {}  trim   PUE",
                    (0..24).map(|h| if h % 3 == 0 { format!("{h:<3}") } else { String::new() }).collect::<String>()
                ),
                Style::new().fg(Color::DarkGray),
            ));
        }
        for (m, row) in map.iter().enumerate() {
            let mut spans = vec![Span::styled(format!("{:<5}", MONTHS[m]), Style::new().fg(Color::Gray))];
            for &n in row {
                let f = f64::from(n) / f64::from(max);
                let (ch, color) = match n {
                    0 => ('·', Color::DarkGray),
                    _ if f < 0.34 => ('░', Color::Yellow),
                    _ if f < 0.67 => ('▒', Color::LightRed),
                    _ => ('█', Color::Red),
                };
                spans.push(Span::styled(ch.to_string(), Style::new().fg(color)));
            }
            let trim = o.monthly[m].trim_hours;
            spans.push(Span::styled(
                format!("{trim:>6}"),
                Style::new().fg(if trim > 0 { Color::Yellow } else { Color::DarkGray }),
            ));
            spans.push(Span::raw(format!("  {}", num(pue[m]))));
            spans.push(Span::styled(format!(" {}", ticks[level(pue[m]).min(7)]), Style::new().fg(Color::Cyan)));
            lines.push(Line::from(spans));
        }
        // Which outdoor temperature the limit is on: the dry bulb for dry coolers, the wet bulb for towers.
        let on = match o.free_cooling_on {
            Some(fleetplan_core::model::cooling::Outdoor::WetBulb) => "wet bulb",
            _ => "dry bulb",
        };
        let limit = o
            .free_cooling_limit_c
            .map_or_else(|| "chiller plant: every hour".to_string(), |l| format!("free up to {} °C {on}", num(l)));
        lines.push(Line::from(vec![
            Span::styled("key  ", Style::new().fg(Color::Gray)),
            Span::styled("·", Style::new().fg(Color::DarkGray)),
            Span::raw(" no trim  "),
            Span::styled("░", Style::new().fg(Color::Yellow)),
            Span::raw(" under a third of the month's days  "),
            Span::styled("▒", Style::new().fg(Color::LightRed)),
            Span::raw(" under two thirds  "),
            Span::styled("█", Style::new().fg(Color::Red)),
            Span::raw(" more"),
        ]));
        let title = format!(" Trim hours by month and hour of day: {} h/yr, {limit}; PUE by month ", o.trim_hours);
        frame.render_widget(
            Paragraph::new(lines)
                .block(Block::bordered().title(Span::styled(title, Style::new().add_modifier(Modifier::BOLD)))),
            bottom,
        );
    }
}
