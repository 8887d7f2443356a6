"""Reason columns in SQL: each feature's push on the logistic model's log-odds, and the tree's path as text.

Both are rendered with the compiler's literals and threshold rewrite, so a path's text describes exactly the
leaf whose probability the compiled tree returns.
"""

from __future__ import annotations

from sqlglot import exp

from customer_lifecycle.calibrated import uncalibrated
from customer_lifecycle.compile.layout import to_text
from customer_lifecycle.compile.literals import double
from customer_lifecycle.compile.thresholds import float32_cut


def contribution_sql(coefficient: float, feature: str, mean: float, dialect: str) -> str:
    """coef * (x - training mean): > 0 when this feature raises the customer's churn log-odds above average."""
    centred = exp.Paren(this=exp.Sub(this=exp.column(feature, quoted=True), expression=double(mean, dialect)))
    return exp.Mul(this=double(coefficient, dialect), expression=centred).sql(dialect=dialect)


def _readable(value: float) -> str:
    return f"{value:.6g}"


def tree_path_sql(tree, feature_names: list[str], dialect: str, describe_leaf) -> str:
    """A CASE returning, for each row, the conditions leading to its leaf and `describe_leaf(node)`."""
    t = tree.tree_

    def render(node: int, conditions: list[str]) -> exp.Expression:
        if t.children_left[node] == -1:
            return exp.Literal.string(" AND ".join(conditions or ["(root)"]) + " -> " + describe_leaf(node))
        name, threshold = feature_names[t.feature[node]], t.threshold[node]
        test = exp.LTE(this=exp.column(name, quoted=True), expression=double(float32_cut(threshold), dialect))
        return exp.Case(
            ifs=[
                exp.If(
                    this=test, true=render(t.children_left[node], [*conditions, f"{name} <= {_readable(threshold)}"])
                )
            ],
            default=render(t.children_right[node], [*conditions, f"{name} > {_readable(threshold)}"]),
        )

    return to_text(render(0, []), dialect)


def churn_leaf_text(model):
    """'churn 62% (n=340)': the churn probability the deployed model gives the leaf (the training churn rate, read
    through the calibration map if the tree has one) and the leaf's training rows."""
    tree = uncalibrated(model)
    values = tree.tree_.value[:, 0, :]
    churn = (values / values.sum(axis=1, keepdims=True))[:, list(tree.classes_).index(1)]
    if tree is not model:
        churn = model.calibrate(churn)
    return lambda node: f"churn {churn[node]:.0%} (n={int(tree.tree_.n_node_samples[node])})"
