"""customer_recommendations gives the same lists, row by row, on PostgreSQL and Spark as on DuckDB."""

from __future__ import annotations

import pytest

from customer_lifecycle.engines.compare import compare_frames

KEYS = ["person_type", "person_id", "list", "rank"]


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_the_lists_match_duckdb(engine, request, recommendations_duckdb):
    wh = request.getfixturevalue(f"recommendations_{engine}")
    expected = recommendations_duckdb.query(f"select * from {recommendations_duckdb.schema}.customer_recommendations")
    result = compare_frames(expected, wh.query(f"select * from {wh.schema}.customer_recommendations"), KEYS)
    assert not result.differences, "\n".join(result.differences)
    assert result.rows > 10_000 and set(expected["list"]) == {"buy_again", "discover"}
