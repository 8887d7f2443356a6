"""Metric names are declared once (train/metrics.py, METRICS): what the metric functions compute, the registry seed's
columns and what the card, report and summary show all come from that table."""

import numpy as np
import yaml
from repository import REPOSITORY_DIR

from customer_lifecycle.train.metrics import METRIC_NAMES, METRICS, classification_metrics, regression_metrics


def test_the_metric_functions_compute_exactly_the_declared_metrics():
    y, score = np.array([0, 1, 0, 1, 1, 0, 1, 0, 1, 1]), np.linspace(0.05, 0.95, 10)
    assert list(classification_metrics(y, score)) == [m.name for m in METRICS if m.task == "churn"]
    assert list(regression_metrics(y + 1.0, score + 1.0)) == [m.name for m in METRICS if m.task == "value"]


def test_the_registry_seed_declares_every_metric_column_in_order():
    seeds = yaml.safe_load((REPOSITORY_DIR / "models" / "scoring" / "scoring.yml").read_text())["seeds"]
    [registry] = [seed for seed in seeds if seed["name"] == "ml_model_registry"]
    types = [name for name in registry["config"]["column_types"] if name in METRIC_NAMES]
    described = [column["name"] for column in registry["columns"] if column["name"] in METRIC_NAMES]
    assert types == described == METRIC_NAMES
