"""The committed models score on PostgreSQL exactly as on DuckDB: the postgres__ renderings of the macros."""

import sys
from pathlib import Path

import pytest
from saved_models import assert_parity, scored_rows

from customer_lifecycle.warehouse import Warehouse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dbt"))
from dbt_scenarios import BASE_VARS, base_shop, build_scenario, shop_tables  # noqa: E402


@pytest.fixture(scope="module")
def postgres_scores(postgres_target):
    with postgres_target("lifecycle_scoring"):
        wh = build_scenario(Warehouse("postgres"), shop_tables(*base_shop()), BASE_VARS)
        wh.dbt("seed", "--select", "ml_model_registry")
        wh.dbt("run", "--select", "path:models/scoring")
        yield wh
        wh.close()


def test_postgres_scores_equal_saved_models(postgres_scores):
    for relation, date_column in [("scored_snapshots", "snapshot_date"), ("customer_scores", "as_of_date")]:
        frame = scored_rows(postgres_scores, relation, date_column)
        assert len(frame) > 50
        assert assert_parity(frame, postgres_scores)


def test_postgres_drift_and_backtest_build(postgres_scores):
    """The committed models learned from the sample shop, not from this shop: no reference population here,
    and no snapshot of this shop was in their training data."""
    assert len(postgres_scores.query("select * from score_drift")) == 0
    backtest = postgres_scores.query("select * from score_backtest")
    assert len(backtest) > 0 and not backtest["in_training"].any()
