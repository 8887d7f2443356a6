"""Build the marts on simulated shops of growing size; print seconds per model, the ratio to DuckDB's own
single pass over the raw tables, and peak memory, per size; then the next day's incremental build.

    python python/benchmarks/marts_bench.py                       # 100k, 300k and 1M customers
    python python/benchmarks/marts_bench.py --sizes 20000 --workdir /tmp/bench
    python python/benchmarks/marts_bench.py --shops /work/bench/shop_300k.duckdb   # shops made earlier

Each size is generated straight into a DuckDB file (never through dbt seed), or copied from `--shops` (files
written by `lifecycle generate --out X.duckdb`; the copy is what gets built, the file given is never opened),
then `dbt run` builds everything up to the marts with the sources pointed at that file's raw tables. Every
step runs in a process of its own, so the peak memory printed (max RSS) belongs to that step alone.

The yardstick is DuckDB's own single pass over the same raw tables, in the same run: orders and events
grouped by customer (count, sum, min, max), the least work any per-customer feature needs. The ratio is the
full marts build over that pass (issue 12's target at 1M customers: <= 30x).

The next day: once the full build is done, one more day of orders and events lands in the raw tables (the
latest day's orders and events copied one day later, with new ids: a busy day of the same customers), and
the as-of date (the day after the latest order, by default) moves one day with it; then the same `dbt run`
again. Both builds run with `lifecycle_incremental: true` (docs/daily_runs.md): on the first, empty
warehouse every incremental model builds in full, exactly as a table would, so the full build's time is
the same; the second run then deletes and recomputes only the reopened months and snapshot dates of the
incremental models (customer_features, the transitions, person stages, order metrics) and
appends the new ones, while every other model (staging, persons, ...) rebuilds in full. Its ratio to the
single pass is issue 12's daily target (<= 5x).

With `--loaded-at`, every raw table gets a load-time column `loaded_at` (the generated rows all loaded at
one time, the next day's a day later) and the builds set `lifecycle_<input>_loaded_at_column` to it, so the
next day's staging parses and dedupes only the new day's rows (docs/scale.md).

Two floors, measured in the same run, show what no rewrite of the models' SQL can go below:
- the write floor: copying every table the full build made (`create table ... as select * from` each, then a
  checkpoint, as dbt's connection does on close), so the time to write the build's rows with no computation;
- the dbt floor: the same full and next-day `dbt run` on a shop of 1,000 customers, so dbt's own fixed cost
  (parsing, 26 models' statements and metadata queries, the incremental models' hooks).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# group by customer: count, sum, min, max over orders and events (events have no amount to sum)
SINGLE_PASS = [
    "select customer_id, count(*), sum(amount), min(ordered_at), max(ordered_at) from raw_orders group by customer_id",
    "select customer_id, count(*), min(occurred_at), max(occurred_at) from raw_events group by customer_id",
]
PASS_RUNS = 3  # best of: the pass is short, so one run is at the mercy of the shared cores


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _orders(db_path: str) -> int:
    import duckdb

    with duckdb.connect(db_path, read_only=True) as con:
        return con.execute("select count(*) from raw_orders").fetchone()[0]


def generate_step(db_path: str, customers: int) -> dict:
    from customer_lifecycle.datagen import write_duckdb

    started = time.perf_counter()
    write_duckdb(db_path, n_customers=customers)
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "orders": _orders(db_path)}


def single_pass_step(db_path: str, customers: int) -> dict:
    import duckdb

    timings = []
    with duckdb.connect(db_path, read_only=True) as con:
        for _ in range(PASS_RUNS):
            started = time.perf_counter()
            for sql in SINGLE_PASS:
                con.execute(f"select count(*) from ({sql})").fetchall()
            timings.append(time.perf_counter() - started)
    return {"seconds": min(timings), "peak_mb": _peak_mb()}


# the latest day's orders and events again one day later, with new ids (orders: the raw tables' own day);
# {loaded_at} is empty, or the load-time column one day later (--loaded-at)
NEXT_DAY = [
    "create temp table latest as select max(cast(ordered_at as date)) as day from raw_orders",
    "insert into raw_orders by name select order_id || '-next' as order_id, customer_id,"
    " ordered_at + interval 1 day as ordered_at, amount, status{loaded_at}"
    " from raw_orders where cast(ordered_at as date) = (select day from latest)",
    "insert into raw_events by name select event_id || '-next' as event_id, customer_id, visitor_id, event_type,"
    " occurred_at + interval 1 day as occurred_at{loaded_at}"
    " from raw_events where cast(occurred_at as date) = (select day from latest)",
]
RAW_TABLES = {"orders": "raw_orders", "customers": "raw_customers", "events": "raw_events"}
FIRST_LOAD = "2026-07-02 06:00:00"  # --loaded-at: when the generated rows were loaded


def write_floor_step(db_path: str, customers: int) -> dict:
    import duckdb

    with duckdb.connect(db_path) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main'"
                " and table_type = 'BASE TABLE' and table_name not like 'raw%'"
            ).fetchall()
        ]
        con.execute("drop schema if exists floor_copy cascade")  # left by an interrupted run
        con.execute("create schema floor_copy")
        started = time.perf_counter()
        for table in tables:
            con.execute(f'create table floor_copy."{table}" as select * from main."{table}"')
        con.execute("checkpoint")
        seconds = time.perf_counter() - started
        con.execute("drop schema floor_copy cascade")
        con.execute("checkpoint")
    return {"seconds": seconds, "peak_mb": _peak_mb(), "tables": len(tables)}


def _has_load_times(db_path: str) -> bool:
    import duckdb

    with duckdb.connect(db_path, read_only=True) as con:
        return bool(
            con.execute(
                "select count(*) from information_schema.columns"
                " where table_name = 'raw_orders' and column_name = 'loaded_at'"
            ).fetchone()[0]
        )


def load_times_step(db_path: str, customers: int) -> dict:
    import duckdb

    with duckdb.connect(db_path) as con:
        for table in RAW_TABLES.values():
            con.execute(f"alter table {table} add column loaded_at timestamp default timestamp '{FIRST_LOAD}'")
    return {"peak_mb": _peak_mb()}


def build_step(db_path: str, customers: int) -> dict:
    return _marts_run(db_path, "build")


def next_day_step(db_path: str, customers: int) -> dict:
    import duckdb

    loaded_at = ", loaded_at + interval 1 day as loaded_at" if _has_load_times(db_path) else ""
    with duckdb.connect(db_path) as con:
        for sql in NEXT_DAY:
            con.execute(sql.format(loaded_at=loaded_at))
    return _marts_run(db_path, "next_day")


def _marts_run(db_path: str, name: str) -> dict:
    from customer_lifecycle.warehouse import Warehouse

    # the generated raw_* tables sit in the target schema, where the source looks by default
    load_times = (
        {f"lifecycle_{raw}_loaded_at_column": "loaded_at" for raw in RAW_TABLES} if _has_load_times(db_path) else {}
    )
    warehouse = Warehouse(
        "duckdb",
        duckdb_path=db_path,
        vars={"lifecycle_use_sample_shop": False, "lifecycle_incremental": True, **load_times},
    )
    target_path = Path(db_path).with_name(f"{Path(db_path).stem}.{name}.target")  # run_results.json of this run
    started = time.perf_counter()
    warehouse.dbt("run", "--select", "+path:models/marts", "--quiet", "--target-path", str(target_path))
    seconds = time.perf_counter() - started
    rows = warehouse.query("select count(*) as n from customer_features")["n"].iloc[0]
    results = json.loads((target_path / "run_results.json").read_text())["results"]
    models = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results}
    return {"seconds": seconds, "peak_mb": _peak_mb(), "feature_rows": int(rows), "models": models}


STEPS = {
    "generate": generate_step,
    "single_pass": single_pass_step,
    "build": build_step,
    "write_floor": write_floor_step,
    "next_day": next_day_step,
    "load_times": load_times_step,
}
FLOOR_CUSTOMERS = 1_000  # the dbt floor's shop: big enough to have every stage, small enough to cost nothing


def run_in_child(step: str, db_path: Path, customers: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--step", step, "--db", str(db_path), "--sizes", str(customers)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _customers(db_path: Path) -> int:
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            "select count(distinct customer_id) from (select customer_id from raw_customers"
            " union all select customer_id from raw_orders)"
        ).fetchone()[0]  # guests have no sign-up


def _shops(args, workdir: Path):
    """(customers, DuckDB file to build, generate seconds or None), one per size."""
    for given in args.shops or []:
        db_path = workdir / Path(given).name
        shutil.copyfile(given, db_path)
        yield _customers(db_path), db_path, None
    for customers in [] if args.shops else args.sizes:
        db_path = workdir / f"shop_{customers}.duckdb"
        db_path.unlink(missing_ok=True)
        yield customers, db_path, run_in_child("generate", db_path, customers)["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument(
        "--shops", nargs="+", help="DuckDB shops already generated (copied, then built) instead of generating --sizes"
    )
    parser.add_argument("--top", type=int, default=12, help="models listed per size, slowest first")
    parser.add_argument("--workdir", help="where the DuckDB files go (default: a temp dir)")
    parser.add_argument(
        "--loaded-at", action="store_true", help="give the raw tables a load-time column and stage incrementally by it"
    )
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # child process: one step, one JSON line
        print(json.dumps(STEPS[args.step](args.db, args.sizes[0])))
        return

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="marts-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    floor_db = workdir / f"shop_{FLOOR_CUSTOMERS}.dbt_floor.duckdb"
    floor_db.unlink(missing_ok=True)
    run_in_child("generate", floor_db, FLOOR_CUSTOMERS)
    if args.loaded_at:
        run_in_child("load_times", floor_db, FLOOR_CUSTOMERS)
    dbt_floor = (
        run_in_child("build", floor_db, FLOOR_CUSTOMERS)["seconds"],
        run_in_child("next_day", floor_db, FLOOR_CUSTOMERS)["seconds"],
    )
    rows = []
    for customers, db_path, generate_seconds in _shops(args, workdir):
        if args.loaded_at:
            run_in_child("load_times", db_path, customers)
        # the pass before and after the build, the faster counts: shared cores slow one or the other
        before = run_in_child("single_pass", db_path, customers)
        built = run_in_child("build", db_path, customers)
        single_pass = min(before, run_in_child("single_pass", db_path, customers), key=lambda p: p["seconds"])
        orders = _orders(str(db_path))
        write_floor = run_in_child("write_floor", db_path, customers)
        next_day = run_in_child("next_day", db_path, customers)
        rows.append((customers, orders, generate_seconds, single_pass, built, next_day, write_floor))
        print(
            f"\n{customers:,} customers: seconds per model (dbt run_results.json), slowest first;"
            " full build, then the next day's incremental build"
        )
        for model, seconds in sorted(built["models"].items(), key=lambda m: -m[1])[: args.top]:
            print(f"  {seconds:8.1f} {next_day['models'].get(model, 0):8.1f}  {model}")
        print(
            f"  {sum(built['models'].values()):8.1f} {sum(next_day['models'].values()):8.1f}"
            f"  (all {len(built['models'])} models, summed)",
            flush=True,
        )

    print(
        f"\n{'customers':>10} {'orders':>11} {'generate s':>11} {'build s':>9} {'single pass s':>14}"
        f" {'build / pass':>13} {'build peak MB':>14} {'feature rows':>13} {'next day s':>11} {'next / pass':>12}"
    )
    for customers, orders, generate_seconds, single_pass, built, next_day, _ in rows:
        generated = "copied" if generate_seconds is None else f"{generate_seconds:.1f}"
        print(
            f"{customers:>10,} {orders:>11,} {generated:>11} {built['seconds']:>9.1f}"
            f" {single_pass['seconds']:>14.2f} {built['seconds'] / single_pass['seconds']:>12.0f}x"
            f" {built['peak_mb']:>14,.0f} {built['feature_rows']:>13,} {next_day['seconds']:>11.1f}"
            f" {next_day['seconds'] / single_pass['seconds']:>11.0f}x"
        )

    print(
        f"\nFloors, as ratios to each size's single pass: writing the full build's tables with no computation;"
        f" dbt's fixed cost (the same runs on {FLOOR_CUSTOMERS:,} customers: full {dbt_floor[0]:.1f} s,"
        f" next day {dbt_floor[1]:.1f} s)"
    )
    print(
        f"{'customers':>10} {'tables':>7} {'write floor s':>14} {'write / pass':>13} {'dbt full / pass':>16}"
        f" {'dbt next / pass':>16}"
    )
    for customers, _, _, single_pass, _, _, write_floor in rows:
        print(
            f"{customers:>10,} {write_floor['tables']:>7} {write_floor['seconds']:>14.1f}"
            f" {write_floor['seconds'] / single_pass['seconds']:>12.0f}x"
            f" {dbt_floor[0] / single_pass['seconds']:>15.0f}x {dbt_floor[1] / single_pass['seconds']:>15.0f}x"
        )


if __name__ == "__main__":
    main()
