"""No leakage: data dated after a snapshot date changes no feature of that snapshot.

Two builds with the same explicit as-of date: the base shop, and the base shop plus orders,
sign-ups (including a guest buyer signing up and referrals of existing customers), events and
bad rows all dated after T0. Every feature of every snapshot on or before T0 must be identical;
the labels of those snapshots (which look ahead by design) and later snapshots must change,
which proves the added data did reach the marts.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pandas as pd
import pytest

from conftest import build_scenario

AS_OF = "2025-12-31"
T0 = pd.Timestamp("2025-06-30")  # a monthly snapshot: 2025-12-31 minus 6 months
LABEL_COLUMNS = ["churned_within_h", "value_within_h"]
TEXT = "varchar"
ORDER_COLUMNS = ["order_id", "customer_id", "ordered_at", "amount", "status"]
CUSTOMER_COLUMNS = ["customer_id", "signed_up_at", "acquisition_channel", "referred_by_customer_id"]
EVENT_COLUMNS = ["event_id", "customer_id", "visitor_id", "event_type", "occurred_at"]


def _fmt(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%d %H:%M:%S")


def base_shop(seed: int = 11):
    """~120 customers over 2024-07-01 .. 2025-12-31, all columns text, a few bad rows."""
    rng = random.Random(seed)
    start, end = datetime(2024, 7, 1), datetime(2025, 12, 31, 23, 0)
    orders, customers, events = [], [], []
    for c in range(1, 121):
        cid = f"C{c:04d}"
        signed_up = start + timedelta(days=rng.randint(0, 500), seconds=rng.randint(0, 80000))
        if c % 15 != 0:  # every 15th customer is a guest buyer without a sign-up
            referrer = f"C{rng.randint(1, c - 1):04d}" if c > 10 and rng.random() < 0.15 else None
            customers.append((cid, _fmt(signed_up), rng.choice(["organic", "paid", "social"]), referrer))
        t = signed_up
        for _ in range(rng.choice([1, 1, 2, 3, 4, 6, 9])):
            t += timedelta(days=rng.expovariate(1 / 45), seconds=rng.randint(0, 9000))
            if t > end:
                break
            status = rng.choices(["completed", "returned", "cancelled"], [0.85, 0.1, 0.05])[0]
            orders.append((f"O{len(orders) + 1:06d}", cid, _fmt(t), f"{rng.uniform(5, 150):.2f}", status))
            for _ in range(rng.randint(0, 3)):
                when = t - timedelta(days=rng.randint(0, 40), seconds=rng.randint(0, 80000))
                kind = rng.choice(["visit", "product_view", "add_to_cart", "review", "referral_sent"])
                events.append((f"E{len(events) + 1:07d}", cid, f"V{c:04d}", kind, _fmt(when)))
    orders += [
        (orders[0][0], *orders[0][1:]),                              # exact duplicate
        ("O900001", "C0001", "2025-01-01 10:00:00", "12,5O", "completed"),
        ("O900002", "C0002", "yesterday", "10.00", "completed"),
        ("O900003", None, "2025-01-01 10:00:00", "10.00", "completed"),
    ]
    return orders, customers, events


def after_t0_additions(base_orders, seed: int = 12):
    """Rows dated in (T0, AS_OF]: orders of existing and new customers, sign-ups, events, bad rows."""
    rng = random.Random(seed)
    day_after = T0.to_pydatetime() + timedelta(days=1)
    orders, customers, events = [], [], []
    buyers = sorted({o[1] for o in base_orders if o[1]})
    for i in range(60):
        cid = rng.choice(buyers) if i < 45 else f"N{i:04d}"
        when = day_after + timedelta(days=rng.randint(0, 180), seconds=rng.randint(0, 80000))
        orders.append((f"X{i:06d}", cid, _fmt(when), f"{rng.uniform(5, 150):.2f}", "completed"))
    # a first order exactly on the day after T0, and returns after T0
    orders.append(("X900001", buyers[0], _fmt(day_after), "33.00", "completed"))
    orders.append(("X900002", buyers[1], _fmt(day_after + timedelta(days=3)), "20.00", "returned"))
    # bad rows after T0, including a later conflicting version of an early order
    orders.append(("X900003", buyers[2], _fmt(day_after + timedelta(days=5)), "-4.00", "completed"))
    orders.append((base_orders[0][0], base_orders[0][1], _fmt(day_after + timedelta(days=9)), "1.00", "completed"))
    # guest buyer C0015 signs up after T0; new customers referred by existing ones
    customers.append(("C0015", _fmt(day_after + timedelta(days=2)), "email", None))
    for i in range(45, 60):
        customers.append((f"N{i:04d}", _fmt(day_after + timedelta(days=1)), "referral", buyers[i % 7]))
    for i in range(200):
        cid = rng.choice(buyers)
        when = day_after + timedelta(days=rng.randint(0, 180), seconds=rng.randint(0, 80000))
        kind = rng.choice(["visit", "product_view", "add_to_cart", "review", "referral_sent"])
        events.append((f"XE{i:06d}", cid, f"V{cid}", kind, _fmt(when)))
    return orders, customers, events


def _tables(orders, customers, events):
    return {
        "raw_orders": (pd.DataFrame(orders, columns=ORDER_COLUMNS), dict.fromkeys(ORDER_COLUMNS, TEXT)),
        "raw_customers": (pd.DataFrame(customers, columns=CUSTOMER_COLUMNS), dict.fromkeys(CUSTOMER_COLUMNS, TEXT)),
        "raw_events": (pd.DataFrame(events, columns=EVENT_COLUMNS), dict.fromkeys(EVENT_COLUMNS, TEXT)),
    }


@pytest.fixture(scope="session")
def leakage_scenarios(dbt_tmp):
    orders, customers, events = base_shop()
    more_orders, more_customers, more_events = after_t0_additions(orders)
    vars = {"as_of_date": AS_OF, "lifecycle_snapshot_cadence": "month", "lifecycle_label_horizon_days": 90}
    base = build_scenario(dbt_tmp / "base.duckdb", _tables(orders, customers, events), vars)
    grown = build_scenario(
        dbt_tmp / "grown.duckdb",
        _tables(orders + more_orders, customers + more_customers, events + more_events),
        vars,
    )
    yield base, grown
    base.close()
    grown.close()


def _features(wh):
    frame = wh.query("select * from customer_features order by snapshot_date, customer_id")
    frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"])
    return frame.set_index(["snapshot_date", "customer_id"])


def test_snapshots_up_to_t0_are_identical(leakage_scenarios):
    base, grown = (_features(wh) for wh in leakage_scenarios)
    feature_columns = [c for c in base.columns if c not in LABEL_COLUMNS]
    before = base[base.index.get_level_values("snapshot_date") <= T0]
    after = grown[grown.index.get_level_values("snapshot_date") <= T0]
    assert len(before) > 200 and T0 in before.index.get_level_values("snapshot_date")
    pd.testing.assert_frame_equal(before[feature_columns], after[feature_columns], check_exact=True)


def test_added_data_did_change_labels_and_later_snapshots(leakage_scenarios):
    base, grown = (_features(wh) for wh in leakage_scenarios)
    at_t0 = base.xs(T0, level="snapshot_date")
    grown_at_t0 = grown.xs(T0, level="snapshot_date")
    assert at_t0["is_labelled"].eq(1).all()
    assert (at_t0["value_within_h"] != grown_at_t0["value_within_h"]).any()
    later = base[base.index.get_level_values("snapshot_date") > T0]
    grown_later = grown[grown.index.get_level_values("snapshot_date") > T0]
    assert len(grown_later) > len(later)  # new customers appear after T0
    common = later.index.intersection(grown_later.index)
    assert (later.loc[common, "total_spend"] != grown_later.loc[common, "total_spend"]).any()


def test_every_raw_row_is_accounted_for(leakage_scenarios):
    base, grown = leakage_scenarios
    summary = base.query("select outcome, reason, row_count from orders_load_summary")
    by_reason = dict(zip(summary["reason"], summary["row_count"]))
    assert by_reason["duplicate_order_id"] == 1
    assert by_reason["unparseable_amount"] == 1
    assert by_reason["unparseable_timestamp"] == 1
    assert by_reason["null_customer_id"] == 1
    raw = base.query("select count(*) as n from src.raw_orders")["n"].iloc[0]
    assert summary["row_count"].sum() == raw
    grown_summary = grown.query("select reason, row_count from orders_load_summary")
    grown_by_reason = dict(zip(grown_summary["reason"], grown_summary["row_count"]))
    # the later, different version of an early order is the one quarantined
    assert grown_by_reason["conflicting_order_id"] == 1
    assert grown_by_reason["negative_amount"] == 1
