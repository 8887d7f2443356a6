"""Tune every candidate on the training snapshots and score it, with the baselines, on the validation snapshot;
then refit the deployed ones, with the tuned parameters, on every labelled snapshot (TimeSplit.refit). Churn
models are validated and served with a calibration map along the time chain of calibration.py instead."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from threadpoolctl import threadpool_limits

from customer_lifecycle.train.baselines import RecencyChurnBaseline, last_period_spend
from customer_lifecycle.train.calibration import CalibrationChain, ChurnCalibration, calibrate_churn
from customer_lifecycle.train.deploy import deployable
from customer_lifecycle.train.directions import check_directions, constrained
from customer_lifecycle.train.metrics import classification_metrics, regression_metrics
from customer_lifecycle.train.snapshots import fingerprint
from customer_lifecycle.train.split import TimeSplit, tune
from customer_lifecycle.train.tuning_plans import tuning_plan
from customer_lifecycle.train.zoo import CHURN_SCORING, SEED, VALUE_SCORING, Candidate


@dataclass
class Fitted:
    name: str
    family: str
    task: str  # "churn" | "value"
    model: object  # deployed: the refit plain estimator compiled to SQL; else the tuned pipeline; None for a baseline
    pipeline: object  # deployed: the refit pipeline; else the tuned pipeline (None for a baseline)
    params: dict
    cv_score: float | None
    metrics: dict
    validation_prediction: np.ndarray
    deployed: bool
    seconds: float
    tuning: str | None = None  # how its parameters were chosen (tuning_plans.py); None for a baseline
    calibration: ChurnCalibration | None = None  # churn models (calibration.py)
    trained_on: dict | None = None  # fingerprint of the rows validated when not the split's training rows


def _sample(frame: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    return frame if limit is None or len(frame) <= limit else frame.sample(limit, random_state=SEED).sort_index()


def _skip(candidate: Candidate, error: ValueError, progress) -> None:
    """A compared-only candidate the rows cannot fit is skipped, saying why; a deployed one raises (the deployed
    ones fit any rows time_split and check_trainable let through)."""
    if candidate.deployed:
        raise error
    progress(
        f"skipped {candidate.name} (compared only, not deployed): too few rows for it: " + " ".join(str(error).split())
    )


def _fit(
    candidate: Candidate, task: str, train: pd.DataFrame, features: list[str], label: str, horizon_days: int, progress
) -> tuple | None:
    """(tuned model, params, CV score, seconds, tuning); None for a compared-only candidate the data cannot fit."""
    started = time.perf_counter()
    rows = _sample(train, candidate.max_train_rows)
    scoring = CHURN_SCORING if task == "churn" else VALUE_SCORING
    tuning = tuning_plan(rows, horizon_days, label if task == "churn" else None)  # sized on this model's rows
    progress(f"tuning {candidate.name} ({candidate.family}) on {len(rows):,} rows: {tuning.description}")
    groups = rows[tuning.groups] if tuning.groups else None
    # One thread: OpenMP/BLAS threads spin-wait and slow fits tenfold on a busy 2-core machine,
    # and single-threaded fits give the same model on every machine.
    with threadpool_limits(limits=1):
        try:
            model, params, cv_score = tune(
                candidate.estimator, candidate.grid, rows[features], rows[label], groups, tuning, scoring=scoring
            )
        except ValueError as error:  # e.g. the SVM's calibration folds need 3 rows of each class
            _skip(candidate, error, progress)
            return None
    params = {k.removeprefix("model__"): v for k, v in params.items()}
    return model, params, cv_score, time.perf_counter() - started, tuning.description


def _refit(tuned, rows: pd.DataFrame, features: list[str], label: str):
    with threadpool_limits(limits=1):
        return clone(tuned).fit(rows[features], rows[label])


def _deployed(candidate: Candidate, tuned, refit_rows: pd.DataFrame, features: list[str], label: str) -> tuple:
    """(served model, pipeline) kept for this candidate. Deployed: the tuned pipeline with the same parameters
    fit again on every labelled snapshot, reduced to the estimator compiled to SQL; else the tuned pipeline."""
    if not candidate.deployed:
        return tuned, tuned
    refit = _refit(tuned, refit_rows, features, label)
    return deployable(refit), refit


def fit_churn(
    split: TimeSplit, candidates: dict[str, list[Candidate]], horizon_days: int, chain: CalibrationChain, progress
) -> list[Fitted]:
    """`candidates`: zoo.by_target, flagged deployed as the contract declares; `chain`: calibration.py's."""
    features, label = split.contract.numeric_features, split.contract.churn_label
    y_valid = split.valid[label]
    trained_on = fingerprint(chain.fit_rows, split.contract)
    checks = check_directions(split.train, split.contract.directions, label)  # domain sense, where the data agrees
    results = []
    for candidate in candidates["churn"]:
        candidate = constrained(candidate, features, checks)
        fitted = _fit(candidate, "churn", split.train, features, label, horizon_days, progress)
        if fitted is None:
            continue
        tuned, params, cv_score, seconds, tuning = fitted
        started = time.perf_counter()
        try:  # refit on the calibration chain's rows, which can be fewer than the tuning's
            calibration = calibrate_churn(
                tuned,
                params,
                lambda rows, tuned=tuned, candidate=candidate: _refit(
                    tuned, _sample(rows, candidate.max_train_rows), features, label
                ),
                deployable if candidate.deployed else (lambda model: model),
                chain,
                split.valid,
                features,
                label,
                candidate.deployed,
            )
        except ValueError as error:
            _skip(candidate, error, progress)
            continue
        progress(f"calibrating {candidate.name}: {calibration.method}")
        p = calibration.validation_prediction
        served = calibration.served if candidate.deployed else tuned
        results.append(
            Fitted(
                candidate.name,
                candidate.family,
                "churn",
                served,
                tuned,
                params,
                cv_score,
                classification_metrics(y_valid, p),
                p,
                candidate.deployed,
                seconds + time.perf_counter() - started,
                tuning,
                calibration,
                trained_on,
            )
        )
    baseline = RecencyChurnBaseline().fit(chain.fit_rows, chain.fit_rows[label])
    p = baseline.predict_proba(split.valid)[:, 1]
    results.append(
        Fitted(
            "baseline_recency",
            "baseline: churn rate by recency decile",
            "churn",
            None,
            None,
            {},
            None,
            classification_metrics(y_valid, p),
            p,
            False,
            0.0,
            trained_on=trained_on,
        )
    )
    return results


def fit_value(
    split: TimeSplit, candidates: dict[str, list[Candidate]], horizon_days: int, churn_lr: Fitted, progress
) -> list[Fitted]:
    features, label, churned = split.contract.numeric_features, split.contract.value_label, split.contract.churn_label
    y_valid = split.valid[label]
    results = []
    for candidate in candidates["value"]:
        fitted = _fit(candidate, "value", split.train, features, label, horizon_days, progress)
        if fitted is None:
            continue
        tuned, params, cv_score, seconds, tuning = fitted
        validated = deployable(tuned) if candidate.deployed else tuned
        prediction = validated.predict(split.valid[features])
        served, pipeline = _deployed(candidate, tuned, split.refit, features, label)
        results.append(
            Fitted(
                candidate.name,
                candidate.family,
                "value",
                served,
                pipeline,
                params,
                cv_score,
                regression_metrics(y_valid, prediction),
                prediction,
                candidate.deployed,
                seconds,
                tuning,
            )
        )
    buyers = split.train[split.train[churned] == 0]
    for spend in candidates["spend"]:  # validated as what they serve: expected value = P(buy) from churn_lr x spend
        fitted = _fit(spend, "value", buyers, features, label, horizon_days, progress)
        if fitted is None:
            continue
        tuned, params, cv_score, seconds, tuning = fitted
        expected = (1 - churn_lr.validation_prediction) * deployable(tuned).predict(split.valid[features])
        served, pipeline = _deployed(spend, tuned, split.refit[split.refit[churned] == 0], features, label)
        results.append(
            Fitted(
                spend.name,
                spend.family,
                "value",
                served,
                pipeline,
                params,
                cv_score,
                regression_metrics(y_valid, expected),
                expected,
                spend.deployed,
                seconds,
                tuning,
            )
        )
    baseline = last_period_spend(split.valid, horizon_days)
    results.append(
        Fitted(
            "baseline_last_spend",
            "baseline: last 90 days' spend",
            "value",
            None,
            None,
            {},
            None,
            regression_metrics(y_valid, baseline),
            baseline,
            False,
            0.0,
        )
    )
    return results
