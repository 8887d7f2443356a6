"""``to_text``: an expression as reviewable SQL, sqlglot's pretty print plus one term of a long sum per line.

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


def _sum_sql(self: Generator, expression: exp.Expression) -> str:
    parts = [f"{sign} {self.sql(term)}".lstrip() for sign, term in _terms(expression)]
    return ("\n" if self.pretty and self.too_wide(parts) else " ").join(parts)


@cache
def _generator_class(dialect: str) -> type[Generator]:
    base = Dialect.get_or_raise(dialect).generator_class
    return type(f"OneTermPerLine{base.__name__}", (base,), {"add_sql": _sum_sql, "sub_sql": _sum_sql})


def to_text(expression: exp.Expression, dialect: str) -> str:
    """``expression.sql(dialect=dialect, pretty=True)``, with a sum wider than a line written one term per line."""
    return _generator_class(dialect)(pretty=True, dialect=dialect).generate(expression)
