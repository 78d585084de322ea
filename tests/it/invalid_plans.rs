//! Every file in tests/invalid_plans fails to load with exactly the diagnostics its `# expect:` lines name (each
//! line is a prefix-free substring of one diagnostic, in order), and every plan in plans/ loads.

use fleetplan_core::catalog::Catalog;
use fleetplan_core::plan;

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

/// The `# expect:` lines of a fixture and its diagnostics, compared one for one (each line a substring of its
/// diagnostic, in order).
fn assert_expected(file: &std::path::Path, expected: &[&str], got: &[String]) {
    assert!(!expected.is_empty(), "{} has no expectation", file.display());
    assert_eq!(got.len(), expected.len(), "{}: expected {expected:#?}\ngot {got:#?}", file.display());
    for (want, have) in expected.iter().zip(got) {
        assert!(have.contains(want), "{}:\n  want: {want}\n  have: {have}", file.display());
    }
}

fn fixtures(dir: &str, ext: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(crate::root().join("tests/invalid_plans").join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

#[test]
fn each_invalid_catalogue_reports_exactly_its_expected_errors() {
    let files = fixtures("catalogues", "toml");
    assert!(files.len() >= 4, "expected a folder of invalid catalogues");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let expected: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("# expect: ")).collect();
        let err = match Catalog::builtin().unwrap().with_overrides(&file) {
            Ok(_) => panic!("{} loaded, but should fail", file.display()),
            Err(e) => e,
        };
        assert_expected(&file, &expected, &err.0.iter().map(ToString::to_string).collect::<Vec<_>>());
    }
}

#[test]
fn each_invalid_weather_file_reports_exactly_its_expected_errors() {
    // Weather files cannot carry comments: each has a sidecar NAME.expect with one expected problem a line.
    let files: Vec<_> = fixtures("weather", "epw").into_iter().chain(fixtures("weather", "csv")).collect();
    assert!(files.len() >= 3, "expected a folder of invalid weather files");
    for file in files {
        let sidecar = std::fs::read_to_string(file.with_extension("expect")).unwrap();
        let expected: Vec<&str> = sidecar.lines().filter(|l| !l.is_empty()).collect();
        let name = file.file_name().unwrap().to_str().unwrap();
        let err = match fleetplan_core::catalog::climate::read_file(&file, name) {
            Ok(_) => panic!("{} loaded, but should fail", file.display()),
            Err(e) => e,
        };
        assert_expected(&file, &expected, &err.0.iter().map(ToString::to_string).collect::<Vec<_>>());
    }
}
