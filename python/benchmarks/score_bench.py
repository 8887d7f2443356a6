"""Scoring speed, side by side on one DuckDB table of N rows with 8 numeric features.

For each model: a plain scan-sum (lower bound), scikit-learn (fetch + predict_proba, fetch time
shown separately), our compiled SQL, and orbital's SQL where orbital supports the model.

    python python/benchmarks/score_bench.py --rows 1000000
"""
import argparse
import time

import duckdb
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.tree import DecisionTreeClassifier

from customer_lifecycle.compile import to_sql, to_sql_query

FEATURES = [f"x{i}" for i in range(8)]


def _training_data(n_rows=20_000, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n_rows, 8)), columns=FEATURES)
    y = ((X.x0 + X.x1 * X.x2 - 0.5 * X.x3**2 + np.sin(3 * X.x4) + rng.normal(size=n_rows)) > 0).astype(int)
    return X, y


MODELS = {
    "LR": lambda: LogisticRegression(),
    "DT depth 8": lambda: DecisionTreeClassifier(max_depth=8, random_state=0),
    "DT depth 20": lambda: DecisionTreeClassifier(max_depth=20, random_state=0),
    "RF 100x depth 10": lambda: RandomForestClassifier(100, max_depth=10, random_state=0, n_jobs=1),
    "MLP (32,)": lambda: MLPClassifier(hidden_layer_sizes=(32,), max_iter=200, random_state=0),
}


def _timed(run):
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def _sql_seconds(connection, expression: str) -> float:
    # sum() makes the engine compute every score without shipping N rows to Python.
    return _timed(lambda: connection.execute(f"select sum({expression}) from scored").fetchone())[0]


def _orbital_sql(model):
    try:
        import orbital
        import orbital.types
    except ImportError:
        return None, "orbital not installed"
    try:
        pipeline = orbital.parse_pipeline(model, features={f: orbital.types.DoubleColumnType() for f in FEATURES})
        # orbital emits a SELECT over a table; keep its projection of the positive-class probability.
        return orbital.export_sql("scored", pipeline, dialect="duckdb"), None
    except Exception as error:  # orbital refuses many models; report why instead of failing the run
        return None, f"orbital: {type(error).__name__}"


def _orbital_seconds(connection, query: str) -> float:
    # max over every output column: count(*) would let DuckDB skip computing the scores.
    return _timed(lambda: connection.execute(f"select max(columns(*)) from ({query})").fetchone())[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()

    connection = duckdb.connect()
    rows = pd.DataFrame(np.random.default_rng(1).normal(size=(args.rows, 8)), columns=FEATURES)
    connection.execute("create table scored as select * from rows")
    del rows
    scan = min(_sql_seconds(connection, " + ".join(f'"{f}"' for f in FEATURES)) for _ in range(3))
    X, y = _training_data()
    print(f"rows: {args.rows:,}   scan-sum (lower bound): {scan:.3f}s  ({args.rows / scan:,.0f} rows/s)\n")
    header = (f"{'model':<18}{'engine':<10}{'seconds':>9}{'rows/s':>14}{'SQL bytes':>12}"
              f"{'vs sklearn':>12}{'vs scan':>9}")
    print(header)
    print("-" * len(header))
    for name, make in MODELS.items():
        model = make().fit(X, y)
        fetch, frame = _timed(lambda: connection.execute("select * from scored").df())
        predict, _ = _timed(lambda: model.predict_proba(frame)[:, 1])
        del frame
        sklearn_total = fetch + predict
        expression = to_sql(model, dialect="duckdb")
        ours = _sql_seconds(connection, expression)
        results = [("sklearn", sklearn_total, None, f"(fetch {fetch:.2f}s + predict {predict:.2f}s)"),
                   ("ours", ours, len(expression), "")]
        query = to_sql_query(model, "scored", dialect="duckdb")  # encoding="auto": big trees walk a node table
        if "tree_nodes" in query:
            seconds = _timed(lambda: connection.execute(f"select sum(score) from ({query})").fetchone())[0]
            results.append(("ours/table", seconds, len(query), "(to_sql_query, tree-as-table)"))
        orbital_query, why_not = _orbital_sql(model)
        if orbital_query is not None:
            results.append(("orbital", _orbital_seconds(connection, orbital_query), len(orbital_query), ""))
        for engine, seconds, size, note in results:
            print(f"{name:<18}{engine:<10}{seconds:>9.3f}{args.rows / seconds:>14,.0f}"
                  f"{size if size is not None else '':>12}{sklearn_total / seconds:>11.2f}x"
                  f"{seconds / scan:>8.1f}x  {note}")
        if orbital_query is None:
            print(f"{name:<18}{'orbital':<10}{'-':>9}  {why_not}")
    print("\nvs sklearn: sklearn seconds / engine seconds (higher is faster); vs scan: seconds / scan seconds")


if __name__ == "__main__":
    main()
