"""Tree-as-arrays encoding (DuckDB): every member tree's nodes go into list constants, and each walk
step is arithmetic on list subscripts, so a row costs a few lookups per tree level and no join.

A walk column per member tree starts at that tree's root; a leaf points to itself, so after as many
steps as the deepest tree every column holds its row's leaf. The ensemble's own AST (sum left to right,
division by the member count, argmax...) is then rendered over one leaf lookup per member, so the
arithmetic is the nested-CASE encoding's, operation for operation.

The lists are written as one string each and cast (DuckDB parses a 40k-element list literal of
expressions ~4x slower), built once in a materialized CTE and cross-joined, then carried through the
steps (carrying a column costs nothing: the engine shares the list).
"""
from sqlglot import exp

from ..assemblers.trees import LeafLookups
from ..interpreter import SqlInterpreter
from .tree_table import breadth_first_table, leaf_value_literal, null_when_any_null

_ARRAYS, _LEAVES = "tree_arrays", "tree_leaves"
# Internal column names, prefixed so they cannot collide with a user's feature or key columns.
_XS, _LEFT, _FEATURE, _CUT, _MISSING = "tree_xs", "tree_left_id", "tree_feature", "tree_cut", "tree_missing_id"


def _number_list(values, element: str) -> exp.Expression:
    as_text = repr if element == "double" else str  # repr: the shortest text that reads back exactly
    number = float if element == "double" else int
    return exp.cast(exp.Literal.string("[" + ", ".join(as_text(number(v)) for v in values) + "]"),
                    exp.DataType.build(f"{element}[]", dialect="duckdb"))


def _leaf_list(values, dialect: str) -> exp.Expression:
    if all(isinstance(v, float) for v in values):
        return _number_list(values, "double")
    return exp.Array(expressions=[leaf_value_literal(v, dialect) for v in values])  # class labels


def _at(name: str, index: exp.Expression) -> exp.Expression:
    return exp.Bracket(this=exp.column(name), expressions=[index], offset=1)


def tree_array_query(model, output: str, table: str, features: list[str], keep: list[str], dialect: str,
                     score_name: str) -> exp.Select:
    assembler = LeafLookups(model)
    root = assembler.assemble(output)
    members = [member.tree_ for member in assembler.members]
    first_id, rows = {}, []
    for tree in members:  # one id space: member m's nodes follow member m-1's
        first_id[id(tree)] = len(rows)
        rows += [(left + first_id[id(tree)], feature + 1, cut, missing + first_id[id(tree)])
                 for _, left, feature, cut, missing, _ in breadth_first_table(tree, [None] * tree.node_count)]
    arrays = exp.select(*[_number_list([row[i] for row in rows], kind).as_(name) for i, (name, kind) in
                          enumerate([(_LEFT, "int"), (_FEATURE, "int"), (_CUT, "double"), (_MISSING, "int")])])
    leaves = exp.select(*[
        _leaf_list([row[5] for row in breadth_first_table(tree, values)], dialect).as_(f"tree_leaf_{i}")
        for i, (tree, values) in enumerate(assembler.lookups)])

    carried = [exp.column(c, quoted=True) for c in dict.fromkeys(keep + features)]
    walked = [f"tree_at_{m}" for m in range(len(members))]
    arrays_carried = [exp.column(a) for a in (_LEFT, _FEATURE, _CUT, _MISSING)]
    with_ = {_ARRAYS: arrays, _LEAVES: leaves}
    step = exp.select(*carried, exp.Array(expressions=[exp.column(f, quoted=True) for f in features]).as_(_XS),
                      *[exp.Literal.number(first_id[id(tree)] + 1).as_(w) for tree, w in zip(members, walked)],
                      *arrays_carried).from_(exp.to_table(table)).join(exp.to_table(_ARRAYS), join_type="cross")
    for depth in range(max(tree.max_depth for tree in members)):
        with_[f"walk_{depth}"] = step
        next_nodes = []
        for w in walked:
            here = exp.column(w)
            # left + (x > cut): NULL x makes it NULL and COALESCE takes the side sklearn sends NaN to.
            goes_right = exp.cast(exp.GT(this=_at(_XS, _at(_FEATURE, here)), expression=_at(_CUT, here)), "int")
            next_nodes.append(exp.Coalesce(this=exp.Add(this=_at(_LEFT, here), expression=goes_right),
                                           expressions=[_at(_MISSING, here)]).as_(w))
        step = exp.select(*carried, exp.column(_XS), *next_nodes, *arrays_carried).from_(f"walk_{depth}")

    tree_walk = {id(tree): w for tree, w in zip(members, walked)}
    lookups = [_at(f"tree_leaf_{i}", exp.Sub(this=exp.column(tree_walk[id(tree)]),
                                             expression=exp.Literal.number(first_id[id(tree)])))
               for i, (tree, _) in enumerate(assembler.lookups)]
    score = SqlInterpreter(lookups, dialect).render(root)
    if not assembler.routes_missing:
        score = null_when_any_null(score, [exp.column(f, quoted=True) for f in features])
    final = (exp.select(*[exp.column(c, quoted=True) for c in keep], score.as_(score_name, quoted=True))
             .from_(step.subquery("walk_end")).join(exp.to_table(_LEAVES), join_type="cross"))
    for name, query in with_.items():
        final = final.with_(name, as_=query)
    for constants in final.args["with_"].expressions[:2]:
        constants.set("materialized", True)  # built once
    return final
