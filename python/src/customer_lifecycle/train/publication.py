"""One training's files swapped into the project together: a crash leaves the old set or the new one in place,
and while a swap is unfinished dbt stops instead of serving a mix.

The files live in several folders (macros, model card, seeds), and a rename is atomic for one path only. So:
1. training writes every file into a staging folder at the project root, `.lifecycle_publish.partial/`, under
   the same relative paths (dbt reads nothing there). A crash here leaves the old set; the next run deletes it.
2. the folder is renamed `.lifecycle_publish/`: the commit point. From here on the new set is complete on disk.
3. each stand-in (a staged `<file>.unfinished`; deployment.sql has one, whose deployment() stops every dbt
   command that scores, naming the unfinished swap) takes its file's place;
4. every other staged file replaces its target, one rename each; the files that have a stand-in go last,
   then the staging folder is deleted.
A crash after 2 is finished by the next `lifecycle train` before it trains (`finish_interrupted`): the steps
are idempotent. Files of the old set that the new one lacks stay; deployment() names what is served.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from customer_lifecycle.train.paths import ArtifactPaths

PARTIAL = ".lifecycle_publish.partial"
COMMITTED = ".lifecycle_publish"
STAND_IN = ".unfinished"


@contextmanager
def publication(paths: ArtifactPaths) -> Iterator[ArtifactPaths]:
    """Yields `paths` moved into the staging folder; what the block writes there is swapped in when it ends
    without an error, and deleted when it raises."""
    finish_interrupted(paths)
    partial = paths.project / PARTIAL
    try:
        yield paths.rooted_at(partial)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _flush(partial)
    committed = paths.project / COMMITTED
    os.replace(partial, committed)
    _swap(committed, paths.project)


def finish_interrupted(paths: ArtifactPaths) -> bool:
    """Finish a publish a crash stopped after its commit point, delete one stopped before; True if one was finished."""
    shutil.rmtree(paths.project / PARTIAL, ignore_errors=True)
    committed = paths.project / COMMITTED
    if not committed.exists():
        return False
    _swap(committed, paths.project)
    return True


def _flush(folder: Path) -> None:
    """Every staged file on disk before the commit point, so not even a power cut publishes an empty file."""
    for path in _files(folder):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _swap(staging: Path, project: Path) -> None:
    staged = _files(staging)
    stand_ins = [path for path in staged if path.name.endswith(STAND_IN)]
    held = [path for path in staged if path.with_name(path.name + STAND_IN) in stand_ins]
    for path in held:
        # copied, not moved: a crash before `path` is moved must find its stand-in again
        target = project / path.relative_to(staging)
        copy = target.with_name(target.name + STAND_IN)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path.with_name(path.name + STAND_IN), copy)
        os.replace(copy, target)
    for path in [p for p in staged if p not in stand_ins and p not in held] + held:
        target = project / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    shutil.rmtree(staging)
