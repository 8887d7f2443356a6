"""`lifecycle train` at scale: seconds, peak memory and validation metrics, beside the marts build of the same shop;
and the learning curve the default training sample size (var lifecycle_training_sample_rows) is chosen from.

    python python/benchmarks/train_bench.py --shops /tmp/b/shop_300k.duckdb /tmp/b/shop_1m.duckdb
    python python/benchmarks/train_bench.py --sizes 100000 --workdir /tmp/bench     # generate the shop first
    python python/benchmarks/train_bench.py --shops /tmp/b/shop_1m.duckdb --every-row   # also train on every row
    python python/benchmarks/train_bench.py --curve --shops /tmp/b/shop_300k.duckdb --rows 10000 100000 all

A shop is a raw generated DuckDB file (`lifecycle generate --out X.duckdb`, or --sizes here); it is copied into
the work dir (never opened in place), its marts built with `dbt run` (timed), then `lifecycle train` runs in a
copy of this dbt project (the repository's artifacts are never touched). Every step runs in a process of its
own, so the peak memory printed (max RSS) belongs to that step alone. --curve tunes and validates each deployed
family at each number of training rows (sampled in the warehouse exactly as `lifecycle train` samples).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from marts_bench import _peak_mb, build_step, generate_step

REPOSITORY = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "python/model_card"]
EVERY_ROW = 999_999_999  # the largest budget the var rule allows: no sampling
SHOP_VARS = {"lifecycle_use_sample_shop": False}  # the generated raw_* tables sit in the target schema


def _project_copy(workdir: Path) -> Path:
    project = Path(tempfile.mkdtemp(prefix="project-", dir=workdir))
    for part in PROJECT_PARTS:
        source, target = REPOSITORY / part, project / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return project


def _budget(rows: str) -> int:
    return EVERY_ROW if rows == "all" else int(rows)


def train_step(db_path: str, rows: str) -> dict:
    """`lifecycle train` in a project copy; the deployed models' validation metrics from the registry it writes."""
    import pandas as pd

    from customer_lifecycle.cli import main

    project = _project_copy(Path(db_path).parent)
    variables = SHOP_VARS if rows == "default" else {**SHOP_VARS, "lifecycle_training_sample_rows": _budget(rows)}
    started = time.perf_counter()
    status = main(["train", "--project-dir", str(project), "--duckdb-path", db_path, "--vars", json.dumps(variables)])
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"lifecycle train failed on {db_path}")
    registry = pd.read_csv(project / "seeds" / "ml_model_registry.csv").set_index("model")
    deployed = registry[registry["deployed"]]  # the models scored_snapshots declares (contract.py)
    churn, value = deployed[deployed["task"] == "churn"], deployed[deployed["task"] == "value"]
    metrics = {model: round(float(churn.loc[model, "roc_auc"]), 5) for model in churn.index}
    metrics |= {f"{model}_rmse": round(float(value.loc[model, "rmse"]), 3) for model in value.index}
    shutil.rmtree(project)
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "train_rows": int(registry["train_rows"].iloc[0]),
        "metrics": metrics,
    }


def curve_step(db_path: str, rows: str) -> dict:
    """Tune and validate every deployed family on the warehouse sample of `rows` training rows."""
    from customer_lifecycle.train.deploy import deployable
    from customer_lifecycle.train.fit import _fit
    from customer_lifecycle.train.metrics import classification_metrics, regression_metrics
    from customer_lifecycle.train.run import CADENCE_VAR, label_horizon_days
    from customer_lifecycle.train.snapshots import load_snapshots
    from customer_lifecycle.train.split import time_split
    from customer_lifecycle.train.zoo import by_target
    from customer_lifecycle.warehouse import Warehouse

    wh = Warehouse(
        "duckdb",
        duckdb_path=db_path,
        project_dir=REPOSITORY,
        vars={**SHOP_VARS, "lifecycle_training_sample_rows": _budget(rows)},
    )
    started = time.perf_counter()
    snapshots = load_snapshots(wh)
    read_seconds = time.perf_counter() - started
    horizon = label_horizon_days(wh)
    split = time_split(snapshots, horizon, str(wh.project.var(CADENCE_VAR)).lower())
    contract = snapshots.contract
    features, churned, value = contract.numeric_features, contract.churn_label, contract.value_label
    valid, quiet = split.valid[features], (lambda _: None)
    result, fitted = {}, {}
    candidates = by_target(contract.deployed)
    for candidate in [c for c in candidates["churn"] if c.deployed]:
        model = deployable(_fit(candidate, "churn", split.train, features, churned, horizon, quiet)[0])
        fitted[candidate.name] = p = model.predict_proba(valid)[:, 1]
        metrics = classification_metrics(split.valid[churned], p)
        result[candidate.name] = {"roc_auc": round(metrics["roc_auc"], 5), "pr_auc": round(metrics["pr_auc"], 5)}
    for candidate in [c for c in candidates["value"] if c.deployed]:
        model = deployable(_fit(candidate, "value", split.train, features, value, horizon, quiet)[0])
        rmse = regression_metrics(split.valid[value], model.predict(valid))["rmse"]
        result[candidate.name] = {"rmse": round(rmse, 3)}
    buyers = split.train[split.train[churned] == 0]
    spend_model = candidates["spend"][0]
    spend = deployable(_fit(spend_model, "value", buyers, features, value, horizon, quiet)[0]).predict(valid)
    rmse = regression_metrics(split.valid[value], (1 - fitted["churn_lr"]) * spend)["rmse"]
    result[spend_model.name] = {"rmse": round(rmse, 3)}
    wh.close()
    return {
        "train_rows": len(split.train),
        "read_seconds": read_seconds,
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "metrics": result,
    }


STEPS = {"generate": generate_step, "build": build_step, "train": train_step, "curve": curve_step}


def run_in_child(step: str, db_path: Path, argument) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--step", step, "--db", str(db_path), "--arg", str(argument)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _built_shops(args, workdir: Path):
    """(label, DuckDB file with its marts built, build result) per shop asked for."""
    for source in args.shops:
        db_path = workdir / Path(source).name
        shutil.copy(source, db_path)  # never open a shared shop in place: DuckDB locks the file
        yield Path(source).stem, db_path, run_in_child("build", db_path, 0)
    for customers in args.sizes:
        db_path = workdir / f"shop_{customers}.duckdb"
        db_path.unlink(missing_ok=True)
        run_in_child("generate", db_path, customers)
        yield f"{customers:,} customers", db_path, run_in_child("build", db_path, customers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", nargs="*", default=[], help="raw generated shops (.duckdb), copied first")
    parser.add_argument("--sizes", type=int, nargs="*", default=[], help="customers of shops to generate")
    parser.add_argument("--workdir", help="where the DuckDB files go (default: a temp dir)")
    parser.add_argument("--every-row", action="store_true", help="also train on every row (the AUC reference)")
    parser.add_argument("--curve", action="store_true", help="also the learning curve, before `lifecycle train`")
    parser.add_argument(
        "--rows",
        nargs="+",
        default=["10000", "30000", "100000", "300000", "1000000", "all"],
        help="--curve: training rows per point ('all' = every row)",
    )
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--arg", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # child process: one step, one JSON line
        argument = int(args.arg) if args.step in ("generate", "build") else args.arg
        print(json.dumps(STEPS[args.step](args.db, argument)))
        return

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="train-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for label, db_path, built in _built_shops(args, workdir):
        print(
            f"{label}: marts built in {built['seconds']:.1f} s, peak {built['peak_mb']:,.0f} MB, "
            f"{built['feature_rows']:,} feature rows",
            flush=True,
        )
        if args.curve:
            for rows in args.rows:
                point = run_in_child("curve", db_path, rows)
                print(
                    f"  curve {rows:>9}: {point['train_rows']:>9,} training rows, {point['seconds']:.1f} s "
                    f"(read {point['read_seconds']:.1f} s), peak {point['peak_mb']:,.0f} MB, "
                    f"{json.dumps(point['metrics'])}",
                    flush=True,
                )
        for rows in ["default", *(["all"] if args.every_row else [])]:
            trained = run_in_child("train", db_path, rows)
            print(
                f"  lifecycle train ({rows}): {trained['seconds']:.1f} s, peak {trained['peak_mb']:,.0f} MB, "
                f"{trained['train_rows']:,} training rows, validation {json.dumps(trained['metrics'])}",
                flush=True,
            )


if __name__ == "__main__":
    main()
