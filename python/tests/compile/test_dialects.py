"""Dialects without a live engine here: the SQL must parse back with sqlglot and mean the same."""

import pytest
import sqlglot
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from customer_lifecycle.compile import to_sql

from .adversarial import adversarial_frame
from .cases import FEATURES, fit_classifier
from .engines import DuckDBEngine

MODELS = {
    "decision_tree": lambda: fit_classifier(DecisionTreeClassifier(max_depth=6, random_state=0)),
    "logistic_pipeline": lambda: fit_classifier(make_pipeline(StandardScaler(), LogisticRegression())),
}


@pytest.mark.parametrize("dialect", ["spark", "snowflake", "bigquery", "tsql", "duckdb", "postgres"])
@pytest.mark.parametrize("model_name", sorted(MODELS))
def test_sql_parses_back_to_the_same_expression(model_name, dialect):
    model = MODELS[model_name]()
    sql = to_sql(model, dialect=dialect)
    reparsed = sqlglot.parse_one(sql, read=dialect)
    # Printing the reparsed tree gives the same text: no operator, literal or identifier changed.
    assert reparsed.sql(dialect=dialect) == sql
    if dialect == "tsql":
        # sqlglot reads T-SQL FLOAT (a double there) back as a 32-bit REAL, so a DuckDB replay would
        # be lossy; check instead that only double types appear.
        assert "REAL" not in sql.upper() and "DECIMAL" not in sql.upper()
        return
    # Same meaning: transpiled from that dialect into DuckDB, it scores exactly like our DuckDB SQL.
    frame = adversarial_frame(FEATURES, 2000, seed=1, model=model)
    engine = DuckDBEngine()
    assert engine.score(frame, reparsed.sql(dialect="duckdb")) == engine.score(frame, to_sql(model, dialect="duckdb"))


def test_spark_quotes_identifiers_with_backticks_and_keeps_double_literals():
    sql = to_sql(fit_classifier(LogisticRegression()), dialect="spark")
    assert "`x0`" in sql and '"' not in sql
    assert "e0" in sql  # exponent literals are DOUBLE in Spark, not DECIMAL


def test_postgres_literals_are_double_precision():
    sql = to_sql(fit_classifier(DecisionTreeClassifier(max_depth=2, random_state=0)), dialect="postgres")
    assert "AS DOUBLE PRECISION" in sql
