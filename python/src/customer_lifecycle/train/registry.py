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


def registry_rows(results: list[Fitted], deployed_versions: dict[str, str], fingerprint: dict, valid_date,
                  as_of) -> pd.DataFrame:
    rows = []
    for fitted in results:
        rows.append({
            "model": fitted.name,
            "version": _version(fitted, deployed_versions, fingerprint["sha256"]),
            "task": fitted.task,
            "family": fitted.family,
            "deployed": fitted.name in deployed_versions,
            "parameters": json.dumps(fitted.params, sort_keys=True, default=str),
            "trained_as_of": as_of.date().isoformat(),
            "train_rows": fingerprint["rows"],
            "train_first_snapshot": fingerprint["first_snapshot"],
            "train_last_snapshot": fingerprint["last_snapshot"],
            "train_data_sha256": fingerprint["sha256"],
            "validation_snapshot": valid_date.date().isoformat(),
            "cv_score": fitted.cv_score,
            **{metric: fitted.metrics.get(metric) for metric in METRICS},
        })
    return pd.DataFrame(rows)


def write_registry(path: Path, rows: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows.to_csv(path, index=False, float_format="%.6f", lineterminator="\n")
