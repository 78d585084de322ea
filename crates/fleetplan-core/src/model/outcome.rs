//! What the planning core computes: a plan's outcome per site, hall, row and rack, hour by hour and month by month,
//! and the limits it exceeds.

use super::cooling::Outdoor;
use crate::plan::RackTypeId;

/// Days per month of the (non-leap) typical year.
pub const MONTH_DAYS: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// An hour of the typical year as a date and time, `MM-DD HH:00` for the hour that starts then (hour 0 is
/// 01-01 00:00, the hour ending 01:00 in EPW terms; 29 February is never in the year).
pub fn hour_label(hour: usize) -> String {
    let (mut day, hh) = (hour / 24, hour % 24);
    for (m, days) in MONTH_DAYS.iter().enumerate() {
        if day < *days {
            return format!("{:02}-{:02} {hh:02}:00", m + 1, day + 1);
        }
        day -= days;
    }
    format!("hour {hour}")
}

/// A plan's outcome: one `SiteOutcome` per site, in the plan's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub sites: Vec<SiteOutcome>,
}

/// One placed rack.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RackOutcome {
    pub hall: u32,
    pub row: u32,
    /// 0-based slot in the row.
    pub slot: u32,
    pub rack_type: RackTypeId,
    pub it_kw: f64,
    pub liquid_kw: f64,
    pub air_kw: f64,
    pub flow_lpm: f64,
}

/// One layout row: its racks, IT on its busway, liquid heat, coolant flow and CDUs.
#[derive(Debug, Clone, PartialEq)]
pub struct RowOutcome {
    pub hall: u32,
    pub racks: u32,
    pub gpus: u32,
    /// Rack IT on the row's busway, kW.
    pub it_kw: f64,
    pub liquid_kw: f64,
    pub flow_lpm: f64,
    /// CDUs (N+1) when counted per row.
    pub cdus: Option<u32>,
}

/// One hall: its racks, IT, heat to the liquid and air loops, coolant flow, CDUs and annual partial PUE.
#[derive(Debug, Clone, PartialEq)]
pub struct HallOutcome {
    pub racks: u32,
    pub gpus: u32,
    pub cpus: u32,
    pub rack_it_kw: f64,
    pub network_kw: f64,
    /// Rack IT plus network/storage (F2), kW.
    pub it_kw: f64,
    pub liquid_kw: f64,
    pub air_kw: f64,
    pub flow_lpm: f64,
    pub cdus: u32,
    /// Partial PUE over the year (F13): the hall's IT plus the losses and cooling it causes.
    pub ppue_annual: f64,
}

/// Hour-by-hour results at the operating load (`it_load_frac`), index = hour of the typical year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hourly {
    pub it_kw: Vec<f64>,
    pub loss_kw: Vec<f64>,
    /// All cooling: the four parts below.
    pub cooling_kw: Vec<f64>,
    /// Liquid-loop heat-rejection fans.
    pub fan_kw: Vec<f64>,
    /// Trim chillers, or the chiller plant.
    pub chiller_kw: Vec<f64>,
    pub pump_kw: Vec<f64>,
    /// Air loop: fan walls / CRAHs and their chillers.
    pub air_cooling_kw: Vec<f64>,
    pub misc_kw: Vec<f64>,
    pub facility_kw: Vec<f64>,
    pub trim: Vec<bool>,
    pub supply_c: Vec<f64>,
    pub water_l: Vec<f64>,
}

/// One month of the typical year: its energy, trim hours and water, added up from the hourly results, and its
/// highest dry bulb, degC.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Month {
    pub it_mwh: f64,
    pub facility_mwh: f64,
    pub cooling_mwh: f64,
    pub trim_hours: u32,
    pub water_m3: f64,
    pub max_dry_bulb_c: f64,
}

/// Trim hours per (month, hour of day) from the hourly flags: the Power screen's heat map and `plot --chart
/// trim-heatmap`.
pub fn trim_map(trim: &[bool]) -> [[u16; 24]; 12] {
    let mut map = [[0u16; 24]; 12];
    let mut start = 0;
    for (m, days) in super::MONTH_DAYS.iter().enumerate() {
        for (i, t) in trim.iter().enumerate().skip(start).take(days * 24) {
            if *t {
                map[m][i % 24] += 1;
            }
        }
        start += days * 24;
    }
    map
}

impl Month {
    /// The month's PUE: facility energy over IT energy; NaN for a month without IT load.
    pub fn pue(&self) -> f64 {
        if self.it_mwh > 0.0 { self.facility_mwh / self.it_mwh } else { f64::NAN }
    }
}

/// What a limit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViolationKind {
    /// Facility power at the design hour above the grid envelope, MW.
    Grid,
    /// Hall IT above `it_mw_max`, MW.
    HallPower,
    /// Row IT above `row_busway_kw`, kW.
    RowBusway,
    /// Rack supply above a platform's maximum coolant inlet, degC.
    RackInlet,
    /// With `trim = "float"`, hours the supply floats above the lowest platform inlet limit.
    FloatHours,
    /// Hours the room's dew point is above the rack liquid supply.
    Condensation,
    /// The design condition estimated from the typical year: the weather file states no design conditions.
    DesignEstimated,
    /// Hours of the typical year at nameplate above the design condition's facility power.
    AboveDesign,
}

impl Violation {
    /// Its kind and place (see [`FindingKey`]).
    pub fn key(&self) -> FindingKey {
        (self.kind, self.hall, self.row)
    }
}

impl ViolationKind {
    /// Its name in the violations table's `kind` column.
    pub fn name(self) -> &'static str {
        match self {
            ViolationKind::Grid => "grid",
            ViolationKind::HallPower => "hall_power",
            ViolationKind::RowBusway => "row_busway",
            ViolationKind::RackInlet => "rack_inlet",
            ViolationKind::FloatHours => "float_hours",
            ViolationKind::Condensation => "condensation",
            ViolationKind::DesignEstimated => "design_estimated",
            ViolationKind::AboveDesign => "above_design",
        }
    }
}

/// What a finding is about, whatever its figures: its kind and place. Two outcomes' findings with the same key are
/// the same finding (its overrun may have moved); a key only the newer has is a finding added.
pub type FindingKey = (ViolationKind, Option<u32>, Option<u32>);

/// An over-limit: not an error, a finding with where and by how much.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub kind: ViolationKind,
    pub hall: Option<u32>,
    pub row: Option<u32>,
    pub limit: f64,
    pub actual: f64,
    pub unit: &'static str,
    pub message: String,
}

impl Violation {
    /// How far the actual value is above the limit, in `unit`.
    pub fn excess(&self) -> f64 {
        self.actual - self.limit
    }
}

/// One site: its design-hour and annual figures, its halls, rows and racks, hour by hour and month by month, and
/// the limits it exceeds.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteOutcome {
    pub racks: u32,
    pub gpus: u32,
    pub cpus: u32,
    pub hbm_stacks: u64,
    pub rack_it_kw: f64,
    pub network_kw: f64,
    /// Design (nameplate) IT, kW (F2).
    pub it_kw: f64,
    pub liquid_kw: f64,
    pub air_kw: f64,
    pub tcs_flow_lpm: f64,
    pub cdus: u32,
    pub facility_supply_c: f64,
    /// Outdoor temperature above which the free path cannot hold the design supply; `None` for a chiller plant.
    pub free_cooling_limit_c: Option<f64>,
    pub free_cooling_on: Option<Outdoor>,
    /// Hour of the year with the highest facility power at nameplate IT.
    pub design_hour: usize,
    /// The outdoor condition the plant and grid are sized on (`design.condition`), its dry and wet bulb (margin
    /// included), degC, and where they come from: `file` (the weather file's design conditions), `estimated` (from
    /// its typical year), `plan` (`explicit`) or `typical year` (`tmy-max`: the worst hour itself).
    pub design_condition: &'static str,
    pub design_dry_bulb_c: f64,
    pub design_wet_bulb_c: f64,
    pub design_source: &'static str,
    /// Hours of the typical year at nameplate whose facility power is above the design's: hours the plant sized on
    /// the condition would be short in (0 for `tmy-max`).
    pub hours_above_design: u32,
    pub facility_kw_peak: f64,
    pub loss_kw_peak: f64,
    pub cooling_kw_peak: f64,
    /// Chiller plant the design hour needs (liquid trim or plant, and the air loop's chillers): heat removed, kW
    /// thermal, and compressor power, kW electrical.
    pub chiller_th_kw_design: f64,
    pub chiller_el_kw_design: f64,
    pub misc_kw: f64,
    pub pue_design: f64,
    pub pue_annual: f64,
    pub grid_mva: f64,
    pub headroom_mw: f64,
    pub trim_hours: u32,
    pub max_supply_c: f64,
    pub it_mwh_year: f64,
    pub loss_mwh_year: f64,
    pub cooling_mwh_year: f64,
    pub fan_mwh_year: f64,
    pub chiller_mwh_year: f64,
    pub pump_mwh_year: f64,
    pub air_cooling_mwh_year: f64,
    pub misc_mwh_year: f64,
    pub facility_mwh_year: f64,
    pub water_m3_year: f64,
    pub wue_l_per_kwh: f64,
    pub power_cost_usd_year: f64,
    /// Halls, rows and racks, shared: an edit that leaves a site alone keeps its outcome without copying its racks.
    pub halls: std::sync::Arc<[HallOutcome]>,
    pub rows: std::sync::Arc<[RowOutcome]>,
    pub racks_detail: std::sync::Arc<[RackOutcome]>,
    /// Trim hours per (month, hour of day); every hour's figures are [`super::hourly`].
    pub trim_map: [[u16; 24]; 12],
    pub monthly: Vec<Month>,
    pub violations: Vec<Violation>,
}

/// A fleet's sites added up: what a multi-site plan commits to in total.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FleetTotals {
    pub sites: usize,
    pub racks: u32,
    pub gpus: u32,
    pub it_kw: f64,
    /// The sites' own design-hour peaks added (each site has its own grid connection, so the peaks are not
    /// coincident and their sum is what the connections must carry together).
    pub facility_kw_peak_sum: f64,
    pub it_mwh_year: f64,
    pub facility_mwh_year: f64,
    pub water_m3_year: f64,
    pub power_cost_usd_year: f64,
    pub findings: usize,
}

impl FleetTotals {
    /// Energy-weighted annual PUE of the fleet (F12 over every site's year): total facility energy over total IT.
    pub fn pue_annual(&self) -> f64 {
        super::ratio(self.facility_mwh_year, self.it_mwh_year)
    }

    /// Water per unit of IT energy over the fleet, L/kWh (F16): m³ to L is x1,000 and MWh to kWh is x1,000, so the
    /// two factors cancel.
    pub fn wue_l_per_kwh(&self) -> f64 {
        super::ratio(self.water_m3_year, self.it_mwh_year)
    }
}

impl Outcome {
    /// The fleet's totals over its sites.
    pub fn fleet(&self) -> FleetTotals {
        self.sites.iter().fold(FleetTotals::default(), |mut t, s| {
            t.sites += 1;
            t.racks = t.racks.saturating_add(s.racks);
            t.gpus = t.gpus.saturating_add(s.gpus);
            t.it_kw += s.it_kw;
            t.facility_kw_peak_sum += s.facility_kw_peak;
            t.it_mwh_year += s.it_mwh_year;
            t.facility_mwh_year += s.facility_mwh_year;
            t.water_m3_year += s.water_m3_year;
            t.power_cost_usd_year += s.power_cost_usd_year;
            t.findings += s.violations.len();
            t
        })
    }
}

impl SiteOutcome {
    /// What the design figures are at, for a line of text: the typical year's hour for `tmy-max` (`07-09 13:00`),
    /// otherwise the condition and its dry bulb (`extreme-20, 38.5 degC`).
    pub fn design_label(&self) -> String {
        if self.design_condition == "tmy-max" {
            hour_label(self.design_hour)
        } else {
            format!("{}, {:.1} degC", self.design_condition, self.design_dry_bulb_c)
        }
    }

    /// Partial PUE of the electrical chain (ISO/IEC 30134-2): (IT energy + chain losses) / IT energy, over the year.
    /// With `ppue_cooling` and misc it adds up to the annual PUE: 1 + (el - 1) + (cool - 1) + misc / IT.
    pub fn ppue_electrical(&self) -> f64 {
        super::ratio(self.it_mwh_year + self.loss_mwh_year, self.it_mwh_year)
    }

    /// Partial PUE of cooling: (IT energy + all cooling energy) / IT energy, over the year.
    pub fn ppue_cooling(&self) -> f64 {
        super::ratio(self.it_mwh_year + self.cooling_mwh_year, self.it_mwh_year)
    }
}
