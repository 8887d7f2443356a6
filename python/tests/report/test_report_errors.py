"""`lifecycle report` on a warehouse without the marts stops with one line saying what to build."""

import duckdb

from customer_lifecycle.cli import main


def test_report_without_the_marts_says_to_build_them(tmp_path, capsys):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()  # a database, but nothing built in it (a missing file stops in the parser)
    assert main(["report", "--duckdb-path", str(empty), "--out", str(tmp_path / "r.html")]) == 1
    error = capsys.readouterr().err
    assert "report_stage_counts" in error and "lifecycle run" in error and error.count("\n") == 1  # one line
    assert not (tmp_path / "r.html").exists()
