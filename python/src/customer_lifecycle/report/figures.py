"""The report's charts: one matplotlib figure per picture (the model card's library too), built from the rows of the
reporting models (queries.py). page.py writes each as inline SVG."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter, NullFormatter, PercentFormatter

from customer_lifecycle.report.tree import tree_nodes
from customer_lifecycle.train.metrics import BY_NAME
from customer_lifecycle.train.plots import odds_ratio_bars

STAGES = ["acquired", "attracted", "registered", "engaged", "retained", "advocate", "churned"]
STAGE_COLOURS = dict(zip(STAGES, ["#9ecae1", "#6baed6", "#3182bd", "#31a354", "#006d2c", "#756bb1", "#de2d26"]))
NEW = "none"  # from_stage of people first seen in a month
NEW_COLOUR = "#bdbdbd"
BAND_COLOURS = {"high": "#de2d26", "medium": "#fdae6b", "low": "#74c476"}
WIDTH = 10.5  # inches: the page's width at 100 dpi
THOUSANDS = FuncFormatter(lambda value, _: f"{value:,.0f}")


def _figure(title: str, height: float = 4.2, columns: int = 1, **subplots) -> tuple[Figure, np.ndarray]:
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    axes = np.atleast_1d(figure.subplots(1, columns, squeeze=False, **subplots)[0])
    figure.suptitle(title, x=0.01, ha="left", fontsize=13)
    for axis in axes:
        axis.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _hbars(axis, labels, values, colours, text: list[str]) -> None:
    bars = axis.barh(list(labels), values, color=colours)
    axis.bar_label(bars, labels=text, padding=3, fontsize=9)


def stage_counts(stages_now: pd.DataFrame) -> Figure:
    counts = stages_now.set_index("lifecycle_stage")["people"].reindex(STAGES, fill_value=0)
    figure, (axis,) = _figure("People per lifecycle stage today")
    bars = axis.bar(STAGES, counts.to_numpy(), color=[STAGE_COLOURS[s] for s in STAGES])
    axis.bar_label(bars, labels=[f"{v:,}" for v in counts], padding=3)
    axis.set(ylabel="people")
    axis.yaxis.set_major_formatter(THOUSANDS)
    return figure


def stages_over_time(monthly: pd.DataFrame) -> Figure:
    table = monthly.pivot_table(
        index="month_start", columns="lifecycle_stage", values="people", aggfunc="sum", fill_value=0
    ).reindex(columns=STAGES, fill_value=0)
    figure, (axis,) = _figure("Stages at each month end")
    axis.stackplot(
        pd.to_datetime(table.index),
        table.to_numpy(dtype=float).T,
        labels=STAGES,
        colors=[STAGE_COLOURS[s] for s in STAGES],
    )
    axis.set(ylabel="people", xlabel="month")
    axis.yaxis.set_major_formatter(THOUSANDS)
    axis.legend(loc="upper left", fontsize=8, ncols=len(STAGES), frameon=False)
    return figure


def _band(axis, x0: float, x1: float, top0: float, top1: float, thickness0: float, thickness1: float, colour) -> None:
    """A Sankey link: a band from (x0, top0) to (x1, top1), curved halfway (y grows downwards)."""
    middle = (x0 + x1) / 2
    vertices = [
        (x0, top0),
        (middle, top0),
        (middle, top1),
        (x1, top1),
        (x1, top1 + thickness1),
        (middle, top1 + thickness1),
        (middle, top0 + thickness0),
        (x0, top0 + thickness0),
        (x0, top0),
    ]
    codes = [Path.MOVETO, *[Path.CURVE4] * 3, Path.LINETO, *[Path.CURVE4] * 3, Path.CLOSEPOLY]
    axis.add_patch(PathPatch(Path(vertices, codes), facecolor=colour, edgecolor="none"))


def stage_flows(transitions: pd.DataFrame, months: int, as_of_date) -> Figure:
    """A Sankey: columns are the stages at the end of each month of the window (and of the month before it); a
    `new` node feeds the people first seen in a month into its column. Grey bands are people who stayed put."""
    window = sorted(transitions["month_start"].unique())[-months:]
    flows = transitions[transitions["month_start"].isin(window)]
    months_flows = [flows[flows["month_start"] == month] for month in window]
    columns = len(window) + 1
    # a node is as tall as the larger of what leaves it and what enters it
    sizes: list[dict[str, float]] = []
    for column in range(columns):
        leaving = months_flows[column].groupby("from_stage")["customers"].sum() if column < len(window) else {}
        entering = months_flows[column - 1].groupby("to_stage")["customers"].sum() if column else {}
        names = [s for s in [NEW, *STAGES] if max(leaving.get(s, 0), entering.get(s, 0)) > 0]
        sizes.append({s: float(max(leaving.get(s, 0), entering.get(s, 0))) for s in names})
    gap = 0.015
    scale = min((1 - gap * (len(nodes) + 1)) / (sum(nodes.values()) or 1) for nodes in sizes)
    tops = []
    for nodes in sizes:
        top, positions = gap, {}
        for name, size in nodes.items():
            positions[name] = top
            top += size * scale + gap
        tops.append(positions)
    node_width = 0.012
    xs = [column / (columns - 1) * (1 - node_width) for column in range(columns)]
    figure, (axis,) = _figure(f"Stage flows over the last {len(window)} months", height=5.6)
    out_offset = [dict.fromkeys(nodes, 0.0) for nodes in sizes]
    in_offset = [dict.fromkeys(nodes, 0.0) for nodes in sizes]
    order = {name: i for i, name in enumerate([NEW, *STAGES])}
    for column, month_flows in enumerate(months_flows):
        ranked = month_flows.assign(
            source=month_flows["from_stage"].map(order), target=month_flows["to_stage"].map(order)
        ).sort_values(["source", "target"])
        for row in ranked.itertuples():
            thickness = row.customers * scale
            source_top = tops[column][row.from_stage] + out_offset[column][row.from_stage]
            out_offset[column][row.from_stage] += thickness
            target_top = tops[column + 1][row.to_stage] + in_offset[column + 1][row.to_stage]
            in_offset[column + 1][row.to_stage] += thickness
            colour = (0.59, 0.59, 0.59, 0.25) if row.from_stage == row.to_stage else (*_rgb(row.to_stage), 0.5)
            _band(axis, xs[column] + node_width, xs[column + 1], source_top, target_top, thickness, thickness, colour)
    for column, nodes in enumerate(sizes):
        last = column == columns - 1
        for name, size in nodes.items():
            top = tops[column][name]
            colour = NEW_COLOUR if name == NEW else STAGE_COLOURS[name]
            axis.add_patch(Rectangle((xs[column], top), node_width, size * scale, color=colour))
            axis.text(
                xs[column] + (-0.004 if last else node_width + 0.004),
                top + size * scale / 2,
                f"{'new' if name == NEW else name} {size:,.0f}",
                ha="right" if last else "left",
                va="center",
                fontsize=8,
            )
    headings = [
        f"end of {pd.Timestamp(window[0]) - pd.Timedelta(days=1):%b %Y}",
        *(f"end of {pd.Timestamp(m):%b %Y}" for m in window[:-1]),
        f"as of {pd.Timestamp(as_of_date):%Y-%m-%d}",
    ]
    for x, heading in zip(xs, headings):
        axis.text(x + node_width / 2, -0.02, heading, ha="center", va="bottom", fontsize=10)
    axis.set(xlim=(-0.01, 1.01), ylim=(1, -0.06))
    axis.set_axis_off()
    return figure


def _rgb(stage: str) -> tuple[float, float, float]:
    hex_colour = STAGE_COLOURS[stage]
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def rf_grid(grid: pd.DataFrame) -> Figure:
    scores = [1, 2, 3, 4, 5]
    figure, axes = _figure("RFM: recency x frequency grid", height=4.4, columns=2)
    for axis, (measure, title) in zip(axes, [("customers", "customers"), ("revenue", "revenue (net of returns)")]):
        table = grid.pivot_table(index="f_score", columns="r_score", values=measure, aggfunc="sum").reindex(
            index=scores, columns=scores
        )
        values = table.to_numpy(dtype=float)
        axis.imshow(values, cmap="Blues", origin="lower", extent=(0.5, 5.5, 0.5, 5.5))
        high = np.nanmax(values) if np.isfinite(values).any() else 0
        for (row, col), value in np.ndenumerate(values):
            if not np.isnan(value):
                axis.text(
                    scores[col],
                    scores[row],
                    f"{value:,.0f}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if value > high / 2 else "black",
                )
        axis.set(
            title=title,
            xticks=scores,
            yticks=scores,
            xlabel="recency score (5 = bought most recently)",
            ylabel="frequency score (5 = most orders)",
        )
    return figure


def segments(segments_: pd.DataFrame) -> Figure:
    table = segments_.sort_values("customers")
    figure, axes = _figure("Named RF segments", height=max(3.2, 0.36 * len(table) + 1.2), columns=2, sharey=True)
    for axis, measure, colour in zip(axes, ["customers", "revenue"], ["#3182bd", "#31a354"]):
        _hbars(axis, table["rf_segment"], table[measure], colour, [f"{v:,.0f}" for v in table[measure]])
        axis.set(title=measure)
        axis.xaxis.set_major_formatter(THOUSANDS)
    return figure


def churn_by_stage(histogram: pd.DataFrame) -> Figure:
    figure, (axis,) = _figure("Churn probability of today's customers, by stage")
    table = histogram.assign(
        bin_start=histogram["bin_start"].astype(float), bin_end=histogram["bin_end"].astype(float)
    ).pivot_table(index=["bin_start", "bin_end"], columns="lifecycle_stage", values="customers", fill_value=0)
    starts = table.index.get_level_values("bin_start").to_numpy()
    widths = table.index.get_level_values("bin_end").to_numpy() - starts
    bottom = np.zeros(len(table))
    for stage in STAGES:
        if stage in table:
            counts = table[stage].to_numpy(dtype=float)
            axis.bar(starts, counts, widths, bottom=bottom, align="edge", label=stage, color=STAGE_COLOURS[stage])
            bottom += counts
    axis.set(xlim=(0, 1), xlabel="churn probability (served model)", ylabel="customers")
    axis.xaxis.set_major_formatter(PercentFormatter(1, decimals=0))
    axis.legend(fontsize=8, frameon=False)
    return figure


def risk_bands(bands: pd.DataFrame) -> Figure:
    table = bands.set_index("risk_band").reindex(["low", "medium", "high"]).fillna(0)
    figure, axes = _figure("Risk bands", height=3.6, columns=2)
    colours = [BAND_COLOURS[b] for b in table.index]
    for axis, (measure, title) in zip(
        axes, [("customers", "customers"), ("expected_value_h", "expected value in the horizon")]
    ):
        values = table[measure].to_numpy(dtype=float)
        bars = axis.bar(table.index, values, color=colours)
        axis.bar_label(bars, labels=[f"{v:,.0f}" for v in values], padding=3)
        axis.set(title=title)
        axis.yaxis.set_major_formatter(THOUSANDS)
    return figure


def value_by_decile(backtest: pd.DataFrame) -> Figure:
    figure, (axis,) = _figure("Revenue per customer in the horizon: predicted vs actual")
    deciles = backtest["churn_decile"].to_numpy(dtype=float)
    axis.bar(deciles - 0.2, backtest["predicted_value_h"], 0.4, label="predicted (value_tree)", color="#9ecae1")
    axis.bar(deciles + 0.2, backtest["actual_value_h"], 0.4, label="actual", color="#3182bd")
    axis.set(xticks=range(1, 11), xlabel="churn-risk decile (10 = highest risk)", ylabel="revenue per customer")
    if backtest.empty:
        axis.text(5.5, 0.5, "no snapshot has matured after the training window yet", ha="center", color="#555")
        axis.set(xlim=(0.5, 10.5), ylim=(0, 1), yticks=[])
    else:
        axis.legend(frameon=False)
    return figure


def calibration(backtest: pd.DataFrame, reliability: pd.DataFrame) -> Figure:
    """The validation snapshot (models trained before it; never empty after a training) and the matured
    snapshots after the training window, as they come."""
    figure, (axis,) = _figure("Calibration: predicted vs observed churn", height=4.4)
    axis.plot([0, 1], [0, 1], ":", color="grey", label="perfect")
    for row in reliability.itertuples():
        bins = json.loads(row.reliability)
        axis.plot(
            [b[2] for b in bins],
            [b[3] for b in bins],
            "o-",
            markersize=4,
            label=f"{row.model}, validation {pd.Timestamp(row.validation_snapshot).date()} (ECE {row.ece:.3f})",
        )
    if len(backtest):
        axis.plot(
            backtest["predicted_churn_rate"],
            backtest["actual_churn_rate"],
            "s-",
            markersize=4,
            label="churn_lr by decile, matured snapshots after training",
        )
    axis.set(xlim=(0, 1), ylim=(0, 1), xlabel="mean predicted churn probability", ylabel="observed churn rate")
    axis.xaxis.set_major_formatter(PercentFormatter(1, decimals=0))
    axis.yaxis.set_major_formatter(PercentFormatter(1, decimals=0))
    axis.legend(fontsize=8, frameon=False, loc="upper left")
    return figure


def model_comparison(registry: pd.DataFrame) -> Figure:
    churn = registry[registry["task"] == "churn"].sort_values("roc_auc")
    names = [f"{m} (deployed)" if d else m for m, d in zip(churn["model"], churn["deployed"])]
    figure, (axis,) = _figure(
        "Churn models and baseline on the validation snapshot", height=max(3.6, 0.5 * len(churn) + 1.2)
    )
    rows = np.arange(len(churn))
    for offset, metric in [(0.2, "roc_auc"), (-0.2, "pr_auc")]:
        values = churn[metric].to_numpy(dtype=float)
        bars = axis.barh(rows + offset, values, 0.4, label=BY_NAME[metric].label)
        axis.bar_label(bars, labels=[f"{v:.3f}" for v in values], padding=3, fontsize=8)
    low = float(min(churn["roc_auc"].min(), churn["pr_auc"].min()))
    high = float(max(churn["roc_auc"].max(), churn["pr_auc"].max()))
    axis.set(
        yticks=rows,
        yticklabels=names,
        xlim=(max(0.0, low - 0.05), min(1.0, high + 0.04)),
        xlabel="area under the curve",
    )
    axis.legend(frameon=False, loc="lower right")
    return figure


def _curves(counts: pd.DataFrame) -> pd.DataFrame:
    """ROC and PR points from churner/customer counts per probability level (highest first)."""
    table = counts.sort_values("probability_level", ascending=False)
    true_positives = table["churners"].astype(float).cumsum()
    false_positives = (table["customers"] - table["churners"]).astype(float).cumsum()
    return pd.DataFrame(
        {
            "fpr": np.r_[0.0, false_positives / false_positives.iloc[-1]],
            "tpr": np.r_[0.0, true_positives / true_positives.iloc[-1]],
            "precision": np.r_[1.0, true_positives / (true_positives + false_positives)],
        }
    )


def roc_pr(roc_counts: pd.DataFrame, registry: pd.DataFrame) -> Figure:
    metrics = registry.set_index("model")
    figure, (roc, pr) = _figure("Deployed churn models on the validation snapshot", height=4.4, columns=2)
    for colour, (model, counts) in zip(["#3182bd", "#e6550d"], roc_counts.groupby("churn_model", sort=True)):
        curve = _curves(counts)
        label = BY_NAME["roc_auc"].label
        roc.plot(
            curve["fpr"], curve["tpr"], color=colour, label=f"{model} ({label} {metrics.loc[model, 'roc_auc']:.3f})"
        )
        label = BY_NAME["pr_auc"].label
        pr.plot(
            curve["tpr"],
            curve["precision"],
            color=colour,
            label=f"{model} ({label} {metrics.loc[model, 'pr_auc']:.3f})",
        )
    roc.plot([0, 1], [0, 1], ":", color="grey", label="random")
    roc.set(title="ROC", xlim=(0, 1), ylim=(0, 1), xlabel="false positive rate", ylabel="true positive rate")
    pr.set(title="precision-recall", xlim=(0, 1), ylim=(0, 1.02), xlabel="recall", ylabel="precision")
    roc.legend(fontsize=8, frameon=False, loc="lower right")
    pr.legend(fontsize=8, frameon=False, loc="lower left")
    return figure


def churn_tree(leaves: pd.DataFrame) -> Figure:
    """An icicle read left to right: the root, then each split's two branches, `<=` above `>`. Every leaf gets the
    same height (a box sized by rows would shrink small leaves to a line); a box's colour is its churn rate, its
    text the split, the churn rate, the training rows and today's customers."""
    nodes = tree_nodes(list(leaves[["churn_tree_path", "customers_now"]].itertuples(index=False, name=None)))
    children: dict[str, list] = {}
    for node in nodes[1:]:
        children.setdefault(node.parent, []).append(node)
    depth = {nodes[0].id: 0}
    for node in nodes[1:]:
        depth[node.id] = depth[node.parent] + 1
    levels = max(depth.values()) + 1
    colours, norm = colormaps["RdYlGn_r"], Normalize(0, 1)
    figure, (axis,) = _figure("The deployed decision tree (churn_tree)", height=max(5.0, 0.62 * len(leaves) + 0.8))
    top = {nodes[0].id: 0.0}
    for node in nodes:
        rate = node.churners / node.rows
        x, y = depth[node.id], top[node.id]
        box = axis.add_patch(Rectangle((x, y), 1, node.leaves, facecolor=colours(norm(rate)), edgecolor="white"))
        label = node.label.replace(" <= ", "\n≤ ").replace(" > ", "\n> ")
        text = f"{label}\nchurn {rate:.0%} · {node.rows:,} rows\n{node.customers_now:,} customers today"
        axis.text(x + 0.04, y + node.leaves / 2, text, va="center", fontsize=7, clip_path=box)
        below = y
        for child in children.get(node.id, []):
            top[child.id] = below
            below += child.leaves
    axis.set(xlim=(0, levels), ylim=(nodes[0].leaves, 0))
    axis.set_axis_off()
    bar = figure.colorbar(ScalarMappable(norm, colours), ax=axis, shrink=0.6, label="churn rate")
    bar.ax.yaxis.set_major_formatter(PercentFormatter(1, decimals=0))
    return figure


def odds_ratios(odds: pd.DataFrame) -> Figure:
    figure, (axis,) = _figure(
        "Logistic model: odds of churn per +1 standard deviation", height=max(4.2, 0.24 * len(odds) + 1.2)
    )
    odds_ratio_bars(axis, list(odds["feature"]), odds["odds_ratio_per_sd"].to_numpy(dtype=float))
    axis.set(xlabel="odds ratio (1 = no effect; log scale)")
    return figure


def load_outcomes(summary: pd.DataFrame) -> Figure:
    table = summary.assign(label=summary["outcome"] + ": " + summary["reason"].fillna("-").astype(str)).iloc[::-1]
    colours = {"accepted": "#31a354", "out_of_scope": "#fdae6b", "quarantined": "#de2d26"}
    figure, (axis,) = _figure("Every raw order row by outcome and reason", height=max(3.0, 0.28 * len(table) + 1.2))
    _hbars(
        axis,
        table["label"],
        table["row_count"],
        [colours.get(o, "#969696") for o in table["outcome"]],
        [f"{v:,}" for v in table["row_count"]],
    )
    axis.set_xscale("log")
    ticks = [10**power for power in range(int(np.log10(max(table["row_count"].max(), 1))) + 2)]
    axis.set_xticks(ticks, labels=[f"{t:,}" for t in ticks])
    axis.xaxis.set_minor_formatter(NullFormatter())
    axis.set(xlim=(0.8, ticks[-1]), xlabel="rows (log scale)")
    return figure


def quarantine_reasons(quarantine: pd.DataFrame) -> Figure:
    table = quarantine.sort_values(["row_count", "reason"], ascending=[True, False])
    figure, (axis,) = _figure(
        "Quarantined rows by reason (orders_quarantine)", height=max(2.6, 0.26 * len(table) + 1.1)
    )
    _hbars(axis, table["reason"], table["row_count"], "#de2d26", [f"{v:,}" for v in table["row_count"]])
    axis.set(xlabel="rows")
    return figure


def drift(drift_: pd.DataFrame) -> Figure:
    table = drift_.sort_values(["kind", "psi"], ascending=[False, True])
    warn, error = float(table["psi_warn"].iloc[0]), float(table["psi_error"].iloc[0])
    colours = [
        "#de2d26" if p > error and not w else "#fdae6b" if p > warn else "#74c476"
        for p, w in zip(table["psi"], table["warn_only"])
    ]
    labels = [
        f"{v} (score)" if k == "score" else f"{v} (warn only)" if w else v
        for v, k, w in zip(table["variable"], table["kind"], table["warn_only"])
    ]
    figure, (axis,) = _figure(
        "Population stability index: training population vs today", height=max(4.2, 0.22 * len(table) + 1.2)
    )
    _hbars(axis, labels, table["psi"].astype(float), colours, [f"{p:.3f}" for p in table["psi"]])
    for threshold, name, colour in [(warn, "warn", "#e6550d"), (error, "error", "#a50f15")]:
        axis.axvline(threshold, color=colour, linestyle="--", linewidth=1)
        axis.text(threshold, 1.0, f" {name} {threshold:g}", color=colour, transform=axis.get_xaxis_transform())
    axis.set(xlim=(0, max(float(table["psi"].max()), error) * 1.15), xlabel="PSI")
    return figure
