"""Fitted models the parity tests compile, each with the tolerance it must meet."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

FEATURES = [f"x{i}" for i in range(8)]


def training_frame(n_rows=3000, seed=0, with_nan=False):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n_rows, len(FEATURES))), columns=FEATURES)
    signal = X.x0 + X.x1 * X.x2 - 0.5 * X.x3**2 + np.sin(3 * X.x4) + 0.3 * rng.normal(size=n_rows)
    if with_nan:
        X = X.mask(rng.random(X.shape) < 0.1)
    return X, (signal > 0).astype(int).to_numpy(), signal.to_numpy()


@dataclass
class Case:
    name: str
    fit: Callable[[], object]  # returns the fitted model
    tolerance: float = 0.0  # max |SQL - sklearn| for probability / value / decision
    outputs: tuple = ("probability", "class")
    frame: Callable[[object, int], pd.DataFrame] = None  # scoring rows for a model
    # Classes may differ only where |sklearn margin| <= noise_band: there BLAS summation order decides.
    noise_band: float = 0.0
    rows: int | None = None  # adversarial scoring rows; None: the test file's default


def fit_classifier(estimator, with_nan=False, n_rows=3000):
    X, y, _ = training_frame(n_rows=n_rows, with_nan=with_nan)
    return estimator.fit(X, y)


def fit_regressor(estimator, with_nan=False):
    X, _, signal = training_frame(with_nan=with_nan)
    return estimator.fit(X, signal)


PLANS = ["basic", "pro", "max"]


def mixed_frame(n_rows: int, seed: int, unknown_plans=()) -> pd.DataFrame:
    """Numeric features with NULLs plus a string category column (for pipeline cases)."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n_rows, 4)), columns=FEATURES[:4]).mask(rng.random((n_rows, 4)) < 0.05)
    plans = np.array(PLANS + list(unknown_plans) + [None], dtype=object)
    X["plan"] = pd.Series(plans[rng.integers(len(plans), size=n_rows)], dtype=object)
    return X


def fit_pipeline(pipeline):
    X = mixed_frame(3000, 0)
    y = ((X.x0.fillna(0) + (X.plan == "pro") - 0.5 * (X.plan == "max") + 0.3 * X.x1.fillna(1)) > 0.2).astype(int)
    return pipeline.fit(X, y)


def fit_multiclass(estimator):
    X, _, signal = training_frame()
    return estimator.fit(X, np.digitize(signal, [-0.5, 0.5]))


def fit_calibrated(estimator, method, exact_margin=False):
    """`estimator` fit on one sample, followed by a `method` calibration map fit on another (train/calibration.py).
    `exact_margin`: a logistic regression whose margin is x0 itself, so SQL and numpy read the map the same input
    and any difference is the map's own arithmetic."""
    from customer_lifecycle.train.calibration import calibrated

    base = fit_classifier(estimator)
    if exact_margin:
        base.coef_ = np.eye(1, len(FEATURES))
        base.intercept_ = np.zeros(1)
    X, y, _ = training_frame(seed=1)
    return calibrated(base, method, X, y)
