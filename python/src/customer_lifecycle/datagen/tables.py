"""Staged simulation output -> the three raw tables, numbered and formatted by DuckDB.

The simulation stages compact numeric blocks (integer numbers, timestamps,
cents, codes) into DuckDB temp tables; one SQL query per table assigns ids in
time order and formats them, so a million customers never become Python strings.
The same query yields either the text contract (CSV seeds) or typed columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from .channels import NAMES as CHANNELS
from .events import EVENT_TYPES
from .purchases import STATUSES

TABLES = ("raw_orders", "raw_customers", "raw_events")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class IdWidths:
    """Digits after the prefix; ids are zero-padded to a fixed width so text order = numeric order."""

    customer: int
    visitor: int
    order: int
    event: int


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(database)
    con.execute("SET enable_progress_bar = false")  # library code: no terminal noise
    return con


def id_width(count: int, minimum: int) -> int:
    return max(minimum, len(str(count)))


def stage(con: duckdb.DuckDBPyConnection, name: str, block: pa.Table) -> None:
    """Append a block to the temp table stage_<name>, creating it on first use."""
    con.register("block", block)
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary", [f"stage_{name}"]
    ).fetchall()[0][0]
    if exists:
        con.execute(f"INSERT INTO stage_{name} SELECT * FROM block")
    else:
        con.execute(f"CREATE TEMP TABLE stage_{name} AS SELECT * FROM block")
    con.unregister("block")


def staged_rows(con: duckdb.DuckDBPyConnection, name: str) -> int:
    return con.execute(f"SELECT count(*) FROM stage_{name}").fetchall()[0][0]


def select_sql(name: str, widths: IdWidths, as_text: bool) -> str:
    """SELECT producing raw table `name` from its stage, rows ordered by id."""

    def ident(prefix: str, column: str, width: int) -> str:
        return f"'{prefix}' || lpad(CAST({column} AS VARCHAR), {width}, '0')"

    def timestamp(column: str) -> str:
        return f"strftime({column}, '{TIMESTAMP_FORMAT}')" if as_text else f"CAST({column} AS TIMESTAMP)"

    def label(values: tuple[str, ...] | list[str], code: str) -> str:
        return f"{list(values)}[{code} + 1]"

    amount = "CAST(amount_cents / 100 AS DECIMAL(18, 2))"
    if name == "raw_orders":
        return f"""
            SELECT {ident("O", "row_number() OVER (ORDER BY ordered_at, seq)", widths.order)} AS order_id,
                   {ident("C", "customer_num", widths.customer)} AS customer_id,
                   {timestamp("ordered_at")} AS ordered_at,
                   {f"CAST({amount} AS VARCHAR)" if as_text else amount} AS amount,
                   {label(STATUSES, "status")} AS status
            FROM stage_raw_orders ORDER BY ordered_at, seq"""
    if name == "raw_customers":
        return f"""
            SELECT {ident("C", "customer_num", widths.customer)} AS customer_id,
                   {timestamp("signed_up_at")} AS signed_up_at,
                   {label(CHANNELS, "channel")} AS acquisition_channel,
                   CASE WHEN referred_by_num > 0
                        THEN {ident("C", "referred_by_num", widths.customer)} END AS referred_by_customer_id
            FROM stage_raw_customers ORDER BY customer_num"""
    if name == "raw_events":
        return f"""
            SELECT {ident("E", "row_number() OVER (ORDER BY occurred_at, seq)", widths.event)} AS event_id,
                   CASE WHEN customer_num > 0 THEN {ident("C", "customer_num", widths.customer)} END AS customer_id,
                   {ident("V", "visitor_num", widths.visitor)} AS visitor_id,
                   {label(EVENT_TYPES, "event_type")} AS event_type,
                   {timestamp("occurred_at")} AS occurred_at
            FROM stage_raw_events ORDER BY occurred_at, seq"""
    raise ValueError(f"unknown table {name!r}; expected one of {TABLES}")
