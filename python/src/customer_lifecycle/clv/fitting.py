"""Maximum likelihood in log space, from several starting points: a fit never depends on one optimiser run.

Parameters are optimised as their logarithms (all are positive), within LOG_BOUNDS, from each start in turn;
the best finite optimum wins, is polished by Newton steps on the analytic gradient and rounded. A best optimum
on a bound is no interior maximum: the data cannot identify the model, and the caller skips it with the reason.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.optimize import minimize

LOG_BOUNDS = (-25.0, 25.0)
SIGNIFICANT_DIGITS = 6  # rounded so every machine (BLAS kernel, optimiser path) deploys the same parameters


class FitError(ValueError):
    """The model cannot be fitted to these data; the message says why."""


def rounded(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def maximise(negative_log_likelihood, starts: list[np.ndarray], what: str) -> np.ndarray:
    """exp(the log-parameters minimising `negative_log_likelihood`, which returns (value, gradient)); FitError when
    no start converges."""
    best = None
    for start in starts:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            result = minimize(
                negative_log_likelihood,
                start,
                method="L-BFGS-B",
                jac=True,
                bounds=[LOG_BOUNDS] * len(start),
                options={"maxiter": 2000, "ftol": 1e-12, "gtol": 1e-8},
            )
        if np.isfinite(result.fun) and (best is None or result.fun < best.fun):
            best = result
    if best is None:
        raise FitError(f"{what}: the likelihood is not finite at any starting point")
    on_bound = [i for i, value in enumerate(best.x) if min(abs(value - bound) for bound in LOG_BOUNDS) < 1e-3]
    if on_bound:
        raise FitError(
            f"{what}: the likelihood has no interior maximum (a parameter runs to "
            f"{'0' if best.x[on_bound[0]] < 0 else 'infinity'}); the data cannot identify the model"
        )
    return np.exp(_newton_polished(negative_log_likelihood, best.x))


def _newton_polished(negative_log_likelihood, point: np.ndarray, steps: int = 3) -> np.ndarray:
    """A few Newton steps on the gradient (Hessian by central differences of it): L-BFGS-B stops where the line
    search can no longer see the value fall, ~1e-8 from the optimum and at a point that depends on the BLAS
    kernel's rounding; Newton lands within ~1e-12, far inside the SIGNIFICANT_DIGITS rounding step."""
    step = 1e-6
    for _ in range(steps):
        gradient = negative_log_likelihood(point)[1]
        hessian = np.column_stack(
            [
                (negative_log_likelihood(point + step * unit)[1] - negative_log_likelihood(point - step * unit)[1])
                / (2 * step)
                for unit in np.eye(len(point))
            ]
        )
        moved = point - np.linalg.solve((hessian + hessian.T) / 2, gradient)
        if not np.isfinite(negative_log_likelihood(moved)[0]) or np.max(np.abs(moved - point)) > 1e-3:
            break  # not in Newton's basin: keep L-BFGS-B's point
        point = moved
    return point
