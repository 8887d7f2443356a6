"""The candidate models: each a scikit-learn pipeline, a small grid and a CV score to tune it on.

customer_features has no NULL features (its contract fills documented defaults), so no imputer.
Which candidates are deployed (compiled to SQL) is not decided here: scored_snapshots' column meta declares it
(models/scoring/scoring.yml, read through contract.py; see `by_target`); today the design card's decision tree
and logistic regression for churn and a regression tree, a linear model and a spend-if-active tree for value.
The other families are trained on the same split for comparison only. Churn grids are tuned on log loss, a
proper scoring rule (ranking metrics such as PR AUC would reward probabilities shifted by class weights, and are
reported only); churn_lr and churn_tree are held to the features' declared directions (directions.py) in
fit.py; `class_weight` stays in the grids, and a model tuned with weights is always recalibrated
(calibration.py). Every fitted model keeps random_state=0.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import Ridge
from sklearn.metrics import log_loss, make_scorer
from sklearn.naive_bayes import GaussianNB
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from customer_lifecycle.contract import SCORES_MODEL, ContractError, DeployedModel
from customer_lifecycle.train.directions import SignCheckedLogisticRegression

SEED = 0
# log loss that knows both labels: a small shop's fold where nobody (or everybody) churned is still scored,
# where scikit-learn's "neg_log_loss" stops with "y_true contains only one label"
CHURN_SCORING = make_scorer(log_loss, greater_is_better=False, response_method="predict_proba", labels=[0, 1])
VALUE_SCORING = "neg_root_mean_squared_error"
SLOW_FAMILY_ROWS = 20_000  # SVM, MLP and boosting tune on a seeded sample: the CI has 2 cores
# liblinear's primal solver stops at its tolerance along a path that BLAS rounding steers: at the default 1e-4
# its probabilities differ by 4e-5 between OpenBLAS kernels (registry metrics in the 6th decimal), at 1e-8 by
# 1.4e-8, in the same time.
SVM_TOLERANCE = 1e-8


@dataclass(frozen=True)
class Candidate:
    name: str
    family: str
    estimator: Pipeline
    grid: dict
    deployed: bool = False  # set by by_target, from the contract
    max_train_rows: int | None = None  # slow families tune on a fixed, seeded sample of the training rows


def _plain(model) -> Pipeline:
    return Pipeline([("model", model)])


def _scaled(model) -> Pipeline:
    return Pipeline([("scale", StandardScaler()), ("model", model)])


def churn_candidates() -> list[Candidate]:
    weights = [None, "balanced"]
    return [
        Candidate(
            "churn_lr",
            "logistic regression",
            _scaled(SignCheckedLogisticRegression(max_iter=2000)),
            {"model__C": [0.01, 0.1, 1.0], "model__class_weight": weights},
        ),
        Candidate(
            "churn_tree",
            "decision tree",
            _plain(DecisionTreeClassifier(random_state=SEED)),
            {"model__max_depth": [3, 4, 5], "model__min_samples_leaf": [100], "model__class_weight": weights},
        ),
        Candidate(
            "churn_svm",
            "linear SVM (Platt-calibrated)",
            _scaled(CalibratedClassifierCV(LinearSVC(tol=SVM_TOLERANCE, random_state=SEED), method="sigmoid", cv=3)),
            {"model__estimator__C": [0.01, 0.1], "model__estimator__class_weight": weights},
            max_train_rows=SLOW_FAMILY_ROWS,
        ),
        Candidate(
            "churn_nb", "Gaussian naive Bayes", _scaled(GaussianNB()), {"model__var_smoothing": [1e-9, 1e-6, 1e-3]}
        ),
        Candidate(
            "churn_mlp",
            "neural net (MLP)",
            _scaled(MLPClassifier(early_stopping=True, max_iter=200, random_state=SEED)),
            {"model__hidden_layer_sizes": [(16,)], "model__alpha": [1e-4, 1e-2]},
            max_train_rows=SLOW_FAMILY_ROWS,
        ),
        Candidate(
            "churn_gbm",
            "ensemble (gradient-boosted trees)",
            _plain(HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=15, random_state=SEED)),
            {"model__class_weight": weights},
            max_train_rows=SLOW_FAMILY_ROWS,
        ),
    ]


def value_candidates() -> list[Candidate]:
    return [
        Candidate(
            "value_tree",
            "regression tree",
            _plain(DecisionTreeRegressor(random_state=SEED)),
            {"model__max_depth": [3, 4, 5], "model__min_samples_leaf": [100]},
        ),
        Candidate("value_linear", "ridge regression", _scaled(Ridge()), {"model__alpha": [0.1, 10.0, 1000.0]}),
    ]


def spend_candidate() -> Candidate:
    """Spend in the horizon given the customer buys at all; expected value = P(buy) x this."""
    return Candidate(
        "spend_tree",
        "expected value: P(buy) from churn_lr x spend tree on buyers",
        _plain(DecisionTreeRegressor(random_state=SEED)),
        {"model__max_depth": [3, 4, 5], "model__min_samples_leaf": [100]},
    )


def by_target(deployed: tuple[DeployedModel, ...]) -> dict[str, list[Candidate]]:
    """Every candidate per target of the contract (train/fit.py's order), flagged deployed when scored_snapshots
    declares it; a declared model the zoo has no candidate for, or has for another target, is an error."""
    zoo = {"churn": churn_candidates(), "value": value_candidates(), "spend": [spend_candidate()]}
    trains = {candidate.name: target for target, candidates in zoo.items() for candidate in candidates}
    for model in deployed:
        if trains.get(model.name) != model.target:
            known = "; ".join(f"{target}: {', '.join(c.name for c in listed)}" for target, listed in zoo.items())
            raise ContractError(
                f"{SCORES_MODEL} declares deployed model {model.name} (target {model.target}, column "
                f"{model.score_column}), which train/zoo.py has no {model.target} candidate for "
                f"(candidates by target: {known})"
            )
    names = {model.name for model in deployed}
    return {target: [replace(c, deployed=c.name in names) for c in candidates] for target, candidates in zoo.items()}
