//! docs/validation.md quotes fleetplan's figures beside public measurements; every `` `column` = value `` in a row
//! must be what the row's own `fleetplan export ...` (or one-variant `fleetplan sweep ...`) command prints, at the
//! precision the page writes.

use std::collections::BTreeMap;

/// The site table of one export command (or of a sweep with one variant), as column -> value (the bundled plans
/// have one site each).
fn export(args: &[&str]) -> BTreeMap<String, String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(args)
        .current_dir(crate::root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert!(lines.next().is_none(), "{args:?}: one site expected");
    header.iter().zip(row).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// `` `name` = 1.125 `` pairs of a table row.
fn quoted_figures(row: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (i, _) in row.match_indices("` = ") {
        let name_start = row[..i].rfind('`').unwrap() + 1;
        let value: String = row[i + 4..].chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-').collect();
        found.push((row[name_start..i].to_string(), value));
    }
    found
}

#[test]
fn validation_page_figures_are_what_the_program_prints() {
    let page = std::fs::read_to_string(crate::root().join("docs/validation.md")).unwrap();
    let mut checked = 0;
    for row in page.lines().filter(|l| l.starts_with('|')) {
        let Some(start) = row.find("`fleetplan export ").or_else(|| row.find("`fleetplan sweep ")) else { continue };
        let command = &row[start + "`fleetplan ".len()..];
        let command = &command[..command.find('`').unwrap()];
        let site = export(&command.split_whitespace().collect::<Vec<_>>());
        for (name, quoted) in quoted_figures(row) {
            let actual: f64 =
                site.get(&name).unwrap_or_else(|| panic!("no column {name} in `{command}`")).parse().unwrap();
            let decimals = quoted.split_once('.').map_or(0, |(_, d)| d.len());
            assert_eq!(format!("{actual:.decimals$}"), quoted, "docs/validation.md, `{command}`, {name}");
            checked += 1;
        }
    }
    // The page quotes 36 figures; a row rewritten into a form this test cannot read must not pass silently.
    assert_eq!(checked, 36, "figures checked on docs/validation.md");
}
