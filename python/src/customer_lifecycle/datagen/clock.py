"""Shop clock: seasonality as a time warp.

Every process in the simulation (arrivals, purchases, visits) runs at a constant
rate in *business time*; the clock maps business time to calendar time through
the cumulative shop intensity (hour of day x day of week x month, with a
Black-Friday-to-Christmas peak). One warp gives all processes the same realistic
weekly and yearly rhythm without thinning loops. Times are float days since the
window start.
"""

from __future__ import annotations

import numpy as np

# Relative traffic by hour of day (evening peak, quiet nights).
HOUR_OF_DAY = np.array(
    [
        0.30,
        0.20,
        0.15,
        0.12,
        0.12,
        0.20,
        0.40,
        0.70,
        0.90,
        1.00,
        1.05,
        1.10,
        1.15,
        1.10,
        1.05,
        1.05,
        1.10,
        1.20,
        1.35,
        1.50,
        1.55,
        1.40,
        1.00,
        0.60,
    ]
)
# Monday .. Sunday: Sunday evening and Monday are the strongest shopping days.
DAY_OF_WEEK = np.array([1.10, 1.00, 1.00, 0.97, 0.88, 0.90, 1.15])
# January .. December: post-holiday lull, summer dip, Nov/Dec peak.
MONTH = np.array([0.80, 0.85, 0.95, 0.95, 0.95, 0.90, 0.88, 0.88, 1.00, 1.05, 1.45, 1.60])
BLACK_FRIDAY_WEEK = 1.6  # extra factor for 22-30 November
AFTER_CHRISTMAS = 0.55  # 25-31 December: deliveries no longer arrive in time


def shop_intensity(hours: np.ndarray) -> np.ndarray:
    """Relative shop traffic at each datetime64[h]."""
    days = hours.astype("datetime64[D]")
    hour = (hours - days).astype(int)
    weekday = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday
    month0 = days.astype("datetime64[M]")
    month = month0.astype(int) % 12
    day_of_month = (days - month0).astype(int) + 1
    factor = HOUR_OF_DAY[hour] * DAY_OF_WEEK[weekday] * MONTH[month]
    factor = np.where((month == 10) & (day_of_month >= 22) & (day_of_month <= 30), factor * BLACK_FRIDAY_WEEK, factor)
    return np.where((month == 11) & (day_of_month >= 25), factor * AFTER_CHRISTMAS, factor)


def whole_seconds(days: np.ndarray) -> np.ndarray:
    """Seconds since the window start, truncated as they will be written."""
    return np.floor(days * 86400).astype(np.int64)


class Clock:
    """Maps business days <-> calendar days since `start` for a given hourly intensity."""

    def __init__(self, start: np.datetime64, end: np.datetime64, growth: float = 0.0):
        hours = np.arange(start.astype("datetime64[h]"), end.astype("datetime64[h]"))
        elapsed = np.arange(len(hours)) / len(hours)
        # `growth` lets the arrival clock speed up over the window (a growing shop).
        intensity = shop_intensity(hours) * (1.0 + growth * elapsed)
        self.calendar_days = np.arange(len(hours) + 1) / 24.0
        cumulative = np.concatenate([[0.0], np.cumsum(intensity)])
        # Normalised so a business day is a calendar day on average over the window.
        self.business_days = cumulative * (self.calendar_days[-1] / cumulative[-1])
        self.length = self.calendar_days[-1]

    def to_calendar(self, business: np.ndarray) -> np.ndarray:
        return np.interp(business, self.business_days, self.calendar_days, right=np.inf)

    def to_business(self, calendar: np.ndarray) -> np.ndarray:
        return np.interp(calendar, self.calendar_days, self.business_days, right=np.inf)

    def advance(self, calendar: np.ndarray, business_delay: np.ndarray) -> np.ndarray:
        """Calendar time `business_delay` business days after `calendar` (inf past the window)."""
        return self.to_calendar(self.to_business(calendar) + business_delay)
