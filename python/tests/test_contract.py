"""One contract between dbt and Python: customer_features.yml's column meta declares the features and labels,
scoring.yml's column meta on scored_snapshots the deployed models; training reads them from dbt's manifest, the
scoring models select and score them through lifecycle_contract(), and the deployed models record the features
they were trained on."""

import copy
import re

import joblib
import pytest
import sqlglot
from project_copy import copy_project
from sqlglot import exp

from customer_lifecycle.compile.interpreter import deep_recursion
from customer_lifecycle.contract import (
    FEATURES_MODEL,
    SCORES_MODEL,
    Contract,
    ContractError,
    DeployedModel,
    deployed_models,
)
from customer_lifecycle.train import train
from customer_lifecycle.train.artifacts import read_deployment
from customer_lifecycle.train.snapshots import KEYS, SAMPLED, load_snapshots
from customer_lifecycle.train.zoo import by_target
from customer_lifecycle.warehouse import DbtCommandError, Warehouse


def _deployment(wh) -> dict:
    return read_deployment((wh.project_dir / "macros" / "generated" / "deployment.sql").read_text())


def _selected(compiled_sql: str, cte: str) -> list[str]:
    with deep_recursion():  # the BG/NBD series nests deeper than Python's default recursion limit
        query = sqlglot.parse_one(compiled_sql, read="duckdb")
    select = next(c for c in query.find_all(exp.CTE) if c.alias == cte).this
    return [column.alias_or_name for column in select.expressions]


def test_training_scoring_and_the_deployed_models_all_follow_the_manifest(committed):
    contract = committed.contract
    assert (contract.churn_label, contract.value_label) == ("churned_within_h", "value_within_h")
    assert contract.categorical_features == ["acquisition_channel"] and len(contract.numeric_features) == 22

    assert list(load_snapshots(committed).frame.columns) == [*KEYS, *contract.features, *contract.labels, SAMPLED]
    compiled = committed.project_dir / "target" / "compiled" / "customer_lifecycle" / "models" / "scoring"
    assert _selected((compiled / "scored_snapshots.sql").read_text(), "features") == [
        *KEYS,
        "is_labelled",
        *contract.features,
        *contract.labels,
    ]

    deployment = _deployment(committed)
    assert deployment["features"] == contract.numeric_features
    for name in deployment["versions"]:
        model = joblib.load(committed.project_dir / "python" / "model_card" / "models" / f"{name}.joblib")
        assert list(model.feature_names_in_) == contract.numeric_features, name
        header = (committed.project_dir / "macros" / "generated" / f"{name}.sql").read_text()
        assert f"  features: {', '.join(contract.numeric_features)}\n" in header, name


def test_the_deployed_models_are_declared_once_and_training_and_scoring_follow_it(committed):
    deployed = committed.contract.deployed
    assert deployed == (
        DeployedModel("churn_lr", "churn", "churn_probability_lr", "churn_lr_model_version"),
        DeployedModel("churn_tree", "churn", "churn_probability_tree", "churn_tree_model_version"),
        DeployedModel("value_tree", "value", "predicted_value_h", "value_tree_model_version"),
        DeployedModel("value_linear", "value", "predicted_value_h_linear", None),
        DeployedModel("spend_tree", "spend", "predicted_spend_if_active_h", "spend_model_version"),
    )
    trained = {target: [c.name for c in candidates if c.deployed] for target, candidates in by_target(deployed).items()}
    assert trained == {target: [m.name for m in deployed if m.target == target] for target in trained}
    assert list(_deployment(committed)["versions"]) == [m.name for m in deployed]

    compiled = (
        committed.project_dir
        / "target"
        / "compiled"
        / "customer_lifecycle"
        / "models"
        / "scoring"
        / "scored_snapshots.sql"
    ).read_text()
    assert _selected(compiled, "scored")[5:] == [*(m.score_column for m in deployed), "churn_tree_path", *BGNBD_SCORED]
    assert _selected(compiled, "valued")[1:] == ["expected_value_h_spend", "expected_value_h_bgnbd"]
    assert _selected(compiled, "blended")[1:] == ["churn_probability_blend", "expected_value_h_blend"]
    assert _selected(compiled, "final")[1:] == [
        "churn_probability",
        "expected_value_h",
        "churn_model_version",
        "value_model_version",
        "scoring_version",
        "bgnbd_model_version",
        *(m.version_column for m in deployed if m.version_column),
    ]


# BG/NBD and Gamma-Gamma (train/clv.py): not contract-declared models, their columns follow the declared ones
BGNBD_SCORED = ["p_alive", "churn_probability_bgnbd", "expected_purchases_h", "expected_spend_per_purchase"]


def _redeclared(node, column: str, entry) -> object:
    node = copy.deepcopy(node)
    node.columns[column].meta["customer_lifecycle"] = entry
    return node


@pytest.mark.parametrize(
    "column, entry, error",
    [
        (
            "churn_probability_lr",
            {"role": "score", "model": "churn_lr", "target": "probability"},
            "column churn_probability_lr: meta .* is not {role: score, model: NAME, target: churn | value | spend}",
        ),
        (
            "predicted_value_h_linear",
            {"role": "score", "model": "value_tree", "target": "value"},
            "two score columns for model value_tree: predicted_value_h, predicted_value_h_linear",
        ),
        (
            "churn_lr_model_version",
            {"role": "version", "model": "churn_forest"},
            "version columns for churn_forest, which no column declares a score for",
        ),
        (
            "churn_probability_tree",
            {"role": "score", "model": "churn_gbm", "target": "churn"},
            "must declare a score column for churn_tree \\(churn_tree_path\\)",
        ),
    ],
)
def test_a_malformed_declaration_is_refused_naming_the_column(committed, column, entry, error):
    node = committed.manifest.nodes[SCORES_MODEL]
    with pytest.raises(ContractError, match=error):
        deployed_models(_redeclared(node, column, entry))


def test_directions_are_read_from_the_feature_meta_and_a_malformed_one_is_refused(committed):
    assert committed.contract.directions["orders_count"] == -1 and committed.contract.directions["recency_days"] == 1
    assert "avg_order_value" not in committed.contract.directions  # undeclared: unconstrained
    manifest = copy.deepcopy(committed.manifest)
    manifest.nodes[FEATURES_MODEL].columns["orders_count"].meta["customer_lifecycle"]["direction"] = "decreases"
    with pytest.raises(
        ContractError,
        match="column orders_count: meta .* direction 'decreases' is not one of increases_churn, decreases_churn",
    ):
        Contract.from_manifest(manifest)


@pytest.fixture(scope="module")
def without_referrals(tmp_path_factory):
    """A copy of the project whose customer_features.yml no longer marks referrals_count as a feature, and whose
    scoring.yml misspells a deployed model (value_linaer), both since the last training."""
    project = copy_project(tmp_path_factory.mktemp("contract"))
    scoring = project / "models" / "scoring" / "scoring.yml"
    scoring.write_text(scoring.read_text().replace("model: value_linear,", "model: value_linaer,"))
    yml = project / "models" / "marts" / "customer_features.yml"
    declared = "      - name: referrals_count\n        description: {text}\n        config: *numeric_feature\n"
    text = yml.read_text()
    description = re.search(r"- name: referrals_count\n        description: (.*)\n", text).group(1)
    yml.write_text(
        text.replace(
            declared.format(text=description),
            declared.format(text=description).replace("        config: *numeric_feature\n", ""),
        )
    )
    wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project)
    yield wh
    wh.close()


def test_a_feature_no_longer_declared_is_no_longer_read_and_the_deployed_models_refuse_to_score(without_referrals):
    contract = without_referrals.contract
    assert "referrals_count" not in contract.numeric_features and len(contract.numeric_features) == 21
    with pytest.raises(DbtCommandError) as stale:
        without_referrals.dbt("compile", "--select", "scored_snapshots")
    # one message says every difference from the last training: the feature and the misspelled model
    assert "read referrals_count, which customer_features no longer declares" in str(stale.value)
    assert re.search(
        "declares deployed models value_linaer .*which the last `lifecycle train` did not deploy "
        r"\(it deployed churn_lr, churn_tree, spend_tree, value_linear, value_tree\)",
        str(stale.value),
    )


def test_a_misspelled_deployed_model_stops_training_before_any_data_is_read(without_referrals):
    assert "value_linaer" in [model.name for model in without_referrals.contract.deployed]
    with pytest.raises(
        ContractError,
        match="declares deployed model value_linaer .*no value candidate for "
        r"\(candidates by target: churn: churn_lr, ",
    ):
        train(without_referrals)
