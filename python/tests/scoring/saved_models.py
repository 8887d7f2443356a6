"""The saved deployed models and the rows the warehouse scored with them, for the parity tests."""
import joblib
import numpy as np
import pandas as pd

TOLERANCE = 1e-12


def saved_models(wh):
    directory = wh.project_dir / "python" / "model_card" / "models"
    return {name: joblib.load(directory / f"{name}.joblib")
            for name in ["churn_lr", "churn_tree", "value_tree", "value_linear", "spend_tree"]}


def features(models) -> list[str]:
    """The features the deployed models were fit on (every deployed model reads the same ones)."""
    return list(models["churn_lr"].feature_names_in_)


def scored_rows(wh, relation: str, date_column: str) -> pd.DataFrame:
    numeric = features(saved_models(wh))
    frame = wh.query(f"""
        select s.*, {', '.join('f.' + c for c in numeric)}
        from {relation} as s inner join customer_features as f
          on s.customer_id = f.customer_id and s.{date_column} = f.snapshot_date
        order by f.snapshot_date, s.customer_id""")
    frame[numeric] = frame[numeric].astype("float64")
    return frame


def assert_parity(frame: pd.DataFrame, models) -> None:
    X = frame[features(models)]
    for column, model in [("churn_probability", models["churn_lr"]), ("churn_probability_tree", models["churn_tree"])]:
        expected = model.predict_proba(X)[:, 1]
        assert np.abs(frame[column].to_numpy() - expected).max() <= TOLERANCE, column
        flips = ((frame[column].to_numpy() > 0.5).astype(int) != model.predict(X)).sum()
        assert flips == 0, f"{column}: {flips} class flips"
    value = models["value_tree"].predict(X)
    assert np.abs(frame["predicted_value_h"].to_numpy() - value).max() <= TOLERANCE
    expected_value = (1 - models["churn_lr"].predict_proba(X)[:, 1]) * models["spend_tree"].predict(X)
    np.testing.assert_allclose(frame["expected_value_h"].to_numpy(), expected_value, rtol=1e-12, atol=1e-9)
