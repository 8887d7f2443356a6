"""Ranking metrics at K on a time split: what customers bought after the cut, against lists made before it."""

from __future__ import annotations

import numpy as np
from scipy import sparse

K = 10


def top_k(scores: np.ndarray, excluded: sparse.csr_matrix | None, k: int = K) -> np.ndarray:
    """Each row's k best columns (ties: the lower column, i.e. the smaller product id); `excluded` never ranks."""
    scores = np.array(scores, dtype=np.float64)
    if excluded is not None:
        scores[excluded.nonzero()] = -np.inf
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    finite = np.take_along_axis(np.isfinite(scores), order, axis=1)
    return np.where(finite, order, -1)


def ranking_metrics(lists: np.ndarray, relevant: sparse.csr_matrix, n_products: int) -> dict[str, float]:
    """hit rate, recall, NDCG at K over the rows with at least one relevant product, and catalogue coverage
    (share of products in any list). `lists`: row -> K product columns (-1 = empty slot)."""
    relevant = relevant.tocsr()
    has_relevant = np.diff(relevant.indptr) > 0
    lists, relevant = lists[has_relevant], relevant[has_relevant]
    if not len(lists):
        return {"customers": 0, "hit_rate": np.nan, "recall": np.nan, "ndcg": np.nan, "coverage": np.nan}
    rows = np.arange(len(lists))[:, None]
    hits = (lists >= 0) & (np.asarray(relevant[rows, np.maximum(lists, 0)].todense()) > 0)
    discount = 1 / np.log2(np.arange(2, lists.shape[1] + 2))
    n_relevant = np.diff(relevant.indptr)
    ideal = np.cumsum(discount)[np.minimum(n_relevant, lists.shape[1]) - 1]
    listed = np.unique(lists[lists >= 0])
    return {
        "customers": int(len(lists)),
        "hit_rate": float(hits.any(axis=1).mean()),
        "recall": float((hits.sum(axis=1) / n_relevant).mean()),
        "ndcg": float(((hits * discount).sum(axis=1) / ideal).mean()),
        "coverage": float(len(listed) / n_products),
    }
