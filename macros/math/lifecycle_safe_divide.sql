{# Floating-point division that returns null on a zero/null denominator
   (PostgreSQL divides integers as integers, and every engine fails or differs on /0). #}
{% macro lifecycle_safe_divide(numerator, denominator) %}
    {{ return(adapter.dispatch('lifecycle_safe_divide', 'customer_lifecycle')(numerator, denominator)) }}
{% endmacro %}

{% macro default__lifecycle_safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as {{ customer_lifecycle.lifecycle_type_double() }})
        / nullif(cast({{ denominator }} as {{ customer_lifecycle.lifecycle_type_double() }}), 0))
{%- endmacro %}
