//! A new plan proposed to fill a grid envelope with one platform, as a commented plan file (`fleetplan new`, and
//! the terminal app's new-plan prompt). It evaluates candidate layouts with the model, so it sits beside the front-ends.

use crate::catalog::{Catalog, Layout};
use crate::model;
use crate::plan::{self, Origin, Quarter};
use crate::units::mw_to_kw;

/// What to propose.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub name: String,
    pub grid_mw: f64,
    pub platform: String,
    pub profile: Option<String>,
    pub climate: String,
    pub start: Quarter,
    pub racks_per_row: usize,
    pub rows_per_hall: usize,
}

/// The plan text with `racks` racks laid out in rows and halls.
fn layout_text(p: &Proposal, symbol: char, legend_value: &str, racks: usize, row_kw: f64) -> String {
    let rows = racks.div_ceil(p.racks_per_row).max(1);
    let halls = rows.div_ceil(p.rows_per_hall);
    let per_quarter = halls_per_quarter(halls);
    let pace = if per_quarter == 1 { "one hall".to_string() } else { format!("{per_quarter} halls") };
    let mut t = format!(
        "# {name}: {grid} MW of {platform} racks in {climate}, proposed by `fleetplan new`.\n\
         # Halls of {rph} rows x {rpr} slots, {pace} energised per quarter from {start}. The rack count is the largest\n\
         # that keeps the facility peak (design hour of the climate, bundled site defaults) within the grid envelope.\n\
         # Edit freely: `fleetplan {file}` opens the layout; every default is listed in the README.\n\n\
         [plan]\nname = {qname}\nformat = 1\n\n[legend]\n{symbol} = {legend_value}\n\n[[site]]\nname = {qname}\n\
         grid_mw = {grid}\nclimate = {qclimate}\n",
        name = p.name,
        grid = p.grid_mw,
        platform = p.platform,
        climate = p.climate,
        rph = p.rows_per_hall,
        rpr = p.racks_per_row,
        start = p.start,
        file = "PLAN",
        qname = plan::edit::string_literal(&p.name),
        qclimate = plan::edit::string_literal(&p.climate),
    );
    let mut left = racks;
    for h in 0..halls.max(1) {
        let q = Quarter::from_index(p.start.index() + (h / per_quarter) as i32);
        t.push_str(&format!(
            "\n[[site.hall]]\nname = \"Hall {:02}\"\nenergised = \"{q}\"\nrow_busway_kw = {}\n\n[site.hall.rows]\n",
            h + 1,
            (row_kw / 100.0).ceil() * 100.0
        ));
        let letter = char::from(b'A' + (h % 26) as u8);
        for r in 0..p.rows_per_hall.min(rows - h * p.rows_per_hall) {
            let n = left.min(p.racks_per_row);
            left -= n;
            let slots: String =
                std::iter::repeat_n(symbol, n).chain(std::iter::repeat_n('.', p.racks_per_row - n)).collect();
            t.push_str(&format!("{letter}{:02} = \"{slots}\"\n", r + 1));
        }
    }
    t
}

/// Quarters a proposal's build-out may take: one hall a quarter, or more halls a quarter when one a quarter would
/// take longer than this (ten years).
const BUILD_OUT_QUARTERS: usize = 40;

/// Halls energised per quarter so that `halls` are energised within [`BUILD_OUT_QUARTERS`].
fn halls_per_quarter(halls: usize) -> usize {
    halls.div_ceil(BUILD_OUT_QUARTERS).max(1)
}

/// The largest grid envelope `fleetplan new` proposes for one site, MW: ten 1 GW campuses. A fleet of many sites is
/// many plans' sites, not one proposal.
pub const MAX_MW: f64 = 10_000.0;

/// The most racks a proposal holds, whatever the platform's rack power (a user catalogue may state a tiny one).
pub const MAX_RACKS: usize = 250_000;

/// Why no plan could be proposed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProposeError {
    #[error("unknown platform \"{name}\"; expected one of: {known}")]
    UnknownPlatform { name: String, known: String },
    #[error("{platform} has no profile \"{name}\"; expected one of: {known}")]
    UnknownProfile { platform: String, name: String, known: String },
    /// The proposed plan does not load (an unknown climate, say).
    #[error(transparent)]
    Invalid(#[from] plan::Diagnostics),
    #[error("the envelope does not even fit an empty site")]
    TooSmall,
    #[error(
        "a grid envelope of {} MW does not fit one {platform} rack ({rack_kw} kW before cooling and losses)",
        crate::input::show_number(*grid_mw)
    )]
    NoRack { grid_mw: f64, platform: String, rack_kw: f64 },
    #[error("a grid envelope of {0} MW is more than one site can be proposed for (at most {MAX_MW} MW)")]
    TooLarge(f64),
}

impl ProposeError {
    /// The message for the person who asked: a problem of the proposed text (which they never saw) is told as a
    /// problem of what they gave, the climate named by `climate` (`--climate` on the command line).
    pub fn for_the_user(&self, climate: &str) -> String {
        match self {
            ProposeError::Invalid(d) => d.0.first().map_or_else(
                || "the proposed plan does not load".into(),
                |x| if x.key.ends_with(".climate") { format!("{climate}: {}", x.message) } else { x.message.clone() },
            ),
            other => other.to_string(),
        }
    }
}

/// Proposes a plan: the most racks whose facility peak fits the envelope (bisection over model evaluations).
pub fn propose(p: &Proposal, catalog: &Catalog) -> Result<String, ProposeError> {
    let platform = catalog.platform(&p.platform).ok_or_else(|| ProposeError::UnknownPlatform {
        name: p.platform.clone(),
        known: catalog.platforms.keys().map(String::as_str).collect::<Vec<_>>().join(", "),
    })?;
    let profile = p.profile.clone().unwrap_or_else(|| platform.default_profile.clone());
    let rack_kw = *platform.profiles.get(&profile).ok_or_else(|| ProposeError::UnknownProfile {
        platform: platform.name.clone(),
        name: profile.clone(),
        known: platform.profiles.keys().map(String::as_str).collect::<Vec<_>>().join(", "),
    })?;
    let symbol = platform.id.chars().next().map_or('R', |c| c.to_ascii_uppercase());
    let legend_value = plan::edit::string_literal(&format!("{}@{profile}", platform.id));
    if p.grid_mw.is_nan() || p.grid_mw > MAX_MW {
        return Err(ProposeError::TooLarge(p.grid_mw));
    }
    let row_kw = rack_kw * p.racks_per_row as f64;
    let origin = Origin::new("<proposed plan>", None);
    let fits = |n: usize| -> Result<Option<String>, ProposeError> {
        let text = layout_text(p, symbol, &legend_value, n, row_kw);
        let plan = plan::parse(&text, &origin, catalog)?;
        let o = model::evaluate(&plan);
        Ok((o.sites[0].facility_kw_peak <= mw_to_kw(p.grid_mw)).then_some(text))
    };
    let hi = ((mw_to_kw(p.grid_mw) / rack_kw).floor() as usize).min(MAX_RACKS);
    let n = largest_fitting(hi, |n| fits(n).map(|t| t.is_some()))?.ok_or(ProposeError::TooSmall)?;
    // A plan of no rack is no proposal (and `--mw 1e-320` would write a grid of 324 digits).
    if n == 0 {
        return Err(ProposeError::NoRack { grid_mw: p.grid_mw, platform: platform.id.clone(), rack_kw });
    }
    Ok(layout_text(p, symbol, &legend_value, n, row_kw))
}

/// The largest `n` in `0..=hi` for which `fits(n)` holds, by bisection, when `fits` only ever turns from true to
/// false as `n` grows (facility power and IT grow with every rack placed); `None` when not even 0 fits. Used by
/// `propose` and by the app's fills, so a plan proposed and a hall filled stop at the same rack.
pub fn largest_fitting<E>(hi: usize, mut fits: impl FnMut(usize) -> Result<bool, E>) -> Result<Option<usize>, E> {
    if !fits(0)? {
        return Ok(None);
    }
    let (mut lo, mut hi) = (0, hi);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid)? {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(Some(lo))
}

/// A new-plan request that does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("expected: PATH MW PLATFORM CLIMATE, e.g. mysite.toml 50 vr-nvl72 greensboro-nc")]
    Form,
    #[error("MW: expected a number above 0")]
    Mw,
}

/// Reads the app's one-line form `PATH MW PLATFORM CLIMATE` (the platform may carry `@profile`).
/// Rows and halls take the catalogue's layout sizes.
pub fn parse_request(
    line: &str,
    start: Quarter,
    layout: Layout,
) -> Result<(std::path::PathBuf, Proposal), RequestError> {
    let parts: Vec<&str> = line.split_whitespace().collect();
    let [path, mw, platform, climate] = parts[..] else {
        return Err(RequestError::Form);
    };
    let grid_mw: f64 = mw.parse().ok().filter(|v: &f64| v.is_finite() && *v > 0.0).ok_or(RequestError::Mw)?;
    let (platform, profile) = match platform.split_once('@') {
        Some((p, prof)) => (p.to_string(), Some(prof.to_string())),
        None => (platform.to_string(), None),
    };
    let path = std::path::PathBuf::from(path);
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("New plan").to_string();
    Ok((
        path,
        Proposal {
            name,
            grid_mw,
            platform,
            profile,
            climate: climate.to_string(),
            start,
            racks_per_row: layout.racks_per_row,
            rows_per_hall: layout.rows_per_hall,
        },
    ))
}

/// The quarter after today's.
pub fn next_quarter() -> Quarter {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Civil date from days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's days_from_civil inverse).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let q = Quarter { year: year.clamp(2000, 2100) as u16, q: ((month - 1) / 3 + 1) as u8 };
    Quarter::from_index(q.index() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bisection_finds_the_last_n_that_fits_and_counts_its_probes() {
        // fits(n) = n <= 37 over 0..=100: 37, in 1 + ceil(log2(101)) = 1 + 7 probes at most.
        let mut probes = 0;
        let n = largest_fitting::<()>(100, |n| {
            probes += 1;
            Ok(n <= 37)
        });
        assert_eq!(n, Ok(Some(37)));
        assert!(probes <= 8, "{probes} probes");
        // Everything fits: the top; nothing fits, not even 0: None; an error stops the search.
        assert_eq!(largest_fitting::<()>(100, |_| Ok(true)), Ok(Some(100)));
        assert_eq!(largest_fitting::<()>(100, |_| Ok(false)), Ok(None));
        assert_eq!(largest_fitting(100, |n| if n > 50 { Err("bad") } else { Ok(true) }), Err("bad"));
    }

    /// Vera Rubin racks in Greensboro from 2027Q1.
    fn vera_rubin_in_greensboro(name: &str, grid_mw: f64, racks_per_row: usize, rows_per_hall: usize) -> Proposal {
        Proposal {
            name: name.into(),
            grid_mw,
            platform: "vr-nvl72".into(),
            profile: None,
            climate: "greensboro-nc".into(),
            start: "2027Q1".parse().unwrap(),
            racks_per_row,
            rows_per_hall,
        }
    }

    #[test]
    fn a_large_build_out_energises_several_halls_a_quarter_and_stays_within_ten_years() {
        // 60 halls (1 rack each, rows of 1, halls of 1 row) at one a quarter would take 15 years: 2 a quarter.
        assert_eq!(halls_per_quarter(60), 2);
        assert_eq!(halls_per_quarter(40), 1);
        assert_eq!(halls_per_quarter(0), 1);
        let p = vera_rubin_in_greensboro("Big", 30.0, 1, 1);
        let text = propose(&p, Catalog::builtin().unwrap()).unwrap();
        // About 100 one-rack halls: 3 a quarter, the last energised within 40 quarters of 2027Q1.
        let plan = plan::parse(&text, &Origin::bundled(), Catalog::builtin().unwrap()).unwrap();
        let halls = &plan.sites[0].halls;
        assert!(halls.len() > 80, "{}", halls.len());
        let last = halls.iter().map(|h| h.energised).max().unwrap();
        assert!(last.index() - p.start.index() < 40, "{last}");
        assert!(text.contains("3 halls energised per quarter from 2027Q1"), "{}", &text[..300]);
    }

    #[test]
    fn an_envelope_too_small_for_one_rack_is_refused() {
        // 0.1 MW cannot hold one 230 kW Vera Rubin rack; `new --mw 1e-320` wrote a plan of no rack and a grid of 324
        // digits. The message shows the number as a person reads it.
        for mw in [0.1, 1e-320] {
            let err = propose(&vera_rubin_in_greensboro("Tiny", mw, 20, 10), Catalog::builtin().unwrap()).unwrap_err();
            assert!(matches!(err, ProposeError::NoRack { .. }), "{err:?}");
        }
        let err = propose(&vera_rubin_in_greensboro("Tiny", 1e-320, 20, 10), Catalog::builtin().unwrap()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a grid envelope of 1e-320 MW does not fit one vr-nvl72 rack (230 kW before cooling and losses)"
        );
    }

    #[test]
    fn an_envelope_past_the_limit_is_refused_at_once() {
        // `new --mw 1e6` never returned (millions of racks, quarters past 2100).
        let p = vera_rubin_in_greensboro("Huge", 1e6, 20, 10);
        let err = propose(&p, Catalog::builtin().unwrap()).unwrap_err();
        assert_eq!(err, ProposeError::TooLarge(1e6));
        assert_eq!(
            err.to_string(),
            "a grid envelope of 1000000 MW is more than one site can be proposed for (at most 10000 MW)"
        );
        // NaN is no envelope either.
        let nan = propose(&Proposal { grid_mw: f64::NAN, ..p }, Catalog::builtin().unwrap());
        assert!(matches!(nan, Err(ProposeError::TooLarge(x)) if x.is_nan()), "{nan:?}");
    }

    #[test]
    fn a_50_mw_vera_rubin_proposal_fills_the_envelope_and_no_more() {
        let cat = Catalog::builtin().unwrap();
        let p = vera_rubin_in_greensboro("Fifty", 50.0, 20, 4);
        let text = propose(&p, cat).unwrap();
        let plan = plan::parse(&text, &Origin::bundled(), cat).unwrap();
        let o = &model::evaluate(&plan).sites[0];
        assert!(o.facility_kw_peak <= 50_000.0, "{}", o.facility_kw_peak);
        // One more 230 kW rack (x 1.05 network x PUE > 1) would not fit: headroom below one rack's facility power.
        assert!(o.headroom_mw * 1000.0 < 230.0 * 1.05 * o.pue_design, "{}", o.headroom_mw);
        // About 175-185 racks fit (design PUE ~1.13-1.16 with the per-stage chain and the plant sized on Greensboro's
        // 20-year extreme: 180 x 230 x 1.05 = 43.5 MW IT), in rows of 20, 4 rows per hall, energised a quarter apart.
        let halls = &plan.sites[0].halls;
        let rows = o.racks.div_ceil(20) as usize;
        assert!(o.racks > 170 && o.racks < 190, "{}", o.racks);
        let expect: Vec<usize> = (0..rows.div_ceil(4)).map(|h| (rows - 4 * h).min(4)).collect();
        assert_eq!(halls.iter().map(|h| h.rows.len()).collect::<Vec<_>>(), expect);
        assert_eq!(halls[2].energised.to_string(), "2027Q3");
        assert!(text.starts_with("# Fifty: 50 MW of vr-nvl72"));
    }

    #[test]
    fn the_apps_one_line_form_is_read() {
        const LAYOUT: Layout = Layout { racks_per_row: 20, rows_per_hall: 10 };
        let q: Quarter = "2027Q1".parse().unwrap();
        let (path, p) = parse_request("out/site.toml 50 vr-nvl72@max-q miami-fl", q, LAYOUT).unwrap();
        assert_eq!(path, std::path::PathBuf::from("out/site.toml"));
        assert_eq!((p.name.as_str(), p.grid_mw, p.profile.as_deref()), ("site", 50.0, Some("max-q")));
        assert!(parse_request("x.toml fifty vr-nvl72 miami-fl", q, LAYOUT).unwrap_err().to_string().contains("MW"));
        assert!(parse_request("x.toml 50", q, LAYOUT).unwrap_err().to_string().contains("PATH MW PLATFORM CLIMATE"));
    }

    #[test]
    fn next_quarter_is_after_today() {
        let q = next_quarter();
        assert!(q.year >= 2026 && (1..=4).contains(&q.q));
    }
}
