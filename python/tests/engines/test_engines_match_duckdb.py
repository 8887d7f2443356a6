"""The sample shop on PostgreSQL and Spark gives every mart and the scores row by row as on DuckDB.

Exact for integers, strings, dates and booleans; doubles within 1e-9 (relative above 1).
"""

from __future__ import annotations

import pytest
from sample_shop import compared_models

from customer_lifecycle.engines.compare import compare_frames

ENGINES = ["postgres", "spark"]


@pytest.fixture(scope="session")
def models(sample_shop_duckdb):
    return compared_models(sample_shop_duckdb)


@pytest.mark.parametrize("engine", ENGINES)
def test_every_mart_and_the_scores_match_duckdb(engine, request, sample_shop_duckdb, models):
    wh = request.getfixturevalue(f"sample_shop_{engine}")
    failures, max_diff, rows = [], 0.0, {}
    for model, keys in sorted(models.items()):
        expected = sample_shop_duckdb.query(f"select * from {sample_shop_duckdb.schema}.{model}")
        result = compare_frames(expected, wh.query(f"select * from {wh.schema}.{model}"), keys)
        rows[model], max_diff = result.rows, max(max_diff, result.max_double_diff)
        failures += [f"{model}: {difference}" for difference in result.differences]
    print(f"{engine}: compared {rows}, max double difference {max_diff:.3g}")
    assert not failures, "\n".join(failures)
    # the sample shop must exercise what users read: an empty mart would compare equal and prove nothing
    assert all(rows[m] > 0 for m in ["customer_rfm", "customer_lifecycle", "customer_features", "customer_scores"])
