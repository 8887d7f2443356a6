"""The churn tree rebuilt from its leaves' path texts: inner nodes sum their leaves."""

import pytest

from customer_lifecycle.report.tree import ROOT, tree_nodes

LEAVES = [
    ("a <= 1.5 AND b <= 2 -> churn 20% (n=100)", 7),
    ("a <= 1.5 AND b > 2 -> churn 60% (n=300)", 5),
    ("a > 1.5 -> churn 90% (n=600)", 11),
]


def test_inner_nodes_sum_their_leaves():
    nodes = {node.id: node for node in tree_nodes(LEAVES)}
    assert list(nodes) == [ROOT, "a <= 1.5", "a <= 1.5 AND b <= 2", "a <= 1.5 AND b > 2", "a > 1.5"]
    left = nodes["a <= 1.5"]
    assert (left.parent, left.label, left.rows, left.leaves, left.customers_now) == (ROOT, "a <= 1.5", 400, 2, 12)
    assert left.churners == pytest.approx(100 * 0.2 + 300 * 0.6)
    assert nodes["a <= 1.5 AND b > 2"].parent == "a <= 1.5"
    assert (nodes[ROOT].rows, nodes[ROOT].leaves, nodes[ROOT].customers_now) == (1000, 3, 23)


def test_a_path_without_its_leaf_summary_is_refused():
    with pytest.raises(ValueError, match="does not read"):
        tree_nodes([("a <= 1.5 AND b <= 2", 1)])
