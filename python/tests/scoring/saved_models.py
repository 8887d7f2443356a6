"""The saved deployed models and the rows the warehouse scored with them, for the parity tests."""

import joblib
import numpy as np
import pandas as pd

from customer_lifecycle.train.artifacts import read_deployment
from customer_lifecycle.train.blends import BLENDS
from customer_lifecycle.train.selection import UNDECLARED_COLUMNS

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
        select s.*, {", ".join("f." + c for c in numeric)}
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
    # P(buy) from churn_lr x the spend model, as scored_snapshots computes it
    spend = next(m.name for m in wh.contract.deployed if m.target == "spend")
    expected_value = (1 - models["churn_lr"].predict_proba(X)[:, 1]) * models[spend].predict(X)
    np.testing.assert_allclose(frame["expected_value_h_spend"].to_numpy(), expected_value, rtol=1e-12, atol=1e-9)
    # the stacks: the mean of their parts' columns (train/blends.py)
    columns = {**{m.name: m.score_column for m in wh.contract.deployed}, **UNDECLARED_COLUMNS}
    for blend in BLENDS:
        parts = frame[[columns[part] for part in blend.parts]].to_numpy(float)
        np.testing.assert_allclose(frame[blend.column].to_numpy(float), parts.mean(axis=1), rtol=1e-12, atol=1e-12)
    assert_served(frame, wh)
    return checked


def assert_served(frame: pd.DataFrame, wh) -> None:
    """churn_probability and expected_value_h are exactly the winners' columns deployment() names, with their
    versions."""
    selected = deployment(wh)["selected"]
    for served, version, task in (
        ("churn_probability", "churn_model_version", "churn"),
        ("expected_value_h", "value_model_version", "value"),
    ):
        pd.testing.assert_series_equal(frame[served], frame[selected[task]["column"]], check_names=False)
        assert (frame[version] == selected[task]["version"]).all(), version


def deployment(wh) -> dict:
    """The generated deployment() as dbt renders it."""
    text = (wh.project_dir / "macros" / "generated" / "deployment.sql").read_text()
    return read_deployment(text)
