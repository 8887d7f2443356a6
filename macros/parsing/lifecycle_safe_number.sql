{#
    Text or typed value -> double, or null when it is not a plain decimal number (`12,5O`, `NaN`,
    `inf`, `Infinity`) or cannot be one safely: more than 30 characters, or an exponent of more than
    two digits (`1e309`, `-1e400` would overflow to infinity, and PostgreSQL refuses to cast them).
    What is left is finite and at most about 1e129; lifecycle_max_order_amount bounds it further.
    A column already of a number type (`data_type`, see lifecycle_type_kind) is cast without its text:
    integers and decimals always have a text this accepts; a double only when 1e-99 <= |value| < 1e100
    (or 0), so the rest (NaN, infinities, 3-digit exponents) still goes through the text and gets null.
#}
{% macro lifecycle_safe_number(expr, data_type=none) %}
    {%- set from_text = adapter.dispatch('lifecycle_safe_number', 'customer_lifecycle')(expr) -%}
    {%- set kind = customer_lifecycle.lifecycle_type_kind(data_type) -%}
    {%- set as_double = 'cast(' ~ expr ~ ' as ' ~ customer_lifecycle.lifecycle_type_double() ~ ')' -%}
    {%- if kind in ['integer', 'decimal'] -%}
        {{ return(as_double) }}
    {%- elif kind == 'double' -%}
        {%- set typed -%}
            case
                when abs({{ expr }}) < 1e100 and (abs({{ expr }}) >= 1e-99 or {{ expr }} = 0) then {{ as_double }}
                else {{ from_text }}
            end
        {%- endset -%}
        {{ return(typed) }}
    {%- endif -%}
    {{ return(from_text) }}
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
