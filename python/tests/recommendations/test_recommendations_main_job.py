"""`lifecycle run` on the sample shop, vars at their defaults (README command 1): order lines are on, so it trains
product_similarity with the other models, builds the lists after training and shows one customer's lists in the
summary."""

from __future__ import annotations

import pandas as pd
from project_copy import copy_project

from customer_lifecycle.main_job import run_main_job
from customer_lifecycle.warehouse import Warehouse


def test_lifecycle_run_on_the_sample_shop_trains_and_serves_recommendations(tmp_path):
    project = copy_project(tmp_path)
    (project / "seeds" / "product_similarity.csv").unlink()  # a first training: no weights yet
    summary = run_main_job(duckdb_path=str(project / "shop.duckdb"), project_dir=project)
    assert "Recommendations for customer" in summary and "bought with" in summary

    registry = pd.read_csv(project / "seeds" / "ml_model_registry.csv")
    rows = registry[registry["task"] == "recommendation"]
    assert set(rows["model"]) == {"product_similarity_item_knn", "product_similarity_ease"}
    assert rows["deployed"].sum() == 1
    weights = pd.read_csv(project / "seeds" / "product_similarity.csv")
    assert set(weights["model_version"]) == set(rows.loc[rows["deployed"], "version"])

    wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project)
    served = wh.query("select distinct model_version from customer_recommendations")
    assert list(served["model_version"]) == list(rows.loc[rows["deployed"], "version"])
    wh.close()
