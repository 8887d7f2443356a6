"""customer_rfm's lifetimes columns equal lifetimes.utils.summary_data_from_transaction_data exactly.

The hand-made orders use typed source columns (timestamp, double) and only the orders input,
so this also proves staging accepts typed sources and that every mart builds from orders alone.
"""

from __future__ import annotations

import pandas as pd
import pytest
from dbt_scenarios import build_scenario

AS_OF = "2025-12-31"

ORDERS = [
    # order_id, customer_id, ordered_at, amount, status
    ("O01", "C1", "2025-01-01 10:00:00", 10.0, "completed"),
    ("O02", "C1", "2025-01-01 15:30:00", 20.0, "completed"),  # same day: one period
    ("O03", "C1", "2025-02-01 00:00:00", 30.0, "completed"),
    ("O04", "C1", "2025-06-15 23:59:59", 15.5, "completed"),
    ("O05", "C2", "2025-03-03 12:00:00", 100.0, "completed"),  # one-time buyer
    ("O06", "C3", "2025-12-31 23:59:00", 50.0, "completed"),  # on the as-of date: in
    ("O07", "C4", "2025-05-05 08:00:00", 10.0, "completed"),
    ("O08", "C4", "2025-05-06 08:00:00", 12.25, "completed"),
    ("O09", "C4", "2026-01-05 08:00:00", 99.0, "completed"),  # after the as-of date: out
    ("O10", "C5", "2025-04-01 09:00:00", 25.0, "returned"),  # never purchased
    ("O11", "C6", "2025-02-10 09:00:00", 40.0, "completed"),
    ("O12", "C6", "2025-03-10 09:00:00", 20.0, "returned"),
    ("O13", "C6", "2025-04-10 09:00:00", 5.0, "cancelled"),
    ("O14", "C6", "2025-11-30 09:00:00", 0.5, "completed"),
    ("O15", "C6", "2025-11-30 18:00:00", 0.25, "completed"),
    ("O16", "C7", "2024-07-01 00:00:00", 1.0, "completed"),
    ("O17", "C7", "2024-07-02 00:00:00", 2.0, "completed"),
    ("O18", "C7", "2024-07-03 00:00:00", 3.0, "completed"),
    ("O19", "C7", "2025-12-30 00:00:00", 4.0, "completed"),
]


@pytest.fixture(scope="session")
def rfm_scenario(dbt_tmp):
    orders = pd.DataFrame(ORDERS, columns=["order_id", "customer_id", "ordered_at", "amount", "status"])
    orders["ordered_at"] = pd.to_datetime(orders["ordered_at"])
    types = {
        "order_id": "varchar",
        "customer_id": "varchar",
        "ordered_at": "timestamp",
        "amount": "double",
        "status": "varchar",
    }
    wh = build_scenario(
        dbt_tmp / "rfm.duckdb",
        {"raw_orders": (orders, types)},
        {"as_of_date": AS_OF, "lifecycle_has_customers": False, "lifecycle_has_events": False},
    )
    yield wh, orders
    wh.close()


def test_lifetimes_columns_equal_lifetimes_summary(rfm_scenario):
    from lifetimes.utils import summary_data_from_transaction_data

    wh, orders = rfm_scenario
    completed = orders[orders["status"] == "completed"]
    expected = summary_data_from_transaction_data(
        completed,
        "customer_id",
        "ordered_at",
        monetary_value_col="amount",
        observation_period_end=AS_OF,
        freq="D",
    ).sort_index()
    actual = wh.query(
        "select customer_id, lt_frequency, lt_recency, lt_t, lt_monetary from customer_rfm order by customer_id"
    ).set_index("customer_id")

    assert actual.index.tolist() == expected.index.tolist()
    assert actual["lt_frequency"].tolist() == expected["frequency"].astype(int).tolist()
    assert actual["lt_recency"].tolist() == expected["recency"].astype(int).tolist()
    assert actual["lt_t"].tolist() == expected["T"].astype(int).tolist()
    # same additions in the same order on both sides: equal to the last bit or one ulp
    for customer, value in expected["monetary_value"].items():
        assert actual.loc[customer, "lt_monetary"] == pytest.approx(value, rel=1e-12, abs=1e-12), customer


def test_hand_computed_values(rfm_scenario):
    wh, _ = rfm_scenario
    c1 = wh.query("select * from customer_rfm where customer_id = 'C1'").iloc[0]
    # purchase days 2025-01-01 (30), 2025-02-01 (30), 2025-06-15 (15.5); as-of 2025-12-31
    assert (c1["lt_frequency"], c1["lt_recency"], c1["lt_t"]) == (2, 165, 364)
    assert c1["lt_monetary"] == pytest.approx((30 + 15.5) / 2)
    assert (c1["orders_count"], c1["recency_days"]) == (4, 199)
    assert c1["total_spend"] == pytest.approx(75.5)


def test_orders_alone_build_every_mart(rfm_scenario):
    wh, _ = rfm_scenario
    for mart in [
        "customer_rfm",
        "customer_lifecycle",
        "customer_lifecycle_history",
        "customer_lifecycle_transitions",
        "customer_features",
    ]:
        assert wh.query(f"select count(*) as n from {mart}")["n"].iloc[0] > 0, mart
    stages = wh.query("select person_id, lifecycle_stage from customer_lifecycle").set_index("person_id")
    # without sign-ups or events nobody can be registered/acquired; C5 only returned an order
    assert stages.loc["C5", "lifecycle_stage"] == "attracted"
    assert stages.loc["C3", "lifecycle_stage"] == "engaged"
    assert stages.loc["C2", "lifecycle_stage"] == "churned"  # 303 days > 90-day floor
    assert stages.loc["C7", "lifecycle_stage"] == "retained"
    assert set(stages["lifecycle_stage"]) <= {"attracted", "engaged", "retained", "churned"}
    channels = wh.query("select distinct acquisition_channel from customer_features")
    assert channels["acquisition_channel"].tolist() == ["unknown"]


def test_order_after_explicit_as_of_is_out_of_scope_not_an_error(rfm_scenario):
    wh, _ = rfm_scenario
    summary = wh.query("select outcome, reason, row_count from orders_load_summary order by outcome")
    assert summary.to_dict("records") == [
        {"outcome": "accepted", "reason": "none", "row_count": len(ORDERS) - 1},
        {"outcome": "out_of_scope", "reason": "none", "row_count": 1},
    ]
    assert wh.query("select order_id from orders_out_of_scope")["order_id"].tolist() == ["O09"]
    c4 = wh.query("select orders_count, total_spend from customer_rfm where customer_id = 'C4'").iloc[0]
    assert (c4["orders_count"], c4["total_spend"]) == (2, 22.25)
