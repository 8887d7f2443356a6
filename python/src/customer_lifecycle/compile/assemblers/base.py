"""The contract every assembler fulfils: a fitted estimator's outputs as m2cgen ASTs."""

from m2cgen import ast

from ..errors import UnsupportedModelError
from ..nodes import AllOf, Label

OUTPUTS = ("probability", "class", "decision", "value")


class Assembler:
    """Builds the AST of each supported output over the estimator's own input features.

    ``routes_missing`` is True when the AST already sends NULL inputs where scikit-learn sends NaN;
    otherwise the caller makes any NULL input give a NULL score.
    """

    routes_missing = False

    def __init__(self, model):
        self.model = model

    @property
    def n_features(self) -> int:
        return int(self.model.n_features_in_)

    def inputs(self) -> list:
        """The estimator's input features as ASTs over the raw columns (pipelines override this)."""
        return [ast.FeatureRef(i) for i in range(self.n_features)]

    def assemble(self, output: str):
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {OUTPUTS}, not {output!r}")
        build = getattr(self, output if output != "class" else "label")
        return build()

    def _unsupported(self, output: str):
        raise UnsupportedModelError(f"{type(self.model).__name__} has no output={output!r}")

    def probability(self):
        self._unsupported("probability")

    def label(self):
        self._unsupported("class")

    def decision(self):
        self._unsupported("decision")

    def value(self):
        self._unsupported("value")


def binary_classes(model) -> list:
    classes = list(model.classes_)
    if len(classes) != 2:
        raise UnsupportedModelError(
            f"{type(model).__name__} has {len(classes)} classes; probability and decision are defined "
            "for binary classifiers (use output='class')"
        )
    return classes


def sum_left_to_right(terms: list, start=None):
    """``((start + t0) + t1) + ...``: the order numpy accumulates estimator outputs in."""
    total = start
    for term in terms:
        total = term if total is None else ast.BinNumExpr(total, term, ast.BinNumOpType.ADD)
    return total


def threshold_label(score, cut: float, classes: list, at_cut_is_positive: bool):
    """Binary label from a score compared with a cut (``>`` or ``>=``, as the estimator's predict)."""
    op = ast.CompOpType.GTE if at_cut_is_positive else ast.CompOpType.GT
    return ast.IfExpr(ast.CompExpr(score, ast.NumVal(cut), op), Label(classes[1]), Label(classes[0]))


def argmax_label(scores: list, classes: list):
    """Label of the first maximal score, exactly numpy's argmax tie rule."""
    result = Label(classes[-1])
    for i in reversed(range(len(scores) - 1)):
        beats_earlier = [ast.CompExpr(scores[i], scores[j], ast.CompOpType.GT) for j in range(i)]
        ties_later = [ast.CompExpr(scores[i], scores[j], ast.CompOpType.GTE) for j in range(i + 1, len(scores))]
        result = ast.IfExpr(AllOf(beats_earlier + ties_later), Label(classes[i]), result)
    return result
