"""``to_sql_query``: a whole SELECT that scores a table, free to use the tree-as-table encoding."""
import numpy as np
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sqlglot import exp

from .api import _feature_names, to_expression
from .assemblers.trees import class_probabilities
from .encodings.tree_table import tree_walk_query
from .errors import UnsupportedModelError
from .interpreter import deep_recursion

# Above this many nodes (a full tree of depth ~10) the join walk beats a nested CASE in DuckDB.
TABLE_ENCODING_MIN_NODES = 2048
# The node table is a VALUES list with named columns, which sqlglot cannot write for Spark or SQLite.
TABLE_ENCODING_DIALECTS = ("duckdb", "postgres")


def _leaf_values(model, output: str):
    tree = model.tree_
    if isinstance(model, DecisionTreeRegressor) and output == "value":
        return tree.value[:, 0, 0]
    if isinstance(model, DecisionTreeClassifier) and output in ("probability", "class"):
        proba = class_probabilities(tree, len(model.classes_))
        if output == "class":
            return [v.item() if hasattr(v, "item") else v for v in model.classes_.take(np.argmax(proba, axis=1))]
        if len(model.classes_) != 2:
            raise UnsupportedModelError("probability is defined for binary classifiers (use output='class')")
        return proba[:, 1]
    raise UnsupportedModelError(f"{type(model).__name__} has no output={output!r}")


def uses_tree_table(model, encoding: str, dialect: str) -> bool:
    if encoding not in ("auto", "case", "table"):
        raise ValueError("encoding must be 'auto', 'case' or 'table'")
    possible = type(model) in (DecisionTreeClassifier, DecisionTreeRegressor) and dialect in TABLE_ENCODING_DIALECTS
    if encoding == "table" and not possible:
        raise UnsupportedModelError(f"the table encoding covers single decision trees in {TABLE_ENCODING_DIALECTS}, "
                                    f"not {type(model).__name__} in {dialect}")
    return possible and (encoding == "table" or
                         (encoding == "auto" and model.tree_.node_count >= TABLE_ENCODING_MIN_NODES))


def to_sql_query(model, table: str, feature_names=None, *, dialect="duckdb", output="probability",
                 keep_columns=None, score_name="score", encoding="auto") -> str:
    """``SELECT <keep_columns>, <score> AS score_name FROM table`` scoring every row of ``table``.

    ``keep_columns`` (default: the feature columns) carry keys through. ``encoding`` is ``"case"``
    (the scalar ``to_sql`` expression), ``"table"`` (single decision trees: walk a node table, one
    join per level) or ``"auto"``: the table walk for trees of at least ``TABLE_ENCODING_MIN_NODES``
    nodes, where it is several times faster in vectorised engines.
    """
    features = _feature_names(model, feature_names)
    keep = list(keep_columns) if keep_columns is not None else features
    with deep_recursion():
        if uses_tree_table(model, encoding, dialect):
            routes_missing = bool(model.__sklearn_tags__().input_tags.allow_nan)
            query = tree_walk_query(model.tree_, _leaf_values(model, output), table, features, keep, dialect,
                                    null_if_any_null=not routes_missing, score_name=score_name)
        else:
            score = to_expression(model, features, dialect=dialect, output=output)
            query = exp.select(*[exp.column(c, quoted=True) for c in keep],
                               score.as_(score_name, quoted=True)).from_(exp.to_table(table))
        return query.sql(dialect=dialect)
