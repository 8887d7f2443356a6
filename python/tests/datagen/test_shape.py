"""The sample shop looks like a shop: every lifecycle stage present, seasonality, learnable churn."""

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score

END = pd.Timestamp("2026-07-01")


def test_sizes(seeds, seeds_dir):
    assert 4_900 <= len(seeds["raw_customers"]) <= 5_000
    assert 25_000 <= len(seeds["raw_orders"]) <= 40_000
    assert len(seeds["raw_events"]) <= 60_000
    shop = sum((seeds_dir / f"{name}.csv").stat().st_size for name in ("raw_orders", "raw_customers", "raw_events"))
    assert shop < 6_000_000
    # every project that installs the package gets the sample shop's seeds: with order lines and products too, small
    assert sum(path.stat().st_size for path in seeds_dir.glob("raw_*.csv")) < 7_000_000


def test_every_stage_is_well_represented(seeds, valid_orders):
    events = seeds["raw_events"]
    customers = seeds["raw_customers"]
    registered_visitors = set(events.loc[events["customer_id"].notna(), "visitor_id"])
    anonymous = events[~events["visitor_id"].isin(registered_visitors)]
    browsed = anonymous["event_type"] != "visit"
    attracted = anonymous.loc[browsed, "visitor_id"].nunique()
    acquired_only = anonymous["visitor_id"].nunique() - attracted
    per_buyer = valid_orders.groupby("customer_id").agg(n=("order_id", "size"), last=("ts", "max"))
    stages = {
        "acquired (visit only)": acquired_only,
        "attracted (browsed, no sign-up)": attracted,
        "registered, never ordered": (~customers["customer_id"].isin(per_buyer.index)).sum(),
        "one-time buyers": (per_buyer["n"] == 1).sum(),
        "repeat buyers": (per_buyer["n"] > 1).sum(),
        "bought in the last 90 days": (per_buyer["last"] >= END - pd.Timedelta(days=90)).sum(),
        "silent for 180+ days": (per_buyer["last"] < END - pd.Timedelta(days=180)).sum(),
        "referrers": customers["referred_by_customer_id"].nunique(),
        "reviewers": events.loc[events["event_type"] == "review", "customer_id"].nunique(),
    }
    assert min(stages.values()) >= 100, stages


def test_customers_keep_arriving(seeds):
    signed_up = pd.to_datetime(seeds["raw_customers"]["signed_up_at"])
    assert (signed_up >= END - pd.Timedelta(days=90)).mean() > 0.1


def test_seasonality(valid_orders):
    per_day = valid_orders.groupby(valid_orders["ts"].dt.normalize()).size()
    per_day = per_day[per_day.index >= "2025-01-01"]  # past the ramp-up
    peak = per_day[per_day.index.month.isin([11, 12])].mean()
    assert peak > 1.3 * per_day[~per_day.index.month.isin([11, 12])].mean()
    weekday = valid_orders["ts"].dt.day_of_week.value_counts()
    assert weekday[6] > 1.1 * weekday[4], "Sunday beats Friday"


def test_channels_differ_in_quality(seeds, valid_orders):
    channel = seeds["raw_customers"].set_index("customer_id")["acquisition_channel"]
    orders_per_customer = (
        valid_orders["customer_id"].value_counts().reindex(channel.index, fill_value=0).groupby(channel).mean()
    )
    assert orders_per_customer["referral"] > 1.5 * orders_per_customer["social"]


def _churn_features(orders: pd.DataFrame, cutoff: pd.Timestamp) -> tuple[pd.DataFrame, np.ndarray]:
    kept = orders[orders["status"] != "cancelled"]
    by_customer = kept[kept["ts"] < cutoff].groupby("customer_id")["ts"]
    first, last, frequency = by_customer.min(), by_customer.max(), by_customer.size()
    features = pd.DataFrame(
        {
            "recency": (cutoff - last).dt.days,
            "frequency": frequency,
            "age": (cutoff - first).dt.days,
            "mean_gap": (last - first).dt.days / np.maximum(frequency - 1, 1),
        }
    )
    churned = ~features.index.isin(kept.loc[kept["ts"] >= cutoff, "customer_id"])
    return np.log1p(features), churned


def test_churn_is_learnable_but_not_trivial(valid_orders):
    features, churned = _churn_features(valid_orders, END - pd.Timedelta(days=90))
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    auc = cross_val_score(LogisticRegression(), features, churned, cv=folds, scoring="roc_auc").mean()
    assert 0.3 < churned.mean() < 0.8
    assert 0.72 < auc < 0.9, auc
