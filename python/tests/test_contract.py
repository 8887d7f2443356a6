"""One contract between dbt and Python: customer_features.yml's column meta declares the features and labels;
training reads them from dbt's manifest, the scoring models select them through lifecycle_contract(), and the
deployed models record the features they were trained on."""
import ast
import re

import joblib
import pytest
import sqlglot
from sqlglot import exp

from customer_lifecycle.train.snapshots import KEYS, SAMPLED, load_snapshots
from customer_lifecycle.warehouse import DbtCommandError, Warehouse
from project_copy import copy_project

DEPLOYMENT = re.compile(r"default__deployment\(\) %\}\{\{ return\((\{.*\})\) \}\}")


def _deployment(wh) -> dict:
    text = (wh.project_dir / "macros" / "generated" / "deployment.sql").read_text()
    return ast.literal_eval(DEPLOYMENT.search(text).group(1))


def _selected(compiled_sql: str, cte: str) -> list[str]:
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
        *KEYS, "is_labelled", *contract.features, *contract.labels]

    deployment = _deployment(committed)
    assert deployment["features"] == contract.numeric_features
    for name in deployment["versions"]:
        model = joblib.load(committed.project_dir / "python" / "model_card" / "models" / f"{name}.joblib")
        assert list(model.feature_names_in_) == contract.numeric_features, name
        header = (committed.project_dir / "macros" / "generated" / f"{name}.sql").read_text()
        assert f"  features: {', '.join(contract.numeric_features)}\n" in header, name


@pytest.fixture(scope="module")
def without_referrals(tmp_path_factory):
    """A copy of the project whose customer_features.yml no longer marks referrals_count as a feature."""
    project = copy_project(tmp_path_factory.mktemp("contract"))
    yml = project / "models" / "marts" / "customer_features.yml"
    declared = "      - name: referrals_count\n        description: {text}\n        config: *numeric_feature\n"
    text = yml.read_text()
    description = re.search(r"- name: referrals_count\n        description: (.*)\n", text).group(1)
    yml.write_text(text.replace(declared.format(text=description),
                                declared.format(text=description).replace("        config: *numeric_feature\n", "")))
    wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project)
    yield wh
    wh.close()


def test_a_feature_no_longer_declared_is_no_longer_read_and_the_deployed_models_refuse_to_score(without_referrals):
    contract = without_referrals.contract
    assert "referrals_count" not in contract.numeric_features and len(contract.numeric_features) == 21
    with pytest.raises(DbtCommandError, match="read referrals_count, which customer_features no longer declares"):
        without_referrals.dbt("compile", "--select", "scored_snapshots")
