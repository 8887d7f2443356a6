"""Compile-time rewrite of scikit-learn's float32 tree comparisons into plain double comparisons.

scikit-learn trees evaluate ``float32(x) <= threshold`` (X is cast to float32, the threshold is a
double). ``float32_cut`` returns the double ``c`` for which ``x <= c`` holds for exactly the same
doubles ``x``, so the SQL needs no 32-bit cast and works in dialects that have none.
"""

import numpy as np

_F32 = np.float32
# Rounding a double to float32 sends everything at or above FLT_MAX + half an ulp to infinity, as if
# the float32 grid continued with 2**128; the same holds mirrored for -inf.
_BEYOND_F32_MAX = 2.0**128


def _f32_bits(value: np.float32) -> int:
    return int(np.array(value, dtype=_F32).view(np.uint32))


def _as_grid_double(value: np.float32) -> float:
    if np.isinf(value):
        return _BEYOND_F32_MAX if value > 0 else -_BEYOND_F32_MAX
    return float(value)


def float32_cut(threshold: float) -> float:
    """Largest double ``c`` such that, for every double x, ``float32(x) <= threshold`` iff ``x <= c``."""
    threshold = float(threshold)
    below = _F32(threshold)  # nearest float32; step down if it rounded above the threshold
    if float(below) > threshold:
        below = np.nextafter(below, _F32(-np.inf))
    if np.isposinf(below):
        return float(np.finfo(np.float64).max)
    above = np.nextafter(below, _F32(np.inf))
    midpoint = (_as_grid_double(below) + _as_grid_double(above)) / 2.0  # exact: needs 25 bits
    # A double exactly at the midpoint rounds to the float32 with an even significand (ties-to-even).
    midpoint_rounds_down = _f32_bits(below) % 2 == 0
    return midpoint if midpoint_rounds_down else float(np.nextafter(midpoint, -np.inf))
