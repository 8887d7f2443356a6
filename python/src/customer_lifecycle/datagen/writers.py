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
    raw_order_lines, raw_products   the optional inputs of issue 21 (bulk_lines.py)
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from .bad_lines import append_bad_lines
from .bad_rows import BAD_ROW_COUNTS
from .bulk_lines import LINE_TABLES, line_select_sql, stage_order_lines
from .catalogue import LINES_STREAM, products_table, simulate_order_lines
from .shop import DEFAULT_END, DEFAULT_SEED, DEFAULT_START, generate_shop, stage_shop
from .tables import TABLES, connect, select_sql

SEED_CUSTOMERS = 5_000


def write_seeds(
    directory: str | os.PathLike,
    n_customers: int = SEED_CUSTOMERS,
    seed: int = DEFAULT_SEED,
    with_bad_rows: bool = True,
) -> dict[str, Path]:
    """Write raw_orders.csv, raw_customers.csv, raw_events.csv and the optional raw_order_lines.csv,
    raw_products.csv (byte-identical for the same arguments)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    tables = generate_shop(n_customers, seed, with_bad_rows=with_bad_rows)
    tables.update(line_tables(tables["raw_orders"], seed, with_bad_rows))
    for name, frame in tables.items():
        paths[name] = directory / f"{name}.csv"
        frame.to_csv(paths[name], index=False, lineterminator="\n")
    return paths


def write_parquet(
    directory: str | os.PathLike,
    n_customers: int,
    seed: int = DEFAULT_SEED,
    start: str = DEFAULT_START,
    end: str = DEFAULT_END,
    with_events: bool = True,
) -> dict[str, Path]:
    """Write raw_orders.parquet, raw_customers.parquet, raw_events.parquet, raw_order_lines.parquet,
    raw_products.parquet with typed columns."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {name: directory / f"{name}.parquet" for name in TABLES + LINE_TABLES}
    with connect() as con:
        widths = stage_shop(con, n_customers, seed, start, end, with_events)
        stage_order_lines(con, select_sql("raw_orders", widths, as_text=False), seed)
        for name in TABLES:
            con.execute(f"COPY ({select_sql(name, widths, as_text=False)}) TO '{paths[name]}' (FORMAT parquet)")
        for name in LINE_TABLES:
            con.execute(f"COPY ({line_select_sql(name)}) TO '{paths[name]}' (FORMAT parquet)")
    return paths


def write_duckdb(
    path: str | os.PathLike,
    n_customers: int,
    seed: int = DEFAULT_SEED,
    start: str = DEFAULT_START,
    end: str = DEFAULT_END,
    with_events: bool = True,
) -> Path:
    """Create (or replace) tables raw_orders, raw_customers, raw_events, raw_order_lines, raw_products in the
    DuckDB file `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)  # as write_parquet makes its directory
    with connect(str(path)) as con:
        widths = stage_shop(con, n_customers, seed, start, end, with_events)
        for name in TABLES:
            con.execute(f"CREATE OR REPLACE TABLE {name} AS {select_sql(name, widths, as_text=False)}")
        stage_order_lines(con, "SELECT * FROM raw_orders", seed)
        for name in LINE_TABLES:
            con.execute(f"CREATE OR REPLACE TABLE {name} AS {line_select_sql(name)}")
    return path


def line_tables(orders: pd.DataFrame, seed: int, with_bad_rows: bool) -> dict[str, pd.DataFrame]:
    """raw_order_lines and raw_products for the text `orders` (whose bad rows, if any, end the table)."""
    valid = orders.iloc[: len(orders) - sum(BAD_ROW_COUNTS.values())] if with_bad_rows else orders
    lines = simulate_order_lines(valid, seed)
    if with_bad_rows:
        bad_orders = orders.iloc[len(valid) :]
        fresh_ids = bad_orders["order_id"][
            bad_orders["order_id"].notna() & ~bad_orders["order_id"].isin(valid["order_id"])
        ]
        rng = np.random.default_rng(np.random.SeedSequence([seed, LINES_STREAM, 1]))
        completed = valid["order_id"][valid["status"] == "completed"]
        lines = append_bad_lines(lines, completed, list(fresh_ids), rng)
    return {"raw_order_lines": lines, "raw_products": products_table()}
