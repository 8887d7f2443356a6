"""Calibrated churn probabilities: every churn model is followed by a calibration map (none, Platt's sigmoid or
isotonic), fitted on a snapshot later than the model's training rows and their labels, so the probabilities
track the churn rate of the period they are used in, not the one the model learned from.

The time chain (H = the label horizon; a row at t is labelled over (t, t + H]):
- validation: the model (tuned parameters) fit on the snapshots <= t_cal - H, the map on t_cal, the newest
  snapshot <= t_valid - H; the metrics on t_valid. Neither the model nor the map saw a label of t_valid.
- deployed: the tuned model (fit on the snapshots <= t_valid - H: split.train) and the map refit on t_valid,
  the newest labelled snapshot, read in full.
- short history (no snapshot <= t_cal - H, or a single class there or on t_cal): the model is the tuned one
  and the map is cross-fitted on t_valid (FOLDS folds): each row's validation probability comes from a map
  that never saw it, but the choice of method saw every row of t_valid. The registry's `calibration` says so.

The method: the lowest log loss (a proper scoring rule) over FOLDS cross-fitted folds of the calibration
snapshot, among none, sigmoid and isotonic; `none` only for a model trained without class weights (weights
shift the probabilities; they must be recalibrated). The map reads the model's margin where it has one
(logistic regression), else its probability. Fitted parameters are rounded as deploy.py rounds the linear
models', so the artifacts are byte-identical across BLAS kernels: Platt's (a, b) to SIGNIFICANT_DIGITS digits,
and the isotonic map is fit on margins summed exactly (math.fsum), never through BLAS.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from customer_lifecycle.calibrated import CalibratedClassifier, reads_margin
from customer_lifecycle.train.deploy import SIGNIFICANT_DIGITS
from customer_lifecycle.train.metrics import clipped_log_loss

FOLDS = 5
SEED = 0
NONE = "none"


@dataclass(frozen=True)
class CalibrationChain:
    """The rows of the time chain (module docstring); `fit_rows` is None for the short-history fallback."""
    fit_rows: pd.DataFrame | None
    calibration_rows: pd.DataFrame  # t_cal (or t_valid in the fallback)
    calibration_date: pd.Timestamp
    description: str

    @property
    def cross_fitted(self) -> bool:
        return self.fit_rows is None


def calibration_chain(train: pd.DataFrame, valid: pd.DataFrame, valid_date: pd.Timestamp, horizon_days: int,
                      label: str) -> CalibrationChain:
    horizon = pd.Timedelta(days=horizon_days)
    dates = np.sort(train["snapshot_date"].unique())
    if len(dates):
        calibration_date = pd.Timestamp(dates[-1])  # train holds the snapshots <= t_valid - H
        fit_rows = train[train["snapshot_date"] <= calibration_date - horizon]
        calibration_rows = train[train["snapshot_date"] == calibration_date]
        if fit_rows[label].nunique() == 2 and calibration_rows[label].nunique() == 2:
            return CalibrationChain(fit_rows.reset_index(drop=True), calibration_rows.reset_index(drop=True),
                                    calibration_date,
                                    f"validated: model fit on snapshots <= "
                                    f"{pd.Timestamp(fit_rows['snapshot_date'].max()).date()}, "
                                    f"map fit on {calibration_date.date()}; deployed: map refit on {valid_date.date()}")
    return CalibrationChain(None, valid, valid_date,
                            f"short history (no labelled snapshot two horizons before {valid_date.date()}): "
                            f"map cross-fitted on {valid_date.date()} in {FOLDS} folds, the method chosen on the "
                            f"same rows; deployed: map refit on {valid_date.date()}")


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
    if not (isinstance(model, CalibratedClassifier) and model.method == "sigmoid"
            and isinstance(model.base, LogisticRegression)):
        return model
    a, b = model.sigmoid
    folded = copy.deepcopy(model.base)
    folded.coef_ = model.base.coef_ * a
    folded.intercept_ = model.base.intercept_ * a + b
    return folded


def cross_fitted(model, method: str, X: pd.DataFrame, y) -> np.ndarray:
    """Out-of-fold calibrated probabilities: each row's from a map fit on the other folds."""
    y = np.asarray(y)
    if method == NONE:
        return model.predict_proba(X)[:, 1]
    scores, out = _margins(model, X), np.empty(len(y))
    for fit, held in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(scores, y):
        out[held] = CalibratedClassifier(model, method, **_fit_map(method, scores[fit], y[fit])).calibrate(scores[held])
    return out


def methods_for(params: dict) -> list[str]:
    """Class weights shift the probabilities: such a model is always recalibrated."""
    weighted = any(key.endswith("class_weight") and value is not None for key, value in params.items())
    return ["sigmoid", "isotonic"] if weighted else [NONE, "sigmoid", "isotonic"]


def choose_method(model, params: dict, X: pd.DataFrame, y) -> tuple[str, dict[str, float]]:
    """The method with the lowest cross-fitted log loss on (X, y) (ties: the simpler, listed first)."""
    losses = {method: clipped_log_loss(y, cross_fitted(model, method, X, y)) for method in methods_for(params)}
    return min(losses, key=losses.get), losses


@dataclass(frozen=True)
class ChurnCalibration:
    method: str
    losses: dict[str, float]  # cross-fitted log loss of each method considered, on the calibration snapshot
    chain: CalibrationChain
    validation_prediction: np.ndarray  # on t_valid, by the model and map of the validation chain
    served: object | None  # deployed candidates: the tuned model and the map refit on t_valid (served())

    def describe(self) -> str:
        tried = ", ".join(f"{method} {loss:.4f}" for method, loss in self.losses.items())
        return f"{self.method} (cross-fitted log loss: {tried}); {self.chain.description}"


def calibrate_churn(tuned, params: dict, fit, plain, chain: CalibrationChain, valid: pd.DataFrame,
                    features: list[str], label: str, deployed: bool) -> ChurnCalibration:
    """Validate and (when `deployed`) serve the tuned churn model with its map, along the chain.

    `fit(rows)` fits the tuned parameters on rows; `plain(model)` is the estimator validated and served
    (deploy.deployable for a deployed candidate)."""
    X_valid, y_valid = valid[features], valid[label].to_numpy()
    if chain.cross_fitted:
        model = plain(tuned)
        method, losses = choose_method(model, params, X_valid, y_valid)
        prediction = cross_fitted(model, method, X_valid, y_valid)
    else:
        model = plain(fit(chain.fit_rows))
        X_cal, y_cal = chain.calibration_rows[features], chain.calibration_rows[label].to_numpy()
        method, losses = choose_method(model, params, X_cal, y_cal)
        prediction = calibrated(model, method, X_cal, y_cal).predict_proba(X_valid)[:, 1]
    served_model = served(calibrated(plain(tuned), method, X_valid, y_valid)) if deployed else None
    return ChurnCalibration(method, losses, chain, prediction, served_model)
