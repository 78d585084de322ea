//! `fleetplan plot`: every chart renders for the three bundled plans; what is reviewed is the SVG's text structure
//! (its titles, axis and legend labels, and how many of each element it draws), not its pixels.

use std::process::Command;

fn structure(svg: &str) -> String {
    let mut out = String::new();
    for tag in ["rect", "line", "polyline", "circle", "path", "text"] {
        out.push_str(&format!("{tag}: {}\n", svg.matches(&format!("<{tag} ")).count()));
    }
    out.push_str("texts:\n");
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let body = &rest[i..];
        let open = body.find('>').unwrap_or(0) + 1;
        let close = body.find("</text>").unwrap_or(open);
        out.push_str(&format!("  {}\n", body[open..close].trim()));
        rest = &body[close..];
    }
    out
}

fn plot(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .arg("plot")
        .args(args)
        .current_dir(crate::root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"), "{args:?}");
    svg
}

#[test]
fn every_chart_renders_for_the_three_bundled_plans() {
    for (plan, tag) in
        [("plans/pilot-5mw.toml", "5mw"), ("plans/campus-100mw.toml", "campus"), ("plans/ai-factory-1gw.toml", "1gw")]
    {
        for chart in ["pue-monthly", "load-duration", "trim-heatmap", "supply", "inference-curve", "hall-layout"] {
            let svg = plot(&[plan, "--chart", chart]);
            insta::assert_snapshot!(format!("plot_{tag}_{chart}"), structure(&svg));
        }
    }
}

#[test]
fn the_sensitivity_chart_draws_a_bar_per_key_and_a_file_is_written() {
    let svg = plot(&[
        "plans/pilot-5mw.toml",
        "--chart",
        "sensitivity",
        "--vary",
        "cooling.supply_c=35..45",
        "--vary",
        "cooling.dry_cooler.approach_k=4..12",
        "--samples",
        "32",
    ]);
    let s = structure(&svg);
    assert!(s.contains("Sobol indices of pue_annual (128 evaluations)"), "{s}");
    // Titled with the plan's name, not the path it was read from.
    assert!(s.contains("Greensboro pilot, 5 MW: Sobol indices") && !s.contains("plans/pilot-5mw.toml:"), "{s}");
    assert!(s.contains("cooling.supply_c") && s.contains("cooling.dry_cooler.approach_k"), "{s}");
    // To a file, atomically; a chart that needs what the plan lacks is refused with exit 2.
    let tmp = crate::TempDir::new("plot");
    let out = tmp.path().join("hall.svg");
    let o = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(["plot", "plans/pilot-5mw.toml", "--chart", "hall-layout", "--out", &out.display().to_string()])
        .current_dir(crate::root())
        .output()
        .unwrap();
    assert!(o.status.success() && o.stdout.is_empty());
    assert!(std::fs::read_to_string(&out).unwrap().contains("Pilot hall"));
    let o = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(["plot", "tests/valid_plans/over-limit.toml", "--chart", "supply"])
        .current_dir(crate::root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no [supply] section"));
}
