"""`lifecycle report` on the sample shop (DuckDB and PostgreSQL), opened in a real headless Chromium."""

import os
from pathlib import Path

from browser import visit

from customer_lifecycle.cli import main
from customer_lifecycle.report.figures import STAGES

# the sample shop has order lines, so section 8 (recommendations) is there too: tables only, no chart
SECTIONS = ["stages", "flows", "rfm", "churn", "value", "models", "quality", "recommendations"]
TABLES_ONLY = {"recommendations"}
MAX_BYTES = 10_000_000
# screenshots are kept for people to look at: LIFECYCLE_TEST_ARTIFACTS, else test-artifacts/ at the repository root
ARTIFACTS = Path(os.environ.get("LIFECYCLE_TEST_ARTIFACTS", Path(__file__).resolve().parents[3] / "test-artifacts"))


def _check(page_file: Path, name: str) -> None:
    assert page_file.stat().st_size < MAX_BYTES
    seen = visit(page_file, ARTIFACTS / f"{name}.png")
    assert list(seen.charts) == SECTIONS
    for section, drawn in seen.charts.items():
        if section in TABLES_ONLY:
            assert drawn == [], f"section {section}: charts where only tables were expected: {drawn}"
            continue
        assert drawn and all(count > 0 for count in drawn), f"section {section}: a chart did not render: {drawn}"
    assert seen.console_errors == []
    assert seen.outside_requests == []
    missing = [stage for stage in STAGES if stage not in seen.text]
    assert missing == []


def test_report_on_duckdb_renders_every_section_offline(trained, tmp_path):
    page_file = tmp_path / "report.html"
    assert main(["report", "--duckdb-path", trained.settings["path"], "--out", str(page_file)]) == 0
    _check(page_file, "report_duckdb")


def test_report_on_postgres_renders_every_section_offline(trained_on_postgres, postgres_target, tmp_path):
    page_file = tmp_path / "report.html"
    with postgres_target("lifecycle_main_job"):
        assert main(["report", "--target", "postgres", "--out", str(page_file)]) == 0
    _check(page_file, "report_postgres")
