//! Findings of the year and of the grid: hours a floating supply passes the racks' inlet limit, hours the room's dew
//! point sits above the liquid supply (condensation), and a facility peak over the grid envelope.

use super::{Design, Violation, ViolationKind, cooling, plan_inlet_limit};
use crate::catalog::settings::Trim;
use crate::plan::{Plan, Site};
use crate::units::kw_to_mw;

/// The year's findings: floating supply above the inlet limit, and condensation risk (a site with liquid heat).
pub(super) fn of_the_year(
    plan: &Plan,
    site: &Site,
    supply_c: &[f64],
    max_supply_c: f64,
    liquid_kw: f64,
) -> Vec<Violation> {
    let c = &site.settings.cooling;
    let mut out = Vec::new();
    if c.trim == Trim::Float {
        let limit = plan_inlet_limit(plan, site);
        let over = supply_c.iter().filter(|t| **t > limit).count();
        if over > 0 {
            out.push(Violation {
                kind: ViolationKind::FloatHours,
                hall: None,
                row: None,
                limit,
                actual: max_supply_c,
                unit: "degC",
                message: format!(
                    "supply floats above the {limit:.1} degC rack inlet limit in {over} hours (up to {max_supply_c:.1} degC)"
                ),
            });
        }
    }
    // Condensation risk: hours the rack liquid supply sits below the room's dew point.
    if liquid_kw > 0.0 {
        let (hours, worst) = cooling::condensation_hours(c, supply_c, &site.climate.dew_point_c);
        if let Some(worst) = worst {
            let coldest = supply_c.iter().copied().fold(f64::INFINITY, f64::min);
            out.push(Violation {
                kind: ViolationKind::Condensation,
                hall: None,
                row: None,
                limit: coldest,
                actual: worst,
                unit: "degC",
                message: format!(
                    "room dew point (outdoor, capped at {:.1} degC by the make-up air) is above the {coldest:.1} degC \
                     liquid supply in {hours} hours (up to {worst:.1} degC): condensation on manifolds and cold plates",
                    c.air.room_dew_point_max_c
                ),
            });
        }
    }
    out
}

/// A facility peak over the grid envelope (`headroom_mw` below zero).
pub(super) fn grid(site: &Site, facility_kw_peak: f64, headroom_mw: f64) -> Option<Violation> {
    (headroom_mw < 0.0).then(|| Violation {
        kind: ViolationKind::Grid,
        hall: None,
        row: None,
        limit: site.grid_mw,
        actual: kw_to_mw(facility_kw_peak),
        unit: "MW",
        message: format!(
            "facility peak {} MW exceeds the {} MW grid envelope by {} MW",
            crate::units::number(kw_to_mw(facility_kw_peak)),
            crate::units::number(site.grid_mw),
            crate::units::number(-headroom_mw)
        ),
    })
}

/// Findings of the design condition: conditions estimated from the typical year (the weather file states none), and
/// hours of the typical year at nameplate that draw more than the plant was sized for.
pub(super) fn design(design: &Design, climate: &crate::catalog::Climate) -> Vec<Violation> {
    let mut out = Vec::new();
    if design.source == "estimated" {
        let why = climate.design_unread.as_deref().unwrap_or("the weather file states no design conditions");
        out.push(Violation {
            kind: ViolationKind::DesignEstimated,
            hall: None,
            row: None,
            limit: f64::NAN,
            actual: design.dry_bulb_c,
            unit: "degC",
            message: format!(
                "{why}: {} ({:.1} degC dry bulb, {:.1} degC wet bulb) is estimated from its typical year, which \
                 errs mild; use a weather file with a DESIGN CONDITIONS line, or condition = \"explicit\" with the \
                 station's published values",
                design.condition, design.dry_bulb_c, design.wet_bulb_c
            ),
        });
    }
    if design.hours_above > 0 {
        out.push(Violation {
            kind: ViolationKind::AboveDesign,
            hall: None,
            row: None,
            limit: 0.0,
            actual: f64::from(design.hours_above),
            unit: "h",
            message: format!(
                "{} hours of the typical year at nameplate draw more than the plant and grid sized on {} \
                 ({:.1} degC dry bulb): short of chiller or grid capacity in them",
                design.hours_above, design.condition, design.dry_bulb_c
            ),
        });
    }
    out
}
