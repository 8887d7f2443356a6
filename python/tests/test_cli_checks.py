"""The command line refuses bad arguments in the parser with one line, before it touches any file."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import duckdb
import pytest
from repository import REPOSITORY_DIR

from customer_lifecycle import cli_checks
from customer_lifecycle.cli import main


def _error_line(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_train_never_creates_the_database_it_was_asked_to_read(tmp_path, capsys):
    missing = tmp_path / "typo.duckdb"
    line = _error_line(capsys, ["train", "--duckdb-path", str(missing)])
    assert line.endswith(
        f"argument --duckdb-path: {missing}: no such DuckDB file (build it first with `lifecycle run`)"
    )
    assert not missing.exists()


def test_compile_names_a_file_that_is_not_a_fitted_model(tmp_path, capsys):
    text = tmp_path / "notes.txt"
    text.write_text("not a model\n")
    assert main(["compile", str(text)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"lifecycle compile: ValueError: {text} is not a fitted model saved with joblib.dump"
    )


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["--customers", "-5", "--out", "shop"], "argument --customers: expected a whole number >= 1, got -5"),
        (["--customers", "many", "--out", "shop"], "argument --customers: expected a whole number >= 1, got 'many'"),
        (
            ["--out", "g.csv"],
            "argument --out: g.csv: expected a path ending in .duckdb, or a directory for Parquet files "
            "(a name without an extension)",
        ),
    ],
)
def test_generate_checks_its_arguments_before_writing(argv, expected, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert _error_line(capsys, ["generate", *argv]).endswith(expected)
    assert list(tmp_path.iterdir()) == []


def test_a_locked_database_is_one_line_naming_the_other_process(tmp_path, capsys, monkeypatch):
    path = tmp_path / "busy.duckdb"
    duckdb.connect(str(path)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import duckdb, sys
        connection = duckdb.connect({str(path)!r})
        print("locked", flush=True)
        sys.stdin.read()
    """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        for command in ("run", "train"):
            line = _error_line(capsys, [command, "--duckdb-path", str(path)])
            assert f"argument --duckdb-path: {path}: the DuckDB file is locked by " in line
            assert line.endswith(f"(PID {holder.pid}); close it and retry")
        # no --duckdb-path: the file the dbt profile names (here through LIFECYCLE_DUCKDB_PATH) is checked too
        monkeypatch.setenv("LIFECYCLE_DUCKDB_PATH", str(path))
        for command in ("run", "train", "report"):
            assert main([command, "--project-dir", str(REPOSITORY_DIR)]) == 1
            (line,) = capsys.readouterr().err.strip().splitlines()
            assert line.startswith(
                f"lifecycle {command}: DuckDBFileError: {path} (target duckdb of the dbt "
                "profile): the DuckDB file is locked by "
            )
            assert line.endswith(f"(PID {holder.pid}); close it and retry")
    finally:
        holder.communicate("")


def test_a_database_this_process_already_holds_is_not_called_locked(tmp_path):
    """Tests and notebooks call `main` while their own connection is open: DuckDB shares it, nothing to refuse."""
    path = tmp_path / "mine.duckdb"
    connection = duckdb.connect(str(path))
    try:
        assert cli_checks.existing_duckdb_file(str(path)) == str(path)
        assert cli_checks.writable_duckdb_path(str(path)) == str(path)
    finally:
        connection.close()


def _csv(path):
    path.write_text("customer_id,amount\n1,20.00\n")
    return path


def _empty(path):
    path.write_bytes(b"")
    return path


def _truncated_duckdb(path):
    whole = path.with_suffix(".whole")
    connection = duckdb.connect(str(whole))
    connection.execute("create table numbers as select range as n from range(100000)")
    connection.close()
    path.write_bytes(whole.read_bytes()[:5000])
    return path


@pytest.mark.parametrize(
    "make, expected",
    [
        (_csv, "not a DuckDB database file: it starts with 'customer_id,amount'"),
        (_empty, "not a DuckDB database file: the file is empty"),
        (_truncated_duckdb, "the DuckDB file is damaged or truncated (IO Error: Could not read enough bytes"),
    ],
)
def test_a_file_that_is_not_a_usable_duckdb_database_is_named_with_what_it_is(
    make, expected, tmp_path, capsys, monkeypatch
):
    path = make(tmp_path / "shop.duckdb")
    for command in ("run", "train"):
        line = _error_line(capsys, [command, "--duckdb-path", str(path)])
        assert line.startswith(f"lifecycle {command}: error: argument --duckdb-path: {path}: {expected}")
    monkeypatch.setenv("LIFECYCLE_DUCKDB_PATH", str(path))  # the profile's file: the same line, up front
    assert main(["train", "--project-dir", str(REPOSITORY_DIR)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"lifecycle train: DuckDBFileError: {path} (target duckdb of the dbt profile): {expected}")


def test_a_reader_holding_the_database_is_one_line_up_front(tmp_path, capsys, monkeypatch):
    path = tmp_path / "read.duckdb"
    duckdb.connect(str(path)).close()
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import duckdb, sys
        connection = duckdb.connect({str(path)!r}, read_only=True)
        print("reading", flush=True)
        sys.stdin.read()
    """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "reading"
        line = _error_line(capsys, ["run", "--duckdb-path", str(path)])
        assert "the DuckDB file is locked by " in line and line.endswith(f"(PID {reader.pid}); close it and retry")
        monkeypatch.setenv("LIFECYCLE_DUCKDB_PATH", str(path))
        assert main(["run", "--project-dir", str(REPOSITORY_DIR)]) == 1
        (line,) = capsys.readouterr().err.strip().splitlines()
        assert line.endswith(f"(PID {reader.pid}); close it and retry")
    finally:
        reader.communicate("")


def test_a_misspelled_var_is_warned_about_naming_the_closest_declared_var(tmp_path, capsys):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    variables = "{lifecycle_horizon_dayz: 30, as_of_dat: '2025-06-30', lifecycle_label_horizon_days: 30, other: 1}"
    main(["train", "--project-dir", str(REPOSITORY_DIR), "--duckdb-path", str(path), "--vars", variables])
    warnings = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    assert warnings == [
        "lifecycle train: warning: var as_of_dat is not a customer_lifecycle var, so it is ignored and the default "
        "is used; did you mean as_of_date?",
        "lifecycle train: warning: var lifecycle_horizon_dayz is not a customer_lifecycle var, so it is ignored and "
        "the default is used; did you mean lifecycle_label_horizon_days?",
    ]


@pytest.fixture
def read_only_duckdb(tmp_path):
    """A DuckDB file this process may not write: mode 0444, and immutable (chattr +i) when it runs as root."""
    path = tmp_path / "frozen.duckdb"
    duckdb.connect(str(path)).close()
    path.chmod(0o444)
    immutable = os.access(path, os.W_OK)  # root may write a 0444 file
    if immutable:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    yield path
    if immutable:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_database_named_by_the_profile_is_one_line_up_front(read_only_duckdb, capsys, monkeypatch):
    monkeypatch.setenv("LIFECYCLE_DUCKDB_PATH", str(read_only_duckdb))
    for command in ("run", "train"):
        assert main([command, "--project-dir", str(REPOSITORY_DIR)]) == 1
        (line,) = capsys.readouterr().err.strip().splitlines()
        assert line == (
            f"lifecycle {command}: DuckDBFileError: {read_only_duckdb} (target duckdb of the dbt profile): "
            "the DuckDB file is read-only"
        )
