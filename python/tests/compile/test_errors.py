"""Anything the compiler cannot make exact is refused by name, never compiled wrong."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

from customer_lifecycle.compile import UnsupportedModelError, to_sql

from .cases import FEATURES, fit_classifier, fit_multiclass
from .engines import DuckDBEngine


def test_unsupported_estimator_is_named():
    X = np.random.default_rng(0).normal(size=(50, 2))
    with pytest.raises(UnsupportedModelError, match="KMeans"):
        to_sql(KMeans(2, n_init=1).fit(X), ["a", "b"])


def test_unsupported_pipeline_step_is_named():
    model = fit_classifier(make_pipeline(PolynomialFeatures(), LogisticRegression()))
    with pytest.raises(UnsupportedModelError, match="PolynomialFeatures"):
        to_sql(model)


def test_unfitted_model_is_refused():
    with pytest.raises(UnsupportedModelError, match="not fitted"):
        to_sql(LogisticRegression(), FEATURES)


@pytest.mark.parametrize(
    "model, output",
    [
        (lambda: fit_classifier(LinearSVC()), "probability"),
        (lambda: fit_multiclass(LogisticRegression()), "probability"),
        (lambda: fit_classifier(LogisticRegression()), "value"),
    ],
)
def test_output_the_model_does_not_have(model, output):
    with pytest.raises(UnsupportedModelError):
        to_sql(model(), output=output)


def test_feature_count_must_match():
    with pytest.raises(ValueError, match="expects 8 features"):
        to_sql(fit_classifier(LogisticRegression()), ["a", "b"])


def test_null_feature_gives_null_not_a_branch():
    """A tree fitted without NaN support routes nothing: a NULL input must score NULL."""
    model = fit_classifier(DecisionTreeClassifier(max_depth=3, criterion="log_loss", random_state=0))
    frame = fit_classifier.__globals__["training_frame"]()[0].head(5).copy()
    frame.loc[0, "x0"] = np.nan
    scores = DuckDBEngine().score(frame, to_sql(model, dialect="duckdb"))
    if model.__sklearn_tags__().input_tags.allow_nan:
        assert scores[0] == model.predict_proba(frame.head(1))[0, 1]
    else:
        assert scores[0] is None
    assert all(s is not None for s in scores[1:])
