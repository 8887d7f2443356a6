"""The scores in the warehouse equal the saved scikit-learn models' predictions on the same rows (and the BG/NBD
columns the Python reference of the saved parameters)."""

import json

import numpy as np
import pandas as pd
import pytest
from reasons import against_stage, reasons_by_direction
from saved_models import assert_parity, features, saved_models, scored_rows

from customer_lifecycle.calibrated import uncalibrated
from customer_lifecycle.clv import bgnbd, gamma_gamma
from customer_lifecycle.report.queries import READS


def test_customer_scores_equal_saved_models(built):
    frame = scored_rows(built, "customer_scores", "as_of_date")
    assert len(frame) == built.query("select count(*) as n from customer_scores")["n"].iloc[0] > 1000
    assert assert_parity(frame, built) == [
        "churn_probability_lr",
        "churn_probability_tree",
        "predicted_value_h",
        "predicted_value_h_linear",
    ]


def test_every_scored_snapshot_equals_savedsaved_models(built):
    frame = scored_rows(built, "scored_snapshots", "snapshot_date")
    assert frame["snapshot_date"].nunique() > 12
    assert assert_parity(frame, built) == [model.score_column for model in built.contract.deployed]


def _newest_set_by_date(saved: dict, dates: pd.Series) -> pd.Series:
    """The index of the newest parameter set fitted as of each date or before (the oldest for earlier dates)."""
    fitted_as_of = pd.to_datetime([f["as_of"] for f in saved["fitted"]])
    return pd.Series(
        [max(int((fitted_as_of <= date).sum()) - 1, 0) for date in pd.to_datetime(dates)], index=dates.index
    )


@pytest.mark.parametrize(
    "relation, date_column", [("scored_snapshots", "snapshot_date"), ("customer_scores", "as_of_date")]
)
def test_bgnbd_columns_equal_the_reference_of_the_saved_parameters(built, relation, date_column):
    saved = json.loads((built.project_dir / "python" / "model_card" / "models" / "clv.json").read_text())
    frame = scored_rows(built, relation, date_column)
    sets = _newest_set_by_date(saved, frame[date_column])
    # the as-of date is scored with the set fitted to it; the older snapshots with the older sets
    assert sets.max() == len(saved["fitted"]) - 1 and (relation == "customer_scores" or sets.nunique() > 1)
    horizon = saved["horizon_days"]
    for index, rows in frame.groupby(sets):
        model = bgnbd.BgNbd(**saved["fitted"][index]["bgnbd"])
        spend = gamma_gamma.GammaGamma(**saved["fitted"][index]["gamma_gamma"])
        x, t_x, t = rows["lt_frequency"], rows["lt_recency"], rows["lt_t"]
        purchases = bgnbd.expected_purchases(model, x, t_x, t, horizon)
        per_purchase = gamma_gamma.expected_spend(spend, x, rows["lt_monetary"])
        expected = {
            "p_alive": bgnbd.p_alive(model, x, t_x, t),
            "churn_probability_bgnbd": bgnbd.p_no_purchase(model, x, t_x, t, horizon),
            "expected_purchases_h": purchases,
            "expected_spend_per_purchase": per_purchase,
            "expected_value_h_bgnbd": purchases * per_purchase,
        }
        for column, values in expected.items():
            np.testing.assert_allclose(
                rows[column].astype(float),
                values,
                rtol=1e-9,
                atol=1e-15,
                err_msg=f"{column}, parameters fitted to {saved['fitted'][index]['as_of']}",
            )
    assert (frame["bgnbd_model_version"] == saved["versions"]["bgnbd"]).all()


def test_one_row_per_customer_at_the_as_of_date(built):
    counts = built.query("""
        select (select count(*) from customer_scores) as scores,
               (select count(distinct customer_id) from customer_features
                 where snapshot_date = (select max(snapshot_date) from customer_features)) as customers,
               (select count(distinct as_of_date) from customer_scores) as dates""").iloc[0]
    assert counts["scores"] == counts["customers"] and counts["dates"] == 1


CUSTOMER_AGE = {"tenure_days", "lt_t"}  # var lifecycle_reason_excluded: never a reason


def test_reasons_are_the_largest_positive_contributions_against_the_stage_in_the_declared_direction(built):
    model = uncalibrated(saved_models(built)["churn_lr"])  # an isotonic map rescales the log-odds monotonically
    numeric = features(saved_models(built))
    frame = scored_rows(built, "customer_scores", "as_of_date")
    deviations = against_stage(frame, numeric).to_numpy()
    contributions = deviations * model.coef_[0]
    directions = np.array([built.contract.directions.get(f, 0) for f in numeric])
    allowed = (directions == 0) | (directions * deviations > 0)
    candidates = allowed & (contributions > 1e-9) & ~np.isin(numeric, list(CUSTOMER_AGE))
    for row, values, ok in zip(frame.itertuples(), contributions, candidates):
        named = [r for r in (row.churn_reason_1, row.churn_reason_2, row.churn_reason_3) if pd.notna(r)]
        # collinear features (frequency, lt_frequency) share a coefficient: ties may fall either way in SQL
        np.testing.assert_allclose(
            [values[numeric.index(r)] for r in named], sorted(values[ok], reverse=True)[:3], rtol=0, atol=1e-9
        )


def test_no_reason_names_a_feature_in_its_forbidden_direction(built):
    """e.g. orders_count is never a reason for a customer with more orders than the typical one of their stage."""
    named, forbidden = reasons_by_direction(built)
    assert "orders_count" in built.contract.directions and named > 0 and forbidden == []


def test_tree_path_ends_in_the_leaf_the_tree_scores(built):
    frame = scored_rows(built, "customer_scores", "as_of_date")
    tree = saved_models(built)["churn_tree"]
    expected = [f"churn {p:.0%}" for p in tree.predict_proba(frame[features(saved_models(built))])[:, 1]]
    assert [text.split(" -> ")[1].split(" (n=")[0] for text in frame["churn_tree_path"]] == expected


def test_the_report_at_risk_customers_get_reasons_they_are_worse_than_their_stage_in(built):
    """The first table a new user reads: each customer's first reason is a feature with a declared direction in
    which they are worse than the typical customer of their stage (e.g. far more days since the last order)."""
    at_risk = READS["at_risk"].rows(built)
    frame = scored_rows(built, "customer_scores", "as_of_date")
    deviations = against_stage(frame, features(saved_models(built))).set_index(frame["customer_id"])
    assert len(at_risk) > 5
    for row in at_risk.itertuples():
        direction = built.contract.directions.get(row.churn_reason_1)
        assert direction and direction * deviations.loc[row.customer_id, row.churn_reason_1] > 0, row
