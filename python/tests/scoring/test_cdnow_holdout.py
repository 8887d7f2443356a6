"""Issue 20 on one small real cut: lifetimes' CDNOW sample (2,357 customers), 9 months of orders, H = 90. The
deployed churn score, held against what the customers did in the next 90 days (orders the run never saw), must
be as good a probability as BG/NBD's. python/benchmarks/real_data.py measures the same on every cut."""

import pytest
from holdout import DEPLOYED, LIFETIMES, evaluate, labels_disagreeing
from own_orders import orders_only_vars, run_on_orders
from real_orders import cdnow_orders

AS_OF, HORIZON = "1997-10-01", 90
CALIBRATION_POINTS = 0.03


@pytest.fixture(scope="module")
def cut(tmp_path_factory) -> dict:
    """The few numbers the tests compare (a short repr when one fails)."""
    orders = cdnow_orders()
    wh, _ = run_on_orders(
        tmp_path_factory.mktemp("cdnow_holdout"),
        orders,
        orders_only_vars(AS_OF, lifecycle_label_horizon_days=HORIZON, lifecycle_orders_has_status=False),
    )
    metrics, actual = evaluate(wh, orders, AS_OF, HORIZON)
    snapshot, labelled, disagreeing = labels_disagreeing(wh, orders, HORIZON)
    wh.close()
    deployed, bgnbd = metrics.loc[DEPLOYED], metrics.loc[LIFETIMES]
    return {
        "customers": len(actual),
        "actual_churn": actual["churned"].mean(),
        "mean_churn": deployed["mean_churn"],
        "brier": deployed["brier"],
        "bgnbd_brier": bgnbd["brier"],
        "bgnbd_auc": bgnbd["roc_auc"],
        "labelled_snapshot": snapshot,
        "labelled": labelled,
        "disagreeing": disagreeing,
    }


def test_what_happened_is_computed_as_the_product_labels_it(cut):
    assert (cut["labelled_snapshot"], cut["disagreeing"]) == ("1997-06-30", 0) and cut["labelled"] > 1000


def test_every_customer_is_scored_and_held_against_the_next_90_days(cut):
    assert cut["customers"] == 2357 and 0.7 < cut["actual_churn"] < 0.9
    assert cut["bgnbd_auc"] > 0.7  # the baseline is fitted, not a constant


def test_deployed_churn_brier_is_no_worse_than_bgnbd(cut):
    assert cut["brier"] <= cut["bgnbd_brier"]


def test_mean_predicted_churn_is_within_3_points_of_the_actual_rate(cut):
    assert abs(cut["mean_churn"] - cut["actual_churn"]) <= CALIBRATION_POINTS
