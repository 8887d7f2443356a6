"""The BG/NBD and Gamma-Gamma SQL equals the Python reference on DuckDB and PostgreSQL (Spark: the sample shop's
scores in python/tests/engines), on customers that stress the numerics, to 1e-9 relative."""

import numpy as np
import pandas as pd
import pytest
from clv_cases import MODELS, adversarial_grid

from customer_lifecycle.clv import bgnbd, gamma_gamma, series_length, sql
from customer_lifecycle.clv.gamma_gamma import GammaGamma

RELATIVE = 1e-9
PROBABILITY = 1e-15  # absolute: both sides compute 1 - P(alive) (1 - P(silent)) in doubles
HORIZONS = [90, 365]
SPEND = GammaGamma(2.64673, 5.13563, 111.899)


def _customers(horizon):
    grid = adversarial_grid()
    grid = grid[grid["horizon"] == horizon].drop(columns="horizon").reset_index(drop=True)
    frame = grid.rename(columns={"x": "lt_frequency", "t_x": "lt_recency", "t": "lt_t"})
    frame["lt_monetary"] = np.where(frame["lt_frequency"] > 0, 7.25 + frame["lt_frequency"] * 3.5, 0.0)
    return frame


def _columns(frame):
    return frame["lt_frequency"], frame["lt_recency"], frame["lt_t"]


@pytest.mark.parametrize("horizon", HORIZONS)
@pytest.mark.parametrize("model", MODELS, ids=str)
def test_bgnbd_sql_equals_the_reference(model, horizon, clv_engines):
    frame = _customers(horizon).assign(**sql.bgnbd_parameters(model, horizon))
    expected = {
        "p_alive": (sql.p_alive(), bgnbd.p_alive(model, *_columns(frame)), PROBABILITY),
        "churn": (sql.p_no_purchase(), bgnbd.p_no_purchase(model, *_columns(frame), horizon), PROBABILITY),
        "purchases": (
            sql.expected_purchases([model], horizon, series_length.series_terms(model, horizon)),
            bgnbd.expected_purchases(model, *_columns(frame), horizon),
            1e-300,
        ),
    }
    for engine in clv_engines:
        for name, (tree, reference, absolute) in expected.items():
            got = np.array(engine.score(frame, sql.render(tree, engine.dialect, pretty=False)), dtype=float)
            np.testing.assert_allclose(got, reference, rtol=RELATIVE, atol=absolute, err_msg=f"{engine.name} {name}")


def test_one_rendering_serves_every_parameter_set(clv_engines):
    """The series' length and the CASEs that skip its tail hold for each set of the published table."""
    horizon = 90
    frame = pd.concat(
        [_customers(horizon).assign(**sql.bgnbd_parameters(model, horizon)) for model in MODELS[:3]], ignore_index=True
    )
    terms = max(series_length.series_terms(model, horizon) for model in MODELS[:3])
    reference = np.concatenate(
        [bgnbd.expected_purchases(model, *_columns(_customers(horizon)), horizon) for model in MODELS[:3]]
    )
    tree = sql.expected_purchases(MODELS[:3], horizon, terms)
    for engine in clv_engines:
        got = np.array(engine.score(frame, sql.render(tree, engine.dialect, pretty=False)), dtype=float)
        np.testing.assert_allclose(got, reference, rtol=RELATIVE, atol=1e-300, err_msg=engine.name)


def test_gamma_gamma_sql_equals_the_reference(clv_engines):
    frame = _customers(90).assign(**sql.gamma_gamma_parameters(SPEND))
    reference = gamma_gamma.expected_spend(SPEND, frame["lt_frequency"], frame["lt_monetary"])
    for engine in clv_engines:
        got = np.array(engine.score(frame, sql.render(sql.expected_spend(), engine.dialect)), dtype=float)
        np.testing.assert_allclose(got, reference, rtol=RELATIVE, err_msg=engine.name)
