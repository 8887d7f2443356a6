"""SQL == scikit-learn on real engines, for every supported model, on 100k adversarial rows each."""
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from .adversarial import adversarial_frame
from .cases import FEATURES, Case, fit_classifier, fit_regressor
from .parity import compare

ROWS = 100_000

CASES = [
    Case("decision_tree_depth8", lambda: fit_classifier(DecisionTreeClassifier(max_depth=8, random_state=0))),
    Case("decision_tree_trained_with_nan",
         lambda: fit_classifier(DecisionTreeClassifier(max_depth=8, random_state=0), with_nan=True)),
    Case("decision_tree_regressor", lambda: fit_regressor(DecisionTreeRegressor(max_depth=10, random_state=0)),
         outputs=("value",)),
    Case("logistic_regression", lambda: fit_classifier(LogisticRegression()), tolerance=1e-15,
         outputs=("probability", "decision", "class")),
    Case("linear_regression", lambda: fit_regressor(LinearRegression()), tolerance=1e-12, outputs=("value",)),
]

MAX_DIFFS = {}


@pytest.fixture(scope="module", params=CASES, ids=lambda c: c.name)
def fitted(request):
    case = request.param
    model = case.fit()
    frame = adversarial_frame(FEATURES, ROWS, seed=len(case.name), model=model)
    return case, model, frame


@pytest.mark.parametrize("engine_name", ["duckdb", "sqlite", "postgres"])
def test_sql_equals_sklearn(fitted, engine_name, request):
    case, model, frame = fitted
    engine = request.getfixturevalue(f"{engine_name}_engine")
    for output in case.outputs:
        diff = compare(model, frame, engine, output)
        MAX_DIFFS[(case.name, engine_name, output)] = diff
        print(f"\n{case.name} {engine_name} {output}: max |SQL - sklearn| = {diff:.3g}")
        assert diff <= case.tolerance, f"{case.name} {output} on {engine_name}: {diff} > {case.tolerance}"
