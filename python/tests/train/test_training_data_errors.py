"""`lifecycle train` refuses data it cannot honestly learn from, with a message that says why."""

import shutil

import pandas as pd
import pytest
from repository import REPOSITORY_DIR as PROJECT_DIR

from customer_lifecycle.train import TrainingDataError, train
from customer_lifecycle.warehouse import Warehouse


@pytest.fixture(scope="module")
def contract(committed):
    """The package's contract, from the manifest of a built copy of the project."""
    return committed.contract


@pytest.fixture
def features_frame(contract):
    def frame(months: int, churn) -> pd.DataFrame:
        rows = []
        for i, date in enumerate(pd.date_range("2025-01-01", periods=months, freq="MS")):
            for customer in range(20):
                row = {c: float(customer + i) for c in contract.numeric_features}
                rows.append(
                    {
                        "customer_id": f"C{customer}",
                        "snapshot_date": date.date(),
                        **row,
                        **{c: "organic" for c in contract.categorical_features},
                        contract.churn_label: churn(customer),
                        contract.value_label: 10.0,
                        "is_labelled": 1,
                    }
                )
        return pd.DataFrame(rows)

    return frame


@pytest.fixture
def warehouse(tmp_path, contract):
    # A project dir of its own: should training ever succeed here, it must not overwrite the repo's artifacts.
    # It holds no models to parse: the contract comes from the package's manifest.
    shutil.copy(PROJECT_DIR / "profiles.yml", tmp_path)
    shutil.copy(PROJECT_DIR / "dbt_project.yml", tmp_path)
    # only customer_features is loaded: no order lines, so no product similarity to train (the sample shop's default)
    wh = Warehouse(
        duckdb_path=tmp_path / "features.duckdb", project_dir=tmp_path, vars={"lifecycle_has_order_lines": False}
    )
    wh.contract = contract
    yield wh
    wh.close()


def _load(wh, frame: pd.DataFrame) -> None:
    wh.connection.register("frame", frame)
    wh.execute("create or replace table customer_features as select * from frame")


def test_missing_feature_columns_are_named(warehouse, features_frame):
    _load(warehouse, features_frame(12, lambda c: c % 2).drop(columns=["return_rate", "lt_t"]))
    with pytest.raises(TrainingDataError, match=r"\['return_rate', 'lt_t'\]"):
        train(warehouse, with_card=False)


def test_a_single_class_is_refused(warehouse, features_frame):
    _load(warehouse, features_frame(12, lambda c: 0))
    with pytest.raises(TrainingDataError, match="single class"):
        train(warehouse, with_card=False)


def test_too_short_a_history_is_refused_naming_the_first_date_the_data_needs(warehouse, features_frame):
    _load(warehouse, features_frame(2, lambda c: c % 2))  # as-of 2025-02-01: validation 2024-10-31, training 2024-07-31
    with pytest.raises(TrainingDataError, match="orders would need to start on or before 2024-07-31"):
        train(warehouse, with_card=False)


def test_a_history_too_short_for_forward_folds_tunes_with_folds_grouped_by_customer(warehouse, features_frame):
    _load(warehouse, features_frame(4, lambda c: c % 2))  # one training snapshot (2025-01-01), validation 2025-04-01
    report = train(warehouse, progress=lambda message: None, with_card=False)
    assert set(report.registry["tuning"]) == {
        "3 folds grouped by customer within the training snapshots "
        "(history too short for a forward fold: they share calendar time)"
    }
    deployed = report.registry[report.registry["deployed"]].set_index("model")
    # value models are refit on every labelled snapshot; churn models keep the training window (their
    # calibration map is what learns from the validation snapshot: calibration.py)
    assert (deployed.loc["value_tree", "train_last_snapshot"], deployed.loc["value_tree", "refit_last_snapshot"]) == (
        "2025-01-01",
        "2025-04-01",
    )
    assert deployed.loc["churn_lr", "refit_last_snapshot"] == "2025-01-01"


def test_an_empty_customer_features_says_what_is_missing(warehouse, features_frame):
    _load(warehouse, features_frame(12, lambda c: c % 2).iloc[:0])  # e.g. every order cancelled
    with pytest.raises(
        TrainingDataError,
        match="customer_features is empty: .* needs at least 1 customer with a "
        "completed order in a labelled snapshot; you have 0$",
    ):
        train(warehouse, with_card=False)


def test_a_single_class_on_the_validation_snapshot_is_refused(warehouse, features_frame):
    frame = features_frame(12, lambda c: c % 2)
    frame.loc[frame["snapshot_date"] == frame["snapshot_date"].max(), "churned_within_h"] = 1
    _load(warehouse, frame)
    with pytest.raises(
        TrainingDataError,
        match="single class over the validation snapshot 2025-12-01: .*; you have 0 who bought and 20 who did not$",
    ):
        train(warehouse, with_card=False)


def test_a_class_too_rare_for_some_compared_models_trains_the_others_and_says_which(warehouse, features_frame):
    _load(warehouse, features_frame(4, lambda c: int(c == 0)))  # one churned customer per snapshot
    lines = []
    report = train(warehouse, progress=lines.append, with_card=False)
    skipped = {line.split()[1] for line in lines if line.startswith("skipped ")}
    assert skipped == {"churn_svm", "churn_mlp"}
    assert not skipped & set(report.registry["model"])
    assert set(report.registry[report.registry["deployed"]]["model"]) == {
        "churn_lr",
        "churn_tree",
        "value_tree",
        "value_linear",
        "spend_tree",
    }
