"""The estimator that is compiled to SQL and saved: a tuned pipeline reduced to one plain estimator.

Linear models are tuned behind a StandardScaler; the scaler is folded into the coefficients
(w' = w / scale, b' = b - w' . mean), so the deployed model reads raw feature units, compiles to one
expression and keeps what it learned. Its predictions equal the pipeline's up to float rounding.

The same data must give the same deployed model on every machine. The scaler's mean and scale are
(numpy's own sums, no BLAS), but an L-BFGS or ridge solve goes through OpenBLAS, whose kernel (and FMA
use) depends on the processor: coefficients then differ by ~2e-12 of the largest one. So the fitted
parameters are rounded, in the standardized space where they are comparable, to SIGNIFICANT_DIGITS digits
of the largest (a step of 1e-6 to 1e-5 of it, >= 400,000x that noise), and folded with elementwise arithmetic and an
exactly rounded sum (math.fsum), never a BLAS dot. Everything downstream (SQL, joblib, validation
metrics) is computed from the rounded model.
"""

from __future__ import annotations

import copy
import math

import numpy as np
from sklearn.pipeline import Pipeline

SIGNIFICANT_DIGITS = 6  # of the largest standardized parameter; measured noise <= 2.3e-12 of it (docs/training.md)


def rounded_parameters(coef: np.ndarray, intercept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """coef and intercept rounded to one absolute step: SIGNIFICANT_DIGITS digits of the largest |parameter|."""
    largest = max(np.abs(coef).max(initial=0.0), np.abs(intercept).max(initial=0.0))
    if largest == 0.0:
        return coef.copy(), intercept.copy()
    decimals = SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(largest))
    return np.round(coef, decimals), np.round(intercept, decimals)


def _fold(coef: np.ndarray, intercept: np.ndarray, mean: np.ndarray, scale: np.ndarray):
    """Raw-unit coefficients: elementwise division, and an intercept summed exactly (order-free, no BLAS)."""
    folded = coef / scale
    rows = np.atleast_2d(folded)
    shift = np.array([math.fsum(row * mean) for row in rows])
    shifted = np.atleast_1d(intercept) - shift
    return folded, (shifted if np.ndim(intercept) else float(shifted[0]))


def deployable(model: Pipeline):
    estimator = model.named_steps["model"]
    if "scale" not in model.named_steps:
        return estimator
    # the sign-checked logistic regression (directions.py) is served as the plain one it fitted
    deployed = copy.deepcopy(estimator.plain() if hasattr(estimator, "plain") else estimator)
    scaler = model.named_steps["scale"]
    coef, intercept = rounded_parameters(np.asarray(estimator.coef_), np.asarray(estimator.intercept_))
    deployed.coef_, deployed.intercept_ = _fold(coef, intercept, scaler.mean_, scaler.scale_)
    deployed.feature_names_in_ = model.feature_names_in_
    deployed.n_features_in_ = model.n_features_in_
    if hasattr(deployed, "n_iter_"):
        # the solver's iteration count is no part of the model and may differ between BLAS kernels
        deployed.n_iter_ = None
    return deployed


def feature_means(model: Pipeline) -> np.ndarray:
    """The training mean of each feature: contributions are measured against the average customer."""
    return model.named_steps["scale"].mean_
