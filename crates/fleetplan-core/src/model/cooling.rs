//! Cooling: coolant flow (F5), CDU count, pumps (F10), and heat rejection hour by hour against the weather
//! (F7 dry cooler, F8 cooling tower, F9 chillers, F17 tower water).

use crate::catalog::Fluid;
use crate::catalog::climate::SEA_LEVEL_PA;
use crate::catalog::settings::{AirPlant, Chiller, Cooling, HeatRejection, Trim};
use crate::units::{ZERO_C_IN_K, kw_to_mw};

/// Coolant flow for `heat_kw` at a temperature rise `delta_t_k` (F5): `V [L/min] = 60 Q / (rho c_p dT)`.
pub fn flow_lpm(heat_kw: f64, fluid: &Fluid, delta_t_k: f64) -> f64 {
    60.0 * heat_kw / (fluid.density_kg_per_l * fluid.cp_kj_per_kg_k * delta_t_k)
}

/// CDUs for a liquid load with one redundant unit (N+1); none when there is no liquid load.
pub fn cdu_count(liquid_kw: f64, cdu_kw: f64) -> u32 {
    // Saturating: an absurd ratio is a count no site has, never a wrapped-around small one.
    if liquid_kw <= 0.0 { 0 } else { ((liquid_kw / cdu_kw).ceil() as u32).saturating_add(1) }
}

/// Pump shaft power (F10): `P = dP V / eta`; kPa x m3/s = kW.
pub fn pump_kw(head_kpa: f64, flow_lpm: f64, eff: f64) -> f64 {
    head_kpa * (flow_lpm / 60_000.0) / eff
}

/// Facility-water supply temperature: rack supply minus the CDU approach.
pub fn facility_supply_c(c: &Cooling) -> f64 {
    c.supply_c - c.cdu_approach_k
}

/// Which outdoor temperature the heat rejection works against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outdoor {
    DryBulb,
    WetBulb,
}

/// Outdoor temperature above which the free path alone cannot hold the design supply (F7 dry bulb, F8 wet bulb),
/// and which temperature that is; `None` for a chiller plant, which has no free path.
pub fn free_cooling_limit_c(c: &Cooling) -> Option<(f64, Outdoor)> {
    let fws = facility_supply_c(c);
    match c.heat_rejection {
        HeatRejection::DryCooler => Some((fws - c.dry_cooler.approach_k, Outdoor::DryBulb)),
        HeatRejection::CoolingTower => Some((fws - c.tower.approach_k, Outdoor::WetBulb)),
        HeatRejection::Chiller => None,
    }
}

/// Chiller COP at a lift (F9): a fixed fraction of the Carnot COP between the chilled-water supply and the
/// condenser leaving temperature, `COP = carnot_frac x T_chilled / (T_condenser - T_chilled)` in kelvin, never above
/// `cop_max` (at small lifts a real compressor stops gaining: its own losses and the heat exchangers' approaches
/// dominate). Valid for lifts of about 10-45 K, the range of water-cooled centrifugal ratings.
pub fn chiller_cop(ch: &Chiller, chilled_c: f64, condenser_c: f64) -> f64 {
    let lift = condenser_c - chilled_c;
    if lift <= 0.0 {
        return ch.cop_max;
    }
    (ch.carnot_frac * (chilled_c + ZERO_C_IN_K) / lift).min(ch.cop_max)
}

/// Condenser leaving temperature of a chiller rejecting its heat through the site's heat rejection, from the
/// outdoor air it works against (`db`, `wb`; pre-cooled air for an adiabatic assist): the outdoor temperature plus
/// the heat rejection's approach plus the condenser water's rise. A chiller plant (`heat_rejection = "chiller"`)
/// rejects to the dry bulb at the dry-cooler approach.
pub fn condenser_c(c: &Cooling, db: f64, wb: f64) -> f64 {
    let rise = c.chiller.condenser_rise_k;
    match c.heat_rejection {
        HeatRejection::DryCooler | HeatRejection::Chiller => db + c.dry_cooler.approach_k + rise,
        HeatRejection::CoolingTower => wb + c.tower.approach_k + rise,
    }
}

/// Cooling of the liquid loop in one hour.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LiquidHour {
    /// The free path alone cannot hold the design supply this hour.
    pub trim: bool,
    /// Rack supply temperature reached, degC (above design only with `trim = "float"`).
    pub supply_c: f64,
    pub fan_kw: f64,
    /// Chiller compressor power.
    pub chiller_kw: f64,
    /// Heat the chillers take out of the loop.
    pub chiller_th_kw: f64,
    /// Evaporative pre-cooling water (adiabatic assist); tower water is counted for the site (`tower_water_l`).
    pub water_l: f64,
    /// Heat the cooling tower rejects for this loop: its heat plus the trim chillers' work (0 without a tower).
    pub tower_kw: f64,
}

/// Effectiveness of a counterflow heat exchanger (epsilon-NTU), on the smaller capacity rate: `(1 - e) / (1 - Cr e)`
/// with `e = exp(-NTU (1 - Cr))`, and `NTU / (1 + NTU)` when the two rates are equal.
pub fn counterflow_effectiveness(ntu: f64, cr: f64) -> f64 {
    if (1.0 - cr).abs() < 1e-12 {
        return ntu / (1.0 + ntu);
    }
    let e = (-ntu * (1.0 - cr)).exp();
    (1.0 - e) / (1.0 - cr * e)
}

/// Size of a dry-cooler bank for a design approach, relative to the bank of the reference approach at which
/// `fan_kw_per_mw` is stated: more units of the same coil and fan, so fan power scales with it.
///
/// The coil family is fixed by its reference point: air and water capacity rates equal (air rise = water range) and
/// water leaving `reference_approach_k` above the air, so water-side effectiveness `R / (A_ref + R)` and, with equal
/// rates, `NTU_air = UA / C_air = eps / (1 - eps)`. A bank of `k` reference units has `C_air = k C_water` and
/// `UA = NTU_air k C_water`; it reaches approach `A` when its water-side effectiveness (counterflow epsilon-NTU) is
/// `R / (A + R)`, solved for `k` by bisection. A smaller approach needs more coil and more air, never a free lunch.
pub fn dry_cooler_size(range_k: f64, approach_k: f64, reference_approach_k: f64) -> f64 {
    if approach_k == reference_approach_k {
        return 1.0; // the reference bank itself, exactly
    }
    let eps_ref = range_k / (reference_approach_k + range_k);
    let ntu_air = eps_ref / (1.0 - eps_ref);
    let water_side = |k: f64| {
        let (c_min, c_max) = if k < 1.0 { (k, 1.0) } else { (1.0, k) };
        counterflow_effectiveness(ntu_air * k / c_min, c_min / c_max) * c_min
    };
    let target = range_k / (approach_k + range_k);
    let (mut lo, mut hi) = (1e-3_f64, 1e3_f64);
    for _ in 0..80 {
        let mid = (lo * hi).sqrt();
        if water_side(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo * hi).sqrt()
}

/// Fan power at a station pressure relative to sea level: a fan keeping the mass flow of air a coil needs (its
/// capacity rate) moves `1/rho` more volume against a pressure drop `rho v^2` that grows as `1/rho` too, so its power
/// rises as `(p0 / p)^2` (air density in proportion to pressure at a given temperature). The catalogue's fan figures
/// are at sea level.
pub fn fan_density_factor(station_pressure_pa: f64) -> f64 {
    (SEA_LEVEL_PA / station_pressure_pa).powi(2)
}

/// The liquid loop's heat rejection as sized for the site: design heat, the fan power of the bank at design, and
/// the factor on every fan of the site for its air density.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiquidDesign {
    pub design_kw: f64,
    /// All the bank's fans at full speed, spare units included.
    pub fan_design_kw: f64,
    pub fan_factor: f64,
    /// Installed heat rejection over what nameplate needs: 1 + `rejection_spare_frac`.
    pub capacity: f64,
}

impl LiquidDesign {
    /// At sea level; see `at_pressure`.
    pub fn new(c: &Cooling, design_kw: f64) -> LiquidDesign {
        Self::at_pressure(c, design_kw, SEA_LEVEL_PA)
    }

    /// Dry coolers: `fan_kw_per_mw` x the bank size for the plan's approach (`dry_cooler_size`); towers:
    /// `fan_kw_per_mw` as stated; chiller plants: none (their condenser fans run per MW of the hour's load). All
    /// times `fan_density_factor` for the station pressure and times the installed capacity with spare units.
    pub fn at_pressure(c: &Cooling, design_kw: f64, station_pressure_pa: f64) -> LiquidDesign {
        let fan_factor = fan_density_factor(station_pressure_pa);
        let mw = kw_to_mw(design_kw);
        let fan_design_kw = match c.heat_rejection {
            HeatRejection::DryCooler => {
                let d = &c.dry_cooler;
                d.fan_kw_per_mw * dry_cooler_size(c.rack_delta_t_k, d.approach_k, d.reference_approach_k) * mw
            }
            HeatRejection::CoolingTower => c.tower.fan_kw_per_mw * mw,
            HeatRejection::Chiller => 0.0,
        };
        let capacity = 1.0 + c.rejection_spare_frac;
        LiquidDesign { design_kw, fan_design_kw: fan_design_kw * fan_factor * capacity, fan_factor, capacity }
    }
}

/// Heat rejection of the liquid loop in one hour, carrying `load` (0..1) of its design heat, with
/// outdoor dry bulb `db` and wet bulb `wb`.
///
/// The dry coolers or towers are sized to reject the design heat at their design approach with full airflow. At part
/// load, with the water range held (flow follows load), the temperature differences of the sized coil scale with the
/// heat it carries, so at full airflow it reaches `u x approach` with `u = load / capacity` (spare units share the
/// heat too): the free limit rises and trim hours fall.
/// - Free hours: the fans slow until the coil just holds the supply: airflow `u x approach / (T_f - T_out)` of
///   design, fan power its cube (F10 affinity), never below `fan_min_frac`.
/// - Trim hours, "chiller": full airflow, and a series trim chiller cools what the free path leaves: the share
///   `(T_out + u x approach - T_f) / dT_range` of the load (all of it once the outdoor air is as warm as the
///   return), at the chiller's COP for its lift (F9); the facility range is taken equal to the rack dT.
/// - "adiabatic" (dry cooler): evaporative pre-cooling lowers the air to `db - eff (db - wb)`, at
///   `adiabatic_l_per_kwh`; a chiller trims what is still left.
/// - "float": no mechanical cooling; the supply rises with the outdoor temperature.
/// - Chiller plant: every hour on the chiller, `Q / COP` plus condenser fans.
///
/// A tower rejects the load plus the trim chillers' work (`tower_kw`), charged water by `tower_water_l`.
pub fn liquid_hour(c: &Cooling, plant: &LiquidDesign, load: f64, db: f64, wb: f64) -> LiquidHour {
    let liquid_kw = plant.design_kw * load;
    let fws = facility_supply_c(c);
    let range = c.rack_delta_t_k;
    let (approach, outdoor) = match c.heat_rejection {
        HeatRejection::Chiller => {
            let cop = chiller_cop(&c.chiller, fws, condenser_c(c, db, wb));
            return LiquidHour {
                trim: true,
                supply_c: c.supply_c,
                fan_kw: c.chiller.fan_kw_per_mw * kw_to_mw(liquid_kw) * plant.fan_factor,
                chiller_kw: liquid_kw / cop,
                chiller_th_kw: liquid_kw,
                water_l: 0.0,
                tower_kw: 0.0,
            };
        }
        HeatRejection::DryCooler => (c.dry_cooler.approach_k, db),
        HeatRejection::CoolingTower => (c.tower.approach_k, wb),
    };
    let fan_design_kw = plant.fan_design_kw;
    // The approach the sized bank reaches at full airflow carrying this hour's heat, spread over all its units.
    let reached = approach * load / plant.capacity;
    let fan_frac_at = |t_air: f64| {
        let spare = fws - t_air;
        if spare <= reached || spare <= 0.0 { 1.0 } else { (reached / spare).powi(3).max(c.fan_min_frac) }
    };
    let trim_share_at = |t_air: f64| ((t_air + reached - fws) / range).clamp(0.0, 1.0);
    let trim = liquid_kw > 0.0 && outdoor > fws - reached;

    let mut h = LiquidHour { trim, supply_c: c.supply_c, ..LiquidHour::default() };
    if liquid_kw <= 0.0 {
        return h;
    }
    let chill = |h: &mut LiquidHour, t_db: f64, t_wb: f64, t_air: f64| {
        h.chiller_th_kw = liquid_kw * trim_share_at(t_air);
        h.chiller_kw = h.chiller_th_kw / chiller_cop(&c.chiller, fws, condenser_c(c, t_db, t_wb));
    };
    match (trim, c.trim) {
        (false, _) => h.fan_kw = fan_design_kw * fan_frac_at(outdoor),
        (true, Trim::Chiller) => {
            h.fan_kw = fan_design_kw;
            chill(&mut h, db, wb, outdoor);
        }
        (true, Trim::Adiabatic) => {
            let cooled = db - c.dry_cooler.adiabatic_effectiveness * (db - wb).max(0.0);
            h.fan_kw = fan_design_kw * fan_frac_at(cooled);
            chill(&mut h, cooled, wb, cooled);
            h.water_l = liquid_kw * c.dry_cooler.adiabatic_l_per_kwh;
        }
        (true, Trim::Float) => {
            h.fan_kw = fan_design_kw;
            h.supply_c = outdoor + reached + c.cdu_approach_k;
        }
    }
    if c.heat_rejection == HeatRejection::CoolingTower {
        h.tower_kw = liquid_kw + h.chiller_kw;
    }
    h
}

/// Specific heat of dry air, kJ/(kg K) (ASHRAE Handbook, Fundamentals, chapter 1).
const CP_AIR_KJ_PER_KG_K: f64 = 1.006;

/// Saturation vapour pressure over water, Pa: Magnus form `610.94 exp(17.625 T / (T + 243.04))`, T in degC
/// (Alduchov and Eskridge 1996, J. Appl. Meteor. 35, 601-609; within 0.4 % from -40 to 50 degC).
pub fn saturation_pressure_pa(t_c: f64) -> f64 {
    610.94 * (17.625 * t_c / (t_c + 243.04)).exp()
}

/// Humidity ratio, kg water per kg dry air, of air whose vapour pressure is `pw_pa` at station pressure `p_pa`.
fn humidity_ratio(pw_pa: f64, p_pa: f64) -> f64 {
    0.622 * pw_pa / (p_pa - pw_pa)
}

/// Share of a tower's heat that leaves as evaporation in one hour. The air leaves the fill saturated at the mean
/// water temperature (facility supply + half the range); the heat it took is latent `h_fg (w_out - w_in)` plus
/// sensible `c_p (T_out - T_db)`, with `w_in` from the hour's dew point and `h_fg = 3,600 / evaporation_l_per_kwh`
/// (the same latent heat as the all-latent figure). Cold dry air warms a lot and carries more of the heat as
/// sensible heat (about 77 % evaporative at 5 degC), warm humid air less (about 89 % at 32 degC); air warmer than
/// the leaving air is cooled by the evaporation and the share is 1.
pub fn tower_evaporated_share(c: &Cooling, db: f64, dew_point_c: f64, station_pressure_pa: f64) -> f64 {
    let t_out = facility_supply_c(c) + c.rack_delta_t_k / 2.0;
    let w_in = humidity_ratio(saturation_pressure_pa(dew_point_c.min(db)), station_pressure_pa);
    let w_out = humidity_ratio(saturation_pressure_pa(t_out), station_pressure_pa);
    let latent = 3600.0 / c.tower.evaporation_l_per_kwh * (w_out - w_in).max(0.0);
    let sensible = CP_AIR_KJ_PER_KG_K * (t_out - db);
    if sensible <= 0.0 || latent + sensible <= 0.0 { 1.0 } else { (latent / (latent + sensible)).clamp(0.0, 1.0) }
}

/// Tower make-up water for `rejected_kwh` of heat rejected, `evaporated_share` of it by evaporation (F17):
/// evaporation `share x evaporation_l_per_kwh` per kWh, and blowdown plus drift `evaporation / (COC - 1)` to hold
/// the cycles of concentration (drift, 0.001-0.005 % of the circulating water with drift eliminators, is part of
/// that bleed): make-up = evaporation x COC / (COC - 1).
pub fn tower_water_l(c: &Cooling, rejected_kwh: f64, evaporated_share: f64) -> f64 {
    let t = &c.tower;
    rejected_kwh * evaporated_share * t.evaporation_l_per_kwh * t.cycles_of_concentration
        / (t.cycles_of_concentration - 1.0)
}

/// Dew point of the white space, degC: the outdoor dew point carried in by make-up air, capped at the highest dew
/// point the make-up air units hold (`air.room_dew_point_max_c`); the room is not humidified, so it never sits
/// above the outdoor moisture.
pub fn room_dew_point_c(c: &Cooling, outdoor_dew_point_c: f64) -> f64 {
    outdoor_dew_point_c.min(c.air.room_dew_point_max_c)
}

/// Hours in which the rack liquid supply is colder than the room's dew point, so water condenses on manifolds,
/// hoses and cold plates, and the highest room dew point among them (`None` when there are none). `supply_c` and
/// `outdoor_dew_point_c` are hourly and of equal length.
pub fn condensation_hours(c: &Cooling, supply_c: &[f64], outdoor_dew_point_c: &[f64]) -> (u32, Option<f64>) {
    let mut hours = 0;
    let mut worst: Option<f64> = None;
    for (supply, dp) in supply_c.iter().zip(outdoor_dew_point_c) {
        let room = room_dew_point_c(c, *dp);
        if room > *supply {
            hours += 1;
            worst = Some(worst.map_or(room, |w| w.max(room)));
        }
    }
    (hours, worst)
}

/// The air loop in one hour.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AirHour {
    pub fan_kw: f64,
    pub chiller_kw: f64,
    pub chiller_th_kw: f64,
    /// Heat the cooling tower rejects for the air loop: its heat plus its chillers' work (0 without a tower).
    pub tower_kw: f64,
}

impl AirHour {
    /// Electrical power of the air loop: fans plus chillers, kW.
    pub fn total_kw(&self) -> f64 {
        self.fan_kw + self.chiller_kw
    }
}

/// The air loop removing `air_kw` of heat (F9): fan walls / CRAHs, plus chillers for the share of the load the
/// economiser cannot carry. With `air.plant = "economiser"` the loop economises through the site's heat rejection at
/// its approach (dry bulb for dry coolers, wet bulb for towers), with the same series-trim share as the liquid loop:
/// `(T_out + approach - T_air_supply) / dT_air`, clamped to 0..1; with `"chiller"`, or on a chiller plant, its
/// chillers carry all of it. Chillers run at the COP for their lift from the air loop's supply (F9). On a tower
/// site the tower rejects the air heat and the chillers' work too (`tower_kw`, charged water for the site). `fan_factor`:
/// `fan_density_factor` of the site.
pub fn air_hour(c: &Cooling, air_kw: f64, db: f64, wb: f64, fan_factor: f64) -> AirHour {
    let share = match (c.air.plant, c.heat_rejection) {
        (AirPlant::Chiller, _) | (_, HeatRejection::Chiller) => 1.0,
        (AirPlant::Economiser, HeatRejection::DryCooler) => {
            (db + c.dry_cooler.approach_k - c.air.supply_c) / c.air.delta_t_k
        }
        (AirPlant::Economiser, HeatRejection::CoolingTower) => {
            (wb + c.tower.approach_k - c.air.supply_c) / c.air.delta_t_k
        }
    };
    let chiller_th_kw = air_kw * share.clamp(0.0, 1.0);
    let chiller_kw = if chiller_th_kw > 0.0 {
        chiller_th_kw / chiller_cop(&c.chiller, c.air.supply_c, condenser_c(c, db, wb))
    } else {
        0.0
    };
    let tower_kw = if c.heat_rejection == HeatRejection::CoolingTower { air_kw + chiller_kw } else { 0.0 };
    AirHour { fan_kw: c.air.fan_kw_per_mw * kw_to_mw(air_kw) * fan_factor, chiller_kw, chiller_th_kw, tower_kw }
}

#[cfg(test)]
mod tests;
