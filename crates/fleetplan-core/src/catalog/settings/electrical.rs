//! The electrical chain's settings: topology, redundancy and the loss figures of each stage (`[site.electrical]`).

use super::sub_table;
use crate::input::{Bounds, Collector, TableReader};

/// Redundancy of the UPS / distribution chain (F15 in the engineering reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redundancy {
    N,
    NPlus1,
    TwoN,
    ThreeNOverTwo,
    FourNOverThree,
}

impl Redundancy {
    /// Every redundancy with its name in plans (`site.electrical.redundancy`).
    pub const OPTIONS: [(&'static str, Redundancy); 5] = [
        ("N", Redundancy::N),
        ("N+1", Redundancy::NPlus1),
        ("2N", Redundancy::TwoN),
        ("3N/2", Redundancy::ThreeNOverTwo),
        ("4N/3", Redundancy::FourNOverThree),
    ];

    /// As written in plans: `N`, `N+1`, `2N`, `3N/2` or `4N/3`.
    pub fn name(self) -> &'static str {
        Self::OPTIONS.iter().find(|(_, r)| *r == self).map_or("N", |(n, _)| n)
    }
}

/// How power reaches the racks: which conversion stages sit between the grid and the rack input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topology {
    /// MV/LV transformer, switchgear, double-conversion UPS, busway, cable.
    DoubleConversion,
    /// As double conversion, with the UPS in its eco / ESS mode (bypass path, inverter standing by).
    EcoMode,
    /// No facility UPS: battery backup units in the rack power shelves (inside IT) ride through.
    RackBattery,
    /// MV to 800 V DC at the perimeter (solid-state transformer / rectifier), DC busway to the rack.
    Dc800V,
}

impl Topology {
    /// Every topology with its name in plans (`site.electrical.topology`).
    pub const OPTIONS: [(&'static str, Topology); 4] = [
        ("double-conversion", Topology::DoubleConversion),
        ("eco-mode", Topology::EcoMode),
        ("rack-battery", Topology::RackBattery),
        ("800vdc", Topology::Dc800V),
    ];

    /// The stages from the site's MV supply to the rack input, in that order (a site with its own substation has
    /// `StageKind::Substation` before them; see `Chain::new`).
    pub fn stages(self) -> &'static [StageKind] {
        use StageKind::*;
        match self {
            Topology::DoubleConversion => &[Transformer, Switchgear, Ups, Busway, Cable],
            Topology::EcoMode => &[Transformer, Switchgear, UpsEco, Busway, Cable],
            Topology::RackBattery => &[Transformer, Switchgear, Busway, Cable],
            Topology::Dc800V => &[Rectifier, DcBusway],
        }
    }
}

/// One conversion or distribution stage of the electrical chain; each has its own loss figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageKind {
    /// HV/MV substation transformers of a site large enough to take its supply at transmission voltage.
    Substation,
    Transformer,
    Switchgear,
    Ups,
    UpsEco,
    Busway,
    Cable,
    Rectifier,
    DcBusway,
}

impl StageKind {
    /// Every stage kind, in the order `Electrical::stages` holds their loss figures.
    pub const ALL: [StageKind; 9] = [
        StageKind::Substation,
        StageKind::Transformer,
        StageKind::Switchgear,
        StageKind::Ups,
        StageKind::UpsEco,
        StageKind::Busway,
        StageKind::Cable,
        StageKind::Rectifier,
        StageKind::DcBusway,
    ];

    /// Distribution (switchgear, busway, cable) rather than conversion equipment: N+1 adds a unit, not a path.
    pub fn is_path(self) -> bool {
        matches!(self, StageKind::Switchgear | StageKind::Busway | StageKind::Cable | StageKind::DcBusway)
    }

    /// The stage's table under `[site.electrical]`.
    pub fn key(self) -> &'static str {
        match self {
            StageKind::Substation => "substation",
            StageKind::Transformer => "transformer",
            StageKind::Switchgear => "switchgear",
            StageKind::Ups => "ups",
            StageKind::UpsEco => "ups_eco",
            StageKind::Busway => "busway",
            StageKind::Cable => "cable",
            StageKind::Rectifier => "rectifier",
            StageKind::DcBusway => "dc_busway",
        }
    }
}

/// Where a stage stands, which decides where its losses go: outdoors to the ambient air (no cooling energy),
/// indoors to the air loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Outdoor,
    Indoor,
}

/// Loss figures of one stage (F4): efficiency at full rated load, and how the full-load loss splits into a no-load
/// part (paid on every installed unit, whatever the load), a part proportional to load and a square-law part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stage {
    pub eff: f64,
    pub noload_share: f64,
    pub square_share: f64,
    pub location: Location,
}

/// The electrical chain's settings (`[site.electrical]`): redundancy, power factor, grid margin, topology and the
/// loss figures of every stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Electrical {
    pub redundancy: Redundancy,
    pub redundant_units: u32,
    pub power_factor: f64,
    pub grid_margin_frac: f64,
    pub topology: Topology,
    /// Design IT above which the site has its own HV/MV substation, MW: the chain then starts with that stage.
    pub substation_above_mw: f64,
    /// Loss figures of every stage kind, in `StageKind::ALL` order; the topology picks the ones in the chain.
    pub stages: [Stage; 9],
}

impl Electrical {
    /// The loss figures of a stage kind.
    pub fn stage(&self, kind: StageKind) -> &Stage {
        &self.stages[kind as usize]
    }

    /// The loss figures of a stage kind, to change.
    pub fn stage_mut(&mut self, kind: StageKind) -> &mut Stage {
        &mut self.stages[kind as usize]
    }
}

/// Keys of the single-efficiency chain that per-stage losses replaced, and what to write instead.
const RETIRED_ELECTRICAL: [(&str, &str); 8] = [
    (
        "loss_model",
        "every stage now has load-dependent losses; a constant efficiency is noload_share = 0 and square_share = 0 in the stage's table",
    ),
    ("transformer_eff", "write `eff` in [site.electrical.transformer]"),
    ("switchgear_eff", "write `eff` in [site.electrical.switchgear]"),
    ("ups_eff", "write `eff` in [site.electrical.ups] (or [site.electrical.ups_eco] for topology = \"eco-mode\")"),
    ("pdu_eff", "write `eff` in [site.electrical.busway]"),
    ("cable_eff", "write `eff` in [site.electrical.cable]"),
    ("noload_loss_share", "write `noload_share` in the table of the stage it belongs to (e.g. [site.electrical.ups])"),
    (
        "square_loss_share",
        "write `square_share` in the table of the stage it belongs to (e.g. [site.electrical.cable])",
    ),
];

impl Electrical {
    pub(super) fn read(r: &mut TableReader, cx: &mut Collector, b: Option<&Electrical>) -> Electrical {
        let redundancy =
            r.choice(cx, "redundancy", base!(b, redundancy), &Redundancy::OPTIONS).unwrap_or(Redundancy::N);
        let redundant_units = r.int(cx, "redundant_units", b.map(|b| i64::from(b.redundant_units)), 1, 64) as u32;
        let power_factor = num!(r, cx, b, power_factor, Bounds::closed(0.5, 1.0));
        let grid_margin_frac = num!(r, cx, b, grid_margin_frac, Bounds::closed(0.0, 1.0));
        let topology =
            r.choice(cx, "topology", base!(b, topology), &Topology::OPTIONS).unwrap_or(Topology::DoubleConversion);
        let substation_above_mw = num!(r, cx, b, substation_above_mw, Bounds::closed(0.0, 1e6));
        for (key, instead) in RETIRED_ELECTRICAL {
            r.retired(cx, key, instead);
        }
        let stages = StageKind::ALL
            .map(|kind| sub_table(r, cx, kind.key(), |t, cx| Stage::read(t, cx, b.map(|b| b.stage(kind)))));
        Electrical {
            redundancy,
            redundant_units,
            power_factor,
            grid_margin_frac,
            topology,
            substation_above_mw,
            stages,
        }
    }
}

impl Stage {
    fn read(r: &mut TableReader, cx: &mut Collector, b: Option<&Stage>) -> Stage {
        let eff = num!(r, cx, b, eff, Bounds::EFFICIENCY);
        let noload_share = num!(r, cx, b, noload_share, Bounds::FRACTION);
        let square_share = num!(r, cx, b, square_share, Bounds::FRACTION);
        if noload_share + square_share > 1.0 {
            let span = r.key_span("square_share").or_else(|| r.key_span("noload_share")).or(r.span());
            cx.error(
                span,
                &r.key_path("square_share"),
                format!(
                    "noload_share + square_share must be at most 1 (the rest is the proportional share), \
                     found {noload_share} + {square_share}"
                ),
            );
        }
        let location = r
            .choice(cx, "location", base!(b, location), &[("outdoor", Location::Outdoor), ("indoor", Location::Indoor)])
            .unwrap_or(Location::Indoor);
        Stage { eff, noload_share, square_share, location }
    }
}
