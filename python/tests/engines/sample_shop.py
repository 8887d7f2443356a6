"""The sample shop built once per engine per test session, and what to compare between engines."""

from __future__ import annotations

from customer_lifecycle.engines.load import load_sample_shop
from customer_lifecycle.warehouse import Warehouse

# The layers a user (or a BI tool) reads; staging and intermediate are checked through them.
COMPARED_LAYERS = ("marts", "scoring", "reporting")


def build_sample_shop(wh: Warehouse) -> Warehouse:
    """Seeds (fast-loaded where the engine has a fast path) -> marts -> scores, with every dbt test."""
    loaded = load_sample_shop(wh)
    wh.dbt("build", *(["--exclude", *loaded] if loaded else []))
    return wh


def compared_models(wh: Warehouse) -> dict[str, list[str] | None]:
    """{model: key columns} for every model in COMPARED_LAYERS; keys come from its uniqueness test (None: none)."""
    manifest = wh.dbt("parse").result
    models = {
        node.unique_id: node.name
        for node in manifest.nodes.values()
        if node.resource_type == "model" and node.fqn[1] in COMPARED_LAYERS
    }
    keys: dict[str, list[str] | None] = {name: None for name in models.values()}
    for node in manifest.nodes.values():
        metadata = getattr(node, "test_metadata", None)
        if metadata is None or getattr(node, "attached_node", None) not in models:
            continue
        if metadata.name == "unique":
            keys[models[node.attached_node]] = [metadata.kwargs["column_name"]]
        elif metadata.name == "lifecycle_unique_combination":
            keys[models[node.attached_node]] = list(metadata.kwargs["combination_of_columns"])
    return keys
