"""Gradient boosting: a constant baseline plus every stage's tree output, added left to right.

GradientBoosting* trees compare float32 (threshold rewrite applies); HistGradientBoosting*
trees compare the double itself and always route NaN as they learned to.
"""

import warnings

import numpy as np
from m2cgen import ast
from sklearn._loss.link import IdentityLink

from ..errors import UnsupportedModelError
from .base import Assembler, binary_classes, sum_left_to_right, threshold_label
from .trees import sklearn_tree_ast, tree_ast


class _BoostingAssembler(Assembler):
    label_at_zero_is_positive = False

    def _raw(self):
        raise NotImplementedError

    def decision(self):
        binary_classes(self.model)
        return self._raw()

    def probability(self):
        return ast.SigmoidExpr(self.decision())

    def label(self):
        return threshold_label(self.decision(), 0.0, list(self.model.classes_), self.label_at_zero_is_positive)

    def value(self):
        if hasattr(self.model, "classes_"):
            self._unsupported("value")
        return self._raw()


class GradientBoostingAssembler(_BoostingAssembler):
    label_at_zero_is_positive = True  # GradientBoostingClassifier.predict: raw >= 0

    def __init__(self, model):
        super().__init__(model)
        if model.estimators_.shape[1] != 1:
            raise UnsupportedModelError(
                f"{type(model).__name__} with {model.estimators_.shape[1]} classes "
                "is not supported (binary or regression only)"
            )
        self.routes_missing = bool(model.__sklearn_tags__().input_tags.allow_nan)

    def _raw(self):
        with warnings.catch_warnings():  # the init estimator's output is a constant; no names needed
            warnings.simplefilter("ignore", UserWarning)
            baseline = float(self.model._raw_predict_init(np.zeros((1, self.n_features)))[0, 0])
        rate = np.float64(self.model.learning_rate)
        stages = []
        for member in self.model.estimators_[:, 0]:
            scaled = rate * member.tree_.value[:, 0, 0]  # predict_stages adds scale * value per stage
            stages.append(sklearn_tree_ast(member.tree_, lambda node, scaled=scaled: ast.NumVal(scaled[node])))
        return sum_left_to_right(stages, start=ast.NumVal(baseline))


class HistGradientBoostingAssembler(_BoostingAssembler):
    routes_missing = True

    def __init__(self, model):
        super().__init__(model)
        name = type(model).__name__
        if model.n_trees_per_iteration_ != 1:
            raise UnsupportedModelError(f"{name} with several trees per iteration (multiclass) is not supported")
        if getattr(model, "_preprocessor", None) is not None or any(
            p.nodes["is_categorical"].any() for iteration in model._predictors for p in iteration
        ):
            raise UnsupportedModelError(f"{name} with categorical features is not supported")
        if not hasattr(model, "classes_") and not isinstance(model._loss.link, IdentityLink):
            raise UnsupportedModelError(f"{name} with loss={model.loss!r} is not supported")

    def _raw(self):
        # HGB's trees compare float64 features, and its NaN-only splits use an infinite threshold.
        largest = np.finfo(np.float64).max
        members = []
        for (predictor,) in self.model._predictors:
            nodes = predictor.nodes
            cuts = np.minimum(nodes["num_threshold"], largest)
            members.append(
                tree_ast(
                    nodes["is_leaf"],
                    nodes["left"],
                    nodes["right"],
                    nodes["feature_idx"],
                    cuts,
                    nodes["missing_go_to_left"],
                    lambda node, nodes=nodes: ast.NumVal(nodes["value"][node]),
                )
            )
        return sum_left_to_right(members, start=ast.NumVal(float(np.ravel(self.model._baseline_prediction)[0])))
