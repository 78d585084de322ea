#!/usr/bin/env python3
"""Convert more non-North-American / non-European typical years into fleetplan's compact climate format (v1).

Standard library + the `git` executable only.  Usage:  python3 convert_pvgis_nc.py [outdir] [--unclear]

Inputs (pinned by commit; read with `git --git-dir=<gitdir> show <commit>:<path>`):
  * PVGIS TMY (EU JRC) for grid point 39.7555N 105.2211E, as fetched by NREL pvdeg's test suite and
    committed as tests/data/distributed_pvgis_weather.nc (netCDF4/HDF5).  Because HDF5 cannot be read
    with the standard library, extract_pvdeg_nc.py (needs h5py) first writes src/pvdeg_pvgis_gid0.csv
    (utc_hour,temp_air,relative_humidity); this script reads that CSV.  Rows are UTC; they are rotated to
    China Standard Time (UTC+8): fleetplan row j (hour ending j+1:00 local) = UTC row (j+1-8) mod 8760.
    Dew point derived from RH (Hyland-Wexler, ASHRAE Fundamentals 2017 ch. 1, eq. 5 over ice < 0 degC,
    eq. 6 over water; inverted by bisection; capped at the dry bulb) - same as fleetplan's
    psychrometrics::dew_point_from_rh_c and convert_pvgis.py.
  * --unclear: NREL SWERA typical-year EPWs (Hangzhou, Addis Ababa) from tayor/epw-weather.  EPW rows are
    already local standard time; dry bulb / dew point / RH are taken as stated.  Licence NOT clearly open,
    so they go to <outdir>/unclear/ only.
Checks: exactly 8,760 rows (29 Feb dropped if 8,784), no missing codes, plausible ranges,
dew point <= dry bulb + 0.1 K.  Writes <outdir>/stats.json and prints a summary.
"""
import json, math, os, subprocess, sys

HOURS = 8760
HERE = os.path.dirname(os.path.abspath(__file__))
MIRROR = "/work/.mirror"
TAYOR = MIRROR + "/tayor+epw-weather/repo"
TAYOR_C = "9c6e683c12cd11e2049764fe2c566155d308cb37"

LIC_PVGIS = ("PVGIS (c) European Union (no footer survives in this netCDF copy); EU Joint Research Centre PVGIS, reuse authorised provided the "
             "source is acknowledged (Commission Decision 2011/833/EU; Commission content CC BY 4.0 under Decision "
             "C(2019) 1655); attribution: 'Source: PVGIS (c) European Union'. T2m/RH are ERA5 reanalysis as processed "
             "by PVGIS (contains modified Copernicus Climate Change Service information). Carrier repo "
             "NREL/PVDegradationTools is BSD-3-Clause (Copyright 2020-2023 Alliance for Sustainable Energy, LLC); "
             "the file itself carries no PVGIS footer (netCDF written by pvdeg from the PVGIS API response)")
LIC_SWERA = ("UNCLEAR - NREL-developed SWERA typical year (UNEP/GEF Solar and Wind Energy Resource Assessment). SWERA was "
             "published as a 'free ... public database' but no licence text was found; the surface observations come "
             "from national met services. Do not bundle until the terms are confirmed.")

SOURCES = [
    dict(id="alxa-cn", fmt="csv_utc", src=os.path.join(HERE, "src", "pvdeg_pvgis_gid0.csv"), utc_offset_h=8,
         lat=39.7555, lon=105.2211, elev=1295,
         name="Alxa Left Banner, Inner Mongolia, China (PVGIS grid point 39.7555N 105.2211E, ~165 km NNW of Yinchuan); "
              "stand-in for the Ningxia/Inner Mongolia data-centre hubs, not a city site",
         source="PVGIS TMY (EU JRC, API default period as requested by pvdeg in Jan 2025; ERA5 T2m/RH), grid point "
                "39.7555N 105.2211E, elevation 1295 m (PVGIS), from tests/data/distributed_pvgis_weather.nc (gid 0) and "
                "tests/data/distributed_pvgis_meta.csv of github.com/NREL/PVDegradationTools commit 51172fdc (files added "
                "in 0ede2d04 'distributed_weather testing', 2025-01-31; timestamps re-based by pvdeg to 2022); hours "
                "shifted from UTC to China Standard Time (UTC+8); dew point derived from RH (Hyland-Wexler, ASHRAE "
                "Fundamentals ch. 1)",
         licence=LIC_PVGIS, unclear=False),
]
UNCLEAR = [
    dict(id="hangzhou-cn", fmt="epw", src="git:%s@%s:data/CHN_Zhejiang.Hangzhou.584570_SWERA.epw" % (TAYOR, TAYOR_C),
         name="Hangzhou (Jianqiao), Zhejiang, China - SWERA station 584570",
         source="NREL SWERA typical meteorological year, station 584570 HANGZHOU/JIANQIAO, file "
                "data/CHN_Zhejiang.Hangzhou.584570_SWERA.epw of github.com/tayor/epw-weather commit 9c6e683c; "
                "EPW local standard time (UTC+8), no shift", licence=LIC_SWERA, unclear=True),
    dict(id="addis-ababa-et", fmt="epw", src="git:%s@%s:data/ETH_Addis.Ababa-Bole.634500_SWERA.epw" % (TAYOR, TAYOR_C),
         name="Addis Ababa Bole, Ethiopia - SWERA station 634500",
         source="NREL SWERA typical meteorological year, station 634500 ADDIS_ABABA/BOLE, file "
                "data/ETH_Addis.Ababa-Bole.634500_SWERA.epw of github.com/tayor/epw-weather commit 9c6e683c; "
                "EPW local standard time (UTC+3), no shift", licence=LIC_SWERA, unclear=True),
]


def read_bytes(spec):
    if spec.startswith("git:"):
        gitdir, rest = spec[4:].split("@", 1)
        commit, path = rest.split(":", 1)
        return subprocess.run(["git", "--git-dir=" + gitdir, "show", commit + ":" + path],
                              check=True, capture_output=True).stdout
    with open(spec, "rb") as f:
        return f.read()


def pws(t_c):
    """Saturation vapour pressure, Pa (Hyland-Wexler; ASHRAE Fundamentals 2017 ch.1 eq. 5 / eq. 6)."""
    t = t_c + 273.15
    if t_c < 0.0:
        ln = (-5.6745359e3 / t + 6.3925247 - 9.677843e-3 * t + 6.2215701e-7 * t * t + 2.0747825e-9 * t ** 3
              - 9.484024e-13 * t ** 4 + 4.1635019 * math.log(t))
    else:
        ln = (-5.8002206e3 / t + 1.3914993 - 4.8640239e-2 * t + 4.1764768e-5 * t * t - 1.4452093e-8 * t ** 3
              + 6.5459673 * math.log(t))
    return math.exp(ln)


def dew_point_from_rh(t_c, rh):
    pw = pws(t_c) * min(max(rh / 100.0, 1e-4), 1.0)
    lo, hi = -100.0, 100.0
    while hi - lo > 1e-6:
        mid = 0.5 * (lo + hi)
        if pws(mid) < pw:
            lo = mid
        else:
            hi = mid
    return min(0.5 * (lo + hi), t_c)


def fmt_t(x):
    s = "%.1f" % x
    return "0.0" if s == "-0.0" else s


def rows_csv_utc(row):
    lines = read_bytes(row["src"]).decode("utf-8").splitlines()
    assert lines[0] == "utc_hour,temp_air,relative_humidity"
    data = [l.split(",") for l in lines[1:] if l.strip()]
    if len(data) != HOURS or [int(d[0]) for d in data] != list(range(HOURS)):
        raise SystemExit("%s: expected hours 0..8759" % row["id"])
    k = row["utc_offset_h"]
    out, notes = [], ["rotated from UTC by %+d h (row j <- UTC row (j+1-%d) mod 8760)" % (k, k)]
    for j in range(HOURS):
        _, t, rh = data[(j + 1 - k) % HOURS]
        t, rh = float(t), float(rh)
        if math.isnan(t) or math.isnan(rh):
            raise SystemExit("%s: missing value" % row["id"])
        out.append((fmt_t(t), fmt_t(dew_point_from_rh(t, rh)), "%d" % int(round(min(rh, 100.0)))))
    return out, row["lat"], row["lon"], row["elev"], notes


def rows_epw(row):
    lines = read_bytes(row["src"]).decode("latin-1").replace("\r\n", "\n").split("\n")
    loc = lines[0].split(",")
    lat, lon, elev = float(loc[6]), float(loc[7]), float(loc[9])
    hrs = []
    for ln in lines[8:]:
        if ln.strip():
            f = ln.split(",")
            hrs.append((int(f[1]), int(f[2]), float(f[6]), float(f[7]), float(f[8])))
    notes = []
    if len(hrs) == 8784:
        hrs = [h for h in hrs if not (h[0] == 2 and h[1] == 29)]
        notes.append("29 Feb dropped")
    if len(hrs) != HOURS:
        raise SystemExit("%s: %d rows" % (row["id"], len(hrs)))
    if any(h[2] == 99.9 or h[3] == 99.9 or h[4] == 999 for h in hrs):
        raise SystemExit("%s: missing codes" % row["id"])
    out = [(fmt_t(h[2]), fmt_t(h[3]), "%d" % int(round(h[4]))) for h in hrs]
    return out, lat, lon, elev, notes


def convert(row, outdir):
    out, lat, lon, elev, notes = (rows_csv_utc if row["fmt"] == "csv_utc" else rows_epw)(row)
    db = [float(r[0]) for r in out]
    dp = [float(r[1]) for r in out]
    rh = [int(r[2]) for r in out]
    bad = sum(1 for a, b, r in zip(db, dp, rh) if not (-60 <= a <= 60 and -70 <= b <= 40 and 0 <= r <= 100))
    above = sum(1 for a, b in zip(db, dp) if b > a + 0.1)
    if bad or above:
        raise SystemExit("%s: %d out of range, %d dew point > dry bulb + 0.1" % (row["id"], bad, above))
    hdr = ["# fleetplan climate v1", "# id: " + row["id"], "# name: " + row["name"], "# source: " + row["source"],
           "# licence: " + row["licence"], "# latitude_deg: %.4f" % lat, "# longitude_deg: %.4f" % lon,
           "# elevation_m: %s" % (("%d" % elev) if elev == int(elev) else ("%.1f" % elev)),
           "# hour 0 is the hour ending 01:00 local standard time on 1 January of the typical year",
           "dry_bulb_c,dew_point_c,rh_pct"]
    with open(os.path.join(outdir, row["id"] + ".csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(hdr + [",".join(r) for r in out]) + "\n")
    steps = [abs(db[j] - db[j - 1]) for j in range(1, HOURS)]
    jmax = max(range(HOURS), key=lambda j: db[j])
    return dict(id=row["id"], unclear=row["unclear"], lat=lat, lon=lon, elev=elev, rows=len(out), notes=notes,
                max_db=max(db), max_db_row=jmax, min_db=min(db), mean_db=round(sum(db) / HOURS, 2),
                hours_above_30=sum(1 for a in db if a > 30), max_dp=max(dp), min_dp=min(dp),
                rh_min=min(rh), rh_max=max(rh), dp_above_db_01=above, max_step_k=round(max(steps), 2),
                coldest_hour_of_day=min(range(24), key=lambda h: sum(db[d * 24 + h] for d in range(365))),
                hottest_hour_of_day=max(range(24), key=lambda h: sum(db[d * 24 + h] for d in range(365))))


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    outdir = args[0] if args else HERE
    os.makedirs(outdir, exist_ok=True)
    table = [(r, outdir) for r in SOURCES]
    if "--unclear" in argv:
        udir = os.path.join(outdir, "unclear")
        os.makedirs(udir, exist_ok=True)
        table += [(r, udir) for r in UNCLEAR]
    stats = []
    for row, d in table:
        s = convert(row, d)
        stats.append(s)
        print("%-15s rows=%d maxdb=%.1f mindb=%.1f mean=%.2f >30C=%d dp=%.1f..%.1f rh=%d..%d maxstep=%.1f "
              "hottest_h=%d coldest_h=%d %s" % (s["id"], s["rows"], s["max_db"], s["min_db"], s["mean_db"],
              s["hours_above_30"], s["min_dp"], s["max_dp"], s["rh_min"], s["rh_max"], s["max_step_k"],
              s["hottest_hour_of_day"], s["coldest_hour_of_day"], "; ".join(s["notes"])))
    with open(os.path.join(outdir, "stats.json"), "w") as f:
        json.dump(stats, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
