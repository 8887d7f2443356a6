"""Each model's tuning plan, sized on the rows that model trains on: its own sample, or the buyers for spend.

A plan sized on all training rows promised folds the buyers alone could not fill (issue 23: scikit-learn's
"No fits were performed"). So each model gets the folds its own rows allow, and only folds it can fit: a
classifier's training part must hold both classes. In order: forward folds grouped by snapshot date (split.py),
else folds grouped by customer, else each model's documented defaults (zoo.py). The description says which.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from customer_lifecycle.train.split import CV_FOLDS, ForwardSnapshotCV, Tuning


def _fittable(folds, y: np.ndarray | None) -> list[tuple[np.ndarray, np.ndarray]]:
    """The folds whose training part a model can fit: any for a regressor (y None), both classes for a classifier."""
    return [(train, valid) for train, valid in folds if y is None or len(np.unique(y[train])) == 2]


def _only(folds: int, what: str) -> str:
    return "" if folds == CV_FOLDS else f" (only {folds} fit the {what}; usually {CV_FOLDS})"


def _plural(count: int) -> str:
    return "s" if count > 1 else ""


def tuning_plan(rows: pd.DataFrame, horizon_days: int, classes: str | None = None) -> Tuning:
    """The most honest tuning `rows` allow. `classes`: a classifier's label column (each fold's training part must
    hold both classes; folds grouped by customer need CV_FOLDS customers of each class); None for a regressor."""
    y = None if classes is None else rows[classes].to_numpy()
    forward = _fittable(ForwardSnapshotCV(horizon_days).split(groups=rows["snapshot_date"]), y)
    if forward:
        return Tuning(
            forward,
            "snapshot_date",
            f"{len(forward)} forward fold{_plural(len(forward))} grouped by "
            f"snapshot date{_only(len(forward), 'history')}",
        )
    customers = (
        rows.groupby(classes)["customer_id"].nunique() if classes else pd.Series([rows["customer_id"].nunique()])
    )
    if len(customers) == (2 if classes else 1) and customers.min() >= CV_FOLDS:
        by_customer = _fittable(GroupKFold(CV_FOLDS).split(rows, groups=rows["customer_id"]), y)
        if by_customer:
            count = len(by_customer)
            return Tuning(
                by_customer,
                "customer_id",
                f"{count} fold{_plural(count)} grouped by customer within the training snapshots"
                f"{_only(count, 'classes')} (history too short for a forward fold: they share calendar time)",
            )
    return Tuning(None, None, "none: too few customers for folds, each model's documented defaults (zoo.py)")
