"""BG/NBD (Fader, Hardie & Lee 2005) on lifetimes' columns x = lt_frequency (repeat purchase days),
t_x = lt_recency, T = lt_t (days): the fit and the Python reference of every quantity the SQL computes.

While alive a customer buys at a Poisson rate lambda ~ Gamma(r, alpha) and drops out after each purchase with
probability p ~ Beta(a, b). Given (x, t_x, T) and alive, lambda ~ Gamma(r + x, alpha + T) and p ~ Beta(a, b + x).

Expected purchases in (T, T + H] (lifetimes' conditional_expected_number_of_purchases_up_to_time) is
P(alive) x E_alive with E_alive = c / (a - 1) x (1 - w^(r+x) 2F1(r + x, b + x; c; z)), c = a + b + x - 1,
z = H / (alpha + T + H), w = 1 - z. Euler's transformation (2F1(A, B; C; z) = w^(C-A-B) 2F1(C-A, C-B; C; z))
and (a - 1)_k = (a - 1) (a)_(k-1) remove both the 1 / (a - 1) pole and the overflow of w^(-x):

    E_alive = c (1 - w^(a-1)) / (a - 1) - w^(a-1) S,   S = sum_{k>=1} s_k,
    s_1 = (a + b - 1 - r) z,   s_(k+1) / s_k = z (a + b - 1 - r + k) (a - 1 + k) / ((c + k) (k + 1)),

finite for every a > 0 (a = 1: (1 - w^(a-1)) / (a - 1) = -ln w), where lifetimes divides by a - 1 and takes the
log of a 2F1 that overflows. The series converges like z^k; the SQL sums a fixed number of terms (sql.py), this
reference sums until the terms no longer change the sum.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.special import betaln, digamma, expit, gammaln

from customer_lifecycle.clv.fitting import FitError, maximise, rounded

MIN_CUSTOMERS = 20
TIME_SCALE = 10.0  # the fit measures time in units of max(T) / TIME_SCALE, so alpha starts near 1


@dataclass(frozen=True)
class BgNbd:
    r: float
    alpha: float  # days
    a: float
    b: float

    def params(self) -> dict[str, float]:
        return asdict(self)


def _silent_and_repeat(r, alpha, a, b, x, t_x, t):
    """The log of the two ways to see (x, t_x, T): alive and silent since t_x, or dead right after t_x."""
    silent = -(r + x) * np.log(alpha + t)
    repeat = np.where(x > 0, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + t_x), -np.inf)
    return silent, repeat


def log_likelihood(r, alpha, a, b, x, t_x, t) -> np.ndarray:
    """Each customer's log-likelihood, in log space throughout (lifetimes' formula, Fader et al. eq. 6)."""
    silent, repeat = _silent_and_repeat(r, alpha, a, b, x, t_x, t)
    return (
        gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b) + np.logaddexp(silent, repeat)
    )


def log_likelihood_gradient(r, alpha, a, b, x, t_x, t) -> np.ndarray:
    """d log_likelihood / d (r, alpha, a, b), one row per customer: lets the optimiser stop on the gradient, so the
    optimum is pinned to ~1e-10 however flat the likelihood (a finite-difference one left 1e-5 of noise)."""
    silent, repeat = _silent_and_repeat(r, alpha, a, b, x, t_x, t)
    total = np.logaddexp(silent, repeat)
    w_silent, w_repeat = np.exp(silent - total), np.exp(repeat - total)
    return np.stack(
        [
            digamma(r + x) - digamma(r) + np.log(alpha) - w_silent * np.log(alpha + t) - w_repeat * np.log(alpha + t_x),
            r / alpha - (r + x) * (w_silent / (alpha + t) + w_repeat / (alpha + t_x)),
            digamma(a + b) - digamma(a + b + x) + w_repeat / a,
            digamma(b + x) - digamma(b) + digamma(a + b) - digamma(a + b + x) - w_repeat / (b + np.maximum(x, 1) - 1),
        ],
        axis=1,
    )


def fit(x, t_x, t) -> BgNbd:
    """Maximum likelihood; FitError (saying why) when the data cannot identify the model."""
    x, t_x, t = (np.asarray(v, dtype=float) for v in (x, t_x, t))
    if len(x) < MIN_CUSTOMERS:
        raise FitError(f"BG/NBD: {len(x)} customers, fewer than {MIN_CUSTOMERS}")
    if not (x > 0).any():
        raise FitError(
            "BG/NBD: no customer bought on a second day, so nothing tells how often customers buy or when they drop out"
        )
    scale = TIME_SCALE / t.max()
    scaled_t_x, scaled_t = t_x * scale, t * scale

    def negative(log_params):
        params = np.exp(log_params)
        value = -log_likelihood(*params, x, scaled_t_x, scaled_t).mean()
        return value, -log_likelihood_gradient(*params, x, scaled_t_x, scaled_t).mean(axis=0) * params

    rate = (x.mean() + 1) / scaled_t.mean()  # purchases per scaled time unit: alpha ~ r / rate
    starts = [
        np.log([1.0, 1.0 / rate, 1.0, 1.0]),
        np.zeros(4),
        np.log([0.5, 0.5 / rate, 1.0, 5.0]),
        np.log([2.0, 2.0 / rate, 0.5, 2.0]),
    ]
    r, alpha, a, b = maximise(negative, starts, "BG/NBD")
    return BgNbd(rounded(r), rounded(alpha / scale), rounded(a), rounded(b))


def p_alive(model: BgNbd, x, t_x, t) -> np.ndarray:
    x, t_x, t = (np.asarray(v, dtype=float) for v in (x, t_x, t))
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    log_odds_dead = (r + x) * np.log((alpha + t) / (alpha + t_x)) + np.log(a / (b + np.maximum(x, 1) - 1))
    return np.where(x == 0, 1.0, expit(-log_odds_dead))


def p_no_purchase(model: BgNbd, x, t_x, t, horizon: float) -> np.ndarray:
    """P(no purchase in (T, T + H]): dead, or alive and silent (an alive customer drops out only after buying)."""
    x, t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
    alive = p_alive(model, x, t_x, t)
    silent = np.exp((model.r + x) * np.log((model.alpha + t) / (model.alpha + t + horizon)))
    return 1 - alive * (1 - silent)


def _one_minus_power_over(exponent: float, log_w: np.ndarray) -> np.ndarray:
    """(1 - w^e) / e, with its limit -ln w at e = 0."""
    return -log_w if exponent == 0 else -np.expm1(exponent * log_w) / exponent


def series_ratio(model: BgNbd, x, z, k):
    """s_(k+1) / s_k of the series S (module docstring)."""
    return z * (model.a + model.b - 1 - model.r + k) * (model.a - 1 + k) / ((model.a + model.b - 1 + x + k) * (k + 1))


def series(model: BgNbd, x, z, max_terms: int = 1_000_000) -> np.ndarray:
    """S = sum_k s_k, summed until the terms no longer change it (and are shrinking)."""
    term = (model.a + model.b - 1 - model.r) * z
    total = term
    for k in range(1, max_terms):
        term = term * series_ratio(model, x, z, k)
        total = total + term
        if not np.all(np.isfinite(total)):
            break  # overflowed (a huge a: the terms grow like (z a)^k / k! first); callers refuse such a model
        if np.all((np.abs(term) <= 1e-17 * np.abs(total)) & (series_ratio(model, x, z, k + 1) < 1)):
            break
    return total


def expected_purchases_if_alive(model: BgNbd, x, t, horizon: float) -> np.ndarray:
    x, t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
    a, b = model.a, model.b
    z = horizon / (model.alpha + t + horizon)
    log_w = np.log((model.alpha + t) / (model.alpha + t + horizon))
    return (a + b - 1 + x) * _one_minus_power_over(a - 1, log_w) - np.exp((a - 1) * log_w) * series(model, x, z)


def expected_purchases(model: BgNbd, x, t_x, t, horizon: float) -> np.ndarray:
    """E[purchases in (T, T + H] | x, t_x, T]."""
    return p_alive(model, x, t_x, t) * expected_purchases_if_alive(model, x, t, horizon)
