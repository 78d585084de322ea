//! The climate library as a table (`fleetplan climates`): each typical year with its station, its design conditions
//! and how hot its year runs.

use polars::prelude::*;

use super::{f, frame, of};
use crate::catalog::Climate;
use crate::catalog::design_conditions::Provenance;

/// One row per climate: id, place, elevation, where its design conditions come from, the 0.4 % cooling and
/// evaporation points, the extreme annual wet bulb and the 20-year extreme dry bulb (an estimate's with spread
/// `estimate_sd_k`), the typical year's highest dry bulb and its hours above 30 degC, and the data's licence.
pub fn climates(list: &[&Climate], estimate_sd_k: f64) -> PolarsResult<DataFrame> {
    let m = |g: &dyn Fn(&Climate) -> f64| list.iter().map(|c| g(c)).collect::<Vec<f64>>();
    frame(vec![
        of("climate", list.iter().map(|c| c.id.clone())),
        of("name", list.iter().map(|c| c.name.clone())),
        f("elevation_m", m(&|c| c.elevation_m.unwrap_or(f64::NAN))),
        of(
            "design_source",
            list.iter().map(|c| match &c.design.provenance {
                Provenance::File(edition) => edition.clone(),
                Provenance::Estimated => "estimated from the typical year".to_string(),
            }),
        ),
        f("cooling_0_4_dry_bulb_c", m(&|c| c.design.cooling[0].dry_bulb_c)),
        f("cooling_0_4_mcwb_c", m(&|c| c.design.cooling[0].wet_bulb_c)),
        f("evaporation_0_4_wet_bulb_c", m(&|c| c.design.evaporation[0].wet_bulb_c)),
        f("extreme_wet_bulb_c", m(&|c| c.design.extreme_wet_bulb_c)),
        f("extreme_20_dry_bulb_c", m(&|c| c.design.return_dry_bulb_c(2, estimate_sd_k))),
        f("tmy_max_dry_bulb_c", m(&|c| c.max_dry_bulb_c())),
        of("hours_above_30c", list.iter().map(|c| c.dry_bulb_c.iter().filter(|t| **t > 30.0).count() as u32)),
        of("licence", list.iter().map(|c| c.licence.clone())),
    ])
}
