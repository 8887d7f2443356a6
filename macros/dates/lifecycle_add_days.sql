{# date + n days, as a date (dbt.dateadd returns a timestamp on some engines). #}
{% macro lifecycle_add_days(days, date_expr) -%}
    cast({{ dbt.dateadd('day', days, date_expr) }} as date)
{%- endmacro %}
