#!/usr/bin/env python3
"""A 48-site NSRDB-shaped resource file made from the bundled one-site sample, for reV runs
that need several sites and a bounding box to choose them from.

Usage (in the reV venv, which has h5py):

    .venv/rev/bin/python tests/harness/nsrdb_tiled.py SAMPLE.h5 OUT.h5

The sample (tests/fixtures/rev-generation/nsrdb-brazil_solar.h5: NREL's NSRDB test data, one
site at -7.03, -56.26, 17,520 half-hourly steps of 2019) is laid out on a 6 x 8 grid at 0.04°
steps north and east of its site. Each site's irradiance (ghi, dni, dhi) is the sample's times
0.80 + 0.005 * gid, so every site has its own capacity factor and a run that mixed sites up
would not match; temperature, wind speed and solar zenith are the sample's. NOT real per-site
data: it exercises reV, HSDS and site selection, not the climate of Brazil. Like NREL's files
it has a `coordinates` dataset (lat, lon), chunked by site columns.
"""

import sys

import h5py
import numpy as np

ROWS, COLS, STEP = 6, 8, 0.04
SCALED = ("ghi", "dni", "dhi")


def main():
    if len(sys.argv) != 3:  # noqa: PLR2004
        sys.exit(f"usage: {sys.argv[0]} SAMPLE.h5 OUT.h5")
    sites = ROWS * COLS
    with h5py.File(sys.argv[1], "r") as src, h5py.File(sys.argv[2], "w") as out:
        for key, value in src.attrs.items():
            out.attrs[key] = value
        meta0 = src["meta"][0]
        lat0, lon0 = float(meta0["latitude"]), float(meta0["longitude"])
        meta = np.zeros(sites, dtype=src["meta"].dtype)
        coordinates = np.zeros((sites, 2), dtype=np.float32)
        for gid in range(sites):
            row, col = divmod(gid, COLS)
            meta[gid] = meta0
            meta[gid]["latitude"] = round(lat0 + STEP * row, 4)
            meta[gid]["longitude"] = round(lon0 + STEP * col, 4)
            coordinates[gid] = (meta[gid]["latitude"], meta[gid]["longitude"])
        out.create_dataset("meta", data=meta)
        out.create_dataset("coordinates", data=coordinates)
        out.create_dataset("time_index", data=src["time_index"][...])
        factors = (0.80 + 0.005 * np.arange(sites)).astype(np.float32)
        for name in ("air_temperature", "dhi", "dni", "ghi", "solar_zenith_angle", "wind_speed"):
            series = src[name][:, 0]
            data = np.repeat(series[:, None], sites, axis=1)
            if name in SCALED:
                data = data * factors[None, :]
            out.create_dataset(name, data=data.astype(np.float32), chunks=(2000, COLS))
            for key, value in src[name].attrs.items():
                out[name].attrs[key] = value


if __name__ == "__main__":
    main()
