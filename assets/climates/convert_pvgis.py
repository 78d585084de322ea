#!/usr/bin/env python3
"""Convert PVGIS typical-meteorological-year CSV files into fleetplan's compact climate format (v1).

What it does
------------
For every row of the SOURCES table below it reads one PVGIS TMY CSV (the file the
PVGIS "tmy" tool / API returns with ``outputformat=csv``), takes the hourly 2 m air
temperature ``T2m`` (degC) and relative humidity ``RH`` (%), derives the dew point,
shifts the year from UTC to local standard time, and writes ``<outdir>/<id>.csv``:

    # fleetplan climate v1
    # id: ...
    # name: ...
    # source: ...           (data set, grid point, file, repo + commit; dew point derived from RH)
    # licence: ...
    # latitude_deg: ...     (PVGIS header "Latitude (decimal degrees)")
    # longitude_deg: ...
    # elevation_m: ...      (PVGIS header "Elevation (m)")
    # hour 0 is the hour ending 01:00 local standard time on 1 January of the typical year
    dry_bulb_c,dew_point_c,rh_pct
    ...8,760 rows...

No design_conditions lines are written: PVGIS has none, and fleetplan estimates
them from the hours.

PVGIS TMY CSV layout understood
-------------------------------
``Latitude (decimal degrees): ..``, ``Longitude ..``, ``Elevation (m): ..``, an optional
``Irradiance Time Offset (h)`` line, ``month,year`` and 12 lines giving the source
year of each month, the column line
``time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP``, exactly 8,760 hourly rows
stamped ``YYYYMMDD:HHMM`` in UTC (months stitched from different years, no 29 Feb),
then a blank line, the legend lines and ``PVGIS (c) European Union, 2001-20xx``.
The parser checks all of that (8,760 rows, months 1..12 in order, 24 hours a day,
hours 00..23 UTC) and refuses a file that does not fit.

Time shift
----------
A PVGIS row stamped h:00 UTC is the (instantaneous ERA5) value at h:00 UTC, i.e. at
h+k local standard time for a place at UTC+k.  fleetplan's row j is the hour ending
(j+1):00 local standard time, so row j takes PVGIS row (j + 1 - k) mod 8760: the year
is rotated, and the hours that fall off one end (31 Dec / 1 Jan) wrap to the other.
For a UTC+1 place (all current rows) this is a rotation by 0: PVGIS row 0
(00:00 UTC = 01:00 CET) is fleetplan hour 0.  Daylight saving time is ignored
(standard time throughout, as in TMY3).

Dew point
---------
Derived from T2m and RH exactly as fleetplan's
``psychrometrics::dew_point_from_rh_c`` does: p_w = p_ws(t) * RH/100 (RH clamped to
1e-4..1), with p_ws from Hyland-Wexler as given by ASHRAE Fundamentals (2017) ch. 1,
eq. 5 over ice below 0 degC and eq. 6 over water from 0 degC; the dew point is the
inverse of that same function (bisection to 1e-6 K between -100 and 100 degC) and is
capped at the dry bulb.  Values are written to 0.1 degC; RH as an integer %.

Regenerating
------------
1. Bring the source repositories in as bare git snapshots (paths in SOURCES):
   pvlib/pvlib-python and EURAC-EEBgroup/pyBuildingEnergy, e.g. under
   /work/.mirror/<owner>+<name>/repo, or edit MIRROR / the ``src`` entries
   (a plain file path also works instead of ``git:<gitdir>@<commit>:<path>``).
2. ``python3 convert_pvgis.py [outdir]`` (default: this script's directory).
   Standard library plus the ``git`` executable only.  Add ``--extra`` to also write
   the files for places not on the wanted list (Berlin).
It prints one summary line per file and writes ``<outdir>/stats.json``.
"""

import json
import math
import os
import subprocess
import sys

MIRROR = "/work/.mirror"
HOURS = 8760

PVLIB = MIRROR + "/pvlib+pvlib-python/repo"
PVLIB_C = "6382338a7598a5b9d94473f47fcbc787b0ac6408"
PYBE = MIRROR + "/EURAC-EEBgroup+pyBuildingEnergy/repo"
PYBE_C = "6f11918c371d460ee4daf8d868ddbbc4cefbec07"  # parent of 068738b0, which deleted the weather files

LIC_PVGIS = (
    "PVGIS (c) European Union, 2001-{yr} (footer of the file); EU Joint Research Centre PVGIS, free to use "
    "and reuse provided the source is acknowledged (Commission Decision 2011/833/EU on the reuse of Commission "
    "documents; PVGIS user manual: 'completely free to use, with no restrictions on what the results can be "
    "used for'); attribution: 'Source: PVGIS (c) European Union'. Temperature and humidity are ERA5 "
    "reanalysis as processed by PVGIS (Copernicus licence: contains modified Copernicus Climate Change Service "
    "information)"
)

SOURCES = [
    dict(
        id="turin-it",
        name="Turin area (PVGIS grid point 45.000N 8.000E, ~26 km SE of Turin, Piedmont), Italy",
        src="git:%s@%s:tests/data/tmy_45.000_8.000_2005_2023.csv" % (PVLIB, PVLIB_C),
        utc_offset_h=1,
        source=(
            "PVGIS 5.3 TMY (EU JRC; ERA5 T2m/RH), grid point 45.000N 8.000E, period 2005-2023, file "
            "tests/data/tmy_45.000_8.000_2005_2023.csv of github.com/pvlib/pvlib-python commit 6382338a "
            "(file last changed in 4707664 'Update pvgis test data files (#2431)'); hours shifted from UTC to "
            "CET (UTC+1); dew point derived from RH (Hyland-Wexler, ASHRAE Fundamentals ch. 1)"
        ),
    ),
]

EXTRA = [
    dict(
        id="berlin-de",
        name="Berlin (PVGIS grid point 52.496N 13.414E, Kreuzberg/Neukoelln), Germany",
        src="git:%s@%s:tests/input_data/weatherdata/tmy_52.496_13.414_2005_2020.csv" % (PYBE, PYBE_C),
        utc_offset_h=1,
        source=(
            "PVGIS 5.2 TMY (EU JRC; ERA5 T2m/RH), grid point 52.496N 13.414E, period 2005-2020, file "
            "tests/input_data/weatherdata/tmy_52.496_13.414_2005_2020.csv of "
            "github.com/EURAC-EEBgroup/pyBuildingEnergy commit 6f11918c (deleted in 068738b0); hours shifted "
            "from UTC to CET (UTC+1); dew point derived from RH (Hyland-Wexler, ASHRAE Fundamentals ch. 1)"
        ),
    ),
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
    """Saturation pressure, Pa (ASHRAE Fundamentals 2017 ch. 1 eq. 5 below 0 degC, eq. 6 from 0 degC)."""
    t = t_c + 273.15
    if t_c < 0.0:
        ln = (-5.6745359e3 / t + 6.3925247 - 9.677843e-3 * t + 6.2215701e-7 * t * t + 2.0747825e-9 * t ** 3
              - 9.484024e-13 * t ** 4 + 4.1635019 * math.log(t))
    else:
        ln = (-5.8002206e3 / t + 1.3914993 - 4.8640239e-2 * t + 4.1764768e-5 * t * t - 1.4452093e-8 * t ** 3
              + 6.5459673 * math.log(t))
    return math.exp(ln)


def dew_point(pw):
    lo, hi = -100.0, 100.0
    while hi - lo > 1e-6:
        mid = 0.5 * (lo + hi)
        if pws(mid) < pw:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def dew_point_from_rh(t_c, rh):
    return min(dew_point(pws(t_c) * min(max(rh / 100.0, 1e-4), 1.0)), t_c)


def parse_pvgis(text):
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta = {}
    i = 0
    while not lines[i].startswith("month,year"):
        key, _, val = lines[i].partition(":")
        meta[key.strip()] = float(val)
        i += 1
    i += 1
    months = []
    for m in range(12):
        mo, yr = lines[i].split(",")
        if int(mo) != m + 1:
            raise SystemExit("month table out of order at line %d" % (i + 1))
        months.append(int(yr))
        i += 1
    while not lines[i].startswith("time(UTC)"):
        if lines[i].strip():
            raise SystemExit("unexpected line %d: %r" % (i + 1, lines[i]))
        i += 1
    cols = lines[i].strip().split(",")
    it, iT, iRH = cols.index("time(UTC)"), cols.index("T2m"), cols.index("RH")
    i += 1
    rows = []
    while i < len(lines) and lines[i].strip() and lines[i][0].isdigit():
        f = lines[i].split(",")
        rows.append((f[it], float(f[iT]), float(f[iRH])))
        i += 1
    footer = [l.strip() for l in lines[i:] if l.strip()]
    if len(rows) != HOURS:
        raise SystemExit("%d hourly rows, expected %d" % (len(rows), HOURS))
    # calendar check: months in order, 24 hours per day 00..23, no 29 Feb, year as in the month table
    for k, (stamp, _, _) in enumerate(rows):
        yr, mo, dy, hh, mm = int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]), int(stamp[9:11]), int(stamp[11:13])
        if hh != k % 24 or mm != 0 or (mo == 2 and dy == 29) or yr != months[mo - 1]:
            raise SystemExit("row %d stamp %s breaks the calendar" % (k, stamp))
    copyright_line = next((l for l in footer if l.startswith("PVGIS (c)")), None)
    return meta, months, rows, copyright_line


def fmt_t(x):
    s = "%.1f" % x
    return "0.0" if s == "-0.0" else s


def convert(row, outdir):
    text = read_bytes(row["src"]).decode("utf-8")
    meta, months, rows, cline = parse_pvgis(text)
    if cline is None:
        raise SystemExit("%s: no 'PVGIS (c) European Union' footer" % row["id"])
    k = row["utc_offset_h"]
    local = [rows[(j + 1 - k) % HOURS] for j in range(HOURS)]
    out_rows = []
    for stamp, t, rh in local:
        if not (-70 <= t <= 70 and 0 <= rh <= 100.5):
            raise SystemExit("%s: out of range at %s: %s %s" % (row["id"], stamp, t, rh))
        td = dew_point_from_rh(t, rh)
        out_rows.append((fmt_t(t), fmt_t(td), "%d" % int(round(min(rh, 100.0)))))
    db = [float(r[0]) for r in out_rows]
    dp = [float(r[1]) for r in out_rows]
    rhs = [int(r[2]) for r in out_rows]
    yr = cline.rsplit("-", 1)[-1].strip()
    lat, lon, elev = meta["Latitude (decimal degrees)"], meta["Longitude (decimal degrees)"], meta["Elevation (m)"]
    out = [
        "# fleetplan climate v1",
        "# id: " + row["id"],
        "# name: " + row["name"],
        "# source: " + row["source"],
        "# licence: " + LIC_PVGIS.format(yr=yr),
        "# latitude_deg: %.3f" % lat,
        "# longitude_deg: %.3f" % lon,
        "# elevation_m: %s" % (("%d" % elev) if elev == int(elev) else ("%.1f" % elev)),
        "# hour 0 is the hour ending 01:00 local standard time on 1 January of the typical year",
        "dry_bulb_c,dew_point_c,rh_pct",
    ]
    out.extend(",".join(r) for r in out_rows)
    with open(os.path.join(outdir, row["id"] + ".csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    steps = [abs(db[j] - db[j - 1]) for j in range(1, HOURS)]
    jmax = max(range(HOURS), key=lambda j: db[j])
    return dict(
        id=row["id"], lat=lat, lon=lon, elev=elev, utc_offset_h=k, rotation_rows=(1 - k) % HOURS,
        months_selected=months, footer=cline, rows=len(out_rows), first_local_row_utc_stamp=local[0][0],
        max_db=max(db), max_db_hour=jmax, max_db_utc_stamp=local[jmax][0], min_db=min(db),
        mean_db=round(sum(db) / HOURS, 2), hours_above_30=sum(1 for a in db if a > 30),
        max_dp=max(dp), min_dp=min(dp), rh_min=min(rhs), rh_max=max(rhs),
        dp_above_db=sum(1 for a, b in zip(db, dp) if b > a), max_step_k=round(max(steps), 2),
        whole_degree_share=round(sum(1 for a in db if a == int(a)) / HOURS, 3),
    )


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    outdir = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(outdir, exist_ok=True)
    table = SOURCES + (EXTRA if "--extra" in argv else [])
    stats = []
    for row in table:
        s = convert(row, outdir)
        stats.append(s)
        print("%-10s rows=%d k=%+d rot=%d maxdb=%.1f (row %d, %s UTC) mindb=%.1f mean=%.2f >30C=%d dp>db=%d "
              "rh=%d..%d maxstep=%.2f years=%s" % (
                  s["id"], s["rows"], s["utc_offset_h"], s["rotation_rows"], s["max_db"], s["max_db_hour"],
                  s["max_db_utc_stamp"], s["min_db"], s["mean_db"], s["hours_above_30"], s["dp_above_db"],
                  s["rh_min"], s["rh_max"], s["max_step_k"], s["months_selected"]))
    with open(os.path.join(outdir, "stats.json"), "w") as f:
        json.dump(stats, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
