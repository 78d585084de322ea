//! `[site.design]`: the outdoor conditions the plant and the grid request are sized on.

use super::TableReader;
use crate::catalog::Climate;
use crate::catalog::design_conditions::Provenance;
use crate::input::{Bounds, Collector};

/// Which outdoor condition sizes the plant (`design.condition`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Condition {
    /// The annual cooling dry bulb exceeded this share of the hours (0 = 0.4 %, 1 = 1 %, 2 = 2 %), with its mean
    /// coincident wet bulb.
    Cooling(usize),
    /// The annual evaporation wet bulb at that level, with its mean coincident dry bulb.
    Evaporation(usize),
    /// The n-year extreme dry bulb (0 = 5, 1 = 10, 2 = 20, 3 = 50 years), with the extreme annual wet bulb: each
    /// temperature at its own extreme, the cautious pairing (the two need not come in the same hour).
    Extreme(usize),
    /// The typical year's worst hour at nameplate (the year's own hours: milder than a design condition).
    TmyMax,
    /// The plan's own temperatures (`dry_bulb_c`, `wet_bulb_c`).
    Explicit,
}

/// The names `design.condition` takes, each with its condition.
pub const CONDITIONS: [(&str, Condition); 12] = [
    ("cooling-0.4", Condition::Cooling(0)),
    ("cooling-1", Condition::Cooling(1)),
    ("cooling-2", Condition::Cooling(2)),
    ("evaporation-0.4", Condition::Evaporation(0)),
    ("evaporation-1", Condition::Evaporation(1)),
    ("evaporation-2", Condition::Evaporation(2)),
    ("extreme-5", Condition::Extreme(0)),
    ("extreme-10", Condition::Extreme(1)),
    ("extreme-20", Condition::Extreme(2)),
    ("extreme-50", Condition::Extreme(3)),
    ("tmy-max", Condition::TmyMax),
    ("explicit", Condition::Explicit),
];

/// `[site.design]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    pub condition: Condition,
    /// Added to the condition's dry and wet bulb, K (not to `tmy-max`, which is an hour of the year).
    pub margin_k: f64,
    /// With `condition = "explicit"`: the design dry and wet bulb, degC.
    pub dry_bulb_c: Option<f64>,
    pub wet_bulb_c: Option<f64>,
    /// Spread of the annual extreme dry bulb assumed when a weather file states no design conditions and they are
    /// estimated from its typical year, K.
    pub estimate_extreme_sd_k: f64,
}

/// The design temperatures a site is sized on, and where they come from.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignPoint {
    /// `design.condition` as written.
    pub condition: &'static str,
    pub dry_bulb_c: f64,
    pub wet_bulb_c: f64,
    /// `"file"`, `"estimated"` (from the typical year: the file has no design conditions) or `"plan"`.
    pub source: &'static str,
}

impl Design {
    pub(super) fn read(t: &mut TableReader, cx: &mut Collector, b: Option<&Design>) -> Design {
        let condition = t.choice(cx, "condition", b.map(|b| b.condition), &CONDITIONS).unwrap_or(Condition::TmyMax);
        let temperature = Bounds::closed(-60.0, 70.0);
        let dry_bulb_c = t.opt_num(cx, "dry_bulb_c", temperature).or(b.and_then(|b| b.dry_bulb_c));
        let wet_bulb_c = t.opt_num(cx, "wet_bulb_c", temperature).or(b.and_then(|b| b.wet_bulb_c));
        let span = t.key_span("condition").or_else(|| t.key_span("dry_bulb_c")).or(t.span());
        match (condition, dry_bulb_c, wet_bulb_c) {
            (Condition::Explicit, Some(db), Some(wb)) if wb > db => cx.error(
                t.key_span("wet_bulb_c").or(span),
                &t.key_path("wet_bulb_c"),
                format!("a wet bulb of {wb} degC above the dry bulb of {db} degC; expected at most the dry bulb"),
            ),
            (Condition::Explicit, Some(_), Some(_)) => {}
            (Condition::Explicit, ..) => cx.error(
                span,
                &t.key_path("condition"),
                "condition = \"explicit\" sizes the plant on the plan's own temperatures; expected dry_bulb_c and \
                 wet_bulb_c in [site.design]",
            ),
            // Temperatures beside a named condition would be silently ignored.
            (_, Some(_), _) | (_, _, Some(_)) if t.key_span("dry_bulb_c").or(t.key_span("wet_bulb_c")).is_some() => cx
                .error(
                    t.key_span("dry_bulb_c").or(t.key_span("wet_bulb_c")),
                    &t.key_path("dry_bulb_c"),
                    "design temperatures are used only with condition = \"explicit\"; expected that, or no \
                     dry_bulb_c / wet_bulb_c",
                ),
            _ => {}
        }
        Design {
            condition,
            margin_k: t.num(cx, "margin_k", b.map(|b| b.margin_k), Bounds::closed(0.0, 20.0)),
            dry_bulb_c,
            wet_bulb_c,
            estimate_extreme_sd_k: t.num(
                cx,
                "estimate_extreme_sd_k",
                b.map(|b| b.estimate_extreme_sd_k),
                Bounds::closed(0.0, 10.0),
            ),
        }
    }

    /// The design temperatures for `climate`, margin included; `None` for `tmy-max`, which is the year's worst hour
    /// at nameplate and found by the model.
    pub fn point(&self, climate: &Climate) -> Option<DesignPoint> {
        let name = CONDITIONS.iter().find(|(_, c)| *c == self.condition).map_or("tmy-max", |(n, _)| *n);
        let d = &climate.design;
        let from_file = match d.provenance {
            Provenance::File(_) => "file",
            Provenance::Estimated => "estimated",
        };
        let (db, wb, source) = match self.condition {
            Condition::TmyMax => return None,
            Condition::Explicit => (self.dry_bulb_c.unwrap_or(f64::NAN), self.wet_bulb_c.unwrap_or(f64::NAN), "plan"),
            Condition::Cooling(k) => (d.cooling[k].dry_bulb_c, d.cooling[k].wet_bulb_c, from_file),
            Condition::Evaporation(k) => (d.evaporation[k].dry_bulb_c, d.evaporation[k].wet_bulb_c, from_file),
            Condition::Extreme(k) => {
                let db = d.return_dry_bulb_c(k, self.estimate_extreme_sd_k);
                (db, d.extreme_wet_bulb_c.min(db), from_file)
            }
        };
        Some(DesignPoint { condition: name, dry_bulb_c: db + self.margin_k, wet_bulb_c: wb + self.margin_k, source })
    }
}
