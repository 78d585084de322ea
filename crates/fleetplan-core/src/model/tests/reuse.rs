//! An outcome computed again or kept: the hourly year recomputed gives the outcome's sums, and an evaluation that
//! reuses an earlier one's sites is the evaluation from scratch.

use super::*;
use crate::model::power::Chain;

#[test]
fn the_year_computed_again_is_the_year_the_outcome_summed() {
    // The outcome keeps sums, months and the trim map, not the hours; `hourly` computes them again. Its sums must be
    // the outcome's to the bit (the same additions in the same order), and its trim flags the outcome's trim map.
    let p = plan(include_str!("../../../../../plans/campus-100mw.toml"));
    let o = evaluate(&p);
    for (site, s) in p.sites.iter().zip(&o.sites) {
        let h = hourly(&p, site);
        assert_eq!(kwh_to_mwh(h.facility_kw.iter().sum::<f64>()), s.facility_mwh_year);
        assert_eq!(kwh_to_mwh(h.it_kw.iter().sum::<f64>()), s.it_mwh_year);
        assert_eq!(kwh_to_mwh(h.chiller_kw.iter().sum::<f64>()), s.chiller_mwh_year);
        assert_eq!(h.trim.iter().filter(|t| **t).count() as u32, s.trim_hours);
        assert_eq!(trim_map(&h.trim), s.trim_map);
        assert_eq!(annual_pue(&h.facility_kw, &h.it_kw), s.pue_annual);
        // Each month as a sum over its slice of hours, the way a spreadsheet of the hourly table adds it up.
        let mut start = 0;
        for (m, days) in MONTH_DAYS.iter().enumerate() {
            let end = start + days * 24;
            let sum = |v: &[f64]| kwh_to_mwh(v[start..end].iter().sum::<f64>());
            assert_eq!(sum(&h.facility_kw), s.monthly[m].facility_mwh, "month {m}");
            assert_eq!(sum(&h.it_kw), s.monthly[m].it_mwh, "month {m}");
            assert_eq!(sum(&h.cooling_kw), s.monthly[m].cooling_mwh, "month {m}");
            assert_eq!(h.trim[start..end].iter().filter(|t| **t).count() as u32, s.monthly[m].trim_hours);
            start = end;
        }
    }
}

#[test]
fn an_evaluation_reusing_an_earlier_one_is_the_evaluation_from_scratch() {
    // A plan of two sites against edits of it: a price on one site (reused, cost recomputed), a supply
    // temperature on one site (that site evaluated again, the other reused), a legend entry (every site again), a
    // site removed (the sites shift), and the operating load (the year again, the design hour kept). Each must equal evaluating the edited plan afresh, field for field.
    let base = plan(include_str!("../../../../../tests/valid_plans/two-sites.toml"));
    assert_eq!(base.sites.len(), 2);
    let o = evaluate(&base);
    let mut price = base.clone();
    price.sites[1].settings.electricity_usd_per_mwh += 17.5;
    let mut supply = base.clone();
    supply.sites[0].settings.cooling.supply_c -= 3.0;
    let mut legend = base.clone();
    legend.legend[0].rack_kw *= 0.9;
    let mut fewer = base.clone();
    fewer.sites.remove(0);
    // The same plant at another load (its design hour kept) and another daily shape with a new price.
    let mut load = base.clone();
    load.sites[0].settings.it_load_frac *= 0.8;
    load.sites[1].settings.it_load_daily[13] *= 0.5;
    load.sites[1].settings.electricity_usd_per_mwh += 1.0;
    // Another weather year (the other site's): a new year, even though its name is what the plan wrote.
    let mut weather = base.clone();
    assert_ne!(*weather.sites[0].climate, *weather.sites[1].climate);
    weather.sites[0].climate = std::sync::Arc::clone(&base.sites[1].climate);
    let edits = [
        ("price", &price),
        ("supply", &supply),
        ("legend", &legend),
        ("fewer", &fewer),
        ("load", &load),
        ("weather", &weather),
    ];
    for (name, edited) in edits {
        assert_eq!(evaluate_reusing(edited, &base, &o), evaluate(edited), "{name}");
    }
    assert_ne!(evaluate(&price).sites[1].power_cost_usd_year, o.sites[1].power_cost_usd_year, "the price moved");
}

#[test]
fn the_loss_memo_gives_the_chains_losses_at_every_load() {
    // The memo hands back the losses of the last load asked for and computes a new load afresh: a run of loads with
    // repeats and changes, each equal to `Chain::losses` at that load to the bit.
    let p = plan(include_str!("../../../../../plans/campus-100mw.toml"));
    let chain = Chain::new(&p.sites[0].settings.electrical, 80_000.0);
    let mut memo = LossMemo::default();
    for it_kw in [80_000.0, 80_000.0, 40_000.0, 80_000.0, 0.0, 0.0, 72_000.5, 72_000.5] {
        assert_eq!(memo.losses(&chain, it_kw), chain.losses(it_kw), "{it_kw} kW");
    }
}
