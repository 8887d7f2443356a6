"""``to_text``: an expression as reviewable SQL, sqlglot's pretty print plus one term of a long sum per line.
``to_lines``: the same without indentation, for expressions nested too deep for an indented print (BG/NBD's
series: 5x the bytes indented).

Generated macros are read in ``git diff``: with each coefficient's term on its own line a retrain shows which
weights moved, where sqlglot alone prints a linear model's sum as one line of kilobytes.
"""

from functools import cache

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.generator import Generator


def _terms(expression: exp.Expression) -> list[tuple[str, exp.Expression]]:
    """A left-nested chain of + and - as its terms with their signs: a + b - c -> [('', a), ('+', b), ('-', c)]."""
    terms = []
    while isinstance(expression, (exp.Add, exp.Sub)):
        terms.append(("+" if isinstance(expression, exp.Add) else "-", expression.expression))
        expression = expression.this
    return [("", expression), *reversed(terms)]


def _sum_parts(self: Generator, expression: exp.Expression) -> list[str]:
    return [f"{sign} {self.sql(term)}".lstrip() for sign, term in _terms(expression)]


def _sum_sql(self: Generator, expression: exp.Expression) -> str:
    parts = _sum_parts(self, expression)
    return ("\n" if self.pretty and self.too_wide(parts) else " ").join(parts)


LINE_WIDTH = 120  # to_lines breaks a sum or product whose one-line text is wider


def _joined(parts: list[str]) -> str:
    text = " ".join(parts)
    return "\n".join(parts) if len(text) > LINE_WIDTH else text


def _sum_lines(self: Generator, expression: exp.Expression) -> str:
    return _joined(_sum_parts(self, expression))


def _product_lines(self: Generator, expression: exp.Mul) -> str:
    """A long product one factor per line; not a Horner step `q * (1 + ...)`, whose sum breaks already."""
    left, right = self.sql(expression.this), self.sql(expression.expression)
    if isinstance(expression.expression, exp.Paren) and isinstance(expression.expression.this, (exp.Add, exp.Sub)):
        return f"{left} * {right}"
    return _joined([left, f"* {right}"])


@cache
def _generator_class(dialect: str) -> type[Generator]:
    base = Dialect.get_or_raise(dialect).generator_class
    return type(f"OneTermPerLine{base.__name__}", (base,), {"add_sql": _sum_sql, "sub_sql": _sum_sql})


@cache
def _compact_generator_class(dialect: str) -> type[Generator]:
    base = Dialect.get_or_raise(dialect).generator_class
    methods = {"add_sql": _sum_lines, "sub_sql": _sum_lines, "mul_sql": _product_lines}
    return type(f"CompactLines{base.__name__}", (base,), methods)


def to_text(expression: exp.Expression, dialect: str) -> str:
    """``expression.sql(dialect=dialect, pretty=True)``, with a sum wider than a line written one term per line."""
    return _generator_class(dialect)(pretty=True, dialect=dialect).generate(expression)


def to_lines(expression: exp.Expression, dialect: str) -> str:
    """``expression.sql(dialect=dialect)`` with a sum or product wider than a line written one term per line."""
    return _compact_generator_class(dialect)(dialect=dialect).generate(expression)
