{# 8-byte floating point type name: `double` is not valid on PostgreSQL, `float8` not on Spark. #}
{% macro lifecycle_type_double() %}
    {{ return(adapter.dispatch('lifecycle_type_double', 'customer_lifecycle')()) }}
{% endmacro %}

{% macro default__lifecycle_type_double() %}double precision{% endmacro %}

{% macro duckdb__lifecycle_type_double() %}double{% endmacro %}

{% macro spark__lifecycle_type_double() %}double{% endmacro %}
