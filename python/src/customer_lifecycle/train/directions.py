"""Domain sense in the churn models: a feature declared `increases_churn` / `decreases_churn` (customer_features'
column meta, contract.py) may not push the churn risk the other way unless the data shows it.

"The data shows it" is judged on the feature alone: its rank correlation with the churn label on the training
rows has the forbidden sign and is more than two standard errors (2 / sqrt(rows)) from zero. Such a feature is
left unconstrained; every other declared feature is held to its direction:
- churn_tree through scikit-learn's `monotonic_cst` (the risk is monotonic in the feature);
- churn_lr by a sign check: while a coefficient has the forbidden sign (correlated features pulling against each
  other, e.g. orders_count against frequency), the model is refit without the feature whose coefficient is the
  largest such one (standardized, so comparable), one at a time: dropping one of several collinear features
  often sets the others right (Online Retail: recency_days = lt_t - lt_recency). The deployed model stays a plain
  LogisticRegression.
The model card lists the outcome for every declared feature. customer_scores never names a feature as a reason in
its forbidden direction, whatever the model learned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from customer_lifecycle.contract import DIRECTIONS

NAMES = {sign: name for name, sign in DIRECTIONS.items()}
STANDARD_ERRORS = 2  # how far from zero the univariate correlation must be to show the unusual sign


@dataclass(frozen=True)
class DirectionCheck:
    feature: str
    declared: int  # +1 increases churn, -1 decreases it (contract.DIRECTIONS)
    correlation: float  # Spearman rank correlation with the churn label on the training rows
    rows: int

    @property
    def data_shows_opposite(self) -> bool:
        return self.correlation * self.declared < 0 and abs(self.correlation) * math.sqrt(self.rows) > STANDARD_ERRORS

    @property
    def enforced(self) -> int:
        """The sign the models are held to; 0 when the data shows the opposite (unconstrained)."""
        return 0 if self.data_shows_opposite else self.declared


def check_directions(rows: pd.DataFrame, directions: dict[str, int], label: str) -> list[DirectionCheck]:
    """One check per declared feature, on the training rows; a constant feature or label correlates 0."""
    y = rows[label].rank()
    checks = []
    for feature, declared in directions.items():
        correlation = rows[feature].rank().corr(y)
        checks.append(DirectionCheck(feature, declared, 0.0 if pd.isna(correlation) else float(correlation), len(rows)))
    return checks


def enforced_signs(features: list[str], checks: list[DirectionCheck]) -> list[int]:
    """Per feature, in the model's column order: the sign it is held to (0: unconstrained)."""
    by_feature = {check.feature: check.enforced for check in checks}
    return [by_feature.get(feature, 0) for feature in features]


class SignCheckedLogisticRegression(LogisticRegression):
    """LogisticRegression refit without the features whose coefficient has the forbidden sign, largest first.

    `directions`: per column, the sign its coefficient may have (+1 / -1; 0 or None: any). A dropped column is
    zeroed, which fits the same model as leaving it out (its coefficient's gradient is the penalty alone, so it
    stays 0). `dropped_`: the dropped column indices, in the order they were dropped."""

    def __init__(self, directions: tuple[int, ...] | None = None, **params):
        super().__init__(**params)
        self.directions = directions

    @classmethod
    def _get_param_names(cls):
        return sorted([*LogisticRegression._get_param_names(), "directions"])

    def fit(self, X, y, sample_weight=None):
        X = np.array(X, dtype=float)
        signs = np.asarray(self.directions if self.directions is not None else [0] * X.shape[1])
        self.dropped_ = []
        while True:
            X[:, self.dropped_] = 0.0
            super().fit(X, y, sample_weight)
            violation = np.where(self.coef_[0] * signs < 0, np.abs(self.coef_[0]), 0.0)
            if not violation.any():
                return self
            self.dropped_.append(int(np.argmax(violation)))

    def plain(self) -> LogisticRegression:
        """The same fitted model as a LogisticRegression: what the SQL compiler (exact types) compiles."""
        params = {k: v for k, v in self.get_params().items() if k != "directions"}
        model = LogisticRegression(**params)
        model.__dict__.update(
            {k: v for k, v in vars(self).items() if k not in params and k not in ("directions", "dropped_")}
        )
        return model


def constrained(candidate, features: list[str], checks: list[DirectionCheck]):
    """The candidate held to the checked directions: a tree through monotonic_cst, the sign-checked logistic
    regression through its `directions`; other families unchanged (compared only, never explained)."""
    model = candidate.estimator.named_steps["model"]
    signs = enforced_signs(features, checks)
    if isinstance(model, DecisionTreeClassifier):
        return replace(candidate, estimator=clone(candidate.estimator).set_params(model__monotonic_cst=signs))
    if isinstance(model, SignCheckedLogisticRegression):
        return replace(candidate, estimator=clone(candidate.estimator).set_params(model__directions=tuple(signs)))
    return candidate


def describe(check: DirectionCheck, dropped: set[str]) -> str:
    """One line for the model card: the declared direction, the evidence, what training did."""
    name, opposite = NAMES[check.declared].replace("_", " "), NAMES[-check.declared].replace("_", " ")
    evidence = f"alone it correlates {check.correlation:+.3f} with churn on {check.rows:,} training rows"
    if check.data_shows_opposite:
        return (
            f"`{check.feature}` (declared: {name}): kept unconstrained, {evidence}: the data shows it "
            f"{opposite}; reasons still never name it in that direction"
        )
    if check.feature in dropped:
        return (
            f"`{check.feature}` (declared: {name}): dropped from churn_lr, whose coefficient took the forbidden "
            f"sign next to correlated features although {evidence}; churn_tree is held monotonic in it"
        )
    return f"`{check.feature}` (declared: {name}): held to it in both models ({evidence})"
