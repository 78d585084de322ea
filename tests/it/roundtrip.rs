//! Load → save without edits gives identical bytes, saving is atomic, and a one-rack edit is one line.

use fleetplan_core::plan::document::write_file;
use fleetplan_core::plan::edit;

#[test]
fn every_plan_saves_back_byte_for_byte() {
    let tmp = crate::TempDir::new("roundtrip");
    for p in crate::plans() {
        let text = std::fs::read_to_string(&p).unwrap();
        // The app keeps the text it read and writes it back; an edit that changes nothing leaves it as it was.
        let unchanged = edit::set_site_value(&text, 0, &["grid_mw"], &edit::typed_literal(&grid(&text))).unwrap();
        assert_eq!(unchanged, text, "{}", p.display());
        let out = tmp.path().join(p.file_name().unwrap());
        write_file(&out, unchanged.as_bytes()).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), text.as_bytes());
    }
    // Nothing but the saved files is left behind (no temporary files).
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), crate::plans().len());
}

/// The first site's grid_mw as written.
fn grid(text: &str) -> String {
    let line = text.lines().find(|l| l.starts_with("grid_mw")).unwrap();
    line.split('=').nth(1).unwrap().split('#').next().unwrap().trim().to_string()
}

#[test]
fn a_one_rack_edit_is_a_one_line_change() {
    let path = crate::root().join("plans/pilot-5mw.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let saved = edit::set_row(&text, 0, 0, "A01", ".GGGGGGGGGGGGG").unwrap();
    assert!(edit::set_row(&text, 0, 0, "Z99", "G").is_err());
    assert!(edit::set_row(&text, 1, 0, "A01", "G").is_err());
    let changed: Vec<(&str, &str)> = text.lines().zip(saved.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(text.lines().count(), saved.lines().count());
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.starts_with("A01 = \".GGGG"), "{changed:?}");
}
