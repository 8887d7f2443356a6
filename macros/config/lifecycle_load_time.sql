{# The "load time" that raw timestamps may not exceed: var lifecycle_load_time, else the
   moment this dbt invocation started (one value for the whole run, same on every engine). #}
{% macro lifecycle_load_time() -%}
    {%- set v = customer_lifecycle.lifecycle_var('lifecycle_load_time') -%}
    {%- if v -%}
        cast('{{ v }}' as timestamp)
    {%- else -%}
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp)
    {%- endif -%}
{%- endmacro %}
