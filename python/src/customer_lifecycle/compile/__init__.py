"""Compile fitted scikit-learn models into SQL expressions equal to their predictions."""

from .api import to_expression, to_sql
from .errors import UnsupportedModelError
from .query import to_sql_query

__all__ = ["to_sql", "to_sql_query", "to_expression", "UnsupportedModelError"]
