"""The tree walks (node table, arrays) score exactly like sklearn, NULL routing included, on real engines."""

import numpy as np
import pytest
from sklearn.ensemble import ExtraTreesRegressor, GradientBoostingClassifier, RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from customer_lifecycle.compile import UnsupportedModelError, to_sql_query

from .adversarial import adversarial_frame
from .cases import FEATURES, fit_classifier, fit_multiclass, fit_regressor, training_frame
from .parity import sklearn_scores

ROWS = {"duckdb": 100_000, "postgres": 20_000}  # PostgreSQL's 20 hash joins cost ~1s per 1k rows here
TREE_WALKS = [("duckdb", "table"), ("postgres", "table"), ("duckdb", "array")]
FOREST_WALKS = [("duckdb", "array")]  # the node table walks single trees only

# name: (fitted model, outputs, walks); sqlglot cannot alias VALUES columns in SQLite, arrays are DuckDB lists
MODELS = {
    "depth20": (
        lambda: fit_classifier(DecisionTreeClassifier(max_depth=20, random_state=0)),
        ("probability", "class"),
        TREE_WALKS,
    ),
    "trained_with_nan": (
        lambda: fit_classifier(DecisionTreeClassifier(max_depth=12, random_state=0), with_nan=True),
        ("probability", "class"),
        TREE_WALKS,
    ),
    "regressor": (lambda: fit_regressor(DecisionTreeRegressor(max_depth=14, random_state=0)), ("value",), TREE_WALKS),
    "forest_with_nan": (
        lambda: fit_classifier(RandomForestClassifier(20, max_depth=8, random_state=0), with_nan=True),
        ("probability", "class"),
        FOREST_WALKS,
    ),
    "forest_multiclass": (
        lambda: fit_multiclass(RandomForestClassifier(10, max_depth=6, random_state=0)),
        ("class",),
        FOREST_WALKS,
    ),
    "extra_trees_regressor": (
        lambda: fit_regressor(ExtraTreesRegressor(10, max_depth=10, random_state=0)),
        ("value",),
        FOREST_WALKS,
    ),
}
CASES = [(name, engine, encoding) for name, (_, _, walks) in MODELS.items() for engine, encoding in walks]


@pytest.fixture(scope="module")
def fitted_models():
    return {}


@pytest.mark.parametrize("model_name, engine_name, encoding", CASES)
def test_walk_equals_sklearn(model_name, engine_name, encoding, fitted_models, request):
    fit, outputs, _ = MODELS[model_name]
    if model_name not in fitted_models:
        model = fit()
        fitted_models[model_name] = model, adversarial_frame(FEATURES, ROWS["duckdb"], seed=7, model=model)
    model, frame = fitted_models[model_name]
    frame = frame.head(ROWS[engine_name])
    engine = request.getfixturevalue(f"{engine_name}_engine")
    for output in outputs:
        query = to_sql_query(
            model, "scored_rows", dialect=engine.dialect, output=output, keep_columns=["row_id"], encoding=encoding
        )
        got = engine.score_query(frame, query)
        assert got == sklearn_scores(model, frame, output), f"{engine_name} {encoding} {output}"


def test_auto_picks_a_walk_for_big_trees_and_forests_only():
    small = fit_classifier(DecisionTreeClassifier(max_depth=4, random_state=0))
    X, y, _ = training_frame(n_rows=20_000)
    big = DecisionTreeClassifier(max_depth=20, random_state=0).fit(X, y)
    forest = RandomForestClassifier(20, max_depth=8, random_state=0).fit(X, y)
    assert "tree_arrays" not in to_sql_query(small, "t")
    assert "tree_arrays" in to_sql_query(big, "t")
    assert "tree_arrays" in to_sql_query(forest, "t")
    assert "tree_nodes" in to_sql_query(big, "t", dialect="postgres")
    assert "tree_nodes" not in to_sql_query(forest, "t", dialect="postgres")
    for dialect in ("spark", "sqlite"):  # no VALUES aliases nor list subscripts there: a nested CASE
        assert "CASE" in to_sql_query(big, "t", dialect=dialect)


@pytest.mark.parametrize(
    "encoding, model",
    [
        ("table", RandomForestClassifier(3, max_depth=3)),
        ("array", GradientBoostingClassifier(n_estimators=3, max_depth=3)),
    ],
)
def test_walks_refuse_models_they_do_not_cover(encoding, model):
    with pytest.raises(UnsupportedModelError, match=f"the {encoding} encoding covers .* not {type(model).__name__}"):
        to_sql_query(fit_classifier(model), "t", encoding=encoding)


def test_array_walk_refuses_dialects_without_lists():
    with pytest.raises(UnsupportedModelError, match="not DecisionTreeClassifier in postgres"):
        to_sql_query(fit_classifier(DecisionTreeClassifier(max_depth=3)), "t", dialect="postgres", encoding="array")


@pytest.mark.parametrize(
    "model_name, encoding", [("depth20", "table"), ("depth20", "array"), ("forest_with_nan", "array")]
)
def test_walks_route_infinite_inputs_as_the_nested_case(model_name, encoding, duckdb_engine):
    """scikit-learn refuses +-inf, so the reference is the nested CASE (float32(inf) > every cut):
    a walk must agree with it, never step out of a leaf on +inf (a leaf once compared x0 > max)."""
    model = MODELS[model_name][0]()
    frame = adversarial_frame(FEATURES, 20_000, seed=11, model=model)
    rng = np.random.default_rng(11)
    frame = frame.mask(rng.random(frame.shape) < 0.15, np.inf).mask(rng.random(frame.shape) < 0.05, -np.inf)
    queries = {e: to_sql_query(model, "scored_rows", keep_columns=["row_id"], encoding=e) for e in ("case", encoding)}
    assert duckdb_engine.score_query(frame, queries[encoding]) == duckdb_engine.score_query(frame, queries["case"])
