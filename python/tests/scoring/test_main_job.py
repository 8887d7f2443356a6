"""`lifecycle run` on the sample shop: models that beat the baselines, reproducible artifacts, monitoring."""

import pytest
from artifacts import assert_artifacts_equal_committed

from customer_lifecycle.warehouse import DbtCommandError


def _metric(wh, model: str, metric: str) -> float:
    return float(wh.query(f"select {metric} from ml_model_registry where model = '{model}'")[metric].iloc[0])


def test_summary_names_stages_segments_at_risk_customers_metrics_and_drift(trained):
    for heading in [
        "Lifecycle stages",
        "RF segments",
        "high churn risk",
        "Churn models",
        "Value models",
        "churn_lr",
        "retained",
        "Drift (score_drift)",
        "churn_probability is served by",
        "expected_value_h is served by",
    ]:
        assert heading in trained.summary


def test_summary_tables_churn_and_value_metrics_apart_without_missing_values(trained):
    sections = {section.split(" ")[0]: section for section in trained.summary.split("\n\n")}
    churn, value = sections["Churn"], sections["Value"]
    assert "roc_auc" in churn and "rmse" not in churn and "value_tree" not in churn
    assert "rmse" in value and "roc_auc" not in value and "churn_lr" not in value
    assert "NaN" not in churn + value


@pytest.mark.parametrize("model", ["churn_lr", "churn_tree"])
def test_deployed_churn_models_beat_the_recency_baseline_on_brier(trained, model):
    # trained on the same snapshots as the baseline (the validation chain's); log loss chooses the models
    assert _metric(trained, model, "brier") < _metric(trained, "baseline_recency", "brier")


def test_churn_lr_beats_the_recency_baseline_on_log_loss(trained):
    # churn_tree, held monotonic in the domain-sense directions (train/directions.py), does not on the sample
    # shop (0.4920 vs 0.4906; 0.4891 unconstrained), while it gains on CDNOW and Online Retail (docs/training.md)
    assert _metric(trained, "churn_lr", "log_loss") < _metric(trained, "baseline_recency", "log_loss")


def test_churn_lr_also_ranks_better_than_the_recency_baseline(trained):
    # churn_tree does not on the sample shop (ROC AUC 0.8270 vs 0.8295): it learns from three months fewer
    assert _metric(trained, "churn_lr", "roc_auc") > _metric(trained, "baseline_recency", "roc_auc")
    assert _metric(trained, "churn_lr", "pr_auc") > _metric(trained, "baseline_recency", "pr_auc")


def test_value_tree_ranks_better_than_last_period_spend(trained):
    assert _metric(trained, "value_tree", "rmse") < _metric(trained, "baseline_last_spend", "rmse")


def test_registry_flags_exactly_the_deployed_models(trained):
    registry = trained.query("select model, task from ml_model_registry where deployed")
    scoring = set(registry.loc[registry["task"] != "recommendation", "model"])
    assert scoring == {model.name for model in trained.contract.deployed}  # as scored_snapshots declares
    # the sample shop has order lines: one product_similarity learner serves customer_recommendations
    assert len(registry[registry["task"] == "recommendation"]) == 1


def test_committed_artifacts_are_what_training_on_the_sample_shop_produces(trained):
    """Retraining on unchanged data leaves `git diff` empty: the committed macros and models are reproducible."""
    assert_artifacts_equal_committed(trained.project_dir)


def test_lifecycle_run_on_postgres_trains_byte_identical_artifacts(trained_on_postgres):
    """Same data on another engine: the same models, macros, registry and card, training-data hash included."""
    project, summary = trained_on_postgres
    assert "Churn models" in summary and "churn_lr" in summary
    assert_artifacts_equal_committed(project)


def test_drift_covers_every_score_and_feature_and_only_fails_the_build_when_asked(committed):
    drift = committed.query("select variable, kind, psi, drift_level from score_drift")
    assert len(drift) == 26 and set(drift["kind"]) == {"score", "feature"} and (drift["psi"] >= 0).all()
    everything_drifts = {"lifecycle_psi_error": 1e-9, "lifecycle_psi_warn": 1e-9}  # thresholds must be > 0
    result = committed.dbt("build", "--select", "score_drift", vars=everything_drifts)  # default: warns, passes
    warned = {r.node.name for r in result.result.results if str(r.status).lower() == "warn"}
    assert any(name.startswith("score_drift_psi_error") for name in warned), warned
    levels = committed.query("select distinct drift_level from score_drift")["drift_level"]
    assert set(levels) == {"significant"}
    with pytest.raises(DbtCommandError, match="score_drift_psi_error"):
        committed.dbt(
            "test", "--select", "score_drift", vars={**everything_drifts, "lifecycle_drift_severity": "error"}
        )
    committed.dbt("run", "--select", "score_drift")  # back to the default thresholds for the other tests


def test_backtest_top_decile_churns_more_than_bottom_decile_and_every_matured_snapshot_was_refit_on(committed):
    rates = committed.query("""
        select churn_decile, avg(actual_churn_rate) as churn, bool_and(in_training) as in_training
        from score_backtest where churn_decile in (1, 10) group by churn_decile order by churn_decile""")
    assert len(rates) == 2 and rates["churn"].iloc[1] > rates["churn"].iloc[0] + 0.3
    assert rates["in_training"].all()  # the deployed models are refit on every labelled snapshot


def test_registry_names_one_served_model_per_target_and_the_scores_serve_its_column(committed):
    served = committed.query("select task, model, selection from ml_model_registry where selected order by task")
    assert list(served["task"]) == ["churn", "recommendation", "value"]  # the sample shop has order lines
    scores = served[served["task"] != "recommendation"]
    assert scores["selection"].str.contains(" per customer").all()
    gaps = committed.query(
        "select selection_gap from ml_model_registry where selection_gap is not null and not selected"
    )
    assert len(gaps) >= 4  # churn: churn_tree, bgnbd (or churn_lr); value: three more candidates


def test_backtest_totals_are_each_matured_snapshots_expected_value_against_the_revenue_that_followed(committed):
    totals = committed.query("""
        select b.snapshot_date, max(b.snapshot_expected_value_total) as expected, max(b.snapshot_value_ratio) as ratio,
               max(s.expected) as summed, max(s.actual) as actual
        from score_backtest as b inner join (
            select snapshot_date, sum(expected_value_h) as expected, sum(value_within_h) as actual
            from scored_snapshots where is_labelled = 1 group by snapshot_date) as s
          on b.snapshot_date = s.snapshot_date
        group by b.snapshot_date""")
    assert len(totals) > 12
    assert (abs(totals["expected"] - totals["summed"]) <= 1e-6 * totals["summed"]).all()
    assert (abs(totals["ratio"] - totals["summed"] / totals["actual"]) <= 1e-9).all()


def test_docs_generate_works(committed):
    committed.dbt("docs", "generate")
