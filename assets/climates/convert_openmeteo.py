#!/usr/bin/env python3
"""Convert an Open-Meteo historical-weather CSV (ERA5 reanalysis) into fleetplan's compact climate format (v1).

What it does
------------
For every row of the SOURCES table below it reads one CSV as the Open-Meteo archive API
returns it (a location line of names, one of values, a blank line, the column line, then one
row per hour stamped ``YYYY-MM-DD HH:MM:SS`` in the zone the location line names), checks that
the zone is UTC, takes ``temperature_2m (C)``, ``dew_point_2m (C)`` and
``relative_humidity_2m (percent)``, and writes the calendar year ``year`` in local standard
time: fleetplan's hour j, the hour ending (j + 1):00 local standard time, takes the value
stamped (j + 1 - k):00 UTC of that year for a zone k hours east of UTC (the rule of the
PVGIS converter). The file may run past the year at either end (it is looked up by stamp);
every stamp the year needs must be there once. 29 February, if the year has one, is left out.
No design_conditions lines: the file has none, and fleetplan estimates them from the hours.

Regenerating
------------
1. Bring github.com/NatLabRockies/H2Integrate in as a bare git snapshot at
   /work/.mirror/NatLabRockies+H2Integrate/repo (or edit MIRROR / pass plain paths).
2. ``python3 convert_openmeteo.py [outdir]`` (default: this script's directory). Standard
   library plus the ``git`` executable only.
"""

import csv
import datetime
import io
import os
import sys

from convert_nsrdb import write_compact  # the same compact header as the NSRDB years
from convert_pvgis import fmt_t, read_bytes  # the same file reader and rounding as the PVGIS years

MIRROR = "/work/.mirror"
HOURS = 8760
H2I = MIRROR + "/NatLabRockies+H2Integrate/repo"
H2I_C = "b874df2764af5a846b32aca6a1c532c57676f916"  # "Ard integration for wind farm ... (#312)", adds the file

LIC_OPEN_METEO = (
    "Open-Meteo historical weather API, CC BY 4.0 ('Weather data by Open-Meteo.com'); the hourly values are ERA5 / "
    "ERA5-Land reanalysis (contains modified Copernicus Climate Change Service information, Copernicus licence). "
    "Carrier repository NatLabRockies/H2Integrate is BSD-3-Clause (Copyright 2024 Alliance for Sustainable Energy, "
    "LLC); none of its code is used"
)

SOURCES = [
    dict(
        id="jutland-dk",
        name="Mid-Jutland, Denmark (Open-Meteo ERA5 point 56.27N 8.55E, 86 m, ~60 km W of Viborg): the climate of "
             "Denmark's hyperscale sites (Viborg, Esbjerg, Fredericia, Odense); one actual year (2023), not a "
             "typical year",
        src="git:%s@%s:resource_files/solar/56.22732285_8.594398_2023_openmeteo_archive_solar_60min_utc_tz.csv"
            % (H2I, H2I_C),
        year=2023,
        utc_offset_h=1,
        source="Open-Meteo historical weather archive (ERA5), year 2023, point 56.274N 8.554E (requested 56.227N "
               "8.594E), file resource_files/solar/56.22732285_8.594398_2023_openmeteo_archive_solar_60min_utc_tz"
               ".csv of github.com/NatLabRockies/H2Integrate commit b874df27; rows in UTC, shifted to CET (UTC+1, "
               "no summer time); dew point and RH as Open-Meteo states them. A single year, not a typical one",
    ),
]


def parse(text):
    lines = text.splitlines()
    meta = dict(zip(next(csv.reader([lines[0]])), next(csv.reader([lines[1]]))))
    if meta.get("utc_offset_seconds") != "0":
        raise SystemExit("rows not in UTC: utc_offset_seconds = %r" % meta.get("utc_offset_seconds"))
    start = next(i for i, l in enumerate(lines) if l.startswith("time,"))
    rows = {}
    for r in csv.DictReader(io.StringIO("\n".join(lines[start:]))):
        if r["time"] in rows:
            raise SystemExit("stamp %s twice" % r["time"])
        rows[r["time"]] = r
    return meta, rows


def convert(row, outdir):
    meta, rows = parse(read_bytes(row["src"]).decode("utf-8"))
    k, year = row["utc_offset_h"], row["year"]
    first = datetime.datetime(year, 1, 1)
    out_rows, j, hour = [], 0, 0
    while len(out_rows) < HOURS:
        local_end = first + datetime.timedelta(hours=hour + 1)
        begin = local_end - datetime.timedelta(hours=1)
        hour += 1
        if begin.month == 2 and begin.day == 29:
            continue
        stamp = (local_end - datetime.timedelta(hours=k)).strftime("%Y-%m-%d %H:%M:%S")
        if stamp not in rows:
            raise SystemExit("%s: no row at %s (local hour %d)" % (row["id"], stamp, j))
        r = rows[stamp]
        t, td = float(r["temperature_2m (C)"]), float(r["dew_point_2m (C)"])
        rh = float(r["relative_humidity_2m (percent)"])
        if not (-70 <= t <= 70 and -90 <= td <= t + 0.5 and 0 <= rh <= 100.5):
            raise SystemExit("%s: out of range at %s: %s %s %s" % (row["id"], stamp, t, td, rh))
        out_rows.append((fmt_t(t), fmt_t(min(td, t)), "%d" % int(round(min(rh, 100.0)))))
        j += 1
    db = [float(r[0]) for r in out_rows]
    lat, lon, elev = float(meta["latitude"]), float(meta["longitude"]), float(meta["elevation"])
    write_compact(outdir, row, LIC_OPEN_METEO, (lat, lon, elev), "actual year %d" % year, out_rows)
    by_hour = [sum(db[h::24]) / (HOURS // 24) for h in range(24)]
    return dict(
        id=row["id"], lat=lat, lon=lon, elev=elev, rows=len(out_rows), max_db=max(db), min_db=min(db),
        mean_db=round(sum(db) / HOURS, 2), hours_above_30=sum(1 for a in db if a > 30),
        warmest_local_hour_ending=1 + max(range(24), key=lambda h: by_hour[h]),
    )


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    outdir = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    for row in SOURCES:
        print(convert(row, outdir))


if __name__ == "__main__":
    main(sys.argv)
