{# The text matched by the first (capturing) group of a regex, or null when the regex does not match. #}
{% macro lifecycle_regex_extract(expr, pattern) %}
    {{ return(adapter.dispatch('lifecycle_regex_extract', 'customer_lifecycle')(expr, pattern)) }}
{% endmacro %}

{% macro default__lifecycle_regex_extract(expr, pattern) %}substring({{ expr }} from '{{ pattern }}'){% endmacro %}

{# DuckDB and Spark return '' when there is no match #}
{% macro duckdb__lifecycle_regex_extract(expr, pattern) %}nullif(regexp_extract({{ expr }}, '{{ pattern }}', 1), ''){% endmacro %}

{% macro spark__lifecycle_regex_extract(expr, pattern) %}nullif(regexp_extract({{ expr }}, '{{ pattern }}', 1), ''){% endmacro %}
