{# date + n periods of `datepart` (day / week / month / quarter / year), as a date. #}
{% macro lifecycle_add_periods(datepart, periods, date_expr) -%}
    cast({{ dbt.dateadd(datepart, periods, date_expr) }} as date)
{%- endmacro %}
