"""How many terms of the series S (bgnbd.py) the SQL sums: the count N is fixed per fitted model, not per row.

S converges like z^k, slowest for the largest z = H / (alpha + T + H), i.e. a customer whose first purchase is
today (x = 0, T = 0; a larger x or T only shrinks the terms). N is the first count whose truncation error there
is below TRUNCATION_ERROR of the expected purchases, measured against the reference summed to convergence.
"""

from __future__ import annotations

import numpy as np

from customer_lifecycle.clv.bgnbd import BgNbd, expected_purchases_if_alive, series, series_ratio
from customer_lifecycle.clv.fitting import FitError

TRUNCATION_ERROR = 1e-12  # relative; the parity tests allow 1e-9
MAX_TERMS = 2000  # about 300 KB of SQL per engine; more means alpha is tiny against the horizon


def series_terms(model: BgNbd, horizon: float) -> int:
    """N: the terms the youngest customers (T = 0) need; FitError above MAX_TERMS."""
    return terms_needed(model, horizon, 0)


def terms_needed(model: BgNbd, horizon: float, age: float) -> int:
    """Terms for TRUNCATION_ERROR at customers aged T = `age` days, whatever their x (0 is the slowest)."""
    x = np.array([n for n in (0.0, 1, 2, 3, 5, 10, 20) if n <= max(age, 0)])
    t = np.full_like(x, age)
    z = horizon / (model.alpha + t + horizon)
    allowed = TRUNCATION_ERROR * np.abs(expected_purchases_if_alive(model, x, t, horizon))
    w_power = np.exp((model.a - 1) * np.log1p(-z))
    exact = series(model, x, z)
    if not np.all(np.isfinite(exact)):
        raise FitError(
            f"BG/NBD: the expected purchases' series overflows (a = {model.a:g}, b = {model.b:g}: the "
            f"fit found almost no variation in dropout, which the series cannot sum in doubles)"
        )
    term = (model.a + model.b - 1 - model.r) * z
    partial = term
    for n in range(1, MAX_TERMS + 1):
        if np.all(w_power * np.abs(exact - partial) <= allowed):
            return n
        term = term * series_ratio(model, x, z, n)
        partial = partial + term
    raise FitError(
        f"BG/NBD: expected purchases need more than {MAX_TERMS} series terms (alpha = "
        f"{model.alpha:g} days is short against the {horizon:g}-day horizon)"
    )


def youngest_age_served(model: BgNbd, horizon: float, terms: int) -> int:
    """The smallest whole T (days) whose customers need at most `terms` terms (terms_needed falls with T)."""
    low, high = 0, 1
    while terms_needed(model, horizon, high) > terms:
        low, high = high, high * 2
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if terms_needed(model, horizon, middle) <= terms else (middle + 1, high)
    return low
