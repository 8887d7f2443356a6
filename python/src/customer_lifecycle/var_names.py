"""Vars the package never reads: dbt ignores an unknown var without a word, so a misspelled
`lifecycle_horizon_dayz` or `as_of_dat` would silently leave the default in force. Each gets a warning that
names the closest declared var.

The declared vars are those of the package's one var declaration (vars.yml, read by var_rules.py).
"""

from __future__ import annotations

import difflib

from customer_lifecycle.project import PACKAGE, DbtProject
from customer_lifecycle.var_rules import RULES

PREFIX = "lifecycle_"
AS_OF_DATE = "as_of_date"  # the one var without the prefix
LOOK_ALIKE = 0.8  # difflib ratio from which a name reads as as_of_date mistyped (as_of_dat: 0.95, asofdate: 0.89)


def given_vars(project: DbtProject, projects: dict) -> set[str]:
    """The var names set for this run: --vars, and the root project's vars (global, or scoped to the package)."""
    config = project.config
    scopes = set(projects) | {config.project_name}  # `vars: {customer_lifecycle: {...}}`
    root = config.vars.vars
    return {name for name in root if name not in scopes} | set(root.get(PACKAGE) or {}) | set(project.vars)


def _meant_for_the_package(name: str) -> bool:
    return (
        name.lower().startswith(PREFIX) or difflib.SequenceMatcher(None, name.lower(), AS_OF_DATE).ratio() >= LOOK_ALIKE
    )


def unknown_var_warnings(project: DbtProject) -> list[str]:
    """One line per var that looks meant for the package but is not declared, naming the closest declared one."""
    projects = project.loaded_projects()
    if not projects:
        return []
    declared = sorted(RULES)
    return [
        f"var {name} is not a {PACKAGE} var, so it is ignored and the default is used; did you mean "
        f"{difflib.get_close_matches(name.lower(), declared, n=1, cutoff=0)[0]}?"
        for name in sorted(given_vars(project, projects) - set(declared))
        if _meant_for_the_package(name)
    ]
