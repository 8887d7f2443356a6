{# Days since 1970-01-01: an integer to order a window by, so RANGE frames count days on every engine
   (DuckDB, PostgreSQL and Spark differ on RANGE frames over dates with intervals). #}
{% macro lifecycle_day_number(date_expr) -%}
    {{ lifecycle_days_between("cast('1970-01-01' as date)", date_expr) }}
{%- endmacro %}
