"""Item-to-item weights from a customer x product purchase matrix, and the neighbour table SQL scores with.

Both learners give a matrix W (products x products, zero diagonal); a customer's score for product p is
sum_q history[q] * W[q, p], which is what customer_recommendations computes from the neighbour table.
- item-kNN: cosine similarity of the products' buyer vectors, shrunk towards 0 when few customers bought both
  (G[q,p] / (sqrt(n_q n_p) + shrinkage)).
- EASE (Steck 2019): B = argmin ||X - XB||^2 + lambda ||B||^2 with diag(B) = 0, in closed form from the Gram
  matrix: P = (X'X + lambda I)^-1, B = -P / diag(P), diag(B) = 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse


@dataclass(frozen=True)
class Purchases:
    """Customers x products: `bought`, 1 if the customer bought the product (SQL's history: each product once)."""

    customers: np.ndarray
    products: np.ndarray
    bought: sparse.csr_matrix


def purchase_matrix(orders: pd.DataFrame, products: np.ndarray | None = None) -> Purchases:
    """`orders`: one row per customer_id, product_id, order_date (a product bought in an order counts once)."""
    products = np.sort(orders["product_id"].unique()) if products is None else products
    orders = orders[orders["product_id"].isin(products)]
    customers, row = np.unique(orders["customer_id"].to_numpy(), return_inverse=True)
    column = np.searchsorted(products, orders["product_id"].to_numpy())
    bought = sparse.csr_matrix((np.ones(len(row)), (row, column)), shape=(len(customers), len(products)))
    bought.data[:] = 1.0
    return Purchases(customers, products, bought)


def gram(bought: sparse.csr_matrix) -> np.ndarray:
    """Customers who bought both products, products x products."""
    return np.asarray((bought.T @ bought).todense(), dtype=np.float64)


def item_knn(co_buyers: np.ndarray, shrinkage: float) -> np.ndarray:
    counts = np.diag(co_buyers)
    weights = co_buyers / (np.sqrt(np.outer(counts, counts)) + shrinkage + 1e-12)
    np.fill_diagonal(weights, 0.0)
    return weights


def ease(co_buyers: np.ndarray, regularisation: float) -> np.ndarray:
    inverse = np.linalg.inv(co_buyers + regularisation * np.eye(len(co_buyers)))
    weights = -inverse / np.diag(inverse)
    np.fill_diagonal(weights, 0.0)
    return weights


LEARNERS = {"item_knn": item_knn, "ease": ease}
FAMILIES = {"item_knn": "item-kNN (cosine with shrinkage)", "ease": "EASE (closed-form ridge on the Gram matrix)"}
PARAMETER = {"item_knn": "shrinkage", "ease": "regularisation"}


def top_neighbours(weights: np.ndarray, co_buyers: np.ndarray, k: int, min_support: int) -> np.ndarray:
    """`weights` with all but each product's k largest weights by absolute value set to 0 (ties: the earlier
    product id), counting only neighbours at least `min_support` customers bought together with it. Negative
    weights stay: EASE's lower the products that go against a history, and dropping them cost hit rate."""
    kept = np.where(co_buyers >= min_support, weights, 0.0)
    np.fill_diagonal(kept, 0.0)
    order = np.argsort(-np.abs(kept), axis=1, kind="stable")[:, :k]
    truncated = np.zeros_like(kept)
    rows = np.arange(len(kept))[:, None]
    truncated[rows, order] = kept[rows, order]
    return truncated


def neighbour_table(weights: np.ndarray, co_buyers: np.ndarray, products: np.ndarray) -> pd.DataFrame:
    """product_id, neighbour_id, weight (6 decimals), support: one row per non-zero weight, sorted."""
    product, neighbour = np.nonzero(weights)
    table = pd.DataFrame(
        {
            "product_id": products[product],
            "neighbour_id": products[neighbour],
            "weight": np.round(weights[product, neighbour], 6),
            "support": co_buyers[product, neighbour].astype(np.int64),
        }
    )
    return table[table["weight"] != 0].sort_values(["product_id", "neighbour_id"], ignore_index=True)
