"""The candidate models: each a scikit-learn pipeline, a small grid and a CV score to tune it on.

customer_features has no NULL features (its contract fills documented defaults), so no imputer.
Deployed models (compiled to SQL) are the design card's decision tree and logistic regression for churn and
a regression tree, a linear model and a spend-if-active tree for value; the other families are trained on
the same split for comparison only. Class imbalance: `class_weight` is part of each churn grid, chosen by
CV on PR AUC (the metric that reflects the rare class); every fitted model keeps random_state=0.
"""
from __future__ import annotations

from dataclasses import dataclass

from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.naive_bayes import GaussianNB
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

SEED = 0
CHURN_SCORING = "average_precision"
VALUE_SCORING = "neg_root_mean_squared_error"
SLOW_FAMILY_ROWS = 20_000  # SVM, MLP and boosting tune on a seeded sample: the CI has 2 cores


@dataclass(frozen=True)
class Candidate:
    name: str
    family: str
    estimator: Pipeline
    grid: dict
    deployed: bool = False
    max_train_rows: int | None = None  # slow families tune on a fixed, seeded sample of the training rows


def _plain(model) -> Pipeline:
    return Pipeline([("model", model)])


def _scaled(model) -> Pipeline:
    return Pipeline([("scale", StandardScaler()), ("model", model)])


def churn_candidates() -> list[Candidate]:
    weights = [None, "balanced"]
    return [
        Candidate("churn_lr", "logistic regression", _scaled(LogisticRegression(max_iter=2000)),
                  {"model__C": [0.01, 0.1, 1.0], "model__class_weight": weights}, deployed=True),
        Candidate("churn_tree", "decision tree", _plain(DecisionTreeClassifier(random_state=SEED)),
                  {"model__max_depth": [3, 4, 5], "model__min_samples_leaf": [100],
                   "model__class_weight": weights}, deployed=True),
        Candidate("churn_svm", "linear SVM (Platt-calibrated)",
                  _scaled(CalibratedClassifierCV(LinearSVC(random_state=SEED), method="sigmoid", cv=3)),
                  {"model__estimator__C": [0.01, 0.1], "model__estimator__class_weight": weights},
                  max_train_rows=SLOW_FAMILY_ROWS),
        Candidate("churn_nb", "Gaussian naive Bayes", _scaled(GaussianNB()),
                  {"model__var_smoothing": [1e-9, 1e-6, 1e-3]}),
        Candidate("churn_mlp", "neural net (MLP)",
                  _scaled(MLPClassifier(early_stopping=True, max_iter=200, random_state=SEED)),
                  {"model__hidden_layer_sizes": [(16,)], "model__alpha": [1e-4, 1e-2]},
                  max_train_rows=SLOW_FAMILY_ROWS),
        Candidate("churn_gbm", "ensemble (gradient-boosted trees)",
                  _plain(HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=15, random_state=SEED)),
                  {"model__class_weight": weights},
                  max_train_rows=SLOW_FAMILY_ROWS),
    ]


def value_candidates() -> list[Candidate]:
    return [
        Candidate("value_tree", "regression tree", _plain(DecisionTreeRegressor(random_state=SEED)),
                  {"model__max_depth": [3, 4, 5], "model__min_samples_leaf": [100]}, deployed=True),
        Candidate("value_linear", "ridge regression", _scaled(Ridge()),
                  {"model__alpha": [0.1, 10.0, 1000.0]}, deployed=True),
    ]


def spend_candidate() -> Candidate:
    """Spend in the horizon given the customer buys at all; expected value = P(buy) x this."""
    return Candidate("spend_tree", "expected value: P(buy) from churn_lr x spend tree on buyers", _plain(DecisionTreeRegressor(random_state=SEED)),
                     {"model__max_depth": [3, 4, 5], "model__min_samples_leaf": [100]}, deployed=True)
