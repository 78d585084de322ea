#!/usr/bin/env python3
"""Step 1 (needs h5py: pip install h5py): pull T2m / RH out of the netCDF4
(HDF5) test file tests/data/distributed_pvgis_weather.nc of github.com/NREL/PVDegradationTools
(commit 51172fdc, file added in 0ede2d04) and write one plain CSV per grid point:
    src/pvdeg_pvgis_gid<g>.csv   columns: utc_hour,temp_air,relative_humidity
utc_hour is the 'time' variable ('hours since 2022-01-01 00:00:00'); PVGIS TMY rows are UTC.
"""
import subprocess, sys, os, io
import h5py
GIT = "/work/.mirror/NREL+PVDegradationTools/repo"
COMMIT = "51172fdc532b0a0a9ccf2ac2d8ced8974f7a7ac2"
here = os.path.dirname(os.path.abspath(__file__))
raw = subprocess.run(["git", "--git-dir=" + GIT, "show", COMMIT + ":tests/data/distributed_pvgis_weather.nc"],
                     check=True, capture_output=True).stdout
f = h5py.File(io.BytesIO(raw), "r")
assert f["time"].attrs["units"] == "hours since 2022-01-01 00:00:00"
time = f["time"][:]
for g in f["gid"][:]:
    t, rh = f["temp_air"][g], f["relative_humidity"][g]
    with open(os.path.join(here, "src", "pvdeg_pvgis_gid%d.csv" % g), "w") as out:
        out.write("utc_hour,temp_air,relative_humidity\n")
        for h, a, b in zip(time, t, rh):
            out.write("%d,%r,%r\n" % (h, float(a), float(b)))
print("ok", len(time), "hours")
