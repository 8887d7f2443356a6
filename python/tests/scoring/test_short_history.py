"""A real-looking short history: one acquisition cohort, 9 months of orders only, as-of at month 9, H = 90.
Too short for forward CV folds: the job must still train honestly, say how it tuned, score every customer,
and report (not fail on) the drift of a cohort that ages."""

import pytest
from own_orders import orders_only_vars, run_on_orders

from customer_lifecycle.datagen import generate_shop
from customer_lifecycle.main_job import SCORING
from customer_lifecycle.warehouse import DbtCommandError

AS_OF = "2025-10-01"  # the day after 9 months of orders


@pytest.fixture(scope="module")
def nine_months(tmp_path_factory):
    orders = generate_shop(800, seed=7, start="2025-01-01", end="2025-09-30", with_events=False, cohort_days=31)[
        "raw_orders"
    ]
    wh, printed = run_on_orders(
        tmp_path_factory.mktemp("nine_months"), orders, orders_only_vars(AS_OF, lifecycle_label_horizon_days=90)
    )
    wh.orders, wh.printed = orders, printed
    yield wh
    wh.close()


def test_your_own_orders_build_without_order_lines_by_default(nine_months):
    # lifecycle_has_order_lines at its default (null) is off for your own tables: nothing of recommendations
    assert "Recommendations for customer" not in nine_months.printed
    assert "recommendation" not in set(nine_months.query("select task from ml_model_registry")["task"])
    tables = set(nine_months.query("select table_name from information_schema.tables")["table_name"])
    assert not tables & {"customer_recommendations", "product_similarity", "stg_lifecycle__order_lines_tmp"}


def test_scores_every_customer_with_a_completed_order(nine_months):
    buyers = set(nine_months.orders.loc[nine_months.orders["status"] == "completed", "customer_id"])
    scores = nine_months.query("select customer_id, churn_probability, expected_value_h from customer_scores")
    assert set(scores["customer_id"]) == buyers and scores.notna().all().all()


def test_says_it_tuned_with_folds_grouped_by_customer(nine_months):
    tuning = "3 folds grouped by customer within the training snapshots"
    assert f"tuning with {tuning}" in nine_months.printed  # the training step's progress
    assert f"Training (ml_model_registry)\ntuned with {tuning}" in nine_months.printed  # the summary
    assert set(nine_months.query("select tuning from ml_model_registry")["tuning"].str[: len(tuning)]) == {tuning}


def test_deployed_models_are_refit_on_every_labelled_snapshot_and_drift_and_backtest_follow(nine_months):
    deployed = nine_months.query("""select distinct task, train_last_snapshot, validation_snapshot, refit_last_snapshot,
                                           calibration_first_snapshot, calibration_last_snapshot
                                    from ml_model_registry where deployed""").set_index("task")
    assert len(deployed) == 2
    value, churn = deployed.loc["value"], deployed.loc["churn"]
    # month-end snapshots: the latest labelled one (t + 90 days <= as-of) validates, training ends a horizon before;
    # the value models are refit on every labelled snapshot, the churn models refit their calibration map on them
    assert str(value.refit_last_snapshot)[:10] == str(value.validation_snapshot)[:10] == "2025-06-30"
    assert str(value.train_last_snapshot)[:10] == str(churn.train_last_snapshot)[:10] == "2025-03-31"
    assert str(churn.refit_last_snapshot)[:10] == "2025-03-31"
    # too short for the time chain: the validated map is cross-fitted on the validation snapshot, and says so
    assert str(churn.calibration_first_snapshot)[:10] == str(churn.calibration_last_snapshot)[:10] == "2025-06-30"
    assert "short history" in nine_months.printed
    reference = nine_months.query("select distinct reference_last_snapshot from score_drift")
    assert str(reference.iloc[0, 0])[:10] == "2025-06-30"
    assert nine_months.query("select bool_and(in_training) as all_in from score_backtest")["all_in"].iloc[0]


def test_significant_drift_is_reported_not_fatal_unless_asked(nine_months):
    significant = nine_months.query(
        "select variable from score_drift where drift_level = 'significant' and not warn_only"
    )["variable"]
    assert len(significant) > 0  # a single ageing cohort: its recency and spend move away from training
    assert "Drift (score_drift)" in nine_months.printed and significant.iloc[0] in nine_months.printed
    with pytest.raises(DbtCommandError, match="score_drift_psi_error"):
        nine_months.dbt("build", "--select", *SCORING, vars={"lifecycle_drift_severity": "error"})


def test_churn_probabilities_are_calibrated_in_the_large(nine_months):
    # an ageing cohort's churn rate moves; the map (cross-fitted here) brings the mean back to the observed rate
    churn = nine_months.query("""select model, mean_predicted, observed_rate from ml_model_registry
                                 where deployed and task = 'churn'""")
    assert ((churn["mean_predicted"] - churn["observed_rate"]).abs() < 0.03).all()
