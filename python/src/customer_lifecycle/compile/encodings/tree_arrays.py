"""Tree-as-arrays encoding (DuckDB): every member tree's nodes go into list constants, and each walk
step is arithmetic on list subscripts, so a row costs a few lookups per tree level and no join.

A walk column per member tree starts at that tree's root; a leaf points to itself, so after as many
steps as the deepest tree every column holds its row's leaf. The ensemble's own AST (sum left to right,
division by the member count, argmax...) is then rendered over one leaf lookup per member, so the
arithmetic is the nested-CASE encoding's, operation for operation.

Each node is one packed integer, ``left id | missing goes right | feature``, next to its cut: a step
is two list subscripts into constants, one into the row's features and a few integer operations
(a subscript costs several times an arithmetic operation: with four lists the depth-20 benchmark
tree took ~20% longer).

The lists are written as one string each and cast (DuckDB parses a 40k-element list literal of
expressions ~4x slower), built once in a materialized CTE and cross-joined, then carried through the
steps (the engine shares the list).
"""

from sqlglot import exp

from .. import literals
from ..assemblers.trees import LeafLookups
from ..interpreter import SqlInterpreter
from .tree_table import LEAF_FEATURE, breadth_first_table, leaf_value_literal, null_when_any_null

_ARRAYS, _LEAVES = "tree_arrays", "tree_leaves"
# Internal column names, prefixed so they cannot collide with a user's feature or key columns.
_XS, _NODE, _CUT = "tree_xs", "tree_node", "tree_cut"


def _number_list(values, element: str) -> exp.Expression:
    as_text = repr if element == "double" else str  # repr: the shortest text that reads back exactly
    number = float if element == "double" else int
    return exp.cast(
        exp.Literal.string("[" + ", ".join(as_text(number(v)) for v in values) + "]"),
        exp.DataType.build(f"{element}[]", dialect="duckdb"),
    )


def _leaf_list(values, dialect: str) -> exp.Expression:
    if all(isinstance(v, float) for v in values):
        return _number_list(values, "double")
    return exp.Array(expressions=[leaf_value_literal(v, dialect) for v in values])  # class labels


def _at(name: str, index: exp.Expression) -> exp.Expression:
    return exp.Bracket(this=exp.column(name), expressions=[index], offset=1)


def _int(value: int) -> exp.Expression:
    return exp.Literal.number(value)


class _PackedNodes:
    """Node ``i`` as ``left << (bits + 1) | missing_goes_right << bits | feature``, features 1-based;
    a leaf reads the extra last element of the row's list, the constant 0.0."""

    def __init__(self, n_features: int):
        self.n_features = n_features
        self.bits = (n_features + 1).bit_length()

    def pack(self, left: int, feature: int, missing: int) -> int:
        position = self.n_features if feature == LEAF_FEATURE else feature
        return (left << (self.bits + 1)) | (int(missing != left) << self.bits) | (position + 1)

    def feature(self, node: exp.Expression) -> exp.Expression:
        return exp.BitwiseAnd(this=node, expression=_int((1 << self.bits) - 1))

    def missing_goes_right(self, node: exp.Expression) -> exp.Expression:
        return exp.BitwiseAnd(
            this=exp.paren(exp.BitwiseRightShift(this=node, expression=_int(self.bits))), expression=_int(1)
        )

    def left(self, node: exp.Expression) -> exp.Expression:
        return exp.BitwiseRightShift(this=node, expression=_int(self.bits + 1))


def tree_array_query(
    model, output: str, table: str, features: list[str], keep: list[str], dialect: str, score_name: str
) -> exp.Select:
    assembler = LeafLookups(model)
    root = assembler.assemble(output)
    members = [member.tree_ for member in assembler.members]
    packed = _PackedNodes(len(features))
    first_id, nodes, cuts = {}, [], []
    for tree in members:  # one id space: member m's nodes follow member m-1's
        first = first_id[id(tree)] = len(nodes)
        for _, left, feature, cut, missing, _ in breadth_first_table(tree, [None] * tree.node_count):
            nodes.append(packed.pack(left + first, feature, missing + first))
            cuts.append(cut)
    arrays = exp.select(_number_list(nodes, "bigint").as_(_NODE), _number_list(cuts, "double").as_(_CUT))
    leaves = exp.select(
        *[
            _leaf_list([row[5] for row in breadth_first_table(tree, values)], dialect).as_(f"tree_leaf_{i}")
            for i, (tree, values) in enumerate(assembler.lookups)
        ]
    )

    # Only what the end needs rides along the steps (each carried column costs a little per step): the
    # kept columns, and the features too when the model refuses NaN (the score is NULL if any is NULL).
    kept = [exp.column(c, quoted=True) for c in dict.fromkeys(keep)]
    needed = keep if assembler.routes_missing else keep + features
    carried = [exp.column(c, quoted=True) for c in dict.fromkeys(needed)]
    walked = [f"tree_at_{m}" for m in range(len(members))]
    arrays_carried = [exp.column(_NODE), exp.column(_CUT)]
    with_ = {_ARRAYS: arrays, _LEAVES: leaves}
    step = (
        exp.select(
            *carried,
            exp.Array(expressions=[exp.column(f, quoted=True) for f in features] + [literals.double(0.0, dialect)]).as_(
                _XS
            ),
            *[_int(first_id[id(tree)] + 1).as_(w) for tree, w in zip(members, walked)],
            *arrays_carried,
        )
        .from_(exp.to_table(table))
        .join(exp.to_table(_ARRAYS), join_type="cross")
    )
    for depth in range(max(tree.max_depth for tree in members)):
        with_[f"walk_{depth}"] = step
        next_nodes = []
        for w in walked:
            node = _at(_NODE, exp.column(w))
            # left + (x > cut); a NULL x makes that NULL and COALESCE takes the side sklearn sends NaN to.
            x = _at(_XS, packed.feature(node.copy()))
            goes_right = exp.Coalesce(
                this=exp.cast(exp.GT(this=x, expression=_at(_CUT, exp.column(w))), "bigint"),
                expressions=[packed.missing_goes_right(node.copy())],
            )
            next_nodes.append(exp.Add(this=packed.left(node), expression=goes_right).as_(w))
        step = exp.select(*carried, exp.column(_XS), *next_nodes, *arrays_carried).from_(f"walk_{depth}")

    tree_walk = {id(tree): w for tree, w in zip(members, walked)}
    lookups = [
        _at(f"tree_leaf_{i}", exp.Sub(this=exp.column(tree_walk[id(tree)]), expression=_int(first_id[id(tree)])))
        for i, (tree, _) in enumerate(assembler.lookups)
    ]
    score = SqlInterpreter(lookups, dialect).render(root)
    if not assembler.routes_missing:
        score = null_when_any_null(score, [exp.column(f, quoted=True) for f in features])
    final = (
        exp.select(*kept, score.as_(score_name, quoted=True))
        .from_(step.subquery("walk_end"))
        .join(exp.to_table(_LEAVES), join_type="cross")
    )
    for name, query in with_.items():
        final = final.with_(name, as_=query)
    for constants in final.args["with_"].expressions[:2]:
        constants.set("materialized", True)  # built once
    return final
