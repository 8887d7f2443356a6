"""Build the marts on simulated shops of growing size; print seconds and peak memory per size.

    python python/benchmarks/marts_bench.py                       # 100k, 300k and 1M customers
    python python/benchmarks/marts_bench.py --sizes 20000 --workdir /tmp/bench

Each size is generated straight into a DuckDB file (never through dbt seed), then `dbt run` builds
everything up to the marts with the sources pointed at that file's raw tables. Every step runs in a
process of its own, so the peak memory printed (max RSS) belongs to that step alone.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def generate_step(db_path: str, customers: int) -> dict:
    from customer_lifecycle.datagen import write_duckdb

    started = time.perf_counter()
    write_duckdb(db_path, n_customers=customers)
    import duckdb

    with duckdb.connect(db_path, read_only=True) as con:
        orders = con.execute("select count(*) from raw_orders").fetchone()[0]
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "orders": orders}


def build_step(db_path: str, customers: int) -> dict:
    from customer_lifecycle.warehouse import Warehouse

    # the generated raw_* tables sit in the target schema, where the source looks by default
    warehouse = Warehouse("duckdb", duckdb_path=db_path, vars={"lifecycle_use_sample_shop": False})
    started = time.perf_counter()
    warehouse.dbt("run", "--select", "+path:models/marts", "--quiet")
    seconds = time.perf_counter() - started
    rows = warehouse.query("select count(*) as n from customer_features")["n"].iloc[0]
    return {"seconds": seconds, "peak_mb": _peak_mb(), "feature_rows": int(rows)}


STEPS = {"generate": generate_step, "build": build_step}


def run_in_child(step: str, db_path: Path, customers: int) -> dict:
    output = subprocess.run([sys.executable, __file__, "--step", step, "--db", str(db_path),
                             "--sizes", str(customers)], check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--workdir", help="where the DuckDB files go (default: a temp dir)")
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # child process: one step, one JSON line
        print(json.dumps(STEPS[args.step](args.db, args.sizes[0])))
        return

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="marts-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"{'customers':>10} {'orders':>11} {'generate s':>11} {'build s':>9} {'build peak MB':>14}"
          f" {'feature rows':>13}")
    for customers in args.sizes:
        db_path = workdir / f"shop_{customers}.duckdb"
        db_path.unlink(missing_ok=True)
        generated = run_in_child("generate", db_path, customers)
        built = run_in_child("build", db_path, customers)
        print(f"{customers:>10,} {generated['orders']:>11,} {generated['seconds']:>11.1f} {built['seconds']:>9.1f}"
              f" {built['peak_mb']:>14,.0f} {built['feature_rows']:>13,}", flush=True)


if __name__ == "__main__":
    main()
