{# `text` as an SQL string literal. Spark reads a backslash in a literal as an escape; the others do not. #}
{% macro lifecycle_string_literal(text) %}
    {{ return(adapter.dispatch('lifecycle_string_literal', 'customer_lifecycle')(text)) }}
{% endmacro %}

{% macro default__lifecycle_string_literal(text) %}
    {{- return("'" ~ text | string | replace("'", "''") ~ "'") -}}
{% endmacro %}

{% macro spark__lifecycle_string_literal(text) %}
    {{- return("'" ~ text | string | replace("\\", "\\\\") | replace("'", "\\'") ~ "'") -}}
{% endmacro %}
