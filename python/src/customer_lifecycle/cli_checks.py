"""Argument checks for the command line: each fails in the parser with one line, before any work starts.

argparse `type=` functions raise ArgumentTypeError (argparse prints the usage and that line);
`load_fitted_model` raises ValueError naming the file.
"""
from __future__ import annotations

import argparse
import os
import re
from pathlib import Path


def positive_int(text: str) -> int:
    """A count: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value}")
    return value


def generate_out(text: str) -> str:
    """Where `generate` writes: a path ending in .duckdb, or a directory (existing, or a name without an extension)."""
    path = Path(text)
    if path.suffix == ".duckdb":
        return _unlocked_duckdb(text)
    if path.is_dir() or (not path.exists() and path.suffix == ""):
        return text
    raise argparse.ArgumentTypeError(
        f"{text}: expected a path ending in .duckdb, or a directory for Parquet files (a name without an extension)")


def existing_duckdb_file(text: str) -> str:
    """A DuckDB file to read: it must exist (connecting would silently create an empty one) and not be locked."""
    if not Path(text).is_file():
        raise argparse.ArgumentTypeError(f"{text}: no such DuckDB file (build it first with `lifecycle run`)")
    return _unlocked_duckdb(text)


def writable_duckdb_path(text: str) -> str:
    """A DuckDB file to build into: created if missing; an existing one must be writable and not locked."""
    path = Path(text)
    if path.exists() and not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(f"{text}: the DuckDB file is read-only")
    return _unlocked_duckdb(text) if path.exists() else text


def _unlocked_duckdb(text: str) -> str:
    """One line naming the file and the process that holds it, instead of dbt's tracebacks later."""
    holder = duckdb_holder(text)
    if holder is not None:
        raise argparse.ArgumentTypeError(_locked(text, holder))
    return text


def profile_duckdb_unlocked(warehouse) -> None:
    """The same check for the DuckDB file the dbt profile names, when no --duckdb-path was given."""
    path = warehouse.settings.get("path") if warehouse.kind == "duckdb" else None
    holder = None if path in (None, ":memory:") else duckdb_holder(path)
    if holder is not None:
        raise DatabaseLockedError(_locked(f"{path} (target {warehouse.target} of the dbt profile)", holder))


class DatabaseLockedError(RuntimeError):
    """Another process holds the DuckDB file the command needs."""


def _locked(what: str, holder: str) -> str:
    return f"{what}: the DuckDB file is locked by {holder}; close it and retry"


def duckdb_holder(path: str) -> str | None:
    """Who holds the DuckDB file at `path` ("python3 (PID 12)", or "another process"), None when it is free."""
    if not Path(path).exists():
        return None
    import duckdb

    try:
        duckdb.connect(path, read_only=True).close()
    except duckdb.ConnectionException:
        return None  # this process holds it already (read-write): dbt and queries here share that connection
    except duckdb.IOException as error:
        holder = re.search(r"held in (.+?) \(PID (\d+)\)", str(error))
        return f"{holder.group(1)} (PID {holder.group(2)})" if holder else "another process"
    return None


def load_fitted_model(path: str):
    """The estimator in a joblib file, or ValueError naming the file when it is not one."""
    import joblib

    if not Path(path).is_file():
        raise ValueError(f"{path}: no such file")
    try:
        return joblib.load(path)
    except Exception:  # pickle raises KeyError, UnpicklingError, EOFError... for a file that is not its own
        raise ValueError(f"{path} is not a fitted model saved with joblib.dump") from None
