"""Linear models: ``X @ coef + intercept``, summed in the order numpy's BLAS call sums it."""

import numpy as np
from m2cgen import ast

from .base import Assembler, argmax_label, binary_classes, threshold_label


def affine(coefficients, intercept: float, inputs=None):
    """``(x0*c0 + x1*c1 + ...) + intercept``: products summed left to right, intercept added last."""
    inputs = inputs or [ast.FeatureRef(i) for i in range(len(coefficients))]
    total = None
    for feature, coefficient in zip(inputs, coefficients):
        term = ast.BinNumExpr(feature, ast.NumVal(coefficient), ast.BinNumOpType.MUL)
        total = term if total is None else ast.BinNumExpr(total, term, ast.BinNumOpType.ADD)
    return ast.BinNumExpr(total, ast.NumVal(intercept), ast.BinNumOpType.ADD)


class LinearClassifierAssembler(Assembler):
    """LogisticRegression (probability = expit of the margin, as sklearn) and LinearSVC."""

    def _margins(self):
        coef, intercept = np.atleast_2d(self.model.coef_), np.ravel(self.model.intercept_)
        return [affine(c, b) for c, b in zip(coef, intercept)]

    def decision(self):
        binary_classes(self.model)
        return self._margins()[0]

    def probability(self):
        if not hasattr(self.model, "predict_proba"):
            self._unsupported("probability")
        return ast.SigmoidExpr(self.decision())

    def label(self):
        margins, classes = self._margins(), list(self.model.classes_)
        if len(classes) == 2:
            return threshold_label(margins[0], 0.0, classes, at_cut_is_positive=False)
        return argmax_label(margins, classes)


class LinearRegressorAssembler(Assembler):
    def value(self):
        return affine(np.ravel(self.model.coef_), float(np.ravel(self.model.intercept_)[0]))
