"""The wheel's `lifecycle` and the dbt package a project installs are one release; another release stops
the CLI with one line (issue 22)."""

import subprocess

from consumer_with_package import consumer_with_package

from customer_lifecycle import __version__


def _lifecycle(consumer, *argv, cwd):
    return subprocess.run([str(consumer.venv / "bin" / "lifecycle"), *argv], cwd=cwd, capture_output=True, text=True)


def test_the_wheel_installs_the_version_of_the_clone(consumer):
    assert _lifecycle(consumer, "--version", cwd=consumer.project).stdout == f"lifecycle {__version__}\n"


def test_an_older_dbt_package_stops_the_installed_cli_with_one_line(consumer, tmp_path):
    result = _lifecycle(consumer, "train", cwd=consumer_with_package(tmp_path / "project", "0.0.1"))
    assert result.returncode == 1
    assert result.stderr == (
        f"lifecycle train: PackageVersionMismatch: the customer_lifecycle dbt package in "
        f"dbt_packages/customer_lifecycle is 0.0.1, older than the lifecycle CLI {__version__}: "
        f"set its `revision:` in packages.yml to the CLI's release (v{__version__}) and run "
        "`dbt deps`\n"
    )
