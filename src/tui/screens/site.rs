//! Site screen: the selected site's figures, and its halls as blocks with IT, limit use and energisation quarter.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::tui::shared::Shared;
use crate::tui::widgets::{bar, num};
use fleetplan_core::model::SiteOutcome;
use fleetplan_core::plan::Site;
use fleetplan_core::tables::integer;
use fleetplan_core::units::{kw_to_mw, lpm_to_m3h, mwh_to_gwh, usd_to_musd};

use crate::tui::geometry::{self, BLOCK_H, BLOCK_W};
use crate::tui::keymap::Action;
use crate::tui::shared::{Effect, Tab};

/// The Site screen has no state of its own: it shows the cursor's site and moves the cursor between its halls.
#[derive(Debug, Default)]
pub struct SiteScreen;

impl SiteScreen {
    pub fn handle(&mut self, a: Action, sh: &mut Shared) -> Effect {
        // Halls in fleet order: left/right and up/down both walk the list, up/down by a block row.
        let step = match a {
            Action::Left => -1,
            Action::Right => 1,
            Action::Up => -(geometry::blocks_per_line(sh.area) as isize),
            Action::Down => geometry::blocks_per_line(sh.area) as isize,
            Action::PageUp | Action::FirstRow => -(1 << 20),
            Action::PageDown | Action::LastRow => 1 << 20,
            Action::Activate if sh.hall().is_some() => return Effect::Goto(Tab::Hall),
            Action::Activate => return Effect::Done,
            _ => return sh.layout_action(a),
        };
        let flat = sh.fleet_halls();
        if let Some(last) = flat.len().checked_sub(1) {
            let i = flat.iter().position(|x| *x == (sh.cursor.site, sh.cursor.hall)).unwrap_or(0) as isize;
            let (s, h) = flat[(i + step).clamp(0, last as isize) as usize];
            sh.select_hall(s, h);
        }
        Effect::Done
    }

    /// A click selects a hall block; a second click opens it.
    pub fn click(&mut self, body: Rect, pos: Position, sh: &mut Shared) -> Effect {
        match geometry::hall_at(sh, body, pos) {
            Some((site, hall)) if (site, hall) == (sh.cursor.site, sh.cursor.hall) => self.handle(Action::Activate, sh),
            Some((site, hall)) => {
                sh.select_hall(site, hall);
                Effect::Done
            }
            None => Effect::Ignored,
        }
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, sh: &Shared) {
        let Some(site) = sh.doc.eval.plan.sites.get(sh.cursor.site) else { return };
        let o = &sh.doc.eval.outcome.sites[sh.cursor.site];
        let head_h = geometry::site_header_h(sh, body);
        let [header, _] = Layout::vertical([Constraint::Length(head_h), Constraint::Min(0)]).areas(body);
        let mut lines = switch_and_fleet(sh);
        lines.extend(site_lines(site, o));
        findings(&mut lines, sh, o, usize::from(head_h - geometry::site_header_lines(sh)));
        frame.render_widget(Paragraph::new(lines), header);
        draw_halls(frame, body, sh, site, o);
    }
}

/// The site switch, and the fleet's totals when the plan has more than one site.
fn switch_and_fleet(sh: &Shared) -> Vec<Line<'static>> {
    let sites: Vec<Span> = sh
        .doc
        .eval
        .plan
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = if i == sh.cursor.site {
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
            } else {
                Style::new()
            };
            Span::styled(format!(" {} ", s.name), style)
        })
        .collect();
    let mut lines = vec![Line::from([vec![Span::styled("Sites ", Style::new().fg(Color::Gray))], sites].concat())];
    if sh.doc.eval.plan.sites.len() > 1 {
        // The fleet: every site added up; PUE and WUE weighted by energy, peaks each site's own.
        let f = sh.doc.eval.outcome.fleet();
        let grid: f64 = sh.doc.eval.plan.sites.iter().map(|s| s.grid_mw).sum();
        lines.push(Line::from(vec![
            Span::styled("Fleet  ", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!(
                "{} sites · IT {} MW · PUE {} · site peaks {} of {} MW grid · {} racks · {} GPUs · WUE {} L/kWh · ${} M/yr{}",
                f.sites,
                num(kw_to_mw(f.it_kw)),
                num(f.pue_annual()),
                num(kw_to_mw(f.facility_kw_peak_sum)),
                num(grid),
                integer(u64::from(f.racks)),
                integer(u64::from(f.gpus)),
                num(f.wue_l_per_kwh()),
                num(usd_to_musd(f.power_cost_usd_year)),
                if f.findings > 0 { format!(" · {} findings", f.findings) } else { String::new() }
            )),
        ]));
    }
    lines
}

/// The selected site's headline figures.
fn site_lines(site: &Site, o: &SiteOutcome) -> Vec<Line<'static>> {
    let grid_use = kw_to_mw(o.facility_kw_peak) / site.grid_mw;
    vec![
        Line::from(vec![
            Span::styled(format!("{}  ", site.name), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!(
                "{} halls · {} racks · {} GPUs · climate {}",
                site.halls.len(),
                integer(u64::from(o.racks)),
                integer(u64::from(o.gpus)),
                site.climate_ref
            )),
        ]),
        Line::from(vec![
            Span::raw(format!(
                "IT {} MW · facility peak {} MW of {} MW grid ",
                num(kw_to_mw(o.it_kw)),
                num(kw_to_mw(o.facility_kw_peak)),
                num(site.grid_mw)
            )),
            bar(grid_use, 20),
            Span::raw(format!(" {:.0} % · headroom {} MW", grid_use * 100.0, num(o.headroom_mw))),
        ]),
        Line::from(format!(
            "PUE design {}{} · annual {} · trim {} h · flow {} m³/h · {} CDUs",
            num(o.pue_design),
            // What the design is at (the condition, or the typical year's hour), where there is one (a site with IT).
            if o.pue_design.is_finite() { format!(" ({})", o.design_label()) } else { String::new() },
            num(o.pue_annual),
            o.trim_hours,
            num(lpm_to_m3h(o.tcs_flow_lpm)),
            o.cdus
        )),
        Line::from(format!(
            "{} GWh/yr facility · ${} M/yr power · WUE {} L/kWh",
            num(mwh_to_gwh(o.facility_mwh_year)),
            num(usd_to_musd(o.power_cost_usd_year)),
            num(o.wue_l_per_kwh)
        )),
    ]
}

/// Every finding that fits in `room` lines, one a line; the rest counted (`fleetplan report` lists them all).
fn findings(lines: &mut Vec<Line<'static>>, sh: &Shared, o: &SiteOutcome, room: usize) {
    let violations = o.violations.len();
    if violations == 0 {
        lines.push(Line::styled("No limit exceeded", Style::new().fg(Color::Green)));
    } else {
        let shown = if violations <= room { violations } else { room.saturating_sub(1).max(1) };
        for (i, v) in o.violations.iter().take(shown).enumerate() {
            let lead = if i == 0 { format!("{violations} over limit: ") } else { "  ".to_string() };
            lines.push(Line::styled(format!("{lead}{}", v.message), Style::new().fg(Color::LightRed)));
        }
        if shown < violations {
            lines.push(Line::styled(
                format!(
                    "  … and {} more: {} lists them all, enter jumps to one",
                    violations - shown,
                    sh.keymap.key_of(crate::tui::keymap::Action::Findings)
                ),
                Style::new().fg(Color::LightRed),
            ));
        }
    }
}

/// The halls as blocks: energised, racks, IT against the hall's limit (or its partial PUE), and when it completes.
fn draw_halls(frame: &mut Frame, body: Rect, sh: &Shared, site: &Site, o: &SiteOutcome) {
    let g = geometry::site(sh, body);
    for line in 0..g.lines {
        for col in 0..g.per_line {
            let h = (g.first_line + line) * g.per_line + col;
            let Some(hall) = site.halls.get(h) else { continue };
            let ho = &o.halls[h];
            let rect =
                Rect::new(g.blocks.x + col as u16 * BLOCK_W, g.blocks.y + line as u16 * BLOCK_H, BLOCK_W - 1, BLOCK_H);
            if rect.bottom() > g.blocks.bottom() {
                continue;
            }
            let selected = h == sh.cursor.hall;
            let over = o.violations.iter().any(|v| v.hall == Some(h as u32));
            let border = if selected {
                Color::Cyan
            } else if over {
                Color::LightRed
            } else {
                Color::DarkGray
            };
            let block = Block::bordered()
                .title(Span::styled(
                    format!(" {} ", hall.name),
                    Style::new().add_modifier(if selected { Modifier::BOLD } else { Modifier::empty() }),
                ))
                .border_style(Style::new().fg(border));
            let limit = hall.it_mw_max;
            let use_frac = limit.map_or(f64::NAN, |l| kw_to_mw(ho.it_kw) / l);
            let complete = sh.hall_complete(sh.cursor.site, h).map_or_else(
                || Line::styled("no [supply] section", Style::new().fg(Color::DarkGray)),
                |q| {
                    Line::styled(
                        format!("complete {q}"),
                        Style::new().fg(if q.starts_with("not") { Color::LightRed } else { Color::Gray }),
                    )
                },
            );
            let lines = vec![
                Line::from(format!("{} · {} racks", hall.energised, ho.racks)),
                Line::from(match limit {
                    Some(l) => format!("{} / {} MW IT", num(kw_to_mw(ho.it_kw)), num(l)),
                    None => format!("{} MW IT", num(kw_to_mw(ho.it_kw))),
                }),
                Line::from(if limit.is_some() {
                    vec![bar(use_frac, 14), Span::raw(format!(" {:.0}%", use_frac * 100.0))]
                } else {
                    vec![Span::styled(format!("pPUE {}", num(ho.ppue_annual)), Style::new().fg(Color::Gray))]
                }),
                complete,
            ];
            frame.render_widget(Paragraph::new(lines).block(block), rect);
        }
    }
}
