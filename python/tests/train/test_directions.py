"""Declared directions hold the churn models to domain sense, unless the training rows show the opposite."""

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from customer_lifecycle.train.deploy import deployable
from customer_lifecycle.train.directions import check_directions, constrained
from customer_lifecycle.train.zoo import churn_candidates

FEATURES = ["frequency", "orders_count", "recency_days"]
DIRECTIONS = {"frequency": -1, "orders_count": -1, "recency_days": 1}
CANDIDATES = {c.name: c for c in churn_candidates()}


def _shop(orders_slope: float, rows: int = 4000, seed: int = 0) -> pd.DataFrame:
    """frequency and orders_count nearly equal; churn falls with frequency, rises with recency and, beside
    frequency, has `orders_slope` on orders_count."""
    rng = np.random.default_rng(seed)
    frequency = rng.poisson(4, rows) + 1.0
    orders = frequency + rng.poisson(1, rows)
    recency = rng.exponential(60, rows)
    logit = -1.5 * frequency + orders_slope * orders + 0.02 * recency
    churned = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame(
        {"frequency": frequency, "orders_count": orders, "recency_days": recency, "churned_within_h": churned}
    )


def _fit(name: str, rows: pd.DataFrame):
    checks = check_directions(rows, DIRECTIONS, "churned_within_h")
    pipeline = constrained(CANDIDATES[name], FEATURES, checks).estimator
    return checks, clone(pipeline).fit(rows[FEATURES], rows["churned_within_h"])


def test_a_forbidden_sign_the_data_does_not_show_is_refit_without_the_feature():
    rows = _shop(orders_slope=1.0)  # alone, more orders go with less churn; beside frequency they push it up
    free = clone(CANDIDATES["churn_lr"].estimator).fit(rows[FEATURES], rows["churned_within_h"])
    assert free.named_steps["model"].coef_[0][1] > 0  # what the sign check is for
    checks, pipeline = _fit("churn_lr", rows)
    assert [c.enforced for c in checks] == [-1, -1, 1]
    model = pipeline.named_steps["model"]
    assert model.dropped_ == [1] and model.coef_[0][1] == 0
    without = clone(CANDIDATES["churn_lr"].estimator).fit(rows[["frequency", "recency_days"]], rows["churned_within_h"])
    np.testing.assert_allclose(model.coef_[0][[0, 2]], without.named_steps["model"].coef_[0], rtol=1e-4)
    served = deployable(pipeline)
    assert type(served) is LogisticRegression  # the SQL compiler matches exact types
    np.testing.assert_allclose(served.predict_proba(rows[FEATURES]), pipeline.predict_proba(rows[FEATURES]), atol=1e-5)


def test_a_sign_the_data_shows_is_kept():
    rows = _shop(orders_slope=2.5)  # more orders go with more churn, alone too
    checks, pipeline = _fit("churn_lr", rows)
    orders = checks[1]
    assert orders.correlation > 0 and orders.data_shows_opposite and orders.enforced == 0
    model = pipeline.named_steps["model"]
    assert model.dropped_ == [] and model.coef_[0][1] > 0


def test_the_tree_is_monotonic_in_each_feature_held_to_a_direction():
    rows = _shop(orders_slope=1.0)
    _, pipeline = _fit("churn_tree", rows)
    tree = pipeline.set_params(model__max_depth=5, model__min_samples_leaf=20).fit(
        rows[FEATURES], rows["churned_within_h"]
    )
    assert list(tree.named_steps["model"].monotonic_cst) == [-1, -1, 1]
    grid = rows[FEATURES].sample(200, random_state=0)
    for column, sign in zip(FEATURES, [-1, -1, 1]):
        steps = [
            tree.predict_proba(grid.assign(**{column: value}))[:, 1]
            for value in np.linspace(rows[column].min(), rows[column].max(), 25)
        ]
        assert (sign * np.diff(steps, axis=0) >= 0).all(), column
