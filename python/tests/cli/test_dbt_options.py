"""`lifecycle` reads the dbt project, profile, target and vars as dbt does (through dbt's own code)."""

import pytest
from dbt.exceptions import OptionNotYamlDictError
from repository import REPOSITORY_DIR

from customer_lifecycle.cli import build_parser, warehouse_options
from customer_lifecycle.project import parse_vars, resolve_dbt_flags
from customer_lifecycle.train.run import label_horizon_days
from customer_lifecycle.warehouse import Warehouse

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
    monkeypatch.setenv("DBT_PROFILES_DIR", str(REPOSITORY_DIR))  # dbt reads no profiles.yml from --project-dir
    assert _warehouse("--project-dir", str(REPOSITORY_DIR)).project.is_package_itself
    with pytest.raises(FileNotFoundError, match="no dbt_project.yml"):
        _warehouse()


def test_a_consumer_project_needs_dbt_deps_before_training(monkeypatch):
    monkeypatch.chdir(CONSUMER)
    if (CONSUMER / "dbt_packages").exists():
        pytest.skip("integration_tests/ has its packages installed")
    with pytest.raises(Exception, match="dbt deps"):  # dbt's own message
        label_horizon_days(_warehouse())


def test_profiles_dir_as_dbt_flag_then_env_then_current_directory_then_home(monkeypatch, tmp_path):
    """As dbt: a profiles.yml in the --project-dir folder is not read unless that is the current directory."""
    here, home, elsewhere, flag = (tmp_path / name for name in ("here", "home", "elsewhere", "flag"))
    for folder in (here, home / ".dbt", elsewhere, flag):
        folder.mkdir(parents=True)
    monkeypatch.delenv("DBT_PROFILES_DIR", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(here)
    assert resolve_dbt_flags(CONSUMER)["profiles_dir"] == home / ".dbt"
    (here / "profiles.yml").write_text("{}")
    assert resolve_dbt_flags(CONSUMER)["profiles_dir"] == here
    monkeypatch.setenv("DBT_PROFILES_DIR", str(elsewhere))
    assert resolve_dbt_flags(CONSUMER)["profiles_dir"] == elsewhere
    assert resolve_dbt_flags(CONSUMER, profiles_dir=flag)["profiles_dir"] == flag


def test_no_profiles_folder_is_one_line_naming_where_dbt_looks(monkeypatch, tmp_path):
    monkeypatch.delenv("DBT_PROFILES_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"\.dbt.*does not exist.*DBT_PROFILES_DIR, the current directory"):
        resolve_dbt_flags(CONSUMER)


def test_dbt_log_goes_to_the_project_logs_or_log_path(monkeypatch, tmp_path):
    monkeypatch.delenv("DBT_LOG_PATH", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_dbt_flags(CONSUMER, profiles_dir=CONSUMER)["log_path"] == CONSUMER / "logs"
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "env"))
    assert resolve_dbt_flags(CONSUMER, profiles_dir=CONSUMER)["log_path"] == tmp_path / "env"
    assert (
        resolve_dbt_flags(CONSUMER, profiles_dir=CONSUMER, log_path=tmp_path / "flag")["log_path"] == tmp_path / "flag"
    )


def test_target_and_profiles_dir_pick_the_output(monkeypatch, tmp_path):
    (tmp_path / "profiles.yml").write_text(
        "customer_lifecycle:\n  target: dev\n  outputs:\n"
        f"    dev: {{type: duckdb, path: {tmp_path / 'dev.duckdb'}, schema: dev}}\n"
        f"    prod: {{type: duckdb, path: {tmp_path / 'prod.duckdb'}, schema: prod}}\n"
    )
    monkeypatch.chdir(REPOSITORY_DIR)
    monkeypatch.delenv("DBT_TARGET", raising=False)
    assert _warehouse("--profiles-dir", str(tmp_path)).schema == "dev"
    assert _warehouse("--profiles-dir", str(tmp_path), "--target", "prod").schema == "prod"
    monkeypatch.setenv("DBT_TARGET", "prod")  # as dbt: the env var names the target, --target overrides it
    assert _warehouse("--profiles-dir", str(tmp_path)).schema == "prod"
    assert _warehouse("--profiles-dir", str(tmp_path), "--target", "dev").schema == "dev"
