{# Text or typed value -> double, or null when it is not a plain decimal number (`12,5O`, `NaN`). #}
{% macro lifecycle_safe_number(expr) %}
    {{ return(adapter.dispatch('lifecycle_safe_number', 'customer_lifecycle')(expr)) }}
{% endmacro %}

{% macro default__lifecycle_safe_number(expr) %}
    {%- set txt = customer_lifecycle.lifecycle_clean_text(expr) -%}
    case
        when {{ customer_lifecycle.lifecycle_regex_matches(txt, '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$') }}
            then cast({{ txt }} as {{ customer_lifecycle.lifecycle_type_double() }})
    end
{%- endmacro %}
