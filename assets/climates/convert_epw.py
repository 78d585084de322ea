#!/usr/bin/env python3
"""Convert typical-year weather files into fleetplan's compact climate format (v1).

What it does
------------
For every row of the SOURCES table below it reads one weather file, takes the
dry bulb, dew point and relative humidity of each hour, and writes
``<outdir>/<id>.csv``:

    # fleetplan climate v1
    # id: ...
    # name: ...
    # source: ...           (data set, station, file, repo + commit, licence)
    # licence: ...
    # latitude_deg: ...     (EPW LOCATION field 7 / TMY3 station line)
    # longitude_deg: ...
    # design_conditions_source: ...   only if the file carries design conditions
    # design_conditions: DESIGN CONDITIONS,...   verbatim, trailing blanks stripped
    # elevation_m: ...
    # hour 0 is the hour ending 01:00 local standard time on 1 January of the typical year
    dry_bulb_c,dew_point_c,rh_pct
    ...8,760 rows...

Inputs understood
-----------------
* EnergyPlus EPW: 8 header lines, then hourly rows; dry bulb, dew point and RH
  are fields 7, 8, 9 (1-based).  99.9 / 99.9 / 999 are the missing-value codes.
* NREL TMY3 CSV: a station line, a column line with "Dry-bulb (C)",
  "Dew-point (C)", "RHum (%)", then hourly rows (used for Phoenix, whose
  DESIGN CONDITIONS line is then taken from the same station's EPW and given in
  the table, because only that file's header could be read).

A file is named either by a plain path or by ``git:<git-dir>@<commit>:<path>``;
the latter is read with ``git --git-dir=<git-dir> show <commit>:<path>`` so the
exact blob the report cites is the one converted.

Values are written as the source states them (dry bulb / dew point to 0.1 degC,
RH as an integer %).  29 February is dropped if a source has 8,784 rows.  Missing
values are never written: the conversion of that file stops and says which hours
are missing (none of the current sources has any).  Every file is checked for
8,760 rows, plausible ranges, and dew point <= dry bulb + 0.5 K (the tolerance
fleetplan's parser allows); the checks and the statistics used in REPORT.md are
printed as a table and saved to ``<outdir>/stats.json``.

Regenerating
------------
1. Bring the source repositories to the paths in SOURCES (they are bare git
   snapshots: tayor/epw-weather, PEESEgroup/AI-Data-Center-Analysis,
   dtcc-platform/dtcc-solar, JawadMM/mpc_benchmark, pnnl/tesp), or edit the
   ``MIRROR`` root below / pass plain file paths.
2. Run ``python3 convert_epw.py [outdir]`` (default: the directory of this
   script).  Only the Python 3 standard library and the ``git`` executable are used.
3. Add ``--restricted`` to also write the ASHRAE-copyright IWEC files (Dublin,
   Amsterdam) into ``<outdir>/restricted/``; they are not openly licensed.
"""

import json
import math
import os
import subprocess
import sys

MIRROR = "/work/.mirror"

TAYOR = MIRROR + "/tayor+epw-weather/repo"
TAYOR_C = "9c6e683c12cd11e2049764fe2c566155d308cb37"
PEESE = MIRROR + "/PEESEgroup+AI-Data-Center-Analysis/repo"
PEESE_C = "4bcaea42c33d90c4a6039cf486b7b824db79529e"
DTCC = MIRROR + "/dtcc-platform+dtcc-solar/repo"
DTCC_C = "3dae14478e739523de0e4b5e08765d19e0363e29"
MPC = MIRROR + "/JawadMM+mpc_benchmark/repo"
MPC_C = "b13df9c6f46bd819a7dfd4b38f1ea2f3f65456de"
TESP = MIRROR + "/pnnl+tesp/repo"
TESP_C = "f768d5ac2e038a0e7cc65e09aaf3a6c11ff52c9c"

LIC_TMY3 = (
    "NREL TMY3 (1991-2005, Wilcox & Marion 2008, NREL/TP-581-43156), produced by NREL for the US DOE; "
    "treated as public domain (US-government data, no licence restriction stated); the embedded DESIGN "
    "CONDITIONS line is ASHRAE Handbook 2009 content"
)
LIC_TMYX = (
    "Climate.OneBuilding.org TMYx (NCEI ISD observations + ERA5 solar); free download, NO explicit open "
    "licence found (site footer reportedly all-rights-reserved); underlying NOAA ISD non-US data carry "
    "WMO Res. 40 commercial-use caveats; DESIGN CONDITIONS line is ASHRAE 2021 Handbook content - "
    "confirm terms before redistribution"
)
LIC_IWEC = (
    "RESTRICTED: IWEC (c) 2001 ASHRAE, All rights reserved as noted in the License Agreement and "
    "Additional Conditions - not openly licensed, do not bundle"
)


def git_src(gitdir, commit, path):
    return "git:%s@%s:%s" % (gitdir, commit, path)


def tmy3(row_id, name, path, extra=""):
    return dict(
        id=row_id, name=name, fmt="epw", src=git_src(TAYOR, TAYOR_C, "data/" + path),
        source="NREL TMY3 station %s, file %s, github.com/tayor/epw-weather data/ (scrape of energyplus.net), "
               "commit %s, public domain (NREL/US DOE)%s" % (path.split(".")[-2].split("_")[0], path, TAYOR_C[:8], extra),
        licence=LIC_TMY3,
        dc_source="ASHRAE Handbook 2009 climatic design conditions as carried by the same EPW (%s, "
                  "github.com/tayor/epw-weather commit %s)" % (path, TAYOR_C[:8]),
    )


def tmyx(row_id, name, gitdir, commit, repo, path):
    fname = path.rsplit("/", 1)[-1]
    return dict(
        id=row_id, name=name, fmt="epw", src=git_src(gitdir, commit, path),
        source="Climate.OneBuilding TMYx, WMO %s, file %s, github.com/%s %s, commit %s, licence unclear "
               "(no open licence stated; see REPORT.md)" % (fname.split("_")[-2].split(".")[-1], fname, repo,
                                                           path, commit[:8]),
        licence=LIC_TMYX,
        dc_source="2021 ASHRAE Handbook climatic design conditions as carried by the same EPW (%s, github.com/%s "
                  "commit %s); 2021 layout, see REPORT.md" % (fname, repo, commit[:8]),
    )


PHOENIX_DC = (
    "DESIGN CONDITIONS,1,Climate Design Data 2009 ASHRAE Handbook,,Heating,12,3.7,5.2,-14.5,1.1,15.4,-11.9,1.4,"
    "17,8.2,14.8,7.3,15.1,1.7,100,Cooling,7,12,43.4,21.1,42.3,21,41.2,20.9,24.5,35.8,24,35.4,23.5,35.1,4.1,260,"
    "21.8,17.2,28.1,21,16.3,29.1,20,15.3,30.2,75.6,35.3,73.5,35.4,71.8,35.2,749,Extremes,8.2,7.1,5.8,27.7,1.3,"
    "45.8,1.5,1.5,0.3,46.9,-0.6,47.8,-1.4,48.7,-2.5,49.8"
)

SOURCES = [
    tmy3("ashburn-va", "Washington Dulles Intl (Sterling), VA, USA",
         "USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw",
         "; same file name in github.com/NREL/EnergyPlus weather/ commit 1bd58b05"),
    tmy3("dallas-tx", "Dallas-Fort Worth Intl, TX, USA", "USA_TX_Dallas-Fort.Worth.Intl.AP.722590_TMY3.epw"),
    tmy3("abilene-tx", "Abilene Rgnl, TX, USA", "USA_TX_Abilene.Rgnl.AP.722660_TMY3.epw"),
    dict(id="phoenix-az", name="Phoenix Sky Harbor Intl, AZ, USA", fmt="tmy3",
         src=git_src(TESP, TESP_C, "data/weather/AZ-Phoenix_Sky_Harbor_Intl_Ap.tmy3"),
         source="NREL TMY3 station 722780 (public domain), file data/weather/AZ-Phoenix_Sky_Harbor_Intl_Ap.tmy3 "
                "of github.com/pnnl/tesp commit %s" % TESP_C[:8],
         licence=LIC_TMY3,
         dc_source="ASHRAE Handbook 2009 climatic design conditions as carried by the EnergyPlus weather file "
                   "USA_AZ_Phoenix-Sky.Harbor.Intl.AP.722780_TMY3.epw (same station; github.com/NREL/EnergyPlus "
                   "weather/, commit e635eded)",
         dc_line=PHOENIX_DC),
    tmy3("atlanta-ga", "Atlanta Hartsfield-Jackson Intl, GA, USA",
         "USA_GA_Atlanta-Hartsfield-Jackson.Intl.AP.722190_TMY3.epw"),
    tmy3("chicago-il", "Chicago O'Hare Intl, IL, USA", "USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw",
         "; same file name in github.com/NREL/EnergyPlus weather/ commit 1bd58b05"),
    tmy3("columbus-oh", "Columbus Port Columbus Intl, OH, USA",
         "USA_OH_Columbus-Port.Columbus.Intl.AP.724280_TMY3.epw"),
    tmy3("san-jose-ca", "San Jose Intl, CA, USA", "USA_CA_San.Jose.Intl.AP.724945_TMY3.epw"),
    # Oregon: Portland Intl (TMY3 class I).  Hillsboro (726986) and The Dalles (726988) were converted and
    # rejected: each has a gap-fill artefact (Hillsboro ramps to 45.6 degC on 29-30 October; The Dalles jumps from
    # 1.6 to 25.0 degC at night in mid-November), and The Dalles carries no design conditions.  See REPORT.md.
    tmy3("portland-or", "Portland Intl, OR, USA", "USA_OR_Portland.Intl.AP.726980_TMY3.epw"),
    tmy3("reno-nv", "Reno-Tahoe Intl, NV, USA", "USA_NV_Reno-Tahoe.Intl.AP.724880_TMY3.epw"),
    tmy3("des-moines-ia", "Des Moines Intl, IA, USA", "USA_IA_Des.Moines.Intl.AP.725460_TMY3.epw"),
    tmy3("golden-co", "Golden NREL (South Table Mountain), CO, USA", "USA_CO_Golden-NREL.724666_TMY3.epw",
         "; same file name in github.com/NREL/EnergyPlus weather/ commit 1bd58b05"),
    # Guam: the Western Pacific's subsea-cable landing and data-centre hub (Oceania); NREL TMY3 of the Guam weather
    # forecast office (WMO 912120, Tiyan, next to Won Pat Intl), with its ASHRAE 2009 line.
    tmy3("guam-gu", "Guam (Won Pat Intl / Tiyan weather office), Guam, USA",
         "GUM_Tamuning-Won.Pat.Intl.AP.912120_TMY3.epw"),
]

# Not bundled: Climate.OneBuilding TMYx files state no licence that allows redistribution (and their non-US ISD
# observations carry WMO Resolution 40 limits on commercial redistribution). Written only with --tmyx, into
# <outdir>/tmyx/, for a planner's own use; fleetplan reads their 2021-layout DESIGN CONDITIONS lines.
TMYX = [
    tmyx("frankfurt-de", "Frankfurt am Main Airport, Hesse, Germany", PEESE, PEESE_C,
         "PEESEgroup/AI-Data-Center-Analysis", "Data/weather/DEU_HE_Frankfurt.AP.106370_TMYx.2009-2023.epw"),
    tmyx("london-gb", "London City Airport, England, UK", DTCC, DTCC_C, "dtcc-platform/dtcc-solar",
         "data/weather/GBR_ENG_London.City.AP.037683_TMYx.2007-2021.epw"),
    tmyx("stockholm-se", "Stockholm Arlanda Airport, Sweden", DTCC, DTCC_C, "dtcc-platform/dtcc-solar",
         "data/weather/SWE_ST_Stockholm.Arlanda.AP.024600_TMYx.2007-2021.epw"),
    tmyx("singapore-sg", "Singapore Changi Intl Airport, Singapore", PEESE, PEESE_C,
         "PEESEgroup/AI-Data-Center-Analysis",
         "Data/weather/SGP_SG_Singapore-Changi.Intl.AP.486980_TMYx.2009-2023.epw"),
    tmyx("sydney-au", "Sydney Intl Airport (Mascot), NSW, Australia", PEESE, PEESE_C,
         "PEESEgroup/AI-Data-Center-Analysis", "Data/weather/AUS_NSW_Sydney.Intl.AP.947670_TMYx.2009-2023.epw"),
    tmyx("riyadh-sa", "Riyadh King Khalid Intl Airport, Saudi Arabia", MPC, MPC_C, "JawadMM/mpc_benchmark",
         "data/raw/SAU_RI_Riyadh-Khalid.Intl.AP.404370_TMYx.2009-2023.epw"),
]

RESTRICTED = [
    dict(id="dublin-ie", name="Dublin Airport, Ireland", fmt="epw",
         src=git_src(TAYOR, TAYOR_C, "data/IRL_Dublin.039690_IWEC.epw"),
         source="ASHRAE IWEC station 039690, file IRL_Dublin.039690_IWEC.epw, github.com/tayor/epw-weather "
                "commit %s, (c) 2001 ASHRAE - NOT openly licensed" % TAYOR_C[:8],
         licence=LIC_IWEC,
         dc_source="ASHRAE Handbook 2009 design conditions as carried by the same EPW (IRL_Dublin.039690_IWEC.epw, "
                   "github.com/tayor/epw-weather commit %s)" % TAYOR_C[:8]),
    dict(id="amsterdam-nl", name="Amsterdam Schiphol Airport, Netherlands", fmt="epw",
         src=git_src(TAYOR, TAYOR_C, "data/NLD_Amsterdam.062400_IWEC.epw"),
         source="ASHRAE IWEC station 062400, file NLD_Amsterdam.062400_IWEC.epw, github.com/tayor/epw-weather "
                "commit %s, (c) 2001 ASHRAE - NOT openly licensed" % TAYOR_C[:8],
         licence=LIC_IWEC,
         dc_source="ASHRAE Handbook 2009 design conditions as carried by the same EPW (NLD_Amsterdam.062400_IWEC.epw, "
                   "github.com/tayor/epw-weather commit %s)" % TAYOR_C[:8]),
]

HEADER_LINES = 8
HOURS = 8760


def read_bytes(spec):
    if spec.startswith("git:"):
        rest = spec[4:]
        gitdir, _, rest = rest.partition("@")
        commit, _, path = rest.partition(":")
        return subprocess.run(["git", "--git-dir=" + gitdir, "show", commit + ":" + path],
                              check=True, capture_output=True).stdout
    with open(spec, "rb") as f:
        return f.read()


def decode(raw):
    """Text of a file and a note if it is not clean UTF-8 (some EPW headers are Latin-1)."""
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "header/body not UTF-8 (read as Latin-1)"


def num(s):
    return float(s.strip())


def epw_hours(lines):
    """(month, day, hour, db, dp, rh) for each data line of an EPW."""
    out = []
    for ln in lines[HEADER_LINES:]:
        if not ln.strip():
            continue
        f = ln.split(",")
        out.append((int(f[1]), int(f[2]), int(f[3]), f[6].strip(), f[7].strip(), f[8].strip()))
    return out


def tmy3_hours(lines):
    cols = [c.strip() for c in lines[1].split(",")]
    i_db, i_dp, i_rh = cols.index("Dry-bulb (C)"), cols.index("Dew-point (C)"), cols.index("RHum (%)")
    out = []
    for ln in lines[2:]:
        if not ln.strip():
            continue
        f = ln.split(",")
        mm, dd, _ = f[0].split("/")
        hh = int(f[1].split(":")[0])
        out.append((int(mm), int(dd), hh, f[i_db].strip(), f[i_dp].strip(), f[i_rh].strip()))
    return out


def fmt_t(s):
    return "%.1f" % num(s)


def fmt_rh(s):
    v = num(s)
    if v != int(v):
        raise ValueError("non-integer RH %s" % s)
    return "%d" % int(v)


def design_blocks(line):
    """Key values of a DESIGN CONDITIONS line, for the report, in either ASHRAE layout.

    2009 layout (TMY3 / IWEC): Extremes block has 16 values: 3 wind speeds, extreme max WB, mean min DB,
    mean max DB, sd min, sd max, then (min, max) pairs for 5, 10, 20, 50 years.
    2021 layout (TMYx): Extremes block has 15 values: the extreme max WB is moved to the last value of the
    Cooling block; mean min, mean max, sd min, sd max, then the pairs.
    """
    f = [x.strip() for x in line.split(",")]
    c, e = f.index("Cooling"), f.index("Extremes")
    ext = f[e + 1:]
    while ext and ext[-1] == "":
        ext.pop()
    d = {"cool04_db": float(f[c + 3]), "cool04_mcwb": float(f[c + 4]), "edition": f[2]}
    if len(ext) == 16:
        d.update(layout="2009", ext_wb=float(ext[3]), ext_max_mean=float(ext[5]), max20=float(ext[13]))
    elif len(ext) == 15:
        d.update(layout="2021", ext_wb=float(f[e - 1]), ext_max_mean=float(ext[4]), max20=float(ext[12]))
    else:
        d.update(layout="unknown(%d extremes)" % len(ext), ext_wb=None, ext_max_mean=None, max20=None)
    # What fleetplan's DesignConditions::from_epw_line reads (Extremes+4 = WB, +6 = max mean, +14 = 20-yr max).
    try:
        d["fleetplan_reads"] = dict(ext_wb=float(f[e + 4]), ext_max_mean=float(f[e + 6]), max20=float(f[e + 14]))
    except (IndexError, ValueError):
        d["fleetplan_reads"] = None
    return d


def convert(row, outdir):
    raw = read_bytes(row["src"])
    text, enc_note = decode(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    notes = [enc_note] if enc_note else []
    dc_line = None
    if row["fmt"] == "epw":
        loc = lines[0].split(",")
        lat, lon, elev = num(loc[6]), num(loc[7]), num(loc[9])
        wmo = loc[5].strip()
        second = lines[1].rstrip()
        if second.startswith("DESIGN CONDITIONS"):
            n = second.split(",")[1].strip()
            dc_line = second if n not in ("", "0") else None
        hours = epw_hours(lines)
        missing_codes = ("99.9", "99.9", "999")
    else:
        st = lines[0].split(",")
        wmo, lat, lon, elev = st[0].strip(), num(st[4]), num(st[5]), num(st[6])
        hours = tmy3_hours(lines)
        missing_codes = (None, None, None)
    if row.get("dc_line"):
        dc_line = row["dc_line"]
    if len(hours) == 8784:
        hours = [h for h in hours if not (h[0] == 2 and h[1] == 29)]
        notes.append("leap day (29 Feb) dropped from an 8,784-row source")
    if len(hours) != HOURS:
        raise SystemExit("%s: %d hourly rows, expected %d" % (row["id"], len(hours), HOURS))
    missing = []
    for k, h in enumerate(hours):
        for j, code in enumerate(missing_codes):
            if code is not None and num(h[3 + j]) == num(code):
                missing.append((k, ("dry_bulb", "dew_point", "rh")[j], h[3 + j]))
    if missing:
        raise SystemExit("%s: %d missing values, first %s - not written" % (row["id"], len(missing), missing[:5]))
    rows = [(fmt_t(h[3]), fmt_t(h[4]), fmt_rh(h[5])) for h in hours]
    db = [float(r[0]) for r in rows]
    dp = [float(r[1]) for r in rows]
    rh = [int(r[2]) for r in rows]
    dp_above = sum(1 for a, b in zip(db, dp) if b > a + 0.1)
    dp_above_05 = sum(1 for a, b in zip(db, dp) if b > a + 0.5)
    bad_range = sum(1 for a, b, r in zip(db, dp, rh) if not (-70 <= a <= 70 and -90 <= b <= 70 and 0 <= r <= 110))
    if dp_above_05 or bad_range:
        raise SystemExit("%s: %d hours dew point > dry bulb + 0.5 K, %d out of range" % (row["id"], dp_above_05,
                                                                                         bad_range))
    out = [
        "# fleetplan climate v1",
        "# id: " + row["id"],
        "# name: " + row["name"],
        "# source: " + row["source"],
        "# licence: " + row["licence"],
        "# latitude_deg: %.3f" % lat,
        "# longitude_deg: %.3f" % lon,
    ]
    if dc_line:
        out.append("# design_conditions_source: " + row["dc_source"])
        out.append("# design_conditions: " + dc_line.rstrip())
    out.append("# elevation_m: %s" % (("%d" % elev) if elev == int(elev) else ("%.1f" % elev)))
    out.append("# hour 0 is the hour ending 01:00 local standard time on 1 January of the typical year")
    out.append("dry_bulb_c,dew_point_c,rh_pct")
    out.extend(",".join(r) for r in rows)
    path = os.path.join(outdir, row["id"] + ".csv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    stats = dict(
        id=row["id"], wmo=wmo, lat=lat, lon=lon, elev=elev, rows=len(rows), has_dc=bool(dc_line),
        hours_above_30=sum(1 for a in db if a > 30), max_db=max(db), min_db=min(db), mean_db=round(sum(db) / len(db), 2),
        max_dp=max(dp), rh_min=min(rh), rh_max=max(rh), dp_above_db_01=dp_above, notes=notes,
    )
    if dc_line:
        stats["dc"] = design_blocks(dc_line)
    return stats


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    outdir = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(outdir, exist_ok=True)
    table = [(r, outdir) for r in SOURCES]
    if "--tmyx" in argv:
        tdir = os.path.join(outdir, "tmyx")
        os.makedirs(tdir, exist_ok=True)
        table += [(r, tdir) for r in TMYX]
    if "--restricted" in argv:
        rdir = os.path.join(outdir, "restricted")
        os.makedirs(rdir, exist_ok=True)
        table += [(r, rdir) for r in RESTRICTED]
    allstats = []
    for row, d in table:
        s = convert(row, d)
        s["restricted"] = d != outdir
        allstats.append(s)
        dc = s.get("dc") or {}
        print("%-14s wmo=%-7s rows=%d dc=%s 0.4%%=%s/%s max20=%s layout=%s >30C=%4d maxdb=%5.1f dp>db+0.1=%d %s" % (
            s["id"], s["wmo"], s["rows"], "y" if s["has_dc"] else "n", dc.get("cool04_db"), dc.get("cool04_mcwb"),
            dc.get("max20"), dc.get("layout"), s["hours_above_30"], s["max_db"], s["dp_above_db_01"],
            "; ".join(s["notes"])))
    with open(os.path.join(outdir, "stats.json"), "w") as f:
        json.dump(allstats, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
