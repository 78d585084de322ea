#!/usr/bin/env python3
"""Regenerate fleetplan's bundled typical-year climates from the NREL files shipped in pvlib 0.13.1.

    pip download --no-deps pvlib==0.13.1 && unzip pvlib-0.13.1-py3-none-any.whl 'pvlib/data/*'
    python3 convert_pvlib.py pvlib/data .

Keeps only what the cooling model reads (dry bulb, dew point, relative humidity, hour by hour, as the source states
them, to 0.1 degC and 1 %); wet bulb is derived at load time (Stull 2011). The data are NREL typical meteorological
years, in the public domain; pvlib's code is BSD-3 and none of it is used here.
"""
import csv
import sys

SOURCES = [
    # id, file, format, name, note
    ("greensboro-nc", "723170TYA.CSV", "tmy3", "Greensboro Piedmont Triad Intl, NC, USA",
     "NREL TMY3 station 723170 (public domain), file pvlib/data/723170TYA.CSV of pvlib 0.13.1"),
    ("sand-point-ak", "703165TY.csv", "tmy3", "Sand Point, AK, USA",
     "NREL TMY3 station 703165 (public domain), file pvlib/data/703165TY.csv of pvlib 0.13.1"),
    ("miami-fl", "12839.tm2", "tmy2", "Miami Intl, FL, USA",
     "NREL TMY2 station 12839 (public domain), file pvlib/data/12839.tm2 of pvlib 0.13.1"),
]


def read_tmy3(path):
    rows = list(csv.reader(open(path, newline="")))
    meta, head = rows[0], rows[1]
    i, j, k = head.index("Dry-bulb (C)"), head.index("Dew-point (C)"), head.index("RHum (%)")
    hours = [(float(r[i]), float(r[j]), float(r[k])) for r in rows[2:]]
    return (float(meta[4]), float(meta[5]), float(meta[6])), hours


def read_tmy2(path):
    # TMY2 user's manual (NREL/SP-463-7668), fixed columns, 1-based: dry bulb 68-71 and dew point 74-77 in
    # tenths of degC, relative humidity 80-82 in %.
    lines = open(path).read().splitlines()
    head = lines[0].split()
    lat = float(head[-6]) + float(head[-5]) / 60.0
    lon = -(float(head[-3]) + float(head[-2]) / 60.0)
    elev = float(head[-1])
    hours = [(int(l[67:71]) / 10.0, int(l[73:77]) / 10.0, float(int(l[79:82]))) for l in lines[1:]]
    return (lat, lon, elev), hours


def main(src, out):
    for cid, name_in, fmt, name, note in SOURCES:
        (lat, lon, elev), hours = (read_tmy3 if fmt == "tmy3" else read_tmy2)(f"{src}/{name_in}")
        assert len(hours) == 8760, (cid, len(hours))
        with open(f"{out}/{cid}.csv", "w", newline="\n") as f:
            f.write("# fleetplan climate v1\n")
            f.write(f"# id: {cid}\n# name: {name}\n# source: {note}\n")
            f.write(f"# latitude_deg: {lat:.3f}\n# longitude_deg: {lon:.3f}\n# elevation_m: {elev:.0f}\n")
            f.write("# hour 0 is the hour ending 01:00 local standard time on 1 January of the typical year\n")
            f.write("dry_bulb_c,dew_point_c,rh_pct\n")
            for db, dp, rh in hours:
                f.write(f"{db:.1f},{dp:.1f},{rh:.0f}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
