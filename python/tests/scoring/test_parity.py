"""The scores in the warehouse equal the saved scikit-learn models' predictions on the same rows."""
import joblib
import numpy as np
import pandas as pd

from customer_lifecycle.train.snapshots import NUMERIC_FEATURES

TOLERANCE = 1e-12


def _models(wh):
    directory = wh.project_dir / "python" / "model_card" / "models"
    return {name: joblib.load(directory / f"{name}.joblib")
            for name in ["churn_lr", "churn_tree", "value_tree", "value_linear", "spend_tree"]}


def _scored(wh, relation: str, date_column: str) -> pd.DataFrame:
    frame = wh.query(f"""
        select s.*, {', '.join('f.' + c for c in NUMERIC_FEATURES)}
        from {relation} as s inner join customer_features as f
          on s.customer_id = f.customer_id and s.{date_column} = f.snapshot_date
        order by f.snapshot_date, s.customer_id""")
    frame[NUMERIC_FEATURES] = frame[NUMERIC_FEATURES].astype("float64")
    return frame


def _assert_parity(frame: pd.DataFrame, models) -> None:
    X = frame[NUMERIC_FEATURES]
    for column, model in [("churn_probability", models["churn_lr"]), ("churn_probability_tree", models["churn_tree"])]:
        expected = model.predict_proba(X)[:, 1]
        assert np.abs(frame[column].to_numpy() - expected).max() <= TOLERANCE, column
        flips = ((frame[column].to_numpy() > 0.5).astype(int) != model.predict(X)).sum()
        assert flips == 0, f"{column}: {flips} class flips"
    value = models["value_tree"].predict(X)
    assert np.abs(frame["predicted_value_h"].to_numpy() - value).max() <= TOLERANCE
    expected_value = (1 - models["churn_lr"].predict_proba(X)[:, 1]) * models["spend_tree"].predict(X)
    np.testing.assert_allclose(frame["expected_value_h"].to_numpy(), expected_value, rtol=1e-12, atol=1e-9)


def test_customer_scores_equal_saved_models(built):
    frame = _scored(built, "customer_scores", "as_of_date")
    assert len(frame) == built.query("select count(*) as n from customer_scores")["n"].iloc[0] > 1000
    _assert_parity(frame, _models(built))


def test_every_scored_snapshot_equals_saved_models(built):
    frame = _scored(built, "scored_snapshots", "snapshot_date")
    assert frame["snapshot_date"].nunique() > 12
    _assert_parity(frame, _models(built))


def test_one_row_per_customer_at_the_as_of_date(built):
    counts = built.query("""
        select (select count(*) from customer_scores) as scores,
               (select count(distinct customer_id) from customer_features
                 where snapshot_date = (select max(snapshot_date) from customer_features)) as customers,
               (select count(distinct as_of_date) from customer_scores) as dates""").iloc[0]
    assert counts["scores"] == counts["customers"] and counts["dates"] == 1


def test_reasons_are_the_largest_positive_contributions(built):
    model = _models(built)["churn_lr"]
    frame = _scored(built, "customer_scores", "as_of_date")
    train_means = _training_means(built)
    contributions = (frame[NUMERIC_FEATURES].to_numpy() - train_means) * model.coef_[0]
    for row, values in zip(frame.itertuples(), contributions):
        order = [NUMERIC_FEATURES[i] for i in np.argsort(-values, kind="stable") if values[i] > 0][:3]
        assert [r for r in (row.churn_reason_1, row.churn_reason_2, row.churn_reason_3) if r is not None] == order


def _training_means(wh) -> np.ndarray:
    """Contributions are measured against the mean of the training rows (the registry's window)."""
    window = wh.query("select train_first_snapshot, train_last_snapshot from ml_model_registry "
                      "where model = 'churn_lr'").iloc[0]
    rows = wh.query(f"""select {', '.join(NUMERIC_FEATURES)} from customer_features
        where is_labelled = 1 and snapshot_date between '{window.train_first_snapshot}' and '{window.train_last_snapshot}'""")
    return rows.astype("float64").mean().to_numpy()


def test_tree_path_ends_in_the_leaf_the_tree_scores(built):
    frame = _scored(built, "customer_scores", "as_of_date")
    tree = _models(built)["churn_tree"]
    expected = [f"churn {p:.0%}" for p in tree.predict_proba(frame[NUMERIC_FEATURES])[:, 1]]
    assert [text.split(" -> ")[1].split(" (n=")[0] for text in frame["churn_tree_path"]] == expected
