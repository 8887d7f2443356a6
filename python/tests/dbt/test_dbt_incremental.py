"""A next-day incremental build gives the same rows as a full refresh (README, Daily runs).

The small shop is built as of the day before, then one more day of orders comes into scope and an
incremental run follows. Every incremental model must equal the full build as of that day (the
session's base shop). A closed row marked after the first build must survive the incremental run:
the run really kept it rather than rebuilding everything.
"""
from __future__ import annotations

import pandas as pd
import pytest

from dbt_scenarios import AS_OF, BASE_VARS, MODEL_SELECTION, base_shop, load_scenario, shop_tables

DAY_BEFORE = "2025-12-30"  # not a month end: its snapshot must be replaced, not kept
KEYS = {
    "customer_features": ["snapshot_date", "customer_id"],
    "customer_lifecycle_history": ["month_start", "person_id"],
    "customer_lifecycle_transitions": ["month_start", "from_stage", "to_stage"],
    "int_lifecycle__customer_order_metrics": ["evaluation_date", "customer_id"],
    "int_lifecycle__person_stages": ["month_start", "person_id"],
}
CLOSED = "2025-03-31"  # before the reopened months (as-of - lifecycle_reopen_days - horizon)
MARK = -1.0


@pytest.fixture(scope="module")
def next_day(dbt_tmp):
    daily = {**BASE_VARS, "as_of_date": DAY_BEFORE, "lifecycle_incremental": True}
    wh = load_scenario(dbt_tmp / "incremental.duckdb", shop_tables(*base_shop()), daily)
    wh.dbt("run", "--select", *MODEL_SELECTION)
    wh.execute(f"update customer_features set total_spend = {MARK} where snapshot_date = '{CLOSED}'")
    wh.close()
    wh.vars["as_of_date"] = AS_OF
    wh.dbt("run", "--select", *MODEL_SELECTION)
    yield wh
    wh.close()


def _rows(wh, model: str) -> pd.DataFrame:
    frame = wh.query(f"select * from {model}")
    return frame.sort_values(KEYS[model]).reset_index(drop=True)


@pytest.mark.parametrize("model", KEYS)
def test_next_day_incremental_build_equals_a_full_refresh(next_day, base_shop_duckdb, model):
    incremental, full = _rows(next_day, model), _rows(base_shop_duckdb, model)
    if model == "customer_features":
        marked = pd.to_datetime(incremental["snapshot_date"]) == pd.Timestamp(CLOSED)
        assert marked.any() and (incremental.loc[marked, "total_spend"] == MARK).all()
        incremental.loc[marked, "total_spend"] = full.loc[marked, "total_spend"]
    pd.testing.assert_frame_equal(incremental, full, check_exact=True)
