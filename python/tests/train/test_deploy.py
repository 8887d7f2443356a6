"""The deployed linear model: the tuned pipeline folded into raw units, its parameters rounded past BLAS noise."""

import copy

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from customer_lifecycle.train.deploy import deployable


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    X = pd.DataFrame(rng.normal(size=(3_000, 5)) * [1, 10, 100, 0.01, 1e4] + [0, 5, 300, 0, 2e4], columns=list("abcde"))
    return X, X["a"] + X["b"] / 10 + rng.normal(size=len(X))


@pytest.mark.parametrize("make", [lambda: LogisticRegression(), lambda: Ridge(alpha=1.0)])
def test_deployed_model_predicts_as_the_pipeline_and_ignores_solver_noise(data, make):
    X, signal = data
    y = (signal > 0).astype(int) if isinstance(make(), LogisticRegression) else signal
    pipeline = Pipeline([("scale", StandardScaler()), ("model", make())]).fit(X, y)
    deployed = deployable(pipeline)
    predict = (lambda m: m.predict_proba(X)[:, 1]) if hasattr(deployed, "predict_proba") else (lambda m: m.predict(X))
    # rounding moves a prediction by at most ~1e-5 of the outputs' range (6 significant digits of each parameter)
    expected = predict(pipeline)
    np.testing.assert_allclose(predict(deployed), expected, rtol=0, atol=1e-4 * np.ptp(expected))

    # what another OpenBLAS kernel does to a fit: parameters off by ~1e-12 of the largest
    noisy = copy.deepcopy(pipeline)
    model = noisy.named_steps["model"]
    scale = max(np.abs(model.coef_).max(), np.abs(model.intercept_).max())
    model.coef_ = model.coef_ + 2e-12 * scale * np.sign(np.random.default_rng(0).normal(size=model.coef_.shape))
    model.intercept_ = model.intercept_ - 2e-12 * scale
    again = deployable(noisy)
    assert again.coef_.tobytes() == deployed.coef_.tobytes()
    assert np.asarray(again.intercept_).tobytes() == np.asarray(deployed.intercept_).tobytes()
