"""The model behind `churn_probability` and `expected_value_h`: per target, the winner on the validation snapshot.

Each candidate is scored per customer on the validation snapshot, which none of them learned from:
- churn by log loss (a proper scoring rule: it rewards calibrated probabilities and ranking alike);
- value by squared error (RMSE: rewards ranking and level), among the candidates whose total over the snapshot
  lands within VALUE_TOTAL_TOLERANCE of the revenue that followed (issue 20: a value that adds up), or misses it
  by no more than NOISE_SE standard errors of that total (the sd of the per-customer errors x sqrt(n), over the
  revenue): a total is only held to the precision one snapshot can give it (on Online Retail at 7 months
  BG/NBD x GG, 10.5% short with a standard error of 5%, lost to a ridge 10.2% short whose RMSE was 60% worse).
  When no candidate's total does, the one whose total comes closest serves (RMSE would pick by level alone: on
  Online Retail at 7 months it chose a total 58% short over one 10% short), and the summary says it does not add
  up.

Simpler wins within noise: candidates are ordered from simplest to most complex (SIMPLICITY). The best-scoring
candidate wins unless a simpler one is within NOISE_SE paired standard errors of it: the mean over customers of
the per-customer loss difference, against its standard error (sd / sqrt(n), customers paired, so what both
models find hard cancels). The simplest such candidate wins, among those no simpler candidate scores better
than: a model that is both more complex and worse than another never serves, however noisy its losses (on
Online Retail at 7 months churn_lr, worse than BG/NBD, passed as "within noise" of the stack by its own noise:
its paired standard error was twice BG/NBD's). A candidate's `gap` is its mean loss minus the winner's
(negative: it scored better, but not by more than the noise).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from customer_lifecycle.train.blends import BLENDS
from customer_lifecycle.train.fit import Fitted

NOISE_SE = 2.0
VALUE_TOTAL_TOLERANCE = 0.10
# simplest first: BG/NBD (4 parameters, recency and frequency only) < linear < tree < a product of two models
# < the mean of BG/NBD and the tree (blends.py)
SIMPLICITY = {
    "churn": ("bgnbd", "churn_lr", "churn_tree", *(b.name for b in BLENDS if b.task == "churn")),
    "value": (
        "bgnbd_gamma_gamma",
        "value_linear",
        "value_tree",
        "spend_tree",
        *(b.name for b in BLENDS if b.task == "value"),
    ),
}
# scored_snapshots' columns of the candidates the contract does not declare (deployment() records the winner's
# column, the SQL selects it); spend_tree competes as its product with churn_lr, expected value
UNDECLARED_COLUMNS = {
    "bgnbd": "churn_probability_bgnbd",
    "bgnbd_gamma_gamma": "expected_value_h_bgnbd",
    "spend_tree": "expected_value_h_spend",
    **{b.name: b.column for b in BLENDS},
}
METRIC = {"churn": "log loss", "value": "RMSE"}
LOSS = {"churn": "log loss", "value": "squared error"}


@dataclass(frozen=True)
class Standing:
    model: str
    score: float  # log loss (churn) or RMSE (value) on the validation snapshot
    gap: float  # mean per-customer loss minus the winner's (0 for the winner)
    gap_se: float  # the paired standard error of that gap
    eligible: bool  # value: its total lands within VALUE_TOTAL_TOLERANCE, up to its noise (or none does)


@dataclass(frozen=True)
class Selection:
    task: str
    winner: str
    column: str
    standings: tuple[Standing, ...]  # in SIMPLICITY order
    best: str  # the lowest-scoring eligible candidate (the winner unless a simpler one is within noise)
    value_adds_up: bool = True  # value: some candidate's total landed within the tolerance

    def standing(self, model: str) -> Standing:
        return next(s for s in self.standings if s.model == model)

    def describe(self) -> str:
        """The winner, its score and by how much it won (or why a better-scoring model lost), in words."""
        winner, metric, loss = self.standing(self.winner), METRIC[self.task], LOSS[self.task]
        said = f"{self.winner} ({metric} {winner.score:.4f})"
        if self.winner != self.best:
            best = self.standing(self.best)
            return (
                f"{said}, the simpler model: {self.best}'s {metric} {best.score:.4f} is better, but its mean "
                f"{loss} per customer is only {-best.gap:.4g} lower, within {NOISE_SE:g} paired standard errors "
                f"({best.gap_se:.4g})"
            )
        others = [s for s in self.standings if s.model != self.winner and s.eligible]
        if not others:
            alone = (
                "the only candidate"
                if len(self.standings) == 1
                else (
                    f"the only candidate whose total lands within {VALUE_TOTAL_TOLERANCE:.0%} "
                    "of the revenue that followed (up to its noise)"
                )
            )
            return (
                f"{said}, {alone}"
                if self.value_adds_up
                else (
                    f"{said}, the candidate whose total came closest to the revenue that followed; none lands within "
                    f"{VALUE_TOTAL_TOLERANCE:.0%}"
                )
            )
        runner_up = min(others, key=lambda s: s.score)
        errors = f", {runner_up.gap / runner_up.gap_se:.1f} paired standard errors" if runner_up.gap_se > 0 else ""
        return (
            f"{said}, ahead of {runner_up.model} ({metric} {runner_up.score:.4f}) by {runner_up.gap:.4g} mean "
            f"{loss} per customer{errors}"
        )


def _losses(task: str, fitted: Fitted, y: np.ndarray) -> np.ndarray:
    prediction = np.asarray(fitted.validation_prediction, dtype=float)
    if task == "churn":
        p = np.clip(prediction, 1e-15, 1 - 1e-15)
        return -(y * np.log(p) + (1 - y) * np.log1p(-p))
    return (prediction - y) ** 2


def _score(task: str, losses: np.ndarray) -> float:
    return float(losses.mean()) if task == "churn" else float(np.sqrt(losses.mean()))


def _paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean of a - b and its standard error, customers paired."""
    difference = a - b
    return float(difference.mean()), float(difference.std(ddof=1) / np.sqrt(len(difference)))


def select(task: str, results: list[Fitted], y, declared: dict[str, str]) -> Selection:
    """The winner for `task` among the results SIMPLICITY names (a skipped one, e.g. BG/NBD on a shop it cannot be
    fitted to, simply does not compete). `declared`: the contract's score column of each declared model."""
    y = np.asarray(y, dtype=float)
    fitted = {f.name: f for f in results if f.task == task}
    names = [name for name in SIMPLICITY[task] if name in fitted]
    losses = {name: _losses(task, fitted[name], y) for name in names}
    adds_up = {name: task == "churn" or _adds_up(fitted[name], y) for name in names}
    value_adds_up = any(adds_up.values())
    closest = min(names, key=lambda name: abs(fitted[name].metrics.get("total_error", 0)))
    eligible = {name: adds_up[name] if value_adds_up else name == closest for name in names}
    competing = [name for name in names if eligible[name]]
    best = min(competing, key=lambda name: (_score(task, losses[name]), names.index(name)))
    scores = {name: _score(task, losses[name]) for name in competing}
    undominated = [name for i, name in enumerate(competing) if all(scores[name] <= scores[n] for n in competing[:i])]
    winner = next(name for name in undominated if name == best or _within_noise(losses[name], losses[best]))
    standings = tuple(
        Standing(name, _score(task, losses[name]), *_paired(losses[name], losses[winner]), eligible[name])
        for name in names
    )
    return Selection(task, winner, {**declared, **UNDECLARED_COLUMNS}[winner], standings, best, value_adds_up)


def _adds_up(fitted: Fitted, y: np.ndarray) -> bool:
    """The total lands within VALUE_TOTAL_TOLERANCE of the revenue that followed, or misses it by no more than
    NOISE_SE standard errors of the total (customers independent)."""
    errors = np.asarray(fitted.validation_prediction, dtype=float) - y
    standard_error = errors.std(ddof=1) * np.sqrt(len(errors)) / abs(y.sum())
    return abs(fitted.metrics["total_error"]) <= VALUE_TOTAL_TOLERANCE + NOISE_SE * standard_error


def _within_noise(simpler: np.ndarray, best: np.ndarray) -> bool:
    gap, se = _paired(simpler, best)
    return gap <= NOISE_SE * se


# the models behind a candidate whose score multiplies two of them, or averages two (blends.py)
PRODUCTS = {"bgnbd_gamma_gamma": ("bgnbd", "gamma_gamma"), "spend_tree": ("churn_lr", "spend_tree")}
MEANS = {b.name: b.parts for b in BLENDS}


def served_version(model: str, versions: dict[str, str]) -> str:
    """The version behind the served score: the model's; both models' of a product joined by " x "; a mean's
    parts' joined by " + "."""
    if model in MEANS:
        return " + ".join(served_version(part, versions) for part in MEANS[model])
    return " x ".join(versions[part] for part in PRODUCTS.get(model, (model,)))


def deployment_entry(selection: Selection, versions: dict[str, str]) -> dict[str, str]:
    """deployment()'s record of the winner, which scored_snapshots serves as churn_probability / expected_value_h."""
    return {
        "model": selection.winner,
        "column": selection.column,
        "version": served_version(selection.winner, versions),
        "chosen": selection.describe(),
    }
