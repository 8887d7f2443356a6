"""Issue 23: `lifecycle train` killed while it publishes its files must never leave dbt serving a silent mix.

A process publishes a second training's files into a built project (publish_child.py: the production
publication code) and is SIGKILLed before each of its file operations in turn. After every kill
`dbt run -s scored_snapshots` either serves one whole set (the old files or the new ones byte for byte,
versions as deployment() says, scores equal to the joblib beside them) or stops with
one line naming the unfinished swap and `lifecycle train`; and what the next `lifecycle train` does first
(finish_interrupted) leaves the new set once the commit point was passed, the old one before it. The real
`lifecycle train` command is killed at the two points that matter too, and the next one repairs what it left.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from publish_child import artifact_files
from scoring.saved_models import assert_parity, scored_rows

from customer_lifecycle.project import DbtProject
from customer_lifecycle.train import train
from customer_lifecycle.train.artifacts import read_deployment
from customer_lifecycle.train.paths import ArtifactPaths
from customer_lifecycle.train.publication import COMMITTED, PARTIAL, STAND_IN, finish_interrupted
from customer_lifecycle.warehouse import DbtCommandError, Warehouse

CHILD = Path(__file__).with_name("publish_child.py")
VERSION_COLUMNS = {
    "churn_lr": "churn_lr_model_version",
    "churn_tree": "churn_tree_model_version",
    "value_tree": "value_tree_model_version",
    "spend_tree": "spend_model_version",
}


def _files(paths: ArtifactPaths) -> dict[str, bytes]:
    return {path.relative_to(paths.project).as_posix(): path.read_bytes() for path in artifact_files(paths)}


def _put_back(paths: ArtifactPaths, files: dict[str, bytes]) -> None:
    """The project's artifacts exactly `files` again, no staging folder left."""
    for folder in (PARTIAL, COMMITTED):
        shutil.rmtree(paths.project / folder, ignore_errors=True)
    for path in artifact_files(paths):
        path.unlink()
    for relative, content in files.items():
        (paths.project / relative).write_bytes(content)


@pytest.fixture(scope="module")
def projects(committed, tmp_path_factory):
    """(old, new): the built sample shop with the committed models, and a copy trained on 2/3 of the customers."""
    committed.close()  # release the DuckDB file (it reopens on the next query) so a copy is consistent
    root = tmp_path_factory.mktemp("publish")
    old, new = (
        shutil.copytree(committed.project_dir, root / name, ignore=shutil.ignore_patterns("target", "logs"))
        for name in ("old", "new")
    )
    with duckdb.connect(str(new / "shop.duckdb")) as connection:
        connection.execute("delete from customer_features where hash(customer_id) % 3 = 0")
    other = Warehouse(duckdb_path=new / "shop.duckdb", project_dir=new, quiet=True)
    train(other, progress=lambda _: None)
    other.close()
    return ArtifactPaths.of(DbtProject.find(old)), ArtifactPaths.of(DbtProject.find(new))


@pytest.fixture
def publisher(projects):
    """Publishes the new set into the old project in a new process, SIGKILLed at step `kill_at` (None: never);
    returns the steps it reached."""
    old, new = projects
    server = subprocess.Popen(
        [sys.executable, str(CHILD), str(old.project), str(new.project)],
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )

    def publish(kill_at: int | None = None) -> list[str]:
        server.stdin.write("publish\n")
        server.stdin.flush()
        pid, steps = int(server.stdout.readline().split()[1]), []
        while not (line := server.stdout.readline().strip()).startswith("exit"):
            steps.append(line.removeprefix("step "))
            if len(steps) - 1 == kill_at:
                os.kill(pid, signal.SIGKILL)
            else:
                server.stdin.write("\n")
                server.stdin.flush()
        if line != f"exit {-signal.SIGKILL if kill_at is not None else 0}":
            server.stdin.close()
            pytest.fail(f"the publishing process ended with {line}: {server.stderr.read()}")
        return steps

    yield publish
    server.stdin.close()
    assert server.wait(timeout=60) == 0 and "Traceback" not in server.stderr.read()


def _serve(wh: Warehouse, sets: dict[str, dict[str, bytes]]) -> str:
    """`dbt run -s scored_snapshots`, then what it served: the name of the set in place, or "stopped"."""
    try:
        wh.dbt("run", "-s", "scored_snapshots")
    except DbtCommandError as error:
        reason = next(line.strip() for line in str(error).splitlines() if "customer_lifecycle:" in line)
        assert "lifecycle train" in reason and "Traceback" not in str(error), str(error)
        return "stopped"
    in_place = _files(ArtifactPaths.of(wh.project))
    published = sets["old"].keys() | sets["new"].keys()
    name = next((name for name, files in sets.items() if all(in_place.get(p) == files.get(p) for p in published)), None)
    assert name, f"dbt served a mix: {sorted(p for p in published if in_place.get(p) != sets['old'].get(p))} are new"
    versions = read_deployment(ArtifactPaths.of(wh.project).deployment.read_text())["versions"]
    frame = scored_rows(wh, "scored_snapshots", "snapshot_date")
    assert_parity(frame, wh)  # the scores equal the joblib files in place
    for model, column in VERSION_COLUMNS.items():
        assert set(frame[column]) == {versions[model]}, column
    return name


def test_a_publish_killed_at_any_step_serves_one_whole_set_or_stops_the_build(projects, publisher):
    old, new = projects
    sets = {"old": _files(old), "new": _files(new)}
    old_versions, new_versions = (
        read_deployment(sets[name]["macros/generated/deployment.sql"].decode())["versions"] for name in ("old", "new")
    )
    assert all(old_versions[model] != new_versions[model] for model in old_versions), "the two trainings must differ"
    wh = Warehouse(duckdb_path=old.project / "shop.duckdb", project_dir=old.project, quiet=True)
    outcomes = {}  # dbt's answer per set of files in place

    def serve() -> str:
        key = hashlib.sha256(repr(sorted(_files(old).items())).encode()).hexdigest()
        if key not in outcomes:
            outcomes[key] = _serve(wh, sets)
        return outcomes[key]

    steps = publisher()
    assert _files(old) == sets["new"] and serve() == "new"
    seen = []
    try:
        for kill_at, step in enumerate(steps[:-1]):
            _put_back(old, sets["old"])
            publisher(kill_at)
            served = serve()
            committed = (old.project / COMMITTED).exists()
            finish_interrupted(old)  # what the next `lifecycle train` does first
            expected = "new" if committed else "old"
            assert _files(old) == sets[expected] and serve() == expected, step
            seen.append(served)
    finally:
        _put_back(old, sets["old"])
    print(f"{len(steps) - 1} kill points: " + ", ".join(f"{seen.count(o)} {o}" for o in ("old", "stopped", "new")))
    assert {"old", "stopped", "new"} <= set(seen)


def test_a_macro_of_another_training_stops_the_build_naming_the_model_and_both_versions(projects, tmp_path):
    """The crash of the issue: a new churn_lr.sql, an empty churn_lr.joblib and the old deployment.sql."""
    old, new = projects
    project = shutil.copytree(old.project, tmp_path / "mixed", ignore=shutil.ignore_patterns("target", "logs"))
    mixed = ArtifactPaths.of(DbtProject.find(project))
    shutil.copyfile(new.macros / "churn_lr.sql", mixed.macros / "churn_lr.sql")
    (mixed.models / "churn_lr.joblib").write_bytes(b"")
    expected = read_deployment(mixed.deployment.read_text())["versions"]["churn_lr"]
    generated = read_deployment(new.deployment.read_text())["versions"]["churn_lr"]
    wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project, quiet=True)
    with pytest.raises(DbtCommandError) as stopped:
        wh.dbt("run", "-s", "scored_snapshots")
    assert (
        f"customer_lifecycle: the generated macros of churn_lr have version {generated} but deployment() expects "
        f"{expected} (the generated files mix two trainings); retrain with `lifecycle train`"
    ) in str(stopped.value)


def _train(project: Path, kill: Callable[[str], bool] = lambda step: False) -> str:
    """`lifecycle train` in a process whose file operations are hooked (publish_child.install_hooks), SIGKILLed
    at the first step `kill` picks; returns what it printed."""
    script = (
        f"import sys; sys.path.insert(0, {str(CHILD.parent)!r}); import publish_child; "
        "publish_child.install_hooks(); from customer_lifecycle.cli import main; "
        f"sys.exit(main(['train', '--project-dir', {str(project)!r}, '--duckdb-path', "
        f"{str(project / 'shop.duckdb')!r}]))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    printed, killed = [], False
    while not killed and (line := process.stdout.readline()):
        printed.append(line)
        if line.startswith("step "):
            killed = kill(line.removeprefix("step ").strip())
            if killed:
                os.kill(process.pid, signal.SIGKILL)
            else:
                process.stdin.write("\n")
                process.stdin.flush()
    error = process.communicate(timeout=600)[1]
    assert process.returncode == (-signal.SIGKILL if killed else 0) and "Traceback" not in error, error
    return "".join(printed)


def test_lifecycle_train_killed_while_it_publishes_is_finished_by_the_next_one(projects, tmp_path):
    """The command itself, SIGKILLed before its commit point, then just after its stand-in took deployment.sql's
    place: nothing is written in place before the commit; after it dbt stops; the next `lifecycle train` finishes
    the swap before it trains (then publishes the same models again)."""
    old, new = projects
    project = shutil.copytree(new.project, tmp_path / "project", ignore=shutil.ignore_patterns("target", "logs"))
    paths = ArtifactPaths.of(DbtProject.find(project))
    sets = {"old": _files(old), "new": _files(new)}
    _put_back(paths, sets["old"])  # the old models in place, the data of the new training in the warehouse

    _train(project, kill=lambda step: step == f"replace {project / PARTIAL} {project / COMMITTED}")
    assert _files(paths) == sets["old"] and not (project / COMMITTED).exists()

    stand_in = f"replace {paths.deployment}{STAND_IN} {paths.deployment}"
    steps = []
    _train(project, kill=lambda step: bool(steps.append(step)) or steps[-2:-1] == [stand_in])
    # the dbt CLI, in its own process: an in-process dbt-duckdb keeps the file open, and the next train needs it
    stopped = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "run",
            "-s",
            "scored_snapshots",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
        ],
        text=True,
        capture_output=True,
        env={**os.environ, "LIFECYCLE_DUCKDB_PATH": str(project / "shop.duckdb")},
    )
    assert stopped.returncode == 1 and "Traceback" not in stopped.stdout + stopped.stderr, stopped.stdout
    assert "customer_lifecycle: `lifecycle train` was stopped while it swapped in new models" in stopped.stdout

    assert "finished swapping in the models" in _train(project)
    assert _files(paths) == sets["new"]
    assert _serve(Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project, quiet=True), sets) == "new"
