"""Validation metrics, the same for every model and the baselines, so rows of the comparison table compare."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    log_loss,
    mean_absolute_error,
    mean_squared_error,
    roc_auc_score,
)


@dataclass(frozen=True)
class Metric:
    name: str
    task: str  # churn or value
    label: str  # as tables and charts title it
    better: int  # +1: higher is better, -1: lower is better, 0: a diagnostic (compared with another column)
    shown: frozenset[str] = frozenset({"card", "report", "summary"})  # the model card, the HTML report, `lifecycle run`


# Every validation metric, declared once: ml_model_registry's columns in this order, the model card's tables, the
# report's model table and the run summary (python/tests/train/test_metric_names.py checks the registry seed's yml).
METRICS = (
    Metric("roc_auc", "churn", "ROC AUC", 1),
    Metric("pr_auc", "churn", "PR AUC", 1),
    Metric("brier", "churn", "Brier score", -1),
    Metric("log_loss", "churn", "log loss", -1),
    Metric("ece", "churn", "expected calibration error", -1, frozenset({"card", "report"})),
    Metric("mean_predicted", "churn", "mean predicted probability", 0, frozenset({"card"})),
    Metric("observed_rate", "churn", "observed churn rate", 0, frozenset()),
    Metric("lift_top_decile", "churn", "lift in the top decile", 1),
    Metric("capture_top_decile", "churn", "churners captured in the top decile", 1, frozenset({"card"})),
    Metric("mae", "value", "mean absolute error", -1),
    Metric("rmse", "value", "root mean squared error", -1),
    Metric("spearman", "value", "Spearman rank correlation", 1),
    Metric("total_error", "value", "relative error of the total", 0, frozenset({"card", "summary"})),
)
METRIC_NAMES = [metric.name for metric in METRICS]
BY_NAME = {metric.name: metric for metric in METRICS}


def shown(where: str, task: str | None = None) -> list[str]:
    """The metrics shown in `where` (card, report, summary), of one task or all, in declaration order."""
    return [m.name for m in METRICS if where in m.shown and task in (None, m.task)]


def _top_decile(y: np.ndarray, score: np.ndarray) -> np.ndarray:
    order = np.argsort(-score, kind="stable")
    return order[: max(1, len(y) // 10)]


RELIABILITY_BINS = 10  # equal-width bins of the predicted probability: [0, 0.1), ..., [0.9, 1]


def clipped_log_loss(y, probability) -> float:
    """Log loss with probabilities kept 1e-15 away from 0 and 1 (a certain, wrong 0 or 1 costs 34.5, not inf)."""
    return float(log_loss(y, np.clip(np.asarray(probability, dtype=float), 1e-15, 1 - 1e-15), labels=[0, 1]))


def reliability(y, probability) -> pd.DataFrame:
    """Per non-empty equal-width bin of the predicted probability: customers, mean predicted, observed rate."""
    frame = pd.DataFrame({"y": np.asarray(y, dtype=float), "p": np.asarray(probability, dtype=float)})
    frame["bin"] = np.minimum((frame["p"] * RELIABILITY_BINS).astype(int), RELIABILITY_BINS - 1)
    return frame.groupby("bin").agg(customers=("y", "size"), predicted=("p", "mean"), observed=("y", "mean"))


def expected_calibration_error(y, probability) -> float:
    """ECE: |mean predicted - observed rate| per reliability bin, weighted by the bin's share of customers."""
    bins = reliability(y, probability)
    return float((bins["customers"] * (bins["predicted"] - bins["observed"]).abs()).sum() / bins["customers"].sum())


def classification_metrics(y, probability) -> dict:
    y, p = np.asarray(y), np.asarray(probability, dtype=float)
    top = _top_decile(y, p)
    return {
        "roc_auc": roc_auc_score(y, p),
        "pr_auc": average_precision_score(y, p),
        "brier": brier_score_loss(y, p, labels=[0, 1]),  # a window where nobody churned is still scored
        "log_loss": clipped_log_loss(y, p),
        "ece": expected_calibration_error(y, p),
        "mean_predicted": float(p.mean()),
        "observed_rate": float(y.mean()),
        "lift_top_decile": y[top].mean() / y.mean(),
        "capture_top_decile": y[top].sum() / y.sum(),
    }


def calibration_by_decile(y, probability) -> pd.DataFrame:
    """Mean predicted vs observed rate in each decile of the score (decile 10 = highest risk)."""
    frame = pd.DataFrame({"y": np.asarray(y), "p": np.asarray(probability, dtype=float)})
    frame["decile"] = pd.qcut(frame["p"].rank(method="first"), 10, labels=range(1, 11)).astype(int)
    return frame.groupby("decile").agg(customers=("y", "size"), predicted=("p", "mean"), observed=("y", "mean"))


def gain_curve(y, score) -> tuple[np.ndarray, np.ndarray]:
    """Share of customers contacted (by descending score) vs share of positives captured."""
    y = np.asarray(y)[np.argsort(-np.asarray(score, dtype=float), kind="stable")]
    return np.arange(1, len(y) + 1) / len(y), np.cumsum(y) / y.sum()


def regression_metrics(y, prediction) -> dict:
    y, p = np.asarray(y, dtype=float), np.asarray(prediction, dtype=float)
    return {
        "mae": mean_absolute_error(y, p),
        "rmse": float(np.sqrt(mean_squared_error(y, p))),
        "spearman": float(spearmanr(y, p).statistic),
        "total_error": (p.sum() - y.sum()) / y.sum(),  # relative error of the horizon's total revenue
    }
