{#
    An id (text or typed) in its canonical text form, so tables that store the same id with different
    types still join: trimmed, '' and the text null markers (lifecycle_is_null_id_marker) as missing, and an
    integral number written as a float (`7.0`, `7.00`, what a float or decimal column reads as) as the
    integer (`7`). Anything else is kept as is.
    An integer column (`data_type`, see lifecycle_type_kind) is already canonical once written as text.
#}
{% macro lifecycle_clean_id(expr, data_type=none) %}
    {%- if customer_lifecycle.lifecycle_type_kind(data_type) == 'integer' -%}
        {{ return('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')') }}
    {%- endif -%}
    {%- set txt = customer_lifecycle.lifecycle_clean_text(expr) -%}
    {#- the LIKE is a cheap first filter: most ids have no '.0' and skip the regex -#}
    case
        when {{ customer_lifecycle.lifecycle_is_null_id_marker(expr) }} then null
        when {{ txt }} like '%.0%' and {{ customer_lifecycle.lifecycle_regex_matches(txt, '^-?[0-9]+[.]0+$') }}
            then substring({{ txt }}, 1, {{ dbt.position("'.'", txt) }} - 1)
        else {{ txt }}
    end
{%- endmacro %}
