"""Helpers for the consumer-project tests: a clean clone's wheel installed into a new venv, commands run
in the consumer project as a user would."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

DBT = str(Path(sys.executable).parent / "dbt")  # the same dbt-core the new venv imports


@dataclass
class Consumer:
    clone: Path          # the clean clone: the dbt package and the pip-installed Python package
    venv: Path
    project: Path        # the consumer dbt project
    run_output: str      # what `lifecycle run` printed
    install_seconds: float


def install_non_editable(clone: Path, venv: Path) -> float:
    """A new venv holding the wheel pip builds from the clone's files (a real, non-editable install).

    The pinned dependencies are this test interpreter's own (a .pth line puts its site-packages after the
    venv's): installing them again costs ~4-5 minutes on CI machines and tests nothing of ours.
    """
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "test_interpreter_packages.pth").write_text(sysconfig.get_path("purelib") + "\n")
    wheels = venv.parent / "wheels"  # the wheel a team installs: built from the clone, as CI would publish it
    run_command([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(clone)],
                clone)
    run_command([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile",
                 *map(str, wheels.glob("customer_lifecycle-*.whl"))], clone)
    return time.perf_counter() - started


def run_command(command: list[str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, text=True, capture_output=True)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout
