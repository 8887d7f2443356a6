"""Plain tick labels for a log-scale axis of ratios (odds ratios): 0.5, 1, 2 rather than 5x10^-1."""

from __future__ import annotations

CANDIDATES = (0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3, 4, 6, 8)


def ratio_ticks(low: float, high: float) -> list[float]:
    """The candidate ticks spanning [low, high] with a little margin; always includes 1 (no effect)."""
    return sorted({1, *(t for t in CANDIDATES if low / 1.2 <= t <= high * 1.2)})
