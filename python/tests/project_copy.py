"""A copy of the dbt project in a temp folder: tests train and write artifacts there, never in the repository."""

import shutil
from pathlib import Path

from repository import REPOSITORY_DIR as PROJECT_DIR

PROJECT_PARTS = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "python/model_card"]


def copy_project(destination: Path) -> Path:
    for part in PROJECT_PARTS:
        source, target = PROJECT_DIR / part, destination / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return destination
