"""A self-contained HTML report of the lifecycle marts and scores: `lifecycle report`."""

from customer_lifecycle.report.page import write_report

__all__ = ["write_report"]
