"""AST nodes m2cgen lacks, needed for preprocessing and class outputs; they extend m2cgen's AST."""

from m2cgen import ast


class Label(ast.Expr):
    """A class label literal (int, float, bool or str), the result of ``output="class"``."""

    def __init__(self, value):
        self.value = value.item() if hasattr(value, "item") else value


class Coalesce(ast.NumExpr):
    """``expr`` with NULL replaced by ``value``, a number or a string (SimpleImputer)."""

    def __init__(self, expr, value):
        self.expr = expr
        self.value = value.item() if hasattr(value, "item") else value


class CategoryIndicator(ast.NumExpr):
    """1.0 if the raw column equals ``category`` else 0.0 (one OneHotEncoder output column).

    ``category`` None means the missing-value category (matched by NULL). Values outside ``known``
    give NULL when ``unknown_is_null`` (sklearn raises on them), else 0.0 (handle_unknown="ignore").
    """

    def __init__(self, column, category, known, unknown_is_null):
        self.column = column
        self.category = category
        self.known = list(known)
        self.unknown_is_null = unknown_is_null


class AllOf(ast.BoolExpr):
    """Conjunction of comparisons (used to pick the first maximal class score, as numpy's argmax)."""

    def __init__(self, tests):
        self.tests = list(tests)


class Relu(ast.NumExpr):
    """``max(expr, 0)``: one evaluation of ``expr`` (a CASE would repeat it) that ignores NULL, so a
    model holding it needs the NULL-if-any-input-is-NULL guard, as one holding a CASE does."""

    def __init__(self, expr):
        self.expr = expr


class Interp(ast.NumExpr):
    """``numpy.interp(expr, xp, fp)`` after clipping ``expr`` to [xp[0], xp[-1]] (IsotonicRegression's
    predict with out_of_bounds="clip"): a step function or piecewise-linear map, NULL for a NULL input."""

    def __init__(self, expr, xp, fp):
        self.expr = expr
        self.xp = [float(x) for x in xp]
        self.fp = [float(y) for y in fp]
