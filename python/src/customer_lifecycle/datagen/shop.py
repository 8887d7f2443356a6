"""The sample shop: simulate, stage into DuckDB, and read back as raw tables.

Randomness is split with SeedSequence into one stream for the population and
one per fixed-size block of visitors, so output depends only on (n_customers,
seed, start, end) and memory stays bounded by the block size.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from .bad_rows import BAD_ROW_COUNTS, append_bad_rows
from .clock import Clock, whole_seconds
from .events import Events, simulate_events
from .population import Customers, simulate_population
from .purchases import Orders, simulate_orders
from .tables import TABLES, IdWidths, connect, id_width, select_sql, stage, staged_rows

DEFAULT_SEED = 20240701
DEFAULT_START, DEFAULT_END = "2024-07-01", "2026-06-30"  # inclusive dates
ARRIVAL_GROWTH = 1.0  # arrivals at the end of the window are twice those at the start
BLOCK_VISITORS = 250_000  # fixed, not tuned to memory: blocks define the random streams


@dataclass(frozen=True)
class Window:
    start: np.datetime64  # first second
    end: np.datetime64  # first second after the window

    @classmethod
    def of(cls, start: str, end: str) -> Window:
        return cls(np.datetime64(start, "s"), np.datetime64(end, "D").astype("datetime64[s]") + 86400)

    def timestamps(self, days: np.ndarray) -> pa.Array:
        return pa.array(self.start + whole_seconds(days).astype("timedelta64[s]"), pa.timestamp("s"))


def stage_shop(
    con: duckdb.DuckDBPyConnection,
    n_customers: int,
    seed: int = DEFAULT_SEED,
    start: str = DEFAULT_START,
    end: str = DEFAULT_END,
    with_events: bool = True,
    cohort_days: float | None = None,
) -> IdWidths:
    """Simulate the shop into temp tables stage_raw_* of `con`; returns the id widths to format them.

    `cohort_days`: visitors arrive only in the first `cohort_days` days (one acquisition cohort, as in
    CDNOW); None = all over the window."""
    window = Window.of(start, end)
    shop, arrivals = Clock(window.start, window.end), Clock(window.start, window.end, growth=ARRIVAL_GROWTH)
    population_seed, blocks_seed = np.random.SeedSequence(seed).spawn(2)
    visitors, customers = simulate_population(
        n_customers, np.random.default_rng(population_seed), shop, arrivals, cohort_days
    )
    stage(con, "raw_customers", _customers_block(customers, window))

    n_visitors = len(visitors.first_visit)
    starts = range(0, n_visitors, BLOCK_VISITORS)
    order_seq = event_seq = 0
    for block_start, block_seed in zip(starts, blocks_seed.spawn(len(starts))):
        rng = np.random.default_rng(block_seed)
        block = slice(block_start, min(block_start + BLOCK_VISITORS, n_visitors))
        members = visitors.customer[block]
        orders = simulate_orders(customers, np.sort(members[members >= 0]), rng, shop)
        stage(con, "raw_orders", _orders_block(orders, window, order_seq))
        order_seq += len(orders.time)
        if with_events:
            events = simulate_events(visitors, customers, block, orders, rng, shop)
            stage(con, "raw_events", _events_block(events, window, event_seq))
            event_seq += len(events.time)
    if not with_events:
        stage(con, "raw_events", _events_block(Events(*(np.zeros(0, np.int64),) * 4), window, 0))
    return IdWidths(
        customer=id_width(n_customers, 6),
        visitor=id_width(n_visitors, 7),
        order=id_width(staged_rows(con, "raw_orders") + sum(BAD_ROW_COUNTS.values()), 8),
        event=id_width(staged_rows(con, "raw_events"), 9),
    )


def generate_shop(
    n_customers: int,
    seed: int = DEFAULT_SEED,
    start: str = DEFAULT_START,
    end: str = DEFAULT_END,
    with_events: bool = True,
    with_bad_rows: bool = False,
    cohort_days: float | None = None,
) -> dict[str, pd.DataFrame]:
    """The raw tables as text DataFrames, exactly as in the seed CSVs (None = empty field).

    `start`..`end` is the period (inclusive dates); an orders-only shop is this function's `raw_orders`."""
    with connect() as con:
        widths = stage_shop(con, n_customers, seed, start, end, with_events, cohort_days)
        tables = {name: con.sql(select_sql(name, widths, as_text=True)).df() for name in TABLES}
    if with_bad_rows:
        tables["raw_orders"] = append_bad_rows(tables["raw_orders"], np.random.default_rng(seed), widths.order)
    return tables


def _customers_block(customers: Customers, window: Window) -> pa.Table:
    number = np.flatnonzero(customers.registered)
    return pa.table(
        {
            "customer_num": number + 1,
            "signed_up_at": window.timestamps(customers.signup[number]),
            "channel": customers.channel[number].astype(np.int8),
            "referred_by_num": customers.referred_by[number] + 1,  # 0 = not referred
        }
    )


def _orders_block(orders: Orders, window: Window, seq: int) -> pa.Table:
    return pa.table(
        {
            "customer_num": orders.customer + 1,
            "ordered_at": window.timestamps(orders.time),
            "amount_cents": orders.amount_cents,
            "status": orders.status,
            "seq": np.arange(seq, seq + len(orders.time)),
        }
    )


def _events_block(events: Events, window: Window, seq: int) -> pa.Table:
    return pa.table(
        {
            "visitor_num": events.visitor + 1,
            "customer_num": events.customer + 1,  # 0 = anonymous
            "occurred_at": window.timestamps(events.time),
            "event_type": events.event_type.astype(np.int8),
            "seq": np.arange(seq, seq + len(events.time)),
        }
    )
