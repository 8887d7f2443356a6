"""Labelled point-in-time snapshots of `customer_features`, read from the warehouse (never from files).

Which columns are features and labels is the contract customer_features.yml declares (contract.py)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
from sqlglot import exp

from customer_lifecycle.contract import Contract

KEYS = ["customer_id", "snapshot_date"]
# Parallel SUMs in the warehouse differ in the last bit from run to run (addition order); rounding far below
# any meaningful precision makes the same data train the same models, byte for byte.
DECIMALS = 9


class TrainingDataError(ValueError):
    """The warehouse does not hold data a model can honestly be trained on."""


@dataclass(frozen=True)
class Snapshots:
    frame: pd.DataFrame  # one row per customer per labelled snapshot, sorted by (snapshot_date, customer_id)
    as_of: pd.Timestamp  # the latest snapshot date in customer_features (the scoring date)
    contract: Contract  # the frame's feature and label columns

    @property
    def dates(self) -> list[pd.Timestamp]:
        return sorted(self.frame["snapshot_date"].unique())


def fingerprint(frame: pd.DataFrame, contract: Contract) -> dict:
    """Row count, date range and a content hash: identical data gives an identical fingerprint."""
    columns = [*KEYS, *contract.features, *contract.labels]
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
    """Read every fully-labelled snapshot's contract columns through the warehouse connection; fail clearly on
    unusable data."""
    contract = wh.contract
    wanted = [*KEYS, *contract.features, *contract.labels]
    available = set(wh.query(f"select * from {relation} where 1 = 0").columns)
    missing = [c for c in [*wanted, "is_labelled"] if c not in available]
    if missing:
        raise TrainingDataError(f"{relation} lacks the columns {missing}; rebuild the marts (dbt build)")
    columns = ", ".join(exp.to_identifier(c, quoted=True).sql(dialect=wh.kind) for c in wanted)
    frame = wh.query(f"select {columns} from {relation} where is_labelled = 1 order by snapshot_date, customer_id")
    as_of = pd.Timestamp(wh.query(f"select max(snapshot_date) as as_of from {relation}")["as_of"].iloc[0])
    return Snapshots(_typed(frame, contract), as_of, contract)


def _typed(frame: pd.DataFrame, contract: Contract) -> pd.DataFrame:
    """Engine-independent dtypes and values: the same rows give the same models on DuckDB and PostgreSQL."""
    frame = frame.copy()
    frame["customer_id"] = frame["customer_id"].astype(str)
    # one resolution: Spark's dates arrive as datetime64[s], DuckDB's as [us], and the hash sees the unit
    frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"]).astype("datetime64[ns]")
    for column in [*contract.numeric_features, contract.value_label]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64").round(DECIMALS)
    frame[contract.churn_label] = frame[contract.churn_label].astype("int64")
    for column in contract.categorical_features:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame.reset_index(drop=True)


def check_trainable(split) -> None:
    """The training snapshots hold both classes (time_split already refused too short a history)."""
    label = split.contract.churn_label
    classes = sorted(split.train[label].unique())
    if len(classes) < 2:
        raise TrainingDataError(f"{label} has a single class {classes} over all training snapshots "
                                f"(up to {pd.Timestamp(split.train['snapshot_date'].max()).date()})")
