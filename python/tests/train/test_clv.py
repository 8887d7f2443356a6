"""BG/NBD's churn probability and expected purchases match what simulated BG/NBD customers actually do, and the
fit recovers the parameters they were simulated with."""

import numpy as np
import pandas as pd
import pytest

from customer_lifecycle.clv import bgnbd

PARAMS = {"r": 0.8, "alpha": 20.0, "a": 0.7, "b": 3.0}  # days: a purchase every ~25 days while alive
T, HORIZON = 180, 90


def _simulate(customers: int, rng: np.random.Generator) -> pd.DataFrame:
    """BG/NBD customers: first purchase at 0, Poisson purchases while alive, dropout after each repeat purchase."""
    rows = []
    for rate, dropout in zip(
        rng.gamma(PARAMS["r"], 1 / PARAMS["alpha"], customers), rng.beta(PARAMS["a"], PARAMS["b"], customers)
    ):
        purchases, now = [], 0.0
        while True:
            now += rng.exponential(1 / rate)
            if now > T + HORIZON:
                break
            purchases.append(now)
            if rng.random() < dropout:
                break
        before = [p for p in purchases if p <= T]
        rows.append(
            {
                "lt_frequency": len(before),
                "lt_recency": max(before, default=0.0),
                "lt_t": float(T),
                "silent": not any(p > T for p in purchases),
                "purchases": sum(p > T for p in purchases),
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def simulated():
    return _simulate(20_000, np.random.default_rng(0))


GROUPS = {
    "one-time": lambda f: f["lt_frequency"] == 0,
    "1-3": lambda f: f["lt_frequency"].between(1, 3),
    "4+": lambda f: f["lt_frequency"] > 3,
}


def test_predicted_churn_and_purchases_equal_the_simulated_customers(simulated):
    model = bgnbd.BgNbd(**PARAMS)
    columns = simulated["lt_frequency"], simulated["lt_recency"], simulated["lt_t"]
    p = bgnbd.p_no_purchase(model, *columns, HORIZON)
    purchases = bgnbd.expected_purchases(model, *columns, HORIZON)
    for name, group in GROUPS.items():
        rows = group(simulated)
        assert abs(p[rows].mean() - simulated.loc[rows, "silent"].mean()) < 0.02, name
        assert abs(purchases[rows].mean() / simulated.loc[rows, "purchases"].mean() - 1) < 0.05, name


def test_fit_recovers_the_simulated_parameters(simulated):
    fitted = bgnbd.fit(simulated["lt_frequency"], simulated["lt_recency"], simulated["lt_t"])
    for name, value in PARAMS.items():
        assert abs(getattr(fitted, name) / value - 1) < 0.2, (name, fitted)
