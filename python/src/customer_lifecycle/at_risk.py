"""The customers to call first, as the report's table and the `lifecycle run` summary list them: the first rows
of the report_at_risk model (a module of its own: the summary must not import the report's plotting stack)."""

from customer_lifecycle.reads import Read, column


def at_risk(top: int) -> Read:
    return Read("report_at_risk", where=column("call_rank") <= top, order_by=["call_rank"])
