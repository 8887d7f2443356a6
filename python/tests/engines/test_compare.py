"""The comparison harness: exact where exactness is owed, 1e-9 for doubles, whatever the driver's types."""

import datetime as dt
import decimal

import numpy as np
import pandas as pd
import pytest

from customer_lifecycle.engines.compare import compare_frames

DUCK = pd.DataFrame(
    {"id": [2, 1], "name": ["b", None], "spend": [10.5, np.nan], "day": pd.to_datetime(["2024-01-02", "2024-01-01"])}
)


def _pg(**changes):
    """The same rows as psycopg2 returns them: other order, Decimal, datetime.date, None."""
    rows = {
        "id": [1, 2],
        "name": [None, "b"],
        "spend": [None, decimal.Decimal("10.5")],
        "day": [dt.date(2024, 1, 1), dt.date(2024, 1, 2)],
        **changes,
    }
    return pd.DataFrame(rows).astype(object)


def test_same_rows_from_different_drivers_are_equal():
    result = compare_frames(DUCK, _pg(), ["id"])
    assert result.equal, result.differences
    assert result.rows == 2


def test_double_within_tolerance_is_equal_and_reported():
    result = compare_frames(DUCK, _pg(spend=[None, 10.5 + 5e-10]), ["id"])
    assert result.equal and 0 < result.max_double_diff < 1e-9


@pytest.mark.parametrize(
    "changes, column",
    [
        ({"spend": [None, 10.5 + 1e-7]}, "spend"),
        ({"name": ["", "b"]}, "name"),  # empty string is not NULL
        ({"id": [1.0, 2.5]}, "id"),
        ({"day": [dt.date(2024, 1, 1), dt.date(2024, 1, 3)]}, "day"),
    ],
)
def test_a_changed_value_is_named(changes, column):
    result = compare_frames(DUCK, _pg(**changes), ["id"])
    assert not result.equal
    assert column in result.differences[0]


def test_relative_tolerance_for_large_sums():
    big = pd.DataFrame({"k": ["a"], "total": [1.0e7]})
    assert compare_frames(big, big.assign(total=1.0e7 + 0.1), ["k"]).equal is False
    assert compare_frames(big, big.assign(total=1.0e7 * (1 + 1e-15)), ["k"]).equal


def test_missing_row_and_column_are_reported():
    assert "row counts" in compare_frames(DUCK, _pg().iloc[:1], ["id"]).differences[0]
    assert "columns" in compare_frames(DUCK, _pg().drop(columns="day"), ["id"]).differences[0]


def test_without_keys_whole_rows_are_matched_even_when_repeated():
    rows = pd.DataFrame({"reason": ["dup", "dup", "bad"], "amount": ["1", "1", None]})
    assert compare_frames(rows, rows.iloc[::-1]).equal
