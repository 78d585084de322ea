//! A site's plant as sized for its design, and one hour of it: the electrical chain's losses, the liquid loop's
//! heat rejection and trim, the pumps, the air loop and the towers' water (`SitePlant::at`, the F11 sum of each
//! hour), and the year at nameplate the design search runs over.

use super::power::{self, Chain};
use super::{DesignSearch, Hourly, cooling, rollup};
use crate::catalog::settings::{CduFlow, HeatRejection};
use crate::plan::Site;
use crate::psychrometrics::{MoistAir, SaturationCurve};
use crate::units::HOURS_PER_YEAR;

/// One hour of the whole site at a load fraction.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct SiteHour {
    pub(super) it_kw: f64,
    pub(super) loss_kw: f64,
    /// Liquid loop: heat-rejection fans, trim or plant chillers, pumps.
    pub(super) fan_kw: f64,
    pub(super) chiller_kw: f64,
    /// Chillers of both loops: heat taken out and compressor power.
    pub(super) chillers_th_kw: f64,
    pub(super) chillers_el_kw: f64,
    pub(super) pump_kw: f64,
    pub(super) liquid_cooling_kw: f64,
    pub(super) air_cooling_kw: f64,
    pub(super) misc_kw: f64,
    pub(super) trim: bool,
    pub(super) supply_c: f64,
    pub(super) water_l: f64,
}

impl SiteHour {
    pub(super) fn cooling_kw(&self) -> f64 {
        self.liquid_cooling_kw + self.air_cooling_kw
    }
    /// F11 numerator: IT + cooling + losses + misc.
    pub(super) fn facility_kw(&self) -> f64 {
        self.it_kw + self.loss_kw + self.cooling_kw() + self.misc_kw
    }
}

/// The chain's losses at the last IT load asked for: the same function of the same load, computed once for a run of
/// hours at one load (every hour of the design search, every hour of a flat operating load) rather than stage by
/// stage in each hour. The figures are those of `Chain::losses`, to the bit.
#[derive(Default)]
pub(super) struct LossMemo {
    pub(super) last: Option<(u64, power::Losses)>,
}

impl LossMemo {
    pub(super) fn losses(&mut self, chain: &Chain, it_kw: f64) -> power::Losses {
        match self.last {
            Some((bits, l)) if bits == it_kw.to_bits() => l,
            _ => {
                let l = chain.losses(it_kw);
                self.last = Some((it_kw.to_bits(), l));
                l
            }
        }
    }
}

/// Design loads of a site and the plant that serves them.
pub(super) struct SitePlant<'a> {
    pub(super) site: &'a Site,
    pub(super) chain: Chain,
    pub(super) liquid: cooling::LiquidDesign,
    /// The outdoor air the plant is sized for: the design condition, or the typical year's hottest hour (its
    /// dry bulb, or its wet bulb on a tower site) for `tmy-max`.
    pub(super) design_air: MoistAir,
    /// Saturated air's temperature by enthalpy at the site's pressure, for the towers' leaving air.
    pub(super) saturation: SaturationCurve,
    pub(super) it_kw: f64,
    pub(super) air_kw: f64,
    /// TCS and facility-water pumps at design flow, kW.
    pub(super) tcs_pump_kw: f64,
    /// The air loop's chillers' installed heat: what they carry at the design condition, kW.
    pub(super) air_chiller_capacity_kw: f64,
    pub(super) facility_pump_kw: f64,
    pub(super) misc_kw: f64,
}

impl SitePlant<'_> {
    pub(super) fn hour(&self, h: usize, load: f64, memo: &mut LossMemo) -> SiteHour {
        let w = &self.site.climate;
        self.at(w.dry_bulb_c[h], w.wet_bulb_c[h], w.humidity_ratio[h], load, memo, true)
    }

    /// The site at a load fraction in outdoor air of dry bulb `db`, wet bulb `wb` (degC) and humidity ratio `w`;
    /// the towers' water only `with_water` (the design search at nameplate needs the power alone).
    pub(super) fn at(&self, db: f64, wb: f64, w: f64, load: f64, memo: &mut LossMemo, with_water: bool) -> SiteHour {
        let c = &self.site.settings.cooling;
        let it_kw = self.it_kw * load;
        let losses = memo.losses(&self.chain, it_kw);
        let loss_kw = losses.total_kw;
        let liquid = cooling::liquid_hour(c, &self.liquid, load, db, wb);
        // Pumps at constant dT: flow ~ load, power by the loop's head (F10b); constant-flow CDUs run at design
        // whenever there is load.
        let h0 = c.pump_min_head_frac;
        let tcs = match c.cdu_flow {
            CduFlow::Variable => cooling::pump_power_frac(load, h0),
            CduFlow::Constant if load > 0.0 => 1.0,
            CduFlow::Constant => 0.0,
        };
        let mut pumps = self.tcs_pump_kw * tcs + self.facility_pump_kw * cooling::pump_power_frac(load, h0);
        // Indoor electrical losses (electrical rooms, busway, cable) are rejected by the air path with the IT air
        // residual; equipment standing outdoors (pad-mount transformers) rejects its loss to the ambient air.
        let air_kw = self.air_kw * load + losses.indoor_kw;
        let air = cooling::air_hour(c, &self.liquid, air_kw, db, wb, self.air_chiller_capacity_kw);
        let tower_kw = liquid.tower_kw + air.tower_kw;
        let mut tower_water_l = 0.0;
        if let Some(sizing) = &self.liquid.tower
            && tower_kw > 0.0
        {
            let bank_kw = self.liquid.design_kw * (1.0 + self.liquid.compressor_frac);
            // The condenser water follows the towers' heat at the range (air-loop heat included).
            pumps += self.liquid.condenser_pump_kw * cooling::pump_power_frac(tower_kw / bank_kw, h0);
            let u = tower_kw / (self.liquid.design_kw * self.liquid.capacity);
            let water_in = cooling::free_path_water_c(c) + c.rack_delta_t_k;
            let air_in = (db, w);
            tower_water_l = if !with_water {
                0.0
            } else {
                cooling::tower::water_l(
                    &c.tower,
                    sizing,
                    tower_kw,
                    u,
                    liquid.airflow_frac,
                    air_in,
                    water_in,
                    &self.saturation,
                )
            };
        }
        SiteHour {
            it_kw,
            loss_kw,
            fan_kw: liquid.fan_kw,
            chiller_kw: liquid.chiller_kw,
            chillers_th_kw: liquid.chiller_th_kw + air.chiller_th_kw,
            chillers_el_kw: liquid.chiller_kw + air.chiller_kw,
            pump_kw: pumps,
            liquid_cooling_kw: liquid.fan_kw + liquid.chiller_kw + pumps,
            air_cooling_kw: air.total_kw(),
            misc_kw: self.misc_kw,
            trim: liquid.trim,
            supply_c: liquid.supply_c,
            water_l: liquid.water_l + tower_water_l,
        }
    }
}

impl<'a> SitePlant<'a> {
    /// The plant of `site` for its rolled-up layout totals, sized for its design condition.
    pub(super) fn new(site: &'a Site, t: &rollup::Totals) -> SitePlant<'a> {
        let s = &site.settings;
        let c = &s.cooling;
        let w = &site.climate;
        let pressure_pa = w.station_pressure_pa();
        let design_air = match s.design.point(w) {
            Some(p) => MoistAir::from_wet_bulb(p.dry_bulb_c, p.wet_bulb_c, pressure_pa),
            None => {
                let by = if c.heat_rejection == HeatRejection::CoolingTower { &w.wet_bulb_c } else { &w.dry_bulb_c };
                let h = (0..by.len()).fold(0, |m, h| if by[h] > by[m] { h } else { m });
                MoistAir::from_dew_point(w.dry_bulb_c[h], w.dew_point_c[h], pressure_pa)
            }
        };
        // The facility-water loop carries the same heat at the same range as the TCS (the CDU balances them), so
        // it is sized with the same flow.
        let chain = Chain::new(&s.electrical, t.it_kw);
        let liquid = cooling::LiquidDesign::sized(c, t.liquid_kw, pressure_pa, &design_air);
        let air_design_kw = t.air_kw + chain.losses(t.it_kw).indoor_kw;
        let (db, wb) = (design_air.dry_bulb_c, design_air.wet_bulb_c);
        let air_chiller_capacity_kw = cooling::air_hour(c, &liquid, air_design_kw, db, wb, 0.0).chiller_th_kw;
        SitePlant {
            site,
            chain,
            liquid,
            design_air,
            saturation: if liquid.tower.is_some() {
                SaturationCurve::at(pressure_pa)
            } else {
                SaturationCurve::default()
            },
            it_kw: t.it_kw,
            air_kw: t.air_kw,
            tcs_pump_kw: cooling::pump_kw(c.tcs_pump_kpa, t.tcs_flow_lpm, c.pump_eff),
            air_chiller_capacity_kw,
            facility_pump_kw: cooling::pump_kw(c.facility_pump_kpa, t.tcs_flow_lpm, c.pump_eff),
            misc_kw: s.misc_frac * t.it_kw,
        }
    }
}

impl SitePlant<'_> {
    /// Nameplate IT in every hour of the typical year: the worst hour (the first when several tie; the design of
    /// `tmy-max`) and each hour's facility power, which a design condition is compared with.
    pub(super) fn design_hour(&self) -> DesignSearch {
        let memo = &mut LossMemo::default();
        let mut design_hour = 0;
        let w = &self.site.climate;
        let at = |h: usize, memo: &mut LossMemo| {
            self.at(w.dry_bulb_c[h], w.wet_bulb_c[h], w.humidity_ratio[h], 1.0, memo, false)
        };
        let mut design = at(0, memo);
        let mut facility_kw = Vec::with_capacity(HOURS_PER_YEAR);
        facility_kw.push(design.facility_kw());
        for h in 1..HOURS_PER_YEAR {
            let x = at(h, memo);
            facility_kw.push(x.facility_kw());
            if x.facility_kw() > design.facility_kw() {
                design = x;
                design_hour = h;
            }
        }
        DesignSearch { hour: design_hour, worst: design, facility_kw }
    }

    /// Every hour at its load fraction, each figure in its series (see `year_sums` for the year added up).
    pub(super) fn year(&self, loads: &[f64]) -> Hourly {
        let mut hourly = Hourly::with_capacity(loads.len());
        let memo = &mut LossMemo::default();
        for (h, &load) in loads.iter().enumerate() {
            hourly.push(&self.hour(h, load, memo));
        }
        hourly
    }
}
