{# Cast that yields null instead of failing where the engine can; elsewhere a plain cast,
   so callers must guard the input first (see lifecycle_safe_timestamp / lifecycle_safe_number). #}
{% macro lifecycle_try_cast(expr, data_type) %}
    {{ return(adapter.dispatch('lifecycle_try_cast', 'customer_lifecycle')(expr, data_type)) }}
{% endmacro %}

{% macro default__lifecycle_try_cast(expr, data_type) %}cast({{ expr }} as {{ data_type }}){% endmacro %}

{% macro duckdb__lifecycle_try_cast(expr, data_type) %}try_cast({{ expr }} as {{ data_type }}){% endmacro %}

{% macro spark__lifecycle_try_cast(expr, data_type) %}try_cast({{ expr }} as {{ data_type }}){% endmacro %}
