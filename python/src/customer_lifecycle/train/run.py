"""`lifecycle train`: labelled snapshots from the warehouse -> tuned models -> SQL macros, registry, model card."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd

from customer_lifecycle.recommend.fit import ORDER_LINES_VAR, ensure_similarity_seed, train_similarity, write_similarity
from customer_lifecycle.train.artifacts import publish, write_deployment
from customer_lifecycle.train.blends import blended
from customer_lifecycle.train.calibration import calibration_chain
from customer_lifecycle.train.clv import as_of_histories, fit_clv, publish_clv
from customer_lifecycle.train.fit import Fitted, fit_churn, fit_value
from customer_lifecycle.train.paths import ArtifactPaths
from customer_lifecycle.train.publication import finish_interrupted, publication
from customer_lifecycle.train.registry import registry_rows, write_registry, write_registry_properties
from customer_lifecycle.train.selection import deployment_entry, select
from customer_lifecycle.train.snapshots import check_trainable, fingerprint, load_snapshots
from customer_lifecycle.train.split import time_split
from customer_lifecycle.train.tuning_plans import tuning_plan
from customer_lifecycle.train.zoo import by_target

HORIZON_VAR = "lifecycle_label_horizon_days"
CADENCE_VAR = "lifecycle_snapshot_cadence"


@dataclass
class TrainingReport:
    results: list[Fitted]
    registry: pd.DataFrame
    versions: dict[str, str]
    selections: dict  # task -> selection.Selection


def label_horizon_days(wh) -> int:
    """The label horizon dbt builds customer_features with: --vars, the project's vars, the package's default."""
    return int(wh.project.var(HORIZON_VAR))


def train(wh, progress=print, *, with_card: bool = True) -> TrainingReport:
    started = time.perf_counter()
    paths = ArtifactPaths.of(wh.project)
    if finish_interrupted(paths):
        progress("finished swapping in the models of a `lifecycle train` that was stopped while it published them")
    ensure_similarity_seed(wh, paths.similarity)  # before dbt parses (wh.contract)
    candidates = by_target(wh.contract.deployed)  # a declared model the zoo lacks stops before any data is read
    snapshots = load_snapshots(wh)
    horizon = label_horizon_days(wh)
    split = time_split(snapshots, horizon, str(wh.project.var(CADENCE_VAR)).lower())
    check_trainable(split)
    contract = split.contract
    tuning = tuning_plan(split.train, horizon, contract.churn_label)  # each model sizes its own (fit.py)
    data, refit = fingerprint(split.train, contract), fingerprint(split.refit, contract)
    progress(
        f"training on {data['rows']:,} rows ({data['first_snapshot']}..{data['last_snapshot']}), "
        f"validating on {len(split.valid):,} rows of {split.valid_date.date()} (horizon {horizon} days)"
    )
    progress(f"sampled {snapshots.sample}")
    progress(f"tuning with {tuning.description}")
    progress(
        f"the deployed value models are then refit on every labelled snapshot: {refit['rows']:,} rows "
        f"({refit['first_snapshot']}..{refit['last_snapshot']}); the deployed churn models keep the training "
        f"window and refit their calibration map on {split.valid_date.date()}"
    )
    chain = calibration_chain(split, horizon)
    progress(f"calibrating the churn models along the time chain: {chain.description}")
    churn = fit_churn(split, candidates, horizon, chain, progress)
    # churn_lr is named: expected value multiplies its P(buy) with the spend model (fit_value, scored_snapshots)
    value = fit_value(split, candidates, horizon, next(f for f in churn if f.name == "churn_lr"), progress)
    clv = fit_clv(split, as_of_histories(wh, snapshots.as_of), snapshots.as_of, horizon, progress)
    similarity = train_similarity(wh, progress) if wh.project.var(ORDER_LINES_VAR) else None
    results = churn + value + clv.results
    results += blended(results, split.valid[contract.churn_label], split.valid[contract.value_label])
    declared = {m.name: m.score_column for m in contract.deployed}
    selections = {
        task: select(task, results, split.valid[label], declared)
        for task, label in (("churn", contract.churn_label), ("value", contract.value_label))
    }
    for selection in selections.values():
        progress(f"serving {selection.task}: {selection.describe()}")
    progress("compiling the deployed models to SQL macros")
    origin = {
        "trained_in_project": str(wh.project.name),  # a plain str (dbt hands a subclass) for the YAML
        "trained_on_sample_shop": bool(wh.project.var("lifecycle_use_sample_shop")),
    }
    with publication(paths) as staged:  # every file below is swapped in together when the block ends
        versions = publish(
            staged,
            [f for f in results if f.deployed],
            contract.numeric_features,
            data,
            refit,
            split.valid_date,
            snapshots.as_of,
        )
        clv_versions = publish_clv(staged, clv, horizon, split.valid_date, snapshots.as_of)
        served = {task: deployment_entry(s, {**versions, **clv_versions}) for task, s in selections.items()}
        # BG/NBD and Gamma-Gamma are scored beside the deployed models: scored_snapshots checks their versions too
        write_deployment(
            staged,
            versions,
            contract.numeric_features,
            refit,
            split.valid_date,
            snapshots.as_of,
            {**origin, "clv_versions": clv_versions, "selected": served},
            data,
        )
        registry = registry_rows(
            results,
            versions,
            data,
            refit,
            tuning,
            split.valid_date,
            snapshots.as_of,
            split.valid[contract.churn_label],
            selections,
        )
        if similarity is not None:
            write_similarity(staged.similarity, similarity.table)
            registry = pd.concat([registry, similarity.registry], ignore_index=True)
        write_registry(staged.registry, registry)
        if staged.registry_properties is not None:
            write_registry_properties(staged.registry_properties, wh.manifest, wh.kind)
        if with_card:
            from customer_lifecycle.train.card import write_model_card

            progress("writing the model card")
            write_model_card(
                staged, results, split, data, refit, tuning, snapshots.as_of, snapshots.sample, origin, selections
            )
    progress(f"trained {len(results)} models in {time.perf_counter() - started:.0f}s")
    return TrainingReport(results, registry, versions, selections)
