"""The two learners against their definitions, on a small random purchase matrix."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from customer_lifecycle.recommend.evaluate import ranking_metrics, top_k
from customer_lifecycle.recommend.similarity import ease, gram, item_knn, top_neighbours


def _bought(seed: int = 0) -> sparse.csr_matrix:
    rng = np.random.default_rng(seed)
    return sparse.csr_matrix((rng.random((200, 12)) < 0.25).astype(float))


def test_ease_is_each_products_ridge_regression_on_the_others():
    bought = _bought()
    weights = ease(gram(bought), 5.0)
    dense = bought.toarray()
    for product in range(dense.shape[1]):
        others = np.delete(np.arange(dense.shape[1]), product)
        x = dense[:, others]
        expected = np.linalg.solve(x.T @ x + 5.0 * np.eye(len(others)), x.T @ dense[:, product])
        np.testing.assert_allclose(weights[others, product], expected, atol=1e-10)
        assert weights[product, product] == 0


def test_item_knn_is_the_shrunk_cosine_of_the_buyers():
    dense = _bought().toarray()
    weights = item_knn(gram(sparse.csr_matrix(dense)), 3.0)
    a, b = dense[:, 0], dense[:, 1]
    assert np.isclose(weights[0, 1], a @ b / (np.sqrt(a.sum() * b.sum()) + 3.0))
    assert np.all(np.diag(weights) == 0)


def test_top_neighbours_keeps_the_k_supported_weights_largest_in_absolute_value():
    weights = np.array(
        [
            [0.0, 0.5, -0.9, 0.2, -0.1],
            [0.3, 0.0, 0.1, -0.3, 0.8],
            [-0.4, 0.4, 0.0, 0.6, 0.1],
            [0.1, 0.1, 0.1, 0.0, 0.1],
            [0.9, -0.9, 0.9, 0.9, 0.0],
        ]
    )
    co_buyers = np.full(weights.shape, 5.0)
    co_buyers[1, 4] = 1  # bought together by one customer: no evidence, however large the weight
    kept = top_neighbours(weights, co_buyers, k=2, min_support=2)
    expected = np.array(
        [
            [0.0, 0.5, -0.9, 0.0, 0.0],  # EASE's negative weights stay
            [0.3, 0.0, 0.0, -0.3, 0.0],  # ties: the earlier product
            [-0.4, 0.0, 0.0, 0.6, 0.0],  # |-0.4| = |0.4|: the earlier product
            [0.1, 0.1, 0.0, 0.0, 0.0],
            [0.9, -0.9, 0.0, 0.0, 0.0],
        ]
    )
    np.testing.assert_array_equal(kept, expected)


def test_ranking_metrics_by_hand():
    lists = top_k(np.array([[0.9, 0.8, 0.1, 0.0], [0.1, 0.2, 0.3, 0.4]]), None, k=2)  # [0, 1] and [3, 2]
    relevant = sparse.csr_matrix(np.array([[0, 1, 0, 0], [1, 0, 0, 0]]))
    metrics = ranking_metrics(lists, relevant, n_products=4)
    assert metrics["hit_rate"] == 0.5 and metrics["recall"] == 0.5 and metrics["coverage"] == 1.0
    assert np.isclose(metrics["ndcg"], (1 / np.log2(3)) / 2)
