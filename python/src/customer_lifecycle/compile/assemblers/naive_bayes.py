"""GaussianNB: per-class joint log-likelihood, in the exact operation order of sklearn's
``_joint_log_likelihood``. Its ``np.sum(..., axis=1)`` over a (rows, features) array adds the
features left to right (measured: bit-identical), not pairwise."""

import numpy as np
from m2cgen import ast

from .base import Assembler, argmax_label, binary_classes, sum_left_to_right


class GaussianNBAssembler(Assembler):
    def _joint_log_likelihoods(self):
        m = self.model
        scores = []
        for i in range(len(m.classes_)):
            constant = -0.5 * np.sum(np.log(2.0 * np.pi * m.var_[i, :]))
            squares = []
            for j, (mean, var) in enumerate(zip(m.theta_[i], m.var_[i])):
                centred = ast.BinNumExpr(ast.FeatureRef(j), ast.NumVal(mean), ast.BinNumOpType.SUB)
                square = ast.BinNumExpr(centred, centred, ast.BinNumOpType.MUL)
                squares.append(ast.BinNumExpr(square, ast.NumVal(var), ast.BinNumOpType.DIV))
            half_distance = ast.BinNumExpr(ast.NumVal(0.5), sum_left_to_right(squares), ast.BinNumOpType.MUL)
            n_ij = ast.BinNumExpr(ast.NumVal(constant), half_distance, ast.BinNumOpType.SUB)
            scores.append(ast.BinNumExpr(ast.NumVal(np.log(m.class_prior_[i])), n_ij, ast.BinNumOpType.ADD))
        return scores

    def decision(self):
        """Log-odds of the positive class (jll1 - jll0)."""
        binary_classes(self.model)
        negative, positive = self._joint_log_likelihoods()
        return ast.BinNumExpr(positive, negative, ast.BinNumOpType.SUB)

    def probability(self):
        # sklearn normalises with logsumexp; the sigmoid of the log-odds agrees to ~1e-16.
        return ast.SigmoidExpr(self.decision())

    def label(self):
        return argmax_label(self._joint_log_likelihoods(), list(self.model.classes_))
