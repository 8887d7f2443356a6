"""dbt's jinja filters (as_bool, as_number, as_native, as_text) for sqlfluff's jinja templater (macros/.sqlfluff)."""

from dbt_common.clients.jinja import TEXT_FILTERS as SQLFLUFF_JINJA_FILTERS

__all__ = ["SQLFLUFF_JINJA_FILTERS"]
