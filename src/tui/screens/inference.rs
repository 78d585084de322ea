//! Inference screen: what the plan serves per site, GB200 / GB300 / Vera Rubin NVL72 side by side for its workload,
//! and the launch brief's claims next to the model's ratios.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::geometry;
use crate::tui::keymap::Action;
use crate::tui::shared::Effect;
use crate::tui::shared::{Inference, Shared};
use crate::tui::widgets::num;
use fleetplan_core::model::fleet_inference::Totals;
use fleetplan_core::tables::integer;
use fleetplan_core::units::{SECONDS_PER_HOUR, kw_to_mw, kw_to_w, per_million, si};

fn row(cells: &[(String, usize)], style: Style) -> Line<'static> {
    Line::from(cells.iter().map(|(t, w)| Span::styled(format!("{t:>w$} "), style)).collect::<Vec<_>>())
}

/// The Inference screen's state: the platform (of the comparison) and model (of the workload mix) whose curve is
/// shown, the curve, and the first line of the sites-and-halls table.
#[derive(Debug)]
pub struct InferenceScreen {
    pub platform: usize,
    pub model: usize,
    pub scroll: usize,
    pub curve: Vec<fleetplan_core::model::inference::CurvePoint>,
    /// What the curve was computed for: plan version, platform and model.
    curve_for: Option<(u64, usize, usize)>,
}

impl Default for InferenceScreen {
    /// Vera Rubin NVL72 (the comparison's third platform) and the mix's first model.
    fn default() -> Self {
        InferenceScreen { platform: 2, model: 0, scroll: 0, curve: Vec::new(), curve_for: None }
    }
}

impl InferenceScreen {
    /// Recomputes the throughput-interactivity curve when the plan or the selection changed.
    pub fn sync(&mut self, sh: &Shared) {
        if self.curve_for == Some((sh.doc.version, self.platform, self.model)) {
            return;
        }
        self.curve.clear();
        let eval = &sh.doc.eval;
        if let (Some(w), Ok(inf)) = (eval.plan.workload.as_ref(), eval.comparison()) {
            self.model = self.model.min(w.mix.len().saturating_sub(1));
            self.platform = self.platform.min(inf.platforms.len().saturating_sub(1));
            if let (Some(share), Some(c)) = (w.mix.get(self.model), inf.platforms.get(self.platform)) {
                // The comparison served every platform of it, so this does not fail; if it did, the chart stays
                // empty.
                let shape = fleetplan_core::model::fleet_inference::Request::of(w).shape();
                if let Ok((s, _)) =
                    fleetplan_core::model::fleet_inference::serving(eval.catalog(), &c.platform, &share.model, &shape)
                {
                    self.curve = s.curve();
                }
            }
        }
        self.curve_for = Some((sh.doc.version, self.platform, self.model));
    }

    pub fn handle(&mut self, a: Action, sh: &mut Shared) -> Effect {
        let models = sh.doc.eval.plan.workload.as_ref().map_or(0, |w| w.mix.len());
        let platforms = sh.inference().map_or(0, |i| i.comparison.platforms.len());
        let page = geometry::page_rows(sh.area);
        match a {
            // Left / right pick the model and up / down the platform of the curve.
            Action::Left | Action::Right if models > 0 => {
                let by = if a == Action::Left { -1 } else { 1 };
                self.model = (self.model as isize + by).rem_euclid(models as isize) as usize;
            }
            Action::Up if platforms > 0 => self.platform = self.platform.saturating_sub(1),
            Action::Down if platforms > 0 => self.platform = (self.platform + 1).min(platforms - 1),
            // The page keys scroll the table of what each site and hall serves.
            Action::PageUp => self.scroll = self.scroll.saturating_sub(page),
            Action::PageDown => {
                let lines: usize = sh.doc.eval.plan.sites.iter().map(|s| 1 + s.halls.len()).sum();
                self.scroll = (self.scroll + page).min(lines.saturating_sub(1));
            }
            Action::Left | Action::Right | Action::Up | Action::Down => {}
            _ => return Effect::Ignored,
        }
        self.sync(sh);
        Effect::Done
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, sh: &Shared) {
        let inf = match sh.inference() {
            Ok(i) => i,
            Err(e) => {
                frame.render_widget(
                    Paragraph::new(e.clone()).wrap(Wrap { trim: true }).block(Block::bordered().title(" Inference ")),
                    body,
                );
                return;
            }
        };
        let halls: usize = sh.doc.eval.plan.sites.iter().map(|s| s.halls.len()).sum();
        let sites_h = ((sh.doc.eval.plan.sites.len() + halls) as u16 + 3).min(body.height / 3).max(4);
        let platforms_h = (inf.comparison.platforms.len() + inf.comparison.infeasible.len()) as u16 + 3;
        let [top, mid, bottom] =
            Layout::vertical([Constraint::Length(sites_h), Constraint::Length(platforms_h), Constraint::Min(4)])
                .areas(body);
        // The curve needs about 8 rows to read as a chart; with less room (80x24) it is told in one line instead.
        let claims_h = (inf.comparison.claims.len() as u16 + 3).min(bottom.height);
        let compact = bottom.height < claims_h + 8;
        let [bottom, curve_area] = Layout::vertical([Constraint::Length(claims_h), Constraint::Min(0)]).areas(bottom);
        self.draw_sites(frame, top, sh, &inf);
        self.draw_platforms(frame, mid, sh, &inf, compact);
        draw_claims(frame, bottom, &inf);

        if !compact {
            self.draw_curve(frame, curve_area, sh);
        }
    }

    /// What each site and hall serves, scrolling under a fixed header.
    fn draw_sites(&self, frame: &mut Frame, top: Rect, sh: &Shared, inf: &Inference) {
        let head = Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD);
        // Token rates count prompt and generated tokens together (as published 1k/1k points do); prices are per
        // million generated (out) and prompt (in) tokens, the GPU-hour split by the time decode and prefill take.
        let w = [16, 8, 12, 10, 6, 7, 7];
        let mut lines = vec![row(
            &[
                ("site".into(), w[0]),
                ("GPUs".into(), w[1]),
                ("in+out tok/s".into(), w[2]),
                ("tok/s/MW".into(), w[3]),
                ("tok/J".into(), w[4]),
                ("$/M out".into(), w[5]),
                ("$/M in".into(), w[6]),
            ],
            head,
        )];
        let cells = |name: String, t: &Totals| {
            let per_m = |usd: f64, tps: f64| format!("{:.3}", per_million(usd / (tps * SECONDS_PER_HOUR)));
            vec![
                (name.chars().take(w[0]).collect::<String>(), w[0]),
                (integer(u64::from(t.gpus)), w[1]),
                (si(t.tokens_per_s), w[2]),
                (si(t.tokens_per_s / kw_to_mw(t.facility_kw)), w[3]),
                (num(t.tokens_per_s / kw_to_w(t.facility_kw)), w[4]),
                (per_m(t.usd_per_hour - t.usd_per_hour_prefill, t.output_tokens_per_s()), w[5]),
                (per_m(t.usd_per_hour_prefill, t.input_tokens_per_s), w[6]),
            ]
        };
        let mut body_lines = Vec::new();
        for (site, si) in sh.doc.eval.plan.sites.iter().zip(inf.sites) {
            body_lines.push(row(&cells(site.name.clone(), &si.totals()), Style::new().add_modifier(Modifier::BOLD)));
            for (hall, h) in site.halls.iter().zip(&si.halls) {
                body_lines.push(row(&cells(format!("  {}", hall.name), h), Style::new()));
            }
        }
        // The header stays; the sites and halls scroll under it (page keys) when they do not fit.
        let visible = usize::from(top.height.saturating_sub(3)).max(1);
        let total = body_lines.len();
        let first = self.scroll.min(total.saturating_sub(visible));
        let shown = total.min(first + visible);
        lines.extend(body_lines.into_iter().skip(first).take(visible));
        let rows_note = if total > visible {
            format!("rows {}-{shown} of {total} (page keys scroll) ", first + 1)
        } else {
            String::new()
        };
        let title = sh.doc.eval.plan.workload.as_ref().map_or(String::new(), |wl| {
            let mix: Vec<String> = wl.mix.iter().map(|m| format!("{} {:.0}%", m.model.id, m.share * 100.0)).collect();
            format!(
                " Served: {} · {} in / {} out · ≥{} tok/s per user · {:.0}% utilised ",
                mix.join(", "),
                wl.isl,
                wl.osl,
                wl.tps_user_min,
                wl.utilisation * 100.0
            )
        });
        let block = Block::bordered().title(title).title_bottom(Line::from(rows_note).right_aligned());
        frame.render_widget(Paragraph::new(lines).block(block), top);
    }

    /// The compared platforms side by side, the curve's marked; with no room for the chart, the curve's line on the
    /// table's lower edge.
    fn draw_platforms(&self, frame: &mut Frame, mid: Rect, sh: &Shared, inf: &Inference, compact: bool) {
        let head = Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD);
        let w = [12, 6, 5, 11, 10, 7, 7, 11];
        let mut lines = vec![row(
            &[
                ("platform".into(), w[0]),
                ("EF FP4".into(), w[1]),
                ("PUE".into(), w[2]),
                ("tok/s rack".into(), w[3]),
                ("tok/s/MW".into(), w[4]),
                ("$/GPU-h".into(), w[5]),
                ("$/M out".into(), w[6]),
                ("GPUs needed".into(), w[7]),
            ],
            head,
        )];
        for (i, c) in inf.comparison.platforms.iter().enumerate() {
            // The curve's platform is marked.
            let style = if i == self.platform {
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
            } else {
                Style::new()
            };
            lines.push(row(
                &[
                    (c.platform.id.clone(), w[0]),
                    (format!("{:.2}", c.rack_eflops), w[1]),
                    (format!("{:.3}", c.pue), w[2]),
                    (si(c.rack.tokens_per_s), w[3]),
                    (si(c.rack.tokens_per_s_per_facility_mw()), w[4]),
                    (format!("{:.2}", c.rack.usd_per_gpu_hour), w[5]),
                    (format!("{:.3}", c.rack.usd_per_m_output_tokens()), w[6]),
                    (c.gpus_needed.map_or("-".into(), |g| num(g.ceil())), w[7]),
                ],
                style,
            ));
        }
        for i in &inf.comparison.infeasible {
            lines.push(Line::from(vec![
                Span::raw(format!("{:>w0$} ", i.platform.id, w0 = w[0])),
                Span::styled(format!("infeasible: {}", i.reason), Style::new().fg(Color::Yellow)),
            ]));
        }
        let site = sh.doc.eval.plan.sites.first().map_or("", |s| s.name.as_str());
        let mut block = Block::bordered().title(format!(" Platforms for this workload in {site} "));
        if compact {
            // No room for the chart: the selected curve's operating point and peak ride on the table's lower edge.
            block = block.title_bottom(self.curve_line(sh));
        }
        frame.render_widget(Paragraph::new(lines).block(block), mid);
    }

    /// The curve in one line, for a small terminal: the model, the operating point at the service level and the peak.
    fn curve_line(&self, sh: &Shared) -> Line<'static> {
        let (Some(w), Ok(inf)) = (sh.doc.eval.plan.workload.as_ref(), sh.inference()) else { return Line::default() };
        let (Some(share), Some(_)) = (w.mix.get(self.model), inf.comparison.platforms.get(self.platform)) else {
            return Line::default();
        };
        let peak = self.curve.iter().map(|p| p.tokens_per_s_gpu).fold(0.0, f64::max);
        let op = fleetplan_core::model::inference::operating_point_on(&self.curve, w.tps_user_min);
        Line::from(vec![
            Span::raw(format!(" {} (←→): ", share.model.id)),
            Span::styled(
                match op {
                    Some(p) => format!("{} tok/s/GPU at {} tok/s/user", num(p.tokens_per_s_gpu), num(p.tps_user)),
                    None => format!("{} tok/s/user not reached", num(w.tps_user_min)),
                },
                Style::new().fg(Color::LightRed),
            ),
            Span::raw(format!(", peak {} ", num(peak))),
        ])
    }

    /// The throughput-interactivity curve of the selected platform and model, with the service level and the operating
    /// point.
    fn draw_curve(&self, frame: &mut Frame, area: Rect, sh: &Shared) {
        use ratatui::symbols::Marker;
        use ratatui::widgets::{Axis, Chart, Dataset, GraphType};
        if area.height < 5 || self.curve.is_empty() {
            return;
        }
        let (Some(w), Ok(inf)) = (sh.doc.eval.plan.workload.as_ref(), sh.inference()) else { return };
        let (Some(share), Some(c)) = (w.mix.get(self.model), inf.comparison.platforms.get(self.platform)) else {
            return;
        };
        let pts: Vec<(f64, f64)> = self.curve.iter().map(|p| (p.tps_user, p.tokens_per_s_gpu)).collect();
        let x_max = pts.iter().map(|p| p.0).fold(0.0, f64::max).max(w.tps_user_min) * 1.05;
        let y_max = pts.iter().map(|p| p.1).fold(0.0, f64::max) * 1.05;
        let slo = [(w.tps_user_min, 0.0), (w.tps_user_min, y_max)];
        let op: Vec<(f64, f64)> = fleetplan_core::model::inference::operating_point_on(&self.curve, w.tps_user_min)
            .map(|p| vec![(p.tps_user, p.tokens_per_s_gpu)])
            .unwrap_or_default();
        let datasets = vec![
            Dataset::default()
                .name("tokens/s/GPU")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(Color::Cyan))
                .data(&pts),
            Dataset::default()
                .name("service level")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(Color::Yellow))
                .data(&slo),
            Dataset::default()
                .name("operating point")
                .marker(Marker::Block)
                .graph_type(GraphType::Scatter)
                .style(Style::new().fg(Color::LightRed))
                .data(&op),
        ];
        let title = format!(
            " {} on {} ({}): tokens/s per GPU against tokens/s per user · ←→ model, ↑↓ platform ",
            share.model.id,
            c.platform.id,
            w.precision.name()
        );
        let chart = Chart::new(datasets)
            .block(Block::bordered().title(title))
            .x_axis(
                Axis::default()
                    .bounds([0.0, x_max])
                    .labels(vec![
                        Line::from("0"),
                        Line::from(num(x_max / 2.0)),
                        Line::from(format!("{} tok/s/user", num(x_max))),
                    ])
                    .style(Style::new().fg(Color::Gray)),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, y_max])
                    .labels(vec![Line::from("0"), Line::from(num(y_max / 2.0)), Line::from(num(y_max))])
                    .style(Style::new().fg(Color::Gray)),
            );
        frame.render_widget(chart, area);
    }
}

/// The brief's claims against the model.
fn draw_claims(frame: &mut Frame, bottom: Rect, inf: &Inference) {
    let head = Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD);
    let w = [34, 12, 28];
    let mut lines = vec![row(
        &[("Vera Rubin over GB200 NVL72".into(), w[0]), ("model".into(), w[1]), ("launch brief".into(), w[2])],
        head,
    )];
    for c in &inf.comparison.claims {
        let agrees = (c.model_ratio / c.claimed_ratio - 1.0).abs() <= 0.25;
        let style = if agrees { Style::new().fg(Color::Green) } else { Style::new().fg(Color::Yellow) };
        lines.push(Line::from(vec![
            Span::raw(format!("{:>w0$} ", c.metric, w0 = w[0])),
            Span::styled(format!("{:>w1$} ", format!("{:.2}x", c.model_ratio), w1 = w[1]), style),
            Span::raw(format!("{:>w2$} ", c.claim, w2 = w[2])),
        ]));
    }
    lines.push(Line::styled(
        "Claims are shown, never fitted: where the model disagrees (yellow), both stand.",
        Style::new().fg(Color::DarkGray),
    ));
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(" Launch brief vs model ")), bottom);
}
