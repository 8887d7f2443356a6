"""Walks an m2cgen AST (plus our nodes in ``nodes``) and builds one sqlglot expression.

Feature ``i`` of the AST renders as ``inputs[i]``, an expression over the raw columns, so a
pipeline's preprocessing is inlined where the model reads its features.
"""

import math
import sys
from contextlib import contextmanager

import numpy as np
import sqlglot
from m2cgen import ast
from sqlglot import exp
from sqlglot.dialects.sqlite import SQLite

from . import literals
from .errors import UnsupportedModelError

# exp(z) overflows above this; PostgreSQL raises instead of returning infinity.
_SMALLEST_NORMAL_EXP_ARG = math.log(sys.float_info.min)  # about -708.4
_LARGEST_FINITE_EXP_ARG = math.log(sys.float_info.max)
# 1 + exp(-x) == 1 exactly for x > 700, and exp(-x) would underflow (an error in PostgreSQL).
_SIGMOID_SATURATES_AT = 700.0
# PostgreSQL: the name of an argument computed once (SqlInterpreter._once); an inner alias hides an outer one.
_ARGUMENT, _ARGUMENT_TABLE = "x", "argument"

_ARITHMETIC = {
    ast.BinNumOpType.ADD: exp.Add,
    ast.BinNumOpType.SUB: exp.Sub,
    ast.BinNumOpType.MUL: exp.Mul,
    ast.BinNumOpType.DIV: exp.Div,
}
_COMPARISON = {
    ast.CompOpType.GT: exp.GT,
    ast.CompOpType.GTE: exp.GTE,
    ast.CompOpType.LT: exp.LT,
    ast.CompOpType.LTE: exp.LTE,
    ast.CompOpType.EQ: exp.EQ,
    ast.CompOpType.NOT_EQ: exp.NEQ,
}


@contextmanager
def deep_recursion(limit: int = 100_000):
    """sqlglot builds and prints nested CASEs recursively; deep trees need a higher limit."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def _paren_if(node: exp.Expression, needed: bool) -> exp.Expression:
    return exp.Paren(this=node) if needed else node


class SqlInterpreter:
    def __init__(self, inputs: list[exp.Expression], dialect: str):
        self.inputs = inputs
        self.dialect = dialect

    def num(self, value: float) -> exp.Expression:
        return literals.double(value, self.dialect)

    def render(self, node) -> exp.Expression:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise UnsupportedModelError(f"no SQL for expression node {type(node).__name__}")
        return method(node)

    def _IdExpr(self, node):
        return self.render(node.expr)

    def _NumVal(self, node):
        return self.num(node.value)

    def _FeatureRef(self, node):
        return self.inputs[node.index].copy()

    def _BinNumExpr(self, node):
        left, right = self.render(node.left), self.render(node.right)
        additive = (exp.Add, exp.Sub)
        # Left-associative operators: only the right operand, or a sum under a product, needs parentheses.
        if node.op in (ast.BinNumOpType.ADD, ast.BinNumOpType.SUB):
            right = _paren_if(right, isinstance(right, additive))
        else:
            left = _paren_if(left, isinstance(left, additive))
            right = _paren_if(right, isinstance(right, exp.Binary))
        return _ARITHMETIC[node.op](this=left, expression=right)

    def _CompExpr(self, node):
        return _COMPARISON[node.op](this=self.render(node.left), expression=self.render(node.right))

    def _IfExpr(self, node):
        # A chain of else-ifs becomes one flat CASE; NULL tests fall through to the last ELSE.
        ifs = []
        while isinstance(node, ast.IfExpr):
            ifs.append(exp.If(this=self.render(node.test), true=self.render(node.body)))
            node = node.orelse
        return exp.Case(ifs=ifs, default=self.render(node))

    def _ExpExpr(self, node):
        x = self.render(node.expr)
        if not literals.is_postgres(self.dialect):
            return exp.Exp(this=x)
        # PostgreSQL raises "underflow" once exp leaves the normal doubles; numpy gives < 2.3e-308 there.
        return exp.Case(
            ifs=[exp.If(this=exp.LT(this=x.copy(), expression=self.num(_SMALLEST_NORMAL_EXP_ARG)), true=self.num(0.0))],
            default=exp.Exp(this=x),
        )

    def _LogExpr(self, node):
        return exp.Ln(this=self.render(node.expr))

    def _SqrtExpr(self, node):
        return exp.Sqrt(this=self.render(node.expr))

    def _AbsExpr(self, node):
        return exp.Abs(this=self.render(node.expr))

    def _Relu(self, node):
        # Ask for the engine's own NULL rule (SQLite's MAX(a, b) returns NULL, the others skip it) so
        # sqlglot prints the plain function, not an emulation that repeats z; NULL inputs are guarded.
        ignore_nulls = not isinstance(sqlglot.Dialect.get_or_raise(self.dialect), SQLite)
        return exp.Greatest(this=self.render(node.expr), expressions=[self.num(0.0)], ignore_nulls=ignore_nulls)

    def _TanhExpr(self, node):
        return exp.Anonymous(this="TANH", expressions=[self.render(node.expr)])

    def _PowExpr(self, node):
        return exp.Pow(this=self.render(node.base_expr), expression=self.render(node.exp_expr))

    def _SigmoidExpr(self, node):
        """scipy's expit, ``1 / (1 + exp(-x))``, written the same way so the bits match."""

        def sigmoid(x):
            return exp.Div(
                this=self.num(1.0),
                expression=exp.Paren(
                    this=exp.Add(this=self.num(1.0), expression=exp.Exp(this=exp.Neg(this=exp.Paren(this=x.copy()))))
                ),
            )

        x = self.render(node.expr)
        if not literals.is_postgres(self.dialect):
            return sigmoid(x)  # other engines return inf / 0 from exp; PostgreSQL raises instead
        return self._once(
            x,
            lambda x: exp.Case(
                ifs=[
                    exp.If(
                        this=exp.LT(this=x.copy(), expression=self.num(-_LARGEST_FINITE_EXP_ARG)), true=self.num(0.0)
                    ),
                    exp.If(this=exp.GT(this=x.copy(), expression=self.num(_SIGMOID_SATURATES_AT)), true=self.num(1.0)),
                ],
                default=sigmoid(x),
            ),
        )

    def _once(self, x: exp.Expression, body) -> exp.Expression:
        """``body(x)`` with ``x`` computed once however often ``body`` reads it: a scalar subquery that names x
        (a linear model's sum is kilobytes; the sigmoid's CASE would otherwise repeat it in all three branches).
        Exact and NULL-safe; in PostgreSQL it costs about 1 microsecond a row and a parallel plan."""
        if isinstance(x, (exp.Column, exp.Literal)) or (isinstance(x, exp.Cast) and isinstance(x.this, exp.Literal)):
            return body(x)
        table = exp.to_identifier(_ARGUMENT_TABLE, quoted=True)
        argument = exp.select(x.as_(_ARGUMENT, quoted=True)).subquery(table, copy=False)
        return exp.Subquery(this=exp.select(body(exp.column(_ARGUMENT, table, quoted=True))).from_(argument))

    def _Label(self, node):
        return literals.label(node.value, self.dialect)

    def _Coalesce(self, node):
        return exp.Coalesce(this=self.render(node.expr), expressions=[literals.label(node.value, self.dialect)])

    def _CategoryIndicator(self, node):
        column = self.render(node.column)
        if node.category is None:
            hit = exp.Is(this=column.copy(), expression=exp.Null())
        else:
            hit = exp.EQ(this=column.copy(), expression=literals.label(node.category, self.dialect))
        ifs = [exp.If(this=hit, true=self.num(1.0))]
        if not node.unknown_is_null:
            return exp.Case(ifs=ifs, default=self.num(0.0))
        known = [literals.label(c, self.dialect) for c in node.known if c is not None]
        if known:
            ifs.append(exp.If(this=exp.In(this=column.copy(), expressions=known), true=self.num(0.0)))
        if None in node.known and node.category is not None:
            ifs.append(exp.If(this=exp.Is(this=column.copy(), expression=exp.Null()), true=self.num(0.0)))
        return exp.Case(ifs=ifs)  # no ELSE: an unknown category scores NULL (sklearn raises)

    def _Interp(self, node):
        """numpy.interp on a clipped input, with numpy's arithmetic: on [xp[j], xp[j+1]) the value is
        slope * (x - xp[j]) + fp[j], slope = (fp[j+1] - fp[j]) / (xp[j+1] - xp[j]) computed here in doubles as
        numpy does; at x == xp[j] that is fp[j], as numpy returns. No ELSE: a NULL input gives NULL."""
        x = self.render(node.expr)
        xp, fp = node.xp, node.fp
        ifs = [
            exp.If(this=exp.LTE(this=x.copy(), expression=self.num(xp[0])), true=self.num(fp[0])),
            exp.If(this=exp.GTE(this=x.copy(), expression=self.num(xp[-1])), true=self.num(fp[-1])),
        ]
        for j in range(len(xp) - 1):
            slope = (np.float64(fp[j + 1]) - np.float64(fp[j])) / (np.float64(xp[j + 1]) - np.float64(xp[j]))
            if not np.isfinite(slope):
                raise UnsupportedModelError(
                    f"isotonic thresholds {xp[j]!r} and {xp[j + 1]!r} are too close for a finite slope"
                )
            value = self.num(fp[j])
            if slope != 0.0:  # 0 * (x - xp[j]) + fp[j] is fp[j] for every finite x
                shifted = exp.Paren(this=exp.Sub(this=x.copy(), expression=self.num(xp[j])))
                value = exp.Add(this=exp.Mul(this=self.num(float(slope)), expression=shifted), expression=value)
            ifs.append(exp.If(this=exp.LT(this=x.copy(), expression=self.num(xp[j + 1])), true=value))
        return exp.Case(ifs=ifs)

    def _AllOf(self, node):
        tests = [self.render(t) for t in node.tests]
        return exp.and_(*tests) if len(tests) > 1 else tests[0]
