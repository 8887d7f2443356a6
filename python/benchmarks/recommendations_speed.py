"""Recommendation lists at N customers, two ways side by side in one run, on DuckDB and on PostgreSQL: dbt's
build of customer_recommendations and the intermediate models it needs, and the Python batch job a user would
write instead (recommendations_batch.py: fetch, pandas/numpy, write back); then whether both made the same lists.

    python python/benchmarks/recommendations_speed.py --customers 1000000
    python python/benchmarks/recommendations_speed.py --customers 100000 --engines duckdb --workdir /tmp/recs

The shop is `lifecycle generate`'s (order lines and products included) in a DuckDB file; for PostgreSQL its raw
tables are copied into a throwaway server (the test suite's) or --postgres-dsn. On each engine, before any
timing: the product_similarity seed (the committed weights `lifecycle train` learned on the sample shop, whose
catalogue the generated shop shares) and everything customer_recommendations reads, staging included. Then, one
run each: `dbt run` of REC_MODELS, and the batch job. Every step runs in a process of its own, so its peak
memory (max RSS) is that step's alone; on PostgreSQL the server's work happens in the server, so its peak (the
proportional set size summed over the server's processes, sampled every SAMPLE_SECONDS) is shown too.
DuckDB's dbt connection gets a memory_limit (--duckdb-memory-limit; its default is 80% of the machine's memory,
which a shared machine may not have to spare): over it, DuckDB spills to disk.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
REC_MODELS = [
    "int_lifecycle__product_purchases",
    "int_lifecycle__product_orders",
    "int_lifecycle__popular_products",
    "customer_recommendations",
]
VARS = {"lifecycle_use_sample_shop": False, "lifecycle_has_order_lines": True, "lifecycle_has_products": True}
RAW_TABLES = ["raw_orders", "raw_customers", "raw_events", "raw_order_lines", "raw_products"]
PG_SCHEMA = "lifecycle_recommendations_speed"
SAMPLE_SECONDS = 0.25
KEYS = ["person_type", "person_id", "list", "rank"]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _warehouse(engine: str, db_path: str):
    from customer_lifecycle.warehouse import Warehouse

    if engine == "duckdb":
        return Warehouse("duckdb", duckdb_path=db_path, vars=VARS)
    return Warehouse("postgres", vars=VARS)


def _postgres_env(dsn: str) -> dict[str, str]:
    """profiles.yml's postgres target reads these (as the test suite's postgres_target sets them)."""
    settings = dict(item.split("=", 1) for item in dsn.split())
    return {
        "PGHOST": settings["host"],
        "PGPORT": settings["port"],
        "PGUSER": settings["user"],
        "PGDATABASE": settings["dbname"],
        "PGPASSWORD": settings.get("password", ""),
        "LIFECYCLE_PG_SCHEMA": PG_SCHEMA,
    }


# ---------- steps, each in a child process: one dbtRunner per process, and a peak memory of its own


def generate_step(engine: str, db_path: str, customers: int) -> dict:
    from customer_lifecycle.datagen import write_duckdb

    started = time.perf_counter()
    write_duckdb(db_path, n_customers=customers)
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def load_postgres_step(engine: str, db_path: str, customers: int) -> dict:
    """The generated raw tables into the target schema of the PostgreSQL server, through COPY."""
    import duckdb
    import psycopg2

    started = time.perf_counter()
    source = duckdb.connect(db_path, read_only=True)
    target = psycopg2.connect(
        host=os.environ["PGHOST"], port=os.environ["PGPORT"], user=os.environ["PGUSER"], dbname=os.environ["PGDATABASE"]
    )
    target.autocommit = True
    pg_types = {"VARCHAR": "text", "TIMESTAMP": "timestamp", "INTEGER": "integer", "DECIMAL(18,2)": "numeric(18,2)"}
    with target.cursor() as cursor:
        cursor.execute(f"drop schema if exists {PG_SCHEMA} cascade; create schema {PG_SCHEMA}")
        for table in RAW_TABLES:
            columns = source.execute(f"describe {table}").fetchall()
            cursor.execute(
                f"create table {PG_SCHEMA}.{table} ("
                + ", ".join(f"{name} {pg_types[kind]}" for name, kind, *_ in columns)
                + ")"
            )
            csv = source.execute(f"select * from {table}").df().to_csv(index=False, header=False)
            cursor.copy_expert(f"copy {PG_SCHEMA}.{table} from stdin with (format csv)", io.StringIO(csv))
            cursor.execute(f"analyze {PG_SCHEMA}.{table}")
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def upstream_step(engine: str, db_path: str, customers: int) -> dict:
    """The seed and everything customer_recommendations reads, staging included (not timed against anything)."""
    wh = _warehouse(engine, db_path)
    started = time.perf_counter()
    wh.dbt("seed", "--select", "product_similarity", "--quiet")
    wh.dbt("run", "--select", "+customer_recommendations", "--exclude", *REC_MODELS, "--quiet")
    wh.close()
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def sql_step(engine: str, db_path: str, customers: int) -> dict:
    wh = _warehouse(engine, db_path)
    target_path = Path(tempfile.mkdtemp(prefix="recs-speed-target-"))
    started = time.perf_counter()
    wh.dbt("run", "--select", *REC_MODELS, "--quiet", "--target-path", str(target_path))
    seconds = time.perf_counter() - started
    wh.close()
    results = json.loads((target_path / "run_results.json").read_text())["results"]
    models = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results}
    return {"seconds": seconds, "peak_mb": _peak_mb(), "models": models}


def batch_step(engine: str, db_path: str, customers: int) -> dict:
    from recommendations_batch import COLUMNS, INPUTS, recommendations

    wh = _warehouse(engine, db_path)
    lists = {
        name: wh.project.var(f"lifecycle_recommendations_{name}") for name in ("buy_again", "discover", "popular_days")
    }
    started = time.perf_counter()
    inputs = {name: _fetch(wh, sql) for name, sql in INPUTS.items()}
    fetched = time.perf_counter()
    frame = recommendations(inputs, lists["buy_again"], lists["discover"], lists["popular_days"])
    computed = time.perf_counter()
    _write(wh, frame[COLUMNS], "batch_recommendations")
    written = time.perf_counter()
    wh.close()
    return {
        "seconds": written - started,
        "fetch": fetched - started,
        "compute": computed - fetched,
        "write": written - computed,
        "rows": len(frame),
        "peak_mb": _peak_mb(),
    }


def compare_step(engine: str, db_path: str, customers: int) -> dict:
    """Rows of either table without an equal row (same keys, product, score within 1e-6, reason) in the other."""
    wh = _warehouse(engine, db_path)
    on = " and ".join(f"s.{k} = b.{k}" for k in KEYS)
    same = "s.product_id = b.product_id and abs(s.score - b.score) <= 1e-6 and s.reason = b.reason"
    counts = wh.query(f"""
        select
            (select count(*) from customer_recommendations) as sql_rows,
            (select count(*) from batch_recommendations) as batch_rows,
            (select count(*) from customer_recommendations as s join batch_recommendations as b on {on}
             where {same}) as equal_rows""").iloc[0]
    examples = wh.query(f"""
        select s.person_id, s.list, s.rank, s.product_id, s.score, s.reason,
               b.product_id as batch_product_id, b.score as batch_score, b.reason as batch_reason
        from customer_recommendations as s full join batch_recommendations as b on {on}
        where not coalesce({same}, false) limit 5""")
    wh.close()
    return {
        **{k: int(v) for k, v in counts.items()},
        "examples": examples.astype(str).to_dict("records"),
        "peak_mb": _peak_mb(),
    }


def _fetch(wh, sql: str):
    """DuckDB: its DataFrame fetch; PostgreSQL: COPY ... TO STDOUT read by pandas (the fast path psycopg2 has)."""
    import pandas as pd

    if wh.kind == "duckdb":
        return wh.connection.sql(sql).df()
    buffer = io.StringIO()
    with wh.connection.cursor() as cursor:
        cursor.copy_expert(f"copy ({sql}) to stdout with (format csv, header)", buffer)
    buffer.seek(0)
    return pd.read_csv(buffer, dtype=str, keep_default_na=False, na_values=[""]).pipe(_numeric)


def _numeric(frame):
    import pandas as pd

    for column in ("weight", "score"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column])
    return frame


def _write(wh, frame, table: str) -> None:
    if wh.kind == "duckdb":
        wh.connection.register("frame", frame)
        wh.connection.execute(f"create or replace table {table} as select * from frame")
        wh.connection.unregister("frame")
        return
    types = {"rank": "integer", "score": "double precision"}
    with wh.connection.cursor() as cursor:
        cursor.execute(f"drop table if exists {table}")
        cursor.execute(f"create table {table} (" + ", ".join(f'"{c}" {types.get(c, "text")}' for c in frame) + ")")
        cursor.copy_expert(
            f"copy {table} from stdin with (format csv)", io.StringIO(frame.to_csv(index=False, header=False))
        )
    wh.connection.commit()


STEPS = {
    "generate": generate_step,
    "load_postgres": load_postgres_step,
    "upstream": upstream_step,
    "sql": sql_step,
    "batch": batch_step,
    "compare": compare_step,
}


# ---------- the parent: runs the steps, samples the PostgreSQL server's memory, prints the table


def duckdb_profiles(workdir: Path, memory_limit: str) -> dict[str, str]:
    """The environment pointing dbt at a copy of profiles.yml whose duckdb target sets memory_limit."""
    import yaml

    profiles = yaml.safe_load((REPOSITORY / "profiles.yml").read_text())
    for profile in profiles.values():
        if isinstance(profile, dict) and "duckdb" in profile.get("outputs", {}):
            profile["outputs"]["duckdb"]["settings"] = {"memory_limit": memory_limit}
    directory = workdir / "profiles"
    directory.mkdir(exist_ok=True)
    (directory / "profiles.yml").write_text(yaml.safe_dump(profiles))
    return {"DBT_PROFILES_DIR": str(directory)}


def run_in_child(step: str, engine: str, db_path: Path, customers: int, env: dict[str, str]) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--step",
            step,
            "--engine",
            engine,
            "--db",
            str(db_path),
            "--customers",
            str(customers),
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
        cwd=REPOSITORY,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _server_pids(port: str) -> list[int]:
    """The postmaster listening on `port` and its children."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            processes[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), command)
    roots = [pid for pid, (_, command) in processes.items() if "postgres" in command and f"-p {port}" in command]
    return roots + [pid for pid, (parent, _) in processes.items() if parent in roots]


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


@contextmanager
def server_peak(port: str | None):
    """Yield a dict whose 'mb' is, after the block, the server's peak memory during it (None without a port)."""
    peak, stop = {"mb": None}, threading.Event()

    def sample():
        while not stop.is_set():
            peak["mb"] = max(peak["mb"] or 0.0, _pss_mb(_server_pids(port)))
            stop.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True) if port else None
    if sampler:
        sampler.start()
    try:
        yield peak
    finally:
        stop.set()
        if sampler:
            sampler.join()


def _engine(engine: str, db_path: Path, customers: int, env: dict[str, str], port: str | None) -> dict:
    if engine == "postgres":
        run_in_child("load_postgres", engine, db_path, customers, env)
    run_in_child("upstream", engine, db_path, customers, env)
    with server_peak(port) as sql_server:
        sql = run_in_child("sql", engine, db_path, customers, env)
    with server_peak(port) as batch_server:
        batch = run_in_child("batch", engine, db_path, customers, env)
    compared = run_in_child("compare", engine, db_path, customers, env)
    return {
        "sql": sql,
        "batch": batch,
        "sql_server_mb": sql_server["mb"],
        "batch_server_mb": batch_server["mb"],
        "compared": compared,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--engines", nargs="+", choices=["duckdb", "postgres"], default=["duckdb", "postgres"])
    parser.add_argument("--workdir", help="where the DuckDB file goes (default: a temp dir)")
    parser.add_argument("--shop", help="a DuckDB file `lifecycle generate` wrote at --customers (copied, never opened)")
    parser.add_argument("--postgres-dsn", help="this server instead of a throwaway one")
    parser.add_argument("--duckdb-memory-limit", default="6GB", help="DuckDB's memory_limit in the dbt runs")
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # child process: one step, one JSON line
        print(json.dumps(STEPS[args.step](args.engine, args.db, args.customers)))
        return

    sys.path.insert(0, str(REPOSITORY / "python" / "tests"))
    from postgres_server import throwaway_postgres  # the test suite's server, started the same way

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="recs-speed-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / f"shop_{args.customers}.duckdb"
    if args.shop:
        import shutil

        shutil.copyfile(args.shop, db_path)
        db_path.with_name(db_path.name + ".wal").unlink(missing_ok=True)  # an interrupted run's, not this copy's
        generated = None
    else:
        db_path.unlink(missing_ok=True)
        generated = run_in_child("generate", "duckdb", db_path, args.customers, {})
    results = {}
    if "duckdb" in args.engines:
        env = duckdb_profiles(workdir, args.duckdb_memory_limit)
        results["duckdb"] = _engine("duckdb", db_path, args.customers, env, None)
        _print_engine("duckdb", results["duckdb"])
    if "postgres" in args.engines:
        postgres = nullcontext(args.postgres_dsn) if args.postgres_dsn else throwaway_postgres()
        with postgres as dsn:
            env = _postgres_env(dsn)
            results["postgres"] = _engine("postgres", db_path, args.customers, env, env["PGPORT"])
        _print_engine("postgres", results["postgres"])
    _print_table(args.customers, generated, results)


def _print_engine(engine: str, result: dict) -> None:
    print(f"\n{engine}: seconds per model of the dbt run (run_results.json), slowest first", flush=True)
    for model, seconds in sorted(result["sql"]["models"].items(), key=lambda m: -m[1]):
        print(f"  {seconds:8.2f}  {model}")
    compared = result["compared"]
    print(
        f"  lists: SQL {compared['sql_rows']:,} rows, batch {compared['batch_rows']:,} rows,"
        f" equal {compared['equal_rows']:,}"
    )
    for example in compared["examples"]:
        print(f"  differs: {example}")


def _print_table(customers: int, generated: dict | None, results: dict) -> None:
    generate = "copied" if generated is None else f"generated in {generated['seconds']:.0f} s"
    print(f"\n{customers:,} customers ({generate}); load average {os.getloadavg()[0]:.2f}")
    header = (
        f"{'engine':<10}{'SQL s':>8}{'batch s':>9}{'(fetch':>8}{'compute':>9}{'write)':>8}{'batch/SQL':>11}"
        f"{'SQL peak MB':>13}{'batch peak MB':>15}{'differing rows':>16}"
    )
    print(header)
    print("-" * len(header))
    for engine, result in results.items():
        sql, batch, compared = result["sql"], result["batch"], result["compared"]
        sql_peak, batch_peak = f"{sql['peak_mb']:,.0f}", f"{batch['peak_mb']:,.0f}"
        if result["sql_server_mb"] is not None:
            sql_peak += f" +{result['sql_server_mb']:,.0f}"
            batch_peak += f" +{result['batch_server_mb']:,.0f}"
        differing = compared["sql_rows"] + compared["batch_rows"] - 2 * compared["equal_rows"]
        print(
            f"{engine:<10}{sql['seconds']:>8.1f}{batch['seconds']:>9.1f}{batch['fetch']:>8.1f}"
            f"{batch['compute']:>9.1f}{batch['write']:>8.1f}{batch['seconds'] / sql['seconds']:>10.2f}x"
            f"{sql_peak:>13}{batch_peak:>15}{differing:>16,}"
        )
    print(
        "\nSQL = dbt run of " + ", ".join(REC_MODELS) + "; batch = fetch + compute + write back;"
        " batch/SQL > 1: the SQL is faster; peak MB = max RSS of the step's process (+ on PostgreSQL: the"
        " server's, summed PSS of its processes); differing rows: rows of either table with no equal row"
        " (same person, list, rank, product, reason, score within 1e-6) in the other"
    )


if __name__ == "__main__":
    main()
