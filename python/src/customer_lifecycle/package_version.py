"""One release, two installs: the `lifecycle` CLI (pip) and the customer_lifecycle dbt package a project
installs (packages.yml, `dbt deps`). The CLI trains what the package's models feed and writes the macros
they call, so their major.minor versions must match, as Elementary's `edr` checks its own dbt package; a
patch release keeps that contract, so patch versions may differ.
"""

from __future__ import annotations

import os

from customer_lifecycle import __version__
from customer_lifecycle.project import PACKAGE, DbtProject


class PackageVersionMismatch(Exception):
    """The installed dbt package and the CLI are different releases."""


def release(version: str) -> tuple[int, int]:
    """The (major, minor) of a version such as 0.1.0."""
    major, minor = str(version).split(".")[:2]
    return int(major), int(minor)


def mismatch(package_version: str, cli_version: str, package_dir: str) -> str | None:
    """One line saying which install is older and how to upgrade it; None when the releases match."""
    if release(package_version) == release(cli_version):
        return None
    if release(package_version) < release(cli_version):
        return (
            f"the {PACKAGE} dbt package in {package_dir} is {package_version}, older than the lifecycle CLI "
            f"{cli_version}: set its `revision:` in packages.yml to the CLI's release (v{cli_version}) and run "
            "`dbt deps`"
        )
    return (
        f"the lifecycle CLI is {cli_version}, older than the {PACKAGE} dbt package {package_version} in "
        f"{package_dir}: pip install customer-lifecycle from the same release as packages.yml (v{package_version})"
    )


def check_installed_package(project: DbtProject) -> None:
    """Raise PackageVersionMismatch when the project's installed customer_lifecycle is another release than
    this CLI. Nothing to check in this repository (the package is the root project) or before `dbt deps`
    (dbt stops with its own message)."""
    if project.is_package_itself:
        return
    package = project.loaded_projects().get(PACKAGE)
    if package is None:
        return
    line = mismatch(str(package.version), __version__, os.path.relpath(package.project_root, project.directory))
    if line is not None:
        raise PackageVersionMismatch(line)
