"""``to_sql``: fitted scikit-learn estimator + feature names -> one scalar SQL expression."""

from m2cgen import ast
from sqlglot import exp

from .assemblers import assembler_for
from .encodings.tree_table import null_when_any_null
from .errors import UnsupportedModelError
from .interpreter import SqlInterpreter, deep_recursion
from .layout import to_text
from .nodes import Relu


def _feature_names(model, feature_names) -> list[str]:
    names = feature_names if feature_names is not None else getattr(model, "feature_names_in_", None)
    if names is None:
        raise UnsupportedModelError(f"{type(model).__name__} was fitted without column names; pass feature_names")
    names = [str(n) for n in names]
    if len(set(names)) != len(names):
        raise ValueError(f"feature names must be distinct: {names}")
    return names


def _nodes(root):
    """Every node of an AST, iteratively (trees can be deeper than Python's recursion limit)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        for name in ("expr", "left", "right", "test", "body", "orelse", "base_expr", "exp_expr", "column"):
            child = getattr(node, name, None)
            if isinstance(child, ast.Expr):
                stack.append(child)
        stack.extend(getattr(node, "exprs", None) or getattr(node, "tests", None) or [])


def _null_if_any_null(body: exp.Expression, root, interpreter: SqlInterpreter) -> exp.Expression:
    """NULL when any input is NULL, as scikit-learn refuses a row with NaN in any feature, even one
    the fitted model never reads (a CASE would otherwise pick a side)."""
    nodes = list(_nodes(root))
    used = {n.index for n in nodes if isinstance(n, ast.FeatureRef)}
    if len(used) == len(interpreter.inputs) and not any(isinstance(n, (ast.IfExpr, Relu)) for n in nodes):
        return body  # arithmetic over every input already propagates NULL
    return null_when_any_null(body, [value.copy() for value in interpreter.inputs])


def to_expression(model, feature_names=None, *, dialect="duckdb", output="probability") -> exp.Expression:
    """The sqlglot expression behind ``to_sql``."""
    assembler = assembler_for(model)
    names = _feature_names(model, feature_names)
    with deep_recursion():
        if len(names) != assembler.n_features:
            raise ValueError(f"{type(model).__name__} expects {assembler.n_features} features, got {len(names)} names")
        columns = [exp.column(name, quoted=True) for name in names]
        raw = SqlInterpreter(columns, dialect)
        inputs = [raw.render(node) for node in assembler.inputs()]
        interpreter = SqlInterpreter(inputs, dialect)
        root = assembler.assemble(output)
        body = interpreter.render(root)
        return body if assembler.routes_missing else _null_if_any_null(body, root, interpreter)


def to_sql(model, feature_names=None, *, dialect="duckdb", output="probability", pretty=False) -> str:
    """One scalar SQL expression equal to the fitted ``model``'s output, over quoted columns.

    ``feature_names`` defaults to ``model.feature_names_in_``. ``output`` is ``"probability"``
    (positive class of a binary classifier), ``"class"`` (predicted label), ``"decision"`` (raw
    margin of a binary classifier) or ``"value"`` (regressors). Raises ``UnsupportedModelError``
    for estimators, pipeline steps or outputs that cannot be compiled exactly. ``pretty`` puts each CASE
    branch and term on its own line (a retrain's ``git diff`` then shows which split or coefficient moved).
    """
    expression = to_expression(model, feature_names, dialect=dialect, output=output)
    with deep_recursion():
        return to_text(expression, dialect) if pretty else expression.sql(dialect=dialect)
