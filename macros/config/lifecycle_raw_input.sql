{#
    The relation holding one raw input table: the sample shop seed (`raw_<name>`) by default, or the
    user's own table through the `lifecycle` source once `lifecycle_use_sample_shop` is false.
    The seeds are ref()'d, not read through the source, so `dbt build` loads them before staging.
#}
{% macro lifecycle_raw_input(table_name) %}
    {%- if customer_lifecycle.lifecycle_var('lifecycle_use_sample_shop') -%}
        {%- if customer_lifecycle.lifecycle_var('lifecycle_source_schema')
            or customer_lifecycle.lifecycle_var('lifecycle_source_database') -%}
            {{ exceptions.raise_compiler_error(
                "lifecycle_source_schema/lifecycle_source_database are set but lifecycle_use_sample_shop is true: "
                ~ "set lifecycle_use_sample_shop: false to read your own tables instead of the sample shop seeds"
            ) }}
        {%- endif -%}
        {{ return(ref('customer_lifecycle', 'raw_' ~ table_name)) }}
    {%- else -%}
        {{ return(source('lifecycle', table_name)) }}
    {%- endif -%}
{% endmacro %}
