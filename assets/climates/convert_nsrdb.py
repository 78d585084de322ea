#!/usr/bin/env python3
"""Convert NREL NSRDB CSV downloads into fleetplan's compact climate format (v1).

What it does
------------
For every row of the SOURCES table below it reads one NSRDB CSV (the file the NSRDB
download API returns: a line of metadata names, a line of their values, the column
line, then one row per hour), takes the hourly ``Temperature`` (degC), ``Dew Point``
(degC) and ``Relative Humidity`` (%) as the file states them, shifts the year from UTC
to local standard time, and writes ``<outdir>/<id>.csv`` in the layout of the other
converters (id, name, source, licence, latitude, longitude, elevation, then 8,760
rows of dry_bulb_c,dew_point_c,rh_pct to 0.1 degC and 1 %).

No design_conditions lines are written: NSRDB has none, and fleetplan estimates them
from the hours and says so in a finding.

Time
----
NSRDB rows are stamped in UTC when the metadata's ``Time Zone`` is 0 (checked), at
minute 30 (the middle of the hour, TMY files) or minute 0 (the instant, single
years). fleetplan's hour j is the hour ending (j + 1):00 local standard time, whose
middle is j + 0.5 - k UTC for a zone k hours east of UTC: the row stamped at minute
30 of hour (j - k) mod 24, or the row stamped at minute 0 of hour (j + 1 - k), the
same rule as for PVGIS. Both put the warmest hour of an average day in the early
afternoon local time (checked, printed).

Regenerating
------------
1. Bring github.com/NatLabRockies/H2Integrate in as a bare git snapshot at
   /work/.mirror/NatLabRockies+H2Integrate/repo (or edit MIRROR / pass plain paths).
2. ``python3 convert_nsrdb.py [outdir]`` (default: this script's directory). Standard
   library plus the ``git`` executable only. It prints one line per file and writes
   ``<outdir>/stats_nsrdb.json``.
"""

import csv
import io
import json
import os
import sys

from convert_pvgis import fmt_t, read_bytes  # the same file reader and rounding as the PVGIS years

MIRROR = "/work/.mirror"
HOURS = 8760
H2I = MIRROR + "/NatLabRockies+H2Integrate/repo"
H2I_C = "61009926cf661a892ab739152d1981cf426067b2"  # "NSRDB Solar Resource Models for Himawari and Meteosat (#377)"

LIC_NSRDB = (
    "NREL National Solar Radiation Database (NSRDB), produced by the US National Renewable Energy Laboratory for "
    "the US Department of Energy: 'publicly available at no cost to the user' (NREL developer documentation of the "
    "NSRDB download API), released under Creative Commons Attribution (catalog.data.gov NSRDB entry; Open Energy "
    "Data Initiative); attribution: 'NSRDB, National Renewable Energy Laboratory (Sengupta et al. 2018, "
    "Renewable and Sustainable Energy Reviews 89)'. Carrier repository NatLabRockies/H2Integrate is BSD-3-Clause "
    "(Copyright 2024 Alliance for Sustainable Energy, LLC); none of its code is used"
)

SOURCES = [
    dict(
        id="brisbane-au",
        name="Brisbane area (NSRDB cell 27.35S 152.66E, 227 m, ~39 km WNW of the Brisbane CBD), Queensland, "
             "Australia; stand-in for the Brisbane market, inland and higher than the city",
        src="git:%s@%s:resource_files/solar/-27.3649_152.67935_tmy-2020_himawari_tmy_v3_60min_utc_tz.csv"
            % (H2I, H2I_C),
        kind="typical year",
        source="NREL NSRDB Himawari PSM v3 typical meteorological year 'tmy-2020' (typical months of 2011-2020), "
               "location 2074501, cell 27.35S 152.66E, file resource_files/solar/"
               "-27.3649_152.67935_tmy-2020_himawari_tmy_v3_60min_utc_tz.csv of github.com/NatLabRockies/"
               "H2Integrate commit 61009926; rows in UTC at minute 30, shifted to AEST (UTC+10, no daylight "
               "saving); dew point and RH as NSRDB states them",
        utc_offset_h=10,
    ),
    dict(
        id="kuala-lumpur-my",
        name="Kuala Lumpur (NSRDB cell 3.26N 101.65E, 155 m, Selayang, ~13 km NNW of the city centre), "
             "Selangor, Malaysia; one actual year (2020), not a typical year",
        src="git:%s@%s:resource_files/solar/3.25735_101.656312_2020_himawari8_v3_60min_utc_tz.csv" % (H2I, H2I_C),
        kind="actual year 2020",
        source="NREL NSRDB Himawari-8 PSM v3, actual year 2020 (29 February left out by the API), location "
               "2260058, cell 3.26N 101.65E, file resource_files/solar/"
               "3.25735_101.656312_2020_himawari8_v3_60min_utc_tz.csv of github.com/NatLabRockies/H2Integrate "
               "commit 61009926 (re-saved by that project with pandas: values unchanged, text fields as b'...'); "
               "rows in UTC at minute 0, shifted to MYT (UTC+8); dew point and RH as NSRDB states them. A single "
               "year, not a typical one: an equatorial climate varies little from year to year, but its extremes "
               "are one year's",
        utc_offset_h=8,
    ),
    dict(
        id="rome-it",
        name="Rome (NSRDB cell 41.89N 12.42E, 68 m, west of the centre), Lazio, Italy; one actual year (2008), not "
             "a typical year",
        src="git:%s@%s:resource_files/solar/41.9077_12.4368_2008_nsrdb_msg_v4_60min_utc_tz.csv" % (H2I, H2I_C),
        kind="actual year 2008",
        source="NREL NSRDB Meteosat (MSG) v4.0.0, actual year 2008 (29 February left out by the API), location "
               "734994, cell 41.89N 12.42E, file resource_files/solar/41.9077_12.4368_2008_nsrdb_msg_v4_60min_utc_tz"
               ".csv of github.com/NatLabRockies/H2Integrate commit 61009926; rows in UTC at minute 30, shifted to "
               "CET (UTC+1, no summer time); dew point and RH as NSRDB states them. A single year, not a typical one",
        utc_offset_h=1,
    ),
]


def write_compact(outdir, row, licence, place, kind, out_rows):
    """Writes <outdir>/<id>.csv: the compact header (id, name, source, licence, place) and the hourly rows."""
    lat, lon, elev = place
    out = [
        "# fleetplan climate v1",
        "# id: " + row["id"],
        "# name: " + row["name"],
        "# source: " + row["source"],
        "# licence: " + licence,
        "# latitude_deg: %.3f" % lat,
        "# longitude_deg: %.3f" % lon,
        "# elevation_m: %d" % round(elev),
        "# hour 0 is the hour ending 01:00 local standard time on 1 January of the %s" % kind,
        "dry_bulb_c,dew_point_c,rh_pct",
    ]
    out.extend(",".join(r) for r in out_rows)
    with open(os.path.join(outdir, row["id"] + ".csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


def parse(text):
    lines = text.splitlines()
    names, values = next(csv.reader([lines[0]])), next(csv.reader([lines[1]]))
    meta = dict(zip(names, values))
    if meta.get("Source") != "NSRDB":
        raise SystemExit("not an NSRDB file: Source = %r" % meta.get("Source"))
    if meta.get("Time Zone") != "0":
        raise SystemExit("rows not in UTC: Time Zone = %r" % meta.get("Time Zone"))
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[2:]))))
    return meta, rows


def convert(row, outdir):
    meta, rows = parse(read_bytes(row["src"]).decode("utf-8"))
    if len(rows) != HOURS:
        raise SystemExit("%s: %d rows, not %d" % (row["id"], len(rows), HOURS))
    minutes = {r["Minute"] for r in rows}
    if minutes not in ({"30"}, {"0"}):
        raise SystemExit("%s: rows at minutes %s" % (row["id"], sorted(minutes)))
    for i, r in enumerate(rows):
        if int(r["Hour"]) != i % 24:
            raise SystemExit("%s: row %d is hour %s" % (row["id"], i, r["Hour"]))
    k = row["utc_offset_h"]
    if str(k) != meta["Local Time Zone"]:
        raise SystemExit("%s: Local Time Zone %s, table says %s" % (row["id"], meta["Local Time Zone"], k))
    shift = -k if minutes == {"30"} else 1 - k
    local = [rows[(j + shift) % HOURS] for j in range(HOURS)]
    out_rows = []
    for r in local:
        t, td, rh = float(r["Temperature"]), float(r["Dew Point"]), float(r["Relative Humidity"])
        if not (-70 <= t <= 70 and -90 <= td <= t + 0.5 and 0 <= rh <= 100.5):
            raise SystemExit("%s: out of range at %s-%s-%s %s:%s: %s %s %s"
                             % (row["id"], r["Year"], r["Month"], r["Day"], r["Hour"], r["Minute"], t, td, rh))
        out_rows.append((fmt_t(t), fmt_t(min(td, t)), "%d" % int(round(min(rh, 100.0)))))
    db = [float(r[0]) for r in out_rows]
    lat, lon, elev = float(meta["Latitude"]), float(meta["Longitude"]), float(meta["Elevation"])
    write_compact(outdir, row, LIC_NSRDB, (lat, lon, elev), row["kind"], out_rows)
    by_hour = [sum(db[h::24]) / (HOURS // 24) for h in range(24)]
    return dict(
        id=row["id"], lat=lat, lon=lon, elev=elev, utc_offset_h=k, minute=minutes.pop(), shift_rows=shift,
        version=meta.get("Version", ""), rows=len(out_rows), max_db=max(db), min_db=min(db),
        mean_db=round(sum(db) / HOURS, 2), hours_above_30=sum(1 for a in db if a > 30),
        warmest_local_hour_ending=1 + max(range(24), key=lambda h: by_hour[h]),
        coolest_local_hour_ending=1 + min(range(24), key=lambda h: by_hour[h]),
    )


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    outdir = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    stats = [convert(row, outdir) for row in SOURCES]
    for s in stats:
        print(s)
    with open(os.path.join(outdir, "stats_nsrdb.json"), "w") as f:
        json.dump(stats, f, indent=1)


if __name__ == "__main__":
    main(sys.argv)
