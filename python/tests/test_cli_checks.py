"""The command line refuses bad arguments in the parser with one line, before it touches any file."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from customer_lifecycle import cli_checks
from customer_lifecycle.cli import main
from repository import REPOSITORY_DIR


def _error_line(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_train_never_creates_the_database_it_was_asked_to_read(tmp_path, capsys):
    missing = tmp_path / "typo.duckdb"
    line = _error_line(capsys, ["train", "--duckdb-path", str(missing)])
    assert line.endswith(f"argument --duckdb-path: {missing}: no such DuckDB file (build it first with `lifecycle run`)")
    assert not missing.exists()


def test_compile_names_a_file_that_is_not_a_fitted_model(tmp_path, capsys):
    text = tmp_path / "notes.txt"
    text.write_text("not a model\n")
    assert main(["compile", str(text)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"lifecycle compile: ValueError: {text} is not a fitted model saved with joblib.dump")


@pytest.mark.parametrize("argv, expected", [
    (["--customers", "-5", "--out", "shop"], "argument --customers: expected a whole number >= 1, got -5"),
    (["--customers", "many", "--out", "shop"], "argument --customers: expected a whole number >= 1, got 'many'"),
    (["--out", "g.csv"], "argument --out: g.csv: expected a path ending in .duckdb, or a directory for Parquet files "
                         "(a name without an extension)"),
])
def test_generate_checks_its_arguments_before_writing(argv, expected, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert _error_line(capsys, ["generate", *argv]).endswith(expected)
    assert list(tmp_path.iterdir()) == []


def test_a_locked_database_is_one_line_naming_the_other_process(tmp_path, capsys, monkeypatch):
    path = tmp_path / "busy.duckdb"
    duckdb.connect(str(path)).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys
        connection = duckdb.connect({str(path)!r})
        print("locked", flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
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
            line, = capsys.readouterr().err.strip().splitlines()
            assert line.startswith(f"lifecycle {command}: DatabaseLockedError: {path} (target duckdb of the dbt "
                                   "profile): the DuckDB file is locked by ")
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
