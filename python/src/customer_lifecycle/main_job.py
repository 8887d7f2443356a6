"""`lifecycle run`: raw orders -> features (dbt) -> trained, compiled models -> scores view (dbt) -> a summary.

One process, one dbtRunner, one warehouse connection, whatever the target.
"""
from __future__ import annotations

import time

import pandas as pd

from customer_lifecycle.engines.load import load_sample_shop
from customer_lifecycle.train import train
from customer_lifecycle.warehouse import Warehouse

SCORING = ["path:models/scoring", "ml_model_registry"]  # what a retrain changes
TOP_AT_RISK = 10


def _step(number: int, text: str) -> float:
    print(f"[{number}/4] {text}", flush=True)
    return time.perf_counter()


def _table(frame: pd.DataFrame) -> str:
    return frame.to_string(index=False, float_format=lambda v: f"{v:.3f}")


CHURN_METRICS = "roc_auc, pr_auc, brier, log_loss, lift_top_decile"
VALUE_METRICS = "mae, rmse, spearman, total_error"


def _metrics(wh: Warehouse, task: str, columns: str) -> pd.DataFrame:
    return wh.query(f"select model, deployed, {columns} from ml_model_registry "
                    f"where task = '{task}' order by deployed desc, model")


def drift_section(wh: Warehouse) -> str:
    """The drifted scores and features, and what that means for the scores just built."""
    drifted = wh.query("""
        select variable, kind, psi, drift_level, warn_only, reference_last_snapshot
        from score_drift where drift_level <> 'none' order by psi desc, variable""")
    if drifted.empty:
        return "Drift (score_drift): none; every score and feature is distributed as in training (PSI <= warn threshold)"
    reference = pd.Timestamp(drifted["reference_last_snapshot"].iloc[0]).date()
    return (f"Drift (score_drift): {len(drifted)} scores/features are distributed differently today than on the "
            f"training snapshot {reference}\n"
            "(PSI: > warn threshold moderate, > error threshold significant). The scores above were still built;\n"
            "drift means the models see customers unlike those they learned from, so their probabilities may be off.\n"
            "Retrain when new snapshots are labelled (lifecycle run). Age features (warn_only) grow as the shop ages.\n"
            "To fail the build on significant drift instead: --vars '{lifecycle_drift_severity: error}'.\n"
            + _table(drifted.drop(columns="reference_last_snapshot")))


def training_section(wh: Warehouse) -> str:
    """How the deployed models were tuned, validated and refit (one registry row says it for all)."""
    row = wh.query("""
        select tuning, train_first_snapshot, train_last_snapshot, validation_snapshot,
               refit_first_snapshot, refit_last_snapshot, refit_rows
        from ml_model_registry where deployed order by model limit 1""").iloc[0]
    day = {column: pd.Timestamp(row[column]).date() for column in row.index if column.endswith("snapshot")}
    return (f"Training (ml_model_registry)\n"
            f"tuned with {row.tuning}; validated on snapshot {day['validation_snapshot']} by models trained on "
            f"{day['train_first_snapshot']}..{day['train_last_snapshot']} (held out);\n"
            f"the deployed models were then refit on every labelled snapshot, {day['refit_first_snapshot']}.."
            f"{day['refit_last_snapshot']} ({int(row.refit_rows):,} rows)")


def summary(wh: Warehouse) -> str:
    stages = wh.query("select lifecycle_stage, count(*) as people from customer_lifecycle "
                      "group by lifecycle_stage order by people desc, lifecycle_stage")
    segments = wh.query("select rf_segment, count(*) as customers from customer_rfm "
                        "group by rf_segment order by customers desc, rf_segment")
    at_risk = wh.query(f"""
        select s.customer_id, s.lifecycle_stage, s.rf_segment, r.total_spend, s.churn_probability,
               s.expected_value_h, s.churn_reason_1
        from customer_scores as s inner join customer_rfm as r on s.customer_id = r.customer_id
        where s.risk_band = 'high' and s.lifecycle_stage <> 'churned'
        order by r.total_spend desc, s.customer_id
        limit {TOP_AT_RISK}""")
    return "\n\n".join([
        "Lifecycle stages\n" + _table(stages),
        "RF segments\n" + _table(segments),
        f"Top {TOP_AT_RISK} high-value customers at high churn risk (not yet churned)\n" + _table(at_risk),
        training_section(wh),
        "Churn models on the validation snapshot (ml_model_registry)\n" + _table(_metrics(wh, "churn", CHURN_METRICS)),
        "Value models on the validation snapshot (ml_model_registry)\n" + _table(_metrics(wh, "value", VALUE_METRICS)),
        drift_section(wh),
    ])


def run_main_job(target: str | None = None, duckdb_path: str | None = None, **warehouse_options) -> str:
    """`warehouse_options` (e.g. project_dir, vars) go to Warehouse: tests run the job on a copy of the project."""
    wh = Warehouse(target, duckdb_path=duckdb_path, **warehouse_options)
    started = _step(1, f"dbt build: seeds, staging, marts and their tests (target {wh.target})")
    wh.dbt("build", "--exclude", *SCORING, *load_sample_shop(wh))  # seeds are slow on servers: COPY instead
    _step(2, "training on the labelled snapshots of customer_features")
    train(wh, progress=lambda message: print(f"      {message}", flush=True))
    _step(3, "dbt build: the scores view, drift, backtest and model registry")
    wh.dbt("build", "--select", *SCORING)
    _step(4, f"done in {time.perf_counter() - started:.0f}s")
    text = summary(wh)
    print("\n" + text)
    return text
