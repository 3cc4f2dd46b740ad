"""The sites of a reV project in a bounding box, chosen on a compute node from the resource's
own coordinates (read through the node's HSDS), written as reV's project points. pcwiz puts
this in the project's .pcwiz/ and runs it with the project's venv:

    python select_sites.py RESOURCE OUT_CSV --bbox LAT_MIN LON_MIN LAT_MAX LON_MAX

It prints "pcwiz: sites N of TOTAL" (N selected of the TOTAL the resource holds) or
"pcwiz: error WHY". Not rex's box_gids, which refuses a corner outside the resource's domain:
the box is masked here. Only the small `coordinates` dataset is read when the file has one
(NREL's do); else the meta's latitude and longitude.
"""

import argparse
import sys

import numpy as np
from rex import Resource
from rex.utilities.utilities import check_res_file


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("resource")
    parser.add_argument("out")
    parser.add_argument("--bbox", nargs=4, type=float, required=True)
    args = parser.parse_args()
    try:
        _, hsds = check_res_file(args.resource)
    except (OSError, ValueError) as e:
        print(f"pcwiz: error {e}")
        return 1
    with Resource(args.resource, hsds=hsds) as res:
        total = res.shapes["meta"][0]
        if "coordinates" in res.datasets:
            coordinates = np.asarray(res["coordinates"])
        else:
            coordinates = res.meta[["latitude", "longitude"]].to_numpy()
    lat_min, lon_min, lat_max, lon_max = args.bbox
    lat, lon = coordinates[:, 0], coordinates[:, 1]
    gids = np.where((lat >= lat_min) & (lat <= lat_max) & (lon >= lon_min) & (lon <= lon_max))[0]
    if len(gids) == 0:
        print(f"pcwiz: error no site of the {total} in {args.resource} is in the box")
        return 1
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("gid,config\n")
        out.writelines(f"{gid},default\n" for gid in gids)
    print(f"pcwiz: sites {len(gids)} of {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
