"""The sample shop built in its own copy of the dbt project: `committed`: `dbt build` alone with the
committed models (DuckDB); `trained`: `lifecycle run` (seed, build, train, build) on DuckDB;
`trained_on_postgres`: `lifecycle run --target postgres` on the test server."""
import pytest

from customer_lifecycle.warehouse import Warehouse
from project_copy import copy_project


@pytest.fixture(scope="session")
def committed(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("committed"))
    wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project)
    wh.dbt("build")
    yield wh
    wh.close()


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    from customer_lifecycle.main_job import run_main_job

    project = copy_project(tmp_path_factory.mktemp("trained"))
    summary = run_main_job(duckdb_path=str(project / "shop.duckdb"), project_dir=project)
    wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project)
    wh.summary = summary
    yield wh
    wh.close()


@pytest.fixture(params=["committed", "trained"])
def built(request):
    """Both ways to the scores view: the committed default models, and a fresh `lifecycle run`."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def trained_on_postgres(tmp_path_factory, postgres_target):
    """(project dir, summary) of `lifecycle run --target postgres` in a copy of the project."""
    from customer_lifecycle.main_job import run_main_job

    project = copy_project(tmp_path_factory.mktemp("trained_on_postgres"))
    with postgres_target("lifecycle_main_job"):
        summary = run_main_job("postgres", project_dir=project)
    return project, summary

