"""Property tests: ``x <= float32_cut(t)`` on doubles is exactly sklearn's ``float32(x) <= t``."""

import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from customer_lifecycle.compile.thresholds import float32_cut

doubles = st.floats(allow_nan=False, allow_infinity=False)
float32s = st.floats(width=32, allow_nan=False, allow_infinity=False)


def _sklearn_goes_left(x: float, threshold: float) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow to inf is part of the semantics
        # float() matters: NumPy 2 would compare float32 with a Python float in float32.
        return float(np.float32(x)) <= threshold


@np.errstate(over="ignore")
def _assert_equivalent_near(threshold: float, x: float) -> None:
    cut = float32_cut(threshold)
    for probe in (
        x,
        cut,
        np.nextafter(cut, -np.inf),
        np.nextafter(cut, np.inf),
        np.nextafter(x, -np.inf),
        np.nextafter(x, np.inf),
    ):
        probe = float(probe)
        assert _sklearn_goes_left(probe, threshold) == (probe <= cut), (threshold, probe, cut)


@settings(max_examples=400, deadline=None)
@given(doubles, doubles)
def test_any_double_threshold(threshold, x):
    _assert_equivalent_near(threshold, x)


@settings(max_examples=400, deadline=None)
@given(float32s, float32s, st.integers(-3, 3))
def test_sklearn_style_midpoint_thresholds(a, b, ulps):
    """sklearn's thresholds are midpoints of two float32 feature values; probe the float32 grid there."""
    threshold = (float(a) + float(b)) / 2.0
    with np.errstate(over="ignore"):
        x = np.float32(threshold)
    for _ in range(abs(ulps)):
        x = np.nextafter(x, np.float32(np.inf if ulps > 0 else -np.inf))
    _assert_equivalent_near(threshold, float(x))


def test_edges_of_the_float32_range():
    f32max, tiny = float(np.finfo(np.float32).max), float(np.finfo(np.float32).smallest_subnormal)
    for threshold in (
        0.0,
        -0.0,
        tiny / 2,
        -tiny / 2,
        tiny,
        f32max,
        -f32max,
        2.0**128,
        -(2.0**128),
        float(np.finfo(np.float64).max),
        -float(np.finfo(np.float64).max),
    ):
        for x in (0.0, tiny, -tiny, f32max, -f32max, 2.0**128, -(2.0**128)):
            _assert_equivalent_near(threshold, x)


def test_the_cut_differs_from_the_threshold_where_doubles_would_misroute():
    threshold = float(np.float32(0.1))  # a split exactly on a float32 value
    x = float(np.nextafter(threshold, 1.0))  # a double just above it rounds back onto it in float32
    assert _sklearn_goes_left(x, threshold) and not x <= threshold
    assert x <= float32_cut(threshold)
