"""The CLI and the customer_lifecycle dbt package a project installs must be one release (major.minor): a
mismatch stops every command that talks to dbt with one line saying which is older and how to upgrade."""

import pytest
import yaml
from consumer_with_package import consumer_with_package
from repository import REPOSITORY_DIR

from customer_lifecycle import __version__
from customer_lifecycle.cli import main
from customer_lifecycle.package_version import check_installed_package, mismatch
from customer_lifecycle.warehouse import Warehouse

MAJOR, MINOR, _ = __version__.split(".")
NEXT_MINOR = f"{MAJOR}.{int(MINOR) + 1}.0"
PATCH = f"{MAJOR}.{MINOR}.99"


def test_the_dbt_package_and_the_python_package_declare_one_version():
    assert yaml.safe_load((REPOSITORY_DIR / "dbt_project.yml").read_text())["version"] == __version__


def test_a_patch_release_of_either_install_matches():
    assert mismatch(PATCH, __version__, "dbt_packages/customer_lifecycle") is None
    assert mismatch(__version__, PATCH, "dbt_packages/customer_lifecycle") is None


def test_an_installed_package_of_the_same_release_passes(tmp_path):
    project = consumer_with_package(tmp_path / "project", PATCH)
    check_installed_package(Warehouse(project_dir=project, profiles_dir=project).project)


@pytest.mark.parametrize(
    "package_version, says",
    [
        (
            "0.0.1",
            f"the customer_lifecycle dbt package in dbt_packages/customer_lifecycle is 0.0.1, older than the "
            f"lifecycle CLI {__version__}: set its `revision:` in packages.yml to the CLI's release (v{__version__}) "
            "and run `dbt deps`",
        ),
        (
            NEXT_MINOR,
            f"the lifecycle CLI is {__version__}, older than the customer_lifecycle dbt package {NEXT_MINOR} in "
            f"dbt_packages/customer_lifecycle: pip install customer-lifecycle from the same release as "
            f"packages.yml (v{NEXT_MINOR})",
        ),
    ],
)
def test_another_release_stops_the_command_with_one_line(tmp_path, capsys, package_version, says):
    project = consumer_with_package(tmp_path / "project", package_version)
    # profiles.yml is the copy's own: dbt (and lifecycle) look in the current directory, not the project folder
    assert main(["train", "--project-dir", str(project), "--profiles-dir", str(project)]) == 1
    assert capsys.readouterr().err == f"lifecycle train: PackageVersionMismatch: {says}\n"
