"""Writing the sample shop: text CSV seeds, typed Parquet files, or a DuckDB file.

CSV seeds carry the text contract (every column a string, empty = NULL) and the
bad rows. Parquet and DuckDB are for large benchmark data, written straight
from DuckDB with typed columns and no bad rows:
    raw_orders     order_id VARCHAR, customer_id VARCHAR, ordered_at TIMESTAMP,
                   amount DECIMAL(18,2), status VARCHAR
    raw_customers  customer_id VARCHAR, signed_up_at TIMESTAMP,
                   acquisition_channel VARCHAR, referred_by_customer_id VARCHAR
    raw_events     event_id VARCHAR, customer_id VARCHAR, visitor_id VARCHAR,
                   event_type VARCHAR, occurred_at TIMESTAMP
"""
from __future__ import annotations

import os
from pathlib import Path

from .shop import DEFAULT_END, DEFAULT_SEED, DEFAULT_START, generate_shop, stage_shop
from .tables import TABLES, connect, select_sql

SEED_CUSTOMERS = 5_000


def write_seeds(directory: str | os.PathLike, n_customers: int = SEED_CUSTOMERS, seed: int = DEFAULT_SEED,
                with_bad_rows: bool = True) -> dict[str, Path]:
    """Write raw_orders.csv, raw_customers.csv, raw_events.csv (byte-identical for the same arguments)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in generate_shop(n_customers, seed, with_bad_rows=with_bad_rows).items():
        paths[name] = directory / f"{name}.csv"
        frame.to_csv(paths[name], index=False, lineterminator="\n")
    return paths


def write_parquet(directory: str | os.PathLike, n_customers: int, seed: int = DEFAULT_SEED,
                  start: str = DEFAULT_START, end: str = DEFAULT_END, with_events: bool = True) -> dict[str, Path]:
    """Write raw_orders.parquet, raw_customers.parquet, raw_events.parquet with typed columns."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {name: directory / f"{name}.parquet" for name in TABLES}
    with connect() as con:
        widths = stage_shop(con, n_customers, seed, start, end, with_events)
        for name, path in paths.items():
            con.execute(f"COPY ({select_sql(name, widths, as_text=False)}) TO '{path}' (FORMAT parquet)")
    return paths


def write_duckdb(path: str | os.PathLike, n_customers: int, seed: int = DEFAULT_SEED,
                 start: str = DEFAULT_START, end: str = DEFAULT_END, with_events: bool = True) -> Path:
    """Create (or replace) tables raw_orders, raw_customers, raw_events in the DuckDB file `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)  # as write_parquet makes its directory
    with connect(str(path)) as con:
        widths = stage_shop(con, n_customers, seed, start, end, with_events)
        for name in TABLES:
            con.execute(f"CREATE OR REPLACE TABLE {name} AS {select_sql(name, widths, as_text=False)}")
    return path
