"""The same models on PostgreSQL give the same marts as on DuckDB (text parsing, dates, windows, types)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from dbt_scenarios import BASE_VARS, base_shop, build_scenario, shop_tables

from customer_lifecycle.warehouse import Warehouse

MARTS = {
    "customer_features": ["customer_id", "snapshot_date"],
    "customer_rfm": ["customer_id"],
    "customer_lifecycle": ["person_type", "person_id"],
    "customer_lifecycle_history": ["person_type", "person_id", "month_start"],
    "customer_lifecycle_transitions": ["month_start", "from_stage", "to_stage"],
    "orders_quarantine": ["reason", "order_id", "amount"],
    "orders_load_summary": ["outcome", "reason"],
}


@pytest.fixture(scope="session")
def base_shop_postgres(postgres_target):
    with postgres_target("lifecycle_dbt_parity"):
        wh = build_scenario(Warehouse("postgres"), shop_tables(*base_shop()), BASE_VARS)
        yield wh
        wh.close()


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        present = values[values.map(lambda v: not pd.isna(v))]
        if present.map(lambda v: hasattr(v, "isoformat")).any():
            out[column] = pd.to_datetime(values)
        elif len(present) and not present.map(lambda v: isinstance(v, str)).any():
            out[column] = values.map(lambda v: np.nan if pd.isna(v) else float(v)).astype(float)
    return out


@pytest.mark.parametrize("mart", sorted(MARTS))
def test_postgres_matches_duckdb(mart, base_shop_duckdb, base_shop_postgres):
    order = ", ".join(MARTS[mart])
    duck = _normalise(base_shop_duckdb.query(f"select * from {mart} order by {order}"))
    pg = _normalise(base_shop_postgres.query(f"select * from {mart} order by {order}"))
    assert list(pg.columns) == list(duck.columns)
    assert len(pg) == len(duck) > 0
    for column in duck.columns:
        a, b = duck[column], pg[column]
        if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b):
            assert np.allclose(a.astype(float), b.astype(float), rtol=1e-12, atol=1e-9, equal_nan=True), column
        else:
            assert a.astype(str).tolist() == b.astype(str).tolist(), column
