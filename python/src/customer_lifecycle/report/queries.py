"""What the report reads: the reporting models (models/reporting/, where the aggregates are declared, for BI tools
too) and a few columns of the marts and the registry, each one select (reads.py).

Every aggregate is computed in the warehouse, so the report fetches a few thousand rows whatever the shop's
size; only the top at-risk table reads customers one by one.
"""

from __future__ import annotations

import pandas as pd
from sqlglot import exp

from customer_lifecycle.at_risk import at_risk
from customer_lifecycle.reads import Read, column
from customer_lifecycle.served import READ as SERVED_READ
from customer_lifecycle.train.metrics import shown
from customer_lifecycle.warehouse import Warehouse

TOP_AT_RISK = 20
TOP_RECOMMENDED = 20

READS = {
    "stages_now": Read("report_stage_counts"),
    "stages_monthly": Read("report_stages_monthly", order_by=["month_start"]),
    "transitions": Read(
        "customer_lifecycle_transitions",
        ["month_start", "from_stage", "to_stage", "customers"],
        order_by=["month_start"],
    ),
    "rf_grid": Read("report_rf_grid"),
    "segments": Read("report_rf_segments", order_by=["-customers", "rf_segment"]),
    "churn_histogram": Read("report_churn_histogram"),
    "risk_bands": Read("report_risk_bands"),
    "at_risk": at_risk(TOP_AT_RISK),
    "backtest": Read("report_backtest_deciles", order_by=["churn_decile"]),
    # the out-of-sample check from the first training on: the validation snapshot scored by the models (and
    # calibration maps) trained before it, as reliability curves (JSON, train/registry.py)
    "reliability": Read(
        "ml_model_registry",
        ["model", "validation_snapshot", "ece", "mean_predicted", "observed_rate", "reliability"],
        where=exp.and_(column("deployed"), column("task").eq(exp.Literal.string("churn"))),
        order_by=["model"],
    ),
    "served": SERVED_READ,
    "backtest_totals": Read("report_backtest_totals", order_by=["snapshot_date"]),
    "registry": Read(
        "ml_model_registry",
        ["model", "task", "family", "deployed", "validation_snapshot", *shown("report")],
        order_by=["task", "-deployed", "model"],
    ),
    "roc_counts": Read("report_roc_counts", order_by=["churn_model", "probability_level"]),
    # in path order, `<=` before `>`, so each split's left branch is drawn first
    "tree_leaves": Read("report_churn_tree_leaves", order_by=["churn_tree_path"]),
    "odds_ratios": Read("churn_lr_odds_ratios", ["feature", "odds_ratio_per_sd"], order_by=["odds_ratio_per_sd"]),
    "load_summary": Read("orders_load_summary", ["outcome", "reason", "row_count"], order_by=["outcome", "reason"]),
    "quarantine": Read("report_quarantine_reasons", order_by=["-row_count", "reason"]),
    "drift": Read(
        "score_drift", ["variable", "kind", "psi", "warn_only", "psi_warn", "psi_error"], order_by=["kind", "-psi"]
    ),
}

# read only with lifecycle_has_order_lines (customer_recommendations is built only then)
RECOMMENDATION_READS = {
    "most_recommended": Read(
        "report_most_recommended", order_by=["-people", "list", "product_id"], limit=TOP_RECOMMENDED
    ),
    "recommendation_coverage": Read("report_recommendation_coverage", order_by=["list"]),
    "recommendation_examples": Read("report_recommendation_examples", order_by=["lifecycle_stage", "list", "rank"]),
}


class ReportDataError(RuntimeError):
    """A relation the report reads is missing or unreadable: the marts and scores are not built."""


def read_all(wh: Warehouse) -> dict[str, pd.DataFrame]:
    """Every read's rows by name."""
    data = {}
    reads = {**READS, **(RECOMMENDATION_READS if wh.project.var("lifecycle_has_order_lines") else {})}
    for name, read in reads.items():
        try:
            data[name] = read.rows(wh)
        except Exception as error:
            first_line = str(error).strip().splitlines()[0]  # DuckDB adds "Did you mean ..." lines
            raise ReportDataError(
                f"reading {read.relation} ({name}) from target {wh.target} failed ({first_line}); "
                "build the marts, scores and reporting models first (`lifecycle run`)"
            ) from error
    return data
