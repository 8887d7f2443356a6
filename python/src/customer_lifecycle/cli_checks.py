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
        return _usable_duckdb(text)
    if path.is_dir() or (not path.exists() and path.suffix == ""):
        return text
    raise argparse.ArgumentTypeError(
        f"{text}: expected a path ending in .duckdb, or a directory for Parquet files (a name without an extension)"
    )


def existing_duckdb_file(text: str) -> str:
    """A DuckDB file to read: it must exist (connecting would silently create an empty one) and be usable."""
    if not Path(text).is_file():
        raise argparse.ArgumentTypeError(f"{text}: no such DuckDB file (build it first with `lifecycle run`)")
    return _usable_duckdb(text)


def writable_duckdb_path(text: str) -> str:
    """A DuckDB file to build into: created if missing; an existing one must be usable."""
    return _usable_duckdb(text) if Path(text).exists() else text


def _usable_duckdb(text: str) -> str:
    """One line naming the file and what is wrong with it, instead of dbt's tracebacks later."""
    problem = duckdb_file_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{text}: {problem}")
    return text


def profile_duckdb_usable(warehouse) -> None:
    """The same check for the DuckDB file the dbt profile names, when no --duckdb-path was given."""
    path = warehouse.settings.get("path") if warehouse.kind == "duckdb" else None
    problem = None if path in (None, ":memory:") else duckdb_file_problem(path)
    if problem is not None:
        raise DuckDBFileError(f"{path} (target {warehouse.target} of the dbt profile): {problem}")


class DuckDBFileError(RuntimeError):
    """The DuckDB file the command needs is not one, is read-only, or another process holds it."""


def duckdb_file_problem(path: str) -> str | None:
    """What keeps the commands, which all open the DuckDB file read-write, from using the file at `path`;
    None when nothing does (or when it does not exist yet: dbt creates it)."""
    file = Path(path)
    if not file.exists():
        return None
    if not os.access(file, os.W_OK):
        return "the DuckDB file is read-only"
    not_duckdb = _not_a_duckdb_file(file)
    if not_duckdb is not None:
        return not_duckdb
    import duckdb

    try:
        duckdb.connect(path).close()
    except duckdb.ConnectionException:
        return None  # this process holds it already: dbt and queries here share that connection
    except duckdb.IOException as error:
        holder = re.search(r"held in (.+?) \(PID (\d+)\)", str(error))
        if holder is not None or "lock" in str(error):
            who = f"{holder.group(1)} (PID {holder.group(2)})" if holder else "another process"
            return f"the DuckDB file is locked by {who}; close it and retry"
        return f"the DuckDB file is damaged or truncated ({str(error).splitlines()[0]})"
    return None


DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file (after the header's checksum)


def _not_a_duckdb_file(file: Path) -> str | None:
    """Says what the file is when it is not a DuckDB database file (a CSV, an empty file, ...)."""
    with file.open("rb") as handle:
        head = handle.read(64)
    if head[8:12] == DUCKDB_MAGIC:
        return None
    if not head:
        return "not a DuckDB database file: the file is empty"
    first_line = head.split(b"\n")[0].decode("utf-8", errors="replace")
    return f"not a DuckDB database file: it starts with {first_line!r}"


def load_fitted_model(path: str):
    """The estimator in a joblib file, or ValueError naming the file when it is not one."""
    import joblib

    if not Path(path).is_file():
        raise ValueError(f"{path}: no such file")
    try:
        return joblib.load(path)
    except Exception:  # pickle raises KeyError, UnpicklingError, EOFError... for a file that is not its own
        raise ValueError(f"{path} is not a fitted model saved with joblib.dump") from None
