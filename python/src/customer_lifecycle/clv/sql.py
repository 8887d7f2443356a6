"""BG/NBD and Gamma-Gamma as SQL: m2cgen expression trees over lifetimes' columns, printed for each engine by the
compiler's interpreter (which guards PostgreSQL's exp overflow and underflow). Portable arithmetic only: +, -, *,
/, EXP, LN, ABS, GREATEST and CASE; no lgamma (PostgreSQL and Spark lack it), no hypergeometric function.

Expected purchases sum the series S of bgnbd.py to the N terms series_length.py chooses; each block of terms
past the first is skipped (a CASE on T) for customers old enough not to need it, which makes the SQL about 3x
faster. Nesting stays shallow at any N: the terms are summed in blocks of about sqrt(N) terms, each block by
Horner's rule relative to its first term, and the blocks by Horner's rule over the products of their ratios:

    S = s_1 (B_1 + P_1 (B_2 + P_2 (... + P_(J-1) B_J))),  B_j = 1 + q_i (1 + q_(i+1) (1 + ...)),  P_j = q_i ... q_e,

q_k = s_(k+1) / s_k; so the nesting depth grows like 2 sqrt(N), far below DuckDB's max_expression_depth (1000)
and PostgreSQL's stack.
"""
from __future__ import annotations

import math

from m2cgen import ast
from sqlglot import exp

from customer_lifecycle.clv.bgnbd import BgNbd
from customer_lifecycle.clv.gamma_gamma import GammaGamma
from customer_lifecycle.clv.series_length import youngest_age_served
from customer_lifecycle.compile.interpreter import SqlInterpreter, deep_recursion
from customer_lifecycle.compile.layout import to_text
from customer_lifecycle.compile.nodes import Relu

COLUMNS = ["lt_frequency", "lt_recency", "lt_t", "lt_monetary"]  # x, t_x, T (days), m: customer_features
X, T_X, T, M = (ast.FeatureRef(i) for i in range(len(COLUMNS)))
MIN_BLOCK_TERMS = 25
SMALL_EXPONENT = 1e-3  # below, 1 - e^y is its Taylor polynomial (error y^4 / 120 relative), not a cancellation


def _num(value: float) -> ast.NumVal:
    return ast.NumVal(float(value))


def _add(left, right):
    return ast.BinNumExpr(left, right, ast.BinNumOpType.ADD)


def _sub(left, right):
    return ast.BinNumExpr(left, right, ast.BinNumOpType.SUB)


def _mul(left, right):
    return ast.BinNumExpr(left, right, ast.BinNumOpType.MUL)


def _div(left, right):
    return ast.BinNumExpr(left, right, ast.BinNumOpType.DIV)


def _product(factors: list):
    """A balanced product tree: depth log2(n), not n."""
    while len(factors) > 1:
        factors = [_mul(*factors[i:i + 2]) if i + 1 < len(factors) else factors[i] for i in range(0, len(factors), 2)]
    return factors[0]


def p_alive(model: BgNbd):
    """1 for x = 0, else expit(-log_odds_dead), as lifetimes' conditional_probability_alive."""
    log_odds_dead = _add(_mul(_add(_num(model.r), X), ast.LogExpr(_div(_add(T, _num(model.alpha)),
                                                                         _add(T_X, _num(model.alpha))))),
                         ast.LogExpr(_div(_num(model.a), _add(_num(model.b), Relu(_sub(X, _num(1)))))))
    alive = ast.SigmoidExpr(_mul(_num(-1), log_odds_dead))
    return ast.IfExpr(ast.CompExpr(X, _num(0), ast.CompOpType.EQ), _num(1), alive)


def _log_w(model: BgNbd, horizon: float):
    """ln((alpha + T) / (alpha + T + H)) = ln(1 - z)."""
    return ast.LogExpr(_div(_add(T, _num(model.alpha)), _add(T, _num(model.alpha + horizon))))


def p_no_purchase(model: BgNbd, horizon: float):
    silent_if_alive = ast.ExpExpr(_mul(_add(_num(model.r), X), _log_w(model, horizon)))
    return _sub(_num(1), _mul(p_alive(model), _sub(_num(1), silent_if_alive)))


def _one_minus_power_over(exponent: float, log_w):
    """(1 - w^e) / e = -ln w (1 + y / 2 + y^2 / 6 + y^3 / 24 + ...), y = e ln w; -ln w at e = 0."""
    minus_log_w = _mul(_num(-1), log_w)
    if exponent == 0:
        return minus_log_w
    y = _mul(_num(exponent), log_w)
    taylor = _add(_num(1), _mul(y, _add(_num(1 / 2), _mul(y, _add(_num(1 / 6), _mul(y, _num(1 / 24)))))))
    return ast.IfExpr(ast.CompExpr(ast.AbsExpr(y), _num(SMALL_EXPONENT), ast.CompOpType.LT),
                      _mul(minus_log_w, taylor), _div(_sub(_num(1), ast.ExpExpr(y)), _num(exponent)))


def _ratio(model: BgNbd, horizon: float, k: int):
    """q_k = s_(k+1) / s_k = z K_k / (x + C_k), with z = H / (T + alpha + H) and constants K_k, C_k folded."""
    a, b, r = model.a, model.b, model.r
    numerator = horizon * (a + b - 1 - r + k) * (a - 1 + k) / (k + 1)
    return _div(_num(numerator), _mul(_add(T, _num(model.alpha + horizon)), _add(X, _num(a + b - 1 + k))))


def block_terms(terms: int) -> int:
    """Terms per block: about sqrt(N), so both Horner chains (in a block, over the blocks) stay short."""
    return max(MIN_BLOCK_TERMS, math.ceil(math.sqrt(terms)))


def _series(model: BgNbd, horizon: float, terms: int):
    """S as blocks; customers old enough for the first blocks alone skip the rest (a CASE on T)."""
    size = block_terms(terms)
    blocks = [range(start, min(start + size, terms + 1)) for start in range(1, terms + 1, size)]
    total = None
    for block in reversed(blocks):
        relative = _num(1)  # the block's terms over its first term, by Horner's rule
        for k in reversed(block[:-1]):
            relative = _add(_num(1), _mul(_ratio(model, horizon, k), relative))
        if total is None:
            total = relative
        else:
            rest = _mul(_product([_ratio(model, horizon, k) for k in block]), total)
            served = youngest_age_served(model, horizon, block[-1])
            total = _add(relative, ast.IfExpr(ast.CompExpr(T, _num(served), ast.CompOpType.GTE), _num(0), rest))
    z = _div(_num(horizon), _add(T, _num(model.alpha + horizon)))
    return _mul(_mul(_num(model.a + model.b - 1 - model.r), z), total)


def expected_purchases(model: BgNbd, horizon: float, terms: int):
    """P(alive) x E_alive, E_alive = c (1 - w^(a-1)) / (a - 1) - w^(a-1) S (bgnbd.py)."""
    a, b = model.a, model.b
    log_w = _log_w(model, horizon)
    w_power = ast.ExpExpr(_mul(_num(a - 1), log_w))
    if_alive = _sub(_mul(_add(X, _num(a + b - 1)), _one_minus_power_over(a - 1, log_w)),
                    _mul(w_power, _series(model, horizon, terms)))
    return _mul(p_alive(model), if_alive)


def expected_spend(model: GammaGamma):
    """p (v + x m) / (p x + q - 1)."""
    return _div(_add(_num(model.p * model.v), _mul(_num(model.p), _mul(X, M))),
                _add(_mul(_num(model.p), X), _num(model.q - 1)))


def render(tree, dialect: str, pretty: bool = True) -> str:
    """One SQL expression over the quoted COLUMNS."""
    with deep_recursion():
        columns = [exp.column(name, quoted=True) for name in COLUMNS]
        expression = SqlInterpreter(columns, dialect).render(tree)
        return to_text(expression, dialect) if pretty else expression.sql(dialect=dialect)
