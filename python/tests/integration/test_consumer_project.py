"""Acceptance 1 of issue 9: customer_lifecycle inside another team's dbt project, trained on that team's data;
and of issue 22: `lifecycle run` there, on DuckDB and PostgreSQL, with the team's own models on the scores.

Each consumer project (conftest.py) is set up, run, given new orders and run again once; every test reads it.
"""

import subprocess
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest
import yaml
from consumer_project import DBT, run_command

from customer_lifecycle.train.artifacts import read_deployment

SAMPLE_SHOP_TABLES = {"raw_orders", "raw_customers", "raw_events"}
WAITING = "your models on the scores wait for step 3: churn_watchlist, retention_targets"


@pytest.fixture(params=["consumer", "consumer_on_postgres"])
def on_each_engine(request):
    """The consumer project on DuckDB, then on PostgreSQL (where rebuilding a table drops the views on it)."""
    return request.getfixturevalue(request.param)


def test_the_consumer_models_hold_the_scores_of_each_run(on_each_engine):
    for run in on_each_engine.runs:
        scores = run.scores
        assert scores["scored"] > 0 and scores["versions"] == 1
        assert scores["watchlist_matching"] == scores["scored"]  # the view on customer_scores is back
        assert scores["targets_matching"] == scores["scored"]  # the table was rebuilt on this run's scores
        assert scores["staged"] == scores["lifecycle_rows"]  # the view on customer_lifecycle alone


def test_a_retrain_after_new_orders_scores_with_new_models(on_each_engine):
    first, retrain = on_each_engine.runs
    assert retrain.scores["version"] != first.scores["version"]
    assert "churn_lr" in retrain.output and "Next, in this project" in retrain.output


def test_the_output_names_the_models_that_wait_for_scoring_in_plain_text(on_each_engine):
    for run in on_each_engine.runs:
        assert WAITING in run.output
        assert "\x1b[" not in run.output and "⠋" not in run.output  # no colour codes, no spinner frames


@pytest.fixture(scope="module")
def built(consumer):
    """`dbt build` in the consumer project after `lifecycle run`, then a query on its warehouse: each opens and
    closes its own read-only connection, so a later `lifecycle train` in this module can write the file."""
    run_command([DBT, "build"], consumer.project)

    def query(sql):
        with duckdb.connect(str(consumer.project / "integration_tests.duckdb"), read_only=True) as connection:
            return connection.execute(sql).fetchall()

    return query


def test_lifecycle_is_installed_from_the_clone_not_this_checkout(consumer):
    where = subprocess.run(
        [str(consumer.venv / "bin" / "python"), "-c", "import customer_lifecycle; print(customer_lifecycle.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(consumer.venv)), where
    print(f"non-editable install into a new venv: {consumer.installed.install_seconds:.1f}s")


def test_training_writes_into_the_consumer_project_and_leaves_the_clone_untouched(consumer):
    assert "training on" in consumer.run_output
    assert (consumer.project / "macros" / "customer_lifecycle" / "churn_lr.sql").exists()
    assert (consumer.project / "macros" / "customer_lifecycle" / "deployment.sql").exists()
    assert (consumer.project / "seeds" / "ml_model_registry.csv").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=consumer.clone, capture_output=True, text=True, check=True
    ).stdout
    assert status == ""


def test_no_sample_shop_table_in_the_consumer_warehouse(built):
    tables = {name for (name,) in built("select table_name from information_schema.tables")}
    assert not tables & SAMPLE_SHOP_TABLES


def test_every_customer_with_a_completed_order_is_scored(built):
    missing = built("""
        select count(distinct o.customer_id) from main_shop.shop_orders as o
        where o.status = 'completed'
          and o.customer_id not in (select customer_id from main_lifecycle.customer_scores)""")[0][0]
    scored = built("select count(*) from main_lifecycle.customer_scores")[0][0]
    assert missing == 0 and scored > 0


def test_scores_come_from_the_models_trained_on_the_consumer_data(built, consumer):
    deployment = read_deployment((consumer.project / "macros" / "customer_lifecycle" / "deployment.sql").read_text())
    versions = built("select distinct churn_model_version from main_lifecycle.customer_scores")
    assert versions == [(deployment["selected"]["churn"]["version"],)]  # the served churn model's, as deployed
    assert deployment["trained_in_project"] == "customer_lifecycle_integration_tests"


def test_score_drift_compares_with_the_consumer_training_window(built):
    assert built("select count(*) from main_lifecycle.score_drift")[0][0] > 0


def test_the_consumer_model_named_customer_features_builds_beside_the_package(built):
    own = built("select count(*), sum(orders) from main.customer_features")[0]
    orders = built("select count(*) from main_shop.shop_orders")[0][0]
    assert own[1] == orders
    assert built("select count(*) from main_lifecycle.customer_features")[0][0] > own[0]


def test_training_labels_with_the_horizon_of_the_project_vars(consumer):
    """integration_tests/ sets lifecycle_label_horizon_days: 180 in its dbt_project.yml (the package says 90)."""
    window = read_deployment((consumer.project / "macros" / "customer_lifecycle" / "deployment.sql").read_text())
    as_of, valid, last_refit = (
        date.fromisoformat(window[k]) for k in ("trained_as_of", "validation_snapshot", "last_training_snapshot")
    )
    horizon = timedelta(days=180)
    assert (
        valid + horizon <= as_of < valid + horizon + timedelta(days=31)
    )  # built with 180: the last monthly snapshot labelled
    assert last_refit + horizon <= as_of  # the deployed refit learned only labels that had matured by the as-of date
    registry = pd.read_csv(consumer.project / "seeds" / "ml_model_registry.csv")
    held_out = date.fromisoformat(registry.loc[registry["deployed"], "train_last_snapshot"].iloc[0])
    assert held_out + horizon <= valid  # the training cutoff: no training label looks into the validation period
    assert "horizon 180 days" in consumer.run_output


def test_the_model_card_names_the_folders_of_the_consumer_project(consumer):
    card = (consumer.project / "lifecycle_model_card" / "README.md").read_text()
    assert "Saved as joblib in `lifecycle_model_card/models/`, compiled to `macros/customer_lifecycle/`." in card
    assert "python/model_card" not in card and "macros/generated" not in card
    assert "trained on the orders of your shop, as dbt project `customer_lifecycle_integration_tests`" in card
    assert "sample shop" not in card


DUCKDB_TYPES = {
    "varchar": "VARCHAR",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "integer": "INTEGER",
    "double precision": "DOUBLE",
}


def test_the_registry_seed_loads_with_the_column_types_of_the_package_registry(consumer, built):
    properties = yaml.safe_load((consumer.project / "seeds" / "ml_model_registry.yml").read_text())
    declared = properties["seeds"][0]["config"]["column_types"]
    loaded = dict(
        built("select column_name, data_type from information_schema.columns where table_name = 'ml_model_registry'")
    )
    assert declared["train_rows"] == "integer" and declared["deployed"] == "boolean"  # agate would infer DOUBLE
    assert loaded == {column: DUCKDB_TYPES[kind] for column, kind in declared.items()}


def test_lifecycle_train_prints_the_metrics_and_the_next_command_which_builds(consumer):
    output = run_command([str(consumer.venv / "bin" / "lifecycle"), "train"], consumer.project)
    assert "Churn models on the validation snapshot (ml_model_registry)" in output and "value_linear" in output
    next_command = output.rstrip().splitlines()[-1].split()
    assert next_command[:3] == ["dbt", "build", "--select"]
    run_command([DBT, *next_command[1:]], consumer.project)
