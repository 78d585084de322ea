//! Cooling: coolant flow (F5), CDU count, pumps (F10), and heat rejection sized on the design condition and run
//! hour by hour against the weather (F7 dry cooler, F8 cooling tower, F9 chillers, F17 tower water).

pub mod tower;

use crate::catalog::Fluid;
use crate::catalog::climate::SEA_LEVEL_PA;
use crate::catalog::settings::{AirPlant, Chiller, Cooling, HeatRejection, Trim};
use crate::psychrometrics::MoistAir;
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

/// Power of a variable-speed pump at flow fraction `x` of design, as a fraction of its design power (F10b): the
/// loop's head falls with the square of the flow down to the set point `h0` it holds at zero flow,
/// `head = h0 + (1 - h0) x^2`, so power = flow x head = `x (h0 + (1 - h0) x^2)` (the pump's efficiency taken as
/// constant). `h0 = 0` is the affinity cube law.
pub fn pump_power_frac(x: f64, min_head_frac: f64) -> f64 {
    let x = x.max(0.0);
    x * (min_head_frac + (1.0 - min_head_frac) * x * x)
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

/// The water temperature the free path must deliver: the facility supply, less the plate heat exchanger's approach
/// on a tower site (the open tower water is kept apart from the facility water).
pub fn free_path_water_c(c: &Cooling) -> f64 {
    match c.heat_rejection {
        HeatRejection::CoolingTower => facility_supply_c(c) - c.tower.phe_approach_k,
        HeatRejection::DryCooler | HeatRejection::Chiller => facility_supply_c(c),
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

/// A chiller plant's electrical power for `heat_kw` at full-load COP `cop` (F9b): `units` chillers sized together for
/// `capacity_kw`, staged on as the heat grows, the running ones sharing it at part-load ratio `PLR = heat / (running
/// x unit)`; each draws its full-load power (`unit / cop`) times the normalised part-load curve `f(max(PLR,
/// min_part_load)) / f(1)`. With no capacity known (none at the design condition) or heat beyond it, the plant is at
/// full load: `heat / cop`.
pub fn chiller_power_kw(ch: &Chiller, heat_kw: f64, capacity_kw: f64, cop: f64) -> f64 {
    if heat_kw <= 0.0 {
        return 0.0;
    }
    let units = f64::from(ch.units.max(1));
    let unit_kw = capacity_kw / units;
    if capacity_kw <= 0.0 || heat_kw >= capacity_kw {
        return heat_kw / cop;
    }
    let running = (heat_kw / unit_kw).ceil().clamp(1.0, units);
    let plr = (heat_kw / (running * unit_kw)).max(ch.min_part_load);
    let [a, b, c] = ch.part_load_eir;
    let curve = |p: f64| a + b * p + c * p * p;
    running * unit_kw / cop * curve(plr) / curve(1.0)
}

/// Condenser leaving temperature of a chiller rejecting its heat through the site's heat rejection, from the
/// outdoor air it works against (`db`, `wb`; pre-cooled air for an adiabatic assist): the outdoor temperature plus
/// the heat rejection's design approach (`plant`) plus the condenser water's rise. A chiller plant
/// (`heat_rejection = "chiller"`) rejects to the dry bulb at the dry-cooler approach.
pub fn condenser_c(c: &Cooling, plant: &LiquidDesign, db: f64, wb: f64) -> f64 {
    let rise = c.chiller.condenser_rise_k;
    match c.heat_rejection {
        HeatRejection::DryCooler => db + plant.approach_k + rise,
        HeatRejection::Chiller => db + c.dry_cooler.approach_k + rise,
        HeatRejection::CoolingTower => wb + plant.approach_k + rise,
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
    /// Airflow of the dry coolers or towers as a fraction of design (below 1 when the fans slow in free hours).
    pub airflow_frac: f64,
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
/// are at sea level and 20 degC; see `air_temperature_factor` for the temperature.
pub fn fan_density_factor(station_pressure_pa: f64) -> f64 {
    (SEA_LEVEL_PA / station_pressure_pa).powi(2)
}

/// Temperature at which the catalogue's fan figures are stated, degC: standard air, 1.20 kg/m3 at 101.325 kPa and
/// 20 degC (AMCA 210 / ISO 5801).
pub const FAN_RATING_AIR_C: f64 = 20.0;

/// Fan power for air at `t_c` relative to the rating temperature, at the same pressure: density falls as `1 / T`
/// (kelvin), and fan power at a given mass flow rises as `1 / rho^2` (`fan_density_factor`), so `(T / T_rating)^2`:
/// 1.141 at 40 degC, 0.837 at -5 degC.
pub fn air_temperature_factor(t_c: f64) -> f64 {
    ((t_c + ZERO_C_IN_K) / (FAN_RATING_AIR_C + ZERO_C_IN_K)).powi(2)
}

/// The liquid loop's heat rejection as sized for the site's design condition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiquidDesign {
    /// Liquid heat at nameplate, kW.
    pub design_kw: f64,
    /// The approach the heat rejection is built for, to the dry bulb (dry coolers) or the wet bulb (towers), K:
    /// what holds the free path's water (`free_path_water_c`) at the design condition, never closer than the
    /// plan's `approach_k`.
    pub approach_k: f64,
    /// All the bank's fans at full speed, spare units included, at sea level and 20 degC air.
    pub fan_design_kw: f64,
    /// `fan_density_factor` of the site's pressure.
    pub fan_factor: f64,
    /// Installed heat rejection over the liquid heat at nameplate: `1 + rejection_spare_frac`, times the design
    /// trim chillers' work the bank also rejects (`1 + compressor_frac`).
    pub capacity: f64,
    /// The trim chillers' work at the design condition over the liquid heat: the compressor heat the bank is sized for.
    pub compressor_frac: f64,
    /// The trim chillers' installed heat, kW: what they carry at the design condition (0 when it needs none).
    pub trim_capacity_kw: f64,
    /// The towers' sizing (tower sites only).
    pub tower: Option<tower::TowerSizing>,
    /// Condenser-water pumps at design flow, kW (tower sites only).
    pub condenser_pump_kw: f64,
}

impl LiquidDesign {
    /// At sea level, sized for the condition its plan's `approach_k` exactly holds (no compressor heat): dry bulb
    /// `free_path_water_c - approach_k` (wet bulb 8 K below it) for dry coolers and chiller plants, wet bulb
    /// `free_path_water_c - approach_k` (dry bulb 8 K above it) for towers; see `sized`.
    pub fn new(c: &Cooling, design_kw: f64) -> LiquidDesign {
        let water = free_path_water_c(c);
        let (db, wb) = match c.heat_rejection {
            HeatRejection::CoolingTower => (water - c.tower.approach_k + 8.0, water - c.tower.approach_k),
            HeatRejection::DryCooler | HeatRejection::Chiller => {
                (water - c.dry_cooler.approach_k, water - c.dry_cooler.approach_k - 8.0)
            }
        };
        Self::sized(c, design_kw, SEA_LEVEL_PA, &MoistAir::from_wet_bulb(db, wb, SEA_LEVEL_PA))
    }

    /// The heat rejection for `design_kw` of liquid heat at the design condition `design` (outdoor air), at
    /// `station_pressure_pa`:
    /// - approach: the free path's water less the design temperature (dry bulb, or wet bulb for towers), at least
    ///   the plan's `approach_k`; hotter design conditions need a closer approach and a larger bank;
    /// - compressor heat: the trim chillers' work at the design condition (`liquid_hour` at nameplate) is heat the
    ///   bank rejects too, so its capacity and fans grow by it;
    /// - fans: dry coolers `fan_kw_per_mw` x the bank size for the approach (`dry_cooler_size`); towers by
    ///   effectiveness-NTU from the reference tower (`tower::size`); chiller plants none here (their condenser fans
    ///   run per MW of each hour's heat); all times the spare units and `fan_density_factor`;
    /// - condenser-water pumps (towers): design flow of the bank's heat at the rack range, `condenser_pump_kpa`.
    pub fn sized(c: &Cooling, design_kw: f64, station_pressure_pa: f64, design: &MoistAir) -> LiquidDesign {
        let fan_factor = fan_density_factor(station_pressure_pa);
        let spare = 1.0 + c.rejection_spare_frac;
        let water = free_path_water_c(c);
        let approach_k = match c.heat_rejection {
            HeatRejection::DryCooler => c.dry_cooler.approach_k.max(water - design.dry_bulb_c),
            HeatRejection::CoolingTower => c.tower.approach_k.max(water - design.wet_bulb_c),
            HeatRejection::Chiller => c.dry_cooler.approach_k,
        };
        let mut plant = LiquidDesign {
            design_kw,
            approach_k,
            fan_design_kw: 0.0,
            fan_factor,
            capacity: spare,
            compressor_frac: 0.0,
            trim_capacity_kw: 0.0,
            tower: None,
            condenser_pump_kw: 0.0,
        };
        if c.heat_rejection == HeatRejection::Chiller || design_kw <= 0.0 {
            return plant;
        }
        let at_design = liquid_hour(c, &plant, 1.0, design.dry_bulb_c, design.wet_bulb_c);
        plant.compressor_frac = at_design.chiller_kw / design_kw;
        plant.trim_capacity_kw = at_design.chiller_th_kw;
        plant.capacity = spare * (1.0 + plant.compressor_frac);
        let bank_mw = kw_to_mw(design_kw) * (1.0 + plant.compressor_frac);
        let range = c.rack_delta_t_k;
        let fan_kw = match c.heat_rejection {
            HeatRejection::DryCooler => {
                let d = &c.dry_cooler;
                d.fan_kw_per_mw * dry_cooler_size(range, approach_k, d.reference_approach_k) * bank_mw
            }
            HeatRejection::CoolingTower => {
                let sizing = tower::size(
                    &c.tower,
                    approach_k,
                    range,
                    design.wet_bulb_c,
                    design.enthalpy_kj_per_kg,
                    station_pressure_pa,
                );
                plant.tower = Some(sizing);
                let flow_lpm = 60.0 * bank_mw * 1000.0 / (tower::CP_WATER_KJ_PER_KG_K * range);
                plant.condenser_pump_kw = pump_kw(c.tower.condenser_pump_kpa, flow_lpm, c.pump_eff);
                sizing.fan_kw_per_mw * bank_mw
            }
            HeatRejection::Chiller => 0.0,
        };
        plant.fan_design_kw = fan_kw * fan_factor * spare;
        plant
    }

    /// The outdoor temperature above which the free path alone cannot hold the design supply at nameplate (dry
    /// bulb for dry coolers, wet bulb for towers), and which one; `None` for a chiller plant.
    pub fn free_limit_c(&self, c: &Cooling) -> Option<(f64, Outdoor)> {
        let at_nameplate = free_path_water_c(c) - self.approach_k / self.capacity;
        match c.heat_rejection {
            HeatRejection::DryCooler => Some((at_nameplate, Outdoor::DryBulb)),
            HeatRejection::CoolingTower => Some((at_nameplate, Outdoor::WetBulb)),
            HeatRejection::Chiller => None,
        }
    }
}

/// Heat rejection of the liquid loop in one hour, carrying `load` (0..1) of its design heat, with
/// outdoor dry bulb `db` and wet bulb `wb`.
///
/// The dry coolers or towers are sized to reject the design heat at their design approach with full airflow
/// (`LiquidDesign::sized`). At part load, with the water range held (flow follows load), the temperature differences
/// of the sized coil scale with the heat it carries, so at full airflow it reaches `u x approach` with
/// `u = load / capacity` (spare units and the room for compressor heat share it): the free limit rises and trim
/// hours fall. The free path must deliver `free_path_water_c` (the facility supply, less the plate exchanger's
/// approach on a tower site).
/// - Free hours: the fans slow until the coil just holds the supply: airflow `u x approach / (T_w - T_out)` of
///   design, fan power its cube (F10 affinity), never below `fan_min_frac`.
/// - Trim hours, "chiller": full airflow, and a series trim chiller cools what the free path leaves: the share
///   `(T_out + u x approach - T_w) / dT_range` of the load (all of it once the outdoor air is as warm as the
///   return), at the chiller's COP for its lift (F9); the facility range is taken equal to the rack dT.
/// - "adiabatic" (dry cooler): evaporative pre-cooling lowers the air to `db - eff (db - wb)`, at
///   `adiabatic_l_per_kwh`; a chiller trims what is still left.
/// - "float": no mechanical cooling; the supply rises with the outdoor temperature.
/// - Chiller plant: every hour on the chiller, `Q / COP`, and condenser fans on the heat and the compressor work.
///
/// Outdoor fans are charged for the air's temperature (`air_temperature_factor` of `db`) besides the site's
/// pressure. A tower rejects the load plus the trim chillers' work (`tower_kw`), charged water by `tower::water_l`.
pub fn liquid_hour(c: &Cooling, plant: &LiquidDesign, load: f64, db: f64, wb: f64) -> LiquidHour {
    let liquid_kw = plant.design_kw * load;
    let water = free_path_water_c(c);
    let range = c.rack_delta_t_k;
    let warm = air_temperature_factor(db);
    let (approach, outdoor) = match c.heat_rejection {
        HeatRejection::Chiller => {
            let ch = Chiller { carnot_frac: c.chiller.air_cooled_carnot_frac, ..c.chiller.clone() };
            let cop = chiller_cop(&ch, facility_supply_c(c), condenser_c(c, plant, db, wb));
            let chiller_kw = chiller_power_kw(&c.chiller, liquid_kw, plant.design_kw, cop);
            return LiquidHour {
                trim: true,
                supply_c: c.supply_c,
                fan_kw: c.chiller.fan_kw_per_mw * kw_to_mw(liquid_kw + chiller_kw) * plant.fan_factor * warm,
                chiller_kw,
                chiller_th_kw: liquid_kw,
                water_l: 0.0,
                tower_kw: 0.0,
                airflow_frac: 1.0,
            };
        }
        HeatRejection::DryCooler => (plant.approach_k, db),
        HeatRejection::CoolingTower => (plant.approach_k, wb),
    };
    let fan_design_kw = plant.fan_design_kw * warm; // the pressure's factor is in the design figure
    // The approach the sized bank reaches at full airflow carrying this hour's heat, spread over all its units.
    let reached = approach * load / plant.capacity;
    let airflow_at = |t_air: f64| {
        let spare = water - t_air;
        if spare <= reached || spare <= 0.0 { 1.0 } else { (reached / spare).max(c.fan_min_frac.cbrt()) }
    };
    let trim_share_at = |t_air: f64| ((t_air + reached - water) / range).clamp(0.0, 1.0);
    let trim = liquid_kw > 0.0 && outdoor > water - reached;

    let mut h = LiquidHour { trim, supply_c: c.supply_c, airflow_frac: 1.0, ..LiquidHour::default() };
    if liquid_kw <= 0.0 {
        return h;
    }
    let fws = facility_supply_c(c);
    let chill = |h: &mut LiquidHour, t_db: f64, t_wb: f64, t_air: f64| {
        h.chiller_th_kw = liquid_kw * trim_share_at(t_air);
        let cop = chiller_cop(&c.chiller, fws, condenser_c(c, plant, t_db, t_wb));
        h.chiller_kw = chiller_power_kw(&c.chiller, h.chiller_th_kw, plant.trim_capacity_kw, cop);
    };
    match (trim, c.trim) {
        (false, _) => h.airflow_frac = airflow_at(outdoor),
        (true, Trim::Chiller) => chill(&mut h, db, wb, outdoor),
        (true, Trim::Adiabatic) => {
            let cooled = db - c.dry_cooler.adiabatic_effectiveness * (db - wb).max(0.0);
            h.airflow_frac = airflow_at(cooled);
            chill(&mut h, cooled, wb, cooled);
            h.water_l = liquid_kw * c.dry_cooler.adiabatic_l_per_kwh;
        }
        (true, Trim::Float) => h.supply_c = outdoor + reached + (c.supply_c - water),
    }
    h.fan_kw = fan_design_kw * h.airflow_frac.powi(3).max(c.fan_min_frac);
    if c.heat_rejection == HeatRejection::CoolingTower {
        h.tower_kw = liquid_kw + h.chiller_kw;
    }
    h
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
/// economiser cannot carry. The coils need chilled water `coil_approach_k` below the supply air, `T_chw`. With
/// `air.plant = "economiser"` the loop economises through the site's heat rejection at its design approach (dry
/// bulb for dry coolers; wet bulb through the plate exchanger for towers), with the same series-trim share as the
/// liquid loop: `(T_out + approach - T_chw) / dT_air`, clamped to 0..1; with `"chiller"`, or on a chiller plant, its
/// chillers carry all of it. Chillers run at the COP for their lift from `T_chw` (F9). On a tower site the tower
/// rejects the air heat and the chillers' work too (`tower_kw`, charged water for the site). The fans move indoor
/// air at the supply temperature: `plant.fan_factor` times `air_temperature_factor(supply_c)`. The chillers are a
/// plant of `capacity_kw` (`chiller_power_kw`; 0 for full-load efficiency).
pub fn air_hour(c: &Cooling, plant: &LiquidDesign, air_kw: f64, db: f64, wb: f64, capacity_kw: f64) -> AirHour {
    let chilled = c.air.supply_c - c.air.coil_approach_k;
    let share = match (c.air.plant, c.heat_rejection) {
        (AirPlant::Chiller, _) | (_, HeatRejection::Chiller) => 1.0,
        (AirPlant::Economiser, HeatRejection::DryCooler) => (db + plant.approach_k - chilled) / c.air.delta_t_k,
        (AirPlant::Economiser, HeatRejection::CoolingTower) => {
            (wb + plant.approach_k + c.tower.phe_approach_k - chilled) / c.air.delta_t_k
        }
    };
    let chiller_th_kw = air_kw * share.clamp(0.0, 1.0);
    let cop = chiller_cop(&c.chiller, chilled, condenser_c(c, plant, db, wb));
    let chiller_kw = chiller_power_kw(&c.chiller, chiller_th_kw, capacity_kw, cop);
    let tower_kw = if c.heat_rejection == HeatRejection::CoolingTower { air_kw + chiller_kw } else { 0.0 };
    let fans = plant.fan_factor * air_temperature_factor(c.air.supply_c);
    AirHour { fan_kw: c.air.fan_kw_per_mw * kw_to_mw(air_kw) * fans, chiller_kw, chiller_th_kw, tower_kw }
}

#[cfg(test)]
mod tests;
