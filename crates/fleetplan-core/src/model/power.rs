//! Electrical chain: stages by topology (F3), redundancy (F15), per-stage load-dependent losses (F4), grid request
//! (F14).

use crate::catalog::settings::{Electrical, Location, Redundancy, StageKind};

/// Highest normal load of each unit as a fraction of its rating (F15): N 1, N+1 n/(n+1), 2N 1/2, 3N/2 2/3, 4N/3 3/4.
pub fn max_unit_load_frac(redundancy: Redundancy, units: u32) -> f64 {
    match redundancy {
        Redundancy::N => 1.0,
        Redundancy::NPlus1 => f64::from(units) / f64::from(units + 1),
        Redundancy::TwoN => 0.5,
        Redundancy::ThreeNOverTwo => 2.0 / 3.0,
        Redundancy::FourNOverThree => 0.75,
    }
}

/// One stage as installed at a site: its loss figures and the capacity installed for the design load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InstalledStage {
    pub kind: StageKind,
    /// Loss per kW delivered at full rated load: 1/eta - 1.
    pub full_load_loss_frac: f64,
    pub noload_share: f64,
    pub square_share: f64,
    /// Installed capacity, kW of output: the stage's design output / highest unit load (F15).
    pub installed_kw: f64,
    pub outdoor: bool,
}

impl InstalledStage {
    /// Loss while delivering `out_kw` (F4): `L = f S (n + p x + s x^2)` with `x = P / S`, `f = 1/eta - 1` and the
    /// shares `n + p + s = 1`: at `P = S` it is the full-load loss `f S`, and with nothing delivered the no-load
    /// part `f S n` remains on every installed unit.
    pub fn loss_kw(&self, out_kw: f64) -> f64 {
        let s = self.installed_kw;
        if s <= 0.0 {
            return 0.0;
        }
        let x = out_kw / s;
        let proportional = 1.0 - self.noload_share - self.square_share;
        self.full_load_loss_frac * s * (self.noload_share + proportional * x + self.square_share * x * x)
    }
}

/// Losses of the chain in one hour, kW.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Losses {
    pub total_kw: f64,
    /// The part rejected indoors (electrical rooms, white space), which the air loop removes; the rest is
    /// rejected outdoors by equipment standing outside.
    pub indoor_kw: f64,
}

/// The electrical chain of a site, sized for its design IT load: the topology's stages, each carrying the power of
/// the stages after it plus their losses.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// From the rack back to the grid connection.
    stages: Vec<InstalledStage>,
}

impl Chain {
    /// The chain of `e`'s topology sized for `design_it_kw`, kW: from the rack back, each stage installed for what it
    /// delivers at the design load (the IT plus the losses of the stages after it) over its highest unit load (F15);
    /// under N+1 the paths (switchgear, busway, cable) are installed for their design output.
    pub fn new(e: &Electrical, design_it_kw: f64) -> Chain {
        let unit_load = max_unit_load_frac(e.redundancy, e.redundant_units);
        // N+1 adds a module to each unit (UPS, transformer); the paths (switchgear, busway, cable) stay one. 2N,
        // 3N/2 and 4N/3 are whole systems side by side, each with its own paths, all sharing the load.
        let path_load = if e.redundancy == Redundancy::NPlus1 { 1.0 } else { unit_load };
        let mut out_kw = design_it_kw;
        let mut stages = Vec::with_capacity(e.topology.stages().len() + 1);
        // A site above `substation_above_mw` takes its supply at transmission voltage through its own HV/MV
        // substation, the chain's first stage (the grid request is at its HV side).
        let substation = (design_it_kw > e.substation_above_mw * 1000.0).then_some(StageKind::Substation);
        for &kind in e.topology.stages().iter().rev().chain(substation.iter()) {
            let st = e.stage(kind);
            let stage = InstalledStage {
                kind,
                full_load_loss_frac: 1.0 / st.eff - 1.0,
                noload_share: st.noload_share,
                square_share: st.square_share,
                installed_kw: out_kw / if kind.is_path() { path_load } else { unit_load },
                outdoor: st.location == Location::Outdoor,
            };
            out_kw += stage.loss_kw(out_kw);
            stages.push(stage);
        }
        Chain { stages }
    }

    /// The stages from the rack back to the grid connection.
    pub fn stages(&self) -> &[InstalledStage] {
        &self.stages
    }

    /// Losses while delivering `it_kw` to the racks: each stage delivers what the stages after it draw.
    pub fn losses(&self, it_kw: f64) -> Losses {
        let mut out_kw = it_kw;
        let mut l = Losses::default();
        for st in &self.stages {
            let loss = st.loss_kw(out_kw);
            l.total_kw += loss;
            if !st.outdoor {
                l.indoor_kw += loss;
            }
            out_kw += loss;
        }
        l
    }
}

/// Grid request, MVA (F14): facility power at the design hour / power factor x (1 + margin).
pub fn grid_request_mva(facility_mw_peak: f64, e: &Electrical) -> f64 {
    facility_mw_peak / e.power_factor * (1.0 + e.grid_margin_frac)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::catalog::settings::Topology;

    fn electrical() -> Electrical {
        Catalog::builtin().unwrap().defaults.electrical.clone()
    }

    #[test]
    fn unit_load_fractions_follow_f15() {
        assert_eq!(max_unit_load_frac(Redundancy::N, 1), 1.0);
        assert_eq!(max_unit_load_frac(Redundancy::NPlus1, 4), 0.8); // 4 / 5
        assert_eq!(max_unit_load_frac(Redundancy::TwoN, 1), 0.5);
        assert!((max_unit_load_frac(Redundancy::ThreeNOverTwo, 1) - 0.6667).abs() < 1e-4);
        assert_eq!(max_unit_load_frac(Redundancy::FourNOverThree, 1), 0.75);
    }

    /// Defaults with every stage lossless except `kind`, at redundancy N.
    fn only(kind: StageKind) -> Electrical {
        let mut e = electrical();
        e.redundancy = Redundancy::N;
        for k in StageKind::ALL {
            if k != kind {
                e.stage_mut(k).eff = 1.0;
            }
        }
        e
    }

    #[test]
    fn a_site_above_the_threshold_has_its_own_substation() {
        // Substation only, N: eff 0.9965 -> f = 1/0.9965 - 1 = 0.00351229, no-load 0.20, square 0.80. At 60 MW of IT
        // (above the 50 MW default) it is installed for 60 MW: full load, loss f x 60,000 = 210.737 kW, outdoors.
        let e = only(StageKind::Substation);
        let big = Chain::new(&e, 60_000.0);
        assert_eq!(big.stages().last().map(|s| s.kind), Some(StageKind::Substation));
        let l = big.losses(60_000.0);
        assert!((l.total_kw - 210.737).abs() < 1e-3, "{l:?}");
        assert_eq!(l.indoor_kw, 0.0);
        // Half load: x = 0.5, 210.737 x (0.20 + 0.80 x 0.25) = 84.295 kW.
        assert!((big.losses(30_000.0).total_kw - 84.295).abs() < 1e-3);
        // At 40 MW the site takes an MV feeder: no substation stage, no loss from it.
        let small = Chain::new(&e, 40_000.0);
        assert!(small.stages().iter().all(|s| s.kind != StageKind::Substation));
        assert_eq!(small.losses(40_000.0).total_kw, 0.0);
    }

    #[test]
    fn a_doe_transformer_at_30_percent_load() {
        // 2,500 kVA liquid-immersed, defaults eff 0.99413, no-load 0.20, square 0.80 (assets/defaults.toml; DOE 2016
        // minimum 99.53 % at 50 % load). f = 1/0.99413 - 1 = 0.0059047; f S = 0.0059047 x 2500 = 14.7617 kW.
        let mut e = only(StageKind::Transformer);
        e.topology = Topology::RackBattery;
        let c = Chain::new(&e, 2500.0);
        // 30 %: 750 kW out; loss = 14.7617 x (0.20 + 0 x 0.3 + 0.80 x 0.09) = 14.7617 x 0.272 = 4.0152 kW;
        // efficiency 750 / 754.0152 = 99.467 %.
        let l = c.losses(750.0);
        assert!((l.total_kw - 4.0152).abs() < 1e-4, "{l:?}");
        assert!((750.0 / (750.0 + l.total_kw) - 0.99467).abs() < 1e-5);
        // 50 %, the DOE test point: 14.7617 x (0.20 + 0.80 x 0.25) = 5.9047 kW: 1250 / 1255.9047 = 99.530 %.
        let half = c.losses(1250.0).total_kw;
        assert!((1250.0 / (1250.0 + half) - 0.99530).abs() < 1e-5, "{half}");
        // It stands outdoors: none of its loss reaches the air loop.
        assert_eq!(l.indoor_kw, 0.0);
    }

    #[test]
    fn at_full_load_under_n_the_chain_is_the_product_of_its_stages() {
        // F3 at x = 1 for every stage: 1000 / (0.99413 x 0.999 x 0.97 x 0.995 x 0.995) - 1000 = 48.512 kW, of which
        // the transformer's (outdoors) is 0.0059047 x 1042.357 = 6.155 kW: cable 5.025 (1005.025 kW drawn), busway
        // 5.050 (1010.076), UPS 0.0309278 x 1010.076 = 31.239 (1041.315), switchgear 0.001001 x 1041.315 = 1.042
        // (1042.357), transformer 6.155 (1048.512); indoors 48.512 - 6.155 = 42.357 kW.
        let mut e = electrical();
        e.redundancy = Redundancy::N;
        let l = Chain::new(&e, 1000.0).losses(1000.0);
        assert!((l.total_kw - 48.512).abs() < 1e-3, "{l:?}");
        assert!((l.indoor_kw - 42.357).abs() < 1e-3, "{l:?}");
    }

    #[test]
    fn the_ups_no_load_loss_scales_with_installed_units() {
        // UPS only: f = 1/0.97 - 1 = 0.0309278, no-load 0.20, square 0.10, proportional 0.70.
        let mut e = only(StageKind::Ups);
        // N at 1,000 kW: f S = 30.928 kW at x = 1.
        let n = Chain::new(&e, 1000.0).losses(1000.0).total_kw;
        assert!((n - 30.928).abs() < 1e-3, "{n}");
        // 2N: 2,000 kW installed, x = 0.5: 0.0309278 x 2000 x (0.20 + 0.70 x 0.5 + 0.10 x 0.25)
        //   = 61.856 x 0.575 = 35.567 kW, 15 % more than N for the same load.
        e.redundancy = Redundancy::TwoN;
        let two_n = Chain::new(&e, 1000.0);
        assert_eq!(two_n.stages()[0].installed_kw, 2000.0);
        assert!((two_n.losses(1000.0).total_kw - 35.567).abs() < 1e-3);
        // Idle, the no-load part stays on both systems: 61.856 x 0.20 = 12.371 kW.
        assert!((two_n.losses(0.0).total_kw - 12.371).abs() < 1e-3);
        // And losses rise with redundancy: N < 4N/3 < 3N/2 < 2N.
        let at = |r| {
            e.redundancy = r;
            Chain::new(&e, 1000.0).losses(1000.0).total_kw
        };
        let order = [Redundancy::N, Redundancy::FourNOverThree, Redundancy::ThreeNOverTwo, Redundancy::TwoN];
        let losses: Vec<f64> = order.into_iter().map(at).collect();
        assert!(losses.windows(2).all(|w| w[0] < w[1]), "{losses:?}");
    }

    #[test]
    fn n_plus_1_adds_modules_not_paths() {
        // Busway only: f = 1/0.995 - 1 = 0.0050251, all square-law. N+1 keeps one path at full load: 5.0251 kW at
        // 1 MW; 2N has two paths at half load each: 0.0050251 x 2000 x 0.25 = 2.5126 kW.
        let mut e = only(StageKind::Busway);
        e.redundancy = Redundancy::NPlus1;
        e.redundant_units = 4;
        let c = Chain::new(&e, 1000.0);
        let busway = c.stages().iter().find(|s| s.kind == StageKind::Busway).unwrap();
        assert_eq!(busway.installed_kw, 1000.0);
        assert!((c.losses(1000.0).total_kw - 5.0251).abs() < 1e-4);
        e.redundancy = Redundancy::TwoN;
        assert!((Chain::new(&e, 1000.0).losses(1000.0).total_kw - 2.5126).abs() < 1e-4);
        // The UPS of the same N+1 chain is a 4+1 module system: 1,250 kW installed for 1 MW.
        let mut e = only(StageKind::Ups);
        e.redundancy = Redundancy::NPlus1;
        e.redundant_units = 4;
        let ups = Chain::new(&e, 1000.0).stages().iter().find(|s| s.kind == StageKind::Ups).unwrap().installed_kw;
        assert_eq!(ups, 1250.0);
    }

    #[test]
    fn topologies_lose_what_their_stages_lose() {
        // Defaults, N, 1,000 kW at full load (stage by stage from the rack back, as in the F3 test):
        // double conversion 48.512 kW; eco mode (UPS 0.99, f = 0.010101 on 1010.076 kW = 10.203) 27.330;
        // rack battery (no UPS) 17.057; 800 VDC: DC busway 0.0054293 x 1000 = 5.429, rectifier 0.020408 x 1005.429
        // = 20.519, total 25.948 kW, all indoors.
        let mut e = electrical();
        e.redundancy = Redundancy::N;
        let mut at = |t| {
            e.topology = t;
            Chain::new(&e, 1000.0).losses(1000.0)
        };
        let dc = at(Topology::DoubleConversion).total_kw;
        let eco = at(Topology::EcoMode).total_kw;
        let rack = at(Topology::RackBattery).total_kw;
        let vdc = at(Topology::Dc800V);
        assert!((dc - 48.512).abs() < 1e-3 && (eco - 27.330).abs() < 1e-3 && (rack - 17.057).abs() < 1e-3);
        assert!((vdc.total_kw - 25.948).abs() < 1e-3 && vdc.indoor_kw == vdc.total_kw, "{vdc:?}");
    }

    #[test]
    fn grid_request_follows_f14() {
        // 100 MW at the design hour, PF 0.95, margin 10 % -> 100 / 0.95 x 1.1 = 115.79 MVA.
        let mut e = electrical();
        e.power_factor = 0.95;
        e.grid_margin_frac = 0.10;
        assert!((grid_request_mva(100.0, &e) - 115.789).abs() < 0.001);
    }
}
