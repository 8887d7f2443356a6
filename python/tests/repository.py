"""This repository's root: the dbt project (the package itself) the tests copy and compare with."""

from pathlib import Path

REPOSITORY_DIR = Path(__file__).resolve().parents[2]
