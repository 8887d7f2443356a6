"""`lifecycle train` samples the same rows of customer_features on DuckDB, PostgreSQL and Spark.

The sample shop's marts are the ones the engine comparison builds (conftest.py): no build of its own. A budget
far below the shop's training rows makes the hash threshold decide (the default budget keeps every row there).
"""

from __future__ import annotations

import pytest

from customer_lifecycle.train.sampling import Sample
from customer_lifecycle.train.snapshots import SAMPLED, load_snapshots

SMALL = Sample(rows=3_000, min_class_rows=50)
KEYS = ["snapshot_date", "customer_id", SAMPLED]


@pytest.fixture(scope="session")
def duckdb_sample(sample_shop_duckdb):
    return load_snapshots(sample_shop_duckdb, sample=SMALL)


def test_the_sample_is_stratified_and_the_validation_snapshot_is_read_in_full(sample_shop_duckdb, duckdb_sample):
    frame, label = duckdb_sample.frame, duckdb_sample.contract.churn_label
    every = sample_shop_duckdb.query(
        f"select snapshot_date, count(*) as n, count(distinct {label}) as classes "
        "from customer_features where is_labelled = 1 group by snapshot_date "
        "order by snapshot_date"
    )
    validation = frame["snapshot_date"].max()
    assert (frame.groupby("snapshot_date").size().to_numpy() <= every["n"].to_numpy()).all()
    assert (frame["snapshot_date"] == validation).sum() == every["n"].iloc[-1]  # read in full for the metrics
    training = frame[frame["snapshot_date"] < validation]
    assert training[SAMPLED].all() and 0.5 * SMALL.rows < len(training) < 2 * SMALL.rows  # the hash decided
    assert 0 < frame.loc[frame["snapshot_date"] == validation, SAMPLED].mean() < 1
    classes = frame[frame[SAMPLED]].groupby("snapshot_date")[label].nunique()
    assert classes.tolist() == every["classes"].tolist()  # every snapshot, with each class it has


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_the_sampled_keys_are_the_same_on_every_engine(engine, request, duckdb_sample):
    other = load_snapshots(request.getfixturevalue(f"sample_shop_{engine}"), sample=SMALL)
    assert other.shares == duckdb_sample.shares
    assert other.frame[KEYS].equals(duckdb_sample.frame[KEYS])
