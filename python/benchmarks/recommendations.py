"""Issue 21's measurement: customer_recommendations on real invoice lines against the usual recommenders.

    python python/benchmarks/recommendations.py                       # the default cut, 2011-09-01
    python python/benchmarks/recommendations.py --as-of 2011-08-01 --workdir /tmp/recs

Runs `lifecycle run` as a user would, on UCI Online Retail (../shared/data/online_retail: orders.csv.gz and
lines.csv.gz, loaded as text tables in a copy of this dbt project's DuckDB file) with order lines switched on
and `as_of_date` the cut. Then it scores the SQL lists against what each customer bought in the 90 days after
the cut, beside baselines fitted in Python on the same purchases (int_lifecycle__product_orders):
popularity (last 90 days), repeat own items then popularity, item-kNN and EASE (full weights, binary history)
and implicit's ALS when installed (`pip install implicit`; skipped with a message otherwise).

Lists, K = 10:
- discover: products new to the customer. SQL: the discover list.
- all: any product. SQL: the buy_again list, then discover, first 10.
- cold start: customers whose first purchase falls in the window. SQL: int_lifecycle__popular_products.
Metrics: hit rate (a listed product was bought), recall (share of the bought products listed), NDCG@10 (binary
relevance), coverage (share of the catalogue listed to someone). Only customers who bought something relevant.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPOSITORY / "python" / "tests")]

from project_copy import copy_project  # noqa: E402

from customer_lifecycle.recommend.evaluate import K, ranking_metrics, top_k  # noqa: E402
from customer_lifecycle.recommend.similarity import ease, gram, item_knn  # noqa: E402
from customer_lifecycle.train.card import _markdown  # noqa: E402
from customer_lifecycle.warehouse import Warehouse  # noqa: E402

DATA = REPOSITORY.parent.parent / "shared" / "data" / "online_retail"
WINDOW_DAYS = 90
N = 10  # per list
KNN_SHRINKAGE, EASE_REGULARISATION = 10.0, 250.0


def run_lifecycle(workdir: Path, as_of: str) -> tuple[Warehouse, float]:
    from customer_lifecycle.main_job import run_main_job

    project = copy_project(workdir)
    path = project / "shop.duckdb"
    vars = {
        "lifecycle_use_sample_shop": False,
        "lifecycle_orders_table": "orders",
        "lifecycle_order_lines_table": "order_lines",
        "lifecycle_has_customers": False,
        "lifecycle_has_events": False,
        "lifecycle_has_order_lines": True,
        "as_of_date": as_of,
        "lifecycle_recommendations_buy_again": N,
        "lifecycle_recommendations_discover": N,
    }
    loader = Warehouse(duckdb_path=path, project_dir=project)
    loader.execute(
        f"create table orders as select * from read_csv('{DATA / 'orders.csv.gz'}', header = true, all_varchar = true)"
    )
    loader.execute(
        "create table order_lines as select invoice_no as order_id, stock_code as product_id, quantity, "
        "cast(cast(quantity as double) * cast(unit_price as double) as varchar) as line_amount "
        f"from read_csv('{DATA / 'lines.csv.gz'}', header = true, all_varchar = true)"
    )
    loader.close()
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        run_main_job(duckdb_path=str(path), project_dir=project, vars=vars)
    return Warehouse(duckdb_path=path, project_dir=project, vars=vars), time.perf_counter() - started


def future_purchases(as_of: str) -> pd.DataFrame:
    """customer_id, product_id bought (positive quantity, not on a reversal invoice) in the window after the cut."""
    lines = pd.read_csv(DATA / "lines.csv.gz", dtype=str)
    lines["invoiced_at"] = pd.to_datetime(lines["invoiced_at"])
    start = pd.Timestamp(as_of)
    window = lines[
        (lines["invoiced_at"] >= start)
        & (lines["invoiced_at"] < start + pd.Timedelta(days=WINDOW_DAYS))
        & (lines["quantity"].astype(int) > 0)
        & ~lines["invoice_no"].str.startswith("C")
    ]
    return window[["customer_id", "stock_code"]].drop_duplicates().rename(columns={"stock_code": "product_id"})


def as_matrix(pairs: pd.DataFrame, customers: pd.Index, products: pd.Index) -> sparse.csr_matrix:
    pairs = pairs[pairs["customer_id"].isin(customers) & pairs["product_id"].isin(products)]
    matrix = sparse.csr_matrix(
        (np.ones(len(pairs)), (customers.get_indexer(pairs["customer_id"]), products.get_indexer(pairs["product_id"]))),
        shape=(len(customers), len(products)),
    )
    matrix.data[:] = 1.0
    return matrix


def sql_lists(wh: Warehouse, customers: pd.Index, products: pd.Index) -> dict[str, np.ndarray]:
    rows = wh.query(
        "select customer_id, list, rank, product_id from customer_recommendations where customer_id is not null"
    )
    rows = rows[rows["customer_id"].isin(customers) & rows["product_id"].isin(products)]
    rows["order"] = np.where(rows["list"] == "buy_again", 0, N) + rows["rank"]
    lists = {}
    for name, chosen in (("discover", rows[rows["list"] == "discover"]), ("all", rows)):
        table = np.full((len(customers), K), -1)
        chosen = chosen.sort_values(["customer_id", "order"])
        chosen = chosen.assign(slot=chosen.groupby("customer_id").cumcount())
        chosen = chosen[chosen["slot"] < K]
        table[customers.get_indexer(chosen["customer_id"]), chosen["slot"]] = products.get_indexer(chosen["product_id"])
        lists[name] = table
    popular = wh.query(
        f"select product_id from int_lifecycle__popular_products where popularity_rank <= {K} order by popularity_rank"
    )
    lists["cold"] = np.array([products.get_indexer(popular["product_id"])])
    return lists


def als_scores(bought: sparse.csr_matrix) -> np.ndarray | None:
    try:
        from implicit.als import AlternatingLeastSquares
    except ImportError:
        print("implicit is not installed: ALS skipped (pip install implicit)")
        return None
    model = AlternatingLeastSquares(factors=64, regularization=0.05, iterations=15, random_state=0)
    model.fit(bought.tocsr() * 20.0, show_progress=False)
    return np.asarray(model.user_factors) @ np.asarray(model.item_factors).T


def baseline_lists(history: pd.DataFrame, customers: pd.Index, products: pd.Index, as_of: str) -> dict:
    """{baseline: {list name: customers x K}} from the purchases before the cut."""
    bought = as_matrix(history, customers, products)
    recent = history[pd.to_datetime(history["order_date"]) > pd.Timestamp(as_of) - pd.Timedelta(days=WINDOW_DAYS)]
    popularity = np.zeros(len(products))
    counts = recent.drop_duplicates(["customer_id", "product_id"])["product_id"].value_counts()
    popularity[products.get_indexer(counts.index)] = counts.to_numpy()
    popular = np.tile(popularity, (len(customers), 1))
    frequency = history.groupby(["customer_id", "product_id"]).size().rename("orders").reset_index()
    own = sparse.csr_matrix(
        (
            frequency["orders"].to_numpy(float),
            (customers.get_indexer(frequency["customer_id"]), products.get_indexer(frequency["product_id"])),
        ),
        shape=bought.shape,
    )
    co_buyers = gram(bought)
    scores = {
        "popularity": popular,
        "repeat own items, then popularity": own.toarray() * 1e6 + popular,
        "item-kNN": np.asarray(bought @ item_knn(co_buyers, KNN_SHRINKAGE)),
        "EASE": np.asarray(bought @ ease(co_buyers, EASE_REGULARISATION)),
    }
    als = als_scores(bought)
    if als is not None:
        scores["ALS"] = als
    cold = top_k(popularity[None, :], None)
    return {name: {"discover": top_k(s, bought), "all": top_k(s, None), "cold": cold} for name, s in scores.items()}


def evaluate(as_of: str, workdir: Path) -> pd.DataFrame:
    wh, seconds = run_lifecycle(workdir, as_of)
    print(f"lifecycle run with order lines, as of {as_of}: {seconds:.0f}s")
    history = wh.query("select customer_id, product_id, order_date from int_lifecycle__product_orders")
    customers = pd.Index(sorted(history["customer_id"].unique()))
    products = pd.Index(
        sorted(
            wh.query("select distinct product_id from stg_lifecycle__order_lines where quarantine_reason is null")[
                "product_id"
            ]
        )
    )
    future = future_purchases(as_of)
    bought = as_matrix(history, customers, products)
    after = as_matrix(future, customers, products)
    relevant = {"all": after, "discover": (after - after.multiply(bought)).tocsr()}
    relevant["discover"].eliminate_zeros()
    newcomers = pd.Index(sorted(set(future["customer_id"]) - set(customers)))
    cold_relevant = as_matrix(future, newcomers, products)
    listers = {
        "customer_recommendations (SQL)": sql_lists(wh, customers, products),
        **baseline_lists(history, customers, products, as_of),
    }
    rows = []
    for name, lists in listers.items():
        row = {"recommender": name}
        for kind in ("discover", "all"):
            metrics = ranking_metrics(lists[kind], relevant[kind], len(products))
            row |= {f"{kind} {metric}": value for metric, value in metrics.items()}
        cold = ranking_metrics(np.repeat(lists["cold"], len(newcomers), axis=0), cold_relevant, len(products))
        row |= {"cold start hit_rate": cold["hit_rate"], "cold start customers": cold["customers"]}
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", default="2011-09-01")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        table = evaluate(args.as_of, args.workdir or Path(scratch))
    columns = [
        "recommender",
        "discover hit_rate",
        "discover recall",
        "discover ndcg",
        "discover coverage",
        "all hit_rate",
        "all recall",
        "all ndcg",
        "all coverage",
        "cold start hit_rate",
    ]
    print(
        f"\nOnline Retail, as of {args.as_of}, {WINDOW_DAYS} days after, K = {K} "
        f"({int(table['discover customers'].iloc[0])} customers with new products, "
        f"{int(table['all customers'].iloc[0])} with any, {int(table['cold start customers'].iloc[0])} new)"
    )
    print(_markdown(table[columns]))


if __name__ == "__main__":
    main()
