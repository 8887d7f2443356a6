"""A select from one relation the package builds (a reporting model, a mart, the registry), as sqlglot writes it
for the target's engine: the report and the `lifecycle run` summary read the warehouse only this way, so every
identifier is quoted and no SQL text is pasted together. What they compute lives in models/reporting/."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlglot import exp

from customer_lifecycle.warehouse import Warehouse


def column(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


@dataclass(frozen=True)
class Read:
    """`select columns from relation [where] [order by] [limit]`; `order_by` names columns, `-name` descending."""

    relation: str
    columns: Sequence[str] = ("*",)
    where: exp.Condition | None = None
    order_by: Sequence[str] = ()
    limit: int | None = None

    def expression(self) -> exp.Select:
        query = exp.select(*[exp.Star() if c == "*" else column(c) for c in self.columns]).from_(
            exp.Table(this=exp.to_identifier(self.relation, quoted=True))
        )
        if self.where is not None:
            query = query.where(self.where)
        if self.order_by:
            query = query.order_by(
                *[exp.Ordered(this=column(name.removeprefix("-")), desc=name.startswith("-")) for name in self.order_by]
            )
        return query if self.limit is None else query.limit(self.limit)

    def rows(self, wh: Warehouse) -> pd.DataFrame:
        return wh.query(self.expression().sql(wh.kind))
