//! Electrical chain: redundancy (F15), chain efficiency (F3), load-dependent losses (F4), grid request (F14).

use crate::catalog::settings::{Electrical, LossModel, Redundancy};

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

/// Chain efficiency at full load (F3): the product of the component efficiencies.
pub fn chain_efficiency(e: &Electrical) -> f64 {
    e.transformer_eff * e.switchgear_eff * e.ups_eff * e.pdu_eff * e.cable_eff
}

/// The electrical chain of a site, sized for its design IT load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chain {
    pub model: LossModel,
    /// Loss per kW delivered at full rated load: 1/eta - 1 (F3).
    pub full_load_loss_frac: f64,
    /// Installed capacity, kW: design IT / highest unit load (F15).
    pub installed_kw: f64,
    pub noload_share: f64,
    pub square_share: f64,
}

impl Chain {
    pub fn new(e: &Electrical, design_it_kw: f64) -> Chain {
        Chain {
            model: e.loss_model,
            full_load_loss_frac: 1.0 / chain_efficiency(e) - 1.0,
            installed_kw: design_it_kw / max_unit_load_frac(e.redundancy, e.redundant_units),
            noload_share: e.noload_loss_share,
            square_share: e.square_loss_share,
        }
    }

    /// Losses while delivering `it_kw`.
    /// - chain (F3): `P_loss = P_IT (1/eta - 1)`.
    /// - load-dependent (F4): `L = L_noload S + k_prop P + k_sq P^2 / S`, with the three coefficients splitting the
    ///   F3 full-load loss by shares: at P = S it equals F3, and a lower load fraction (more redundancy) raises the
    ///   loss per kW through the no-load term.
    pub fn loss_kw(&self, it_kw: f64) -> f64 {
        match self.model {
            LossModel::Chain => it_kw * self.full_load_loss_frac,
            LossModel::LoadDependent => {
                let s = self.installed_kw;
                if s <= 0.0 {
                    return 0.0;
                }
                let x = it_kw / s;
                let proportional = 1.0 - self.noload_share - self.square_share;
                self.full_load_loss_frac * s * (self.noload_share + proportional * x + self.square_share * x * x)
            }
        }
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

    #[test]
    fn chain_model_loses_a_constant_fraction() {
        // F3: 0.98 x 0.99 = 0.9702; x 0.94 = 0.911988; x 0.99 x 0.99 = 0.893839; 1/0.893839 - 1 = 0.118770 per kW.
        let mut e = electrical();
        e.loss_model = LossModel::Chain;
        let c = Chain::new(&e, 1000.0);
        assert!((c.loss_kw(1000.0) - 118.770).abs() < 0.001, "{}", c.loss_kw(1000.0));
        assert!((c.loss_kw(500.0) - 59.385).abs() < 0.001);
    }

    #[test]
    fn load_dependent_model_equals_f3_at_full_load_and_grows_with_redundancy() {
        let mut e = electrical();
        e.loss_model = LossModel::LoadDependent;
        e.noload_loss_share = 0.4;
        e.square_loss_share = 0.25;
        // N: installed = design, x = 1 -> loss = 0.118770 x 1000 x (0.4 + 0.35 + 0.25) = 118.770 kW, as F3.
        e.redundancy = Redundancy::N;
        let n = Chain::new(&e, 1000.0);
        assert!((n.loss_kw(1000.0) - 118.770).abs() < 0.001);
        // 2N: installed 2,000 kW, x = 0.5 -> 0.118770 x 2000 x (0.4 + 0.35 x 0.5 + 0.25 x 0.25)
        //   = 237.538 x 0.6375 = 151.431 kW: 27.5 % more loss than F3 for the same load.
        e.redundancy = Redundancy::TwoN;
        let two_n = Chain::new(&e, 1000.0);
        assert_eq!(two_n.installed_kw, 2000.0);
        assert!((two_n.loss_kw(1000.0) - 151.431).abs() < 0.001, "{}", two_n.loss_kw(1000.0));
        // No load: only the no-load term, 0.118770 x 2000 x 0.4 = 95.015 kW.
        assert!((two_n.loss_kw(0.0) - 95.015).abs() < 0.001);
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
