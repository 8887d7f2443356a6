"""The BG/NBD churn probability matches what BG/NBD customers actually do."""
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter

from customer_lifecycle.train.clv import churn_probability

PARAMS = {"r": 0.8, "alpha": 20.0, "a": 0.7, "b": 3.0}  # days: a purchase every ~25 days while alive
T, HORIZON = 180, 90


def _simulate(customers: int, rng: np.random.Generator) -> pd.DataFrame:
    """BG/NBD customers: first purchase at 0, Poisson purchases while alive, dropout after each repeat purchase."""
    rows = []
    for rate, dropout in zip(rng.gamma(PARAMS["r"], 1 / PARAMS["alpha"], customers),
                             rng.beta(PARAMS["a"], PARAMS["b"], customers)):
        purchases, now = [], 0.0
        while True:
            now += rng.exponential(1 / rate)
            if now > T + HORIZON:
                break
            purchases.append(now)
            if rng.random() < dropout:
                break
        before = [p for p in purchases if p <= T]
        rows.append({"lt_frequency": len(before), "lt_recency": max(before, default=0.0), "lt_t": float(T),
                     "silent": not any(p > T for p in purchases)})
    return pd.DataFrame(rows)


def test_predicted_churn_equals_the_simulated_share_of_silent_customers():
    frame = _simulate(20_000, np.random.default_rng(0))
    bgf = BetaGeoFitter()
    bgf.params_ = pd.Series(PARAMS)
    p = churn_probability(bgf, frame, HORIZON)
    for group in (frame["lt_frequency"] == 0, frame["lt_frequency"].between(1, 3), frame["lt_frequency"] > 3):
        assert abs(p[group].mean() - frame.loc[group, "silent"].mean()) < 0.02, group.sum()
