"""Pretty-printed SQL (what the generated macros hold) is the same expression, with a line per CASE branch."""

import duckdb
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from customer_lifecycle.compile import to_sql


def test_pretty_sql_scores_as_the_one_line_sql_with_a_line_per_branch():
    rng = np.random.default_rng(7)
    X = pd.DataFrame(rng.normal(size=(2_000, 3)), columns=["a", "b", "c"])
    y = (X["a"] + X["b"] + rng.normal(size=len(X)) > 0).astype(int)
    tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)
    connection = duckdb.connect()
    connection.register("rows_in", X)
    for model in [tree, LogisticRegression().fit(X, y)]:
        plain, pretty = to_sql(model), to_sql(model, pretty=True)
        scores = [connection.execute(f"select {sql} as p from rows_in").fetchnumpy()["p"] for sql in (plain, pretty)]
        assert "\n" not in plain and "\n" in pretty and np.array_equal(*scores)
    lines = to_sql(tree, pretty=True).splitlines()
    assert len(lines) > 2 * tree.get_n_leaves() - 1
    assert all(line.strip().startswith(("CASE", "WHEN", "THEN", "ELSE", "END")) for line in lines)


def _wide_logistic_regression():
    rng = np.random.default_rng(3)
    X = pd.DataFrame(rng.normal(size=(500, 12)), columns=[f"feature_{i}" for i in range(12)])
    return LogisticRegression().fit(X, (X.sum(axis=1) + rng.normal(size=len(X)) > 0).astype(int))


def test_a_long_sum_has_one_term_per_line():
    model = _wide_logistic_regression()
    for dialect in ("duckdb", "postgres", "spark"):
        lines = to_sql(model, dialect=dialect, pretty=True).splitlines()
        terms = [line for line in lines if "feature_" in line]
        assert len(terms) == 12, dialect  # each coefficient's term on a line of its own
        assert max(map(len, lines)) < 100, dialect


def test_the_postgres_sigmoid_computes_its_sum_once():
    sql = to_sql(_wide_logistic_regression(), dialect="postgres", pretty=True)
    assert sql.count('"feature_0"') == 1
