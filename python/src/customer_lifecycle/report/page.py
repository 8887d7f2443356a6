"""`lifecycle report`: read the reporting models from the warehouse, write one self-contained HTML file.

Every chart is inline SVG drawn by matplotlib (as the model card's), so the page opens offline, runs no script
and asks no outside host for anything.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from customer_lifecycle.report import figures
from customer_lifecycle.report.queries import read_all
from customer_lifecycle.served import served_notes
from customer_lifecycle.train.metrics import shown
from customer_lifecycle.warehouse import Warehouse

FLOW_MONTHS = 3
REGISTRY_METRICS = shown("report")


@dataclass
class Section:
    anchor: str
    title: str
    how_to_read: list[str]
    charts: list[str]
    tables: list[str] = field(default_factory=list)


def _chart(figure: Figure, name: str) -> str:
    """The figure as an inline <svg>: text stays text (searchable, sharp when printed); ids are salted with the
    chart's name and the date is left out, so the same data gives the same file."""
    svg = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": name}):
        figure.savefig(svg, format="svg", metadata={"Date": None})
    text = svg.getvalue()
    return f'<div id="chart-{name}">{text[text.index("<svg") :]}</div>'


def _table(frame: pd.DataFrame, formats: dict[str, str]) -> str:
    shown = frame.copy()
    for column, fmt in formats.items():
        shown[column] = [fmt.format(v) if pd.notna(v) else "" for v in shown[column]]
    return f'<div class="table">{shown.to_html(index=False, na_rep="", classes="data", border=0)}</div>'


def _as_of_date(data: dict[str, pd.DataFrame]):
    return pd.Timestamp(data["stages_now"]["as_of_date"].max()).date()


def _at_risk(at_risk: pd.DataFrame) -> pd.DataFrame:
    reasons = at_risk[["churn_reason_1", "churn_reason_2", "churn_reason_3"]]
    return pd.DataFrame(
        {
            "customer": at_risk["customer_id"],
            "stage": at_risk["lifecycle_stage"],
            "segment": at_risk["rf_segment"],
            "spend so far": at_risk["total_spend"],
            "days since last order": at_risk["recency_days"],
            "churn risk": at_risk["churn_probability"],
            "expected value": at_risk["expected_value_h"],
            "reasons (features raising the risk most)": [
                ", ".join(r for r in row if isinstance(r, str)) for row in reasons.itertuples(index=False)
            ],
        }
    )


def _registry(registry: pd.DataFrame) -> pd.DataFrame:
    table = registry[["model", "task", "deployed", *REGISTRY_METRICS]].copy()
    table["deployed"] = ["yes" if deployed else "" for deployed in table["deployed"]]
    return table


def _value_totals(totals: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "snapshot": [pd.Timestamp(d).date() for d in totals["snapshot_date"]],
            "in training": ["yes" if t else "" for t in totals["in_training"]],
            "sum of expected_value_h": totals["expected_value_total"],
            "revenue that followed": totals["actual_value_total"],
            "ratio": totals["ratio"],
        }
    )


def sections(data: dict[str, pd.DataFrame], flow_months: int) -> list[Section]:
    as_of_date = _as_of_date(data)
    stages = data["stages_now"].set_index("lifecycle_stage")["people"].reindex(figures.STAGES, fill_value=0)
    backtest = data["backtest"]
    return [
        Section(
            "stages",
            "1. Lifecycle stages",
            [
                "Everyone the shop knows, in the stage they are in on the as-of date: visitors (acquired, attracted), "
                "sign-ups without a purchase (registered), buyers (engaged, retained, advocate) "
                "and lapsed buyers (churned).",
                "The area chart stacks the same stages at every month end: a growing red band is customers lapsing.",
            ],
            [
                _chart(figures.stage_counts(data["stages_now"]), "stage-counts"),
                _chart(figures.stages_over_time(data["stages_monthly"]), "stages-over-time"),
            ],
            [_table(pd.DataFrame({"stage": figures.STAGES, "people": stages.to_numpy()}), {"people": "{:,}"})],
        ),
        Section(
            "flows",
            "2. Stage flows",
            [
                f"Where people went over the last {flow_months} months: each column is the stages at a month end, each "
                "band the people moving between two of them; grey bands are people who stayed put.",
                "The grey \u201cnew\u201d boxes feed in the people first seen in a month; each box shows its people.",
            ],
            [_chart(figures.stage_flows(data["transitions"], flow_months, as_of_date), "flows")],
        ),
        Section(
            "rfm",
            "3. RFM",
            [
                "Buyers placed on a grid by recency score (columns, 5 = bought most recently) and frequency score "
                "(rows, 5 = most orders), with their count and their revenue per cell.",
                "Top right are the best customers; bottom right the new ones; "
                "top left the valuable ones slipping away. "
                "The named segments below group these cells.",
            ],
            [
                _chart(figures.rf_grid(data["rf_grid"]), "rf-grid"),
                _chart(figures.segments(data["segments"]), "segments"),
            ],
        ),
        Section(
            "churn",
            "4. Churn risk",
            [
                "How likely each customer is to place no order in the label horizon, from the served churn model "
                "(section 6 says which), stacked by stage. Risk bands cut the same probability "
                "(high and medium thresholds are dbt vars).",
                "The table lists the customers with the most spend so far who are at high risk but not churned yet, "
                "with the three features raising their risk most: the people to contact first.",
            ],
            [
                _chart(figures.churn_by_stage(data["churn_histogram"]), "churn-by-stage"),
                _chart(figures.risk_bands(data["risk_bands"]), "risk-bands"),
            ],
            [
                _table(
                    _at_risk(data["at_risk"]),
                    {"spend so far": "{:,.2f}", "churn risk": "{:.0%}", "expected value": "{:,.2f}"},
                )
            ],
        ),
        Section(
            "value",
            "5. Value and calibration",
            [
                f"Out of sample: the {int(backtest['snapshots'].max()) if len(backtest) else 0} "
                "matured snapshot(s) after "
                "the training window, customers cut into ten deciles of churn risk.",
                "Left: revenue per customer the value model predicted against what the customers really spent. "
                "The table: per matured snapshot, the sum of expected_value_h over its customers "
                "against the revenue that "
                "followed (a ratio of 1 adds up; issue 20 asks 0.9 to 1.1).",
                "Right: predicted against observed churn; "
                "points on the dotted line mean the probabilities can be taken "
                "at face value. From the first training on it shows the validation snapshot scored by the models and "
                "calibration maps trained before it (ten equal-width probability bins); matured snapshots join it as "
                "they come.",
            ],
            [
                _chart(figures.value_by_decile(backtest), "value-by-decile"),
                _chart(figures.calibration(backtest, data["reliability"]), "calibration"),
            ],
            [
                _table(
                    _value_totals(data["backtest_totals"]),
                    {"sum of expected_value_h": "{:,.0f}", "revenue that followed": "{:,.0f}", "ratio": "{:.2f}"},
                )
            ],
        ),
        Section(
            "models",
            "6. Models",
            [
                "Every churn model trained, with the recency baseline, scored on the same validation snapshot "
                "(ml_model_registry); the deployed ones are the SQL behind the scores. The curves are the deployed "
                "models' on that snapshot.",
                "The tree reads left to right: each box is a split, "
                "its colour the churn rate of the training rows in it. "
                "The odds ratios say how the logistic model's churn odds move for one standard deviation more of a "
                "feature: above 1 raises the risk, below 1 lowers it.",
                *served_notes(data["served"]),
            ],
            [
                _chart(figures.model_comparison(data["registry"]), "model-comparison"),
                _chart(figures.roc_pr(data["roc_counts"], data["registry"]), "roc-pr"),
                _chart(figures.churn_tree(data["tree_leaves"]), "churn-tree"),
                _chart(figures.odds_ratios(data["odds_ratios"]), "odds-ratios"),
            ],
            [_table(_registry(data["registry"]), {c: "{:.3f}" for c in REGISTRY_METRICS})],
        ),
        Section(
            "quality",
            "7. Data quality and drift",
            [
                "Every raw order row is accepted, out of scope (after the as-of date) or quarantined with a reason; "
                "nothing is dropped. Quarantined rows sit in orders_quarantine with their raw text.",
                "Drift compares today's customers with the newest training snapshot, per score and feature: past the "
                "warn line, watch; past the error line, the dbt tests fail and the models want retraining "
                "(age-like features only warn).",
            ],
            [
                _chart(figures.load_outcomes(data["load_summary"]), "load-outcomes"),
                _chart(figures.quarantine_reasons(data["quarantine"]), "quarantine"),
                _chart(figures.drift(data["drift"]), "drift"),
            ],
        ),
        *recommendation_section(data),
    ]


def recommendation_section(data: dict[str, pd.DataFrame]) -> list[Section]:
    """8. Recommendations, when the warehouse has them (lifecycle_has_order_lines)."""
    if "most_recommended" not in data:
        return []
    coverage = data["recommendation_coverage"].assign(coverage=lambda f: f["products_listed"] / f["products_bought"])
    return [
        Section(
            "recommendations",
            "8. Recommendations",
            [
                "customer_recommendations: for every person a buy_again list (products they bought and kept, "
                "the most often bought first) and a discover list (products they never ordered), scored in SQL from "
                "product_similarity.",
                "Coverage: the share of the products bought so far that some list shows. The examples are the first "
                "person of each stage, with the reason each product is there (docs/recommendations.md says how to "
                "read it).",
            ],
            [],
            [
                _table(coverage, {"people": "{:,}", "coverage": "{:.0%}"}),
                _table(data["most_recommended"], {"people": "{:,}"}),
                _table(data["recommendation_examples"], {}),
            ],
        )
    ]


def render(data: dict[str, pd.DataFrame], *, target: str, flow_months: int = FLOW_MONTHS) -> str:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("customer_lifecycle.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
    )
    return environment.get_template("report.html").render(
        sections=sections(data, flow_months), target=target, as_of_date=_as_of_date(data)
    )


def write_report(wh: Warehouse, out: str | Path, *, flow_months: int = FLOW_MONTHS) -> Path:
    path = Path(out)
    path.write_text(render(read_all(wh), target=wh.target, flow_months=flow_months), encoding="utf-8")
    return path
