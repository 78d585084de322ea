//! Every file in tests/invalid_plans fails to load with exactly the diagnostics its `# expect:` lines name (each
//! line is a prefix-free substring of one diagnostic, in order), and every plan in plans/ loads.

use fleetplan::catalog::Catalog;
use fleetplan::plan;

#[test]
fn each_invalid_plan_reports_exactly_its_expected_errors() {
    let dir = crate::root().join("tests/invalid_plans");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "expected a folder of invalid plans, found {}", files.len());
    let cat = Catalog::builtin().unwrap();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let expected: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("# expect: ")).collect();
        assert!(!expected.is_empty(), "{} has no # expect: line", file.display());
        let err = match plan::load_file(&file, cat) {
            Ok(_) => panic!("{} loaded, but should fail", file.display()),
            Err(e) => e,
        };
        let got: Vec<String> = err.0.iter().map(ToString::to_string).collect();
        assert_eq!(got.len(), expected.len(), "{}: expected {expected:#?}\ngot {got:#?}", file.display());
        for (want, have) in expected.iter().zip(&got) {
            assert!(have.contains(want), "{}:\n  want: {want}\n  have: {have}", file.display());
        }
    }
}

#[test]
fn every_example_plan_loads() {
    let cat = Catalog::builtin().unwrap();
    let plans = crate::plans();
    assert_eq!(plans.len(), 3);
    for p in plans {
        plan::load_file(&p, cat).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
}
