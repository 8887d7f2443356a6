"""No leakage: data dated after a snapshot date changes no feature of that snapshot.

Two builds with the same explicit as-of date: the base shop, and the base shop plus orders,
sign-ups (including a guest buyer signing up and referrals of existing customers), events and
bad rows all dated after T0. Every feature of every snapshot on or before T0 must be identical;
the labels of those snapshots (which look ahead by design) and later snapshots must change,
which proves the added data did reach the marts.
"""

from __future__ import annotations

import pandas as pd
import pytest
from dbt_scenarios import BASE_VARS, T0, after_t0_additions, base_shop, build_scenario, shop_tables, source_schema

LABEL_COLUMNS = ["churned_within_h", "value_within_h"]


@pytest.fixture(scope="session")
def leakage_scenarios(dbt_tmp, base_shop_duckdb):
    orders, customers, events = base_shop()
    more_orders, more_customers, more_events = after_t0_additions(orders)
    grown = build_scenario(
        dbt_tmp / "grown.duckdb",
        shop_tables(orders + more_orders, customers + more_customers, events + more_events),
        BASE_VARS,
    )
    yield base_shop_duckdb, grown
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
    raw = base.query(f"select count(*) as n from {source_schema(base)}.raw_orders")["n"].iloc[0]
    assert summary["row_count"].sum() == raw
    grown_summary = grown.query("select reason, row_count from orders_load_summary")
    grown_by_reason = dict(zip(grown_summary["reason"], grown_summary["row_count"]))
    # the later, different version of an early order is the one quarantined
    assert grown_by_reason["conflicting_order_id"] == 1
    assert grown_by_reason["negative_amount"] == 1
