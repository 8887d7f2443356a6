{# Boolean "text matches a POSIX regex" (anchors are up to the caller). #}
{% macro lifecycle_regex_matches(expr, pattern) %}
    {{ return(adapter.dispatch('lifecycle_regex_matches', 'customer_lifecycle')(expr, pattern)) }}
{% endmacro %}

{% macro default__lifecycle_regex_matches(expr, pattern) %}({{ expr }} ~ '{{ pattern }}'){% endmacro %}

{% macro duckdb__lifecycle_regex_matches(expr, pattern) %}regexp_matches({{ expr }}, '{{ pattern }}'){% endmacro %}

{% macro spark__lifecycle_regex_matches(expr, pattern) %}({{ expr }} rlike '{{ pattern }}'){% endmacro %}
