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


# ASHRAE climatic design conditions of the same stations, copied verbatim from the EnergyPlus weather files' DESIGN
# CONDITIONS lines (TMY files carry none). Sand Point has no such line that could be found: it is estimated at load.
DESIGN = {
    "greensboro-nc": (
        "ASHRAE Handbook 2009 climatic design conditions as carried by the EnergyPlus weather file USA_NC_Greensboro-Piedmont.Triad.Intl.AP.723170_TMY3.epw (same station; as published in github.com/tayor/epw-weather, commit 2730e901)",
        "DESIGN CONDITIONS,1,Climate Design Data 2009 ASHRAE Handbook,,Heating,1,-8.3,-5.7,-18.2,0.8,-4.1,-15.5,1,-2.3,10.6,10.1,9.1,7.9,3,300,Cooling,7,9.9,33.4,23.7,32.2,23.3,31,22.8,25,30.9,24.3,29.8,23.8,29,3.4,230,23.2,18.6,27.3,22.7,18,26.7,22.2,17.5,26.1,76.8,31,74.5,30,72.3,29.2,796,Extremes,8.6,7.7,6.9,27.1,-13,35.3,3.3,1.7,-15.3,36.5,-17.3,37.5,-19.1,38.5,-21.5,39.7",
    ),
    "miami-fl": (
        "ASHRAE Handbook 2009 climatic design conditions as carried by the EnergyPlus weather file USA_FL_Miami.Intl.AP.722020_TMY3.epw (WMO 722020 = WBAN 12839, the same station; github.com/NREL/EnergyPlus weather/, commit 1bd58b05)",
        "DESIGN CONDITIONS,1,Climate Design Data 2009 ASHRAE Handbook,,Heating,1,8.7,10.9,-0.1,3.8,12.4,3,4.7,13.6,10.6,20.2,9.3,21.7,3.8,340,Cooling,7,6.7,33.2,25.3,32.6,25.3,32.1,25.2,26.8,30.5,26.4,30.4,26.1,30.1,4.5,140,25.8,21.1,28.6,25.3,20.4,28.5,25,20.1,28.4,83.5,30.5,81.9,30.3,80.6,30.2,243,Extremes,9.2,8.4,7.7,29.3,5.1,35,3.1,0.9,2.8,35.7,1.1,36.3,-0.7,36.8,-2.9,37.4",
    ),
}


LICENCE = ("NREL typical meteorological year, produced by the US National Renewable Energy Laboratory for the US "
           "Department of Energy; US-government data, public domain (no restriction stated)")


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
            f.write(f"# licence: {LICENCE}\n")
            f.write(f"# latitude_deg: {lat:.3f}\n# longitude_deg: {lon:.3f}\n")
            if cid in DESIGN:
                f.write(f"# design_conditions_source: {DESIGN[cid][0]}\n# design_conditions: {DESIGN[cid][1]}\n")
            f.write(f"# elevation_m: {elev:.0f}\n")
            f.write("# hour 0 is the hour ending 01:00 local standard time on 1 January of the typical year\n")
            f.write("dry_bulb_c,dew_point_c,rh_pct\n")
            for db, dp, rh in hours:
                f.write(f"{db:.1f},{dp:.1f},{rh:.0f}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
