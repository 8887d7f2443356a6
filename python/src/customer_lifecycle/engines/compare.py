"""Row-by-row comparison of one table as two engines computed it.

Exact for integers, strings, booleans and dates; doubles (and decimals) within `tolerance`, absolute below 1 and
relative above, since sums of money differ in their last bits with summation order. Rows are matched by sorting
on `keys`, which must identify a row, or on whole rows when a table has no key.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Comparison:
    rows: int
    max_double_diff: float = 0.0
    differences: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.differences


def _normalize(value):
    """One Python value per logical value, whichever driver produced it (numpy, Decimal, pandas Timestamp)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
        value = value.item()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()  # DuckDB's pandas output turns DATE into midnight timestamps
    return value


def _same(a, b, tolerance: float) -> tuple[bool, float]:
    if a is None or b is None:
        return a is b, 0.0
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (bool, str)) or isinstance(b, (bool, str)):
            return False, 0.0
        diff = abs(float(a) - float(b))
        return diff <= tolerance * max(1.0, abs(float(a)), abs(float(b))), diff
    return a == b and type(a) is type(b), 0.0


def compare_frames(
    expected: pd.DataFrame,
    actual: pd.DataFrame,
    keys: list[str] | None = None,
    *,
    tolerance: float = 1e-9,
    max_reported: int = 10,
) -> Comparison:
    """Compare two results of the same query; column names are matched case-insensitively."""
    expected = expected.rename(columns=str.lower)
    actual = actual.rename(columns=str.lower)
    keys = [key.lower() for key in keys] if keys else sorted(expected.columns)
    result = Comparison(rows=len(expected))
    if sorted(expected.columns) != sorted(actual.columns):
        result.differences.append(f"columns differ: {sorted(expected.columns)} vs {sorted(actual.columns)}")
        return result
    if len(expected) != len(actual):
        result.differences.append(f"row counts differ: {len(expected)} vs {len(actual)}")
        return result
    if len(keys) < len(expected.columns) and expected.duplicated(keys).any():
        raise ValueError(f"keys {keys} do not identify a row")
    columns = list(expected.columns)
    left = [[_normalize(v) for v in row] for row in expected[columns].itertuples(index=False)]
    right = [[_normalize(v) for v in row] for row in actual[columns].itertuples(index=False)]
    key_at = [columns.index(key) for key in keys]
    sort_key = lambda row: tuple((row[i] is None, row[i]) for i in key_at)  # noqa: E731 - NULL keys sort last
    for a_row, b_row in zip(sorted(left, key=sort_key), sorted(right, key=sort_key)):
        for column, a, b in zip(columns, a_row, b_row):
            same, diff = _same(a, b, tolerance)
            result.max_double_diff = max(result.max_double_diff, diff)
            if not same and len(result.differences) < max_reported:
                key = {k: a_row[i] for k, i in zip(keys, key_at)}
                result.differences.append(f"{key} {column}: {a!r} vs {b!r}")
    return result
