"""`lifecycle init PATH`: a new dbt project that installs customer_lifecycle, ready for `dbt deps` and
`lifecycle run`: dbt_project.yml (the package's vars for the shop's tables, the ref flag), profiles.yml,
packages.yml at the CLI's own release, .gitignore.

The dbt package comes from where this CLI was installed from (PEP 610's direct_url.json: a git URL and
revision, or a local checkout), so the two installs are one release; --package names another source.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

from customer_lifecycle import __version__

DISTRIBUTION = "customer-lifecycle"
FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", ".gitignore")
IGNORED = ["target/", "dbt_packages/", "logs/", "*.duckdb", "*.duckdb.wal", "lifecycle_report.html"]


class ScaffoldError(Exception):
    """A project that cannot be written as asked: the message names the file or option."""


@dataclass(frozen=True)
class Inputs:
    """Where the shop's raw tables are; no orders table = the package's sample shop."""

    source_schema: str | None = None
    orders_table: str | None = None
    customers_table: str | None = None
    events_table: str | None = None


def package_entry(package: str | None) -> dict:
    """packages.yml's entry: `package` (a git URL, or a local folder) at this release, else the source this CLI
    was pip-installed from."""
    if package is None:
        return installed_from()
    if Path(package).is_dir():
        return {"local": str(Path(package).resolve())}
    if re.match(r"^(https?://|git@|ssh://)", package):
        return {"git": package, "revision": f"v{__version__}"}
    raise ScaffoldError(f"--package {package}: neither a folder nor a git URL (https://, ssh:// or git@)")


def installed_from() -> dict:
    """The dbt package entry matching where pip installed this CLI from (a git URL at its revision, a local
    checkout); a wheel or an index install records no project to point at."""
    try:
        direct_url = json.loads(metadata.distribution(DISTRIBUTION).read_text("direct_url.json") or "null")
    except metadata.PackageNotFoundError:
        direct_url = None
    if direct_url and "vcs_info" in direct_url:
        revision = direct_url["vcs_info"].get("requested_revision") or f"v{__version__}"
        return {"git": direct_url["url"], "revision": revision}
    if direct_url and "dir_info" in direct_url:
        return {"local": unquote(urlparse(direct_url["url"]).path)}
    raise ScaffoldError(
        "this lifecycle was installed from a wheel or an index, which names no dbt package to "
        "install: pass --package with the git URL of the repository (the release "
        f"v{__version__} is used) or a local checkout"
    )


def project_name(path: Path) -> str:
    """A dbt project name from the folder name: lower-case letters, digits and underscores, not digit-first."""
    name = re.sub(r"[^a-z0-9_]+", "_", path.resolve().name.lower()).strip("_") or "shop"
    return f"shop_{name}" if name[0].isdigit() else name


def dbt_project(name: str, inputs: Inputs) -> dict:
    package_vars = {"lifecycle_use_sample_shop": inputs.orders_table is None}
    if inputs.orders_table is not None:
        package_vars["lifecycle_source_schema"] = inputs.source_schema
        package_vars["lifecycle_orders_table"] = inputs.orders_table
        for optional, table in (("customers", inputs.customers_table), ("events", inputs.events_table)):
            package_vars[f"lifecycle_has_{optional}"] = table is not None
            if table is not None:
                package_vars[f"lifecycle_{optional}_table"] = table
    return {
        "name": name,
        "version": "1.0.0",
        "config-version": 2,
        "profile": name,
        "clean-targets": ["target", "dbt_packages"],
        # the package's ref('customer_features') means its own model, never one of yours of that name
        "flags": {"require_ref_searches_node_package_before_root": True},
        "vars": {"customer_lifecycle": package_vars},
    }


PROFILES = """\
# dbt's connection settings for this project (dbt reads ./profiles.yml, then ~/.dbt/). DuckDB is the default;
# DBT_TARGET=postgres (or --target postgres) builds on the PostgreSQL server named by the usual PG* variables.
{name}:
  target: duckdb
  outputs:
    duckdb:
      type: duckdb
      path: {name}.duckdb
      schema: main
      threads: 4
    postgres:
      type: postgres
      host: "{{{{ env_var('PGHOST', '127.0.0.1') }}}}"
      port: "{{{{ env_var('PGPORT', '5432') | as_number }}}}"
      user: "{{{{ env_var('PGUSER', 'postgres') }}}}"
      password: "{{{{ env_var('PGPASSWORD', '') }}}}"
      dbname: "{{{{ env_var('PGDATABASE', 'postgres') }}}}"
      schema: analytics
      threads: 4
"""
PROJECT_HEADER = """\
# Written by `lifecycle init`. The package's vars (where your tables are, horizons, risk bands) are listed in
# its docs (vars reference); they go under vars: customer_lifecycle: below.
"""


def write_project(path: Path, inputs: Inputs, package: str | None = None) -> list[Path]:
    """Write the project's files into `path` (made if missing); stop before writing if any of them exists."""
    existing = [path / file for file in FILES if (path / file).exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} exists: lifecycle init writes a new project and overwrites nothing")
    if inputs.orders_table is None and any((inputs.source_schema, inputs.customers_table, inputs.events_table)):
        raise ScaffoldError(
            "--orders-table is required with --source-schema, --customers-table or --events-table "
            "(without it the project reads the package's sample shop)"
        )
    entry = package_entry(package)
    name = project_name(path)
    path.mkdir(parents=True, exist_ok=True)
    contents = {
        "dbt_project.yml": PROJECT_HEADER + yaml.safe_dump(dbt_project(name, inputs), sort_keys=False),
        "profiles.yml": PROFILES.format(name=name),
        "packages.yml": yaml.safe_dump({"packages": [entry]}, sort_keys=False),
        ".gitignore": "\n".join(IGNORED) + "\n",
    }
    for file, text in contents.items():
        (path / file).write_text(text)
    return [path / file for file in FILES]
