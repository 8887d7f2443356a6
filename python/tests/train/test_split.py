"""Time-based validation never lets a training label look past the validation snapshot."""
import numpy as np
import pandas as pd

from customer_lifecycle.train.split import ForwardSnapshotCV, time_split

HORIZON = 90


def _frame(months: int = 12, customers: int = 5) -> pd.DataFrame:
    dates = pd.date_range("2025-01-01", periods=months, freq="MS")
    return pd.DataFrame([{"snapshot_date": d, "customer_id": c} for d in dates for c in range(customers)])


def test_outer_split_trains_only_on_labels_matured_by_the_validation_date():
    split = time_split(_frame(), HORIZON)
    assert split.valid["snapshot_date"].nunique() == 1
    assert (split.train["snapshot_date"] + pd.Timedelta(days=HORIZON) <= split.valid_date).all()


def test_cv_folds_look_forward_with_a_label_horizon_gap():
    dates = _frame()["snapshot_date"].to_numpy()
    folds = list(ForwardSnapshotCV(HORIZON).split(groups=dates))
    assert len(folds) == 3
    for train, valid in folds:
        valid_dates = np.unique(dates[valid])
        assert len(valid_dates) == 1
        assert (dates[train] + np.timedelta64(HORIZON, "D") <= valid_dates[0]).all()


def test_cv_drops_folds_with_nothing_to_train_on():
    dates = _frame(months=4)["snapshot_date"].to_numpy()
    assert ForwardSnapshotCV(HORIZON).get_n_splits(groups=dates) == 1
