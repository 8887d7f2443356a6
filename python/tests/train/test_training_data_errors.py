"""`lifecycle train` refuses data it cannot honestly learn from, with a message that says why."""
import shutil

import pandas as pd
import pytest
import yaml

from customer_lifecycle.train import TrainingDataError, train
from customer_lifecycle.train.snapshots import CHURN_LABEL, FEATURES, NUMERIC_FEATURES, VALUE_LABEL
from customer_lifecycle.warehouse import Warehouse
from repository import REPOSITORY_DIR as PROJECT_DIR


def _features(months: int, churn) -> pd.DataFrame:
    rows = []
    for i, date in enumerate(pd.date_range("2025-01-01", periods=months, freq="MS")):
        for customer in range(20):
            row = {c: float(customer + i) for c in NUMERIC_FEATURES}
            rows.append({"customer_id": f"C{customer}", "snapshot_date": date.date(), **row,
                         "acquisition_channel": "organic", CHURN_LABEL: churn(customer), VALUE_LABEL: 10.0,
                         "is_labelled": 1})
    return pd.DataFrame(rows)


@pytest.fixture
def warehouse(tmp_path):
    # A project dir of its own: should training ever succeed here, it must not overwrite the repo's artifacts.
    shutil.copy(PROJECT_DIR / "profiles.yml", tmp_path)
    shutil.copy(PROJECT_DIR / "dbt_project.yml", tmp_path)
    wh = Warehouse(duckdb_path=tmp_path / "features.duckdb", project_dir=tmp_path)
    yield wh
    wh.close()


def _load(wh, frame: pd.DataFrame) -> None:
    wh.connection.register("frame", frame)
    wh.execute("create or replace table customer_features as select * from frame")


def test_missing_feature_columns_are_named(warehouse):
    _load(warehouse, _features(12, lambda c: c % 2).drop(columns=["return_rate", "lt_t"]))
    with pytest.raises(TrainingDataError, match=r"\['return_rate', 'lt_t'\]"):
        train(warehouse, with_card=False)


def test_a_single_class_is_refused(warehouse):
    _load(warehouse, _features(12, lambda c: 0))
    with pytest.raises(TrainingDataError, match="single class"):
        train(warehouse, with_card=False)


def test_too_short_a_history_is_refused_naming_the_first_date_the_data_needs(warehouse):
    _load(warehouse, _features(2, lambda c: c % 2))  # as-of 2025-02-01: validation 2024-10-31, training 2024-07-31
    with pytest.raises(TrainingDataError, match="orders would need to start on or before 2024-07-31"):
        train(warehouse, with_card=False)


def test_a_history_too_short_for_forward_folds_tunes_with_folds_grouped_by_customer(warehouse):
    _load(warehouse, _features(4, lambda c: c % 2))  # one training snapshot (2025-01-01), validation 2025-04-01
    report = train(warehouse, progress=lambda message: None, with_card=False)
    assert set(report.registry["tuning"]) == {"3 folds grouped by customer within the training snapshots "
                                              "(history too short for a forward fold: they share calendar time)"}
    deployed = report.registry[report.registry["deployed"]].iloc[0]
    assert (deployed["train_last_snapshot"], deployed["refit_last_snapshot"]) == ("2025-01-01", "2025-04-01")


def test_feature_list_matches_the_features_contract():
    spec = yaml.safe_load((PROJECT_DIR / "models" / "marts" / "customer_features.yml").read_text())
    contract = {c["name"] for c in spec["models"][0]["columns"]}
    assert set(FEATURES) <= contract
