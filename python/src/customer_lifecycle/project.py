"""The dbt project `lifecycle` acts on, loaded through dbt's own code: its profile, target, vars and folders.

Like dbt itself, the CLI works on the project in the current directory (or `--project-dir`); that may be
this repository or a consumer project that installs customer_lifecycle as a dbt package.
"""
from __future__ import annotations

import os
from argparse import Namespace
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

PACKAGE = "customer_lifecycle"  # the dbt package's name (dbt_project.yml `name`)


def resolve_profiles_dir(project_dir: Path, profiles_dir: str | os.PathLike | None = None) -> Path:
    """dbt's order: the flag, DBT_PROFILES_DIR, a profiles.yml in the project folder, ~/.dbt."""
    if profiles_dir is not None:
        return Path(profiles_dir)
    if os.environ.get("DBT_PROFILES_DIR"):
        return Path(os.environ["DBT_PROFILES_DIR"])
    if (project_dir / "profiles.yml").exists():
        return project_dir
    return Path.home() / ".dbt"


def parse_vars(text: str | None) -> dict:
    """`--vars` as dbt reads it: a YAML (or JSON) mapping."""
    from dbt.config.utils import parse_cli_vars

    return parse_cli_vars(text) if text else {}


@dataclass
class DbtProject:
    directory: Path
    profiles_dir: Path
    target_override: str | None
    vars: dict

    @classmethod
    def find(cls, project_dir=None, profiles_dir=None, target=None, vars=None) -> "DbtProject":
        from dbt.cli.resolvers import default_project_dir

        directory = Path(project_dir) if project_dir is not None else default_project_dir()
        if not (directory / "dbt_project.yml").exists():
            raise FileNotFoundError(f"no dbt_project.yml in {directory.resolve()}: run `lifecycle` in a dbt project "
                                    "or pass --project-dir")
        return cls(directory, resolve_profiles_dir(directory, profiles_dir), target, dict(vars or {}))

    @cached_property
    def config(self):
        """dbt's RuntimeConfig: the rendered profile (target, credentials) and project (vars, paths)."""
        from dbt.config.runtime import RuntimeConfig, load_profile, load_project
        from dbt.flags import set_from_args
        from dbt_common.context import set_invocation_context

        set_invocation_context(os.environ)  # env_var() in profiles.yml reads the process environment
        set_from_args(Namespace(profiles_dir=str(self.profiles_dir)), None)
        profile = load_profile(str(self.directory), self.vars, None, self.target_override)
        project = load_project(str(self.directory), False, profile, self.vars)
        return RuntimeConfig.from_parts(project, profile, Namespace(vars=self.vars, threads=None,
                                                                    profiles_dir=str(self.profiles_dir)))

    @property
    def name(self) -> str:
        return self.config.project_name

    @property
    def is_package_itself(self) -> bool:
        """True in this repository (the package is the root project), False in a consumer project."""
        return self.name == PACKAGE

    def loaded_projects(self) -> dict:
        """The projects dbt loads for this run, by name (the root, its packages, dbt's own); {} before `dbt deps`
        (the command then stops with dbt's own message)."""
        from dbt.exceptions import UninstalledPackagesFoundError

        try:
            return dict(self.config.load_dependencies())
        except UninstalledPackagesFoundError:
            return {}

    def var(self, name: str):
        """A customer_lifecycle var as the package's models see it: --vars, the root project's vars, the package's default."""
        from dbt.context.configured import ConfiguredVar

        return ConfiguredVar({}, self.config, PACKAGE)(name)

    def folder(self, kind: str) -> Path:
        """The project's first macro or seed folder (`macro-paths` / `seed-paths` in dbt_project.yml)."""
        return self.directory / getattr(self.config, f"{kind}_paths")[0]
