"""Tree-as-table encoding: the tree's nodes become a VALUES table and the query walks it with one
join per level, so the engine does work proportional to the path length (depth) per row.

Vectorised engines (DuckDB, Spark) evaluate a nested CASE node by node over shrinking selections,
which for a depth-20 tree (~10k nodes) costs ~7x more than this walk.

Nodes are renumbered breadth-first so the children of node ``i`` are ``left[i]`` and
``left[i] + 1``; a leaf points to itself, so walking ``max_depth`` steps from any row ends on its leaf.
A leaf reads no feature (``LEAF_FEATURE``): the walks give it the constant 0.0, never above its cut 0.0,
so no input value, +inf included, can step out of it (a NULL there would cost every finished row the
slower NULL path of each later step).
"""

import numpy as np
from sqlglot import exp

from .. import literals
from ..thresholds import float32_cut

_NODES = "tree_nodes"
LEAF_FEATURE = -1  # what a leaf "reads": the walks substitute 0.0, which stays at or below its cut 0.0
_COLUMNS = ["node_id", "left_id", "feature", "cut", "missing_id", "leaf_value"]


def breadth_first_table(tree, leaf_values) -> list[tuple]:
    """Rows (node_id, left_id, feature, cut, missing_id, leaf_value) of a fitted sklearn tree."""
    left, right = tree.children_left, tree.children_right
    new_id, order = {0: 1}, [0]
    for node in order:  # order grows while we iterate: a breadth-first walk
        if left[node] != -1:
            new_id[left[node]], new_id[right[node]] = len(order) + 1, len(order) + 2
            order += [left[node], right[node]]
    rows = []
    for node in order:
        me = new_id[node]
        if left[node] == -1:  # a leaf: no feature, so every step keeps the row here
            rows.append((me, me, LEAF_FEATURE, 0.0, me, leaf_values[node]))
        else:
            missing = new_id[left[node]] if tree.missing_go_to_left[node] else new_id[right[node]]
            rows.append(
                (
                    me,
                    new_id[left[node]],
                    int(tree.feature[node]),
                    float32_cut(tree.threshold[node]),
                    missing,
                    leaf_values[node],
                )
            )
    return rows


def leaf_value_literal(v, dialect):
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        return exp.Literal.number(str(int(v)))
    return literals.label(v.item() if hasattr(v, "item") else v, dialect)


def null_when_any_null(score: exp.Expression, inputs: list[exp.Expression]) -> exp.Expression:
    """sklearn refuses a row with NaN in any feature when the tree was not trained to route it."""
    return exp.Case(
        ifs=[exp.If(this=exp.or_(*[exp.Is(this=i, expression=exp.Null()) for i in inputs]), true=exp.Null())],
        default=score,
    )


def tree_walk_query(
    tree,
    leaf_values,
    table: str,
    features: list[str],
    keep: list[str],
    dialect: str,
    null_if_any_null: bool,
    score_name: str,
) -> exp.Select:
    rows = breadth_first_table(tree, leaf_values)
    nodes = exp.values(
        [exp.tuple_(*[leaf_value_literal(v, dialect) for v in row]) for row in rows],
        alias="node_rows",
        columns=_COLUMNS,
    )
    node = exp.column
    with_ = {_NODES: exp.select(*_COLUMNS).from_(nodes)}
    step = exp.select(
        *[exp.column(c, quoted=True) for c in dict.fromkeys(keep + features)], exp.Literal.number(1).as_("at_node")
    ).from_(exp.to_table(table))
    feature_value = exp.Case(
        this=node("feature", "n"),
        ifs=[exp.If(this=exp.Literal.number(i), true=exp.column(f, "s", quoted=True)) for i, f in enumerate(features)],
        default=literals.double(0.0, dialect),
    )  # LEAF_FEATURE
    for depth in range(tree.max_depth):
        with_[f"walk_{depth}"] = step
        # left + (x > cut): one evaluation of x; NULL x makes it NULL and COALESCE takes the missing side.
        goes_right = exp.cast(exp.GT(this=feature_value.copy(), expression=node("cut", "n")), "int")
        next_node = exp.Coalesce(
            this=exp.Add(this=node("left_id", "n"), expression=goes_right), expressions=[node("missing_id", "n")]
        )
        step = (
            exp.select(
                *[exp.column(c, "s", quoted=True) for c in dict.fromkeys(keep + features)], next_node.as_("at_node")
            )
            .from_(exp.to_table(f"walk_{depth}").as_("s"))
            .join(exp.to_table(_NODES).as_("n"), on=exp.EQ(this=node("at_node", "s"), expression=node("node_id", "n")))
        )
    with_["walk_end"] = step
    score = node("leaf_value", "n")
    if null_if_any_null:
        score = null_when_any_null(score, [exp.column(f, "s", quoted=True) for f in features])
    final = (
        exp.select(*[exp.column(c, "s", quoted=True) for c in keep], score.as_(score_name, quoted=True))
        .from_(exp.to_table("walk_end").as_("s"))
        .join(exp.to_table(_NODES).as_("n"), on=exp.EQ(this=node("at_node", "s"), expression=node("node_id", "n")))
    )
    for name, query in with_.items():
        final = final.with_(name, as_=query)
    # Built once: inlined, DuckDB would rebuild the VALUES table at each of the depth + 1 joins (40x slower).
    final.args["with_"].expressions[0].set("materialized", True)
    return final
