{#
    Text or typed value -> double, or null when it is not a plain decimal number (`12,5O`, `NaN`,
    `inf`, `Infinity`) or cannot be one safely: more than 30 characters, or an exponent of more than
    two digits (`1e309`, `-1e400` would overflow to infinity, and PostgreSQL refuses to cast them).
    What is left is finite and at most about 1e129; lifecycle_max_order_amount bounds it further.
#}
{% macro lifecycle_safe_number(expr) %}
    {{ return(adapter.dispatch('lifecycle_safe_number', 'customer_lifecycle')(expr)) }}
{% endmacro %}

{% macro default__lifecycle_safe_number(expr) %}
    {%- set txt = customer_lifecycle.lifecycle_clean_text(expr) -%}
    case
        when length({{ txt }}) <= 30 then
            case
                when {{ customer_lifecycle.lifecycle_regex_matches(txt, '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,2})?$') }}
                    then cast({{ txt }} as {{ customer_lifecycle.lifecycle_type_double() }})
            end
    end
{%- endmacro %}
