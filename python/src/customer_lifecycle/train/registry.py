"""seeds/ml_model_registry.csv: every trained model and baseline with its metrics, loaded by `dbt build`."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from customer_lifecycle.train.fit import Fitted

METRICS = ["roc_auc", "pr_auc", "brier", "log_loss", "lift_top_decile", "capture_top_decile",
           "mae", "rmse", "spearman", "total_error"]


def _version(fitted: Fitted, deployed_versions: dict[str, str], data_hash: str) -> str:
    if fitted.name in deployed_versions:
        return deployed_versions[fitted.name]
    key = json.dumps({"params": fitted.params, "data": data_hash}, sort_keys=True, default=str)
    return f"{fitted.name}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def registry_rows(results: list[Fitted], deployed_versions: dict[str, str], data: dict, refit: dict, tuning,
                  valid_date, as_of) -> pd.DataFrame:
    """One row per model. train_* and the metrics: the held-out validation (trained before the validation
    snapshot); refit_*: the window the deployed models were then refit on (empty for the others)."""
    rows = []
    for fitted in results:
        deployed = fitted.name in deployed_versions
        rows.append({
            "model": fitted.name,
            "version": _version(fitted, deployed_versions, data["sha256"]),
            "task": fitted.task,
            "family": fitted.family,
            "deployed": deployed,
            "parameters": json.dumps(fitted.params, sort_keys=True, default=str),
            "trained_as_of": as_of.date().isoformat(),
            "train_rows": data["rows"],
            "train_first_snapshot": data["first_snapshot"],
            "train_last_snapshot": data["last_snapshot"],
            "train_data_sha256": data["sha256"],
            "tuning": tuning.description,
            "refit_rows": refit["rows"] if deployed else None,
            "refit_first_snapshot": refit["first_snapshot"] if deployed else None,
            "refit_last_snapshot": refit["last_snapshot"] if deployed else None,
            "validation_snapshot": valid_date.date().isoformat(),
            "cv_score": fitted.cv_score,
            **{metric: fitted.metrics.get(metric) for metric in METRICS},
        })
    return pd.DataFrame(rows).astype({"refit_rows": "Int64"})  # a count, empty for models not deployed


def write_registry(path: Path, rows: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows.to_csv(path, index=False, float_format="%.6f", lineterminator="\n")
