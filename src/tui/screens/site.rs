//! Site screen: the selected site's figures, and its halls as blocks with IT, limit use and energisation quarter.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::tui::shared::Shared;
use crate::tui::widgets::{bar, num, plural};
use fleetplan_core::model::SiteOutcome;
use fleetplan_core::plan::Site;
use fleetplan_core::tables::integer;
use fleetplan_core::units::{fixed, kw_to_mw, lpm_to_m3h, mwh_to_gwh, usd_to_musd};

use crate::tui::geometry::{self, BLOCK_H, BLOCK_W};
use crate::tui::keymap::Action;
use crate::tui::shared::{Effect, Tab};

/// The Site screen shows the cursor's site and moves the cursor between its halls; its own state is how the halls
/// table below the blocks is sorted.
#[derive(Debug, Default)]
pub struct SiteScreen {
    pub sort: HallSort,
}

/// The order of the halls table: as in the plan, or the tightest first by headroom, use of the limit, the fullest
/// row busway, or findings.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum HallSort {
    #[default]
    Plan,
    Headroom,
    Use,
    Busway,
    Findings,
}

impl HallSort {
    const ALL: [HallSort; 5] =
        [HallSort::Plan, HallSort::Headroom, HallSort::Use, HallSort::Busway, HallSort::Findings];

    fn label(self) -> &'static str {
        match self {
            HallSort::Plan => "plan order",
            HallSort::Headroom => "least headroom first",
            HallSort::Use => "most of the limit used first",
            HallSort::Busway => "fullest row busway first",
            HallSort::Findings => "most findings first",
        }
    }

    fn next(self) -> HallSort {
        let i = HallSort::ALL.iter().position(|x| *x == self).unwrap_or(0);
        HallSort::ALL[(i + 1) % HallSort::ALL.len()]
    }
}

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
            Action::Cycle => {
                self.sort = self.sort.next();
                sh.info(format!("halls table: {}", self.sort.label()));
                return Effect::Done;
            }
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
        lines.extend(site_lines(site, o, usize::from(body.width)));
        findings(&mut lines, sh, o, usize::from(head_h - geometry::site_header_lines(sh)));
        frame.render_widget(Paragraph::new(lines), header);
        draw_halls(frame, body, sh, site, o);
        self.draw_table(frame, body, sh, site, o);
    }

    /// Below the blocks, where there is room: every hall with its limit, headroom, use, fullest row busway and
    /// findings, sorted as chosen (`c` cycles), with "n of m" when it is cut.
    fn draw_table(&self, frame: &mut Frame, body: Rect, sh: &Shared, site: &Site, o: &SiteOutcome) {
        let g = geometry::site(sh, body);
        let used = (site.halls.len().div_ceil(g.per_line) as u16).min(g.lines as u16) * BLOCK_H;
        let all_shown = site.halls.len() <= g.per_line * g.lines;
        let room = g.blocks.height.saturating_sub(used + 1);
        if !all_shown || room < 4 || site.halls.is_empty() {
            return;
        }
        let mut rows_of: Vec<(usize, f64, f64, f64, usize)> = Vec::new();
        let mut row_at = 0;
        for (h, hall) in site.halls.iter().enumerate() {
            let it_mw = kw_to_mw(o.halls[h].it_kw);
            let headroom = hall.it_mw_max.map_or(f64::NAN, |l| l - it_mw);
            let use_frac = hall.it_mw_max.map_or(f64::NAN, |l| it_mw / l);
            let busway = hall.row_busway_kw.map_or(f64::NAN, |b| {
                o.rows[row_at..row_at + hall.rows.len()].iter().map(|r| r.it_kw / b).fold(0.0, f64::max)
            });
            row_at += hall.rows.len();
            let n = o.violations.iter().filter(|v| v.hall == Some(h as u32)).count();
            rows_of.push((h, headroom, use_frac, busway, n));
        }
        // NaN (no limit) last in every order.
        let key = |x: f64, up: bool| {
            if x.is_nan() {
                f64::INFINITY
            } else if up {
                x
            } else {
                -x
            }
        };
        match self.sort {
            HallSort::Plan => {}
            HallSort::Headroom => rows_of.sort_by(|a, b| key(a.1, true).total_cmp(&key(b.1, true))),
            HallSort::Use => rows_of.sort_by(|a, b| key(a.2, false).total_cmp(&key(b.2, false))),
            HallSort::Busway => rows_of.sort_by(|a, b| key(a.3, false).total_cmp(&key(b.3, false))),
            HallSort::Findings => rows_of.sort_by_key(|r| std::cmp::Reverse(r.4)),
        }
        let visible = usize::from(room.saturating_sub(3)).min(rows_of.len());
        let area = Rect::new(g.blocks.x, g.blocks.y + used + 1, g.blocks.width, visible as u16 + 3);
        let cut = if rows_of.len() > visible { format!(" · {} of {}", visible, rows_of.len()) } else { String::new() };
        let title = format!(" Halls · {} ({} sorts){cut} ", self.sort.label(), sh.keymap.key_of(Action::Cycle));
        let pct = |x: f64| if x.is_finite() { format!("{:.0} %", x * 100.0) } else { "-".to_string() };
        // One number of decimals per column, so the rows line up (9.99 beside 10.58, not 9.996).
        let mw = |x: f64| if x.is_finite() { fleetplan_core::units::fixed(x, 2) } else { "-".to_string() };
        let mut lines = vec![Line::styled(
            format!(
                "{:<16}{:>10}{:>7}{:>10}{:>10}{:>10}{:>7}{:>9}{:>9}  {}",
                "hall", "energised", "racks", "IT MW", "limit MW", "headroom", "use", "busway", "findings", "complete"
            ),
            Style::new().fg(Color::Gray),
        )];
        for &(h, headroom, use_frac, busway, n) in rows_of.iter().take(visible) {
            let hall = &site.halls[h];
            let text = format!(
                "{:<16}{:>10}{:>7}{:>10}{:>10}{:>10}{:>7}{:>9}{:>9}  {}",
                hall.name.chars().take(15).collect::<String>(),
                hall.energised.to_string(),
                o.halls[h].racks,
                mw(kw_to_mw(o.halls[h].it_kw)),
                mw(hall.it_mw_max.unwrap_or(f64::NAN)),
                mw(headroom),
                pct(use_frac),
                pct(busway),
                n,
                sh.hall_complete(sh.cursor.site, h).unwrap_or_default()
            );
            let style = if n > 0 {
                Style::new().fg(Color::LightRed)
            } else if h == sh.cursor.hall {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            lines.push(Line::styled(text, style));
        }
        let block = Block::bordered().title(title).border_style(Style::new().fg(Color::DarkGray));
        frame.render_widget(Paragraph::new(lines).block(block), area);
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

/// The selected site's headline figures; the headroom is never cut (the grid bar gives way first).
fn site_lines(site: &Site, o: &SiteOutcome, width: usize) -> Vec<Line<'static>> {
    let grid_use = kw_to_mw(o.facility_kw_peak) / site.grid_mw;
    let power = format!(
        "IT {} MW · peak {} of {} MW grid · headroom {} MW ",
        num(kw_to_mw(o.it_kw)),
        num(kw_to_mw(o.facility_kw_peak)),
        num(site.grid_mw),
        num(o.headroom_mw)
    );
    let pct = format!(" {:.0} %", grid_use * 100.0);
    let bar_w = width.saturating_sub(crate::tui::widgets::display_width(&power) + pct.len()).min(20);
    vec![
        Line::from(vec![
            Span::styled(format!("{}  ", site.name), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!(
                "{} · {} · {} · climate {}",
                plural(site.halls.len() as u64, "hall"),
                plural(u64::from(o.racks), "rack"),
                plural(u64::from(o.gpus), "GPU"),
                site.climate_ref
            )),
        ]),
        Line::from(vec![
            Span::styled(power, if o.headroom_mw < 0.0 { Style::new().fg(Color::LightRed) } else { Style::new() }),
            bar(grid_use, bar_w),
            Span::raw(if bar_w > 0 { pct } else { String::new() }),
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

/// The halls as blocks: energised, racks, IT against the hall's limit (or its partial PUE), and when it completes;
/// when not every hall fits, which of how many are shown.
fn draw_halls(frame: &mut Frame, body: Rect, sh: &Shared, site: &Site, o: &SiteOutcome) {
    let g = geometry::site(sh, body);
    let fits = g.per_line * g.lines;
    if site.halls.len() > fits {
        let first = g.first_line * g.per_line;
        let last = (first + fits).min(site.halls.len());
        let marked = o.violations.iter().filter_map(|v| v.hall).filter(|&h| (h as usize) < first || h as usize >= last);
        let hidden_over = {
            let mut v: Vec<u32> = marked.collect();
            v.dedup();
            v.len()
        };
        let more = if hidden_over > 0 { format!(" · {hidden_over} not shown have findings") } else { String::new() };
        let text = format!(" halls {}-{last} of {} (↑↓ for the others){more} ", first + 1, site.halls.len());
        let y = g.blocks.y + (g.lines as u16) * BLOCK_H;
        let at = if y < g.blocks.bottom() { y } else { g.blocks.bottom().saturating_sub(1) };
        let style = if hidden_over > 0 { Style::new().fg(Color::LightRed) } else { Style::new().fg(Color::Gray) };
        frame.render_widget(Paragraph::new(Line::styled(text, style)), Rect::new(g.blocks.x, at, g.blocks.width, 1));
    }
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
            let over_n = o.violations.iter().filter(|v| v.hall == Some(h as u32)).count();
            let over = over_n > 0;
            let border = if selected {
                Color::Cyan
            } else if over {
                Color::LightRed
            } else {
                Color::DarkGray
            };
            // A finding anywhere in the hall (its limit, a row's busway, a rack's inlet) marks the title, selected
            // or not.
            // A name longer than the block is cut with an ellipsis, so a copy and its original still differ by
            // what shows (the full name is in the halls table and the Hall screen's title).
            let room = usize::from(BLOCK_W).saturating_sub(if over { 9 } else { 5 });
            let name = if crate::tui::widgets::display_width(&hall.name) > room {
                crate::tui::widgets::keep_left(&hall.name, room)
            } else {
                hall.name.clone()
            };
            let mut title = vec![Span::styled(
                format!(" {name} "),
                Style::new().add_modifier(if selected { Modifier::BOLD } else { Modifier::empty() }),
            )];
            if over {
                title.push(Span::styled(
                    format!("! {over_n} "),
                    Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
                ));
            }
            let block = Block::bordered().title(Line::from(title)).border_style(Style::new().fg(border));
            let limit = hall.it_mw_max;
            let use_frac = limit.map_or(f64::NAN, |l| kw_to_mw(ho.it_kw) / l);
            let complete = if ho.racks == 0 {
                Line::styled("no racks yet", Style::new().fg(Color::DarkGray))
            } else {
                sh.hall_complete(sh.cursor.site, h).map_or_else(
                    || Line::styled("no [supply] section", Style::new().fg(Color::DarkGray)),
                    |q| {
                        Line::styled(
                            format!("complete {q}"),
                            Style::new().fg(if q.starts_with("not") { Color::LightRed } else { Color::Gray }),
                        )
                    },
                )
            };
            let lines = vec![
                Line::from(format!("{} · {} racks", hall.energised, ho.racks)),
                // Halls side by side read alike: MW at two decimals in every block.
                Line::from(match limit {
                    Some(l) => format!("{} / {} MW IT", fixed(kw_to_mw(ho.it_kw), 2), fixed(l, 2)),
                    None => format!("{} MW IT", fixed(kw_to_mw(ho.it_kw), 2)),
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
