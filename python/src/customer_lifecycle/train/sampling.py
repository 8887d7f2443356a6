"""Which labelled rows training reads: a deterministic sample drawn inside the warehouse, the same on every engine.

A row is in the sample when the first 8 hex digits of md5('<customer_id>|<YYYY-MM-DD snapshot date>') sort
below its snapshot's threshold. md5 gives lowercase hex on DuckDB, PostgreSQL and Spark, and fixed-width
lowercase hex sorts as the number it spells (digits before letters, in PostgreSQL's collations too), so the
comparison needs no engine-specific hex-to-integer cast: the same customers are sampled on every engine and
every run.

Stratified: every snapshot keeps the same fraction of its rows (the training budget over the rows of the
training snapshots), raised where that would leave fewer than MIN_CLASS_ROWS of its rarer class. Both classes
of a snapshot share one threshold, so the sample keeps each snapshot's churn rate (no reweighting needed).
The validation snapshot is read in full for the metrics; its sampled rows join the others in the final refit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlglot import exp

# The training rows' budget; unset, learning_curve.DEFAULT_ROWS (chosen from the curve measured there).
SAMPLE_ROWS_VAR = "lifecycle_training_sample_rows"
MIN_CLASS_ROWS = 1_000  # a snapshot's rarer class keeps at least this many rows (all of them if it has fewer)
HASH_DIGITS = 8


@dataclass(frozen=True)
class Sample:
    rows: int  # labelled rows to sample from the snapshots before the validation one
    min_class_rows: int = MIN_CLASS_ROWS


def fractions(counts: pd.DataFrame, sample: Sample, label: str) -> dict[pd.Timestamp, float]:
    """{snapshot date: share of its rows to keep} from the labelled rows per (snapshot_date, label) in `counts`
    (column `rows`); the latest snapshot (validation) gets the training snapshots' fraction."""
    if counts.empty:
        return {}
    counts = counts.assign(snapshot_date=pd.to_datetime(counts["snapshot_date"]))
    per_snapshot = counts.pivot_table(index="snapshot_date", columns=label, values="rows", aggfunc="sum", fill_value=0)
    training_rows = per_snapshot.iloc[:-1].to_numpy().sum()  # sorted index: the last snapshot is the validation one
    base = min(1.0, sample.rows / training_rows) if training_rows else 1.0
    result = {}
    for date, classes in per_snapshot.iterrows():
        rarer = classes[classes > 0].min()
        result[pd.Timestamp(date)] = float(min(1.0, max(base, sample.min_class_rows / rarer)))
    return result


def sample_key(customer_id: str = "customer_id", snapshot_date: str = "snapshot_date") -> exp.Expression:
    """The first HASH_DIGITS lowercase hex digits of md5('<customer id>|<YYYY-MM-DD>')."""
    key = exp.Concat(
        expressions=[
            exp.column(customer_id, quoted=True),
            exp.Literal.string("|"),
            exp.TimeToStr(this=exp.column(snapshot_date, quoted=True), format=exp.Literal.string("%Y-%m-%d")),
        ]
    )
    return exp.Substring(this=exp.MD5(this=key), start=exp.Literal.number(1), length=exp.Literal.number(HASH_DIGITS))


def threshold(fraction: float) -> str:
    """The hex prefix below which `fraction` of uniformly spread md5 prefixes fall."""
    return format(min(round(fraction * 16**HASH_DIGITS), 16**HASH_DIGITS - 1), f"0{HASH_DIGITS}x")


def in_sample(shares: dict[pd.Timestamp, float], snapshot_date: str = "snapshot_date") -> exp.Expression:
    """TRUE for the sampled rows: per snapshot, the key below that snapshot's threshold (every row at 1)."""
    if all(share >= 1 for share in shares.values()):
        return exp.true()
    case = exp.Case()
    for date, share in sorted(shares.items()):
        day = exp.cast(exp.Literal.string(date.date().isoformat()), "date")
        condition = (
            exp.true() if share >= 1 else sample_key(snapshot_date=snapshot_date) < exp.Literal.string(threshold(share))
        )
        case = case.when(exp.column(snapshot_date, quoted=True).eq(day), condition)
    return case.else_(exp.false())


def describe(shares: dict[pd.Timestamp, float], sample: Sample) -> str:
    """One line for the training log and the model card: what was sampled, and the budget that decided it."""
    budget = f"the budget of {sample.rows:,} training rows (var {SAMPLE_ROWS_VAR})"
    if all(share >= 1 for share in shares.values()):
        return f"every labelled row: the training snapshots hold fewer than {budget}"
    low, high = min(shares.values()), max(shares.values())
    return (
        f"{low:.1%}..{high:.1%} of each snapshot's rows, drawn in the warehouse by md5 of customer id and "
        f"snapshot date, for {budget}; the validation snapshot is scored in full"
    )
