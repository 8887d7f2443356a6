"""Typed raw columns skip staging's text round trip (issue 12) yet get the same rows and reasons as their text.

One small DuckDB shop whose raw columns are typed (bigint ids, timestamp, double, date, integer) is staged
once; every order is expected to get what the text rules of lifecycle_safe_timestamp/lifecycle_safe_number
give the same value written as text (see test_hostile_input for those rules on text columns).
"""

from __future__ import annotations

import pandas as pd
import pytest
from dbt_scenarios import load_scenario
from hostile_shop import VARS

# order_id -> (ordered_at, amount, status, expected reason, expected UTC ordered_at)
TYPED_ORDERS = {
    1: ("2025-03-01 10:00:00.750", "10.5", "completed", None, "2025-03-01 10:00:00"),
    2: ("2025-03-02 00:00:00", "-3.25", "returned", None, "2025-03-02 00:00:00"),
    3: ("infinity", "10", "completed", "unparseable_timestamp", None),
    4: ("0044-03-15 (BC)", "10", "completed", "unparseable_timestamp", None),
    5: ("1900-01-01 00:00:00", "10", "completed", "implausible_date", None),
    6: ("2027-01-01 00:00:00", "10", "completed", "future_timestamp", None),
    7: ("2025-03-01 10:00:00", "NaN", "completed", "unparseable_amount", None),
    8: ("2025-03-01 10:00:00", "inf", "completed", "unparseable_amount", None),
    9: ("2025-03-01 10:00:00", "1e100", "completed", "unparseable_amount", None),  # text 1e+100: 3-digit exponent
    10: ("2025-03-01 10:00:00", "1e-100", "completed", "unparseable_amount", None),
    11: ("2025-03-01 10:00:00", "9.5e99", "completed", "implausible_amount", None),
    12: ("2025-03-01 10:00:00", "1e-99", "completed", None, "2025-03-01 10:00:00"),
    13: ("2025-03-01 10:00:00", "0", "completed", None, "2025-03-01 10:00:00"),
    14: ("2025-03-01 10:00:00", "-5", "completed", "negative_amount", None),
}
ORDER_TYPES = {
    "order_id": "bigint",
    "customer_id": "bigint",
    "ordered_at": "timestamp",
    "amount": "double",
    "status": "varchar",
}
CUSTOMER_TYPES = {
    "customer_id": "integer",
    "signed_up_at": "date",
    "acquisition_channel": "varchar",
    "referred_by_customer_id": "integer",
}
EVENT_TYPES = {
    "event_id": "bigint",
    "customer_id": "bigint",
    "visitor_id": "varchar",
    "event_type": "varchar",
    "occurred_at": "timestamp",
}


def _tables():
    orders = pd.DataFrame(
        [(order_id, 7, *row[:3]) for order_id, row in TYPED_ORDERS.items()], columns=list(ORDER_TYPES)
    )
    customers = pd.DataFrame(
        [(7, "2025-01-01", "Organic", None), (8, "infinity", "ads", 7)], columns=list(CUSTOMER_TYPES)
    )
    events = pd.DataFrame(
        [(1, 7, "V7", "visit", "2025-02-01 10:00:00.999"), (2, 7, "V7", "visit", "-infinity")],
        columns=list(EVENT_TYPES),
    )
    return {
        "raw_orders": (orders, ORDER_TYPES),
        "raw_customers": (customers, CUSTOMER_TYPES),
        "raw_events": (events, EVENT_TYPES),
    }


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    wh = load_scenario(tmp_path_factory.mktemp("typed") / "typed.duckdb", _tables(), VARS)
    # build: staging's unit tests run too, and must keep their text fixtures on the text path
    wh.dbt(
        "build",
        "--select",
        "+stg_lifecycle__orders_validated",
        "+stg_lifecycle__customers",
        "+stg_lifecycle__events",
        "--indirect-selection",
        "cautious",
    )
    yield wh
    wh.close()


def test_typed_orders_get_the_reasons_and_times_of_their_text(staged):
    validated = staged.query("select * from stg_lifecycle__orders_validated").set_index("order_id")
    for order_id, (*_, reason, utc) in TYPED_ORDERS.items():
        row = validated.loc[str(order_id)]
        assert (None if pd.isna(row.quarantine_reason) else row.quarantine_reason) == reason, order_id
        if reason is None:
            assert str(row.ordered_at) == utc, order_id
            assert row.customer_id == "7" and row.order_id_raw == str(order_id)
    assert validated.loc["1", "amount"] == 10.5 and validated.loc["12", "amount"] == 1e-99


def test_typed_sign_ups_and_events_are_read_as_their_text(staged):
    customers = staged.query("select * from stg_lifecycle__customers").set_index("customer_id")
    assert str(customers.loc["7", "signed_up_at"]) == "2025-01-01 00:00:00"
    assert customers.loc["8", "quarantine_reason"] == "unparseable_timestamp"
    assert customers.loc["8", "referred_by_customer_id"] == "7"
    events = staged.query("select * from stg_lifecycle__events order by event_id")
    assert events["quarantine_reason"].tolist()[1] == "unparseable_timestamp"  # -infinity, as its text
    events = events[events["quarantine_reason"].isna()].reset_index(drop=True)
    assert events["event_id"].tolist() == ["1"] and str(events["occurred_at"][0]) == "2025-02-01 10:00:00"
