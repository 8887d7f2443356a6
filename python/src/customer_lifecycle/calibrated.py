"""A fitted binary classifier followed by a fitted calibration map: what `lifecycle train` deploys as churn_tree
(and churn_lr when isotonic wins), and what the SQL compiler reads (compile/assemblers/calibrated.py).

The map reads the base model's margin (`decision_function`) when it has one, else its probability of the
positive class, as scikit-learn's CalibratedClassifierCV does:
- "sigmoid" (Platt): expit(a * input + b);
- "isotonic": scikit-learn's IsotonicRegression(out_of_bounds="clip").predict(input), i.e. the input clipped
  to the fitted range and numpy.interp over the fitted thresholds.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from sklearn.isotonic import IsotonicRegression

METHODS = ("sigmoid", "isotonic")


def reads_margin(base) -> bool:
    return hasattr(base, "decision_function")


class CalibratedClassifier:
    """`base` (fitted) and a calibration map: `sigmoid` = (a, b) or `isotonic` = a fitted IsotonicRegression."""

    def __init__(
        self,
        base,
        method: str,
        *,
        sigmoid: tuple[float, float] | None = None,
        isotonic: IsotonicRegression | None = None,
    ):
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, not {method!r}")
        self.base, self.method, self.sigmoid, self.isotonic = base, method, sigmoid, isotonic
        self.classes_ = base.classes_
        self.n_features_in_ = base.n_features_in_
        if hasattr(base, "feature_names_in_"):
            self.feature_names_in_ = base.feature_names_in_

    def calibration_input(self, X) -> np.ndarray:
        return self.base.decision_function(X) if reads_margin(self.base) else self.base.predict_proba(X)[:, 1]

    def calibrate(self, scores) -> np.ndarray:
        """The map alone, on the base model's scores."""
        scores = np.asarray(scores, dtype=float)
        if self.method == "sigmoid":
            a, b = self.sigmoid
            return expit(a * scores + b)
        return self.isotonic.predict(scores)

    def predict_proba(self, X) -> np.ndarray:
        positive = self.calibrate(self.calibration_input(X))
        return np.column_stack([1.0 - positive, positive])

    def predict(self, X) -> np.ndarray:
        return self.classes_[(self.predict_proba(X)[:, 1] > 0.5).astype(int)]


def uncalibrated(model):
    """The model a calibration map reads (the model itself when it has none): its tree or coefficients explain
    the score, and the map only rescales it monotonically."""
    return model.base if isinstance(model, CalibratedClassifier) else model
