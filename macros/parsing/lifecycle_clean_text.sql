{# Any column (text or already typed) as trimmed text, with '' treated as missing. #}
{% macro lifecycle_clean_text(expr) %}
    nullif(trim(cast({{ expr }} as {{ dbt.type_string() }})), '')
{%- endmacro %}
