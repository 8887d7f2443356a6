"""BG/NBD and Gamma-Gamma as SQL: m2cgen expression trees over lifetimes' columns and the parameter columns,
printed for each engine by the compiler's interpreter (which guards PostgreSQL's exp overflow and underflow).
Portable arithmetic only: +, -, *, /, EXP, LN, ABS, GREATEST and CASE; no lgamma (PostgreSQL and Spark lack it),
no hypergeometric function.

The parameters are columns, not constants: scored_snapshots joins each snapshot to the parameter set fitted on the
histories up to that date (parameter_table; train/clv.py says which dates). The constants the series needs are
computed here once per set (a + b - 1 - r, a - 1, ...), in the order the Python reference computes them.

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
from customer_lifecycle.compile import literals
from customer_lifecycle.compile.interpreter import SqlInterpreter, deep_recursion
from customer_lifecycle.compile.layout import to_lines, to_text
from customer_lifecycle.compile.nodes import Relu

COLUMNS = ["lt_frequency", "lt_recency", "lt_t", "lt_monetary"]  # x, t_x, T (days), m: customer_features
# one parameter set's columns: r, alpha, a, b, then alpha + H, a - 1, a + b - 1 and a + b - 1 - r
BGNBD_PARAMETERS = [
    "bgnbd_r",
    "bgnbd_alpha",
    "bgnbd_a",
    "bgnbd_b",
    "bgnbd_alpha_h",
    "bgnbd_a_1",
    "bgnbd_c_0",
    "bgnbd_s_0",
]
GAMMA_GAMMA_PARAMETERS = ["gamma_gamma_p", "gamma_gamma_q", "gamma_gamma_v"]
INPUTS = COLUMNS + BGNBD_PARAMETERS + GAMMA_GAMMA_PARAMETERS
X, T_X, T, M, R, ALPHA, A, B, ALPHA_H, A_1, C_0, S_0, P, Q, V = (ast.FeatureRef(i) for i in range(len(INPUTS)))
VALID_FROM, VALID_UNTIL = "valid_from", "valid_until"  # a parameter set serves the snapshots in [from, until)
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
        factors = [_mul(*factors[i : i + 2]) if i + 1 < len(factors) else factors[i] for i in range(0, len(factors), 2)]
    return factors[0]


def bgnbd_parameters(model: BgNbd, horizon: float) -> dict[str, float]:
    """The BGNBD_PARAMETERS columns of one fitted model."""
    a, b, r = model.a, model.b, model.r
    return dict(zip(BGNBD_PARAMETERS, [r, model.alpha, a, b, model.alpha + horizon, a - 1, a + b - 1, a + b - 1 - r]))


def gamma_gamma_parameters(model: GammaGamma) -> dict[str, float]:
    return dict(zip(GAMMA_GAMMA_PARAMETERS, [model.p, model.q, model.v]))


def p_alive():
    """1 for x = 0, else expit(-log_odds_dead), as lifetimes' conditional_probability_alive."""
    log_odds_dead = _add(
        _mul(_add(R, X), ast.LogExpr(_div(_add(T, ALPHA), _add(T_X, ALPHA)))),
        ast.LogExpr(_div(A, _add(B, Relu(_sub(X, _num(1)))))),
    )
    alive = ast.SigmoidExpr(_mul(_num(-1), log_odds_dead))
    return ast.IfExpr(ast.CompExpr(X, _num(0), ast.CompOpType.EQ), _num(1), alive)


def _log_w():
    """ln((alpha + T) / (alpha + T + H)) = ln(1 - z)."""
    return ast.LogExpr(_div(_add(T, ALPHA), _add(T, ALPHA_H)))


def p_no_purchase():
    silent_if_alive = ast.ExpExpr(_mul(_add(R, X), _log_w()))
    return _sub(_num(1), _mul(p_alive(), _sub(_num(1), silent_if_alive)))


def _one_minus_power_over(exponent, log_w):
    """(1 - w^e) / e = -ln w (1 + y / 2 + y^2 / 6 + y^3 / 24 + ...), y = e ln w: the Taylor branch holds e = 0."""
    minus_log_w = _mul(_num(-1), log_w)
    y = _mul(exponent, log_w)
    taylor = _add(_num(1), _mul(y, _add(_num(1 / 2), _mul(y, _add(_num(1 / 6), _mul(y, _num(1 / 24)))))))
    return ast.IfExpr(
        ast.CompExpr(ast.AbsExpr(y), _num(SMALL_EXPONENT), ast.CompOpType.LT),
        _mul(minus_log_w, taylor),
        _div(_sub(_num(1), ast.ExpExpr(y)), exponent),
    )


def _ratio(horizon: float, k: int):
    """q_k = s_(k+1) / s_k = z (a + b - 1 - r + k) (a - 1 + k) / ((k + 1) (x + a + b - 1 + k)),
    z = H / (T + alpha + H)."""
    numerator = _mul(_mul(_num(horizon / (k + 1)), _add(S_0, _num(k))), _add(A_1, _num(k)))
    return _div(numerator, _mul(_add(T, ALPHA_H), _add(X, _add(C_0, _num(k)))))


def block_terms(terms: int) -> int:
    """Terms per block: about sqrt(N), so both Horner chains (in a block, over the blocks) stay short."""
    return max(MIN_BLOCK_TERMS, math.ceil(math.sqrt(terms)))


def _series(models: list[BgNbd], horizon: float, terms: int):
    """S as blocks; customers old enough for the first blocks alone, under every set of `models`, skip the rest
    (a CASE on T)."""
    size = block_terms(terms)
    blocks = [range(start, min(start + size, terms + 1)) for start in range(1, terms + 1, size)]
    total = None
    for block in reversed(blocks):
        relative = _num(1)  # the block's terms over its first term, by Horner's rule
        for k in reversed(block[:-1]):
            relative = _add(_num(1), _mul(_ratio(horizon, k), relative))
        if total is None:
            total = relative
        else:
            rest = _mul(_product([_ratio(horizon, k) for k in block]), total)
            served = max(youngest_age_served(model, horizon, block[-1]) for model in models)
            total = _add(relative, ast.IfExpr(ast.CompExpr(T, _num(served), ast.CompOpType.GTE), _num(0), rest))
    z = _div(_num(horizon), _add(T, ALPHA_H))
    return _mul(_mul(S_0, z), total)


def expected_purchases(models: list[BgNbd], horizon: float, terms: int):
    """P(alive) x E_alive, E_alive = c (1 - w^(a-1)) / (a - 1) - w^(a-1) S (bgnbd.py), for the parameter sets
    `models` (their series needs at most `terms` terms)."""
    log_w = _log_w()
    w_power = ast.ExpExpr(_mul(A_1, log_w))
    if_alive = _sub(
        _mul(_add(X, C_0), _one_minus_power_over(A_1, log_w)), _mul(w_power, _series(models, horizon, terms))
    )
    return _mul(p_alive(), if_alive)


def expected_spend():
    """p (v + x m) / (p x + q - 1)."""
    return _div(_mul(P, _add(V, _mul(X, M))), _add(_mul(P, X), _sub(Q, _num(1))))


def render(tree, dialect: str, pretty: bool = True) -> str:
    """One SQL expression over the quoted INPUTS: indented (pretty), or one term per line without indentation."""
    with deep_recursion():
        columns = [exp.column(name, quoted=True) for name in INPUTS]
        expression = SqlInterpreter(columns, dialect).render(tree)
        return to_text(expression, dialect) if pretty else to_lines(expression, dialect)


def parameter_table(sets: list[tuple[object, dict[str, float] | None]], names: list[str], dialect: str) -> str:
    """A SELECT of one row per parameter set: the `names` columns and the snapshot dates [valid_from, valid_until)
    it serves. `sets` are (fitted as of, parameters or None for NULLs), oldest first; the oldest also serves every
    earlier snapshot (valid_from NULL), the newest every later one (valid_until NULL)."""

    def date(value):
        if value is None:
            return exp.cast(exp.Null(), exp.DataType.build("date"))
        return exp.cast(exp.Literal.string(value.date().isoformat()), exp.DataType.build("date"))

    rows = []
    for index, (fitted_as_of, values) in enumerate(sets):
        until = sets[index + 1][0] if index + 1 < len(sets) else None
        cells = [
            date(fitted_as_of if index else None).as_(VALID_FROM, quoted=True),
            date(until).as_(VALID_UNTIL, quoted=True),
        ]
        for name in names:
            value = (
                exp.cast(exp.Null(), exp.DataType.build("double"))
                if values is None
                else literals.double(values[name], dialect)
            )
            cells.append(exp.alias_(value, name, quoted=True))
        rows.append(exp.select(*cells))
    table = rows[0]
    for row in rows[1:]:
        table = exp.union(table, row, distinct=False)
    return table.sql(dialect=dialect)
