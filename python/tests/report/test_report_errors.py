"""`lifecycle report` on a warehouse without the marts stops with one line saying what to build."""
from customer_lifecycle.cli import main


def test_report_without_the_marts_says_to_build_them(tmp_path, capsys):
    assert main(["report", "--duckdb-path", str(tmp_path / "empty.duckdb"), "--out", str(tmp_path / "r.html")]) == 1
    error = capsys.readouterr().err
    assert "customer_lifecycle" in error and "lifecycle run" in error
    assert not (tmp_path / "r.html").exists()
