"""``to_sql_query``: a whole SELECT that scores a table, free to walk a big tree as arrays or a node table."""

from sklearn.ensemble import ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sqlglot import exp

from .api import _feature_names, to_expression
from .assemblers.trees import LeafLookups
from .encodings.tree_arrays import tree_array_query
from .encodings.tree_table import tree_walk_query
from .errors import UnsupportedModelError
from .interpreter import deep_recursion

# Above this many nodes in all (a full tree of depth ~10) a walk beats a nested CASE in DuckDB.
WALK_MIN_NODES = 2048
_TREES = (DecisionTreeClassifier, DecisionTreeRegressor)
_FORESTS = (RandomForestClassifier, RandomForestRegressor, ExtraTreesClassifier, ExtraTreesRegressor)
# What each walk covers, and where it can be written: the node table needs VALUES with named columns
# (not in Spark's or SQLite's sqlglot), the arrays need list constants with subscripts (DuckDB).
WALKS = {"array": (_TREES + _FORESTS, ("duckdb",)), "table": (_TREES, ("duckdb", "postgres"))}


def choose_encoding(model, encoding: str, dialect: str) -> str:
    """``case``, ``table`` or ``array``: what ``encoding`` (``auto`` or one of those) means here."""
    if encoding not in ("auto", "case", *WALKS):
        raise ValueError(f"encoding must be 'auto', 'case' or one of {sorted(WALKS)}")
    if encoding in WALKS:
        models, dialects = WALKS[encoding]
        if type(model) not in models or dialect not in dialects:
            raise UnsupportedModelError(
                f"the {encoding} encoding covers {', '.join(m.__name__ for m in models)} in {dialects}, "
                f"not {type(model).__name__} in {dialect}"
            )
    if encoding != "auto":
        return encoding
    members = getattr(model, "estimators_", [model])
    if type(model) not in _TREES + _FORESTS or sum(m.tree_.node_count for m in members) < WALK_MIN_NODES:
        return "case"
    return next(
        (walk for walk, (models, dialects) in WALKS.items() if type(model) in models and dialect in dialects), "case"
    )


def to_sql_query(
    model,
    table: str,
    feature_names=None,
    *,
    dialect="duckdb",
    output="probability",
    keep_columns=None,
    score_name="score",
    encoding="auto",
) -> str:
    """``SELECT <keep_columns>, <score> AS score_name FROM table`` scoring every row of ``table``.

    ``keep_columns`` (default: the feature columns) carry keys through. ``encoding`` is ``"case"``
    (the scalar ``to_sql`` expression); ``"array"`` (decision trees and random / extra-trees forests in
    DuckDB: walk list constants, a few subscripts per tree level); ``"table"`` (single decision trees
    in DuckDB and PostgreSQL: walk a node table, one join per level); or ``"auto"``: for trees and
    forests of at least ``WALK_MIN_NODES`` nodes the walk the dialect has (several times faster than a
    nested CASE in vectorised engines), else the nested CASE.
    """
    features = _feature_names(model, feature_names)
    keep = list(keep_columns) if keep_columns is not None else features
    with deep_recursion():
        chosen = choose_encoding(model, encoding, dialect)
        if chosen == "array":
            query = tree_array_query(model, output, table, features, keep, dialect, score_name)
        elif chosen == "table":
            leaves = LeafLookups(model)
            leaves.assemble(output)  # a single tree: the score is its leaf's value, lookups[0]
            [(tree, leaf_values)] = leaves.lookups
            query = tree_walk_query(
                tree,
                leaf_values,
                table,
                features,
                keep,
                dialect,
                null_if_any_null=not leaves.routes_missing,
                score_name=score_name,
            )
        else:
            score = to_expression(model, features, dialect=dialect, output=output)
            query = exp.select(*[exp.column(c, quoted=True) for c in keep], score.as_(score_name, quoted=True)).from_(
                exp.to_table(table)
            )
        return query.sql(dialect=dialect)
