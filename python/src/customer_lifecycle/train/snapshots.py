"""Labelled point-in-time snapshots of `customer_features`, read from the warehouse (never from files).

Which columns are features and labels is the contract customer_features.yml declares (contract.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
from sqlglot import exp

from customer_lifecycle.contract import Contract
from customer_lifecycle.train import sampling
from customer_lifecycle.train.learning_curve import DEFAULT_ROWS
from customer_lifecycle.var_rules import validate_vars

KEYS = ["customer_id", "snapshot_date"]
SAMPLED = "in_training_sample"  # False: a validation-snapshot row read for the metrics only, never fit on
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
    shares: dict  # {snapshot date: share of its labelled rows in the training sample} (sampling.py)
    sample: str  # what was sampled, for the training log and the model card

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


_DATE = exp.column("snapshot_date", quoted=True)
_LABELLED = exp.column("is_labelled", quoted=True).eq(1)


def load_snapshots(wh, relation: str = "customer_features", sample: sampling.Sample | None = None) -> Snapshots:
    """Read the labelled snapshots' contract columns through the warehouse connection, sampled inside it
    (sampling.py; default: the var's budget): the validation snapshot in full, the others down to the budget;
    fail clearly on unusable data."""
    contract = wh.contract
    wanted = [*KEYS, *contract.features, *contract.labels]
    table = exp.to_table(relation)
    available = set(wh.query(exp.select("*").from_(table).where("1 = 0").sql(wh.kind)).columns)
    missing = [c for c in [*wanted, "is_labelled"] if c not in available]
    if missing:
        raise TrainingDataError(f"{relation} lacks the columns {missing}; rebuild the marts (dbt build)")
    sample = sample or default_sample(wh)
    label = exp.column(contract.churn_label, quoted=True)
    counts = wh.read(
        exp.select(_DATE, label, exp.alias_(exp.Count(this=exp.Star()), "rows", quoted=True))
        .from_(table)
        .where(_LABELLED)
        .group_by(_DATE, label)
        .sql(wh.kind)
    )
    shares = sampling.fractions(counts, sample, contract.churn_label)
    frame = wh.read(_rows_query(table, wanted, shares).sql(wh.kind))
    as_of = wh.query(exp.select(exp.Max(this=_DATE).as_("as_of")).from_(table).sql(wh.kind))["as_of"].iloc[0]
    if pd.isna(as_of):
        raise TrainingDataError(
            f"{relation} is empty: no customer has a completed order on or before the as-of date "
            "(orders_load_summary says where the orders went); training needs at least 1 "
            "customer with a completed order in a labelled snapshot; you have 0"
        )
    return Snapshots(_typed(frame, contract), pd.Timestamp(as_of), contract, shares, sampling.describe(shares, sample))


def _rows_query(table: exp.Table, columns: list[str], shares: dict) -> exp.Select:
    """The sampled rows of every labelled snapshot and all of the validation (latest) one, flagged SAMPLED."""
    sampled = sampling.in_sample(shares)
    keep = sampled
    if shares:
        latest = exp.cast(exp.Literal.string(max(shares).date().isoformat()), "date")
        keep = exp.or_(_DATE.eq(latest), sampled)
    return (
        exp.select(*[exp.column(c, quoted=True) for c in columns], exp.alias_(sampled, SAMPLED, quoted=True))
        .from_(table)
        .where(exp.and_(_LABELLED, exp.paren(keep)))
        .order_by(_DATE, exp.column("customer_id", quoted=True))
    )


def default_sample(wh) -> sampling.Sample:
    """The training budget: the var if set (checked by the var rules), else the measured default."""
    value = wh.project.var(sampling.SAMPLE_ROWS_VAR)
    validate_vars({sampling.SAMPLE_ROWS_VAR: value})
    return sampling.Sample(DEFAULT_ROWS if value is None else int(value))


def _typed(frame: pd.DataFrame, contract: Contract) -> pd.DataFrame:
    """Engine-independent dtypes and values: the same rows give the same models on DuckDB and PostgreSQL."""
    frame = frame.copy()
    frame["customer_id"] = frame["customer_id"].astype(str)
    # one resolution: Spark's dates arrive as datetime64[s], DuckDB's as [us], and the hash sees the unit
    frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"]).astype("datetime64[ns]")
    frame[SAMPLED] = frame[SAMPLED].astype(bool)
    for column in [*contract.numeric_features, contract.value_label]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64").round(DECIMALS)
    frame[contract.churn_label] = frame[contract.churn_label].astype("int64")
    for column in contract.categorical_features:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame.reset_index(drop=True)


def check_trainable(split) -> None:
    """The training snapshots and the validation snapshot each hold both classes (time_split already refused too
    short a history): a churn model needs both to learn from, and its validation metrics both to be defined."""
    label = split.contract.churn_label
    last_training = pd.Timestamp(split.train["snapshot_date"].max()).date()
    for rows, where in [
        (split.train, f"the training snapshots (up to {last_training})"),
        (split.valid, f"the validation snapshot {split.valid_date.date()}"),
    ]:
        churned = int(rows[label].sum())
        if churned in (0, len(rows)):
            raise TrainingDataError(
                f"{label} has a single class over {where}: training needs at least 1 customer who bought within the "
                f"label horizon ({label} = 0) and 1 who did not (= 1) there; you have {len(rows) - churned} who "
                f"bought and {churned} who did not"
            )
