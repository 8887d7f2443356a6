"""The probabilistic baselines users know: BG/NBD for churn, BG/NBD x Gamma-Gamma for value (lifetimes).

Fitted on the lifetimes columns (lt_frequency, lt_recency, lt_t, lt_monetary; days) of the newest training
snapshot, i.e. each customer's whole history up to the training cutoff, the same window the other models
learn from; then applied to the validation snapshot's columns. Compared, never deployed.

- churn: P(no purchase in (t, t + H]) = 1 - P(alive) + P(alive) x ((alpha + T) / (alpha + T + H))^(r + x):
  a dead customer never buys; an alive one buys at a Poisson rate whose posterior is Gamma(r + x, alpha + T),
  and can only drop out right after a purchase, so no purchase means no dropout inside the window.
- value: expected purchases in the horizon (BG/NBD) x expected spend per purchase (Gamma-Gamma).
"""
from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import ConvergenceError

from customer_lifecycle.train.fit import Fitted
from customer_lifecycle.train.metrics import classification_metrics, regression_metrics
from customer_lifecycle.train.split import TimeSplit

PARAMETER_DIGITS = 6


def _history(split: TimeSplit) -> pd.DataFrame:
    train = split.train
    return train[train["snapshot_date"] == train["snapshot_date"].max()]


def _rounded(params: pd.Series) -> dict:
    return {name: round(float(value), PARAMETER_DIGITS) for name, value in params.items()}


def churn_probability(bgf: BetaGeoFitter, frame: pd.DataFrame, horizon_days: int) -> np.ndarray:
    x, tx, t = frame["lt_frequency"], frame["lt_recency"], frame["lt_t"]
    alive = np.asarray(bgf.conditional_probability_alive(x, tx, t), dtype=float)
    r, alpha = bgf.params_["r"], bgf.params_["alpha"]
    silent_if_alive = ((alpha + t) / (alpha + t + horizon_days)) ** (r + x)
    return 1 - alive + alive * silent_if_alive.to_numpy()


def expected_value(bgf: BetaGeoFitter, ggf: GammaGammaFitter, frame: pd.DataFrame, horizon_days: int) -> np.ndarray:
    x, tx, t = frame["lt_frequency"], frame["lt_recency"], frame["lt_t"]
    purchases = np.asarray(bgf.conditional_expected_number_of_purchases_up_to_time(horizon_days, x, tx, t))
    spend = np.asarray(ggf.conditional_expected_average_profit(x, frame["lt_monetary"]), dtype=float)
    return purchases * spend


def fit_clv_baselines(split: TimeSplit, horizon_days: int, progress) -> list[Fitted]:
    """Registry rows `bgnbd` (churn) and `bgnbd_gamma_gamma` (value); none when lifetimes cannot fit the data."""
    started = time.perf_counter()
    history = _history(split)
    progress(f"fitting BG/NBD and Gamma-Gamma (lifetimes) on {len(history):,} customers' histories "
             f"to {pd.Timestamp(history['snapshot_date'].iloc[0]).date()}")
    repeaters = history[(history["lt_frequency"] > 0) & (history["lt_monetary"] > 0)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # lifetimes' optimiser probes overflowing points
            bgf = BetaGeoFitter().fit(history["lt_frequency"], history["lt_recency"], history["lt_t"])
            ggf = GammaGammaFitter().fit(repeaters["lt_frequency"], repeaters["lt_monetary"])
    except (ConvergenceError, ValueError) as error:
        progress(f"BG/NBD baselines skipped: lifetimes could not fit this history ({error})")
        return []
    valid, labels = split.valid, split.contract
    p = churn_probability(bgf, valid, horizon_days)
    value = expected_value(bgf, ggf, valid, horizon_days)
    seconds = time.perf_counter() - started
    return [
        Fitted("bgnbd", "baseline: BG/NBD (lifetimes), P(no purchase in the horizon)", "churn", None, None,
               _rounded(bgf.params_), None, classification_metrics(valid[labels.churn_label], p), p, False, seconds),
        Fitted("bgnbd_gamma_gamma", "baseline: BG/NBD purchases x Gamma-Gamma spend (lifetimes)", "value", None,
               None, {**_rounded(bgf.params_), **_rounded(ggf.params_)}, None,
               regression_metrics(valid[labels.value_label], value), value, False, 0.0),
    ]
