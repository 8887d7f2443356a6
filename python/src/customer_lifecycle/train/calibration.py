"""Calibrated churn probabilities: every churn model is followed by a calibration map (none, Platt's sigmoid or
isotonic), fitted on snapshots after the model's training rows, so the probabilities track the churn rate of
the period they are used in, not the one the model learned from.

The time chain (H = the label horizon; a row at t is labelled over (t, t + H]; t_valid = the newest labelled
snapshot, t_cal = the newest snapshot <= t_valid - H):
- validation: the model (tuned parameters) fit on the snapshots <= t_cal - H, the map on the snapshots of the
  horizon after them, (t_cal - H, t_cal]; the metrics on t_valid. Neither saw a label of t_valid: every label
  they read ends by t_cal + H <= t_valid.
- deployed: the tuned model (fit on the snapshots <= t_valid - H: split.train) and its map refit on the
  snapshots (t_valid - H, t_valid], the newest labelled one read in full.
  Why a horizon of snapshots, not t_cal alone: the map of one snapshot carries that snapshot's churn rate
  and noise (sample shop, validation log loss of churn_lr: 0.4769 from t_cal alone, 0.4715 from the window).
  Their label windows overlap the model's last ones: the map sees the period the model learned from last,
  never the validation's.
- short history (no snapshot <= t_cal - H, or a single class there or in the window): the model is the tuned
  one and the map is cross-fitted on t_valid (FOLDS folds): each row's validation probability comes from a map
  that never saw it, but the choice of method saw every row of t_valid. The registry's `calibration` says so.
  The deployed map is refit on t_valid alone, as validated: no window of older snapshots was checked against a
  later one here, and on a young shop that window holds its younger snapshots, whose churn rate is lower
  (churn_lr's mean at the as-of date against the actual rate: CDNOW at 9 months 0.843 -> 0.790 vs 0.823,
  Online Retail at 7 months 0.417 -> 0.434 vs 0.499; docs/real_data_benchmark.md).

The method: the lowest log loss (a proper scoring rule) cross-fitted on the map's rows, among none, sigmoid
and isotonic: one snapshot left out at a time when there are several (so `none`, and each map, is judged on
a snapshot it was not fit on, as it will be used), else FOLDS stratified folds. `none` only for a model
trained without class weights (weights shift the probabilities; they must be recalibrated). The map reads the
model's margin where it has one (logistic regression), else its probability. Fitted parameters are rounded as
deploy.py rounds the linear models', so the artifacts are byte-identical across BLAS kernels: Platt's (a, b) to
SIGNIFICANT_DIGITS digits, and the isotonic map is fit on margins summed exactly (math.fsum), never through BLAS.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

from customer_lifecycle.calibrated import CalibratedClassifier, reads_margin
from customer_lifecycle.train.deploy import SIGNIFICANT_DIGITS
from customer_lifecycle.train.metrics import clipped_log_loss

FOLDS = 5
SEED = 0
NONE = "none"


@dataclass(frozen=True)
class CalibrationChain:
    """The rows of the time chain (module docstring); the recency baseline learns from `fit_rows` too, so the
    validation compares models trained on the same window."""

    fit_rows: pd.DataFrame  # the validated model's training rows (short history: the tuned model's, split.train)
    calibration_rows: pd.DataFrame  # the validated model's map: (t_cal - H, t_cal], or t_valid (short history)
    deployed_calibration_rows: pd.DataFrame  # the deployed map: (t_valid - H, t_valid]
    cross_fitted: bool  # short history: the validated map is cross-fitted on t_valid
    description: str

    @property
    def calibration_snapshots(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        dates = self.calibration_rows["snapshot_date"]
        return pd.Timestamp(dates.min()), pd.Timestamp(dates.max())


def _day(date) -> str:
    return pd.Timestamp(date).date().isoformat()


def _span(rows: pd.DataFrame) -> str:
    first, last = rows["snapshot_date"].min(), rows["snapshot_date"].max()
    return _day(first) if first == last else f"{_day(first)}..{_day(last)}"


def calibration_chain(split, horizon_days: int) -> CalibrationChain:
    """The chain for a TimeSplit: its train rows are the snapshots <= t_valid - H, refit every labelled one."""
    horizon, label = pd.Timedelta(days=horizon_days), split.contract.churn_label
    train, valid, valid_date, refit = split.train, split.valid, split.valid_date, split.refit
    calibration_date = train["snapshot_date"].max()
    model = f"deployed: model fit on snapshots <= {_day(calibration_date)}"
    fit_rows = train[train["snapshot_date"] <= calibration_date - horizon]
    calibration_rows = train[train["snapshot_date"] > calibration_date - horizon]
    if fit_rows[label].nunique() == 2 and calibration_rows[label].nunique() == 2:
        latest = refit[(refit["snapshot_date"] > valid_date - horizon) & (refit["snapshot_date"] < valid_date)]
        deployed_rows = pd.concat([latest, valid], ignore_index=True)
        deployed = f"{model}, map refit on {_span(deployed_rows)}"
        validated = (
            f"validated: model fit on snapshots <= {_day(fit_rows['snapshot_date'].max())}, "
            f"map fit on {_span(calibration_rows)}"
        )
        return CalibrationChain(
            fit_rows.reset_index(drop=True),
            calibration_rows.reset_index(drop=True),
            deployed_rows,
            False,
            f"{validated}; {deployed}",
        )
    return CalibrationChain(
        train,
        valid,
        valid,  # the map as validated: a window of older snapshots was never checked against a later one
        True,
        f"short history (no labelled snapshot two horizons before {_day(valid_date)}): the "
        f"validated map cross-fitted on {_day(valid_date)} in {FOLDS} folds, the method chosen "
        f"on the same rows; {model}, map refit on {_day(valid_date)}",
    )


def _margins(model, X: pd.DataFrame) -> np.ndarray:
    """The calibration map's input; a linear margin summed exactly (no BLAS: the same bits on every machine)."""
    if not reads_margin(model):
        return model.predict_proba(X)[:, 1]
    if not hasattr(model, "coef_"):
        return model.decision_function(X)
    coef, intercept = np.ravel(model.coef_), float(np.ravel(model.intercept_)[0])
    return np.array([math.fsum(row * coef) for row in X.to_numpy(dtype=float)]) + intercept


def _significant(value: float, largest: float) -> float:
    return round(value, SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(largest))) if largest else value


def _fit_map(method: str, scores: np.ndarray, y: np.ndarray) -> dict:
    if method == "sigmoid":
        platt = LogisticRegression(C=np.inf).fit(scores[:, None], y)
        a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        largest = max(abs(a), abs(b))
        return {"sigmoid": (_significant(a, largest), _significant(b, largest))}
    return {"isotonic": IsotonicRegression(out_of_bounds="clip").fit(scores, y)}


def calibrated(model, method: str, X: pd.DataFrame, y) -> object:
    """`model` followed by a `method` map fit on (X, y); `none` returns the model itself."""
    if method == NONE:
        return model
    y = np.asarray(y)
    return CalibratedClassifier(model, method, **_fit_map(method, _margins(model, X), y))


def served(model):
    """What is deployed: a logistic regression with Platt's map folded into its coefficients
    (expit(a * (w.x + c) + b) = expit((a w).x + (a c + b))), so it stays one linear expression whose odds ratios
    and reasons describe the served probability; any other calibrated model as it is."""
    if not (
        isinstance(model, CalibratedClassifier)
        and model.method == "sigmoid"
        and isinstance(model.base, LogisticRegression)
    ):
        return model
    a, b = model.sigmoid
    folded = copy.deepcopy(model.base)
    folded.coef_ = model.base.coef_ * a
    folded.intercept_ = model.base.intercept_ * a + b
    return folded


def _folds(y: np.ndarray, snapshots: np.ndarray):
    if len(np.unique(snapshots)) > 1:
        return LeaveOneGroupOut().split(y, y, snapshots)
    return StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(y, y)


def cross_fitted(model, method: str, X: pd.DataFrame, y, snapshots) -> np.ndarray:
    """Out-of-fold calibrated probabilities: each row's from a map fit on the other snapshots (other folds of a
    single snapshot)."""
    y = np.asarray(y)
    if method == NONE:
        return model.predict_proba(X)[:, 1]
    scores, out = _margins(model, X), np.empty(len(y))
    for fit, held in _folds(y, np.asarray(snapshots)):
        out[held] = CalibratedClassifier(model, method, **_fit_map(method, scores[fit], y[fit])).calibrate(scores[held])
    return out


def methods_for(params: dict) -> list[str]:
    """Class weights shift the probabilities: such a model is always recalibrated."""
    weighted = any(key.endswith("class_weight") and value is not None for key, value in params.items())
    return ["sigmoid", "isotonic"] if weighted else [NONE, "sigmoid", "isotonic"]


def choose_method(model, params: dict, X: pd.DataFrame, y, snapshots) -> tuple[str, dict[str, float]]:
    """The method with the lowest cross-fitted log loss on (X, y) (ties: the simpler, listed first); `none`
    with no losses when a class has fewer than FOLDS rows there: no map can be fit and judged on so few."""
    if np.bincount(np.asarray(y), minlength=2).min() < FOLDS:
        return NONE, {}
    losses = {
        method: clipped_log_loss(y, cross_fitted(model, method, X, y, snapshots)) for method in methods_for(params)
    }
    return min(losses, key=losses.get), losses


@dataclass(frozen=True)
class ChurnCalibration:
    method: str
    losses: dict[str, float]  # cross-fitted log loss of each method considered, on the map's snapshots
    chain: CalibrationChain
    validation_prediction: np.ndarray  # on t_valid, by the model and map of the validation chain
    served: object | None  # deployed candidates: the tuned model and the map refit on t_valid (served())

    def describe(self) -> str:
        tried = ", ".join(f"{method} {loss:.4f}" for method, loss in self.losses.items())
        why = (
            f"cross-fitted log loss: {tried}" if tried else f"fewer than {FOLDS} churners or non-churners to fit a map"
        )
        return f"{self.method} ({why}); {self.chain.description}"


def calibrate_churn(
    tuned,
    params: dict,
    fit,
    plain,
    chain: CalibrationChain,
    valid: pd.DataFrame,
    features: list[str],
    label: str,
    deployed: bool,
) -> ChurnCalibration:
    """Validate and (when `deployed`) serve the tuned churn model with its map, along the chain.

    `fit(rows)` fits the tuned parameters on rows; `plain(model)` is the estimator validated and served
    (deploy.deployable for a deployed candidate)."""
    X_valid = valid[features]
    rows = chain.calibration_rows
    X_cal, y_cal, snapshots = rows[features], rows[label].to_numpy(), rows["snapshot_date"].to_numpy()
    model = plain(tuned) if chain.cross_fitted else plain(fit(chain.fit_rows))
    method, losses = choose_method(model, params, X_cal, y_cal, snapshots)
    if chain.cross_fitted:
        prediction = cross_fitted(model, method, X_cal, y_cal, snapshots)  # the rows of t_valid
    else:
        prediction = calibrated(model, method, X_cal, y_cal).predict_proba(X_valid)[:, 1]
    served_model = None
    if deployed:
        latest = chain.deployed_calibration_rows
        served_model = served(calibrated(plain(tuned), method, latest[features], latest[label]))
    return ChurnCalibration(method, losses, chain, prediction, served_model)
