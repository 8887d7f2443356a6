"""The estimator that is compiled to SQL and saved: a tuned pipeline reduced to one plain estimator.

Linear models are tuned behind a StandardScaler; the scaler is folded into the coefficients
(w' = w / scale, b' = b - w' . mean), so the deployed model reads raw feature units, compiles to one
expression and keeps what it learned. Its predictions equal the pipeline's up to float rounding.
"""
from __future__ import annotations

import copy

import numpy as np
from sklearn.pipeline import Pipeline


def deployable(model: Pipeline):
    estimator = model.named_steps["model"]
    if "scale" not in model.named_steps:
        return estimator
    scaler = model.named_steps["scale"]
    folded = copy.deepcopy(estimator)
    folded.coef_ = estimator.coef_ / scaler.scale_
    folded.intercept_ = estimator.intercept_ - np.dot(folded.coef_, scaler.mean_)
    folded.feature_names_in_ = model.feature_names_in_
    folded.n_features_in_ = model.n_features_in_
    return folded


def feature_means(model: Pipeline) -> np.ndarray:
    """The training mean of each feature: contributions are measured against the average customer."""
    return model.named_steps["scale"].mean_
