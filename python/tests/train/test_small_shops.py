"""Shops too small or too odd to train (issue 23): any shop that builds either trains, saying how each model was
tuned, or `lifecycle train` stops with one line saying what is missing; never a library's traceback.

Property-based: hypothesis draws small shops (a few customers, a few months, some or all orders cancelled) from
the sample shop's simulator; each is built by dbt into one DuckDB file of one shared project copy, then trained
through the command line. A fixed seed (derandomize) keeps CI deterministic; the issue's two crashes are pinned
as explicit examples.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from project_copy import copy_project

from customer_lifecycle.cli import main
from customer_lifecycle.datagen import generate_shop
from customer_lifecycle.warehouse import Warehouse

SOURCE_SCHEMA = "shop_src"
START = pd.Timestamp("2025-01-01")


@pytest.fixture(scope="module")
def shop_project(tmp_path_factory):
    """One project copy and DuckDB file for every drawn shop: training writes its artifacts here."""
    project = copy_project(tmp_path_factory.mktemp("small_shops"))
    return project, project / "shop.duckdb"


def _vars(horizon_days: int, cadence: str) -> dict:
    return {
        "lifecycle_use_sample_shop": False,
        "lifecycle_source_schema": SOURCE_SCHEMA,
        "lifecycle_label_horizon_days": horizon_days,
        "lifecycle_snapshot_cadence": cadence,
    }


def _build(project, database, tables: dict[str, pd.DataFrame], variables: dict) -> None:
    """Replace the raw tables with the shop's and build what training reads, with its data tests."""
    wh = Warehouse(duckdb_path=database, project_dir=project, vars=variables, quiet=True)
    wh.execute(f"create schema if not exists {SOURCE_SCHEMA}")
    for name, frame in tables.items():
        wh.connection.register("frame", frame.astype(object).astype(str).where(frame.notna(), None))
        wh.execute(f"create or replace table {SOURCE_SCHEMA}.{name} as select * from frame")
        wh.connection.unregister("frame")
    wh.close()
    wh.dbt("build", "--select", "+customer_features", "--indirect-selection", "cautious", "--exclude", "test_type:unit")


def _train(project, database, variables: dict) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(
            ["train", "--project-dir", str(project), "--duckdb-path", str(database), "--vars", json.dumps(variables)]
        )
    return code, err.getvalue()


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    customers=st.integers(1, 200),
    months=st.integers(1, 18),
    cancelled=st.sampled_from([0.0, 0.5, 1.0]),
    horizon_days=st.sampled_from([30, 90]),
    cadence=st.sampled_from(["month", "week"]),
    seed=st.integers(0, 2**16),
)
@example(customers=300, months=15, cancelled=0.0, horizon_days=90, cadence="month", seed=1)  # spend: no fits
@example(customers=60, months=15, cancelled=1.0, horizon_days=90, cadence="month", seed=1)  # NaT as-of date
@example(customers=143, months=10, cancelled=0.0, horizon_days=90, cadence="month", seed=489)  # a fold, one class
@example(customers=143, months=10, cancelled=0.0, horizon_days=90, cadence="week", seed=489)  # SVM: 2 churners
def test_a_small_shop_trains_or_stops_with_one_line_saying_what_is_missing(
    shop_project, customers, months, cancelled, horizon_days, cadence, seed
):
    project, database = shop_project
    end = START + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    tables = generate_shop(customers, seed=seed, start=str(START.date()), end=str(end.date()))
    orders = tables["raw_orders"]
    orders.loc[orders.sample(frac=cancelled, random_state=seed).index, "status"] = "cancelled"
    variables = _vars(horizon_days, cadence)
    _build(project, database, tables, variables)

    code, err = _train(project, database, variables)

    if code == 0:
        registry = pd.read_csv(project / "seeds" / "ml_model_registry.csv")
        assert registry["tuning"].notna().all()  # each model says how it was tuned
        assert {"churn_lr", "churn_tree", "value_tree", "value_linear", "spend_tree"} <= set(registry["model"])
    else:
        (line,) = err.strip().splitlines()
        assert line.startswith("lifecycle train: TrainingDataError: "), line
