"""The processes the crash test kills: each publishes a prepared new set of artifacts into a project, exactly as
`lifecycle train` does after fitting (publication(), write_deployment()), and before every file operation
prints `step <operation>` and waits for a line on stdin, so the test can SIGKILL it at that step
(install_hooks() does the same in a `lifecycle train` process).

    python publish_child.py PROJECT_DIR NEW_PROJECT_DIR

Importing the package takes seconds, so this process imports once and forks one publishing process per line
`publish` on stdin: that one prints `pid <pid>`, then its steps; this one then prints `exit <exit code>`.
"""

import os
import shutil
import sys
import traceback
from pathlib import Path

import pandas as pd

from customer_lifecycle.project import DbtProject
from customer_lifecycle.train.artifacts import read_deployment, write_deployment
from customer_lifecycle.train.paths import ArtifactPaths
from customer_lifecycle.train.publication import publication


def artifact_files(paths: ArtifactPaths) -> list[Path]:
    """Every file one training publishes (this test's trainings: with a card, in the package's own layout)."""
    return sorted(path for path in [*paths.macros.rglob("*"), *paths.card.rglob("*"), paths.registry] if path.is_file())


def step(name: str) -> None:
    print(f"step {name}", flush=True)
    sys.stdin.readline()


def hooked(operation):
    def run(*args, **kwargs):
        step(f"{operation.__name__} {' '.join(str(a) for a in args)}")
        return operation(*args, **kwargs)

    return run


def stage(staged: ArtifactPaths, new: ArtifactPaths) -> None:
    """The new training's files into the staging folder; deployment.sql through the writer training uses."""
    window = read_deployment(new.deployment.read_text())
    origin = {key: window[key] for key in ("trained_in_project", "trained_on_sample_shop", "clv_versions", "selected")}
    staged.macros.mkdir(parents=True, exist_ok=True)
    step("write_deployment")
    refit, churn_training = (
        {"first_snapshot": window[f"first_{kind}_snapshot"], "last_snapshot": window[f"last_{kind}_snapshot"]}
        for kind in ("training", "churn_training")
    )
    write_deployment(
        staged,
        window["versions"],
        window["features"],
        refit,
        pd.Timestamp(window["validation_snapshot"]),
        pd.Timestamp(window["trained_as_of"]),
        origin,
        churn_training,
    )
    assert staged.deployment.read_bytes() == new.deployment.read_bytes()
    for source in (path for path in artifact_files(new) if path != new.deployment):
        target = staged.project / source.relative_to(new.project)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def publish(paths: ArtifactPaths, new: ArtifactPaths) -> None:
    print(f"pid {os.getpid()}", flush=True)
    try:
        with publication(paths) as staged:
            stage(staged, new)
        step("done")
    except BaseException:
        traceback.print_exc()
        os._exit(1)
    os._exit(0)


def install_hooks() -> None:
    os.replace, shutil.copyfile, shutil.rmtree = hooked(os.replace), hooked(shutil.copyfile), hooked(shutil.rmtree)


if __name__ == "__main__":
    paths, new = (ArtifactPaths.of(DbtProject.find(Path(argument))) for argument in sys.argv[1:3])
    install_hooks()
    for command in sys.stdin:
        assert command.strip() == "publish", command
        child = os.fork()
        if child == 0:
            publish(paths, new)
        print(f"exit {os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])}", flush=True)
