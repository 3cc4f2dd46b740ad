"""Run HSDS (the PyPI launcher, `hsds ARGS…`) with its data node on a port of our choosing.

HSDS 1.0.2's launcher puts its first data node on port 6101 whatever else is asked
(hsds_app.py: `dn_port = 6101  # TBD: pull this from config`), so a second HSDS on the
same host, as a test that needs MAX_TASK_COUNT=1 starts beside the harness's own, would
fight the first for that port. This moves the data nodes to $HSDS_DN_PORT (and up) and
changes nothing else: the launcher, the service node and the data node are HSDS's own.

    HSDS_DN_PORT=7101 python hsds_second.py --root_dir … --port 5102 --count 1 …
"""
import os
import sys

from hsds import hsds_app
from hsds.app import main

_original_init = hsds_app.HsdsApp.__init__


def _init(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    first = int(os.environ["HSDS_DN_PORT"])
    self._dn_urls = [
        url.rsplit(":", 1)[0] + f":{first + i}" for i, url in enumerate(sorted(self._dn_urls))
    ]


hsds_app.HsdsApp.__init__ = _init

if __name__ == "__main__":
    sys.argv[0] = "hsds"
    sys.exit(main())
