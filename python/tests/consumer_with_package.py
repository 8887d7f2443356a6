"""A consumer project (a copy of integration_tests/) whose dbt_packages/ holds a customer_lifecycle of a given
version, as `dbt deps` would leave it: enough for dbt to load the package's dbt_project.yml."""

import shutil
from pathlib import Path

from repository import REPOSITORY_DIR

from customer_lifecycle import __version__


def consumer_with_package(destination: Path, package_version: str) -> Path:
    shutil.copytree(
        REPOSITORY_DIR / "integration_tests",
        destination,
        ignore=shutil.ignore_patterns("dbt_packages", "target", "logs", "*.duckdb*"),
    )
    package = destination / "dbt_packages" / "customer_lifecycle"
    package.mkdir(parents=True)
    text = (REPOSITORY_DIR / "dbt_project.yml").read_text()
    (package / "dbt_project.yml").write_text(
        text.replace(f'version: "{__version__}"', f'version: "{package_version}"', 1)
    )
    return destination
