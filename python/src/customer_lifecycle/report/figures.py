"""The report's charts: one Plotly figure per picture, built from the rows of the reporting models (queries.py)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from customer_lifecycle.ratio_ticks import ratio_ticks
from customer_lifecycle.report.tree import tree_nodes
from customer_lifecycle.train.metrics import BY_NAME

STAGES = ["acquired", "attracted", "registered", "engaged", "retained", "advocate", "churned"]
STAGE_COLOURS = dict(zip(STAGES, ["#9ecae1", "#6baed6", "#3182bd", "#31a354", "#006d2c", "#756bb1", "#de2d26"]))
NEW = "none"  # from_stage of people first seen in a month
BAND_COLOURS = {"high": "#de2d26", "medium": "#fdae6b", "low": "#74c476"}
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13)


def _layout(figure: go.Figure, title: str, height: int = 420, **layout) -> go.Figure:
    defaults = dict(margin=dict(l=60, r=20, t=60, b=50), legend=dict(orientation="h", y=-0.18))
    figure.update_layout(
        title=dict(text=title, x=0.01), height=height, font=FONT, template="plotly_white", **{**defaults, **layout}
    )
    return figure


def stage_counts(stages_now: pd.DataFrame) -> go.Figure:
    counts = stages_now.set_index("lifecycle_stage")["people"].reindex(STAGES, fill_value=0)
    figure = go.Figure(
        go.Bar(
            x=STAGES,
            y=counts.to_numpy(),
            marker_color=[STAGE_COLOURS[s] for s in STAGES],
            text=[f"{v:,}" for v in counts],
            textposition="outside",
        )
    )
    return _layout(figure, "People per lifecycle stage today", yaxis_title="people", showlegend=False)


def stages_over_time(monthly: pd.DataFrame) -> go.Figure:
    table = monthly.pivot_table(
        index="month_start", columns="lifecycle_stage", values="people", aggfunc="sum", fill_value=0
    ).reindex(columns=STAGES, fill_value=0)
    figure = go.Figure(
        [
            go.Scatter(
                x=table.index,
                y=table[stage],
                name=stage,
                stackgroup="people",
                mode="lines",
                line=dict(width=0.5, color=STAGE_COLOURS[stage]),
            )
            for stage in STAGES
        ]
    )
    return _layout(figure, "Stages at each month end", yaxis_title="people", xaxis_title="month")


def _column_positions(values: list[float], gap: float = 0.02) -> list[float]:
    """Node centres stacked top to bottom in one Sankey column, as shares of the height."""
    total = sum(values) or 1.0
    scale = (1 - gap * (len(values) + 1)) / total
    centres, top = [], gap
    for value in values:
        centres.append(min(max(top + value * scale / 2, 0.001), 0.999))
        top += value * scale + gap
    return centres


def stage_flows(transitions: pd.DataFrame, months: int, as_of_date) -> go.Figure:
    """Columns: the stages at the end of each month of the window (and of the month before it); `new` nodes
    feed the people first seen in a month into its column."""
    window = sorted(transitions["month_start"].unique())[-months:]
    flows = transitions[transitions["month_start"].isin(window)]
    labels, xs, ys, colours, index = [], [], [], [], {}
    columns = len(window) + 1
    for column in range(columns):
        month_flows = flows[flows["month_start"] == window[min(column, len(window) - 1)]]
        if column < len(window):  # stages leaving this column (new people enter in the next month)
            sizes = month_flows.groupby("from_stage")["customers"].sum()
        else:
            sizes = month_flows.groupby("to_stage")["customers"].sum()
        names = [s for s in [NEW, *STAGES] if sizes.get(s, 0) > 0]
        for name, y in zip(names, _column_positions([float(sizes[s]) for s in names])):
            index[(column, name)] = len(labels)
            labels.append("new" if name == NEW else name)
            xs.append(min(max(column / (columns - 1), 0.001), 0.999))
            ys.append(y)
            colours.append("#bdbdbd" if name == NEW else STAGE_COLOURS[name])
    sources, targets, values, link_colours = [], [], [], []
    for column, month in enumerate(window):
        for row in flows[flows["month_start"] == month].itertuples():
            sources.append(index[(column, row.from_stage)])
            targets.append(index[(column + 1, row.to_stage)])
            values.append(row.customers)
            link_colours.append(
                "rgba(150,150,150,0.25)" if row.from_stage == row.to_stage else _rgba(STAGE_COLOURS[row.to_stage], 0.5)
            )
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node=dict(label=labels, x=xs, y=ys, color=colours, pad=8, thickness=14),
            link=dict(source=sources, target=targets, value=values, color=link_colours),
        )
    )
    # each column is the stages at a month end; the last month's are as of the as-of date
    headings = [
        f"end of {pd.Timestamp(window[0]) - pd.Timedelta(days=1):%b %Y}",
        *(f"end of {pd.Timestamp(m):%b %Y}" for m in window[:-1]),
        f"as of {pd.Timestamp(as_of_date):%Y-%m-%d}",
    ]
    for column, heading in enumerate(headings):
        figure.add_annotation(
            x=column / (columns - 1),
            y=1.07,
            xref="paper",
            yref="paper",
            showarrow=False,
            text=heading,
            font=dict(size=13),
        )
    return _layout(
        figure, f"Stage flows over the last {len(window)} months", height=560, margin=dict(l=20, r=20, t=80, b=20)
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def rf_grid(grid: pd.DataFrame) -> go.Figure:
    scores = [1, 2, 3, 4, 5]
    figure = make_subplots(
        rows=1, cols=2, subplot_titles=["customers", "revenue (net of returns)"], horizontal_spacing=0.12
    )
    for column, (measure, fmt) in enumerate([("customers", "{:,.0f}"), ("revenue", "{:,.0f}")], start=1):
        table = grid.pivot_table(index="f_score", columns="r_score", values=measure, aggfunc="sum").reindex(
            index=scores, columns=scores
        )
        values = table.to_numpy(dtype=float)
        figure.add_trace(
            go.Heatmap(
                z=values,
                x=scores,
                y=scores,
                colorscale="Blues",
                showscale=False,
                text=[[fmt.format(v) if not np.isnan(v) else "" for v in row] for row in values],
                texttemplate="%{text}",
                hovertemplate="R %{x}, F %{y}: %{text}<extra></extra>",
            ),
            row=1,
            col=column,
        )
        figure.update_xaxes(title_text="recency score (5 = bought most recently)", tickvals=scores, row=1, col=column)
        figure.update_yaxes(title_text="frequency score (5 = most orders)", tickvals=scores, row=1, col=column)
    return _layout(figure, "RFM: recency x frequency grid", height=440)


def segments(segments_: pd.DataFrame) -> go.Figure:
    table = segments_.sort_values("customers")
    figure = make_subplots(
        rows=1, cols=2, shared_yaxes=True, subplot_titles=["customers", "revenue"], horizontal_spacing=0.04
    )
    figure.add_trace(
        go.Bar(
            y=table["rf_segment"],
            x=table["customers"],
            orientation="h",
            marker_color="#3182bd",
            text=[f"{v:,}" for v in table["customers"]],
            textposition="auto",
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Bar(
            y=table["rf_segment"],
            x=table["revenue"],
            orientation="h",
            marker_color="#31a354",
            text=[f"{v:,.0f}" for v in table["revenue"]],
            textposition="auto",
        ),
        row=1,
        col=2,
    )
    return _layout(figure, "Named RF segments", height=max(320, 36 * len(table) + 120), showlegend=False)


def churn_by_stage(histogram: pd.DataFrame) -> go.Figure:
    figure = go.Figure()
    for stage in STAGES:
        rows = histogram[histogram["lifecycle_stage"] == stage]
        if rows.empty:
            continue
        figure.add_trace(
            go.Bar(
                x=(rows["bin_start"].astype(float) + rows["bin_end"].astype(float)) / 2,
                y=rows["customers"],
                width=rows["bin_end"].astype(float) - rows["bin_start"].astype(float),
                name=stage,
                marker_color=STAGE_COLOURS[stage],
            )
        )
    return _layout(
        figure,
        "Churn probability of today's customers, by stage",
        barmode="stack",
        xaxis=dict(title="churn probability (logistic model)", range=[0, 1], tickformat=".0%"),
        yaxis_title="customers",
    )


def risk_bands(bands: pd.DataFrame) -> go.Figure:
    table = bands.set_index("risk_band").reindex(["low", "medium", "high"]).fillna(0)
    figure = make_subplots(rows=1, cols=2, subplot_titles=["customers", "expected value in the horizon"])
    colours = [BAND_COLOURS[b] for b in table.index]
    figure.add_trace(
        go.Bar(
            x=table.index,
            y=table["customers"],
            marker_color=colours,
            text=[f"{v:,.0f}" for v in table["customers"]],
            textposition="auto",
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Bar(
            x=table.index,
            y=table["expected_value_h"],
            marker_color=colours,
            text=[f"{v:,.0f}" for v in table["expected_value_h"]],
            textposition="auto",
        ),
        row=1,
        col=2,
    )
    return _layout(figure, "Risk bands", height=360, showlegend=False)


def value_by_decile(backtest: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        [
            go.Bar(
                x=backtest["churn_decile"],
                y=backtest["predicted_value_h"],
                name="predicted (value_tree)",
                marker_color="#9ecae1",
            ),
            go.Bar(x=backtest["churn_decile"], y=backtest["actual_value_h"], name="actual", marker_color="#3182bd"),
        ]
    )
    return _layout(
        figure,
        "Revenue per customer in the horizon: predicted vs actual",
        barmode="group",
        xaxis=dict(title="churn-risk decile (10 = highest risk)", tickvals=list(range(1, 11))),
        yaxis_title="revenue per customer",
    )


def calibration(backtest: pd.DataFrame, reliability: pd.DataFrame) -> go.Figure:
    """The validation snapshot (models trained before it; never empty after a training) and the matured
    snapshots after the training window, as they come."""
    figure = go.Figure(
        [go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfect", line=dict(dash="dot", color="grey"))]
    )
    for row in reliability.itertuples():
        bins = json.loads(row.reliability)
        figure.add_trace(
            go.Scatter(
                x=[b[2] for b in bins],
                y=[b[3] for b in bins],
                mode="lines+markers",
                text=[b[1] for b in bins],
                name=f"{row.model}, validation {pd.Timestamp(row.validation_snapshot).date()} (ECE {row.ece:.3f})",
                hovertemplate="predicted %{x:.0%}, observed %{y:.0%}, %{text} customers<extra></extra>",
            )
        )
    if len(backtest):
        figure.add_trace(
            go.Scatter(
                x=backtest["predicted_churn_rate"],
                y=backtest["actual_churn_rate"],
                mode="lines+markers",
                name="churn_lr by decile, matured snapshots after training",
                text=backtest["churn_decile"],
                hovertemplate="decile %{text}: predicted %{x:.0%}, observed %{y:.0%}<extra></extra>",
            )
        )
    return _layout(
        figure,
        "Calibration: predicted vs observed churn",
        height=440,
        xaxis=dict(title="mean predicted churn probability", range=[0, 1], tickformat=".0%"),
        yaxis=dict(title="observed churn rate", range=[0, 1], tickformat=".0%"),
    )


def model_comparison(registry: pd.DataFrame) -> go.Figure:
    churn = registry[registry["task"] == "churn"].sort_values("roc_auc")
    names = [f"{m} (deployed)" if d else m for m, d in zip(churn["model"], churn["deployed"])]
    figure = go.Figure(
        [
            go.Bar(
                y=names,
                x=churn[metric],
                name=label,
                orientation="h",
                text=[f"{v:.3f}" for v in churn[metric]],
                textposition="auto",
            )
            for metric, label in ((m, BY_NAME[m].label) for m in ("roc_auc", "pr_auc"))
        ]
    )
    low = float(min(churn["roc_auc"].min(), churn["pr_auc"].min()))
    high = float(max(churn["roc_auc"].max(), churn["pr_auc"].max()))
    return _layout(
        figure,
        "Churn models and baseline on the validation snapshot",
        barmode="group",
        height=max(360, 50 * len(churn) + 120),
        xaxis=dict(range=[max(0.0, low - 0.05), min(1.0, high + 0.02)], title="area under the curve"),
        margin=dict(l=160, r=20, t=60, b=50),
    )


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


def roc_pr(roc_counts: pd.DataFrame, registry: pd.DataFrame) -> go.Figure:
    metrics = registry.set_index("model")
    figure = make_subplots(rows=1, cols=2, subplot_titles=["ROC", "precision-recall"], horizontal_spacing=0.1)
    for colour, (model, counts) in zip(["#3182bd", "#e6550d"], roc_counts.groupby("churn_model", sort=True)):
        curve = _curves(counts)
        figure.add_trace(
            go.Scatter(
                x=curve["fpr"],
                y=curve["tpr"],
                mode="lines",
                line_color=colour,
                name=f"{model} ({BY_NAME['roc_auc'].label} {metrics.loc[model, 'roc_auc']:.3f})",
            ),
            row=1,
            col=1,
        )
        figure.add_trace(
            go.Scatter(
                x=curve["tpr"],
                y=curve["precision"],
                mode="lines",
                line_color=colour,
                name=f"{model} ({BY_NAME['pr_auc'].label} {metrics.loc[model, 'pr_auc']:.3f})",
            ),
            row=1,
            col=2,
        )
    figure.add_trace(
        go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line=dict(dash="dot", color="grey"), name="random"), row=1, col=1
    )
    figure.update_xaxes(title_text="false positive rate", range=[0, 1], row=1, col=1)
    figure.update_yaxes(title_text="true positive rate", range=[0, 1], row=1, col=1)
    figure.update_xaxes(title_text="recall", range=[0, 1], row=1, col=2)
    figure.update_yaxes(title_text="precision", range=[0, 1.02], row=1, col=2)
    return _layout(figure, "Deployed churn models on the validation snapshot", height=440)


def churn_tree(leaves: pd.DataFrame) -> go.Figure:
    """Every leaf gets the same height (a box sized by rows would shrink small leaves to a line); a box's
    colour is its churn rate, its text the split, the churn rate and the training rows."""
    nodes = tree_nodes(list(leaves[["churn_tree_path", "customers_now"]].itertuples(index=False, name=None)))
    rates = [node.churners / node.rows for node in nodes]
    leaf_count = len(leaves)
    figure = go.Figure(
        go.Icicle(
            ids=[n.id for n in nodes],
            parents=[n.parent for n in nodes],
            labels=[n.label.replace(" <= ", "<br>≤ ").replace(" > ", "<br>> ") for n in nodes],
            values=[n.leaves for n in nodes],
            branchvalues="total",
            sort=False,
            tiling=dict(orientation="h"),
            marker=dict(
                colors=rates,
                colorscale="RdYlGn_r",
                cmin=0,
                cmax=1,
                showscale=True,
                colorbar=dict(title="churn rate", tickformat=".0%"),
            ),
            customdata=np.column_stack([rates, [n.customers_now for n in nodes], [n.rows for n in nodes]]),
            texttemplate="%{label}<br>churn %{customdata[0]:.0%} · %{customdata[2]:,} rows",
            insidetextfont=dict(size=11),
            hovertemplate="%{id}<br>training rows %{customdata[2]:,}, churn %{customdata[0]:.0%}<br>"
            "customers here today %{customdata[1]:,}<extra></extra>",
        )
    )
    return _layout(
        figure,
        "The deployed decision tree (churn_tree): click a box to zoom in",
        height=max(500, 46 * leaf_count + 80),
        margin=dict(l=10, r=10, t=60, b=10),
    )


def odds_ratios(odds: pd.DataFrame) -> go.Figure:
    table = odds.sort_values("odds_ratio_per_sd")
    ratios = table["odds_ratio_per_sd"].to_numpy(dtype=float)
    ticks = ratio_ticks(ratios.min(), ratios.max())
    figure = go.Figure(
        go.Bar(
            y=table["feature"],
            x=ratios - 1,
            base=1,
            orientation="h",
            marker_color=["#31a354" if r < 1 else "#de2d26" for r in ratios],
            text=[f"{r:.2f}" for r in ratios],
            textposition="outside",
            hovertemplate="%{y}: odds x %{text} per +1 SD<extra></extra>",
        )
    )
    return _layout(
        figure,
        "Logistic model: odds of churn per +1 standard deviation",
        height=max(420, 24 * len(table) + 120),
        showlegend=False,
        xaxis=dict(
            type="log",
            tickvals=ticks,
            ticktext=[f"{t:g}" for t in ticks],
            title="odds ratio (1 = no effect; log scale)",
        ),
        margin=dict(l=200, r=40, t=60, b=50),
    )


def load_outcomes(summary: pd.DataFrame) -> go.Figure:
    table = summary.assign(label=summary["outcome"] + ": " + summary["reason"].fillna("-").astype(str))
    colours = {"accepted": "#31a354", "out_of_scope": "#fdae6b", "quarantined": "#de2d26"}
    figure = go.Figure(
        go.Bar(
            y=table["label"],
            x=table["row_count"],
            orientation="h",
            marker_color=[colours.get(o, "#969696") for o in table["outcome"]],
            text=[f"{v:,}" for v in table["row_count"]],
            textposition="outside",
        )
    )
    ticks = [10**power for power in range(int(np.log10(max(table["row_count"].max(), 1))) + 2)]
    return _layout(
        figure,
        "Every raw order row by outcome and reason",
        height=max(300, 28 * len(table) + 120),
        showlegend=False,
        margin=dict(l=260, r=60, t=60, b=50),
        xaxis=dict(
            type="log",
            title="rows (log scale)",
            tickvals=ticks,
            ticktext=[f"{t:,}" for t in ticks],
            range=[0, np.log10(ticks[-1])],
        ),
    )


def quarantine_reasons(quarantine: pd.DataFrame) -> go.Figure:
    table = quarantine.sort_values(["row_count", "reason"], ascending=[True, False])
    figure = go.Figure(
        go.Bar(
            y=table["reason"],
            x=table["row_count"],
            orientation="h",
            marker_color="#de2d26",
            text=table["row_count"],
            textposition="outside",
        )
    )
    return _layout(
        figure,
        "Quarantined rows by reason (orders_quarantine)",
        height=max(260, 26 * len(table) + 110),
        showlegend=False,
        xaxis_title="rows",
        margin=dict(l=200, r=40, t=60, b=50),
    )


def drift(drift_: pd.DataFrame) -> go.Figure:
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
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=table["psi"],
            orientation="h",
            marker_color=colours,
            text=[f"{p:.3f}" for p in table["psi"]],
            textposition="outside",
        )
    )
    for threshold, name, colour in [(warn, "warn", "#e6550d"), (error, "error", "#a50f15")]:
        figure.add_vline(
            x=threshold,
            line=dict(color=colour, dash="dash"),
            annotation_text=f"{name} {threshold:g}",
            annotation_position="top",
        )
    top = max(float(table["psi"].max()), error) * 1.15
    return _layout(
        figure,
        "Population stability index: training population vs today",
        showlegend=False,
        height=max(420, 22 * len(table) + 120),
        xaxis=dict(title="PSI", range=[0, top]),
        margin=dict(l=220, r=40, t=70, b=50),
    )
