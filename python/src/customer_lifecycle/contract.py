"""The one contract between dbt and Python: which columns of customer_features are features and labels.

Declared once, as `config.meta.customer_lifecycle` on the columns in models/marts/customer_features.yml:
{role: feature, kind: numeric | categorical} or {role: label, kind: churn | value}. Python reads it from the
manifest dbt parses (never from the YAML by hand); the scoring models read the same meta through `graph`
(macro lifecycle_contract). The label horizon is the dbt var lifecycle_label_horizon_days; the deployed
models and their features are what `lifecycle train` records in deployment().
"""
from __future__ import annotations

from dataclasses import dataclass

from customer_lifecycle.project import PACKAGE

FEATURES_MODEL = f"model.{PACKAGE}.customer_features"
KINDS = {"feature": ("numeric", "categorical"), "label": ("churn", "value")}


class ContractError(ValueError):
    """customer_features' column meta does not declare a usable set of features and labels."""


@dataclass(frozen=True)
class Contract:
    numeric_features: list[str]  # what the models learn from, in the yml's column order
    categorical_features: list[str]  # read and fingerprinted, not (yet) learned from
    churn_label: str
    value_label: str

    @property
    def features(self) -> list[str]:
        return [*self.numeric_features, *self.categorical_features]

    @property
    def labels(self) -> list[str]:
        return [self.churn_label, self.value_label]

    @classmethod
    def from_manifest(cls, manifest) -> "Contract":
        """The contract in a parsed dbt Manifest (dbtRunner's `parse` result)."""
        node = manifest.nodes.get(FEATURES_MODEL)
        if node is None:
            raise ContractError(f"{FEATURES_MODEL} is not in the dbt project's manifest")
        declared = {kind: [] for kinds in KINDS.values() for kind in kinds}
        for name, column in node.columns.items():
            entry = column.meta.get(PACKAGE)
            if entry is None:
                continue
            role, kind = (entry or {}).get("role"), (entry or {}).get("kind")
            if kind not in KINDS.get(role, ()):
                raise ContractError(f"{FEATURES_MODEL} column {name}: meta {PACKAGE} {entry} is not one of "
                                    + ", ".join(f"{{role: {r}, kind: {k}}}" for r, ks in KINDS.items() for k in ks))
            declared[kind].append(name)
        for kind in KINDS["label"]:
            if len(declared[kind]) != 1:
                raise ContractError(f"{FEATURES_MODEL} declares {len(declared[kind])} {kind} labels "
                                    f"({declared[kind]}); exactly one is needed")
        if not declared["numeric"]:
            raise ContractError(f"{FEATURES_MODEL} declares no numeric feature")
        return cls(declared["numeric"], declared["categorical"], declared["churn"][0], declared["value"][0])
