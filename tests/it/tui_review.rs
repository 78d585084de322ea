//! The app telling what happened (issue 25): the message log, errors shown whole, undo naming the edit, fills
//! saying what stopped them, help for the open screen with a filter, hints that follow the mode, one dialog
//! convention, and a three-way merge with a file changed on disk. Key sequences, with snapshots at 80x24 and 160x48.

use std::time::{Duration, UNIX_EPOCH};

use fleetplan::tui::app::{App, Confirm, Mode, Tab};

use crate::tui::{keys, open, open_copy, open_text, render};

/// A fixed clock (13:05:09 UTC), so the log's times are the same in every run.
fn fixed_clock() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(13 * 3600 + 5 * 60 + 9)
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    render(app, w, h).backend().to_string()
}

#[test]
fn undo_and_redo_name_the_edit_and_the_log_keeps_every_message_in_full() {
    let mut app = open("plans/pilot-5mw.toml");
    // The opening message was stamped by the real clock: the log starts here.
    app.shared.log.clear();
    app.shared.clock = fixed_clock;
    // Hall screen, row A02's last slot (empty in the pilot): place, then undo and redo.
    keys(&mut app, "2 j $ space");
    let placed = app.shared.message.clone().unwrap().0;
    assert!(
        placed.starts_with("place G at Pilot hall/A02 slot 14 · IT +140 kW racks, +147 kW with network"),
        "{placed}"
    );
    keys(&mut app, "u");
    assert_eq!(app.shared.message.clone().unwrap().0, "undone: place G at Pilot hall/A02 slot 14");
    keys(&mut app, "U");
    assert_eq!(app.shared.message.clone().unwrap().0, "redone: place G at Pilot hall/A02 slot 14");
    keys(&mut app, "U");
    assert_eq!(app.shared.message.clone().unwrap().0, "nothing to redo");
    // The log: every message, newest first, whole, with its time.
    keys(&mut app, "M");
    assert_eq!(app.mode, Mode::Messages { scroll: 0 });
    for (w, h) in [(80, 24), (160, 48)] {
        let s = screen(&mut app, w, h);
        assert!(s.contains("Messages (4, newest first, times UTC)"), "{s}");
        assert!(s.contains("13:05:09 nothing to redo"), "{s}");
        insta::assert_snapshot!(format!("review_messages_{w}x{h}"), render(&mut app, w, h).backend());
    }
    // The first message is there in full, however long: the 80-column log wraps it.
    let s = screen(&mut app, 160, 48);
    assert!(s.contains(&placed), "{s}");
    keys(&mut app, "esc");
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn an_error_the_status_line_cuts_is_shown_whole_and_the_next_key_only_closes_it() {
    let mut app = open("plans/pilot-5mw.toml");
    keys(&mut app, "2 j $ space");
    // A new plan with unsaved edits is refused; at 80 columns the message does not fit beside the file name.
    keys(&mut app, "N");
    let (text, error) = app.shared.message.clone().unwrap();
    assert!(error && text.starts_with("save or undo your changes"), "{text}");
    for (w, h) in [(80, 24), (160, 48)] {
        app.shared.popup = true;
        let s = screen(&mut app, w, h);
        let shown = s.contains("Not done");
        // At 160 columns it fits the status line: no popup.
        assert_eq!(shown, w == 80, "{w}x{h}:\n{s}");
        if shown {
            insta::assert_snapshot!(format!("review_error_popup_{w}x{h}"), render(&mut app, w, h).backend());
        }
    }
    // At 80 columns: the popup is drawn; the next key closes it and does nothing else (x would empty a slot).
    app.shared.popup = true;
    screen(&mut app, 80, 24);
    let racks = app.eval().outcome.sites[0].racks;
    keys(&mut app, "x");
    assert_eq!(app.eval().outcome.sites[0].racks, racks, "the key that closed the popup removed a rack");
    assert!(!screen(&mut app, 80, 24).contains("Not done"));
    keys(&mut app, "x");
    assert_eq!(app.eval().outcome.sites[0].racks, racks - 1);
}

#[test]
fn a_fill_says_what_stopped_it() {
    // The campus with Hall B's busways at 2,000 kW: row B04 (14 racks of 140 kW, 1,960 kW) has no room left for its
    // 4 empty slots, and rows B01-B03 are full.
    let text = std::fs::read_to_string(crate::root().join("plans/campus-100mw.toml")).unwrap();
    let text = text.replacen(
        "energised = \"2027Q3\"\nit_mw_max = 22.0\nrow_busway_kw = 3000.0",
        "energised = \"2027Q3\"\nit_mw_max = 22.0\nrow_busway_kw = 2000.0",
        1,
    );
    let mut app = open_text(&text, Some(crate::root().join("plans/campus-100mw.toml")));
    // Hall screen of Hall B, fill the hall.
    keys(&mut app, "2 } F");
    let (m, error) = app.shared.message.clone().unwrap();
    assert!(error, "{m}");
    assert_eq!(m, "fill hall: no rack placed; stopped by row busway Hall B/B04 (2,000 kW); 4 slots left empty");
    // The same hall at its stated busway: the 4 racks go in.
    let mut app = open("plans/campus-100mw.toml");
    keys(&mut app, "2 } F");
    let m = app.shared.message.clone().unwrap().0;
    assert!(m.starts_with("fill hall: 4 racks placed · IT +560 kW racks"), "{m}");
}

#[test]
fn help_shows_the_open_screens_keys_first_and_filters_as_you_type() {
    let mut app = open("plans/pilot-5mw.toml");
    keys(&mut app, "2 ?");
    for (w, h) in [(80, 24), (160, 48)] {
        let s = screen(&mut app, w, h);
        assert!(s.contains("Keys: Hall screen first · type to filter"), "{s}");
        // The screen's group opens the list.
        let first_group = s.lines().nth(2).unwrap_or_default();
        assert!(first_group.contains("Hall screen"), "{first_group}");
        insta::assert_snapshot!(format!("review_help_hall_{w}x{h}"), render(&mut app, w, h).backend());
    }
    // Typing filters: only keys whose description, key or group has "busway"... none; then "fill".
    keys(&mut app, "b u s w a y");
    assert!(screen(&mut app, 80, 24).contains("no key matches \"busway\""));
    for _ in 0..6 {
        keys(&mut app, "backspace");
    }
    keys(&mut app, "f i l l");
    assert_eq!(app.mode, Mode::Help { filter: "fill".into() });
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("Keys matching \"fill\""), "{s}");
    assert!(s.contains("fill the hall's empty slots") && !s.contains("empty the slot"), "{s}");
    // The help key types into the filter once something is typed; esc closes.
    keys(&mut app, "esc");
    assert_eq!(app.mode, Mode::Normal);
    // Other screens have their own first group.
    for (tab, name) in
        [(Tab::Parameters, "Parameters screen"), (Tab::Supply, "Supply screen"), (Tab::Compare, "Compare screen")]
    {
        app.tab = tab;
        keys(&mut app, "?");
        assert!(screen(&mut app, 160, 48).contains(name), "{name}");
        keys(&mut app, "esc");
    }
}

#[test]
fn the_hint_bar_follows_the_mode_and_every_dialog_names_its_object_and_takes_enter() {
    let mut app = open("plans/pilot-5mw.toml");
    let hints = |app: &mut App| screen(app, 100, 24).lines().last().unwrap_or_default().to_string();
    assert!(hints(&mut app).contains("save"), "normal mode shows the screen's keys");
    // A prompt: its own keys, not the screen's.
    keys(&mut app, "R");
    let h = hints(&mut app);
    assert!(h.contains("enter  apply") && h.contains("esc  cancel") && !h.contains("save"), "{h}");
    keys(&mut app, "esc");
    // Remove hall: the dialog names the hall, its rows and racks; esc keeps it, enter removes it.
    keys(&mut app, "X");
    assert_eq!(app.mode, Mode::Confirm(Confirm::RemoveHall));
    for (w, h) in [(80, 24), (160, 48)] {
        let s = screen(&mut app, w, h);
        assert!(s.contains("Remove hall Pilot hall"), "{s}");
        insta::assert_snapshot!(format!("review_confirm_remove_hall_{w}x{h}"), render(&mut app, w, h).backend());
    }
    let h = hints(&mut app);
    assert!(h.contains("enter  remove") && h.contains("esc  keep it"), "{h}");
    keys(&mut app, "esc");
    assert_eq!(app.eval().plan.sites[0].halls.len(), 1);
    keys(&mut app, "X enter");
    assert_eq!(app.eval().plan.sites[0].halls.len(), 0);
    assert!(app.shared.message.clone().unwrap().0.starts_with("remove hall"));
}

#[test]
fn a_file_changed_on_disk_is_merged_when_the_edits_touch_different_lines() {
    let tmp = crate::TempDir::new("merge-clean");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    // Mine: a rack in row A02's last slot. Theirs, on disk: the electricity price.
    keys(&mut app, "2 j $ space");
    let disk = std::fs::read_to_string(&path).unwrap();
    let price = disk.lines().find(|l| l.starts_with("electricity_usd_per_mwh")).unwrap().to_string();
    std::fs::write(&path, disk.replacen(&price, "electricity_usd_per_mwh = 99.0", 1)).unwrap();
    keys(&mut app, "s");
    assert_eq!(app.mode, Mode::Confirm(Confirm::ChangedOnDisk));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("plan.toml changed on disk") && s.contains("enter: merge both and save"), "{s}");
    keys(&mut app, "enter");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("electricity_usd_per_mwh = 99.0"), "theirs kept:\n{saved}");
    assert!(saved.contains("A02 = \"GGGGGGGGGgG...\"") || saved.contains("GGGGGGGGGg...G"), "mine kept:\n{saved}");
    assert!(!app.shared.doc.dirty());
    assert_eq!(app.eval().plan.sites[0].settings.electricity_usd_per_mwh, 99.0);
    assert!(app.shared.message.clone().unwrap().0.starts_with("merged the changes on disk with yours and saved"));
    // The merge is one undo step.
    assert_eq!(app.shared.doc.undo.last().map(|s| s.what.as_str()), Some("merge the changes made on disk"));
}

#[test]
fn overlapping_edits_are_shown_side_by_side_and_nothing_is_written_until_chosen() {
    let tmp = crate::TempDir::new("merge-conflict");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    // Both change row A02: mine places a rack in its last slot, theirs empties the row on disk.
    keys(&mut app, "2 j $ space");
    let disk = std::fs::read_to_string(&path).unwrap();
    let a02 = disk.lines().find(|l| l.starts_with("A02")).unwrap().to_string();
    let theirs = disk.replacen(&a02, "A02 = \"..............\"", 1);
    std::fs::write(&path, &theirs).unwrap();
    keys(&mut app, "s enter");
    let Mode::Merge { conflicts, .. } = app.mode.clone() else { panic!("{:?}", app.mode) };
    assert_eq!(conflicts.len(), 1);
    assert!(
        conflicts[0].ours.iter().any(|l| l.starts_with("A02")) && conflicts[0].theirs == ["A02 = \"..............\""]
    );
    for (w, h) in [(80, 24), (160, 48)] {
        let s = screen(&mut app, w, h);
        assert!(s.contains("yours") && s.contains("on disk"), "{s}");
        insta::assert_snapshot!(format!("review_merge_conflict_{w}x{h}"), render(&mut app, w, h).backend());
    }
    // Nothing written yet; esc leaves both as they were.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    keys(&mut app, "esc");
    assert!(app.shared.doc.dirty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    // Asked again, "o" keeps mine.
    keys(&mut app, "s enter o");
    assert!(!app.shared.doc.dirty());
    assert!(std::fs::read_to_string(&path).unwrap().contains(&a02[..6]));
    assert_ne!(std::fs::read_to_string(&path).unwrap(), theirs);
}

/// The campus with Hall B's busways lowered to 2,000 kW: its three full rows (2,520 kW each) are over.
fn campus_over_busway() -> App {
    let text = std::fs::read_to_string(crate::root().join("plans/campus-100mw.toml")).unwrap();
    let text = text.replacen(
        "energised = \"2027Q3\"\nit_mw_max = 22.0\nrow_busway_kw = 3000.0",
        "energised = \"2027Q3\"\nit_mw_max = 22.0\nrow_busway_kw = 2000.0",
        1,
    );
    // Named by its path from the project root, as `open` does: a snapshot must not hold the checkout's folder.
    open_text(&text, Some(std::path::PathBuf::from("plans/campus-100mw.toml")))
}

#[test]
fn limits_show_at_a_glance_on_the_site_screen() {
    // Headroom is never cut, even at 80 columns on the 1 GW plan (the grid bar gives way); 6 of 16 halls fit, and
    // the screen says which.
    let mut app = open("plans/ai-factory-1gw.toml");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("headroom 136.9 MW"), "{s}");
    assert!(s.contains("halls 1-6 of 16"), "{s}");
    // Moving to the last hall scrolls: the count follows.
    keys(&mut app, "G");
    assert!(screen(&mut app, 80, 24).contains("of 16"));
    // A row over its busway marks its hall's block, selected or not: Hall B has 3 findings.
    let mut app = campus_over_busway();
    for (w, h) in [(80, 24), (160, 48)] {
        let s = screen(&mut app, w, h);
        assert!(s.contains("Hall B ! 3"), "{s}");
        insta::assert_snapshot!(format!("review_site_findings_{w}x{h}"), render(&mut app, w, h).backend());
    }
    keys(&mut app, "l");
    assert_eq!(app.shared.cursor.hall, 1);
    assert!(screen(&mut app, 80, 24).contains("Hall B ! 3"), "selected, still marked");
    // The halls table (where there is room) sorts by what is tightest: c cycles the order.
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("Halls · plan order (c sorts)"), "{s}");
    keys(&mut app, "c c");
    assert_eq!(app.shared.message.clone().unwrap().0, "halls table: most of the limit used first");
    keys(&mut app, "c c");
    assert_eq!(app.shared.message.clone().unwrap().0, "halls table: most findings first");
    let s = screen(&mut app, 160, 48);
    let first = s.lines().skip_while(|l| !l.contains("energised")).nth(1).unwrap_or_default();
    assert!(first.contains("Hall B"), "the hall with findings first: {first}");
}

#[test]
fn parameters_filter_show_units_and_edit_every_economics_key() {
    let mut app = open("plans/ai-factory-1gw.toml");
    keys(&mut app, "3");
    // Units beside the values, read from the keys' suffixes: degC, MW, $/MWh.
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("grid_mw") && s.contains("1000.0 MW"), "{s}");
    assert!(s.contains("68.0 $/MWh"), "{s}");
    // Filter: "/" on this screen filters its settings (every word in the key or its help).
    keys(&mut app, "/");
    crate::tui::type_text(&mut app, "tower fan");
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("match \"tower fan\""), "{s}");
    assert!(s.contains("cooling.tower.fan_kw_per_mw") && !s.contains("cooling.supply_c"), "{s}");
    keys(&mut app, "enter");
    for (w, h) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("review_params_filter_{w}x{h}"), render(&mut app, w, h).backend());
    }
    // Every economics key is editable, a rack price per platform among them: Vera Rubin at $4.5 M a rack.
    keys(&mut app, "/");
    for _ in 0.."tower fan".len() {
        keys(&mut app, "backspace");
    }
    crate::tui::type_text(&mut app, "rack_capex_usd.vr-nvl72 ");
    keys(&mut app, "enter");
    let s = screen(&mut app, 160, 48);
    assert!(s.contains("economics.rack_capex_usd.vr-nvl72"), "{s}");
    keys(&mut app, "enter");
    for _ in 0..12 {
        keys(&mut app, "backspace");
    }
    crate::tui::type_text(&mut app, "4500000");
    keys(&mut app, "enter");
    assert_eq!(app.eval().plan.economics.rack_capex_usd.get("vr-nvl72"), Some(&4_500_000.0));
    assert!(app.eval().text.contains("[economics.rack_capex_usd]\nvr-nvl72 = 4500000"), "{}", app.eval().text);
    // Reset: the line goes, the catalogue's price applies again.
    keys(&mut app, "x");
    assert!(app.eval().plan.economics.rack_capex_usd.is_empty());
    // The revenue per million output tokens is there too.
    assert!(app.screens.params.fields.iter().any(|f| f.label().ends_with("revenue_usd_per_m_output_tokens")));
}

#[test]
fn a_refused_rename_keeps_the_typed_name_and_says_why_in_plain_words() {
    let mut app = open("plans/campus-100mw.toml");
    // On Hall B, rename it to Hall A: refused before it is applied, the prompt kept with the name typed.
    keys(&mut app, "l R");
    for _ in 0.."Hall B".len() {
        keys(&mut app, "backspace");
    }
    crate::tui::type_text(&mut app, "Hall A");
    keys(&mut app, "enter");
    let Mode::Input { value, error, .. } = app.mode.clone() else { panic!("{:?}", app.mode) };
    assert_eq!(value, "Hall A");
    assert_eq!(
        error.as_deref(),
        Some("Miami campus already has a hall called Hall A: hall names are unique in a site")
    );
    keys(&mut app, "esc");
    assert_eq!(app.eval().plan.sites[0].halls[1].name, "Hall B");
}

#[test]
fn a_pasted_hall_and_a_set_value_keep_the_files_order_style_and_comment_column() {
    let tmp = crate::TempDir::new("tidy");
    let (mut app, path) = open_copy("plans/campus-100mw.toml", &tmp);
    // Copy Hall A and paste it after Hall D: its keys in the file's order, its limits as the file writes them.
    keys(&mut app, "Y G P");
    let text = app.eval().text.clone();
    let block = &text[text.find("name = \"Hall A copy\"").unwrap()..];
    let block = &block[..block.find("[site.hall.rows]").unwrap()];
    assert_eq!(block, "name = \"Hall A copy\"\nenergised = \"2027Q1\"\nit_mw_max = 22.0\nrow_busway_kw = 3000.0\n\n");
    // A setting with a comment after it: the comment keeps its column (electricity_usd_per_mwh = 95.0   # FPL ...).
    let line = |t: &str| t.lines().find(|l| l.starts_with("electricity_usd_per_mwh")).unwrap().to_string();
    let before = line(&app.eval().text);
    let i = app.screens.params.fields.iter().position(|f| f.label() == "electricity_usd_per_mwh").unwrap();
    app.tab = Tab::Parameters;
    app.screens.params.cursor = i;
    keys(&mut app, "enter backspace backspace backspace backspace");
    crate::tui::type_text(&mut app, "102.75");
    keys(&mut app, "enter s");
    let after = line(&std::fs::read_to_string(&path).unwrap());
    assert!(after.starts_with("electricity_usd_per_mwh = 102.75 "), "{after}");
    assert_eq!(after.find('#'), before.find('#'), "{before}\n{after}");
}

#[test]
fn overlapping_edits_can_be_settled_one_way_keeping_every_other_change_of_both() {
    let tmp = crate::TempDir::new("merge-settle");
    let (mut app, path) = open_copy("plans/pilot-5mw.toml", &tmp);
    // Mine: a rack in A02 and the electricity price. Theirs: A02 emptied and the 2N redundancy made N+1 (lines apart
    // from mine: adjacent lines changed by both are one overlap, as in git).
    keys(&mut app, "2 j $ space");
    let i = app.screens.params.fields.iter().position(|f| f.label() == "electricity_usd_per_mwh").unwrap();
    app.tab = Tab::Parameters;
    app.screens.params.cursor = i;
    keys(&mut app, "enter");
    for _ in 0..6 {
        keys(&mut app, "backspace");
    }
    crate::tui::type_text(&mut app, "81.5");
    keys(&mut app, "enter");
    // Two edits, neither saved.
    assert_eq!(app.shared.doc.unsaved_edits(), 2);
    let disk = std::fs::read_to_string(&path).unwrap();
    let a02 = disk.lines().find(|l| l.starts_with("A02")).unwrap().to_string();
    let red = disk.lines().find(|l| l.starts_with("redundancy")).unwrap().to_string();
    std::fs::write(&path, disk.replacen(&a02, "A02 = \"..............\"", 1).replacen(&red, "redundancy = \"N+1\"", 1))
        .unwrap();
    keys(&mut app, "s");
    assert!(screen(&mut app, 160, 48).contains("you have 2 edits not saved"));
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Merge { .. }), "{:?}", app.mode);
    // m: mine where both changed A02; their redundancy and my price both kept.
    keys(&mut app, "m");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains(&a02[..6]) && !saved.contains("A02 = \"..............\""), "mine in A02:\n{saved}");
    assert!(saved.contains("redundancy = \"N+1\""), "theirs elsewhere kept:\n{saved}");
    assert!(saved.contains("electricity_usd_per_mwh = 81.5"), "mine elsewhere kept:\n{saved}");
    assert!(!app.shared.doc.dirty() && app.shared.doc.unsaved_edits() == 0);
}

#[test]
fn an_edit_that_crosses_a_limit_says_so_and_a_new_hall_takes_its_neighbours_limits() {
    // Campus Hall C: replace its Max-Q row (v, 190 kW) with the brief's 440 kW Vera Rubin: the row's busway is crossed.
    let mut app = open("plans/campus-100mw.toml");
    keys(&mut app, "+");
    crate::tui::type_text(&mut app, "W vr-nvl72@brief");
    keys(&mut app, "enter");
    keys(&mut app, "2 } } j j j j S");
    let (m, error) = app.shared.message.clone().unwrap();
    // Hall C's 25 MW limit is crossed (and C05's busway with it).
    assert!(error && m.contains("now over a limit: Hall C: hall IT 28.56 MW exceeds its 25.00 MW limit"), "{m}");
    assert!(m.contains("(and 1 more: ! lists them)"), "{m}");
    // A hall added after Hall D is built like it: its IT limit and busways.
    let mut app = open("plans/campus-100mw.toml");
    keys(&mut app, "G A");
    let new = app.eval().plan.sites[0].halls.last().unwrap().clone();
    assert_eq!((new.it_mw_max, new.row_busway_kw), (Some(25.0), Some(5000.0)), "{}", new.name);
    // It has no racks yet, and says so rather than "complete".
    assert!(screen(&mut app, 160, 48).contains("no racks yet"));
}

#[test]
fn a_comparison_with_a_scenario_follows_every_edit() {
    // The campus against itself in the risk scenario: only supply differs. Then an edit of the open plan (the grid)
    // is in both sides, so it is not a change between them.
    let mut app = open("plans/campus-100mw.toml");
    keys(&mut app, "C");
    crate::tui::type_text(&mut app, "@risk");
    keys(&mut app, "enter");
    assert_eq!(app.tab, Tab::Compare);
    let changes = |app: &App| app.screens.compare.rows.iter().filter(|r| r.kind != "kpi").count();
    let before = changes(&app);
    let i = app.screens.params.fields.iter().position(|f| f.label() == "grid_mw").unwrap();
    app.tab = Tab::Parameters;
    app.screens.params.cursor = i;
    keys(&mut app, "enter backspace backspace backspace backspace backspace");
    crate::tui::type_text(&mut app, "140");
    keys(&mut app, "enter 7");
    assert_eq!(app.eval().plan.sites[0].grid_mw, 140.0);
    assert_eq!(
        changes(&app),
        before,
        "{:?}",
        app.screens.compare.rows.iter().filter(|r| r.kind != "kpi").collect::<Vec<_>>()
    );
    assert!(!app.screens.compare.rows.iter().any(|r| r.kind == "parameter" && r.name == "grid_mw"));
}

#[test]
fn a_brush_the_supply_cannot_serve_is_refused_before_it_is_in_the_legend() {
    // The pilot's supply scenarios supply HBM3e only: a Vera Rubin brush (HBM4) could
    // not be placed, so it is refused as typed, and nothing is written.
    let mut app = open("plans/pilot-5mw.toml");
    let legend = app.eval().plan.legend.len();
    keys(&mut app, "2 +");
    // Nothing typed yet: no error shown.
    let Mode::Input { error, .. } = app.mode.clone() else { panic!() };
    assert_eq!(error, None);
    crate::tui::type_text(&mut app, "R vr-nvl72");
    let Mode::Input { error, .. } = app.mode.clone() else { panic!() };
    let error = error.unwrap_or_default();
    assert!(error.starts_with("a rack of it could not be placed: ") && error.contains("HBM4"), "{error}");
    keys(&mut app, "enter esc");
    assert_eq!(app.eval().plan.legend.len(), legend);
}

#[test]
fn the_plan_and_the_selected_supply_scenario_are_edited_on_the_parameters_screen() {
    let mut app = open("plans/campus-100mw.toml");
    let at = |app: &App, label: &str| app.screens.params.fields.iter().position(|f| f.label() == label).unwrap();
    app.tab = Tab::Parameters;
    // The second scenario (aggressive): its integrator's racks a quarter, 100 -> 120.
    keys(&mut app, "]");
    app.screens.params.cursor = at(&app, "supply.scenario.integrator_racks_per_quarter");
    assert!(screen(&mut app, 160, 48).contains("supply.scenario[aggressive].integrator_racks_per_quarter"));
    keys(&mut app, "enter backspace backspace backspace");
    crate::tui::type_text(&mut app, "120");
    keys(&mut app, "enter");
    let s = &app.eval().plan.supply.as_ref().unwrap().scenarios;
    assert_eq!((s[0].name.as_str(), s[1].name.as_str()), ("baseline", "aggressive"));
    assert!(app.eval().text.contains(
        "name = \"aggressive\"\nprobability = 0.25\ncdus_per_quarter = 10\nintegrator_racks_per_quarter = 120"
    ));
    // The horizon and the plan's name.
    app.screens.params.cursor = at(&app, "supply.quarters");
    keys(&mut app, "enter backspace backspace");
    crate::tui::type_text(&mut app, "12");
    keys(&mut app, "enter");
    assert_eq!(app.eval().plan.supply.as_ref().unwrap().quarters, 12);
    app.screens.params.cursor = at(&app, "plan.name");
    keys(&mut app, "enter");
    for _ in 0.."Miami campus, 100 MW".len() {
        keys(&mut app, "backspace");
    }
    crate::tui::type_text(&mut app, "Miami 2028");
    keys(&mut app, "enter");
    assert_eq!(app.eval().plan.name, "Miami 2028");
    // The baseline scenario's CDUs, reset: the line goes and the limit with it.
    keys(&mut app, "[");
    app.screens.params.cursor = at(&app, "supply.scenario.cdus_per_quarter");
    keys(&mut app, "x");
    assert!(!app.eval().text.contains("name = \"baseline\"\nprobability = 0.6\ncdus_per_quarter = 6"));
}

#[test]
fn the_supply_chart_names_its_lines_when_its_legend_has_no_room() {
    // At 80x24 the chart is too small for its legend box: its title names each line (in its colour).
    let mut app = open("plans/ai-factory-1gw.toml");
    keys(&mut app, "4");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Racks: planned · energised · baseline · aggressive · risk"), "{s}");
}

#[test]
fn a_long_hall_name_is_cut_with_an_ellipsis_and_an_absent_side_says_none() {
    let text = std::fs::read_to_string(crate::root().join("plans/campus-100mw.toml")).unwrap();
    let text = text.replacen("name = \"Hall A\"", "name = \"Hall A, north annex, phase 2\"", 1);
    let mut app = open_text(&text, Some(std::path::PathBuf::from("plans/campus-100mw.toml")));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("┌ Hall A, north annex,… ┐") && !s.contains("phase 2"), "{s}");
    // Compared with the pilot: a legend entry only one plan has reads "(none)" on the other side.
    keys(&mut app, "C");
    crate::tui::type_text(&mut app, "plans/pilot-5mw.toml");
    keys(&mut app, "enter");
    assert!(screen(&mut app, 160, 48).contains("-> (none)") || screen(&mut app, 160, 48).contains("(none) ->"));
}

#[test]
fn a_finding_that_only_grows_is_not_said_to_be_new() {
    // The over-limit plan: row R1 (4 x 230 kW = 920 kW) is over its 800 kW busway and the site over its 0.5 MW grid.
    // A 440 kW rack in place of a 230 kW one makes both worse (1,130 kW), but neither is a new finding.
    let mut app = open("tests/valid_plans/over-limit.toml");
    keys(&mut app, "2 +");
    crate::tui::type_text(&mut app, "B vr-nvl72@brief");
    keys(&mut app, "enter space");
    let (m, _) = app.shared.message.clone().unwrap();
    assert!(m.starts_with("place B at H/R1 slot 1 · IT +210 kW racks"), "{m}");
    assert!(!m.contains("now over a limit"), "{m}");
    assert_eq!(app.eval().outcome.sites[0].violations.len(), 3, "the same three findings, grown");
}

#[test]
fn a_scenario_file_changed_on_disk_is_not_merged_and_nothing_is_written() {
    let tmp = crate::TempDir::new("merge-scenario");
    std::fs::copy(crate::root().join("plans/pilot-5mw.toml"), tmp.path().join("pilot.toml")).unwrap();
    let path = tmp.path().join("warm.toml");
    let scenario = "base = \"pilot.toml\"\nname = \"warm\"\n\n[site]\ncooling.supply_c = 45.0\n";
    std::fs::write(&path, scenario).unwrap();
    let mut app = open_text(scenario, Some(path.clone()));
    keys(&mut app, "2 j $ space");
    let theirs = scenario.replace("45.0", "44.0");
    std::fs::write(&path, &theirs).unwrap();
    keys(&mut app, "s enter");
    let (m, error) = app.shared.message.clone().unwrap();
    assert!(error && m.starts_with("not merged: a scenario file is not merged here"), "{m}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert!(app.shared.doc.dirty());
}
