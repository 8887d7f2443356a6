"""A classifier followed by its calibration map (customer_lifecycle.calibrated): the base model's margin or
probability AST, read through Platt's sigmoid or the isotonic interpolation."""

from m2cgen import ast

from ...calibrated import reads_margin
from ..nodes import Interp
from .base import Assembler, binary_classes, threshold_label


class CalibratedAssembler(Assembler):
    def __init__(self, model, base_assembler: Assembler):
        super().__init__(model)
        self.base = base_assembler
        self.routes_missing = base_assembler.routes_missing

    def inputs(self) -> list:
        return self.base.inputs()

    def probability(self):
        binary_classes(self.model)
        scores = self.base.assemble("decision" if reads_margin(self.model.base) else "probability")
        if self.model.method == "sigmoid":
            a, b = self.model.sigmoid
            # expit(a * scores + b), in numpy's order of operations
            scaled = ast.BinNumExpr(ast.NumVal(a), scores, ast.BinNumOpType.MUL)
            return ast.SigmoidExpr(ast.BinNumExpr(scaled, ast.NumVal(b), ast.BinNumOpType.ADD))
        isotonic = self.model.isotonic
        return Interp(scores, isotonic.X_thresholds_, isotonic.y_thresholds_)

    def label(self):
        return threshold_label(self.probability(), 0.5, list(self.model.classes_), at_cut_is_positive=False)
