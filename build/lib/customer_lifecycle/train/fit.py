"""Tune every candidate on the training snapshots and score it, with the baselines, on the validation snapshot."""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from customer_lifecycle.train.deploy import deployable
from customer_lifecycle.train.baselines import RecencyChurnBaseline, last_period_spend
from customer_lifecycle.train.metrics import classification_metrics, regression_metrics
from customer_lifecycle.train.snapshots import CHURN_LABEL, NUMERIC_FEATURES, VALUE_LABEL
from customer_lifecycle.train.split import TimeSplit, tune
from customer_lifecycle.train.zoo import (CHURN_SCORING, SEED, VALUE_SCORING, Candidate, churn_candidates,
                                          spend_candidate, value_candidates)


@dataclass
class Fitted:
    name: str
    family: str
    task: str  # "churn" | "value"
    model: object  # deployed: the plain estimator compiled to SQL; else the tuned pipeline; None for a baseline
    pipeline: object  # the tuned pipeline (None for a baseline)
    params: dict
    cv_score: float | None
    metrics: dict
    validation_prediction: np.ndarray
    deployed: bool
    seconds: float


def _sample(frame: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    return frame if limit is None or len(frame) <= limit else frame.sample(limit, random_state=SEED).sort_index()


def _fit(candidate: Candidate, task: str, train: pd.DataFrame, label: str, horizon_days: int, progress) -> tuple:
    started = time.perf_counter()
    rows = _sample(train, candidate.max_train_rows)
    scoring = CHURN_SCORING if task == "churn" else VALUE_SCORING
    progress(f"tuning {candidate.name} ({candidate.family}) on {len(rows):,} rows")
    # One thread: OpenMP/BLAS threads spin-wait and slow fits tenfold on a busy 2-core machine,
    # and single-threaded fits give the same model on every machine.
    with threadpool_limits(limits=1):
        model, params, cv_score = tune(candidate.estimator, candidate.grid, rows[NUMERIC_FEATURES], rows[label],
                                       rows["snapshot_date"], scoring=scoring, horizon_days=horizon_days)
    params = {k.removeprefix("model__"): v for k, v in params.items()}
    return model, params, cv_score, time.perf_counter() - started


def _served(candidate: Candidate, pipeline):
    return deployable(pipeline) if candidate.deployed else pipeline


def fit_churn(split: TimeSplit, horizon_days: int, progress) -> list[Fitted]:
    y_valid = split.valid[CHURN_LABEL]
    results = []
    for candidate in churn_candidates():
        model, params, cv_score, seconds = _fit(candidate, "churn", split.train, CHURN_LABEL, horizon_days, progress)
        served = _served(candidate, model)
        p = served.predict_proba(split.valid[NUMERIC_FEATURES])[:, 1]
        results.append(Fitted(candidate.name, candidate.family, "churn", served, model, params, cv_score,
                              classification_metrics(y_valid, p), p, candidate.deployed, seconds))
    baseline = RecencyChurnBaseline().fit(split.train, split.train[CHURN_LABEL])
    p = baseline.predict_proba(split.valid)[:, 1]
    results.append(Fitted("baseline_recency", "baseline: churn rate by recency decile", "churn", None, None, {}, None,
                          classification_metrics(y_valid, p), p, False, 0.0))
    return results


def fit_value(split: TimeSplit, horizon_days: int, churn_lr: Fitted, progress) -> list[Fitted]:
    y_valid = split.valid[VALUE_LABEL]
    results = []
    for candidate in value_candidates():
        model, params, cv_score, seconds = _fit(candidate, "value", split.train, VALUE_LABEL, horizon_days, progress)
        served = _served(candidate, model)
        prediction = served.predict(split.valid[NUMERIC_FEATURES])
        results.append(Fitted(candidate.name, candidate.family, "value", served, model, params, cv_score,
                              regression_metrics(y_valid, prediction), prediction, candidate.deployed, seconds))
    spend = spend_candidate()
    buyers = split.train[split.train[CHURN_LABEL] == 0]
    model, params, cv_score, seconds = _fit(spend, "value", buyers, VALUE_LABEL, horizon_days, progress)
    served = _served(spend, model)
    expected = (1 - churn_lr.validation_prediction) * served.predict(split.valid[NUMERIC_FEATURES])
    results.append(Fitted(spend.name, spend.family, "value", served, model, params, cv_score,
                          regression_metrics(y_valid, expected), expected, True, seconds))
    baseline = last_period_spend(split.valid, horizon_days)
    results.append(Fitted("baseline_last_spend", "baseline: last 90 days' spend", "value", None, None, {}, None,
                          regression_metrics(y_valid, baseline), baseline, False, 0.0))
    return results
