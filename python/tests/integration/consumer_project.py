"""Helpers for the consumer-project tests: a clean clone's wheel installed into a new venv, commands run
in the consumer project as a user would."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DBT = str(Path(sys.executable).parent / "dbt")  # the same dbt-core the new venv imports
NEW_ORDERS_DAYS = 91  # the retrain's new orders: the last quarter's orders again, one quarter later


@dataclass
class Installed:
    clone: Path  # the clean clone: the dbt package and the pip-installed Python package
    venv: Path
    install_seconds: float


@dataclass
class Run:
    output: str  # what `lifecycle run` printed (to a pipe, as in CI)
    scores: dict  # SCORES_STATE after it


@dataclass
class Consumer:
    installed: Installed
    project: Path  # the consumer dbt project
    runs: list[Run]  # the first `lifecycle run`, then the retrain after new orders

    @property
    def clone(self) -> Path:
        return self.installed.clone

    @property
    def venv(self) -> Path:
        return self.installed.venv

    @property
    def run_output(self) -> str:
        return self.runs[0].output


# What the consumer's own models (integration_tests/models/retention/) hold against the package's scores.
SCORES_STATE = """
    select
        (select count(*) from main_lifecycle.customer_scores) as scored,
        (select count(distinct churn_model_version) from main_lifecycle.customer_scores) as versions,
        (select min(churn_model_version) from main_lifecycle.customer_scores) as version,
        (select count(*) from main.churn_watchlist as w inner join main_lifecycle.customer_scores as s
            on w.customer_id = s.customer_id and w.churn_probability = s.churn_probability
            and w.churn_model_version = s.churn_model_version) as watchlist_matching,
        (select count(*) from main.retention_targets as t inner join main_lifecycle.customer_scores as s
            on t.customer_id = s.customer_id and t.churn_probability = s.churn_probability
            and t.churn_model_version = s.churn_model_version) as targets_matching,
        (select sum(customers) from main.stage_counts) as staged,
        (select count(*) from main_lifecycle.customer_lifecycle) as lifecycle_rows"""


def install_non_editable(clone: Path, venv: Path) -> float:
    """A new venv holding the wheel pip builds from the clone's files (a real, non-editable install).

    The pinned dependencies are this test interpreter's own (a .pth line puts its site-packages after the
    venv's): installing them again costs ~4-5 minutes on CI machines and tests nothing of ours.
    """
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "test_interpreter_packages.pth").write_text(sysconfig.get_path("purelib") + "\n")
    wheels = venv.parent / "wheels"  # the wheel a team installs: built from the clone, as CI would publish it
    run_command(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(clone)], clone
    )
    run_command(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-compile",
            *map(str, wheels.glob("customer_lifecycle-*.whl")),
        ],
        clone,
    )
    return time.perf_counter() - started


def run_command(command: list[str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, text=True, capture_output=True)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def as_dicts(cursor) -> list[dict]:
    """A DB-API cursor's rows as {column: value}."""
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def add_new_orders(orders_csv: Path) -> None:
    """The shop's last quarter of orders once more, one quarter later, as new orders."""
    orders = pd.read_csv(orders_csv, dtype=str)
    ordered_at = pd.to_datetime(orders["ordered_at"])
    new = orders[ordered_at > ordered_at.max() - pd.Timedelta(days=NEW_ORDERS_DAYS)].copy()
    new["ordered_at"] = (pd.to_datetime(new["ordered_at"]) + pd.Timedelta(days=NEW_ORDERS_DAYS)).dt.strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    new["order_id"] = "N" + new["order_id"]
    pd.concat([orders, new]).to_csv(orders_csv, index=False)


def run_consumer(installed: Installed, project: Path, query: Callable[[str], list[dict]]) -> Consumer:
    """The consumer project in `project`, as a team adopts the package: dbt deps and seed, `lifecycle run`;
    then new orders, dbt seed, `lifecycle run` again. `query` reads the warehouse after each run."""
    shutil.copytree(installed.clone / "integration_tests", project)  # committed files only
    (project / "packages.yml").write_text(f"packages:\n  - local: {installed.clone}\n")
    run_command([DBT, "deps"], project)
    run_command([DBT, "seed"], project)  # the team's raw tables, there before the package is ever run
    runs = []
    for retrain in (False, True):
        if retrain:
            add_new_orders(project / "seeds" / "shop_orders.csv")
            run_command([DBT, "seed", "--select", "shop_orders"], project)
        output = run_command([str(installed.venv / "bin" / "lifecycle"), "run"], project)
        (scores,) = query(SCORES_STATE)
        runs.append(Run(output, scores))
    return Consumer(installed, project, runs)
