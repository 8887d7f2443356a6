"""Time-based validation never lets a training label look past the validation snapshot."""

import numpy as np
import pandas as pd
import pytest

from customer_lifecycle.contract import Contract
from customer_lifecycle.train.snapshots import Snapshots, TrainingDataError
from customer_lifecycle.train.split import (
    CV_FOLDS,
    ForwardSnapshotCV,
    _snapshot_on_or_before,
    first_date_needed,
    time_split,
)
from customer_lifecycle.train.tuning_plans import tuning_plan

HORIZON = 90
AS_OF = pd.Timestamp("2026-04-01")  # after _frame()'s last snapshot by more than the horizon
CONTRACT = Contract(["recency_days"], [], "churned_within_h", "value_within_h")


def _snapshots(frame: pd.DataFrame, as_of: pd.Timestamp = AS_OF) -> Snapshots:
    return Snapshots(frame, as_of, CONTRACT, shares={}, sample="every labelled row")


def _frame(months: int = 12, customers: int = 5) -> pd.DataFrame:
    dates = pd.date_range("2025-01-01", periods=months, freq="MS")
    return pd.DataFrame(
        [{"snapshot_date": d, "customer_id": c, CONTRACT.churn_label: c % 2} for d in dates for c in range(customers)]
    )


def test_outer_split_trains_only_on_labels_matured_by_the_validation_date():
    split = time_split(_snapshots(_frame()), HORIZON)
    assert split.valid["snapshot_date"].nunique() == 1
    assert (split.train["snapshot_date"] + pd.Timedelta(days=HORIZON) <= split.valid_date).all()


def test_deployed_models_are_refit_on_every_labelled_snapshot():
    frame = _frame()
    assert time_split(_snapshots(frame), HORIZON).refit.equals(frame)


@pytest.mark.parametrize(
    "months, expected",
    [
        (12, "3 forward folds"),
        (5, "2 forward folds grouped by snapshot date (only 2 fit"),
        (3, "3 folds grouped by customer"),
    ],
)
def test_tuning_uses_what_the_history_allows(months, expected):
    assert tuning_plan(_frame(months, customers=100), HORIZON, CONTRACT.churn_label).description.startswith(expected)


def test_too_few_customers_for_folds_fall_back_to_documented_defaults():
    plan = tuning_plan(_frame(3, customers=4), HORIZON, CONTRACT.churn_label)
    assert plan.cv is None and "defaults" in plan.description


def test_no_snapshot_a_horizon_before_validation_names_the_first_date_the_data_needs():
    # as-of 2025-10-01: validation 2025-06-30 (the last month end a horizon before), training needs 2025-03-31
    assert first_date_needed(pd.Timestamp("2025-10-01"), HORIZON, "month") == pd.Timestamp("2025-03-31")
    frame = _frame(7)[lambda f: f["snapshot_date"] >= "2025-05-01"]  # history starts a month late
    with pytest.raises(TrainingDataError, match="on or before 2025-03-31"):
        time_split(_snapshots(frame, pd.Timestamp("2025-10-01")), HORIZON)


@pytest.mark.parametrize(
    "cadence, date, expected",
    [
        ("day", "2025-06-15", "2025-06-15"),
        ("week", "2025-06-15", "2025-06-15"),  # a Sunday
        ("week", "2025-06-14", "2025-06-08"),
        ("month", "2025-06-30", "2025-06-30"),
        ("quarter", "2025-06-29", "2025-03-31"),
        ("quarter", "2025-09-29", "2025-06-30"),
        ("month", "2025-10-05", "2025-10-01"),  # on or after the as-of date: the as-of date itself
    ],
)
def test_snapshot_grid_is_the_calendar_period_ends_and_the_as_of_date(cadence, date, expected):
    # the same grid as int_lifecycle__snapshot_dates (its unit tests pin the SQL side)
    as_of = pd.Timestamp("2025-10-01")
    assert _snapshot_on_or_before(pd.Timestamp(date), as_of, cadence) == pd.Timestamp(expected)


def test_cv_folds_look_forward_with_a_label_horizon_gap():
    dates = _frame(customers=100)["snapshot_date"].to_numpy()
    folds = list(ForwardSnapshotCV(HORIZON).split(groups=dates))
    assert len(folds) == 3
    for train, valid in folds:
        valid_dates = np.unique(dates[valid])
        assert len(valid_dates) == 1
        assert (dates[train] + np.timedelta64(HORIZON, "D") <= valid_dates[0]).all()


def test_cv_drops_folds_with_nothing_or_too_little_to_train_on():
    assert ForwardSnapshotCV(HORIZON).get_n_splits(groups=_frame(4, customers=100)["snapshot_date"]) == 1
    assert ForwardSnapshotCV(HORIZON).get_n_splits(groups=_frame(4, customers=99)["snapshot_date"]) == 0


def test_the_spend_model_tunes_with_the_folds_its_buyers_fill_not_those_of_all_rows():
    frame = _frame(5, customers=100)  # 2 forward folds on every row; half the rows are buyers (churned 0)
    buyers = frame[frame[CONTRACT.churn_label] == 0]
    assert tuning_plan(frame, HORIZON, CONTRACT.churn_label).description.startswith("2 forward folds")
    plan = tuning_plan(buyers, HORIZON)  # a regressor: any customers, no classes
    assert plan.description.startswith("3 folds grouped by customer") and len(plan.cv) == 3


def test_a_classifier_gets_only_folds_whose_training_part_holds_both_classes():
    frame = _frame(12, customers=100)
    early = frame["snapshot_date"] < "2025-08-01"
    frame.loc[early, CONTRACT.churn_label] = 0  # the first folds would train on one class only
    plan = tuning_plan(frame, HORIZON, CONTRACT.churn_label)
    assert 0 < len(plan.cv) < CV_FOLDS
    for train, _ in plan.cv:
        assert frame[CONTRACT.churn_label].iloc[train].nunique() == 2
