"""Issue 22: `pip install` + `lifecycle init` + `lifecycle run` on the team's own tables, with the CLI installed
from a wheel of a clean clone (the `installed` fixture) and no project file copied from this repository."""

import subprocess

import duckdb
import pytest
import yaml
from consumer_project import DBT, run_command
from repository import REPOSITORY_DIR

from customer_lifecycle.scaffold import Inputs, ScaffoldError, installed_from, write_project


@pytest.fixture(scope="module")
def initialised(installed, tmp_path_factory):
    """A shop of 300 customers in the team's DuckDB file (its own tables in main), then `lifecycle init`,
    `dbt deps` and `lifecycle run` there."""
    project = tmp_path_factory.mktemp("init") / "acme_shop"
    lifecycle = str(installed.venv / "bin" / "lifecycle")
    run_command(
        [lifecycle, "generate", "--customers", "300", "--out", str(project / "acme_shop.duckdb")], project.parent
    )
    output = run_command(
        [
            lifecycle,
            "init",
            str(project),
            "--package",
            str(installed.clone),
            "--orders-table",
            "raw_orders",
            "--customers-table",
            "raw_customers",
        ],
        project.parent,
    )
    run_command([DBT, "deps"], project)
    run_output = run_command([lifecycle, "run"], project)
    return project, output, run_output


def test_init_writes_a_project_that_reads_the_team_tables_and_prints_the_next_commands(initialised):
    project, output, _ = initialised
    package_vars = yaml.safe_load((project / "dbt_project.yml").read_text())["vars"]["customer_lifecycle"]
    assert package_vars == {
        "lifecycle_use_sample_shop": False,
        "lifecycle_source_schema": None,
        "lifecycle_orders_table": "raw_orders",
        "lifecycle_has_customers": True,
        "lifecycle_customers_table": "raw_customers",
        "lifecycle_has_events": False,
    }
    assert output.rstrip().endswith("dbt deps\n  lifecycle run")


def test_lifecycle_run_in_the_new_project_scores_every_customer_of_the_team_orders(initialised):
    project, _, run_output = initialised
    with duckdb.connect(str(project / "acme_shop.duckdb"), read_only=True) as connection:
        raw_orders = connection.execute("select count(*) from main.raw_orders").fetchone()[0]
        loaded = connection.execute("select sum(row_count) from main_lifecycle.orders_load_summary").fetchone()[0]
        customers = connection.execute("select count(*) from main_lifecycle.customer_scores").fetchone()[0]
        events = connection.execute(
            "select count(*) from main_lifecycle.inputs_load_summary where input = 'events'"
        ).fetchone()[0]
    assert loaded == raw_orders and customers > 0 and events == 0  # its own orders, every row; no events input
    assert "Results: DuckDB file" in run_output


def test_init_overwrites_nothing_and_names_the_file(initialised, installed):
    project, _, _ = initialised
    before = (project / "dbt_project.yml").read_text()
    result = subprocess.run(
        [str(installed.venv / "bin" / "lifecycle"), "init", str(project), "--package", str(installed.clone)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and result.stderr.strip() == (
        f"lifecycle init: ScaffoldError: {project / 'dbt_project.yml'} exists: lifecycle init writes a new project "
        "and overwrites nothing"
    )
    assert (project / "dbt_project.yml").read_text() == before


def test_without_package_the_dbt_package_is_where_this_cli_was_installed_from(tmp_path):
    # this interpreter's customer_lifecycle is installed from the checkout (pip install -e .)
    assert installed_from() == {"local": str(REPOSITORY_DIR)}
    write_project(tmp_path / "shop", Inputs())
    assert yaml.safe_load((tmp_path / "shop" / "packages.yml").read_text()) == {
        "packages": [{"local": str(REPOSITORY_DIR)}]
    }


def test_a_wheel_install_asks_for_the_package_source(installed, tmp_path):
    result = subprocess.run(
        [str(installed.venv / "bin" / "lifecycle"), "init", str(tmp_path / "shop")], capture_output=True, text=True
    )
    assert result.returncode == 1 and "pass --package with the git URL" in result.stderr
    assert not (tmp_path / "shop").exists()


def test_tables_without_an_orders_table_are_refused(tmp_path):
    with pytest.raises(ScaffoldError, match="--orders-table is required"):
        write_project(tmp_path / "shop", Inputs(customers_table="signups"), package=str(REPOSITORY_DIR))
