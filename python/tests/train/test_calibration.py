"""Calibration along the time chain (train/calibration.py) and model selection on log loss (train/zoo.py)."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import GroupKFold

from customer_lifecycle.calibrated import CalibratedClassifier
from customer_lifecycle.train.calibration import calibrate_churn, calibration_chain, choose_method, methods_for, served
from customer_lifecycle.train.deploy import deployable
from customer_lifecycle.train.split import Tuning, tune
from customer_lifecycle.train.zoo import CHURN_SCORING, churn_candidates

HORIZON = 90
FEATURES = ["recency_days", "orders_count"]


def _snapshots(churn_shift: dict[str, float], customers: int = 3000, seed: int = 0) -> pd.DataFrame:
    """Monthly snapshots whose churn rate moves by the log-odds `churn_shift[date]`, as a cohort that ages."""
    rng = np.random.default_rng(seed)
    frames = []
    for date, shift in churn_shift.items():
        recency = rng.exponential(60, customers)
        orders = rng.poisson(3, customers) + 1
        logit = 0.02 * recency - 0.4 * orders + shift
        churned = rng.random(customers) < 1 / (1 + np.exp(-logit))
        frames.append(
            pd.DataFrame(
                {
                    "customer_id": [f"c{i}" for i in range(customers)],
                    "snapshot_date": pd.Timestamp(date),
                    "recency_days": recency,
                    "orders_count": orders.astype(float),
                    "churned_within_h": churned.astype(int),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _train_and_calibrate(frame: pd.DataFrame, valid_date: str, params: dict | None = None):
    valid_date = pd.Timestamp(valid_date)
    train = frame[frame["snapshot_date"] <= valid_date - pd.Timedelta(days=HORIZON)]
    valid = frame[frame["snapshot_date"] == valid_date].reset_index(drop=True)
    candidate = churn_candidates()[0]  # churn_lr
    params = params or {"model__C": 1.0, "model__class_weight": None}

    def fit(rows):
        return candidate.estimator.set_params(**params).fit(rows[FEATURES], rows["churned_within_h"])

    split = SimpleNamespace(
        train=train,
        valid=valid,
        valid_date=valid_date,
        refit=frame,
        contract=SimpleNamespace(churn_label="churned_within_h"),
    )
    chain = calibration_chain(split, HORIZON)
    return (
        chain,
        valid,
        calibrate_churn(fit(train), params, fit, deployable, chain, valid, FEATURES, "churned_within_h", deployed=True),
    )


def test_calibration_in_the_large_follows_the_churn_rate_after_training():
    # an aging cohort: churn rises after the training window; the map, fit on a later snapshot, follows it
    shifts = {
        "2025-01-31": -1.0,
        "2025-02-28": -1.0,
        "2025-03-31": -1.0,
        "2025-04-30": 0.5,
        "2025-05-31": 0.5,
        "2025-06-30": 0.5,
        "2025-07-31": 0.5,
        "2025-08-31": 0.5,
        "2025-09-30": 0.5,
    }
    frame = _snapshots(shifts)
    chain, valid, calibration = _train_and_calibrate(frame, "2025-09-30")
    # t_cal = 2025-06-30: the model on <= t_cal - H, its map on the horizon after, the deployed map on the last one
    assert not chain.cross_fitted and chain.fit_rows["snapshot_date"].max() == pd.Timestamp("2025-03-31")
    assert chain.calibration_snapshots == (pd.Timestamp("2025-04-30"), pd.Timestamp("2025-06-30"))
    assert chain.deployed_calibration_rows["snapshot_date"].min() == pd.Timestamp("2025-07-31")
    observed = valid["churned_within_h"].mean()
    assert abs(calibration.validation_prediction.mean() - observed) < 0.03  # 3 standard errors of the rate
    assert calibration.method != "none"
    # without the map the same model predicts the training period's churn rate
    uncalibrated = deployable(
        churn_candidates()[0]
        .estimator.set_params(model__C=1.0, model__class_weight=None)
        .fit(chain.fit_rows[FEATURES], chain.fit_rows["churned_within_h"])
    )
    assert observed - uncalibrated.predict_proba(valid[FEATURES])[:, 1].mean() > 0.1


def test_short_history_cross_fits_the_map_on_the_validation_snapshot_and_says_so():
    frame = _snapshots({"2025-01-31": 0.0, "2025-03-31": 0.0, "2025-06-30": 0.0})
    chain, _, calibration = _train_and_calibrate(frame, "2025-06-30")
    assert chain.cross_fitted and chain.calibration_snapshots == (pd.Timestamp("2025-06-30"),) * 2
    assert "short history" in calibration.describe() and "chosen on the same rows" in calibration.describe()


def test_short_history_serves_the_map_it_validated_not_a_window_of_younger_snapshots():
    # a young cohort: few churn in the horizon after its first snapshots, many by the validation snapshot. The map
    # was validated (cross-fitted) on t_valid only; refit on the younger window it would serve their lower rate
    shifts = {"2025-01-31": -2.0, "2025-03-31": -2.0, "2025-04-30": -2.0, "2025-05-31": -2.0, "2025-06-30": 1.0}
    frame = _snapshots(shifts)
    chain, valid, calibration = _train_and_calibrate(frame, "2025-06-30")
    assert chain.cross_fitted and set(chain.deployed_calibration_rows["snapshot_date"]) == {pd.Timestamp("2025-06-30")}
    assert "map refit on 2025-06-30" in calibration.describe()
    later = _snapshots({"2025-07-31": 1.0}, seed=1)  # customers like t_valid's, with the same churn rate
    served_mean = calibration.served.predict_proba(later[FEATURES])[:, 1].mean()
    assert abs(served_mean - later["churned_within_h"].mean()) < 0.03  # 3 standard errors of the rate
    assert abs(served_mean - calibration.validation_prediction.mean()) < 0.01  # serves what was validated


def test_class_weights_are_always_recalibrated():
    assert methods_for({"model__class_weight": "balanced"}) == ["sigmoid", "isotonic"]
    assert "none" in methods_for({"model__class_weight": None})
    frame = _snapshots({"2025-01-31": 0.0, "2025-03-31": 0.0, "2025-06-30": 0.0, "2025-09-30": 0.0})
    _, valid, calibration = _train_and_calibrate(
        frame, "2025-09-30", {"model__C": 1.0, "model__class_weight": "balanced"}
    )
    assert calibration.method in ("sigmoid", "isotonic")
    assert abs(calibration.validation_prediction.mean() - valid["churned_within_h"].mean()) < 0.03


def test_no_map_where_a_class_is_too_rare_to_fit_and_judge_one():
    frame = _snapshots({"2025-01-31": 0.0})
    X, y = frame[FEATURES], frame["churned_within_h"].to_numpy().copy()
    y[:] = 0
    y[:4] = 1  # four churners: fewer than the folds
    model = LogisticRegression().fit(X, y)
    assert choose_method(model, {"model__class_weight": "balanced"}, X, y, frame["snapshot_date"]) == ("none", {})


def test_platt_on_a_logistic_regression_folds_into_its_coefficients():
    frame = _snapshots({"2025-01-31": 0.0})
    X, y = frame[FEATURES], frame["churned_within_h"]
    model = LogisticRegression().fit(X, y)
    calibrated = CalibratedClassifier(model, "sigmoid", sigmoid=(1.3, -0.4))
    folded = served(calibrated)
    assert isinstance(folded, LogisticRegression)
    np.testing.assert_allclose(folded.predict_proba(X), calibrated.predict_proba(X), rtol=0, atol=1e-14)


def test_a_fold_where_nobody_churned_is_scored_on_log_loss():
    # a small shop's CV fold can hold one class only: scikit-learn's "neg_log_loss" raised there
    frame = _snapshots({"2025-01-31": 0.0})
    X, y = frame[FEATURES], frame["churned_within_h"]
    model = LogisticRegression().fit(X, y)
    nobody = np.zeros(len(y), dtype=int)
    expected = log_loss(nobody, model.predict_proba(X), labels=[0, 1])
    assert CHURN_SCORING(model, X, nobody) == -expected


def test_churn_models_are_chosen_on_log_loss_not_pr_auc():
    # class weights raise PR AUC's favourite nowhere but shift every probability: log loss must refuse them
    frame = _snapshots({"2025-01-31": -1.5}, customers=4000)
    candidate = churn_candidates()[0]
    tuning = Tuning(GroupKFold(3), "customer_id", "test")
    _, params, _ = tune(
        candidate.estimator,
        candidate.grid,
        frame[FEATURES],
        frame["churned_within_h"],
        frame["customer_id"],
        tuning,
        scoring=CHURN_SCORING,
    )
    assert params["model__class_weight"] is None
