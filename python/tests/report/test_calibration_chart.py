"""The report's calibration chart is never empty after a first training: the validation snapshot, scored by the
models and maps trained before it, is drawn from the registry before any snapshot matures out of sample."""

from customer_lifecycle.report import figures
from customer_lifecycle.report.queries import read_all


def test_calibration_chart_shows_the_validation_snapshot_right_after_training(trained):
    data = read_all(trained)
    assert data["backtest"].empty  # right after a retrain every matured snapshot is in the training window
    (axis,) = figures.calibration(data["backtest"], data["reliability"]).axes
    drawn = [line for line in axis.get_lines() if line.get_label() != "perfect"]
    assert sorted(line.get_label().split(",")[0] for line in drawn) == ["churn_lr", "churn_tree"]
    assert all(len(line.get_xdata()) >= 3 and "validation 2026-03-31 (ECE" in line.get_label() for line in drawn)
