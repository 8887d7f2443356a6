"""Which models serve churn_probability and expected_value_h, by how much they won, and what to beware of: the
plain sentences `lifecycle run` prints and the report shows, read from ml_model_registry (train/selection.py)."""

from __future__ import annotations

import pandas as pd

from customer_lifecycle.reads import Read
from customer_lifecycle.train.selection import VALUE_TOTAL_TOLERANCE as MAX_TOTAL_ERROR

# the deployed churn probability is poorly calibrated above these, on the validation snapshot
MAX_ECE = 0.05
MAX_MEAN_GAP = 0.03
SERVED = {"churn": "churn_probability", "value": "expected_value_h"}
BGNBD = {"bgnbd", "bgnbd_gamma_gamma"}
BASELINE = {"churn": ("baseline_recency", "log_loss"), "value": ("baseline_last_spend", "rmse")}

READ = Read(
    "ml_model_registry",
    [
        "model",
        "task",
        "selected",
        "selection",
        "log_loss",
        "rmse",
        "ece",
        "mean_predicted",
        "observed_rate",
        "total_error",
    ],
    order_by=["task", "model"],
)


def _won(task: str, rows: pd.DataFrame) -> list[str]:
    winner = rows[rows["selected"].astype(bool)].iloc[0]
    notes = [f"{SERVED[task]} is served by {winner['selection']}"]
    if winner["model"] in BGNBD:
        notes.append(
            f"BG/NBD wins {task}: on this shop's validation snapshot no machine-learned model beat it "
            "by more than noise."
        )
    baseline, metric = BASELINE[task]
    base = rows[rows["model"] == baseline]
    if not base.empty and base[metric].iloc[0] < winner[metric]:
        notes.append(
            f"The baseline {baseline} ({metric} {base[metric].iloc[0]:.4f}) beat the served model "
            f"({winner[metric]:.4f}) on the validation snapshot; it has no SQL, so it is not served."
        )
    if task == "churn":
        gap = winner["mean_predicted"] - winner["observed_rate"]
        if winner["ece"] > MAX_ECE or abs(gap) > MAX_MEAN_GAP:
            notes.append(
                f"Poorly calibrated: on the validation snapshot {SERVED[task]} has ECE {winner['ece']:.3f} "
                f"(allowed {MAX_ECE}) and predicts {winner['mean_predicted']:.3f} churn on average against "
                f"{winner['observed_rate']:.3f} observed (allowed +-{MAX_MEAN_GAP})."
            )
    elif abs(winner["total_error"]) > MAX_TOTAL_ERROR:
        notes.append(
            f"Does not add up: on the validation snapshot the sum of {SERVED[task]} is "
            f"{winner['total_error']:+.0%} off the revenue that followed (allowed +-{MAX_TOTAL_ERROR:.0%})."
        )
    return notes


def served_notes(registry: pd.DataFrame) -> list[str]:
    """Sentences on the served models, from ml_model_registry's rows (READ)."""
    return [
        note
        for task in ("churn", "value")
        for note in _won(task, registry[registry["task"] == task])
        if (registry["task"] == task).any()
    ]
