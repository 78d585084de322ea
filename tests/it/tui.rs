//! The terminal app driven headlessly: synthetic keys and clicks, rendered on ratatui's TestBackend.

use std::path::PathBuf;

use fleetplan::tui::app::{App, Confirm, Mode, Tab};
use fleetplan::tui::keymap::Keymap;
use fleetplan::tui::ui;
use fleetplan_core::catalog::Catalog;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

pub(crate) fn open(rel: &str) -> App {
    let text = std::fs::read_to_string(crate::root().join(rel)).unwrap();
    let mut app = App::open(
        text,
        Some(PathBuf::from(rel)),
        std::sync::Arc::new(Catalog::builtin().unwrap().clone()),
        Keymap::defaults(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    app.shared.area = Rect::new(0, 0, 80, 24);
    app
}

/// Opens plan text (as read from `path`, if any) in the app.
pub(crate) fn open_text(text: &str, path: Option<PathBuf>) -> App {
    let mut app =
        App::open(text.to_string(), path, std::sync::Arc::new(Catalog::builtin().unwrap().clone()), Keymap::defaults())
            .unwrap();
    app.shared.area = Rect::new(0, 0, 120, 30);
    app
}

/// Opens a copy of a plan in a temp folder, so saving is safe.
pub(crate) fn open_copy(rel: &str, tmp: &crate::TempDir) -> (App, PathBuf) {
    let path = tmp.path().join("plan.toml");
    std::fs::copy(crate::root().join(rel), &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let app = App::open(
        text,
        Some(path.clone()),
        std::sync::Arc::new(Catalog::builtin().unwrap().clone()),
        Keymap::defaults(),
    )
    .unwrap();
    (app, path)
}

/// Presses keys written as in the bindings file, space-separated: "2 j j l space".
pub(crate) fn keys(app: &mut App, seq: &str) {
    for k in seq.split(' ').filter(|k| !k.is_empty()) {
        let code = match k {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            s if s.chars().count() == 1 => KeyCode::Char(s.chars().next().unwrap()),
            other => panic!("test key {other}"),
        };
        app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

pub(crate) fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
}

pub(crate) fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.shared.area = Rect::new(0, 0, w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    t
}

#[test]
fn snapshots_of_every_screen_at_two_sizes_for_three_plans() {
    for (plan, tag) in [
        ("plans/pilot-5mw.toml", "5mw"),
        ("plans/ai-factory-1gw.toml", "1gw"),
        ("tests/valid_plans/two-sites.toml", "2sites"),
    ] {
        for (w, h) in [(80, 24), (160, 48)] {
            for (tab, name) in [
                (Tab::Site, "site"),
                (Tab::Hall, "hall"),
                (Tab::Parameters, "parameters"),
                (Tab::Supply, "supply"),
                (Tab::Inference, "inference"),
                (Tab::Power, "power"),
                (Tab::Compare, "compare"),
            ] {
                let mut app = open(plan);
                app.tab = tab;
                let t = render(&mut app, w, h);
                insta::assert_snapshot!(format!("{tag}_{name}_{w}x{h}"), t.backend());
            }
        }
    }
}

#[test]
fn placing_a_rack_adds_exactly_its_power_and_undo_restores_it() {
    let mut app = open("plans/pilot-5mw.toml");
    let before = app.eval().outcome.sites[0].clone();
    // Hall screen, row A02, last slot (empty in the pilot: "GGGGGGGGGg....").
    keys(&mut app, "2 j $");
    assert_eq!((app.shared.cursor.row, app.shared.cursor.slot), (1, 13));
    keys(&mut app, "space");
    let after = &app.eval().outcome.sites[0];
    let rack_kw = app.eval().plan.legend[0].rack_kw; // brush 0: G = gb300-nvl72 at max-p, 140 kW
    assert_eq!(rack_kw, 140.0);
    assert_eq!(after.racks, before.racks + 1);
    assert!((after.rack_it_kw - before.rack_it_kw - rack_kw).abs() < 1e-9);
    // Site IT adds network and storage on top (F2): 140 x (1 + 0.05) = 147 kW.
    assert!((after.it_kw - before.it_kw - 147.0).abs() < 1e-9);
    assert!(app.shared.doc.dirty());
    keys(&mut app, "u");
    assert_eq!(app.eval().outcome.sites[0], before);
    assert!(!app.shared.doc.dirty());
    keys(&mut app, "U");
    assert_eq!(app.eval().outcome.sites[0].racks, before.racks + 1);
}

#[test]
fn saving_a_one_rack_edit_is_a_one_line_diff() {
    let tmp = crate::TempDir::new("tui-save");
    let (mut app, path) = open_copy("plans/ai-factory-1gw.toml", &tmp);
    let original = std::fs::read_to_string(&path).unwrap();
    keys(&mut app, "2 j j l l x s");
    assert_eq!(app.mode, Mode::Normal);
    assert!(!app.shared.doc.dirty());
    let saved = std::fs::read_to_string(&path).unwrap();
    let changed: Vec<(&str, &str)> = original.lines().zip(saved.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(original.lines().count(), saved.lines().count());
    assert_eq!(changed, vec![("A03 = \"VVVVVVVVVVVVVVVVVVVV\"", "A03 = \"VV.VVVVVVVVVVVVVVVVV\"")]);
}

#[test]
fn a_change_on_disk_that_is_not_utf8_is_still_a_change_and_is_kept() {
    // A teammate appends a line with one Latin-1 byte (0xE9, "é"): the save must ask, not overwrite.
    let tmp = crate::TempDir::new("tui-latin1");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    keys(&mut app, "2 x");
    let mut theirs = std::fs::read(&path).unwrap();
    theirs.extend_from_slice(b"# caf\xe9 hall added by a teammate\n");
    std::fs::write(&path, &theirs).unwrap();
    keys(&mut app, "s");
    assert_eq!(app.mode, Mode::Confirm(Confirm::ChangedOnDisk));
    assert_eq!(std::fs::read(&path).unwrap(), theirs, "their bytes are on disk, untouched");
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let tmp = crate::TempDir::new("tui-disk");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    keys(&mut app, "2 x");
    std::fs::write(&path, "# changed by git pull\n").unwrap();
    keys(&mut app, "s");
    assert_eq!(app.mode, Mode::Confirm(Confirm::ChangedOnDisk));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# changed by git pull\n", "nothing overwritten");
    // Save as another name keeps both.
    keys(&mut app, "a");
    let other = tmp.path().join("mine.toml");
    keys(&mut app, "backspace");
    type_text(&mut app, other.to_str().unwrap());
    keys(&mut app, "enter");
    assert!(other.exists());
    assert_eq!(app.shared.doc.path.as_deref(), Some(other.as_path()));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# changed by git pull\n");
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut app = open("plans/pilot-5mw.toml");
    keys(&mut app, "q");
    assert!(app.should_quit, "nothing to save: quits at once");
    let mut app = open("plans/pilot-5mw.toml");
    keys(&mut app, "2 x q");
    assert_eq!(app.mode, Mode::Confirm(Confirm::Quit));
    assert!(!app.should_quit);
    keys(&mut app, "esc");
    assert!(!app.should_quit && app.shared.doc.dirty());
    keys(&mut app, "q d");
    assert!(app.should_quit);
}

#[test]
fn parameters_are_validated_as_you_type_with_the_loaders_message() {
    let mut app = open("plans/pilot-5mw.toml");
    let i = app.screens.params.fields.iter().position(|f| f.path == ["cooling", "cdu_approach_k"]).unwrap();
    app.tab = Tab::Parameters;
    app.screens.params.cursor = i;
    keys(&mut app, "enter backspace backspace backspace backspace");
    type_text(&mut app, "99");
    match &app.mode {
        Mode::Input { error: Some(e), .. } => {
            assert_eq!(e, "site[0].cooling.cdu_approach_k: expected a number from 0 to 30, found 99")
        }
        other => panic!("{other:?}"),
    }
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Input { .. }), "an invalid value is not applied and the prompt stays");
    keys(&mut app, "backspace backspace");
    type_text(&mut app, "5");
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal);
    // Pilot: supply 40 degC; approach 5 K -> facility water 35 degC; dry cooler 8 K -> free below 27 degC at most,
    // a little above for the bank sized to reject the trim chillers' heat at the design too (35 - 8 / capacity).
    let limit = app.eval().outcome.sites[0].free_cooling_limit_c.unwrap();
    assert!(limit > 27.0 && limit < 28.0, "{limit}");
    assert!(app.eval().text.contains("cdu_approach_k = 5"), "added as one line");
}

#[test]
fn halls_and_rows_are_added_renamed_moved_and_removed() {
    let mut app = open("plans/campus-100mw.toml");
    assert_eq!(app.eval().plan.sites[0].halls.len(), 4);
    keys(&mut app, "A");
    assert_eq!(app.eval().plan.sites[0].halls.len(), 5);
    assert_eq!(app.shared.cursor.hall, 1);
    assert_eq!(app.eval().plan.sites[0].halls[1].name, "Hall 05");
    keys(&mut app, "R");
    for _ in 0..7 {
        keys(&mut app, "backspace");
    }
    type_text(&mut app, "Hall A2");
    keys(&mut app, "enter e backspace");
    type_text(&mut app, "2");
    keys(&mut app, "enter");
    let h = &app.eval().plan.sites[0].halls[1];
    assert_eq!((h.name.as_str(), h.energised.to_string().as_str()), ("Hall A2", "2027Q2"));
    keys(&mut app, ">");
    assert_eq!(app.eval().plan.sites[0].halls[2].name, "Hall A2");
    assert_eq!(app.shared.cursor.hall, 2);
    keys(&mut app, "2 o");
    // The new hall copied Hall A's row names A01-A04; a row added below A01 takes the next free number.
    assert_eq!(app.eval().plan.sites[0].halls[2].rows[1].name, "A05");
    assert_eq!(app.eval().plan.sites[0].halls[2].rows.len(), 5);
    keys(&mut app, "J");
    assert_eq!(app.shared.cursor.row, 2);
    keys(&mut app, "D y X y");
    assert_eq!(app.eval().plan.sites[0].halls.len(), 4);
    // Every step was one undo.
    for _ in 0..8 {
        keys(&mut app, "u");
    }
    assert_eq!(app.eval().text, std::fs::read_to_string(crate::root().join("plans/campus-100mw.toml")).unwrap());
}

#[test]
fn fills_stop_at_every_limit() {
    // Over-limit plan: a 0.5 MW site with a 4 x 230 kW row on an 800 kW busway; fill never adds past a limit.
    let mut app = open("tests/valid_plans/over-limit.toml");
    let before = app.eval().outcome.sites[0].racks;
    keys(&mut app, "2 o f");
    assert_eq!(app.eval().outcome.sites[0].racks, before, "site already over its grid envelope: nothing placed");
    // Campus at 60.795 MW IT; fill to 65 MW with 230 kW racks (241.5 kW with network): 4,205 / 241.5 = 17.4 -> 17
    // racks -> 60,795 + 17 x 241.5 = 64,900.5 kW.
    let mut app = open("plans/campus-100mw.toml");
    keys(&mut app, "b T");
    type_text(&mut app, "65");
    keys(&mut app, "enter");
    let s = &app.eval().outcome.sites[0];
    assert!((s.it_kw - 64_900.5).abs() < 1e-6, "{}", s.it_kw);
    // With more MW asked than empty slots can hold, it stops when the slots run out (34 free: 69,006 kW).
    keys(&mut app, "u T");
    type_text(&mut app, "70");
    keys(&mut app, "enter");
    let s = &app.eval().outcome.sites[0];
    assert!((s.it_kw - (60_795.0 + 34.0 * 241.5)).abs() < 1e-6, "{}", s.it_kw);
    assert!(s.violations.is_empty(), "{:?}", s.violations);
}

#[test]
fn rectangle_selection_fills_and_clears() {
    let mut app = open("plans/campus-100mw.toml");
    keys(&mut app, "l l l enter G"); // Hall D, last row D05 (empty)
    keys(&mut app, "k v j l l l d");
    assert!(app.eval().text.contains("D04 = \"....VVVVVV..........\""), "cleared 4 slots of D04");
    assert!(app.eval().text.contains("D05 = \"....................\""));
    let before = app.eval().text.clone();
    keys(&mut app, "v k l f");
    let d = &app.eval().plan.sites[0].halls[3];
    let placed = |r: usize| d.rows[r].slots.iter().flatten().count();
    // The 2 x 2 rectangle covers D04 slots 4-5 (slot 4 empty, slot 5 a rack) and D05 slots 4-5: 6 + 1 and 2.
    assert_eq!((placed(3), placed(4)), (7, 2));
    // Two rows replaced at the spans the last read found, from the end back: the text each row set by parsing
    // gives, byte for byte.
    let row = |name: &str| d.rows.iter().find(|r| r.name == name).unwrap();
    let slots = |name: &str| -> String {
        row(name).slots.iter().map(|s| s.map_or('.', |id| app.eval().plan.legend[usize::from(id)].symbol)).collect()
    };
    let want = fleetplan_core::plan::edit::set_row(&before, 0, 3, "D04", &slots("D04")).unwrap();
    let want = fleetplan_core::plan::edit::set_row(&want, 0, 3, "D05", &slots("D05")).unwrap();
    assert_eq!(app.eval().text, want);
}

#[test]
fn the_mouse_selects_then_places() {
    let mut app = open("plans/pilot-5mw.toml");
    app.tab = Tab::Hall;
    let t = render(&mut app, 80, 24);
    drop(t);
    let click = |app: &mut App, x: u16, y: u16| {
        app.handle_event(&Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        }));
    };
    // Grid: border at x 0, row names 3 wide + marker, cells 2 wide from x 5; ruler at y 2, row A01 at y 3.
    click(&mut app, 5 + 2 * 12, 4);
    assert_eq!((app.shared.cursor.row, app.shared.cursor.slot), (1, 12));
    let racks = app.eval().outcome.sites[0].racks;
    click(&mut app, 5 + 2 * 12, 4);
    assert_eq!(app.eval().outcome.sites[0].racks, racks + 1);
    // Clicking a tab switches screens.
    click(&mut app, 1, 0);
    assert_eq!(app.tab, Tab::Site);
}

#[test]
fn help_is_generated_from_the_key_map() {
    let mut app = open("plans/pilot-5mw.toml");
    keys(&mut app, "?");
    assert_eq!(app.mode, Mode::Help { filter: String::new() });
    let t = render(&mut app, 160, 48);
    let screen = t.backend().to_string();
    assert!(screen.contains("place the brush platform in the slot"));
    assert!(screen.contains("space p"));
    keys(&mut app, "esc");
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn a_new_plan_is_proposed_written_and_opened_from_inside_the_app() {
    let tmp = crate::TempDir::new("tui-new");
    let mut app = open("plans/pilot-5mw.toml");
    let path = tmp.path().join("fifty.toml");
    keys(&mut app, "N");
    type_text(&mut app, &format!("{} 50 vr-nvl72 greensboro-nc", path.display()));
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.shared.message);
    assert_eq!(app.shared.doc.path.as_deref(), Some(path.as_path()));
    let s = &app.eval().outcome.sites[0];
    assert!(s.racks > 150 && s.facility_kw_peak <= 50_000.0, "{} racks, {} kW", s.racks, s.facility_kw_peak);
    assert!(!app.shared.doc.dirty());
    // Never over an existing file.
    keys(&mut app, "N");
    type_text(&mut app, &format!("{} 50 vr-nvl72 greensboro-nc", path.display()));
    keys(&mut app, "enter");
    // The prompt stays open with the line as typed and why it was refused.
    match &app.mode {
        Mode::Input { value, error: Some(e), .. } => {
            assert!(e.contains("exists"), "{e}");
            assert!(value.ends_with(" 50 vr-nvl72 greensboro-nc"), "{value}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn dialogs_check_platform_and_climate_as_you_type_and_a_brush_is_added() {
    let tmp = crate::TempDir::new("tui-new-check");
    let mut app = open("plans/pilot-5mw.toml");
    let path = tmp.path().join("x.toml");
    keys(&mut app, "N");
    type_text(&mut app, &format!("{} 50 vr-nvl73 greensboro-nc", path.display()));
    let error = |app: &App| match &app.mode {
        Mode::Input { error, .. } => error.clone(),
        other => panic!("{other:?}"),
    };
    assert!(error(&app).is_some_and(|e| e.starts_with("unknown platform \"vr-nvl73\"")), "{:?}", error(&app));
    // Enter on an error keeps what was typed; correcting it clears the error.
    keys(&mut app, "enter");
    assert!(error(&app).is_some());
    for _ in 0.." greensboro-nc".len() + 1 {
        keys(&mut app, "backspace");
    }
    type_text(&mut app, "2 greensboro");
    assert!(error(&app).is_some_and(|e| e.starts_with("unknown climate \"greensboro\"")), "{:?}", error(&app));
    type_text(&mut app, "-nc");
    assert_eq!(error(&app), None);
    type_text(&mut app, "@max-z");
    assert!(error(&app).is_some_and(|e| e.contains("unknown climate")), "the profile is part of the platform field");
    keys(&mut app, "esc");
    keys(&mut app, "N");
    type_text(&mut app, &format!("{} 50 vr-nvl72@max-z greensboro-nc", path.display()));
    assert!(error(&app).is_some_and(|e| e.contains("no profile \"max-z\"")), "{:?}", error(&app));
    keys(&mut app, "esc");
    assert!(!path.exists(), "nothing written");

    // A brush: an unknown platform is refused as typed with the loader's message; a good one is added as one
    // legend line and becomes the brush.
    keys(&mut app, "2 +");
    type_text(&mut app, "H gb300-nvl7");
    assert!(error(&app).is_some_and(|e| e.contains("gb300-nvl7")), "{:?}", error(&app));
    type_text(&mut app, "2@max-q");
    assert_eq!(error(&app), None);
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal);
    let b = &app.eval().plan.legend[app.shared.brush];
    assert_eq!((b.symbol, b.platform.id.as_str(), b.profile.as_str()), ('H', "gb300-nvl72", "max-q"));
    assert!(app.eval().text.contains("H = \"gb300-nvl72@max-q\""));
    // A symbol already in the legend is refused, the prompt kept.
    keys(&mut app, "+");
    type_text(&mut app, "G gb200-nvl72");
    assert!(error(&app).is_some_and(|e| e.contains("already in the legend")));
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Input { .. }));
}

#[test]
fn every_screen_follows_the_selected_supply_scenario() {
    let mut app = open("plans/ai-factory-1gw.toml");
    assert_eq!(app.shared.scenario_name().as_deref(), Some("baseline"));
    let baseline = app.shared.hall_complete(0, 15).unwrap();
    keys(&mut app, "4 ] ]");
    assert_eq!(app.shared.scenario_name().as_deref(), Some("risk"));
    let risk = app.shared.hall_complete(0, 15).unwrap();
    // The last hall: baseline completes it in 2029Q1 (a quarter after its packaged GPUs are made); risk never does.
    assert_eq!((baseline.as_str(), risk.as_str()), ("2029Q1", "not by 2029Q4"));
    // The Site screen shows the risk scenario's quarters; the tab bar names the scenario.
    app.tab = Tab::Site;
    let t = render(&mut app, 160, 48);
    let screen = t.backend().to_string();
    assert!(screen.contains("scenario risk"), "{screen}");
    assert!(screen.contains("complete not by 2029Q4"), "{screen}");
    // The Monte Carlo runs on demand and is dropped by the next edit.
    keys(&mut app, "m");
    assert!(app.screens.supply.monte_carlo.is_some());
    keys(&mut app, "2 x");
    assert!(app.screens.supply.monte_carlo.is_none());
}

#[test]
fn the_compare_screen_shows_deltas_against_another_plan_and_a_scenario() {
    let tmp = crate::TempDir::new("tui-compare");
    let other = tmp.path().join("other.toml");
    let text = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    std::fs::write(&other, text.replace("A02 = \"GGGGGGGGGg....\"", "A02 = \"GGGGGGGGG.....\"")).unwrap();
    let mut app = open("plans/pilot-5mw.toml");
    keys(&mut app, "C");
    type_text(&mut app, other.to_str().unwrap());
    keys(&mut app, "enter");
    assert_eq!(app.tab, Tab::Compare);
    // The open plan has the rack the other lacks: one rack and 72 GPUs more, 138.6 kW of IT more.
    let racks = app.screens.compare.rows.iter().find(|r| r.name == "racks").unwrap();
    assert_eq!((racks.a.as_str(), racks.b.as_str(), racks.delta), ("23", "24", 1.0));
    assert!(app.screens.compare.rows.iter().any(|r| r.kind == "row" && r.name == "Pilot hall/A02"));
    let t = render(&mut app, 120, 40);
    let screen = t.backend().to_string();
    assert!(screen.contains("This plan against"), "{screen}");
    // Edits re-run the comparison: remove the rack again and the racks delta is gone.
    keys(&mut app, "2 j $ h h h h x");
    let racks = app.screens.compare.rows.iter().find(|r| r.name == "racks").unwrap();
    assert_eq!(racks.delta, 0.0, "{racks:?}");
    // A supply scenario of the same plan.
    let mut app = open("plans/ai-factory-1gw.toml");
    keys(&mut app, "C");
    type_text(&mut app, "@risk");
    keys(&mut app, "enter");
    let supply = app.screens.compare.rows.iter().find(|r| r.kind == "supply").unwrap();
    assert_eq!((supply.a.as_str(), supply.b.as_str()), ("not within horizon", "2029Q1"));
    // What cannot be compared is said in the prompt, which stays open with what was typed, and the comparison
    // already open stays.
    let broken = tmp.path().join("broken.toml");
    std::fs::write(&broken, "[plan]\nname = 3\n").unwrap();
    let missing = tmp.path().join("missing.toml");
    for (what, says) in [
        ("@hopeful".to_string(), "no supply scenario named \"hopeful\" in this plan".to_string()),
        (missing.display().to_string(), format!("{}: ", missing.display())),
        // Two problems: the first in full, the other counted.
        (broken.display().to_string(), format!("{}: site: missing [[site]]", broken.display())),
    ] {
        keys(&mut app, "C");
        type_text(&mut app, &what);
        keys(&mut app, "enter");
        let Mode::Input { value, error: Some(m), .. } = app.mode.clone() else { panic!("{what}: {:?}", app.mode) };
        assert_eq!(value, what);
        assert!(m.contains(&says) && !m.contains('\n'), "{what}: {m}");
        assert_eq!(m.ends_with("(and 1 more)"), what.ends_with("broken.toml"), "{m}");
        keys(&mut app, "esc");
        assert_eq!(app.screens.compare.scenario(), Some("risk"));
    }
}

#[test]
fn an_undo_step_that_no_longer_loads_is_kept() {
    let tmp = crate::TempDir::new("tui-undo-kept");
    let weather = tmp.path().join("site.csv");
    std::fs::copy(crate::root().join("assets/climates/greensboro-nc.csv"), &weather).unwrap();
    let text = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml"))
        .unwrap()
        .replace("climate = \"greensboro-nc\"", "climate = \"site.csv\"");
    let path = tmp.path().join("pilot.toml");
    std::fs::write(&path, &text).unwrap();
    let mut app = open_text(&text, Some(path));
    keys(&mut app, "2 j $ space");
    let placed = app.eval().text.clone();
    assert_eq!(app.shared.doc.undo.len(), 1);
    // The weather file goes away: undo cannot load the earlier text, says why, and loses nothing.
    std::fs::rename(&weather, tmp.path().join("away.csv")).unwrap();
    keys(&mut app, "u");
    let (m, err) = app.shared.message.clone().unwrap();
    assert!(err && m.contains("weather file not found"), "{m}");
    assert_eq!((app.shared.doc.undo.len(), app.shared.doc.redo.len(), app.eval().text == placed), (1, 0, true));
    // Back in place, the same undo works, and redo returns the edit.
    std::fs::rename(tmp.path().join("away.csv"), &weather).unwrap();
    keys(&mut app, "u");
    assert_eq!((app.shared.doc.undo.len(), app.shared.doc.redo.len(), app.eval().text == text), (0, 1, true));
    keys(&mut app, "U");
    assert_eq!(app.eval().text, placed);
}

#[test]
fn save_as_elsewhere_keeps_weather_file_paths_working() {
    let tmp = crate::TempDir::new("tui-saveas");
    let here = tmp.path().join("plans");
    std::fs::create_dir_all(here.join("weather")).unwrap();
    // A plan naming its weather by a relative path: a copy of the bundled Greensboro year as TMY3-like compact CSV.
    std::fs::copy(crate::root().join("assets/climates/greensboro-nc.csv"), here.join("weather/site.csv")).unwrap();
    let text = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml"))
        .unwrap()
        .replace("climate = \"greensboro-nc\"", "climate = \"weather/site.csv\"");
    let path = here.join("pilot.toml");
    std::fs::write(&path, &text).unwrap();
    let mut app = App::open(
        text,
        Some(path.clone()),
        std::sync::Arc::new(Catalog::builtin().unwrap().clone()),
        Keymap::defaults(),
    )
    .unwrap();
    let elsewhere = tmp.path().join("copies/2027");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let target = elsewhere.join("pilot-v2.toml");
    keys(&mut app, "W");
    for _ in 0..200 {
        keys(&mut app, "backspace");
    }
    type_text(&mut app, target.to_str().unwrap());
    keys(&mut app, "enter");
    let saved = std::fs::read_to_string(&target).unwrap();
    assert!(saved.contains("climate = \"../../plans/weather/site.csv\""), "{saved}");
    assert_eq!(saved.lines().count(), std::fs::read_to_string(&path).unwrap().lines().count(), "a one-line change");
    // The copy loads from its own folder, and the app now edits it.
    assert_eq!(fleetplan_core::plan::load_file(&target, Catalog::builtin().unwrap()).map(|p| p.sites.len()), Ok(1));
    assert_eq!(app.shared.doc.path.as_deref(), Some(target.as_path()));
    assert!(!app.shared.doc.dirty());
}

#[test]
fn the_platform_comparison_follows_settings_not_layout() {
    let mut app = open("plans/ai-factory-1gw.toml");
    let before = app.shared.inference().map(|i| (i.sites.to_vec(), i.comparison.clone())).unwrap();
    keys(&mut app, "2 x");
    let after = app.shared.inference().map(|i| (i.sites.to_vec(), i.comparison.clone())).unwrap();
    assert_ne!(before.0, after.0, "the plan's own figures follow the layout");
    assert_eq!(before.1, after.1, "the comparison does not depend on the layout");
    // A setting it depends on: the supply temperature changes each platform's PUE; the kept value equals a fresh one.
    let i = app.screens.params.fields.iter().position(|f| f.path == ["cooling", "supply_c"]).unwrap();
    app.tab = Tab::Parameters;
    app.screens.params.cursor = i;
    keys(&mut app, "enter backspace backspace backspace backspace");
    type_text(&mut app, "40");
    keys(&mut app, "enter");
    let edited = app.shared.inference().unwrap().comparison.platforms.clone();
    assert_ne!(edited[2].pue, after.1.platforms[2].pue);
    let fresh =
        fleetplan_core::model::fleet_inference::compare_platforms(Catalog::builtin().unwrap(), &app.eval().plan)
            .unwrap()
            .0;
    assert_eq!(edited, fresh);
}

#[test]
fn names_with_control_characters_never_reach_the_terminal() {
    let pilot = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let evil = pilot.replacen("name = \"Greensboro pilot\"", "name = \"Evil\\u001b]0;pwned\\u0007\\u001b[2J\"", 1);
    let mut app = open_text(&evil, None);
    for tab in [Tab::Site, Tab::Hall, Tab::Parameters, Tab::Power] {
        app.tab = tab;
        let t = render(&mut app, 120, 30);
        let cells = &t.backend().buffer().content;
        assert!(
            cells.iter().all(|c| !c.symbol().chars().any(char::is_control)),
            "{tab:?}: a control character in a cell"
        );
        let screen: String = cells.iter().map(|c| c.symbol()).collect();
        assert!(screen.contains("Evil]0;pwned"), "{tab:?}: the name is shown without its controls");
    }
}

#[test]
fn a_cell_holding_a_control_character_is_replaced_before_it_is_flushed() {
    // Widgets drop zero-width controls themselves; a symbol written straight into a cell is caught here.
    let mut b = ratatui::buffer::Buffer::empty(Rect::new(0, 0, 3, 1));
    b.content[1].set_symbol("\u{1b}");
    b.content[2].set_symbol("é");
    ui::make_terminal_safe(&mut b);
    assert_eq!(b.content.iter().map(|c| c.symbol()).collect::<Vec<_>>(), [" ", "\u{fffd}", "é"]);
}

#[test]
fn a_fill_to_an_it_target_never_crosses_the_grid_envelope() {
    // The pilot with its grid cut to 4.6 MW: 4.11 MW facility peak, four free slots in row A02. Asking for 100 MW
    // of IT may only add what the envelope holds: a 140 kW GB300 rack costs 140 x 1.05 network x design PUE ~1.17
    // = 0.17 MW of the 0.49 MW headroom, so two racks (0.34 MW) and not a third (0.52 MW).
    let text = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let mut app = open_text(&text.replace("grid_mw = 5.0", "grid_mw = 4.6"), None);
    let before = app.eval().outcome.sites[0].racks;
    keys(&mut app, "T");
    type_text(&mut app, "100");
    keys(&mut app, "enter");
    let s = &app.eval().outcome.sites[0];
    assert!(s.facility_kw_peak <= 4600.0, "facility peak {} kW over the 4.6 MW envelope", s.facility_kw_peak);
    assert!(s.headroom_mw >= 0.0 && s.violations.is_empty(), "{:?}", s.violations);
    assert_eq!(s.racks, before + 2);
    // `inf` is no target.
    keys(&mut app, "T");
    type_text(&mut app, "inf");
    assert!(matches!(&app.mode, Mode::Input { error: Some(_), .. }), "{:?}", app.mode);
}

#[test]
fn save_as_asks_before_overwriting_another_file() {
    let tmp = crate::TempDir::new("tui-save-as");
    let (mut app, _path) = open_copy("plans/pilot-5mw.toml", &tmp);
    let other = tmp.path().join("theirs.toml");
    std::fs::write(&other, "# someone else's plan\n").unwrap();
    // The prompt starts with the plan's own path: cleared, then the other file's name typed.
    keys(&mut app, &format!("W {}", "backspace ".repeat(300)));
    type_text(&mut app, other.to_str().unwrap());
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Confirm(Confirm::OverwriteOther));
    keys(&mut app, "n");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "# someone else's plan\n", "cancelled: untouched");
    keys(&mut app, &format!("W {}", "backspace ".repeat(300)));
    type_text(&mut app, other.to_str().unwrap());
    keys(&mut app, "enter y");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), app.eval().text, "overwritten only when confirmed");
    assert_eq!(app.shared.doc.path.as_deref(), Some(other.as_path()));
}

#[test]
fn undo_after_a_reload_cannot_bring_back_what_the_disk_replaced() {
    let tmp = crate::TempDir::new("tui-reload");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    keys(&mut app, "2 x s");
    // A teammate's change lands on disk; the app reloads it.
    let theirs = std::fs::read_to_string(&path).unwrap().replacen("grid_mw = 5.0", "grid_mw = 6.0", 1);
    std::fs::write(&path, &theirs).unwrap();
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL)));
    assert_eq!(app.eval().text, theirs);
    // Undo has nothing from before the reload; a save keeps their change.
    keys(&mut app, "u s");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert_eq!(app.eval().plan.sites[0].grid_mw, 6.0);
}

#[test]
fn a_reload_error_says_where_and_row_gpus_are_whole() {
    let tmp = crate::TempDir::new("tui-reload-error");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    std::fs::write(&path, "[plan]\nname = = \"broken\"\n").unwrap();
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL)));
    let (msg, is_error) = app.shared.message.clone().unwrap();
    assert!(is_error, "{msg}");
    assert!(msg.contains("plan.toml:2:"), "the problem's line and column: {msg}");
    assert!(!msg.contains(": : "), "{msg}");
    // The hall panel counts GPUs as whole numbers: 14 racks x 72 = 1,008, not "1,008.00".
    app.tab = Tab::Hall;
    let t = render(&mut app, 160, 48);
    let screen: String = t.backend().buffer().content.iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("GPUs") && !screen.contains(".00 GPUs"), "a GPU count with decimals on the Hall screen");
}

#[test]
fn an_empty_row_name_is_refused_and_the_prompt_stays() {
    let mut app = open("plans/pilot-5mw.toml");
    let before = app.eval().text.clone();
    keys(&mut app, &format!("2 r {}", "backspace ".repeat(20)));
    assert!(matches!(&app.mode, Mode::Input { error: Some(e), .. } if e == "expected a name"), "{:?}", app.mode);
    keys(&mut app, "enter");
    assert!(matches!(&app.mode, Mode::Input { .. }), "still asking: {:?}", app.mode);
    assert_eq!(app.eval().text, before, "nothing renamed");
}

#[test]
fn with_no_hall_left_hall_actions_say_how_to_add_one() {
    let mut app = open("plans/pilot-5mw.toml");
    keys(&mut app, "2 X y");
    assert!(app.eval().plan.sites[0].halls.is_empty());
    for k in ["R", "e", "r", "o"] {
        keys(&mut app, k);
        assert_eq!(app.mode, Mode::Normal, "{k} opened a dialog");
        let (msg, _) = app.shared.message.clone().unwrap();
        assert!(msg.starts_with("this site has no hall: add one with A"), "{k}: {msg}");
    }
    // The Site screen says there is no PUE rather than leaving the figures blank.
    app.tab = Tab::Site;
    let t = render(&mut app, 120, 30);
    let screen: String = t.backend().buffer().content.iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("PUE design n/a · annual n/a"), "{screen}");
}

#[test]
fn edits_never_lengthen_a_row() {
    // A hall with a 20-slot row and an empty one (0 slots).
    let tmp = crate::TempDir::new("tui-empty-row");
    let pilot = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let at = pilot.find("[site.hall.rows]\n").unwrap() + "[site.hall.rows]\n".len();
    let text = format!("{}Z00 = \"\"\n{}", &pilot[..at], &pilot[at..]);
    let path = tmp.path().join("plan.toml");
    std::fs::write(&path, &text).unwrap();
    let mut app = open_text(&text, Some(path));
    keys(&mut app, "2");
    assert_eq!(app.shared.current_row_name().as_deref(), Some("Z00"));
    keys(&mut app, "$");
    assert_eq!(app.shared.cursor.slot, 0, "the end of an empty row is its start");
    keys(&mut app, "space");
    assert_eq!(app.eval().text, text, "nothing placed: the row has no slot");
    assert!(
        app.shared.message.as_ref().is_some_and(|(m, err)| *err && m.contains("the row ends before it")),
        "{:?}",
        app.shared.message
    );
    // On the 14-slot row below, $ goes to its own last slot (13), not the hall's widest.
    keys(&mut app, "j $");
    let len = app.eval().plan.sites[0].halls[0].rows[1].slots.len();
    assert_eq!(app.shared.cursor.slot, len - 1);
}

#[test]
fn comparing_a_scenario_with_itself_lists_no_change() {
    let mut app = open("plans/ai-factory-1gw.toml");
    keys(&mut app, "4 ] ]");
    assert_eq!(app.shared.scenario_name().as_deref(), Some("risk"));
    keys(&mut app, "C");
    type_text(&mut app, "@risk");
    keys(&mut app, "enter");
    let changes: Vec<_> = app.screens.compare.rows.iter().filter(|r| r.kind != "kpi").collect();
    assert!(changes.is_empty(), "unchanged items listed as changed: {changes:?}");
    assert!(app.screens.compare.rows.iter().all(|r| r.kind != "kpi" || r.delta == 0.0));
}

#[test]
fn without_colours_highlights_stay_visible() {
    // NO_COLOR: the cursor (a background colour) becomes reverse video; every colour is the terminal's own.
    let mut app = open("plans/pilot-5mw.toml");
    keys(&mut app, "2");
    let mut t = render(&mut app, 120, 30);
    let highlighted = t.backend().buffer().content.iter().filter(|c| c.bg != ratatui::style::Color::Reset).count();
    assert!(highlighted > 0);
    let mut b = t.backend_mut().buffer().clone();
    ui::strip_colours(&mut b);
    assert!(b.content.iter().all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
    let reversed = b.content.iter().filter(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED)).count();
    assert!(reversed >= highlighted, "{reversed} reversed for {highlighted} highlighted cells");
}

/// The status bar's text (the second line from the bottom) at a terminal size.
fn status_text(app: &mut App, w: u16, h: u16) -> String {
    let t = render(app, w, h);
    let buf = t.backend().buffer();
    (0..w).map(|x| buf[(x, h - 2)].symbol().to_string()).collect()
}

#[test]
fn the_status_bar_keeps_the_mode_the_selection_and_the_unsaved_file_in_view() {
    let tmp = crate::TempDir::new("status");
    let (mut app, path) = open_copy("plans/campus-100mw.toml", &tmp);
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    let s = status_text(&mut app, 80, 24);
    assert!(s.starts_with(" NORMAL ") && s.contains(&name) && !s.contains("[modified]"), "{s}");
    // A selection shows its size, racks and MW: D04 slots 4-9 hold 6 Vera Rubin racks of 230 kW = 1.38 MW.
    keys(&mut app, "l l l enter G k");
    keys(&mut app, "l l l l v l l l l l");
    let s = status_text(&mut app, 80, 24);
    assert!(s.starts_with(" SELECT 6 slots · 6 racks · 1.38 MW "), "{s}");
    // An edit: the unsaved mark and the file stay in view at 80 columns, even with a long message.
    keys(&mut app, "d");
    let s = status_text(&mut app, 80, 24);
    assert!(s.contains("[modified]") && s.trim_end().ends_with(&name), "{s}");
    // A path longer than the line keeps its end (the file name), cut from the left.
    let long = format!("/{}/{name}", "very-long-folder-name/".repeat(8));
    app.shared.doc.path = Some(PathBuf::from(&long));
    let s = status_text(&mut app, 60, 24);
    assert!(s.contains("…") && s.trim_end().ends_with(&name) && s.contains("[modified]"), "{s}");
}

#[test]
fn the_site_screen_lists_every_finding_that_fits_with_headroom_and_the_design_hour() {
    // The pilot with its grid cut to 4 MW and two halls over their limits: three findings, all listed at 160x48; the
    // header also gives the headroom and what the design is at (the 20-year extreme of Greensboro's file).
    let text = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml"))
        .unwrap()
        .replace("grid_mw = 5.0", "grid_mw = 4.0")
        .replace("it_mw_max = 4.5", "it_mw_max = 3.0")
        .replace("row_busway_kw = 2500.0", "row_busway_kw = 1000.0");
    let mut app = open_text(&text, None);
    let n = app.eval().outcome.sites[0].violations.len();
    assert!(n >= 3, "{n}");
    let t = render(&mut app, 160, 48);
    let screen: String = format!("{:?}", t.backend());
    for v in &app.eval().outcome.sites[0].violations {
        let head: String = v.message.chars().take(40).collect();
        assert!(screen.contains(&head), "{head} missing");
    }
    assert!(screen.contains("headroom -") && screen.contains("(extreme-20, 38.5 degC)"), "{screen}");
    // At 80x24 a third of the screen holds fewer: the rest are counted.
    let t = render(&mut app, 80, 24);
    assert!(format!("{:?}", t.backend()).contains("more: ! lists them all, enter jumps to one"));
}

/// The text of a rendered screen, row by row.
fn screen_rows(t: &Terminal<TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>())
        .collect()
}

#[test]
fn the_hall_panel_grows_with_the_terminal_and_wraps_findings_at_words() {
    // The over-limit plan's row is on an 800 kW busway with 4 x 230 kW: a finding whose message is longer than the
    // panel. At 220 columns the panel is 220 / 4 = 55 wide (not 34), and every finding reads whole once its wrapped
    // lines are joined: no word is cut at the panel's edge.
    let mut app = open("tests/valid_plans/over-limit.toml");
    keys(&mut app, "2");
    let messages: Vec<String> = app.eval().outcome.sites[0].violations.iter().map(|v| v.message.clone()).collect();
    assert!(messages.iter().any(|m| m.chars().count() > 52), "{messages:?}");
    for (w, h) in [(220u16, 60u16), (80, 40)] {
        let t = render(&mut app, w, h);
        let rows = screen_rows(&t);
        let (y0, x0) = rows
            .iter()
            .enumerate()
            .find_map(|(y, r)| {
                r.find("─ Figures ").or_else(|| r.find(" Figures ")).map(|b| (y, r[..b].chars().count()))
            })
            .expect("the side panel");
        // The panel's box starts at the corner before its title.
        let corner = rows[y0].chars().take(x0 + 1).collect::<Vec<_>>().iter().rposition(|c| *c == '┌').unwrap();
        let panel_w = rows[y0].chars().skip(corner).position(|c| c == '┐').unwrap() + 1;
        assert_eq!(panel_w, usize::from((w / 4).clamp(34, 60)), "{w} columns");
        let text: Vec<String> = rows[y0 + 1..]
            .iter()
            .map(|r| r.chars().skip(corner + 1).take(panel_w - 2).collect::<String>().trim().to_string())
            .take_while(|l| !l.starts_with('─'))
            .collect();
        let joined = text.join(" ");
        let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
        for m in &messages {
            let m = m.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(joined.contains(&m), "{w} columns: {m:?} not whole in {text:#?}");
        }
    }
}

#[test]
fn the_inference_table_scrolls_to_every_hall_and_the_curve_stays_at_80x24() {
    // The 1 GW plan has 16 halls; at 160x48 the table of what each serves holds fewer, and the page keys bring the
    // rest into view: every hall name is seen on some page.
    let mut app = open("plans/ai-factory-1gw.toml");
    keys(&mut app, "5");
    assert_eq!(app.tab, Tab::Inference);
    let halls: Vec<String> = app.eval().plan.sites[0].halls.iter().map(|h| h.name.clone()).collect();
    assert_eq!(halls.len(), 16);
    let shown = |app: &mut App| {
        let rows = screen_rows(&render(app, 160, 48));
        halls.iter().filter(|h| rows.iter().any(|r| r.contains(&format!("  {h} ")))).cloned().collect::<Vec<_>>()
    };
    let first_page = shown(&mut app);
    assert!(first_page.len() < 16, "all halls fit on one page: the test proves nothing ({first_page:?})");
    let mut seen = first_page.clone();
    for _ in 0..4 {
        app.handle_event(&Event::Key(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)));
        seen.extend(shown(&mut app));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 16, "{seen:?}");
    assert!(shown(&mut app).contains(&halls[15]), "the last page shows the last hall");
    // Back up: the first hall again.
    for _ in 0..4 {
        app.handle_event(&Event::Key(KeyEvent::new(KeyCode::PageUp, KeyModifiers::NONE)));
    }
    assert!(shown(&mut app).contains(&halls[0]));
    // At 80x24 the chart has no room; its operating point and peak are told in one line, on the lower edge of the
    // platforms table, instead of vanishing.
    let rows = screen_rows(&render(&mut app, 80, 24));
    assert!(rows.iter().any(|r| r.contains("deepseek-r1 (←→): ") && r.contains("tok/s/GPU at")), "{rows:#?}");
    assert!(rows.iter().any(|r| r.contains(", peak ")), "{rows:#?}");
}

#[test]
fn help_never_splits_a_group_heading_from_its_keys() {
    // At 80x24 and 160x48, at every scroll position: the last text line of a help column is never a group's heading,
    // and the first is always a heading (the group's own, or "(cont.)" when the column starts inside it).
    let groups: std::collections::BTreeSet<&str> =
        fleetplan::tui::keymap::ACTIONS.iter().map(|(_, _, g, _)| *g).collect();
    let is_heading = |s: &str| {
        let t = s.trim();
        // The open screen's own keys come first, under "<Screen> screen".
        let group = |g: &str| groups.contains(g) || g.ends_with(" screen");
        group(t) || t.strip_suffix(" (cont.)").is_some_and(group)
    };
    let mut app = open("plans/pilot-5mw.toml");
    keys(&mut app, "?");
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        app.help_scroll = 0;
        for _ in 0..fleetplan::tui::keymap::ACTIONS.len() {
            let rows = screen_rows(&render(&mut app, w, h));
            // The help box spans rows 1..h-1; its columns are 76 wide inside the border.
            let inner: Vec<&String> = rows[2..usize::from(h) - 2].iter().collect();
            let cols = (usize::from(w) - 2) / 76;
            let col_w = (usize::from(w) - 2) / cols.max(1);
            for c in 0..cols.max(1) {
                let column: Vec<String> = inner
                    .iter()
                    .map(|r| r.chars().skip(1 + c * col_w).take(col_w).collect::<String>())
                    .filter(|l| !l.trim().is_empty())
                    .collect();
                if column.is_empty() {
                    continue;
                }
                assert!(
                    is_heading(&column[0]),
                    "{w}x{h} scroll {}: column {c} starts with {:?}",
                    app.help_scroll,
                    column[0]
                );
                assert!(
                    !is_heading(column.last().unwrap()),
                    "{w}x{h} scroll {}: column {c} ends with a heading: {column:#?}",
                    app.help_scroll
                );
            }
            // In the help, letters filter; the arrow keys scroll.
            app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)));
        }
    }
}

#[test]
fn halls_and_sites_are_stepped_through_and_the_fleet_is_totalled() {
    // Two sites: Greensboro (GSO 1, GSO 2) and Miami (MIA 1). Next hall walks the fleet in order and wraps; next and
    // previous site jump to a site's first hall.
    let mut app = open("tests/valid_plans/two-sites.toml");
    keys(&mut app, "2");
    let at = |app: &App| (app.shared.cursor.site, app.shared.cursor.hall);
    assert_eq!(at(&app), (0, 0));
    keys(&mut app, "}");
    assert_eq!(at(&app), (0, 1));
    keys(&mut app, "}");
    assert_eq!(at(&app), (1, 0), "past a site's last hall: the next site's first");
    keys(&mut app, "}");
    assert_eq!(at(&app), (0, 0), "wraps");
    keys(&mut app, "{");
    assert_eq!(at(&app), (1, 0));
    keys(&mut app, "( (");
    assert_eq!(at(&app), (1, 0));
    keys(&mut app, ")");
    assert_eq!(at(&app), (0, 0));
    assert_eq!(app.tab, Tab::Hall, "stepping keeps the screen");
    // The Site screen's fleet line adds both sites: racks 26 + 25 = 51 and GPUs 51 x 72 = 3,672.
    keys(&mut app, "1");
    let f = app.eval().outcome.fleet();
    assert_eq!((f.sites, f.racks, f.gpus), (2, 51, 3672));
    let rows = screen_rows(&render(&mut app, 160, 48));
    let fleet = rows.iter().find(|r| r.contains("Fleet ")).expect("a fleet line");
    assert!(fleet.contains("2 sites · IT ") && fleet.contains("51 racks · 3,672 GPUs"), "{fleet}");
    assert!(fleet.contains("of 20.00 MW grid"), "12 + 8 MW of grid: {fleet}");
    // A one-site plan has no fleet line, and says so when asked for another site.
    let mut one = open("plans/pilot-5mw.toml");
    assert!(!screen_rows(&render(&mut one, 160, 48)).iter().any(|r| r.contains("Fleet ")));
    keys(&mut one, ")");
    assert_eq!(one.shared.message.as_ref().map(|m| m.0.as_str()), Some("this plan has one site"));
}

#[test]
fn the_tab_bar_fits_at_80_columns_and_clicks_land_on_what_is_drawn() {
    // Full titles need 87 columns; at 80 the short ones (72) show every screen, the last included.
    let mut app = open("plans/pilot-5mw.toml");
    let bar = &screen_rows(&render(&mut app, 80, 24))[0];
    for t in ["1 Site", "2 Hall", "3 Params", "4 Supply", "5 Infer", "6 Power", "7 Compare"] {
        assert!(bar.contains(t), "{t} missing from {bar:?}");
    }
    assert!(screen_rows(&render(&mut app, 160, 48))[0].contains("2 Hall layout"));
    // At 40 columns: numbers, the open screen with its title; a click on a number opens that screen.
    for (w, h) in [(80u16, 24u16), (40, 24)] {
        let bar = screen_rows(&render(&mut app, w, h))[0].clone();
        let x = bar.find(" 7 ").map(|b| bar[..b].chars().count() + 1).expect("tab 7 drawn");
        app.handle_event(&Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x as u16,
            row: 0,
            modifiers: KeyModifiers::NONE,
        }));
        assert_eq!(app.tab, Tab::Compare, "{w} columns: {bar:?}");
        keys(&mut app, "1");
    }
}

#[test]
fn rows_and_halls_are_copied_and_pasted_and_a_selection_switches_profile() {
    let tmp = crate::TempDir::new("clipboard");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    let row = |app: &App, h: usize, r: usize| {
        app.eval().plan.sites[0].halls[h].rows[r]
            .slots
            .iter()
            .map(|s| s.map_or('.', |i| app.eval().plan.legend[usize::from(i)].symbol))
            .collect::<String>()
    };
    assert_eq!(row(&app, 0, 1), "GGGGGGGGGg....");
    // Copy A01 (14 G), paste it onto A02: one line of the file changes, 24 -> 28 racks.
    keys(&mut app, "2 y j P");
    assert_eq!(row(&app, 0, 1), "GGGGGGGGGGGGGG");
    assert_eq!(app.eval().outcome.sites[0].racks, 28);
    keys(&mut app, "s");
    let saved = std::fs::read_to_string(&path).unwrap();
    let before = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let changed: Vec<_> = saved.lines().zip(before.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].0.starts_with("A02 = \"GGGGGGGGGGGGGG\""), "{changed:?}");
    // Switch A02 from max-p (G, 140 kW) to max-q (g, 132 kW): brush g, replace over the row. Rack IT falls by
    // 14 x (140 - 132) = 112 kW.
    let rack_it = |app: &App| app.eval().outcome.sites[0].rack_it_kw;
    let was = rack_it(&app);
    keys(&mut app, "b S");
    assert_eq!(row(&app, 0, 1), "gggggggggggggg");
    assert!((was - rack_it(&app) - 112.0).abs() < 1e-9, "{} -> {}", was, rack_it(&app));
    // A selection: the first 3 slots of A01 only (empty slots stay empty; racks already g are left alone).
    keys(&mut app, "k 0 v l l S");
    assert_eq!(row(&app, 0, 0), "gggGGGGGGGGGGG");
    assert!(app.shared.anchor.is_none());
    // Copy the hall and paste: a new hall after it, with the same rows, quarter and limits.
    keys(&mut app, "Y P");
    let halls = &app.eval().plan.sites[0].halls;
    assert_eq!(halls.len(), 2);
    assert_eq!(halls[1].name, "Pilot hall copy");
    assert_eq!((halls[1].it_mw_max, halls[1].row_busway_kw), (Some(4.5), Some(2500.0)));
    assert_eq!(halls[1].energised, halls[0].energised);
    assert_eq!(row(&app, 1, 0), "gggGGGGGGGGGGG");
    assert_eq!(app.shared.cursor.hall, 1, "the cursor goes to the pasted hall");
    // A second paste gets another name.
    keys(&mut app, "P");
    assert_eq!(app.eval().plan.sites[0].halls[2].name, "Pilot hall copy 2");
    // Each edit is one undo step: two hall pastes, two replaces and the row paste.
    keys(&mut app, "u u u u");
    assert_ne!(app.eval().text, before);
    keys(&mut app, "u");
    assert_eq!(app.eval().text, before);
}

#[test]
fn a_row_pasted_onto_a_shorter_row_is_cut_to_its_length() {
    let mut app = open_text(
        "[legend]\nV = \"vr-nvl72\"\n\n[[site]]\nname = \"S\"\ngrid_mw = 50\nclimate = \"greensboro-nc\"\n\n[[site.hall]]\nname = \"H\"\nenergised = \"2027Q1\"\n\n[site.hall.rows]\nR1 = \"VVVVVV\"\nR2 = \"...\"\n",
        None,
    );
    keys(&mut app, "2 y j P");
    assert_eq!(app.eval().plan.sites[0].halls[0].rows[1].slots.len(), 3, "a row keeps its length");
    assert_eq!(app.eval().outcome.sites[0].racks, 9);
    assert!(
        app.shared.message.as_ref().unwrap().0.contains("3 slots past its end left out"),
        "{:?}",
        app.shared.message
    );
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn search_jumps_to_a_hall_or_row_and_the_findings_list_to_the_offending_row() {
    // The 1 GW plan: "/" and "hall 12" lists Hall 12 and then its rows; down twice and enter goes to its second row
    // on the Hall screen.
    let mut app = open("plans/ai-factory-1gw.toml");
    keys(&mut app, "/");
    assert!(matches!(app.mode, Mode::Jump(_)));
    type_text(&mut app, "hall 12");
    let Mode::Jump(j) = &app.mode else { unreachable!() };
    let found = app.shared.jump_matches(j);
    let rows = app.eval().plan.sites[0].halls[11].rows.len();
    assert_eq!(found.len(), 1 + rows, "{found:#?}");
    assert!(found[0].text.contains("Hall 12"));
    // The list is drawn, with the query.
    let screen = screen_rows(&render(&mut app, 120, 40)).join("\n");
    assert!(screen.contains("/hall 12") && screen.contains("Hall 12 ("), "{screen}");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.tab, Tab::Hall);
    assert_eq!((app.shared.cursor.site, app.shared.cursor.hall, app.shared.cursor.row), (0, 11, 1));
    // Words match in any order and case; nothing matching says so and enter stays put.
    keys(&mut app, "/");
    type_text(&mut app, "no such hall anywhere");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Jump(_)), "enter with no match keeps the list open");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);

    // The over-limit plan's findings: "!" lists them; the row busway one jumps to row R1 of hall H.
    let mut app = open("tests/valid_plans/over-limit.toml");
    keys(&mut app, "!");
    let Mode::Jump(j) = &app.mode else { panic!("{:?}", app.mode) };
    let found = app.shared.jump_matches(j);
    assert_eq!(found.len(), app.eval().outcome.sites[0].violations.len());
    let busway = found.iter().position(|e| e.row == Some(0)).expect("a row finding");
    for _ in 0..busway {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!((app.tab, app.shared.cursor.hall, app.shared.cursor.row), (Tab::Hall, 0, 0));
    // A plan with no finding says so instead of opening an empty list.
    let mut ok = open("plans/pilot-5mw.toml");
    keys(&mut ok, "!");
    assert_eq!(ok.mode, Mode::Normal);
    assert_eq!(ok.shared.message.as_ref().unwrap().0, "no finding: every limit holds");
}

/// Puts the Parameters cursor on the setting shown as `label` (e.g. "hall.it_mw_max").
fn on_param(app: &mut App, label: &str) {
    app.tab = Tab::Parameters;
    app.screens.params.cursor =
        app.screens.params.fields.iter().position(|f| f.label() == label).unwrap_or_else(|| panic!("no {label}"));
}

#[test]
fn hall_limits_economics_and_workload_are_edited_and_reset_in_the_app() {
    let tmp = crate::TempDir::new("params");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    let before = std::fs::read_to_string(&path).unwrap();
    // The pilot hall's switchboard: 4.5 MW -> 4.0 MW, one line of the file.
    on_param(&mut app, "hall.it_mw_max");
    keys(&mut app, "enter backspace backspace backspace");
    type_text(&mut app, "4.0");
    keys(&mut app, "enter");
    assert_eq!(app.eval().plan.sites[0].halls[0].it_mw_max, Some(4.0));
    // The plan has no [economics]: setting the cost of capital adds the table with that one key.
    on_param(&mut app, "economics.cost_of_capital");
    keys(&mut app, "enter backspace backspace backspace backspace");
    type_text(&mut app, "0.08");
    keys(&mut app, "enter");
    assert_eq!(app.eval().plan.economics.cost_of_capital, 0.08);
    keys(&mut app, "s");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("it_mw_max = 4.0                  # switchboard rating"), "comment kept: {saved}");
    assert!(saved.ends_with("[economics]\ncost_of_capital = 0.08\n"), "{saved}");
    assert_eq!(saved.lines().count(), before.lines().count() + 3, "the table: a blank line, its header, the key");
    // Reset: x takes supply_c (40 in the plan) back to the default 45 by removing its line.
    on_param(&mut app, "cooling.supply_c");
    keys(&mut app, "x");
    assert_eq!(app.eval().plan.sites[0].settings.cooling.supply_c, 45.0);
    assert!(!app.eval().text.contains("supply_c = 40.0"));
    assert!(
        app.shared.message.as_ref().unwrap().0.starts_with("reset cooling.supply_c (default 45.0)"),
        "{:?}",
        app.shared.message
    );
    // A hall limit resets to no limit; a key every plan states cannot be reset.
    on_param(&mut app, "hall.it_mw_max");
    keys(&mut app, "x");
    assert_eq!(app.eval().plan.sites[0].halls[0].it_mw_max, None);
    on_param(&mut app, "grid_mw");
    keys(&mut app, "x");
    assert!(app.shared.message.as_ref().unwrap().1, "an error");
    assert_eq!(app.eval().plan.sites[0].grid_mw, 5.0);
    // Undo brings each back.
    keys(&mut app, "u u u");
    assert_eq!(app.eval().plan.sites[0].halls[0].it_mw_max, Some(4.0));
    assert_eq!(app.eval().plan.sites[0].settings.cooling.supply_c, 40.0);
}

#[test]
fn choices_are_picked_from_the_values_the_loader_accepts() {
    let mut app = open("plans/ai-factory-1gw.toml");
    // Heat rejection: the loader's own list, opened on the current value.
    on_param(&mut app, "cooling.heat_rejection");
    keys(&mut app, "enter");
    let Mode::Pick(p) = app.mode.clone() else { panic!("{:?}", app.mode) };
    assert_eq!(p.options, ["dry-cooler", "cooling-tower", "chiller"]);
    let current = app.screens.params.values[app.screens.params.cursor].literal.trim_matches('"').to_string();
    assert_eq!(p.options[p.selected], current);
    // Drawn as a list.
    let screen = screen_rows(&render(&mut app, 120, 40)).join("\n");
    assert!(screen.contains(" cooling-tower ") && screen.contains("enter sets"), "{screen}");
    // Pick the chiller plant.
    let to_chiller = 2 - p.selected;
    for _ in 0..to_chiller {
        keys(&mut app, "j");
    }
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.eval().text.contains("heat_rejection = \"chiller\""));
    // Workload serving and precision are choices too; a number is typed.
    on_param(&mut app, "workload.serving");
    keys(&mut app, "enter");
    let Mode::Pick(p) = &app.mode else { panic!("{:?}", app.mode) };
    assert_eq!(p.options, ["aggregated", "disaggregated"]);
    keys(&mut app, "j enter");
    assert_eq!(app.eval().plan.workload.as_ref().unwrap().serving.name(), "disaggregated");
    on_param(&mut app, "workload.precision");
    keys(&mut app, "enter");
    assert!(matches!(&app.mode, Mode::Pick(p) if p.options == ["fp4", "fp8", "bf16"]), "{:?}", app.mode);
    keys(&mut app, "esc");
    on_param(&mut app, "workload.isl");
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Input { .. }));
    keys(&mut app, "esc");
    // Climate: the catalogue's, and a way to type a weather file's path.
    on_param(&mut app, "climate");
    keys(&mut app, "enter");
    let Mode::Pick(p) = app.mode.clone() else { panic!("{:?}", app.mode) };
    assert!(p.options.iter().any(|o| o == "miami-fl"));
    assert_eq!(p.options.last().unwrap(), "type a value…");
    let n = p.options.len();
    for _ in 0..n {
        keys(&mut app, "j");
    }
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Input { .. }), "the last entry opens the prompt: {:?}", app.mode);
}

#[test]
fn the_supply_table_pages_through_every_quarter_and_its_headline_wraps() {
    // 12 quarters of the 1 GW plan; at 80 columns the table of what binds shows 5; the page keys move it by 4, and
    // its last page ends at the horizon (2029Q4). Labels never run together ("packagingpackaging").
    let mut app = open("plans/ai-factory-1gw.toml");
    keys(&mut app, "4");
    let table = |app: &mut App| {
        let rows = screen_rows(&render(app, 80, 24));
        let top = rows.iter().position(|r| r.contains("What binds each quarter")).unwrap();
        rows[top..].join("\n")
    };
    let first = table(&mut app);
    assert!(first.contains("2027Q1") && !first.contains("2029Q4 "), "{first}");
    assert!(!first.contains("packagingpackaging"), "{first}");
    let mut seen = first.clone();
    for _ in 0..3 {
        press(&mut app, KeyCode::PageDown);
        seen.push_str(&table(&mut app));
    }
    let last = table(&mut app);
    assert!(last.contains("2029Q4 ") && last.contains("of 12 quarters"), "{last}");
    for q in [
        "2027Q1", "2027Q2", "2027Q3", "2027Q4", "2028Q1", "2028Q2", "2028Q3", "2028Q4", "2029Q1", "2029Q2", "2029Q3",
        "2029Q4",
    ] {
        assert!(seen.contains(q), "{q} never shown");
    }
    // One page back moves back at once (the position is kept within the last page).
    press(&mut app, KeyCode::PageUp);
    assert!(!table(&mut app).contains("2029Q4 "));
    // The headline is wrapped, not cut: the mean of scenarios and the cost of delay read whole.
    let screen = screen_rows(&render(&mut app, 80, 24)).join(" ");
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("mean of scenarios"), "{words}");
    assert!(words.contains("of facility capital idle"), "{words}");
}

#[test]
fn key_hints_are_whole_and_always_offer_help() {
    // On every screen at 80 columns the hint line keeps help, and a hint that does not fit is left out whole (the
    // line used to end in "q qui").
    let mut app = open("plans/ai-factory-1gw.toml");
    for tab in ["1", "2", "3", "4", "5", "6", "7"] {
        keys(&mut app, tab);
        let rows = screen_rows(&render(&mut app, 80, 24));
        let hints = rows.last().unwrap();
        assert!(hints.contains(" ?  help"), "{tab}: {hints:?}");
        assert!(hints.trim_end().ends_with("help"), "{tab}: {hints:?}");
    }
}

#[test]
fn an_edit_on_a_scenario_file_writes_only_its_overrides() {
    let tmp = crate::TempDir::new("tui-scenario");
    let base = tmp.path().join("pilot.toml");
    std::fs::copy(crate::root().join("plans/pilot-5mw.toml"), &base).unwrap();
    std::fs::create_dir_all(tmp.path().join("scenarios")).unwrap();
    let path = tmp.path().join("scenarios/warm.toml");
    let scenario =
        "# Pilot at 45 degC\nbase = \"../pilot.toml\"\nname = \"warm\"\n\n[site]\ncooling.supply_c = 45.0   # W45\n";
    std::fs::write(&path, scenario).unwrap();
    let base_before = std::fs::read_to_string(&base).unwrap();
    let mut app = open_text(scenario, Some(path.clone()));
    assert_eq!(app.shared.doc.title(), "scenario warm over pilot.toml");
    assert!(screen_rows(&render(&mut app, 120, 30))[0].contains("scenario warm over pilot.toml"));
    assert!(!app.shared.doc.dirty());
    // A rack placed in A02's last empty slot: a [rows."Pilot hall"] override of that row, nothing else.
    keys(&mut app, "2 j $ space");
    assert!(app.shared.doc.dirty());
    keys(&mut app, "s");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.starts_with(scenario), "the file as written is kept: {saved}");
    assert!(saved.contains("[rows.\"Pilot hall\"]\nA02 = \"GGGGGGGGGg...G\""), "{saved}");
    assert_eq!(std::fs::read_to_string(&base).unwrap(), base_before, "the base is never written");
    // A parameter: the override's value changes in place, its comment kept.
    let i = app.screens.params.fields.iter().position(|f| f.label() == "cooling.supply_c").unwrap();
    app.tab = Tab::Parameters;
    app.screens.params.cursor = i;
    keys(&mut app, "enter backspace backspace backspace backspace");
    type_text(&mut app, "43");
    keys(&mut app, "enter s");
    let saved = std::fs::read_to_string(&path).unwrap();
    // Typed "43" over the file's "45.0": written in the file's style, 43.0, the comment in its column.
    assert!(saved.contains("cooling.supply_c = 43.0   # W45"), "{saved}");
    // Back to the base's value (40.0): the override goes away; removing the rack again drops the rows override.
    keys(&mut app, "enter backspace backspace backspace backspace");
    type_text(&mut app, "40.0");
    keys(&mut app, "enter 2 x s");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(!saved.contains("supply_c") && !saved.contains("A02"), "{saved}");
    assert!(saved.starts_with("# Pilot at 45 degC\nbase = \"../pilot.toml\"\nname = \"warm\"\n"), "{saved}");
    // The scenario read back is the plan the app shows.
    let back = fleetplan_core::evaluation::Evaluation::from_path(
        &path,
        std::sync::Arc::new(Catalog::builtin().unwrap().clone()),
    )
    .unwrap();
    assert_eq!(back.plan, app.eval().plan);
    // Adding a hall is the base's business: refused, said so, nothing changed.
    let before = app.eval().text.clone();
    keys(&mut app, "1 A");
    assert_eq!(app.eval().text, before);
    let (m, err) = app.shared.message.clone().unwrap();
    assert!(err && m.contains("base plan"), "{m}");
}

/// Unsaved edits kept in the recovery file (with the plan's permissions) are offered when the plan is opened again:
/// restored as an unsaved edit (and the file removed), discarded, or kept for later; a save removes the file.
#[cfg(unix)]
#[test]
fn a_recovery_file_is_written_with_the_plans_permissions_and_offered_on_the_next_open() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = crate::TempDir::new("tui-recovery");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let disk = std::fs::read_to_string(&path).unwrap();
    assert_eq!(app.shared.doc.write_recovery().unwrap(), None, "nothing unsaved, nothing kept");
    keys(&mut app, "2 d");
    assert!(app.shared.doc.dirty());
    let recovery = app.shared.doc.write_recovery().unwrap().expect("kept");
    assert_eq!(recovery, tmp.path().join("plan.toml.recovery"));
    let kept = std::fs::read_to_string(&recovery).unwrap();
    assert_eq!(kept, app.shared.doc.out_text);
    assert_ne!(kept, disk);
    assert_eq!(std::fs::metadata(&recovery).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), disk, "the plan itself is untouched");

    // Opened again: asked. Kept for later, then asked again; discarded; restored.
    let reopen = || open_copy_at(&path);
    let mut again = reopen();
    assert_eq!(again.mode, Mode::Confirm(Confirm::Recover));
    keys(&mut again, "k");
    assert!(recovery.exists() && !again.shared.doc.dirty());
    let mut again = reopen();
    keys(&mut again, "r");
    assert_eq!(again.shared.doc.out_text, kept, "restored");
    assert!(again.shared.doc.dirty() && !recovery.exists(), "an unsaved edit, and the file is gone");
    keys(&mut again, "u");
    assert_eq!(again.shared.doc.out_text, disk, "the restore is one undo step");
    app.shared.doc.write_recovery().unwrap();
    let mut again = reopen();
    keys(&mut again, "d");
    assert!(!recovery.exists() && !again.shared.doc.dirty());
    assert_eq!(reopen().mode, Mode::Normal, "nothing to offer");

    // A save removes a recovery file: its edits are in the plan, or were dropped for newer ones.
    app.shared.doc.write_recovery().unwrap();
    keys(&mut app, "s");
    assert!(!recovery.exists());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), kept);
}

fn open_copy_at(path: &std::path::Path) -> App {
    let text = std::fs::read_to_string(path).unwrap();
    App::open(
        text,
        Some(path.to_path_buf()),
        std::sync::Arc::new(Catalog::builtin().unwrap().clone()),
        Keymap::defaults(),
    )
    .unwrap()
}

/// The Parameters screen reads its values only while it is open (a whole parse of the plan per edit elsewhere was a
/// fifth of an edit at 50 sites); opened again after an edit made on another screen, it shows the plan as it is now.
#[test]
fn the_parameters_screen_shows_edits_made_while_it_was_closed() {
    let mut app = open("plans/pilot-5mw.toml");
    let i = app.screens.params.fields.iter().position(|f| f.path == ["cooling", "cdu_approach_k"]).unwrap();
    keys(&mut app, "3");
    app.screens.params.cursor = i;
    keys(&mut app, "enter backspace backspace backspace backspace");
    type_text(&mut app, "5");
    keys(&mut app, "enter");
    assert_eq!(app.screens.params.values[i].literal, "5");
    // Away to the Site screen, undo there, and back: the undone value, read afresh.
    keys(&mut app, "1 u");
    assert!(!app.eval().text.contains("cdu_approach_k = 5"));
    keys(&mut app, "3");
    assert!(!app.screens.params.values[i].from_plan, "{:?}", app.screens.params.values[i]);
}

/// A recovery file that no longer reads as a plan (edited by hand, cut short) is not restored: the app says why and
/// keeps the file, and the plan is as it was.
#[test]
fn a_recovery_file_that_does_not_load_is_kept_and_said_so() {
    let tmp = crate::TempDir::new("tui-recovery-bad");
    let (_, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    let recovery = tmp.path().join("plan.toml.recovery");
    std::fs::write(&recovery, "[[site]]\nname = \"cut short\"\ngrid_mw = \n").unwrap();
    let mut app = open_copy_at(&path);
    assert_eq!(app.mode, Mode::Confirm(Confirm::Recover));
    keys(&mut app, "r");
    let (message, is_error) = app.shared.message.clone().unwrap();
    assert!(is_error && message.starts_with("not restored, the recovery file has a problem"), "{message}");
    assert!(recovery.exists() && !app.shared.doc.dirty());
}
