"""The stack candidates: per target, the mean of BG/NBD's score and the tree's (an equal-weight linear pool).

BG/NBD reads recency and frequency through a model of buying and dropping out, refit at each date; the tree reads
every feature and learned from labelled snapshots. Their errors differ (on the real-data cuts BG/NBD's churn
ranks and totals one way, the tree another), so their mean tends to score better than either: the forecast
combination result (Bates & Granger 1969), where equal weights are hard to beat because weights fitted on one
validation snapshot carry its noise. So the weights are fixed, nothing is fitted: each blend is validated on the
validation snapshot from its parts' validation predictions, as selection.py compares every candidate, and
scored_snapshots computes it from its parts' columns (the same mean in SQL).

A blend competes only when both its parts were fitted (BG/NBD skipped: no blend).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from customer_lifecycle.train.fit import Fitted
from customer_lifecycle.train.metrics import classification_metrics, regression_metrics


@dataclass(frozen=True)
class Blend:
    name: str
    task: str
    parts: tuple[str, str]  # the candidates whose scores are averaged
    column: str  # scored_snapshots' column of the mean


BLENDS = (
    Blend("bgnbd_tree_churn", "churn", ("bgnbd", "churn_tree"), "churn_probability_blend"),
    Blend("bgnbd_gamma_gamma_tree_value", "value", ("bgnbd_gamma_gamma", "value_tree"), "expected_value_h_blend"),
)


def blended(results: list[Fitted], y_churn, y_value) -> list[Fitted]:
    """A Fitted per blend whose parts are both in `results`, validated on the validation snapshot's labels."""
    fitted = {f.name: f for f in results}
    blends = []
    for blend in BLENDS:
        if not all(part in fitted for part in blend.parts):
            continue
        prediction = np.mean([np.asarray(fitted[part].validation_prediction, float) for part in blend.parts], axis=0)
        metrics = (
            classification_metrics(y_churn, prediction)
            if blend.task == "churn"
            else regression_metrics(y_value, prediction)
        )
        blends.append(
            Fitted(
                blend.name,
                f"stack: the mean of {' and '.join(blend.parts)}",
                blend.task,
                None,
                None,
                {},
                None,
                metrics,
                prediction,
                False,
                0.0,
            )
        )
    return blends
