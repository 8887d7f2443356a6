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

from customer_lifecycle.var_rules import RULES, SAMPLE_SHOP_BOOLEAN

PACKAGE = "customer_lifecycle"  # the dbt package's name (dbt_project.yml `name`)


def resolve_dbt_flags(project_dir=None, profiles_dir=None, target=None, log_path=None) -> dict:
    """Project folder, profiles folder, target and log folder as dbt resolves them for `dbt parse`: the flag, then
    DBT_PROJECT_DIR / DBT_PROFILES_DIR / DBT_TARGET / DBT_LOG_PATH, then dbt's defaults (the current folder or
    a parent with dbt_project.yml; profiles.yml in the current folder, else ~/.dbt; the project's logs/)."""
    import click
    from dbt.cli.flags import Flags, args_to_context

    given = {"--project-dir": project_dir, "--profiles-dir": profiles_dir, "--target": target, "--log-path": log_path}
    try:
        flags = Flags(
            args_to_context(
                [
                    "parse",
                    *(part for option, value in given.items() if value is not None for part in (option, str(value))),
                ]
            )
        )
    except click.BadParameter as error:  # e.g. no ~/.dbt: say which profiles.yml dbt looked for
        raise FileNotFoundError(
            f"{error.format_message()} (dbt looks for profiles.yml in --profiles-dir, "
            "DBT_PROFILES_DIR, the current directory, then ~/.dbt)"
        ) from None
    return {
        "project_dir": Path(flags.PROJECT_DIR),
        "profiles_dir": Path(flags.PROFILES_DIR),
        "target": flags.TARGET,
        "log_path": Path(flags.LOG_PATH),
    }


def parse_vars(text: str | None) -> dict:
    """`--vars` as dbt reads it: a YAML (or JSON) mapping."""
    from dbt.config.utils import parse_cli_vars

    return parse_cli_vars(text) if text else {}


@dataclass
class DbtProject:
    directory: Path
    profiles_dir: Path
    target_override: str | None
    log_path: Path
    vars: dict

    @classmethod
    def find(cls, project_dir=None, profiles_dir=None, target=None, vars=None, log_path=None) -> DbtProject:
        resolved = resolve_dbt_flags(project_dir, profiles_dir, target, log_path)
        directory = resolved["project_dir"]
        if not (directory / "dbt_project.yml").exists():
            raise FileNotFoundError(
                f"no dbt_project.yml in {directory.resolve()}: run `lifecycle` in a dbt project or pass --project-dir"
            )
        return cls(directory, resolved["profiles_dir"], resolved["target"], resolved["log_path"], dict(vars or {}))

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
        return RuntimeConfig.from_parts(
            project, profile, Namespace(vars=self.vars, threads=None, profiles_dir=str(self.profiles_dir))
        )

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
        """A customer_lifecycle var as the package's models see it (lifecycle_var): --vars, the root project's
        vars, the package's default; a null boolean_or_sample_shop var is true on this repository's sample shop."""
        from dbt.context.configured import ConfiguredVar

        value = ConfiguredVar({}, self.config, PACKAGE)(name)
        if value is None and RULES.get(name) == SAMPLE_SHOP_BOOLEAN:
            return bool(self.var("lifecycle_use_sample_shop")) and self.is_package_itself
        return value

    def folder(self, kind: str) -> Path:
        """The project's first macro or seed folder (`macro-paths` / `seed-paths` in dbt_project.yml)."""
        return self.directory / getattr(self.config, f"{kind}_paths")[0]
