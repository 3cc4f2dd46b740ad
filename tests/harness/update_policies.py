#!/usr/bin/env python3
"""Print every ParallelCluster config path with its update policy, from the installed pcluster's
own schema (offline: no AWS call). Lines are "PATH<TAB>POLICY", sorted; a list is written [].

pcwiz ships the output for 3.16.1 as assets/pcluster/update-policies-3.16.1.tsv, to say in words
what a change does before pcluster is asked; tests/integration/update_moto.rs runs this script
with the harness's pcluster and checks the shipped table against it. A field without an
update_policy gets pcluster's default, UNSUPPORTED (pcluster/config/config_patch.py)."""
import os

os.environ.setdefault("AWS_DEFAULT_REGION", "us-west-2")
from pcluster.config.update_policy import UpdatePolicy  # noqa: E402
from pcluster.schemas.cluster_schema import ClusterSchema  # noqa: E402

MAX_DEPTH = 8  # the schema nests no deeper; this stops a self-referencing one


def walk(schema, path, rows):
    for name, field in schema.declared_fields.items():
        key = field.data_key or name
        policy = field.metadata.get("update_policy", UpdatePolicy.UNSUPPORTED)
        here = f"{path}.{key}" if path else key
        if getattr(field, "many", False):
            here += "[]"
        rows[here] = policy.name
        nested = getattr(field, "nested", None)
        if nested is None or here.count(".") > MAX_DEPTH:
            continue
        inner = nested() if isinstance(nested, type) else nested
        if callable(inner) and not hasattr(inner, "declared_fields"):
            try:
                inner = inner()
            except Exception:  # a lazily built schema that needs arguments: not walked
                continue
        walk(inner, here, rows)


def main():
    rows = {}
    walk(ClusterSchema(cluster_name="x"), "", rows)
    for path in sorted(rows):
        print(f"{path}\t{rows[path]}")


if __name__ == "__main__":
    main()
