"""SVC (linear, rbf, poly, sigmoid kernels) through m2cgen's own assembler."""

from m2cgen import ast
from m2cgen.assemblers import get_assembler_cls

from .base import Assembler, binary_classes, threshold_label


def _balanced_sum(root):
    """m2cgen adds one term per support vector left to right; a chain of ~1000 additions exceeds
    parsers' expression-depth limits (DuckDB: 1000), so re-associate it as a balanced tree.
    libsvm's own order is not reproducible anyway (tolerance 1e-12)."""
    terms, node = [], root
    while isinstance(node, ast.BinNumExpr) and node.op is ast.BinNumOpType.ADD:
        terms.append(node.right)
        node = node.left
    terms.append(node)
    terms.reverse()
    while len(terms) > 1:
        pairs = [ast.BinNumExpr(a, b, ast.BinNumOpType.ADD) for a, b in zip(terms[::2], terms[1::2])]
        terms = pairs + (terms[-1:] if len(terms) % 2 else [])
    return terms[0]


class SVCAssembler(Assembler):
    def decision(self):
        binary_classes(self.model)
        return _balanced_sum(get_assembler_cls(self.model)(self.model).assemble())

    def label(self):
        return threshold_label(self.decision(), 0.0, list(self.model.classes_), at_cut_is_positive=False)
