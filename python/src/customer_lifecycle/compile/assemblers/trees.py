"""Decision trees and forests (DecisionTree*, RandomForest*, ExtraTrees*) as nested IfExprs.

Thresholds are rewritten with ``float32_cut`` so ``x <= cut`` on doubles is exactly sklearn's
``float32(x) <= threshold``; where sklearn sends NaN left the test is flipped to ``x > cut`` so a
NULL (which fails every comparison) falls to the same side through the CASE's ELSE.
"""

import numpy as np
from m2cgen import ast

from ..errors import UnsupportedModelError
from ..nodes import Label
from ..thresholds import float32_cut
from .base import Assembler, argmax_label, binary_classes, sum_left_to_right


def tree_ast(is_leaf, left, right, feature, cut, missing_left, leaf):
    """Builds the tree bottom-up with an explicit stack, so any depth works."""
    built, stack = {}, [0]
    while stack:
        node = stack[-1]
        if is_leaf[node]:
            built[node] = leaf(node)
            stack.pop()
            continue
        pending = [child for child in (right[node], left[node]) if child not in built]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        lo, hi = built.pop(left[node]), built.pop(right[node])
        x, c = ast.FeatureRef(int(feature[node])), ast.NumVal(cut[node])
        if missing_left[node]:
            built[node] = ast.IfExpr(ast.CompExpr(x, c, ast.CompOpType.GT), hi, lo)
        else:
            built[node] = ast.IfExpr(ast.CompExpr(x, c, ast.CompOpType.LTE), lo, hi)
    return built[0]


def sklearn_tree_ast(tree, leaf):
    """AST of a fitted ``sklearn.tree._tree.Tree``; ``leaf(node_id)`` gives each leaf's AST."""
    is_leaf = tree.children_left == -1
    cuts = [float32_cut(t) if not split_free else 0.0 for t, split_free in zip(tree.threshold, is_leaf)]
    return tree_ast(is_leaf, tree.children_left, tree.children_right, tree.feature, cuts, tree.missing_go_to_left, leaf)


def class_probabilities(tree, n_classes: int) -> np.ndarray:
    """Per-node class probabilities computed exactly as DecisionTreeClassifier.predict_proba does."""
    proba = tree.value[:, 0, :n_classes].copy()
    normalizer = proba.sum(axis=1)[:, np.newaxis]
    normalizer[normalizer == 0.0] = 1.0
    proba /= normalizer
    return proba


class TreeEnsembleAssembler(Assembler):
    """A single tree is the one-member case: its output is not divided by the member count."""

    def __init__(self, model):
        super().__init__(model)
        if getattr(model, "n_outputs_", 1) != 1:
            raise UnsupportedModelError(f"{type(model).__name__} with several outputs is not supported")
        self.members = list(getattr(model, "estimators_", [model]))
        self.routes_missing = bool(model.__sklearn_tags__().input_tags.allow_nan)

    def member_ast(self, tree, leaf):
        """One member tree's AST (a hook: the array walk replaces each tree by a leaf lookup)."""
        return sklearn_tree_ast(tree, leaf)

    def _average(self, node_values):
        """sklearn adds member outputs left to right and divides the total by the member count.

        ``node_values(member)`` is the array of per-node outputs of one member tree.
        """
        member_asts = []
        for member in self.members:
            values = node_values(member)
            member_asts.append(self.member_ast(member.tree_, lambda node, values=values: ast.NumVal(values[node])))
        total = sum_left_to_right(member_asts)
        if len(self.members) == 1:
            return total
        return ast.BinNumExpr(total, ast.NumVal(float(len(self.members))), ast.BinNumOpType.DIV)

    def _class_score(self, k: int):
        n_classes = len(self.model.classes_)
        return self._average(lambda member: class_probabilities(member.tree_, n_classes)[:, k])

    def probability(self):
        binary_classes(self.model)
        return self._class_score(1)

    def label(self):
        classes = self.model.classes_
        if len(self.members) == 1:
            winners = classes.take(np.argmax(class_probabilities(self.model.tree_, len(classes)), axis=1))
            return self.member_ast(self.model.tree_, lambda node: Label(winners[node]))
        return argmax_label([self._class_score(k) for k in range(len(classes))], list(classes))

    def value(self):
        if hasattr(self.model, "classes_"):
            self._unsupported("value")
        return self._average(lambda member: member.tree_.value[:, 0, 0])


class LeafLookups(TreeEnsembleAssembler):
    """The ensemble's AST with each member tree replaced by an input (``FeatureRef(i)``): the value of
    its leaf, for encodings that find the leaf themselves. ``lookups[i]`` is (tree, per-node leaf value)."""

    def __init__(self, model):
        super().__init__(model)
        self.lookups = []

    def member_ast(self, tree, leaf):
        self.lookups.append((tree, [leaf(node).value for node in range(tree.node_count)]))
        return ast.FeatureRef(len(self.lookups) - 1)
