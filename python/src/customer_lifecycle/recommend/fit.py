"""`lifecycle train`'s recommendation step: product_similarity from the purchases up to the as-of date.

Each learner (similarity.py) is tried with a few settings on a time split: trained on the purchases before
`VALIDATION_DAYS` ahead of the as-of date, judged on what customers bought after that for the first time (the
discover list), by NDCG@10 of the same top-k neighbour table SQL scores with. The best setting is refit on
every purchase up to the as-of date; its neighbour table is the seed `product_similarity`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from customer_lifecycle.recommend.evaluate import K, ranking_metrics, top_k
from customer_lifecycle.recommend.similarity import (
    FAMILIES,
    LEARNERS,
    PARAMETER,
    gram,
    neighbour_table,
    purchase_matrix,
    top_neighbours,
)

VALIDATION_DAYS = 90
NEIGHBOURS = 50  # kept per product, by absolute weight (docs/recommendations.md: 20 lost hit rate)
MIN_SUPPORT = 2  # customers who bought both: a pair seen once is no evidence
GRID = {"item_knn": (0.0, 10.0, 100.0), "ease": (100.0, 300.0, 1000.0, 3000.0)}
ORDER_LINES_VAR = "lifecycle_has_order_lines"
SEED_COLUMNS = ["product_id", "neighbour_id", "weight", "support", "model_version"]
ORDERS_QUERY = "select customer_id, product_id, order_date from int_lifecycle__product_orders"


@dataclass(frozen=True)
class Candidate:
    learner: str
    setting: float
    metrics: dict

    @property
    def parameters(self) -> dict:
        return {PARAMETER[self.learner]: self.setting, "neighbours": NEIGHBOURS, "min_support": MIN_SUPPORT}


@dataclass(frozen=True)
class SimilarityFit:
    table: pd.DataFrame  # product_id, neighbour_id, weight, support, model_version
    version: str
    winner: Candidate
    best: dict  # learner -> its best Candidate
    registry: pd.DataFrame  # ml_model_registry rows, one per learner

    def describe(self) -> str:
        return ", ".join(
            f"{c.learner} {PARAMETER[c.learner]}={c.setting:g} NDCG@{K} {c.metrics['ndcg']:.4f}"
            for c in self.best.values()
        )


def _new_purchases(before, after: pd.DataFrame) -> sparse.csr_matrix:
    """Customers of `before` x its products: 1 where a product was first bought after the cut."""
    known = pd.Series(np.arange(len(before.customers)), index=before.customers)
    after = after[after["customer_id"].isin(known.index) & after["product_id"].isin(before.products)]
    row = known[after["customer_id"]].to_numpy()
    column = np.searchsorted(before.products, after["product_id"].to_numpy())
    relevant = sparse.csr_matrix((np.ones(len(row)), (row, column)), shape=before.bought.shape)
    relevant.data[:] = 1.0
    new = (relevant - relevant.multiply(before.bought)).tocsr()
    new.eliminate_zeros()
    return new


def compare(orders: pd.DataFrame, as_of) -> list[Candidate]:
    """Every learner and setting on the time split, judged on the discover list (new products only)."""
    cut = pd.Timestamp(as_of) - pd.Timedelta(days=VALIDATION_DAYS)
    dates = pd.to_datetime(orders["order_date"])
    products = np.sort(orders["product_id"].unique())
    before = purchase_matrix(orders[dates < cut], products)
    relevant = _new_purchases(before, orders[dates >= cut])
    co_buyers = gram(before.bought)
    candidates = []
    for learner, settings in GRID.items():
        for setting in settings:
            weights = top_neighbours(LEARNERS[learner](co_buyers, setting), co_buyers, NEIGHBOURS, MIN_SUPPORT)
            lists = top_k(before.bought @ weights, before.bought)
            candidates.append(Candidate(learner, setting, ranking_metrics(lists, relevant, len(products))))
    return candidates


def _sha(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False, lineterminator="\n").encode()).hexdigest()


def fit_similarity(orders: pd.DataFrame, as_of) -> SimilarityFit:
    orders = orders.sort_values(["customer_id", "product_id", "order_date"], ignore_index=True)
    candidates = compare(orders, as_of)
    best = {
        learner: max((c for c in candidates if c.learner == learner), key=lambda c: c.metrics["ndcg"])
        for learner in GRID
    }
    winner = max(best.values(), key=lambda c: c.metrics["ndcg"])  # a tie keeps the first learner (item-kNN)
    everything = purchase_matrix(orders)
    co_buyers = gram(everything.bought)
    weights = top_neighbours(LEARNERS[winner.learner](co_buyers, winner.setting), co_buyers, NEIGHBOURS, MIN_SUPPORT)
    table = neighbour_table(weights, co_buyers, everything.products)
    version = f"product_similarity-{_sha(table)[:10]}"
    registry = _registry_rows(best, winner, version, orders, as_of)
    return SimilarityFit(table.assign(model_version=version), version, winner, best, registry)


def _registry_rows(best: dict, winner: Candidate, version: str, orders: pd.DataFrame, as_of) -> pd.DataFrame:
    data_sha = _sha(orders)[:16]
    cut = (pd.Timestamp(as_of) - pd.Timedelta(days=VALIDATION_DAYS)).date().isoformat()
    rows = []
    for candidate in best.values():
        chosen = candidate is winner
        key = json.dumps({"params": candidate.parameters, "data": data_sha}, sort_keys=True)
        metrics = candidate.metrics
        rows.append(
            {
                "model": f"product_similarity_{candidate.learner}",
                "version": version
                if chosen
                else f"product_similarity_{candidate.learner}-{hashlib.sha256(key.encode()).hexdigest()[:10]}",
                "task": "recommendation",
                "family": FAMILIES[candidate.learner],
                "deployed": chosen,
                "selected": chosen,
                "selection": (
                    f"highest NDCG@{K} of the discover list on purchases after {cut} "
                    f"({metrics['ndcg']:.4f}; hit rate {metrics['hit_rate']:.4f}, recall {metrics['recall']:.4f},"
                    f" {metrics['customers']} customers)"
                )
                if chosen
                else None,
                "parameters": json.dumps(candidate.parameters, sort_keys=True),
                "trained_as_of": pd.Timestamp(as_of).date().isoformat(),
                "train_rows": len(orders),
                "train_first_snapshot": str(pd.Timestamp(orders["order_date"].min()).date()),
                "train_last_snapshot": str(pd.Timestamp(orders["order_date"].max()).date()),
                "train_data_sha256": data_sha,
                "tuning": f"{PARAMETER[candidate.learner]} in {list(GRID[candidate.learner])}, "
                f"NDCG@{K} of the discover list on a {VALIDATION_DAYS}-day time split",
                "validation_snapshot": cut,
            }
        )
    return pd.DataFrame(rows)


def write_similarity(path, table: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, float_format="%.6f", lineterminator="\n")


def ensure_similarity_seed(wh, path) -> None:
    """With order lines on and no product_similarity seed at `path` yet (a first training): a header-only one, so
    dbt can parse customer_recommendations' ref to it (the lists are popular-only until the training writes it)."""
    if wh.project.var(ORDER_LINES_VAR) and not path.exists():
        write_similarity(path, pd.DataFrame(columns=SEED_COLUMNS))


def train_similarity(wh, progress=print) -> SimilarityFit:
    """The step `lifecycle train` runs when lifecycle_has_order_lines is on."""
    as_of = wh.query("select as_of_date from int_lifecycle__as_of_date").iloc[0, 0]
    orders = wh.query(ORDERS_QUERY)
    fit = fit_similarity(orders, as_of)
    progress(
        f"product_similarity: {fit.describe()}; serving {fit.winner.learner} "
        f"({len(fit.table):,} neighbour weights, {fit.version})"
    )
    return fit
