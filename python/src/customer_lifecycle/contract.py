"""The one contract between dbt and Python: which columns of customer_features are features and labels, and
which models are deployed and which columns of scored_snapshots they fill.

Declared once, as `config.meta.customer_lifecycle` on columns:
- in models/marts/customer_features.yml: {role: feature, kind: numeric | categorical} or
  {role: label, kind: churn | value}; a numeric feature may add `direction: increases_churn | decreases_churn`
  (what domain sense says more of it does to churn; train/directions.py);
- in models/scoring/scoring.yml, on scored_snapshots: {role: score, model: <zoo name>, target: churn | value |
  spend} on the column a deployed model's score goes to, {role: version, model: <zoo name>} on its version column.
Python reads it from the manifest dbt parses (never from the YAML by hand); the scoring models read the same
meta through `graph` (macro lifecycle_contract). The label horizon is the dbt var lifecycle_label_horizon_days;
what the last `lifecycle train` actually deployed (versions, features) is recorded in deployment().
"""

from __future__ import annotations

from dataclasses import dataclass, field

from customer_lifecycle.project import PACKAGE

FEATURES_MODEL = f"model.{PACKAGE}.customer_features"
SCORES_MODEL = f"model.{PACKAGE}.scored_snapshots"
KINDS = {"feature": ("numeric", "categorical"), "label": ("churn", "value")}
DIRECTIONS = {"increases_churn": 1, "decreases_churn": -1}  # the sign of the churn risk's slope domain sense expects
# churn: P(churn label); value: the value label; spend: the value label of customers who buy (churn label 0)
TARGETS = ("churn", "value", "spend")
# Models the scoring SQL uses by name, for helpers of that one model: the declaration must keep them.
NAMED_IN_SQL = {
    "churn_lr": "customer_scores' reasons, churn_lr_odds_ratios and expected_value_h_spend",
    "churn_tree": "churn_tree_path",
}


class ContractError(ValueError):
    """customer_features' column meta does not declare a usable set of features and labels."""


@dataclass(frozen=True)
class DeployedModel:
    name: str  # the zoo's candidate (train/zoo.py) and the generated macro's name
    target: str  # one of TARGETS
    score_column: str  # scored_snapshots' column
    version_column: str | None  # scored_snapshots' column holding deployment()'s version; None: not recorded


@dataclass(frozen=True)
class Contract:
    numeric_features: list[str]  # what the models learn from, in the yml's column order
    categorical_features: list[str]  # read and fingerprinted, not (yet) learned from
    churn_label: str
    value_label: str
    deployed: tuple[DeployedModel, ...] = ()  # in scoring.yml's column order; from_manifest always declares some
    directions: dict[str, int] = field(default_factory=dict)  # numeric feature -> DIRECTIONS' sign, where declared

    @property
    def features(self) -> list[str]:
        return [*self.numeric_features, *self.categorical_features]

    @property
    def labels(self) -> list[str]:
        return [self.churn_label, self.value_label]

    @classmethod
    def from_manifest(cls, manifest) -> Contract:
        """The contract in a parsed dbt Manifest (dbtRunner's `parse` result)."""
        node = manifest.nodes.get(FEATURES_MODEL)
        if node is None:
            raise ContractError(f"{FEATURES_MODEL} is not in the dbt project's manifest")
        declared = {kind: [] for kinds in KINDS.values() for kind in kinds}
        directions = {}
        for name, column in node.columns.items():
            entry = column.meta.get(PACKAGE)
            if entry is None:
                continue
            role, kind = (entry or {}).get("role"), (entry or {}).get("kind")
            if kind not in KINDS.get(role, ()):
                raise ContractError(
                    f"{FEATURES_MODEL} column {name}: meta {PACKAGE} {entry} is not one of "
                    + ", ".join(f"{{role: {r}, kind: {k}}}" for r, ks in KINDS.items() for k in ks)
                )
            declared[kind].append(name)
            if "direction" in entry:
                if kind != "numeric" or entry["direction"] not in DIRECTIONS:
                    raise ContractError(
                        f"{FEATURES_MODEL} column {name}: meta {PACKAGE} direction "
                        f"{entry['direction']!r} is not one of {', '.join(DIRECTIONS)} on a numeric "
                        "feature"
                    )
                directions[name] = DIRECTIONS[entry["direction"]]
        for kind in KINDS["label"]:
            if len(declared[kind]) != 1:
                raise ContractError(
                    f"{FEATURES_MODEL} declares {len(declared[kind])} {kind} labels "
                    f"({declared[kind]}); exactly one is needed"
                )
        if not declared["numeric"]:
            raise ContractError(f"{FEATURES_MODEL} declares no numeric feature")
        scores = manifest.nodes.get(SCORES_MODEL)
        if scores is None:
            raise ContractError(f"{SCORES_MODEL} is not in the dbt project's manifest")
        return cls(
            declared["numeric"],
            declared["categorical"],
            declared["churn"][0],
            declared["value"][0],
            deployed_models(scores),
            directions,
        )


def deployed_models(node) -> tuple[DeployedModel, ...]:
    """The deployed models scored_snapshots' column meta declares (`node`: its manifest node), each with its score
    and version column."""
    scores, versions = {}, {}
    for name, column in node.columns.items():
        entry = column.meta.get(PACKAGE)
        if entry is None:
            continue
        role, model, target = (entry or {}).get("role"), (entry or {}).get("model"), (entry or {}).get("target")
        well_formed = role == "score" and target in TARGETS or role == "version" and target is None
        if not model or not well_formed:
            raise ContractError(
                f"{SCORES_MODEL} column {name}: meta {PACKAGE} {entry} is not "
                f"{{role: score, model: NAME, target: {' | '.join(TARGETS)}}} "
                "nor {role: version, model: NAME}"
            )
        declared = scores if role == "score" else versions
        if model in declared:
            raise ContractError(
                f"{SCORES_MODEL} declares two {role} columns for model {model}: {declared[model][0]}, {name}"
            )
        declared[model] = (name, target)
    missing = [f"{model} ({NAMED_IN_SQL[model]})" for model in NAMED_IN_SQL if model not in scores]
    if missing:
        raise ContractError(
            f"{SCORES_MODEL} must declare a score column for {', '.join(missing)}: the scoring models use them by name"
        )
    orphans = sorted(set(versions) - set(scores))
    if orphans:
        raise ContractError(
            f"{SCORES_MODEL} declares version columns for {', '.join(orphans)}, which no column declares a score for"
        )
    return tuple(
        DeployedModel(model, target, column, versions.get(model, (None,))[0])
        for model, (column, target) in scores.items()
    )
