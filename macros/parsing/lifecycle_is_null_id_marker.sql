{#
    Boolean: the trimmed text of `expr` is a text null marker, which an id column means as "no id": what
    exports write for a missing value (NULL, \N, None, nan: also how a NaN float id reads as text, N/A,
    -) plus the markers of var lifecycle_extra_null_id_markers, compared without case. Without this, 14
    guest orders with customer_id 'NULL' would be one customer with 14 orders.
#}
{% macro lifecycle_is_null_id_marker(expr) %}
    {%- set markers = ['null', '\\n', 'none', 'nan', 'n/a', '-'] -%}
    {%- for marker in customer_lifecycle.lifecycle_var('lifecycle_extra_null_id_markers') -%}
        {%- do markers.append(marker | trim | lower) if (marker | trim | lower) not in markers -%}
    {%- endfor -%}
    {%- set txt = customer_lifecycle.lifecycle_clean_text(expr) -%}
    {#- the length is a cheap first filter: lower() on every id made staging's id parsing 4x slower -#}
    ({{ dbt.length(txt) }} <= {{ markers | map('length') | max }} and lower({{ txt }}) in (
        {%- for marker in markers -%}
            {{ customer_lifecycle.lifecycle_string_literal(marker) }}{{ ', ' if not loop.last }}
        {%- endfor -%}
    ))
{%- endmacro %}
