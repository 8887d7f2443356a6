"""SQL literals that every engine reads as the exact IEEE double (or label) scikit-learn uses."""

import math

import sqlglot
from sqlglot import exp
from sqlglot.dialects.postgres import Postgres

from .errors import UnsupportedModelError


def is_postgres(dialect: str) -> bool:
    return isinstance(sqlglot.Dialect.get_or_raise(dialect), Postgres)


def double(value: float, dialect: str) -> exp.Expression:
    """The double ``value``, written so it is parsed as a double (not DECIMAL) and round-trips exactly."""
    value = float(value)
    if not math.isfinite(value):
        raise UnsupportedModelError(f"the model holds a non-finite constant ({value}); SQL cannot express it")
    text = repr(abs(value))  # shortest string that round-trips
    if "e" not in text:
        text += "e0"  # an exponent makes DuckDB, Spark, Snowflake... read a DOUBLE, not a DECIMAL
    literal = exp.Literal(this=text, is_string=False)  # Literal.number would re-parse and drop "e0"
    if math.copysign(1.0, value) < 0:
        literal = exp.Neg(this=literal)
    # PostgreSQL types every literal with a point or exponent as NUMERIC; arithmetic between two
    # such constants would then run in arbitrary precision and drift from double arithmetic.
    if is_postgres(dialect):
        return exp.cast(literal, exp.DataType.build("double"))
    return literal


def label(value, dialect: str) -> exp.Expression:
    """A class label: string, boolean, integer or double literal."""
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int):
        return exp.Literal.number(str(value))
    if isinstance(value, float):
        return double(value, dialect)
    raise UnsupportedModelError(f"class label {value!r} of type {type(value).__name__} has no SQL literal")
