"""Preprocessing steps as functions from input ASTs to output ASTs, in sklearn's transform order."""

import numpy as np
from m2cgen import ast
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler

from ..errors import UnsupportedModelError
from ..nodes import CategoryIndicator, Coalesce


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _standard_scaler(step, inputs):
    outputs = inputs
    if step.with_mean:  # transform: X -= mean_ ; X /= scale_
        outputs = [ast.BinNumExpr(x, ast.NumVal(m), ast.BinNumOpType.SUB) for x, m in zip(outputs, step.mean_)]
    if step.with_std:
        outputs = [ast.BinNumExpr(x, ast.NumVal(s), ast.BinNumOpType.DIV) for x, s in zip(outputs, step.scale_)]
    return outputs


def _min_max_scaler(step, inputs):
    if step.clip:
        raise UnsupportedModelError("MinMaxScaler(clip=True) is not supported")
    # transform: X *= scale_ ; X += min_
    return [
        ast.BinNumExpr(ast.BinNumExpr(x, ast.NumVal(s), ast.BinNumOpType.MUL), ast.NumVal(m), ast.BinNumOpType.ADD)
        for x, s, m in zip(inputs, step.scale_, step.min_)
    ]


def _simple_imputer(step, inputs):
    if step.add_indicator or not _is_missing(step.missing_values):
        raise UnsupportedModelError("SimpleImputer is supported with missing_values=nan or None and no indicator")
    if any(_is_missing(v) for v in step.statistics_):
        raise UnsupportedModelError("SimpleImputer dropped an all-missing feature; not supported")
    # SQL NULL is NaN in a numeric column but None in a text column (as DB drivers return it), and
    # sklearn only fills the kind of missing value it was told to: a mismatch leaves NULL as it is.
    return [
        Coalesce(x, value) if isinstance(value, str) == (step.missing_values is None) else x
        for x, value in zip(inputs, step.statistics_)
    ]


def _one_hot_encoder(step, inputs):
    if step.handle_unknown not in ("error", "ignore") or getattr(step, "_infrequent_enabled", False):
        raise UnsupportedModelError(
            "OneHotEncoder is supported with handle_unknown='error'/'ignore' and no infrequent categories"
        )
    dropped = step.drop_idx_ if step.drop_idx_ is not None else [None] * len(inputs)
    outputs = []
    for column, categories, drop in zip(inputs, step.categories_, dropped):
        known = [None if _is_missing(c) else c for c in categories.tolist()]
        outputs += [
            CategoryIndicator(column, category, known, unknown_is_null=step.handle_unknown == "error")
            for index, category in enumerate(known)
            if index != drop
        ]
    return outputs


def _column_transformer(step, inputs):
    names = list(getattr(step, "feature_names_in_", []))
    outputs = []
    for _name, transformer, columns in step.transformers_:
        if transformer == "drop":
            continue
        indices = [names.index(c) if isinstance(c, str) else int(c) for c in np.atleast_1d(columns)]
        if np.asarray(columns).dtype == bool:
            indices = list(np.flatnonzero(columns))
        selected = [inputs[i] for i in indices]
        outputs += selected if transformer == "passthrough" else transform(transformer, selected)
    return outputs


def _pipeline(step, inputs):
    for _, transformer in step.steps:
        if transformer not in (None, "passthrough"):
            inputs = transform(transformer, inputs)
    return inputs


_TRANSFORMS = {
    StandardScaler: _standard_scaler,
    MinMaxScaler: _min_max_scaler,
    SimpleImputer: _simple_imputer,
    OneHotEncoder: _one_hot_encoder,
    ColumnTransformer: _column_transformer,
    Pipeline: _pipeline,
}


def transform(step, inputs: list) -> list:
    """The step's output columns as ASTs over the ASTs of its input columns."""
    rule = _TRANSFORMS.get(type(step))
    if rule is None:
        raise UnsupportedModelError(
            f"pipeline step {type(step).__name__} is not supported; supported steps: "
            + ", ".join(sorted(t.__name__ for t in _TRANSFORMS))
        )
    return rule(step, inputs)
