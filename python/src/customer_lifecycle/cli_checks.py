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
    if not Path(text).exists():
        return text
    import duckdb

    try:
        duckdb.connect(text, read_only=True).close()
    except duckdb.ConnectionException:
        return text  # this process holds it already (read-write): dbt and queries here share that connection
    except duckdb.IOException as error:
        holder = re.search(r"held in (.+?) \(PID (\d+)\)", str(error))
        who = f"{holder.group(1)} (PID {holder.group(2)})" if holder else "another process"
        raise argparse.ArgumentTypeError(f"{text}: the DuckDB file is locked by {who}; close it and retry") from None
    return text


def load_fitted_model(path: str):
    """The estimator in a joblib file, or ValueError naming the file when it is not one."""
    import joblib

    if not Path(path).is_file():
        raise ValueError(f"{path}: no such file")
    try:
        return joblib.load(path)
    except Exception:  # pickle raises KeyError, UnpicklingError, EOFError... for a file that is not its own
        raise ValueError(f"{path} is not a fitted model saved with joblib.dump") from None
