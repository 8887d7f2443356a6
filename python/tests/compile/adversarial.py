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


def _move_next_to_thresholds(data: np.ndarray, trees: list, rng) -> None:
    """For half of the rows: pick a tree and a split on the row's own path, then move the split's
    feature to a value at or one ulp around its threshold, so the row really reaches that test."""
    rows = rng.choice(len(data), size=len(data) // 2, replace=False)
    assigned_tree = rng.integers(len(trees), size=rows.size)
    for tree_index in np.unique(assigned_tree):
        chosen = rows[assigned_tree == tree_index]
        tree = trees[tree_index].tree_
        paths = tree.decision_path(np.ascontiguousarray(data[chosen], dtype=np.float32)).tolil().rows
        for row, path in zip(chosen, paths):
            internal = [n for n in path if tree.children_left[n] != -1]
            if internal:
                node = internal[rng.integers(len(internal))]
                neighbours = _ulp_neighbours(tree.threshold[node])
                if neighbours:
                    data[row, tree.feature[node]] = neighbours[rng.integers(len(neighbours))]


def adversarial_frame(names: list[str], n_rows: int, seed: int, model=None, null_fraction=0.02,
                      huge=1e30) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(n_rows, len(names))) * rng.choice([0.5, 1.0, 3.0], size=(n_rows, 1))
    specials = np.array([0.0, -0.0, 5e-324, -5e-324, 1e-300, -1e-300, 1e-30, -1e-30, 1e-8, huge, -huge, 1.0, -1.0])
    cells = rng.random(data.shape) < 0.03
    data[cells] = rng.choice(specials, size=cells.sum())
    trees = _member_trees(model) if model is not None else []
    if trees:
        _move_next_to_thresholds(data, trees, rng)
    data[rng.random(data.shape) < null_fraction] = np.nan
    return pd.DataFrame(data, columns=names)
