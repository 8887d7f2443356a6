"""lifecycle_has_order_lines and lifecycle_has_products left at their default (null): on for this repository's
sample shop, so README command 1 shows recommendations; off for a shop's own tables, which build as before
(no order lines source, seed or model). Python (Project.var), the models (lifecycle_var) and the seeds' and
sources' yml configs must agree."""

from __future__ import annotations

import pytest
from project_copy import copy_project

from customer_lifecycle.warehouse import Warehouse

OWN_TABLES = {"lifecycle_use_sample_shop": False, "lifecycle_orders_table": "shop_orders"}
SAMPLE_SHOP_LINES = {"seed.customer_lifecycle.raw_order_lines", "seed.customer_lifecycle.raw_products"}
RECOMMENDATIONS = {"seed.customer_lifecycle.product_similarity", "model.customer_lifecycle.customer_recommendations"}


@pytest.mark.parametrize(
    "vars, has_order_lines, has_products, nodes, sources",
    [
        ({}, True, True, SAMPLE_SHOP_LINES | RECOMMENDATIONS, set()),
        (
            {"lifecycle_has_products": False},
            True,
            False,
            {"seed.customer_lifecycle.raw_order_lines"} | RECOMMENDATIONS,
            set(),
        ),
        ({"lifecycle_has_order_lines": False}, False, True, set(), set()),
        (OWN_TABLES, False, False, set(), set()),
        ({**OWN_TABLES, "lifecycle_has_order_lines": True}, True, False, RECOMMENDATIONS, {"order_lines"}),
    ],
    ids=["sample shop", "sample shop without products", "sample shop, lines off", "own tables", "own tables, lines on"],
)
def test_order_lines_default_to_on_for_the_sample_shop_only(
    tmp_path, vars, has_order_lines, has_products, nodes, sources
):
    project = copy_project(tmp_path)
    wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project, vars=vars)
    assert wh.project.var("lifecycle_has_order_lines") is has_order_lines
    assert wh.project.var("lifecycle_has_products") is has_products
    enabled = set(wh.manifest.nodes) & (SAMPLE_SHOP_LINES | RECOMMENDATIONS)
    assert enabled == nodes
    optional_sources = {source.name for source in wh.manifest.sources.values()} & {"order_lines", "products"}
    assert optional_sources == sources
    wh.close()
