"""`lifecycle run`: raw orders -> features (dbt) -> trained, compiled models -> scores view (dbt) -> a summary.

One process, one dbtRunner, one warehouse connection, whatever the target. The steps show as a progress
display (rich); dbt prints errors only, its per-node log goes to the project's logs/dbt.log.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from customer_lifecycle.engines.load import load_sample_shop
from customer_lifecycle.served import QUERY as SERVED_QUERY, served_notes
from customer_lifecycle.train import train
from customer_lifecycle.warehouse import Warehouse

SCORING = ["customer_lifecycle.scoring", "ml_model_registry"]  # what a retrain changes (the package's scoring folder)
TOP_AT_RISK = 10
REF_FLAG = "require_ref_searches_node_package_before_root"


def _table(frame: pd.DataFrame) -> str:
    return frame.to_string(index=False, float_format=lambda v: f"{v:.3f}")


CHURN_METRICS = "roc_auc, pr_auc, brier, log_loss, lift_top_decile"
VALUE_METRICS = "mae, rmse, spearman, total_error"


def _metrics(wh: Warehouse, task: str, columns: str) -> pd.DataFrame:
    return wh.query(f"select model, deployed, {columns} from ml_model_registry "
                    f"where task = '{task}' order by deployed desc, model")


def as_of_after_data(wh: Warehouse) -> str | None:
    """A warning when the as-of date lies after the data (the dbt test assert_as_of_date_within_the_data)."""
    row = wh.query("select as_of_date, data_end_date from int_lifecycle__as_of_date").iloc[0]
    if pd.isna(row["data_end_date"]) or row["as_of_date"] <= row["data_end_date"]:
        return None
    data_end = pd.Timestamp(row["data_end_date"]).date()
    return (f"as_of_date {pd.Timestamp(row['as_of_date']).date()} is after the data (the latest loaded order or "
            f"event is dated {data_end - pd.Timedelta(days=1)}): snapshots whose label window ends after {data_end} "
            "get no label, and the stages read the days without data as customers who stopped buying")


def drift_section(wh: Warehouse) -> str:
    """The drifted scores and features, and what that means for the scores just built."""
    drifted = wh.query("""
        select variable, kind, psi, drift_level, warn_only, reference_last_snapshot
        from score_drift where drift_level <> 'none' order by psi desc, variable""")
    if drifted.empty:
        return "Drift (score_drift): none; every score and feature is distributed as in training (PSI <= warn threshold)"
    reference = pd.Timestamp(drifted["reference_last_snapshot"].iloc[0]).date()
    return (f"Drift (score_drift): {len(drifted)} scores/features are distributed differently today than on the "
            f"training snapshot {reference}\n"
            "(PSI: > warn threshold moderate, > error threshold significant). The scores above were still built;\n"
            "drift means the models see customers unlike those they learned from, so their probabilities may be off.\n"
            "Retrain when new snapshots are labelled (lifecycle run). Age features (warn_only) grow as the shop ages.\n"
            "To fail the build on significant drift instead: --vars '{lifecycle_drift_severity: error}'.\n"
            + _table(drifted.drop(columns="reference_last_snapshot")))


def training_section(wh: Warehouse) -> str:
    """How the deployed models were tuned, validated and refit: the value models' registry row, then each churn
    model's calibration (train/calibration.py)."""
    rows = wh.query("""
        select model, task, tuning, train_first_snapshot, train_last_snapshot, validation_snapshot,
               refit_first_snapshot, refit_last_snapshot, refit_rows, calibration
        from ml_model_registry where deployed order by task desc, model""")
    row = rows.iloc[0]
    day = {column: pd.Timestamp(row[column]).date() for column in row.index if column.endswith("snapshot")}
    churn = [f"{r.model}: calibration {r.calibration}" for r in rows.itertuples() if r.task == "churn"]
    return (f"Training (ml_model_registry)\n"
            f"tuned with {row.tuning}; value models validated on snapshot {day['validation_snapshot']} by models "
            f"trained on {day['train_first_snapshot']}..{day['train_last_snapshot']} (held out), then refit on every "
            f"labelled snapshot, {day['refit_first_snapshot']}..{day['refit_last_snapshot']} ({int(row.refit_rows):,} "
            f"rows);\n" + "\n".join(churn))


def summary(wh: Warehouse) -> str:
    stages = wh.query("select lifecycle_stage, count(*) as people from customer_lifecycle "
                      "group by lifecycle_stage order by people desc, lifecycle_stage")
    segments = wh.query("select rf_segment, count(*) as customers from customer_rfm "
                        "group by rf_segment order by customers desc, rf_segment")
    at_risk = wh.query(f"""
        select s.customer_id, s.lifecycle_stage, s.rf_segment, r.total_spend, s.churn_probability,
               s.expected_value_h, s.churn_reason_1
        from customer_scores as s inner join customer_rfm as r on s.customer_id = r.customer_id
        where s.risk_band = 'high' and s.lifecycle_stage <> 'churned'
        order by r.total_spend desc, s.customer_id
        limit {TOP_AT_RISK}""")
    return "\n\n".join([
        "Lifecycle stages\n" + _table(stages),
        "RF segments\n" + _table(segments),
        f"Top {TOP_AT_RISK} high-value customers at high churn risk (not yet churned)\n" + _table(at_risk),
        training_section(wh),
        "Served models (train/selection.py: chosen on the validation snapshot)\n"
        + "\n".join(served_notes(wh.query(SERVED_QUERY))),
        "Churn models on the validation snapshot (ml_model_registry)\n" + _table(_metrics(wh, "churn", CHURN_METRICS)),
        "Value models on the validation snapshot (ml_model_registry)\n" + _table(_metrics(wh, "value", VALUE_METRICS)),
        drift_section(wh),
    ])


@contextmanager
def _steps(console: Console):
    """`step(text)` opens a step with a spinner and its elapsed time; it is ticked off when the next opens."""
    with Progress(SpinnerColumn(finished_text="[green]✓"), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console) as progress:
        current = []

        def step(text: str) -> None:
            if current:
                progress.update(current[-1], completed=1)
            current.append(progress.add_task(text, total=1))

        yield step, progress.console
        if current:
            progress.update(current[-1], completed=1)


def where_and_next(wh: Warehouse) -> str:
    """Where the results are and what to run next: the closing lines of `lifecycle run`."""
    if wh.kind == "duckdb":
        place = f"DuckDB file {Path(wh.settings['path']).resolve()}"
    else:
        place = f"{wh.kind} database {wh.settings.get('database') or '-'}"
    show = "dbt show --inline \"select * from {{ ref('customer_lifecycle', 'customer_scores') }} " \
           "order by churn_probability desc\" --limit 20"
    return "\n".join([
        f"Results: {place}, schema {wh.read_schemas[0]} (customer_scores, customer_lifecycle, customer_rfm, ...)",
        f"dbt's full log: {Path(wh.project.config.log_path) / 'dbt.log'}",
        "Next, in this project:",
        f"  {show}",
        "  dbt docs generate && dbt docs serve      # every relation, its columns and tests",
        "  lifecycle train                          # retrain after the next dbt build",
    ])


def run_main_job(target: str | None = None, duckdb_path: str | None = None, console: Console | None = None,
                 full_refresh: bool = False, **warehouse_options) -> str:
    """`warehouse_options` (e.g. project_dir, vars) go to Warehouse: tests run the job on a copy of the project.
    `full_refresh` rebuilds the incremental models whole (after changed vars, code or late old orders)."""
    console = console or Console(soft_wrap=True)  # long lines stay whole in logs and CI output
    wh = Warehouse(target, duckdb_path=duckdb_path, quiet=True, **warehouse_options)
    if not wh.project.is_package_itself and not wh.project.config.flags.get(REF_FLAG):
        console.print(f"[yellow]Note:[/] set `flags: {{{REF_FLAG}: true}}` in dbt_project.yml so the package's "
                      "ref()s never pick a model of yours with the same name (e.g. customer_features).")
    with _steps(console) as (step, out):
        step(f"dbt build: staging, marts, tests (target {wh.target})")
        refresh = ["--full-refresh"] if full_refresh else []
        wh.dbt("build", *refresh, "--exclude", *SCORING, *load_sample_shop(wh))  # seeds are slow on servers: COPY
        late = as_of_after_data(wh)
        if late is not None:
            out.print(f"[yellow]Warning:[/] {late}", highlight=False)
        step("training on customer_features")
        train(wh, progress=lambda message: out.print(f"    {message}", highlight=False))
        step("dbt build: scores, drift, backtest, registry")
        wh.dbt("build", "--select", *SCORING)
        step("summary")
        text = summary(wh)
    console.print("\n" + text, highlight=False)
    console.print("\n" + where_and_next(wh), highlight=False)
    return text
