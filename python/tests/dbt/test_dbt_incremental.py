"""A next-day incremental build gives the same rows as a full refresh (docs/daily_runs.md).

The small shop is built as of the day before, then one more day of orders comes into scope and an
incremental run follows. Every incremental model must equal the full build as of that day (the
session's base shop). Closed rows marked after the first build must survive the incremental run:
the run really kept them rather than rebuilding everything. Models without labels keep more: they
reopen only lifecycle_reopen_days, customer_features the label horizon too (docs/daily_runs.md).
The orders dated in the last lifecycle_reopen_days before the day before arrive late, with the next
day's: they must still reach every row they belong to (the current month, labelled snapshots' windows).
scored_snapshots keeps the rows its deployment scored and rescores the rows another one did (a retrain).
"""

from __future__ import annotations

import pandas as pd
import pytest
from dbt_scenarios import AS_OF, BASE_VARS, MODEL_SELECTION, base_shop, load_scenario, load_table, shop_tables

DAY_BEFORE = "2025-12-30"  # not a month end: its snapshot must be replaced, not kept
REOPEN_DAYS = 30  # more than the default 7, so that late orders reach labelled snapshots' label windows
LATE_FROM = "2025-12-01"  # AS_OF - REOPEN_DAYS: the oldest late order a daily run takes in
SELECTION = (*MODEL_SELECTION, "scored_snapshots")
KEYS = {
    "customer_features": ["snapshot_date", "customer_id"],
    "scored_snapshots": ["snapshot_date", "customer_id"],
    "customer_lifecycle_history": ["month_start", "person_type", "person_id"],
    "customer_lifecycle_transitions": ["month_start", "from_stage", "to_stage"],
    "int_lifecycle__customer_order_metrics": ["evaluation_date", "customer_id"],
    "int_lifecycle__person_stages": ["valid_from", "person_type", "person_id"],
}
# (date column, a closed date, a column to mark): kept by the next run, though the month after the
# features' closed date is inside the label horizon, and so reopened for customer_features; the stage
# spells that ended before the reopened months are kept (and so is their mark in the history view)
CLOSED = {
    "customer_features": ("snapshot_date", "2025-03-31", "total_spend"),
    "int_lifecycle__person_stages": ("valid_to", "2025-11-01", "stage_order"),
    "scored_snapshots": ("snapshot_date", "2025-03-31", "churn_probability_lr"),
}
MARK = -1
RESCORED = "2025-04-30"  # a closed snapshot marked as scored by another deployment: rescored, not kept


@pytest.fixture(scope="module")
def next_day(dbt_tmp):
    daily = {**BASE_VARS, "as_of_date": DAY_BEFORE, "lifecycle_incremental": True, "lifecycle_reopen_days": REOPEN_DAYS}
    orders, customers, events = base_shop()
    late = [order for order in orders if LATE_FROM <= order[2][:10] < DAY_BEFORE]
    assert late, "the scenario needs late orders"
    on_time = [order for order in orders if order not in late]
    wh = load_scenario(dbt_tmp / "incremental.duckdb", shop_tables(on_time, customers, events), daily)
    wh.dbt("run", "--select", *SELECTION)
    raw_orders = shop_tables(orders, customers, events)["raw_orders"]
    load_table(wh, "raw_orders", *raw_orders)
    for model, (date_column, closed, column) in CLOSED.items():
        wh.execute(f"create table unmarked_{model} as select * from {model} where {date_column} = '{closed}'")
        wh.execute(f"update {model} set {column} = {MARK} where {date_column} = '{closed}'")
    wh.execute(
        f"update scored_snapshots set churn_probability_lr = {MARK}, scoring_version = 'retrained'"
        f" where snapshot_date = '{RESCORED}'"
    )
    wh.close()
    wh.vars["as_of_date"] = AS_OF
    wh.dbt("run", "--select", *SELECTION)
    for model, (date_column, closed, column) in CLOSED.items():  # kept, then unmarked for the comparisons
        marked = wh.query(f"select {column} from {model} where {date_column} = '{closed}'")[column]
        assert len(marked) and (marked == MARK).all(), model
        wh.execute(f"delete from {model} where {date_column} = '{closed}'")
        wh.execute(f"insert into {model} select * from unmarked_{model}")
    yield wh
    wh.close()


@pytest.fixture(scope="module")
def full(base_shop_duckdb):
    base_shop_duckdb.dbt("run", "--select", "scored_snapshots")
    return base_shop_duckdb


def _rows(wh, model: str) -> pd.DataFrame:
    frame = wh.query(f"select * from {model}")
    return frame.sort_values(KEYS[model]).reset_index(drop=True)


@pytest.mark.parametrize("model", KEYS)
def test_next_day_incremental_build_equals_a_full_refresh(next_day, full, model):
    pd.testing.assert_frame_equal(_rows(next_day, model), _rows(full, model), check_exact=True)
