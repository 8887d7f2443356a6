"""SQL == scikit-learn on real engines, for every supported model, on 100k adversarial rows each (20k for SVCs)."""

import pytest
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (
    ExtraTreesClassifier,
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from .adversarial import adversarial_frame
from .cases import (
    FEATURES,
    Case,
    fit_calibrated,
    fit_classifier,
    fit_multiclass,
    fit_pipeline,
    fit_regressor,
    mixed_frame,
)
from .parity import compare

ROWS = 100_000
SVC_ROWS = 20_000
LINEAR = 1e-14  # BLAS sums products in an order SQL cannot reproduce: a few ulps
MARGIN_NOISE = 1e-13  # |margin| below which that order alone can flip the sign
ISOTONIC_ON_LINEAR = 1e-12
MLP = 1e-9
SVC_LINEAR = 1e-10  # a sum over support vectors: margins within this of 0 can flip, as for LINEAR


def _numeric_then_category(numeric_steps, encoder):
    return ColumnTransformer(
        [
            ("numeric", make_pipeline(*numeric_steps), ["x0", "x1", "x2", "x3"]),
            ("category", make_pipeline(SimpleImputer(strategy="constant", fill_value="none"), encoder), ["plan"]),
        ]
    )


def _mixed_rows(model, seed, unknown=("gold",)):
    return mixed_frame(ROWS, seed, unknown_plans=unknown)


CASES = [
    Case("decision_tree_depth8", lambda: fit_classifier(DecisionTreeClassifier(max_depth=8, random_state=0))),
    Case(
        "decision_tree_trained_with_nan",
        lambda: fit_classifier(DecisionTreeClassifier(max_depth=8, random_state=0), with_nan=True),
    ),
    # monotonic constraints clip node values (train/directions.py holds churn_tree to the declared directions)
    Case(
        "decision_tree_monotonic",
        lambda: fit_classifier(
            DecisionTreeClassifier(max_depth=8, random_state=0, monotonic_cst=[1, -1, 0, 1, -1, 0, 1, -1])
        ),
    ),
    Case("decision_tree_depth20", lambda: fit_classifier(DecisionTreeClassifier(max_depth=20, random_state=0))),
    Case(
        "decision_tree_regressor",
        lambda: fit_regressor(DecisionTreeRegressor(max_depth=10, random_state=0)),
        outputs=("value",),
    ),
    Case("random_forest", lambda: fit_classifier(RandomForestClassifier(20, max_depth=8, random_state=0))),
    Case(
        "random_forest_regressor",
        lambda: fit_regressor(RandomForestRegressor(10, max_depth=8, random_state=0)),
        outputs=("value",),
    ),
    Case(
        "extra_trees_with_nan",
        lambda: fit_classifier(ExtraTreesClassifier(10, max_depth=8, random_state=0), with_nan=True),
    ),
    Case(
        "random_forest_multiclass",
        lambda: fit_multiclass(RandomForestClassifier(10, max_depth=6, random_state=0)),
        outputs=("class",),
    ),
    Case(
        "gradient_boosting",
        lambda: fit_classifier(GradientBoostingClassifier(n_estimators=50, random_state=0)),
        outputs=("probability", "decision", "class"),
    ),
    # random_state=3: a fit that never reads x7, yet sklearn refuses rows with NaN there (SQL: NULL)
    Case(
        "gradient_boosting_regressor",
        lambda: fit_regressor(GradientBoostingRegressor(n_estimators=50, random_state=3)),
        outputs=("value",),
    ),
    Case(
        "hist_gradient_boosting_with_nan",
        lambda: fit_classifier(HistGradientBoostingClassifier(max_iter=30, random_state=0), with_nan=True),
        outputs=("probability", "decision", "class"),
    ),
    Case(
        "hist_gradient_boosting_regressor",
        lambda: fit_regressor(HistGradientBoostingRegressor(max_iter=30, random_state=0)),
        outputs=("value",),
    ),
    Case(
        "logistic_regression",
        lambda: fit_classifier(LogisticRegression()),
        tolerance=LINEAR,
        outputs=("probability", "decision", "class"),
        noise_band=MARGIN_NOISE,
    ),
    Case(
        "logistic_regression_multiclass",
        lambda: fit_multiclass(LogisticRegression()),
        tolerance=LINEAR,
        outputs=("class",),
    ),
    Case(
        "linear_svc",
        lambda: fit_classifier(LinearSVC()),
        tolerance=LINEAR,
        outputs=("decision", "class"),
        noise_band=MARGIN_NOISE,
    ),
    Case("linear_regression", lambda: fit_regressor(LinearRegression()), tolerance=LINEAR, outputs=("value",)),
    # Few training rows keep the support-vector count (and SQL size and scoring time) small; every row
    # costs a kernel term per support vector (~265 of them), so SVC_ROWS rows (each special value still
    # lands in hundreds of cells) keep PostgreSQL's run short.
    Case(
        "svc_linear",
        lambda: fit_classifier(SVC(kernel="linear"), n_rows=400),
        tolerance=SVC_LINEAR,
        outputs=("decision", "class"),
        noise_band=SVC_LINEAR,
        rows=SVC_ROWS,
    ),
    Case(
        "svc_rbf",
        lambda: fit_classifier(SVC(kernel="rbf"), n_rows=400),
        tolerance=1e-12,
        outputs=("decision", "class"),
        rows=SVC_ROWS,
    ),
    # calibrated churn models (customer_lifecycle.calibrated): isotonic is numpy.interp's arithmetic, exactly
    Case("tree_isotonic", lambda: fit_calibrated(DecisionTreeClassifier(max_depth=8, random_state=0), "isotonic")),
    Case("tree_sigmoid", lambda: fit_calibrated(DecisionTreeClassifier(max_depth=8, random_state=0), "sigmoid")),
    Case(
        "isotonic_on_exact_margin",
        lambda: fit_calibrated(LogisticRegression(), "isotonic", exact_margin=True),
        outputs=("probability",),
    ),
    # the margin's few ulps (LINEAR) times the map's steepest slope
    Case(
        "logistic_isotonic",
        lambda: fit_calibrated(LogisticRegression(), "isotonic"),
        tolerance=ISOTONIC_ON_LINEAR,
        outputs=("probability",),
    ),
    Case(
        "logistic_sigmoid",
        lambda: fit_calibrated(LogisticRegression(), "sigmoid"),
        tolerance=LINEAR,
        outputs=("probability",),
    ),
    Case("gaussian_nb", lambda: fit_classifier(GaussianNB()), tolerance=1e-12),
    Case(
        "mlp_relu",
        lambda: fit_classifier(MLPClassifier(hidden_layer_sizes=(8, 4), max_iter=300, random_state=0)),
        tolerance=MLP,
    ),
    Case(
        "mlp_logistic",
        lambda: fit_classifier(
            MLPClassifier(hidden_layer_sizes=(16,), activation="logistic", max_iter=300, random_state=0)
        ),
        tolerance=MLP,
    ),
    Case(
        "mlp_tanh",
        lambda: fit_classifier(
            MLPClassifier(hidden_layer_sizes=(16,), activation="tanh", max_iter=300, random_state=0)
        ),
        tolerance=MLP,
    ),
    Case(
        "mlp_regressor",
        lambda: fit_regressor(MLPRegressor(hidden_layer_sizes=(16,), max_iter=300, random_state=0)),
        tolerance=MLP,
        outputs=("value",),
    ),
    Case(
        "pipeline_scaler_logistic",
        lambda: fit_classifier(make_pipeline(StandardScaler(), LogisticRegression())),
        tolerance=LINEAR,
    ),
    Case(
        "pipeline_onehot_ignore_logistic",
        lambda: fit_pipeline(
            make_pipeline(
                _numeric_then_category([SimpleImputer(), StandardScaler()], OneHotEncoder(handle_unknown="ignore")),
                LogisticRegression(),
            )
        ),
        tolerance=LINEAR,
        frame=_mixed_rows,
    ),
    Case(
        "pipeline_onehot_error_tree",
        lambda: fit_pipeline(
            make_pipeline(
                _numeric_then_category([SimpleImputer(strategy="median")], OneHotEncoder(drop="first")),
                DecisionTreeClassifier(max_depth=8, random_state=0),
            )
        ),
        frame=lambda model, seed: mixed_frame(ROWS, seed),
    ),
    Case(
        "pipeline_minmax_mlp",
        lambda: fit_classifier(
            make_pipeline(MinMaxScaler(), MLPClassifier(hidden_layer_sizes=(8,), max_iter=300, random_state=0))
        ),
        tolerance=MLP,
    ),
]

MAX_DIFFS = {}


@pytest.fixture(scope="module", params=CASES, ids=lambda c: c.name)
def fitted(request):
    case = request.param
    model = case.fit()
    if case.frame is not None:
        frame = case.frame(model, len(case.name))
    else:
        frame = adversarial_frame(
            FEATURES, case.rows or ROWS, seed=len(case.name), model=model, huge=1e30 if case.tolerance == 0 else 1e150
        )
    return case, model, frame


@pytest.mark.parametrize("engine_name", ["duckdb", "sqlite", "postgres"])
def test_sql_equals_sklearn(fitted, engine_name, request):
    case, model, frame = fitted
    engine = request.getfixturevalue(f"{engine_name}_engine")
    if engine_name == "postgres" and case.tolerance:
        # PostgreSQL raises "value out of range: underflow" when a product of nonzero doubles rounds
        # to 0 (numpy returns 0): an error, never a wrong score, but it would abort the whole query.
        numeric = frame.select_dtypes("number")
        frame = frame.assign(**numeric.mask(numeric.abs() < 1e-200, 0.0))
    for output in case.outputs:
        diff = compare(model, frame, engine, output, case.noise_band)
        MAX_DIFFS[(case.name, engine_name, output)] = diff
        print(f"\n{case.name} {engine_name} {output}: max |SQL - sklearn| = {diff:.3g}")
        assert diff <= case.tolerance, f"{case.name} {output} on {engine_name}: {diff} > {case.tolerance}"
