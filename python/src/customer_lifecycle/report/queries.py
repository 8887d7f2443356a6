"""What the report reads: plain SQL over the marts and scoring models, the same on DuckDB, PostgreSQL and Spark.

Every query aggregates in the warehouse, so the report fetches a few thousand rows whatever the shop's size;
only the top at-risk table reads customers one by one.
"""

from __future__ import annotations

import pandas as pd

from customer_lifecycle.at_risk import at_risk_sql
from customer_lifecycle.served import QUERY as SERVED_QUERY
from customer_lifecycle.train.metrics import shown
from customer_lifecycle.warehouse import Warehouse

TOP_AT_RISK = 20
PROBABILITY_BINS = 20  # churn probability histogram: bins of 0.05
ROC_LEVELS = 1000  # ROC/PR from counts per probability rounded to 1/1000: exact enough, any shop size


SQL = {
    "as_of": "select max(as_of_date) as as_of_date from customer_lifecycle",
    "stages_now": """
        select lifecycle_stage, count(*) as people
        from customer_lifecycle
        group by lifecycle_stage""",
    "stages_monthly": """
        select month_start, lifecycle_stage, count(*) as people
        from customer_lifecycle_history
        group by month_start, lifecycle_stage
        order by month_start""",
    "transitions": """
        select month_start, from_stage, to_stage, customers
        from customer_lifecycle_transitions
        order by month_start""",
    "rf_grid": """
        select r_score, f_score, count(*) as customers, sum(total_spend) as revenue
        from customer_rfm
        group by r_score, f_score""",
    "segments": """
        select rf_segment, count(*) as customers, sum(total_spend) as revenue
        from customer_rfm
        group by rf_segment
        order by customers desc, rf_segment""",
    "churn_histogram": f"""
        select lifecycle_stage,
               least(floor(churn_probability * {PROBABILITY_BINS}), {PROBABILITY_BINS - 1}) as probability_bin,
               count(*) as customers
        from customer_scores
        group by lifecycle_stage, least(floor(churn_probability * {PROBABILITY_BINS}), {PROBABILITY_BINS - 1})""",
    "risk_bands": """
        select risk_band, count(*) as customers, sum(expected_value_h) as expected_value_h
        from customer_scores
        group by risk_band""",
    "at_risk": at_risk_sql(TOP_AT_RISK),
    # out of sample: snapshots after the training window, weighted by each snapshot's customers
    "backtest": """
        select churn_decile, sum(customers) as customers,
               sum(predicted_churn_rate * customers) / sum(customers) as predicted_churn_rate,
               sum(actual_churn_rate * customers) / sum(customers) as actual_churn_rate,
               sum(predicted_value_h * customers) / sum(customers) as predicted_value_h,
               sum(actual_value_h * customers) / sum(customers) as actual_value_h,
               count(distinct snapshot_date) as snapshots
        from score_backtest
        where not in_training
        group by churn_decile
        order by churn_decile""",
    # the out-of-sample check from the first training on: the validation snapshot scored by the models (and
    # calibration maps) trained before it, as reliability curves (JSON, train/registry.py)
    "reliability": """
        select model, validation_snapshot, ece, mean_predicted, observed_rate, reliability
        from ml_model_registry
        where deployed and task = 'churn'
        order by model""",
    "served": SERVED_QUERY,
    "backtest_totals": """
        select snapshot_date, in_training, max(snapshot_expected_value_total) as expected_value_total,
               max(snapshot_actual_value_total) as actual_value_total, max(snapshot_value_ratio) as ratio
        from score_backtest
        group by snapshot_date, in_training
        order by snapshot_date""",
    "registry": f"""
        select model, task, family, deployed, validation_snapshot, {", ".join(shown("report"))}
        from ml_model_registry
        order by task, deployed desc, model""",
    # churn labels of the validation snapshot, counted per rounded probability of each deployed churn model
    "roc_counts": f"""
        select 'churn_lr' as model, round(churn_probability_lr * {ROC_LEVELS}) as level,
               sum(churned_within_h) as churners, count(*) as customers
        from scored_snapshots
        where is_labelled = 1
          and snapshot_date = (select max(validation_snapshot) from ml_model_registry where deployed)
        group by round(churn_probability_lr * {ROC_LEVELS})
        union all
        select 'churn_tree' as model, round(churn_probability_tree * {ROC_LEVELS}) as level,
               sum(churned_within_h) as churners, count(*) as customers
        from scored_snapshots
        where is_labelled = 1
          and snapshot_date = (select max(validation_snapshot) from ml_model_registry where deployed)
        group by round(churn_probability_tree * {ROC_LEVELS})""",
    # every leaf of the deployed tree ever reached, with how many customers sit in it today; in path order,
    # `<=` before `>`, so each split's left branch is drawn first
    "tree_leaves": """
        select churn_tree_path,
               sum(case when snapshot_date = (select max(snapshot_date) from scored_snapshots) then 1 else 0 end)
                   as customers_now
        from scored_snapshots
        group by churn_tree_path
        order by churn_tree_path""",
    "odds_ratios": """
        select feature, odds_ratio_per_sd
        from churn_lr_odds_ratios
        order by odds_ratio_per_sd""",
    "load_summary": """
        select outcome, reason, row_count
        from orders_load_summary
        order by outcome, reason""",
    "quarantine": """
        select reason, count(*) as row_count
        from orders_quarantine
        group by reason
        order by row_count desc, reason""",
    "drift": """
        select variable, kind, psi, warn_only, psi_warn, psi_error
        from score_drift
        order by kind, psi desc""",
}


# read only with lifecycle_has_order_lines (customer_recommendations is built only then)
RECOMMENDATION_SQL = {
    "most_recommended": f"""
        select list, product_id, max(product_name) as product_name, count(*) as people
        from customer_recommendations
        group by list, product_id
        order by people desc, list, product_id
        limit {TOP_AT_RISK}""",
    "recommendation_coverage": """
        select r.list, count(distinct r.person_id) as people, count(distinct r.product_id) as products_listed,
               max(c.products) as products_bought
        from customer_recommendations as r
        cross join (select count(distinct product_id) as products from int_lifecycle__product_orders) as c
        group by r.list
        order by r.list""",
    # the first person (by id) of each stage, their first three products per list
    "recommendation_examples": """
        with examples as (
            select lifecycle_stage, min(person_id) as person_id
            from customer_recommendations
            group by lifecycle_stage
        )
        select r.lifecycle_stage, r.person_id, r.list, r.rank, r.product_id, r.product_name, r.reason
        from customer_recommendations as r
        inner join examples on r.lifecycle_stage = examples.lifecycle_stage and r.person_id = examples.person_id
        where r.rank <= 3
        order by r.lifecycle_stage, r.list, r.rank""",
}


class ReportDataError(RuntimeError):
    """A relation the report reads is missing or unreadable: the marts and scores are not built."""


def read_all(wh: Warehouse) -> dict[str, pd.DataFrame]:
    """Every query's rows by name."""
    data = {}
    queries = {**SQL, **(RECOMMENDATION_SQL if wh.project.var("lifecycle_has_order_lines") else {})}
    for name, sql in queries.items():
        try:
            data[name] = wh.query(sql)
        except Exception as error:
            raise ReportDataError(
                f"reading {name!r} from target {wh.target} failed ({error}); "
                "build the marts and scores first (`lifecycle run`)"
            ) from error
    return data
