"""Time-based validation: train on earlier snapshots, validate on the latest fully-labelled one, tune
hyper-parameters with what the history allows, then refit the deployed models on every labelled snapshot.

A row at snapshot t carries a label observed over (t, t + horizon]. A training row is only honest for a
validation snapshot v when its label was known at v, i.e. t + horizon <= v; otherwise the model would learn
from the customer's future. Both the outer split and the forward CV folds apply that gap.

Short histories: tuning uses the forward folds that fit (up to CV_FOLDS); with none, folds grouped by
customer within the training snapshots (a customer's rows never sit on both sides, but the folds share
calendar time); with too few customers even for that, each candidate's documented defaults (zoo.py).
Each model's plan is sized on the rows it trains on (tuning_plans.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV

from customer_lifecycle.contract import Contract
from customer_lifecycle.train.snapshots import SAMPLED, Snapshots, TrainingDataError

CV_FOLDS = 3
MIN_FOLD_ROWS = (
    100  # a forward fold trains on at least this many rows (the trees' min_samples_leaf), else it is dropped
)
# cadence var -> pandas period; int_lifecycle__snapshot_dates snapshots the as-of date and the period ends before it
# (weeks end on Sunday, quarters on the last day of March, June, September and December)
CADENCE_PERIOD = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q-DEC"}


@dataclass(frozen=True)
class TimeSplit:
    train: pd.DataFrame
    valid: pd.DataFrame
    valid_date: pd.Timestamp
    refit: pd.DataFrame  # every labelled snapshot (sampled): the deployed models are refit on it after validation
    contract: Contract  # the frames' feature and label columns


def _snapshot_on_or_before(date: pd.Timestamp, as_of: pd.Timestamp, cadence: str) -> pd.Timestamp:
    """The latest snapshot date (the as-of date, or a period end of the cadence) on or before `date`."""
    if date >= as_of:
        return as_of
    day = pd.Timedelta(days=1)
    # the period holding the day after `date` starts the day after the latest period end <= `date`
    return (date + day).to_period(CADENCE_PERIOD[cadence]).start_time.normalize() - day


def first_date_needed(as_of: pd.Timestamp, horizon_days: int, cadence: str) -> pd.Timestamp:
    """The snapshot a first order must precede for one training snapshot before the validation snapshot."""
    horizon = pd.Timedelta(days=horizon_days)
    valid = _snapshot_on_or_before(as_of - horizon, as_of, cadence)
    return _snapshot_on_or_before(valid - horizon, as_of, cadence)


def time_split(snapshots: Snapshots, horizon_days: int, cadence: str = "month") -> TimeSplit:
    """Validate on the latest labelled snapshot; train on snapshots whose labels had matured by then."""
    frame, as_of = snapshots.frame, snapshots.as_of
    dates = np.sort(frame["snapshot_date"].unique())
    train = frame.iloc[:0]
    if len(dates):
        valid_date = pd.Timestamp(dates[-1])
        train = frame[frame["snapshot_date"] <= valid_date - pd.Timedelta(days=horizon_days)]
    if train.empty:
        needed = first_date_needed(as_of, horizon_days, cadence)
        raise TrainingDataError(
            f"no labelled snapshot lies {horizon_days} days (the label horizon) before the validation snapshot, "
            f"so nothing can be trained honestly: the orders would need to start on or before {needed.date()} "
            f"(as-of {as_of.date()}, a snapshot every {cadence}); or shorten lifecycle_label_horizon_days"
        )
    valid = frame[frame["snapshot_date"] == valid_date]
    # a sampled read (load_snapshots) holds the whole validation snapshot; only its sampled rows are refit on
    refit = frame[frame[SAMPLED]] if SAMPLED in frame else frame
    return TimeSplit(
        train.reset_index(drop=True),
        valid.reset_index(drop=True),
        valid_date,
        refit.reset_index(drop=True),
        snapshots.contract,
    )


class ForwardSnapshotCV:
    """CV grouped by snapshot date: each fold validates on one later snapshot and trains on the snapshots
    whose labels had matured by then (at least MIN_FOLD_ROWS rows). `groups` are the rows' snapshot dates."""

    def __init__(self, horizon_days: int, n_splits: int = CV_FOLDS):
        self.horizon = np.timedelta64(horizon_days, "D")
        self.n_splits = n_splits

    def _folds(self, groups):
        dates = np.asarray(groups, dtype="datetime64[ns]")
        for valid_date in np.unique(dates)[-self.n_splits :]:
            train = np.flatnonzero(dates <= valid_date - self.horizon)
            if len(train) >= MIN_FOLD_ROWS:
                yield train, np.flatnonzero(dates == valid_date)

    def split(self, X=None, y=None, groups=None):
        yield from self._folds(groups)

    def get_n_splits(self, X=None, y=None, groups=None):
        return sum(1 for _ in self._folds(groups)) if groups is not None else self.n_splits


@dataclass(frozen=True)
class Tuning:
    """How hyper-parameters are chosen: CV folds and the column holding their groups, or None = defaults."""

    cv: object | None
    groups: str | None
    description: str


def defaults(grid: dict) -> dict:
    """A grid's documented defaults: the first value of each parameter (zoo.py lists the simplest first)."""
    return {name: values[0] for name, values in grid.items()}


def tune(
    estimator, grid: dict, X: pd.DataFrame, y: pd.Series, groups: pd.Series | None, tuning: Tuning, *, scoring: str
):
    """Grid search with the tuning's folds, refit on all training rows. Returns (model, best params, CV score)."""
    if tuning.cv is None:
        params = defaults(grid)
        return clone(estimator).set_params(**params).fit(X, y), params, None
    search = GridSearchCV(estimator, grid, scoring=scoring, cv=tuning.cv, n_jobs=1, refit=True, error_score="raise")
    search.fit(X, y, groups=groups.to_numpy())
    return search.best_estimator_, search.best_params_, float(search.best_score_)
