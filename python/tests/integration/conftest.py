"""A consumer dbt project in a temp folder (a copy of integration_tests/) that installs a clean clone of this
repository as a dbt package, with `lifecycle` installed into a new venv from a wheel built from that clone."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from consumer_project import DBT, Consumer, install_non_editable, run_command
from repository import REPOSITORY_DIR


@pytest.fixture(scope="session")
def consumer(tmp_path_factory) -> Consumer:
    root = tmp_path_factory.mktemp("consumer")
    clone = root / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPOSITORY_DIR), str(clone)], check=True)
    install_seconds = install_non_editable(clone, root / "venv")
    project = root / "project"
    shutil.copytree(clone / "integration_tests", project)  # committed files only
    (project / "packages.yml").write_text(f"packages:\n  - local: {clone}\n")
    run_command([DBT, "deps"], project)
    run_command([DBT, "seed"], project)  # the team's raw tables, there before the package is ever run
    output = run_command([str(root / "venv" / "bin" / "lifecycle"), "run"], project)
    return Consumer(clone, root / "venv", project, output, install_seconds)
