"""`lifecycle run`: raw orders -> features (dbt) -> trained, compiled models -> scores view (dbt) -> a summary.

One process, one dbtRunner, one warehouse connection, whatever the target. The steps show as a progress
display (rich) on a terminal, as plain lines otherwise; dbt prints errors only, its per-node log goes to dbt's
log path (the project's logs/dbt.log unless --log-path or DBT_LOG_PATH says otherwise).

Everything built on the scores (the package's scoring folder and the registry, the reporting models on them,
and the project's own models downstream of them) waits for training: step 1 excludes it, step 3 builds it on
the new models. The summary reads the reporting models (models/reporting/), as the HTML report does.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlglot import exp

from customer_lifecycle.at_risk import at_risk
from customer_lifecycle.engines.load import load_sample_shop
from customer_lifecycle.project import PACKAGE
from customer_lifecycle.reads import Read, column
from customer_lifecycle.recommend.fit import ensure_similarity_seed
from customer_lifecycle.served import READ as SERVED_READ
from customer_lifecycle.served import served_notes
from customer_lifecycle.train import train
from customer_lifecycle.train.metrics import shown
from customer_lifecycle.train.paths import ArtifactPaths
from customer_lifecycle.warehouse import Warehouse

SCORING = [
    "customer_lifecycle.scoring",
    "ml_model_registry",
    "product_similarity",
]  # what a retrain changes (the package's scoring folder)
AFTER_TRAINING = [f"{selector}+" for selector in SCORING]  # and everything built on it, the project's models too
TOP_AT_RISK = 10
AT_RISK_COLUMNS = [
    "customer_id",
    "lifecycle_stage",
    "rf_segment",
    "total_spend",
    "churn_probability",
    "expected_value_h",
    "churn_reason_1",
]  # the report's table shows more; a terminal is narrower
REF_FLAG = "require_ref_searches_node_package_before_root"


def _table(frame: pd.DataFrame) -> str:
    return frame.to_string(index=False, float_format=lambda v: f"{v:.3f}")


NEXT_AFTER_TRAIN = "dbt build --select " + " ".join(AFTER_TRAINING)  # the scores, and your models on them


def metric_tables(registry: pd.DataFrame) -> str:
    """The churn and value models' validation metrics (ml_model_registry rows), deployed first."""
    return "\n\n".join(
        f"{task.capitalize()} models on the validation snapshot (ml_model_registry)\n"
        + _table(
            registry.loc[registry["task"] == task, ["model", "deployed", *columns]].sort_values(
                ["deployed", "model"], ascending=[False, True]
            )
        )
        for task, columns in ((task, shown("summary", task)) for task in ("churn", "value"))
    )


def as_of_after_data(wh: Warehouse) -> str | None:
    """A warning when the as-of date lies after the data (the dbt test assert_as_of_date_within_the_data)."""
    row = Read("int_lifecycle__as_of_date", ["as_of_date", "data_end_date"]).rows(wh).iloc[0]
    if pd.isna(row["data_end_date"]) or row["as_of_date"] <= row["data_end_date"]:
        return None
    data_end = pd.Timestamp(row["data_end_date"]).date()
    return (
        f"as_of_date {pd.Timestamp(row['as_of_date']).date()} is after the data (the latest loaded order or "
        f"event is dated {data_end - pd.Timedelta(days=1)}): snapshots whose label window ends after {data_end} "
        "get no label, and the stages read the days without data as customers who stopped buying"
    )


def drift_section(wh: Warehouse) -> str:
    """The drifted scores and features, and what that means for the scores just built."""
    drifted = Read(
        "score_drift",
        ["variable", "kind", "psi", "drift_level", "warn_only", "reference_last_snapshot"],
        where=column("drift_level").neq(exp.Literal.string("none")),
        order_by=["-psi", "variable"],
    ).rows(wh)
    if drifted.empty:
        return (
            "Drift (score_drift): none; every score and feature is distributed as in training (PSI <= warn threshold)"
        )
    reference = pd.Timestamp(drifted["reference_last_snapshot"].iloc[0]).date()
    return (
        f"Drift (score_drift): {len(drifted)} scores/features are distributed differently today than on the "
        f"training snapshot {reference}\n"
        "(PSI: > warn threshold moderate, > error threshold significant). The scores above were still built;\n"
        "drift means the models see customers unlike those they learned from, so their probabilities may be off.\n"
        "Retrain when new snapshots are labelled (lifecycle run). Age features (warn_only) grow as the shop ages.\n"
        "To fail the build on significant drift instead: --vars '{lifecycle_drift_severity: error}'.\n"
        + _table(drifted.drop(columns="reference_last_snapshot"))
    )


def training_section(wh: Warehouse) -> str:
    """How the deployed models were tuned, validated and refit: the value models' registry row, then each churn
    model's calibration (train/calibration.py)."""
    rows = Read(
        "ml_model_registry",
        [
            "model",
            "task",
            "tuning",
            "train_first_snapshot",
            "train_last_snapshot",
            "validation_snapshot",
            "refit_first_snapshot",
            "refit_last_snapshot",
            "refit_rows",
            "calibration",
        ],
        where=column("deployed"),
        order_by=["-task", "model"],
    ).rows(wh)
    row = rows.iloc[0]
    day = {column: pd.Timestamp(row[column]).date() for column in row.index if column.endswith("snapshot")}
    churn = [f"{r.model}: calibration {r.calibration}" for r in rows.itertuples() if r.task == "churn"]
    return (
        f"Training (ml_model_registry)\n"
        f"tuned with {row.tuning}; value models validated on snapshot {day['validation_snapshot']} by models "
        f"trained on {day['train_first_snapshot']}..{day['train_last_snapshot']} (held out), then refit on every "
        f"labelled snapshot, {day['refit_first_snapshot']}..{day['refit_last_snapshot']} ({int(row.refit_rows):,} "
        f"rows);\n" + "\n".join(churn)
    )


def recommendations_section(wh: Warehouse) -> str:
    """One customer's two lists, as customer_recommendations has them (the first customer id with a buy_again list)."""
    first = Read("customer_recommendations", where=column("list").eq(exp.Literal.string("buy_again"))).expression()
    person = first.select(exp.Min(this=column("customer_id")), append=False).subquery()
    lists = Read(
        "customer_recommendations",
        ["customer_id", "list", "rank", "product_id", "product_name", "score", "reason"],
        where=column("customer_id").eq(person),
        order_by=["list", "rank"],
    ).rows(wh)
    return (
        f"Recommendations for customer {lists['customer_id'].iloc[0]} (customer_recommendations; "
        "docs/recommendations.md)\n" + _table(lists.drop(columns="customer_id"))
    )


def summary(wh: Warehouse) -> str:
    stages = Read("report_stage_counts", ["lifecycle_stage", "people"], order_by=["-people", "lifecycle_stage"])
    segments = Read("report_rf_segments", ["rf_segment", "customers"], order_by=["-customers", "rf_segment"])
    customers = at_risk(TOP_AT_RISK).rows(wh)[AT_RISK_COLUMNS]
    return "\n\n".join(
        [
            "Lifecycle stages\n" + _table(stages.rows(wh)),
            "RF segments\n" + _table(segments.rows(wh)),
            f"Top {TOP_AT_RISK} high-value customers at high churn risk (not yet churned)\n" + _table(customers),
            training_section(wh),
            "Served models (train/selection.py: chosen on the validation snapshot)\n"
            + "\n".join(served_notes(SERVED_READ.rows(wh))),
            metric_tables(Read("ml_model_registry").rows(wh)),
            drift_section(wh),
            *([recommendations_section(wh)] if wh.project.var("lifecycle_has_order_lines") else []),
        ]
    )


@contextmanager
def _steps(console: Console):
    """`step(text)` opens a step with a spinner and its elapsed time; it is ticked off when the next opens.
    Without a terminal (CI logs, a pipe) each step is one plain line: no spinner frames, no colour codes."""
    if not console.is_terminal:
        yield (lambda text: console.print(f"- {text}", highlight=False)), console
        return
    with Progress(
        SpinnerColumn(finished_text="[green]✓"), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as progress:
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
    show = (
        "dbt show --inline \"select * from {{ ref('customer_lifecycle', 'customer_scores') }} "
        'order by churn_probability desc" --limit 20'
    )
    return "\n".join(
        [
            f"Results: {place}, schema {wh.read_schemas[0]} (customer_scores, customer_lifecycle, customer_rfm, ...)",
            f"dbt's full log: {wh.project.log_path / 'dbt.log'}",
            "Next, in this project:",
            f"  {show}",
            "  dbt docs generate && dbt docs serve      # every relation, its columns and tests",
            "  lifecycle train                          # retrain after the next dbt build",
        ]
    )


def own_models_after_training(wh: Warehouse, selected: list[str], excluded: list[str]) -> list[str]:
    """The project's own models that step 3 builds (downstream of the scores), as dbt selects them."""
    if wh.project.is_package_itself:
        return []
    listed = wh.dbt(
        "ls",
        "--log-level",
        "none",
        "--resource-type",
        "model",
        "--output",
        "name",  # names, not printed
        "--select",
        *_after_training(selected),
        "--exclude",
        f"package:{PACKAGE}",
        *excluded,
    )
    return sorted(listed.result or [])


def _after_training(selected: list[str]) -> list[str]:
    """Step 3's selection: the package's scoring, and what is built on it among the user's --select."""
    if not selected:
        return AFTER_TRAINING
    return SCORING + [f"{own},{after}" for own in selected for after in AFTER_TRAINING]


def run_main_job(
    target: str | None = None,
    duckdb_path: str | None = None,
    console: Console | None = None,
    full_refresh: bool = False,
    select: list[str] | None = None,
    exclude: list[str] | None = None,
    **warehouse_options,
) -> str:
    """`warehouse_options` (e.g. project_dir, vars) go to Warehouse: tests run the job on a copy of the project.
    `full_refresh` rebuilds the incremental models whole (after changed vars, code or late old orders).
    `select` / `exclude` narrow both dbt builds as dbt's own flags do; the package's scoring always builds."""
    console = console or Console(soft_wrap=True)  # long lines stay whole in logs and CI output
    selected, excluded = list(select or []), list(exclude or [])
    wh = Warehouse(target, duckdb_path=duckdb_path, quiet=True, **warehouse_options)
    ensure_similarity_seed(
        wh, ArtifactPaths.of(wh.project).similarity
    )  # a first run with order lines on: dbt parses it
    if not wh.project.is_package_itself and not wh.project.config.flags.get(REF_FLAG):
        console.print(
            f"[yellow]Note:[/] set `flags: {{{REF_FLAG}: true}}` in dbt_project.yml so the package's "
            "ref()s never pick a model of yours with the same name (e.g. customer_features)."
        )
    refresh = ["--full-refresh"] if full_refresh else []
    waiting = own_models_after_training(wh, selected, excluded)
    with _steps(console) as (step, out):
        step(f"dbt build: staging, marts, tests (target {wh.target})")
        if waiting:
            out.print(f"    your models on the scores wait for step 3: {', '.join(waiting)}", highlight=False)
        wh.dbt(
            "build",
            *refresh,
            *(["--select", *selected] if selected else []),
            "--exclude",
            *AFTER_TRAINING,
            *excluded,
            *load_sample_shop(wh),
        )  # seeds are slow on servers: COPY
        late = as_of_after_data(wh)
        if late is not None:
            out.print(f"[yellow]Warning:[/] {late}", highlight=False)
        step("training on customer_features")
        train(wh, progress=lambda message: out.print(f"    {message}", highlight=False))
        step("dbt build: scores, drift, backtest, registry" + (f"; then your {', '.join(waiting)}" if waiting else ""))
        wh.dbt(
            "build", *refresh, "--select", *_after_training(selected), *(["--exclude", *excluded] if excluded else [])
        )
        step("summary")
        text = summary(wh)
    console.print("\n" + text, highlight=False)
    console.print("\n" + where_and_next(wh), highlight=False)
    return text
