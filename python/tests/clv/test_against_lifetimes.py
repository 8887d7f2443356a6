"""Our BG/NBD and Gamma-Gamma against lifetimes: the same parameters where lifetimes converges (CDNOW), the same
functions to 1e-9 relative wherever lifetimes is finite (and right: near a = 1 lifetimes' own cancellation costs it
digits, which mpmath at 80 digits arbitrates), and finite numbers where lifetimes gives NaN or inf."""

import warnings

import mpmath
import numpy as np
import pandas as pd
import pytest
from clv_cases import MODELS, adversarial_grid
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.datasets import load_cdnow_summary, load_cdnow_summary_data_with_monetary_value

from customer_lifecycle.clv import bgnbd, gamma_gamma
from customer_lifecycle.clv.bgnbd import BgNbd

RELATIVE = 1e-9


def _lifetimes(model: BgNbd) -> BetaGeoFitter:
    fitter = BetaGeoFitter()
    fitter.params_ = pd.Series(model.params())
    return fitter


def _quietly(function, *args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return np.asarray(function(*args), dtype=float)


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow_summary()  # weeks; the models are unit-free


def test_parameters_equal_lifetimes_on_cdnow(cdnow):
    ours = bgnbd.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    theirs = BetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"]).params_
    np.testing.assert_allclose(list(ours.params().values()), theirs[["r", "alpha", "a", "b"]], rtol=1e-5)
    spend = load_cdnow_summary_data_with_monetary_value()
    repeat = spend[spend["frequency"] > 0]
    ours = gamma_gamma.fit(spend["frequency"], spend["monetary_value"])
    theirs = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"]).params_
    np.testing.assert_allclose(list(ours.params().values()), theirs[["p", "q", "v"]], rtol=1e-5)


@pytest.mark.parametrize("horizon", [1, 7, 39, 52, 104])
def test_functions_equal_lifetimes_on_cdnow(cdnow, horizon):
    model = bgnbd.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    columns = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    theirs = _lifetimes(model)
    np.testing.assert_allclose(
        bgnbd.p_alive(model, *columns), theirs.conditional_probability_alive(*columns), rtol=RELATIVE
    )
    np.testing.assert_allclose(
        bgnbd.expected_purchases(model, *columns, horizon),
        theirs.conditional_expected_number_of_purchases_up_to_time(horizon, *columns),
        rtol=RELATIVE,
    )


def exact_expected_purchases(model: BgNbd, x, t_x, t, horizon) -> float:
    """The textbook formula (Fader et al. 2005, eq. 10) at 80 digits; a = 1 as a = 1 + 1e-35 (the limit to 40
    digits)."""
    with mpmath.workdps(80):
        r, alpha, b = (mpmath.mpf(v) for v in (model.r, model.alpha, model.b))
        a = mpmath.mpf(model.a) if model.a != 1 else mpmath.mpf(1) + mpmath.mpf(10) ** -35
        x, t_x, t, h = (mpmath.mpf(v) for v in (x, t_x, t, horizon))
        z = h / (alpha + t + h)
        if_alive = (
            (a + b + x - 1)
            / (a - 1)
            * (1 - ((alpha + t) / (alpha + t + h)) ** (r + x) * mpmath.hyp2f1(r + x, b + x, a + b + x - 1, z))
        )
        dead_odds = a / (b + x - 1) * ((alpha + t) / (alpha + t_x)) ** (r + x) if x > 0 else 0
        return float(if_alive / (1 + dead_odds))


@pytest.mark.parametrize("model", MODELS, ids=str)
def test_expected_purchases_equal_lifetimes_where_finite_and_are_finite_where_it_is_not(model):
    grid = pd.concat([rows for _, rows in adversarial_grid().groupby("horizon", sort=False)])
    theirs = np.concatenate(
        [
            _quietly(
                _lifetimes(model).conditional_expected_number_of_purchases_up_to_time,
                horizon,
                rows["x"],
                rows["t_x"],
                rows["t"],
            )
            for horizon, rows in grid.groupby("horizon", sort=False)
        ]
    )
    ours = np.concatenate(
        [
            bgnbd.expected_purchases(model, rows["x"], rows["t_x"], rows["t"], horizon)
            for horizon, rows in grid.groupby("horizon", sort=False)
        ]
    )
    assert np.isfinite(ours).all() and (ours >= 0).all()
    exact = np.array([exact_expected_purchases(model, *row) for row in grid.itertuples(index=False)])
    np.testing.assert_allclose(ours, exact, rtol=1e-10, atol=1e-300)  # cancellation costs digits at tiny r
    finite = np.isfinite(theirs)
    lifetimes_wrong = ~np.isclose(theirs, exact, rtol=RELATIVE, atol=1e-300)
    agree = finite & ~lifetimes_wrong
    np.testing.assert_allclose(ours[agree], theirs[agree], rtol=RELATIVE, atol=1e-300)
    print(
        f"{model}: lifetimes NaN/inf on {(~finite).sum()} of {len(grid)} rows, "
        f"finite but off by more than {RELATIVE:g} on {(finite & lifetimes_wrong).sum()}"
    )
    if model.a == 1:
        assert not finite.any()  # lifetimes divides by a - 1 = 0 everywhere; ours is the limit
    elif model.a + model.b < 1:
        # one-time buyers' 2F1(r, b; a + b - 1 < 0; z) is NaN in lifetimes at some ages; ours is finite (above)
        assert (~finite).any() and (grid["x"].to_numpy()[~finite] == 0).all()
    elif abs(model.a - 1) > 1e-3:
        assert not (finite & lifetimes_wrong).any()  # away from a = 1 lifetimes is right wherever it is finite
