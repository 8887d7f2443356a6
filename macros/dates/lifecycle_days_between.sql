{# Whole days from start_date to end_date (both cast to date first, so times of day never count). #}
{% macro lifecycle_days_between(start_date, end_date) -%}
    cast({{ dbt.datediff('cast(' ~ start_date ~ ' as date)', 'cast(' ~ end_date ~ ' as date)', 'day') }} as integer)
{%- endmacro %}
