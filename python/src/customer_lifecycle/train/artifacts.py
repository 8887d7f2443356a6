"""Deployed models -> SQL macros (every dialect) + joblib files: what `dbt build` and the parity test read."""

from __future__ import annotations

import sys
from pathlib import Path

import joblib
import yaml
from sklearn.base import BaseEstimator

from customer_lifecycle.calibrated import uncalibrated
from customer_lifecycle.compile import to_sql
from customer_lifecycle.train.deploy import feature_means
from customer_lifecycle.train.explain import churn_leaf_text, contribution_sql, tree_path_sql
from customer_lifecycle.train.fit import Fitted
from customer_lifecycle.train.macros import DIALECTS, model_version, versions, write_model_macro
from customer_lifecycle.train.paths import ArtifactPaths
from customer_lifecycle.train.publication import STAND_IN


def _extras(fitted: Fitted, features: list[str]) -> dict[str, dict[str, object]]:
    """Reason helpers generated from the same model: log-odds contributions, the tree's path."""
    model = uncalibrated(fitted.model)  # an isotonic map rescales the log-odds and the tree's leaves monotonically
    if fitted.name == "churn_lr":
        means = feature_means(fitted.pipeline)
        coefficients = model.coef_[0]
        return {
            "churn_lr_contributions": {
                d: [[f, contribution_sql(c, f, m, d)] for f, c, m in zip(features, coefficients, means)]
                for d in DIALECTS
            }
        }
    if fitted.name == "churn_tree":
        leaf = churn_leaf_text(fitted.model)
        return {"churn_tree_path": {d: tree_path_sql(model, features, d, leaf) for d in DIALECTS}}
    return {}


def _window(fingerprint: dict) -> str:
    return (
        f"{fingerprint['rows']} rows, {fingerprint['snapshots']} snapshots "
        f"{fingerprint['first_snapshot']}..{fingerprint['last_snapshot']}, sha256 {fingerprint['sha256']}"
    )


def _header(
    fitted: Fitted, version: str, features: list[str], data: dict, refit: dict, valid_date, as_of, saved_model: Path
) -> dict[str, object]:
    metrics = ", ".join(f"{k} {v:.4f}" for k, v in fitted.metrics.items())
    return {
        "model": f"{fitted.family} ({type(fitted.model).__name__})",
        "version": version,
        "parameters": fitted.params,
        "features": ", ".join(features),
        "libraries": versions(),
        **(
            {
                "training data (the snapshots a horizon before validation)": _window(data),
                "calibration": fitted.calibration.describe(),
            }
            if fitted.calibration
            else {"training data (refit on every labelled snapshot)": _window(refit)}
        ),
        f"held-out validation on snapshot {valid_date.date()}, trained on {_window(data)}": metrics,
        "trained as of (data)": as_of.date().isoformat(),
        "saved model": saved_model.as_posix(),
    }


def _with_interned_names(model):
    """The model with its attribute names interned. Pickle writes a string seen before as a back-reference only
    when it is the same object: a name set through set_params (split from a grid's `model__max_depth`) is a
    fresh string, the tree's own state key an interned one, so the joblib's bytes depended on the code path."""
    model.__dict__ = {sys.intern(name): value for name, value in model.__dict__.items()}
    for value in model.__dict__.values():
        if isinstance(value, BaseEstimator):
            _with_interned_names(value)
    return model


def publish(
    paths: ArtifactPaths, deployed: list[Fitted], features: list[str], data: dict, refit: dict, valid_date, as_of
) -> dict[str, str]:
    """Write every deployed model's macro file and joblib (models fit on `features`); returns {name: version}."""
    paths.macros.mkdir(parents=True, exist_ok=True)
    paths.models.mkdir(parents=True, exist_ok=True)
    output_versions = {}
    for fitted in deployed:
        output = "probability" if fitted.task == "churn" else "value"
        renderings = {d: to_sql(fitted.model, features, dialect=d, output=output, pretty=True) for d in DIALECTS}
        version = model_version(fitted.name, renderings)
        saved_model = paths.models / f"{fitted.name}.joblib"
        write_model_macro(
            paths.macros,
            fitted.name,
            renderings,
            _header(fitted, version, features, data, refit, valid_date, as_of, saved_model.relative_to(paths.project)),
            _extras(fitted, features),
        )
        joblib.dump(_with_interned_names(fitted.model), saved_model)
        output_versions[fitted.name] = version
    return output_versions


DEPLOYMENT_BEGIN, DEPLOYMENT_END = "{% set deployed %}\n", "{% endset %}\n"


def _deployment_macro(deployment: dict, stop: str | None = None) -> str:
    """deployment() as YAML a reviewer reads line by line; dbt parses it with fromyaml."""
    guard = f"{{% if execute %}}{{{{ exceptions.raise_compiler_error({stop!r}) }}}}{{% endif %}}\n" if stop else ""
    text = yaml.safe_dump(deployment, sort_keys=False, default_flow_style=False, width=120)
    return (
        "{#- generated by `lifecycle train`: the deployed models and their training window. -#}\n"
        "{% macro deployment() %}{{ return(adapter.dispatch('deployment', 'customer_lifecycle')()) }}"
        "{% endmacro %}\n\n"
        f"{{% macro default__deployment() %}}\n{guard}{DEPLOYMENT_BEGIN}{text}{DEPLOYMENT_END}"
        "{{ return(fromyaml(deployed)) }}\n{% endmacro %}\n"
    )


def read_deployment(text: str) -> dict:
    """What deployment() returns, read from its macro's text (as dbt's fromyaml reads it)."""
    return yaml.safe_load(text[text.index(DEPLOYMENT_BEGIN) + len(DEPLOYMENT_BEGIN) : text.index(DEPLOYMENT_END)])


def write_deployment(
    paths: ArtifactPaths,
    versions: dict[str, str],
    features: list[str],
    refit: dict,
    valid_date,
    as_of,
    origin: dict[str, object],
    churn_training: dict,
) -> Path:
    """Versions and features of the deployed models, the snapshots they were refit on (score_drift's reference
    and score_backtest's `in_training`) and the data they learned from (`origin`: dbt project, sample shop or
    not; see lifecycle_trained_here()). The churn models learned from `churn_training` (calibration.py: the
    snapshots a horizon before validation; their maps from the newest ones): churn_lr_odds_ratios' window.

    Dispatched like the model macros, so a consumer project's own deployment() wins over the package's. Its
    stand-in (publication.py) holds its place while the other files are swapped in: the same deployment(), but
    any model that runs it stops (parsing still works, so `lifecycle train` can finish the swap).
    """
    deployment = {
        "versions": versions,
        "features": features,
        "first_training_snapshot": refit["first_snapshot"],
        "last_training_snapshot": refit["last_snapshot"],
        "first_churn_training_snapshot": churn_training["first_snapshot"],
        "last_churn_training_snapshot": churn_training["last_snapshot"],
        "validation_snapshot": valid_date.date().isoformat(),
        "trained_as_of": as_of.date().isoformat(),
        **origin,
    }
    path = paths.deployment
    path.write_text(_deployment_macro(deployment))
    folder = paths.macros.relative_to(paths.project).as_posix()
    stop = (
        f"customer_lifecycle: `lifecycle train` was stopped while it swapped in new models ({folder}, model card, "
        "registry), which may now mix two trainings; run `lifecycle train` (it finishes the swap first)"
    )
    path.with_name(path.name + STAND_IN).write_text(_deployment_macro(deployment, stop))
    return path
