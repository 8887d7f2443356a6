"""The tree-as-table query scores exactly like sklearn, NULL routing included, on real engines."""
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from customer_lifecycle.compile import UnsupportedModelError, to_sql_query

from .adversarial import adversarial_frame
from .cases import FEATURES, fit_classifier, fit_regressor, training_frame
from .parity import sklearn_scores

ROWS = {"duckdb": 100_000, "postgres": 20_000}  # PostgreSQL's 20 hash joins cost ~1s per 1k rows here

MODELS = {
    "depth20": lambda: fit_classifier(DecisionTreeClassifier(max_depth=20, random_state=0)),
    "trained_with_nan": lambda: fit_classifier(DecisionTreeClassifier(max_depth=12, random_state=0), with_nan=True),
    "regressor": lambda: fit_regressor(DecisionTreeRegressor(max_depth=14, random_state=0)),
}


@pytest.fixture(scope="module", params=sorted(MODELS))
def fitted(request):
    model = MODELS[request.param]()
    return model, adversarial_frame(FEATURES, ROWS["duckdb"], seed=7, model=model)


@pytest.mark.parametrize("engine_name", ["duckdb", "postgres"])  # sqlglot cannot alias VALUES columns in SQLite
def test_table_walk_equals_sklearn(fitted, engine_name, request):
    model, frame = fitted
    frame = frame.head(ROWS[engine_name])
    engine = request.getfixturevalue(f"{engine_name}_engine")
    outputs = ("value",) if isinstance(model, DecisionTreeRegressor) else ("probability", "class")
    for output in outputs:
        query = to_sql_query(model, "scored_rows", dialect=engine.dialect, output=output,
                             keep_columns=["row_id"], encoding="table")
        got = engine.score_query(frame, query)
        assert got == sklearn_scores(model, frame, output), f"{engine_name} {output}"


def test_auto_picks_the_table_for_big_trees_only():
    small = fit_classifier(DecisionTreeClassifier(max_depth=4, random_state=0))
    X, y, _ = training_frame(n_rows=20_000)
    big = DecisionTreeClassifier(max_depth=20, random_state=0).fit(X, y)
    assert "tree_nodes" not in to_sql_query(small, "t")
    assert "tree_nodes" in to_sql_query(big, "t")
    assert "tree_nodes" not in to_sql_query(big, "t", dialect="spark")  # no VALUES aliases there
    assert "tree_nodes" not in to_sql_query(big, "t", dialect="sqlite")


def test_table_encoding_refuses_forests():
    with pytest.raises(UnsupportedModelError):
        to_sql_query(fit_classifier(RandomForestClassifier(3, max_depth=3)), "t", encoding="table")
