{#
    A double rounded to `digits` decimals, as a double. Rankings compare rounded scores, so sums that differ
    in their last bits between engines (summation order) still rank alike.
    PostgreSQL rounds to given decimals only numerics: round(double precision, integer) does not exist.
#}
{% macro lifecycle_round(expr, digits) %}
    {{- return(adapter.dispatch('lifecycle_round', 'customer_lifecycle')(expr, digits)) -}}
{% endmacro %}

{% macro default__lifecycle_round(expr, digits) -%}
    cast(round({{ expr }}, {{ digits }}) as {{ customer_lifecycle.lifecycle_type_double() }})
{%- endmacro %}

{% macro postgres__lifecycle_round(expr, digits) -%}
    cast(round(cast({{ expr }} as numeric), {{ digits }}) as double precision)
{%- endmacro %}
