"""Fitted models the parity tests compile, each with the tolerance it must meet."""
from dataclasses import dataclass, field
from typing import Callable

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
    fit: Callable[[], object]          # returns the fitted model
    tolerance: float = 0.0             # max |SQL - sklearn| for probability / value / decision
    outputs: tuple = ("probability", "class")
    frame: Callable[[object, int], pd.DataFrame] = None   # scoring rows for a model
    extra: dict = field(default_factory=dict)


def fit_classifier(estimator, with_nan=False):
    X, y, _ = training_frame(with_nan=with_nan)
    return estimator.fit(X, y)


def fit_regressor(estimator, with_nan=False):
    X, _, signal = training_frame(with_nan=with_nan)
    return estimator.fit(X, signal)
