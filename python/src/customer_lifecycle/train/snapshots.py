"""Labelled point-in-time snapshots of `customer_features`, read from the warehouse (never from files)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

NUMERIC_FEATURES = [
    "recency_days", "frequency", "orders_count", "tenure_days", "total_spend", "avg_order_value",
    "mean_gap_days", "std_gap_days", "days_since_last_vs_mean_gap", "spend_last_90d", "spend_prev_90d",
    "spend_trend_90d", "return_rate", "events_last_30d", "product_views_last_30d", "add_to_cart_last_30d",
    "reviews_count", "referrals_count", "lt_frequency", "lt_recency", "lt_t", "lt_monetary",
]
CATEGORICAL_FEATURES = ["acquisition_channel"]
FEATURES = NUMERIC_FEATURES + CATEGORICAL_FEATURES
CHURN_LABEL = "churned_within_h"
VALUE_LABEL = "value_within_h"
# Parallel SUMs in the warehouse differ in the last bit from run to run (addition order); rounding far below
# any meaningful precision makes the same data train the same models, byte for byte.
DECIMALS = 9


class TrainingDataError(ValueError):
    """The warehouse does not hold data a model can honestly be trained on."""


@dataclass(frozen=True)
class Snapshots:
    frame: pd.DataFrame  # one row per customer per labelled snapshot, sorted by (snapshot_date, customer_id)
    as_of: pd.Timestamp  # the latest snapshot date in customer_features (the scoring date)

    @property
    def dates(self) -> list[pd.Timestamp]:
        return sorted(self.frame["snapshot_date"].unique())


def fingerprint(frame: pd.DataFrame) -> dict:
    """Row count, date range and a content hash: identical data gives an identical fingerprint."""
    columns = ["customer_id", "snapshot_date", *FEATURES, CHURN_LABEL, VALUE_LABEL]
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame[columns], index=False).values.tobytes())
    dates = sorted(frame["snapshot_date"].unique())
    return {
        "rows": len(frame),
        "snapshots": len(dates),
        "first_snapshot": pd.Timestamp(dates[0]).date().isoformat(),
        "last_snapshot": pd.Timestamp(dates[-1]).date().isoformat(),
        "sha256": digest.hexdigest()[:16],
    }


def load_snapshots(wh, relation: str = "customer_features") -> Snapshots:
    """Read every fully-labelled snapshot through the warehouse connection; fail clearly on unusable data."""
    available = set(wh.query(f"select * from {relation} where 1 = 0").columns)
    missing = [c for c in ["customer_id", "snapshot_date", *FEATURES, CHURN_LABEL, VALUE_LABEL, "is_labelled"]
               if c not in available]
    if missing:
        raise TrainingDataError(f"{relation} lacks the columns {missing}; rebuild the marts (dbt build)")
    columns = ", ".join(["customer_id", "snapshot_date", *FEATURES, CHURN_LABEL, VALUE_LABEL])
    frame = wh.query(f"select {columns} from {relation} where is_labelled = 1 order by snapshot_date, customer_id")
    as_of = pd.Timestamp(wh.query(f"select max(snapshot_date) as as_of from {relation}")["as_of"].iloc[0])
    return Snapshots(_typed(frame), as_of)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Engine-independent dtypes and values: the same rows give the same models on DuckDB and PostgreSQL."""
    frame = frame.copy()
    frame["customer_id"] = frame["customer_id"].astype(str)
    # one resolution: Spark's dates arrive as datetime64[s], DuckDB's as [us], and the hash sees the unit
    frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"]).astype("datetime64[ns]")
    for column in [*NUMERIC_FEATURES, VALUE_LABEL]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64").round(DECIMALS)
    frame[CHURN_LABEL] = frame[CHURN_LABEL].astype("int64")
    frame["acquisition_channel"] = frame["acquisition_channel"].astype(object).where(
        frame["acquisition_channel"].notna(), None)
    return frame.reset_index(drop=True)


def check_trainable(split) -> None:
    """The training snapshots hold both classes (time_split already refused too short a history)."""
    classes = sorted(split.train[CHURN_LABEL].unique())
    if len(classes) < 2:
        raise TrainingDataError(f"{CHURN_LABEL} has a single class {classes} over all training snapshots "
                                f"(up to {pd.Timestamp(split.train['snapshot_date'].max()).date()})")
