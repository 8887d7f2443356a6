"""Gamma-Gamma (Fader, Hardie & Lee 2005b) on repeat buyers' x = lt_frequency and m = lt_monetary (mean spend of
their repeat purchase days): the fit and the expected spend per purchase.

A customer's purchase values are Gamma(p, nu) with nu ~ Gamma(q, v); given x purchases averaging m,
E[spend per purchase] = p (v + x m) / (p x + q - 1): the population mean p v / (q - 1) shrunk towards m.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.special import digamma, gammaln

from customer_lifecycle.clv.fitting import FitError, maximise, rounded

MIN_REPEAT_BUYERS = 20


@dataclass(frozen=True)
class GammaGamma:
    p: float
    q: float
    v: float

    def params(self) -> dict[str, float]:
        return asdict(self)


def log_likelihood(p, q, v, x, m) -> np.ndarray:
    """Each repeat buyer's log-likelihood of the mean m of x purchase values (lifetimes' formula)."""
    return (
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(v)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(x * m + v)
    )


def log_likelihood_gradient(p, q, v, x, m) -> np.ndarray:
    """d log_likelihood / d (p, q, v), one row per customer (see bgnbd.log_likelihood_gradient for why)."""
    shared = digamma(p * x + q)
    return np.stack(
        [
            x * (shared - digamma(p * x) + np.log(m) + np.log(x) - np.log(x * m + v)),
            shared - digamma(q) + np.log(v) - np.log(x * m + v),
            q / v - (p * x + q) / (x * m + v),
        ],
        axis=1,
    )


def fit(x, m) -> GammaGamma:
    """Fit on the customers with a repeat purchase and a positive mean spend; FitError says why it cannot."""
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    buyers = (x > 0) & (m > 0)
    if buyers.sum() < MIN_REPEAT_BUYERS:
        raise FitError(
            f"Gamma-Gamma: {buyers.sum()} customers with a repeat purchase of positive value, "
            f"fewer than {MIN_REPEAT_BUYERS}"
        )
    x, m = x[buyers], m[buyers]
    scale = np.median(m)  # spend in units of the median, so v starts near 1

    def negative(log_params):
        params = np.exp(log_params)
        value = -log_likelihood(*params, x, m / scale).mean()
        return value, -log_likelihood_gradient(*params, x, m / scale).mean(axis=0) * params

    starts = [np.log([1.0, 2.0, 1.0]), np.log([2.0, 3.0, 2.0]), np.log([5.0, 5.0, 5.0]), np.zeros(3)]
    p, q, v = (rounded(value) for value in maximise(negative, starts, "Gamma-Gamma"))
    if q <= 1:
        raise FitError(f"Gamma-Gamma: q = {q:g} <= 1, so the population's mean spend is infinite")
    return GammaGamma(p, q, rounded(v * scale))


def expected_spend(model: GammaGamma, x, m) -> np.ndarray:
    """E[spend per purchase | x, m]; the population mean for customers without a repeat purchase (x = 0)."""
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    return model.p * (model.v + x * m) / (model.p * x + model.q - 1)
