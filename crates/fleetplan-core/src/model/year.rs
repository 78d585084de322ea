//! The year at the operating load, added up as it is computed: the sums, months, trim flags and supply temperatures
//! an outcome and its findings need, without holding twelve series of 8,760 hours (`Hourly`, which
//! [`super::hourly`] still builds for the hourly table). The sums are taken hour by hour in the same order as a sum
//! over the series, so both give the same figures to the bit (test
//! `the_year_computed_again_is_the_year_the_outcome_summed`).

use super::{MONTH_DAYS, SitePlant};

/// Energy of one stretch of hours (the year, or a month), kWh (or litres of water): F18, power x 1 h summed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sums {
    pub(super) it: f64,
    pub(super) loss: f64,
    pub(super) cooling: f64,
    pub(super) fan: f64,
    pub(super) chiller: f64,
    pub(super) pump: f64,
    pub(super) air_cooling: f64,
    pub(super) liquid_cooling: f64,
    pub(super) misc: f64,
    pub(super) facility: f64,
    pub(super) water_l: f64,
    pub(super) trim_hours: u32,
}

impl Default for Sums {
    /// Every sum starts where a sum over a series starts (`Iterator::sum` of floats folds from -0.0).
    fn default() -> Sums {
        let z = -0.0;
        Sums {
            it: z,
            loss: z,
            cooling: z,
            fan: z,
            chiller: z,
            pump: z,
            air_cooling: z,
            liquid_cooling: z,
            misc: z,
            facility: z,
            water_l: z,
            trim_hours: 0,
        }
    }
}

impl Sums {
    fn add(&mut self, x: &super::SiteHour) {
        self.it += x.it_kw;
        self.loss += x.loss_kw;
        self.cooling += x.cooling_kw();
        self.fan += x.fan_kw;
        self.chiller += x.chiller_kw;
        self.pump += x.pump_kw;
        self.air_cooling += x.air_cooling_kw;
        self.liquid_cooling += x.liquid_cooling_kw;
        self.misc += x.misc_kw;
        self.facility += x.facility_kw();
        self.water_l += x.water_l;
        self.trim_hours += u32::from(x.trim);
    }
}

/// The year added up: its sums, each month's, and the two hourly series the findings read.
pub(super) struct YearSums {
    pub(super) year: Sums,
    pub(super) months: Vec<Sums>,
    pub(super) trim: Vec<bool>,
    pub(super) supply_c: Vec<f64>,
}

impl SitePlant<'_> {
    /// Every hour at its load fraction, added up as it goes.
    pub(super) fn year_sums(&self, loads: &[f64]) -> YearSums {
        let mut out = YearSums {
            year: Sums::default(),
            months: Vec::with_capacity(12),
            trim: Vec::with_capacity(loads.len()),
            supply_c: Vec::with_capacity(loads.len()),
        };
        let mut month = Sums::default();
        let mut month_end = MONTH_DAYS[0] * 24;
        let memo = &mut super::LossMemo::default();
        for (h, &load) in loads.iter().enumerate() {
            if h == month_end && out.months.len() < 11 {
                out.months.push(std::mem::take(&mut month));
                month_end += MONTH_DAYS[out.months.len()] * 24;
            }
            let x = self.hour(h, load, memo);
            out.year.add(&x);
            month.add(&x);
            out.trim.push(x.trim);
            out.supply_c.push(x.supply_c);
        }
        out.months.push(month);
        out
    }
}
