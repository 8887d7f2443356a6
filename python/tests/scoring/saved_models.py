"""The saved deployed models and the rows the warehouse scored with them, for the parity tests."""
import joblib
import numpy as np
import pandas as pd

TOLERANCE = 1e-12


def saved_models(wh):
    """The deployed models the contract declares (scored_snapshots' column meta), as `lifecycle train` saved them."""
    directory = wh.project_dir / "python" / "model_card" / "models"
    return {model.name: joblib.load(directory / f"{model.name}.joblib") for model in wh.contract.deployed}


def features(models) -> list[str]:
    """The features the deployed models were fit on (every deployed model reads the same ones)."""
    return list(next(iter(models.values())).feature_names_in_)


def scored_rows(wh, relation: str, date_column: str) -> pd.DataFrame:
    numeric = features(saved_models(wh))
    frame = wh.query(f"""
        select s.*, {', '.join('f.' + c for c in numeric)}
        from {relation} as s inner join customer_features as f
          on s.customer_id = f.customer_id and s.{date_column} = f.snapshot_date
        order by f.snapshot_date, s.customer_id""")
    frame[numeric] = frame[numeric].astype("float64")
    return frame


def assert_parity(frame: pd.DataFrame, wh) -> list[str]:
    """Each declared model's score column that `frame` has equals its saved model; returns the columns checked
    (customer_scores shows only some of them)."""
    models = saved_models(wh)
    X = frame[features(models)]
    checked = []
    for declared in (m for m in wh.contract.deployed if m.score_column in frame):
        model, column = models[declared.name], declared.score_column
        if declared.target == "churn":
            expected = model.predict_proba(X)[:, 1]
            flips = ((frame[column].to_numpy() > 0.5).astype(int) != model.predict(X)).sum()
            assert flips == 0, f"{column}: {flips} class flips"
        else:
            expected = model.predict(X)
        np.testing.assert_allclose(frame[column].to_numpy(), expected, rtol=TOLERANCE, atol=TOLERANCE, err_msg=column)
        checked.append(column)
    # expected value = P(buy) from churn_lr x the spend model, as scored_snapshots computes it
    spend = next(m.name for m in wh.contract.deployed if m.target == "spend")
    expected_value = (1 - models["churn_lr"].predict_proba(X)[:, 1]) * models[spend].predict(X)
    np.testing.assert_allclose(frame["expected_value_h"].to_numpy(), expected_value, rtol=1e-12, atol=1e-9)
    return checked
