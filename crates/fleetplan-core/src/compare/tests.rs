//! Tests of the comparison: pairing, rows of every kind, serving and supply KPIs.

use super::*;
use crate::catalog::Catalog;
use std::sync::Arc;

fn bundled(file: &str) -> Evaluation {
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(file);
    Evaluation::from_path(&path, Arc::new(Catalog::builtin().unwrap().clone())).unwrap()
}

#[test]
fn a_dry_bulb_limit_and_a_wet_bulb_limit_are_not_ranked() {
    // The pilot's dry coolers are free up to a dry bulb, the campus's towers up to a wet bulb: different
    // temperatures, so neither limit is better; the PUE still is.
    let (pilot, campus) = (bundled("plans/pilot-5mw.toml"), bundled("plans/campus-100mw.toml"));
    let rows = diff_rows((&pilot).into(), (&campus).into());
    let row = |name: &str| rows.iter().find(|r| r.name == name).unwrap();
    assert!(!row("free_cooling_limit_c").comparable && row("free_cooling_limit_c").better().is_none());
    assert!(row("pue_annual").better().is_some());
    // Two dry-cooler plans: the limits are ranked.
    let gw = bundled("plans/ai-factory-1gw.toml");
    let rows = diff_rows((&pilot).into(), (&gw).into());
    assert!(rows.iter().find(|r| r.name == "free_cooling_limit_c").unwrap().better().is_some());
}

#[test]
fn sites_pair_by_name_and_a_single_site_pairs_whatever_its_name() {
    let e = bundled("plans/pilot-5mw.toml");
    let mut a = e.plan.clone();
    let mut b = e.plan.clone();
    // One site each, renamed: still the same site.
    b.sites[0].name = "Renamed".into();
    let p = site_pairs(&a, &b);
    assert_eq!((p.b_of, p.paired_b), (vec![Some(0)], vec![true]));
    // A: [X, Y, Z]; B: [Z, W, X]. X pairs with B's 2, Z with B's 0, Y with none; B's W (1) is unpaired.
    let site = a.sites[0].clone();
    let named = |n: &str| {
        let mut s = site.clone();
        s.name = n.into();
        s
    };
    a.sites = vec![named("X"), named("Y"), named("Z")];
    b.sites = vec![named("Z"), named("W"), named("X")];
    let p = site_pairs(&a, &b);
    assert_eq!(p.b_of, vec![Some(2), None, Some(0)]);
    assert_eq!(p.paired_b, vec![true, false, true]);
}

/// The campus plan with `edit` applied to its text, evaluated.
fn campus_with(edit: impl Fn(String) -> String) -> Evaluation {
    let text = include_str!("../../../../plans/campus-100mw.toml").to_string();
    let origin = crate::plan::Origin::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../plans/campus-100mw.toml"), None);
    Evaluation::from_text(edit(text), origin, Arc::new(Catalog::builtin().unwrap().clone())).unwrap()
}

fn changes(a: &Evaluation, b: &Evaluation) -> Vec<(String, String, String, String)> {
    diff_rows(a.into(), b.into())
        .into_iter()
        .filter(|r| r.kind != "kpi")
        .map(|r| (r.kind.to_string(), r.name, r.a, r.b))
        .collect()
}

#[test]
fn workload_economics_supply_hall_limits_renames_and_findings_are_listed() {
    let a = campus_with(|t| t);
    let row = |k: &str, n: &str, x: &str, y: &str| (k.to_string(), n.to_string(), x.to_string(), y.to_string());
    // The workload's service level and utilisation, and an economics key the plan did not state (its default
    // 0.10 against the plan's 0.12).
    let b = campus_with(|t| {
        t.replace("tps_user_min = 50 ", "tps_user_min = 60 ").replace("utilisation = 0.6", "utilisation = 0.7")
            + "\n[economics]\ncost_of_capital = 0.12\n"
    });
    let c = changes(&a, &b);
    assert!(c.contains(&row("workload", "tps_user_min", "50", "60")), "{c:?}");
    assert!(c.contains(&row("workload", "utilisation", "0.6", "0.7")), "{c:?}");
    assert!(c.contains(&row("economics", "cost_of_capital", "0.10", "0.12")), "{c:?}");
    assert_eq!(c.len(), 3, "{c:?}");
    // A hall limit lowered below the hall's load: the limit, and the finding it adds, named with its hall.
    let b = campus_with(|t| t.replacen("it_mw_max = 25.0", "it_mw_max = 15.0", 1));
    let c = changes(&a, &b);
    assert!(c.contains(&row("hall", "Hall C it_mw_max", "25.0", "15.0")), "{c:?}");
    let f = c.iter().find(|r| r.0 == "finding").unwrap();
    assert!(f.1 == "hall_power at Hall C" && f.2.is_empty() && f.3.starts_with("added: Hall C"), "{f:?}");
    // Back again, the finding is cleared.
    let c = changes(&b, &a);
    assert!(c.iter().any(|r| r.0 == "finding" && r.2.starts_with("cleared: ")), "{c:?}");
    // A renamed hall is one rename, its rows unchanged, not a hall removed and another added.
    let b = campus_with(|t| t.replace("name = \"Hall B\"", "name = \"Hall Bravo\""));
    assert_eq!(changes(&a, &b), [row("hall", "renamed", "Hall B", "Hall Bravo")]);
    // A supply key, inside its scenario.
    let text = include_str!("../../../../plans/campus-100mw.toml");
    let q = text.lines().find(|l| l.starts_with("quarters")).unwrap().to_string();
    let b = campus_with(|t| t.replacen(&q, "quarters = 7", 1));
    let c = changes(&a, &b);
    assert!(c.iter().any(|r| r.0 == "supply" && r.1 == "quarters" && r.3 == "7"), "{c:?} ({q})");
    // The same plan: nothing.
    assert!(changes(&a, &campus_with(|t| t)).is_empty());
}

#[test]
fn serving_kpis_are_the_inference_tables_site_figures() {
    let a = campus_with(|t| t);
    let b = campus_with(|t| t.replace("utilisation = 0.6", "utilisation = 0.7"));
    let rows = diff_rows((&a).into(), (&b).into());
    let table = crate::tables::inference::inference(&b.plan, b.sites_inference().unwrap()).unwrap();
    let scope = table.column("scope").unwrap().str().unwrap();
    let site_row = (0..scope.len()).find(|&i| scope.get(i) == Some("site")).unwrap();
    for k in &crate::kpi::SERVING {
        let r = rows.iter().find(|r| r.kind == "kpi" && r.name == k.name).unwrap_or_else(|| panic!("{}", k.name));
        let want = table.column(k.name).unwrap().f64().unwrap().get(site_row).unwrap();
        assert_eq!(r.b.parse::<f64>().unwrap(), want, "{}", k.name);
        assert_eq!(r.delta, r.b.parse::<f64>().unwrap() - r.a.parse::<f64>().unwrap());
    }
    // More of the capacity in use: the same racks cost the same per hour over more tokens, so a token costs less.
    let cost = rows.iter().find(|r| r.name == "usd_per_m_tokens").unwrap();
    assert!(cost.delta < 0.0 && cost.better() == Some(crate::kpi::Better::Lower), "{cost:?}");
    // A plan without a workload has no serving rows.
    let none = campus_with(|t| t[..t.find("[workload]").unwrap()].to_string() + &t[t.find("[supply]").unwrap()..]);
    assert!(diff_rows((&none).into(), (&none).into()).iter().all(|r| r.name != "tokens_per_s"));
}

#[test]
fn fleet_completion_is_compared_per_scenario_in_quarters() {
    let a = campus_with(|t| t);
    let baseline = |from: &str, to: &str| {
        let b = campus_with(|t| t.replacen(from, to, 1));
        diff_rows((&a).into(), (&b).into()).into_iter().filter(|r| r.kind == "supply").collect::<Vec<_>>()
    };
    // Twice the HBM3e a quarter in the baseline (HBM binds there): the fleet is complete sooner, by whole quarters.
    let rows = baseline("[8000, 10000, 12000]", "[16000, 20000, 24000]");
    let r = rows.iter().find(|r| r.name == "fleet complete (baseline)").expect("baseline sooner");
    let q = |s: &str| s.parse::<crate::plan::quarter::Quarter>().unwrap().index();
    assert_eq!(r.delta, f64::from(q(&r.b) - q(&r.a)));
    assert!(r.delta < 0.0, "{r:?}");
    // The other scenarios are untouched: no row.
    assert!(rows.iter().all(|r| !r.name.starts_with("fleet complete") || r.name == "fleet complete (baseline)"));
    // Too few racks a quarter from the integrator to finish within the horizon: said so, with no delta.
    let rows = baseline("integrator_racks_per_quarter = 60", "integrator_racks_per_quarter = 20");
    let r = rows.iter().find(|r| r.name == "fleet complete (baseline)").expect("baseline late");
    assert!(r.b == "not within horizon" && r.delta.is_nan(), "{r:?}");
}
