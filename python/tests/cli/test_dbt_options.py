"""`lifecycle` reads the dbt project, profile, target and vars as dbt does (through dbt's own code)."""
from pathlib import Path

import pytest
from dbt.exceptions import OptionNotYamlDictError

from customer_lifecycle.cli import build_parser, warehouse_options
from customer_lifecycle.project import parse_vars, resolve_profiles_dir
from customer_lifecycle.train.run import label_horizon_days
from customer_lifecycle.warehouse import Warehouse
from repository import REPOSITORY_DIR

CONSUMER = REPOSITORY_DIR / "integration_tests"


def _warehouse(*argv: str) -> Warehouse:
    return Warehouse(**warehouse_options(build_parser().parse_args(["train", *argv])))


@pytest.mark.parametrize("text", ["{lifecycle_label_horizon_days: 180}", '{"lifecycle_label_horizon_days": 180}'])
def test_vars_are_yaml_or_json(text):
    assert parse_vars(text) == {"lifecycle_label_horizon_days": 180}


def test_vars_must_be_a_mapping():
    with pytest.raises(OptionNotYamlDictError):
        parse_vars("[1, 2]")


def test_training_uses_the_horizon_of_the_run_vars(monkeypatch):
    monkeypatch.chdir(REPOSITORY_DIR)
    assert label_horizon_days(_warehouse()) == 90
    assert label_horizon_days(_warehouse("--vars", "{lifecycle_label_horizon_days: 180}")) == 180


def test_the_project_is_the_current_directory_or_project_dir(monkeypatch, tmp_path):
    monkeypatch.chdir(CONSUMER)
    assert _warehouse().project.name == "customer_lifecycle_integration_tests"
    monkeypatch.chdir(tmp_path)
    assert _warehouse("--project-dir", str(REPOSITORY_DIR)).project.is_package_itself
    with pytest.raises(FileNotFoundError, match="no dbt_project.yml"):
        _warehouse()


def test_a_consumer_project_needs_dbt_deps_before_training(monkeypatch):
    monkeypatch.chdir(CONSUMER)
    if (CONSUMER / "dbt_packages").exists():
        pytest.skip("integration_tests/ has its packages installed")
    with pytest.raises(Exception, match="dbt deps"):  # dbt's own message
        label_horizon_days(_warehouse())


def test_profiles_dir_flag_then_env_then_project_then_home(monkeypatch, tmp_path):
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    monkeypatch.delenv("DBT_PROFILES_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_profiles_dir(project) == tmp_path / "home" / ".dbt"
    (project / "profiles.yml").write_text("{}")
    assert resolve_profiles_dir(project) == project
    monkeypatch.setenv("DBT_PROFILES_DIR", str(elsewhere))
    assert resolve_profiles_dir(project) == elsewhere
    assert resolve_profiles_dir(project, "flag") == Path("flag")


def test_target_and_profiles_dir_pick_the_output(monkeypatch, tmp_path):
    (tmp_path / "profiles.yml").write_text(
        "customer_lifecycle:\n  target: dev\n  outputs:\n"
        f"    dev: {{type: duckdb, path: {tmp_path / 'dev.duckdb'}, schema: dev}}\n"
        f"    prod: {{type: duckdb, path: {tmp_path / 'prod.duckdb'}, schema: prod}}\n")
    monkeypatch.chdir(REPOSITORY_DIR)
    assert _warehouse("--profiles-dir", str(tmp_path)).schema == "dev"
    assert _warehouse("--profiles-dir", str(tmp_path), "--target", "prod").schema == "prod"
