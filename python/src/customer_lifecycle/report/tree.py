"""The deployed churn tree rebuilt from its leaves' path texts (`churn_tree_path`), as icicle chart nodes.

A path reads `recency_days <= 52.5 AND orders_count > 1.5 -> churn 36% (n=222)`: the conditions from the
root, the leaf's churn rate and its training rows. Every prefix of the conditions is an inner node, whose
rows and churn rate are its leaves' sums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEAF = re.compile(r"^(?P<conditions>.*) -> churn (?P<rate>[\d.]+)% \(n=(?P<rows>\d+)\)$")
ROOT = "all customers"


@dataclass
class Node:
    id: str
    parent: str
    label: str
    rows: int = 0  # training rows
    churners: float = 0.0  # training rows x leaf churn rate
    customers_now: int = 0
    leaves: int = 0


def tree_nodes(leaves: list[tuple[str, int]]) -> list[Node]:
    """Nodes (root first, parents before children) from (path text, customers now) pairs."""
    nodes = {ROOT: Node(ROOT, "", ROOT)}
    for path, customers_now in leaves:
        match = LEAF.match(path)
        if match is None:
            raise ValueError(f"churn_tree_path {path!r} does not read `conditions -> churn R% (n=N)`")
        rows = int(match["rows"])
        conditions = match["conditions"].split(" AND ")
        chain = [ROOT] + [" AND ".join(conditions[: depth + 1]) for depth in range(len(conditions))]
        for depth, node_id in enumerate(chain):
            if node_id not in nodes:
                nodes[node_id] = Node(node_id, chain[depth - 1], conditions[depth - 1])
            node = nodes[node_id]
            node.rows += rows
            node.churners += rows * float(match["rate"]) / 100
            node.customers_now += int(customers_now)
            node.leaves += 1
    return list(nodes.values())
