//! Load → save without edits gives identical bytes, and saving is atomic.

use fleetplan::plan::PlanDocument;

#[test]
fn every_plan_saves_back_byte_for_byte() {
    let tmp = crate::TempDir::new("roundtrip");
    for p in crate::plans() {
        let text = std::fs::read_to_string(&p).unwrap();
        let doc = PlanDocument::parse(&text, Some(p.clone())).unwrap();
        assert_eq!(doc.render(), text, "{}", p.display());
        let out = tmp.path().join(p.file_name().unwrap());
        doc.save_as(&out).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), text.as_bytes());
    }
    // Nothing but the saved files is left behind (no temporary files).
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), crate::plans().len());
}

#[test]
fn a_one_rack_edit_is_a_one_line_change() {
    let path = crate::root().join("plans/pilot-5mw.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut doc = PlanDocument::parse(&text, None).unwrap();
    assert!(doc.set_row(0, 0, "A01", ".GGGGGGGGGGGGG"));
    assert!(!doc.set_row(0, 0, "Z99", "G"));
    assert!(!doc.set_row(1, 0, "A01", "G"));
    let saved = doc.render();
    let changed: Vec<(&str, &str)> = text.lines().zip(saved.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(text.lines().count(), saved.lines().count());
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.starts_with("A01 = \".GGGG"), "{changed:?}");
}
