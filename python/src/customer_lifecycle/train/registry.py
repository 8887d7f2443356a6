"""seeds/ml_model_registry.csv: every trained model and baseline with its metrics, loaded by `dbt build`.

In a consumer project the seed also gets a properties file: the column types of the package's own registry seed
(models/scoring/scoring.yml), so `dbt seed` never infers them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import yaml

from customer_lifecycle.project import PACKAGE
from customer_lifecycle.train.fit import Fitted
from customer_lifecycle.train.metrics import METRIC_NAMES, RELIABILITY_BINS, reliability


def reliability_json(y, probability) -> str:
    """The reliability curve as JSON: [[bin lower edge, customers, mean predicted, observed rate], ...]."""
    bins = reliability(y, probability)
    return json.dumps(
        [
            [
                round(int(b) / RELIABILITY_BINS, 2),
                int(row.customers),
                round(float(row.predicted), 6),
                round(float(row.observed), 6),
            ]
            for b, row in bins.iterrows()
        ]
    )


def _version(fitted: Fitted, deployed_versions: dict[str, str], data_hash: str) -> str:
    if fitted.name in deployed_versions:
        return deployed_versions[fitted.name]
    key = json.dumps({"params": fitted.params, "data": data_hash}, sort_keys=True, default=str)
    return f"{fitted.name}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def _calibration_window(calibration) -> dict:
    first, last = calibration.chain.calibration_snapshots if calibration else (None, None)
    return {
        "calibration_first_snapshot": first and first.date().isoformat(),
        "calibration_last_snapshot": last and last.date().isoformat(),
    }


def _selection(fitted: Fitted, selections: dict) -> dict:
    """selected: the model serves its target's score (churn_probability / expected_value_h), `selection` says why in
    words (on the winner's row); selection_gap: its
    mean loss per customer minus the winner's on the validation snapshot (log loss for churn, squared error for
    value), selection_gap_se its paired standard error (train/selection.py); empty for the non-candidates."""
    selection = selections.get(fitted.task)
    standing = next((s for s in selection.standings if s.model == fitted.name), None) if selection else None
    selected = standing is not None and selection.winner == fitted.name
    return {
        "selected": selected,
        "selection": selection.describe() if selected else None,
        "selection_gap": standing and standing.gap,
        "selection_gap_se": standing and standing.gap_se,
    }


def registry_rows(
    results: list[Fitted],
    deployed_versions: dict[str, str],
    data: dict,
    refit: dict,
    tuning,
    valid_date,
    as_of,
    y_valid,
    selections: dict,
) -> pd.DataFrame:
    """One row per model. train_* and the metrics: the held-out validation (trained before the validation
    snapshot); refit_*: the window the deployed models were then refit on (empty for the others). Churn models
    (calibration.py): train_* is the validation chain's model window (`Fitted.trained_on`, also the recency
    baseline's), refit_* the deployed model's (the training window), and the map's snapshots and method are in
    `calibration`; `reliability` is the validation snapshot's reliability curve."""
    rows = []
    for fitted in results:
        deployed = fitted.name in deployed_versions
        calibration = fitted.calibration
        trained, refitted = fitted.trained_on or data, data if calibration else refit
        rows.append(
            {
                "model": fitted.name,
                "version": _version(fitted, deployed_versions, data["sha256"]),
                "task": fitted.task,
                "family": fitted.family,
                "deployed": deployed,
                **_selection(fitted, selections),
                "parameters": json.dumps(fitted.params, sort_keys=True, default=str),
                "trained_as_of": as_of.date().isoformat(),
                "train_rows": trained["rows"],
                "train_first_snapshot": trained["first_snapshot"],
                "train_last_snapshot": trained["last_snapshot"],
                "train_data_sha256": trained["sha256"],
                "tuning": fitted.tuning or tuning.description,
                "refit_rows": refitted["rows"] if deployed else None,
                "refit_first_snapshot": refitted["first_snapshot"] if deployed else None,
                "refit_last_snapshot": refitted["last_snapshot"] if deployed else None,
                "validation_snapshot": valid_date.date().isoformat(),
                "calibration": calibration.describe() if calibration else None,
                **_calibration_window(calibration),
                "cv_score": fitted.cv_score,
                **{metric: fitted.metrics.get(metric) for metric in METRIC_NAMES},
                "reliability": reliability_json(y_valid, fitted.validation_prediction)
                if fitted.task == "churn"
                else None,
            }
        )
    return pd.DataFrame(rows).astype({"refit_rows": "Int64"})  # a count, empty for models not deployed


def write_registry(path: Path, rows: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows.to_csv(path, index=False, float_format="%.6f", lineterminator="\n")


def write_registry_properties(path: Path, manifest, adapter_type: str) -> Path:
    """The package's registry seed config (column types, full refresh) for the project's own seed. The package's
    seed is disabled in a consumer project, but dbt parsed its config, rendered for this target's adapter."""
    package_seed = f"seed.{PACKAGE}.ml_model_registry"
    config = (manifest.nodes.get(package_seed) or manifest.disabled[package_seed][0]).config
    properties = {
        "version": 2,
        "seeds": [
            {
                "name": path.stem,
                "description": f"Written by `lifecycle train` with the models: see {PACKAGE}'s ml_model_registry.",
                "config": {"full_refresh": config.full_refresh, "column_types": dict(config.column_types)},
            }
        ],
    }
    path.write_text(
        f"# generated by `lifecycle train` (column types as dbt renders them for {adapter_type}; "
        "retrain after changing engine)\n" + yaml.safe_dump(properties, sort_keys=False)
    )
    return path
