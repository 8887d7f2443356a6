"""Time-based validation: train on earlier snapshots, validate on the latest fully-labelled one, and tune
hyper-parameters with folds that only ever look forward in time.

A row at snapshot t carries a label observed over (t, t + horizon]. A training row is only honest for a
validation snapshot v when its label was known at v, i.e. t + horizon <= v; otherwise the model would learn
from the customer's future. Both the outer split and the CV folds apply that gap.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV

CV_FOLDS = 3


@dataclass(frozen=True)
class TimeSplit:
    train: pd.DataFrame
    valid: pd.DataFrame
    valid_date: pd.Timestamp


def time_split(frame: pd.DataFrame, horizon_days: int) -> TimeSplit:
    """Validate on the latest labelled snapshot; train on snapshots whose labels had matured by then."""
    dates = np.sort(frame["snapshot_date"].unique())
    valid_date = pd.Timestamp(dates[-1])
    cutoff = valid_date - pd.Timedelta(days=horizon_days)
    train = frame[frame["snapshot_date"] <= cutoff]
    if train["snapshot_date"].nunique() < 2:
        from customer_lifecycle.train.snapshots import TrainingDataError

        raise TrainingDataError(
            f"too few snapshots before {cutoff.date()} (validation {valid_date.date()} minus the "
            f"{horizon_days}-day label horizon) to train and tune on: {train['snapshot_date'].nunique()}")
    return TimeSplit(train.reset_index(drop=True), frame[frame["snapshot_date"] == valid_date].reset_index(drop=True),
                     valid_date)


class ForwardSnapshotCV:
    """CV grouped by snapshot date: each fold validates on one later snapshot and trains on the snapshots
    whose labels had matured by then. `groups` are the rows' snapshot dates."""

    def __init__(self, horizon_days: int, n_splits: int = CV_FOLDS):
        self.horizon = np.timedelta64(horizon_days, "D")
        self.n_splits = n_splits

    def _folds(self, groups):
        dates = np.asarray(groups, dtype="datetime64[ns]")
        for valid_date in np.unique(dates)[-self.n_splits:]:
            train = np.flatnonzero(dates <= valid_date - self.horizon)
            if len(train):
                yield train, np.flatnonzero(dates == valid_date)

    def split(self, X=None, y=None, groups=None):
        yield from self._folds(groups)

    def get_n_splits(self, X=None, y=None, groups=None):
        return sum(1 for _ in self._folds(groups)) if groups is not None else self.n_splits


def tune(estimator, grid: dict, X: pd.DataFrame, y: pd.Series, dates: pd.Series, *, scoring: str,
         horizon_days: int):
    """Grid search over forward-in-time folds, refit on all training snapshots. Returns (model, best params, CV score)."""
    search = GridSearchCV(estimator, grid, scoring=scoring, cv=ForwardSnapshotCV(horizon_days), n_jobs=1,
                          refit=True, error_score="raise")
    search.fit(X, y, groups=dates.to_numpy())
    return search.best_estimator_, search.best_params_, float(search.best_score_)
