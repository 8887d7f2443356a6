"""The obvious rules every model must beat: churn ~ days since the last order; value ~ last period's spend."""

from __future__ import annotations

import numpy as np
import pandas as pd

RECENCY_BINS = 10
SPEND_WINDOW_DAYS = 90  # spend_last_90d


class RecencyChurnBaseline:
    """P(churn) = the training churn rate among customers in the same recency decile."""

    def fit(self, frame: pd.DataFrame, y: pd.Series):
        recency = frame["recency_days"].fillna(frame["recency_days"].max())
        self.edges_ = np.unique(np.quantile(recency, np.linspace(0, 1, RECENCY_BINS + 1))[1:-1])
        bins = np.searchsorted(self.edges_, recency, side="right")
        self.rates_ = pd.Series(np.asarray(y)).groupby(bins).mean().reindex(range(len(self.edges_) + 1)).ffill()
        self.fill_ = recency.max()
        return self

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        bins = np.searchsorted(self.edges_, frame["recency_days"].fillna(self.fill_), side="right")
        p = self.rates_.to_numpy()[bins]
        return np.column_stack([1 - p, p])


def last_period_spend(frame: pd.DataFrame, horizon_days: int) -> np.ndarray:
    """Next horizon's revenue = last 90 days' spend, scaled to the horizon's length."""
    return frame["spend_last_90d"].fillna(0).to_numpy() * horizon_days / SPEND_WINDOW_DAYS
