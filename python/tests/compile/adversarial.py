"""Scoring rows built to break a compiler: values at and one ulp around every tree threshold
(in float32 and float64), zeros, signed zeros, subnormals, huge and tiny magnitudes, NULLs."""

import numpy as np
import pandas as pd

from customer_lifecycle.compile.thresholds import float32_cut


def _ulp_neighbours(value: float) -> list[float]:
    f32 = np.float32(value)
    f32_neighbours = [np.nextafter(f32, np.float32(-np.inf)), f32, np.nextafter(f32, np.float32(np.inf))]
    cut = float32_cut(value)
    around = [value, cut] + [float(v) for v in f32_neighbours]
    values = [float(w) for v in around for w in (np.nextafter(v, -np.inf), v, np.nextafter(v, np.inf))]
    # sklearn rejects values that overflow float32 (e.g. near the +inf threshold of a NaN-only split)
    return [v for v in values if abs(v) <= np.finfo(np.float32).max]


def _member_trees(model) -> list:
    return [model] if hasattr(model, "tree_") else list(np.ravel(getattr(model, "estimators_", [])))


def _neighbour_table(tree) -> np.ndarray:
    """Row n: candidate values at and around node n's threshold (repeated to a fixed width)."""
    table = np.full((tree.node_count, 18), np.nan)
    for node in np.flatnonzero(tree.children_left != -1):
        values = _ulp_neighbours(tree.threshold[node])
        if values:
            table[node] = np.resize(values, 18)
    return table


def _move_next_to_thresholds(data: np.ndarray, trees: list, rng) -> None:
    """For half of the rows: pick a tree and a node on the row's own path, then move that node's
    feature to a value at or one ulp around its threshold, so the row really reaches that test."""
    rows = rng.choice(len(data), size=len(data) // 2, replace=False)
    assigned_tree = rng.integers(len(trees), size=rows.size)
    for tree_index in np.unique(assigned_tree):
        chosen = rows[assigned_tree == tree_index]
        tree = trees[tree_index].tree_
        paths = tree.decision_path(np.ascontiguousarray(data[chosen], dtype=np.float32))
        lengths = np.diff(paths.indptr)
        nodes = paths.indices[paths.indptr[:-1] + (rng.random(chosen.size) * lengths).astype(int)]
        values = _neighbour_table(tree)[nodes, rng.integers(18, size=chosen.size)]
        usable = ~np.isnan(values)  # leaves have no threshold
        data[chosen[usable], tree.feature[nodes[usable]]] = values[usable]


def adversarial_frame(
    names: list[str], n_rows: int, seed: int, model=None, null_fraction=0.02, huge=1e30
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(n_rows, len(names))) * rng.choice([0.5, 1.0, 3.0], size=(n_rows, 1))
    specials = np.array([0.0, -0.0, 5e-324, -5e-324, 1e-300, -1e-300, 1e-30, -1e-30, 1e-8, huge, -huge, 1.0, -1.0])
    cells = rng.random(data.shape) < 0.03
    data[cells] = rng.choice(specials, size=cells.sum())
    trees = _member_trees(model) if model is not None else []
    if trees:
        _move_next_to_thresholds(data, trees, rng)
    if hasattr(model, "coef_") and np.ndim(model.coef_) == 2 and len(model.coef_) == 1:
        _move_onto_decision_boundary(data, model, rng)
    data[rng.random(data.shape) < null_fraction] = np.nan
    return pd.DataFrame(data, columns=names)


def _move_onto_decision_boundary(data: np.ndarray, model, rng) -> None:
    """A tenth of the ordinary-magnitude rows: solve x0 so the linear margin is as near zero as doubles
    allow. (With huge values the margin is cancellation noise, different in every BLAS.)"""
    ordinary = np.flatnonzero((np.abs(data) < 10).all(axis=1))
    rows = rng.choice(ordinary, size=min(len(ordinary), len(data) // 10), replace=False)
    coef, intercept = model.coef_[0], model.intercept_[0]
    rest = data[rows, 1:] @ coef[1:] + intercept
    data[rows, 0] = -rest / coef[0]
