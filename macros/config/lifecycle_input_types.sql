{#
    {lowercase column name: type as the adapter names it} of a raw input relation (a stg_lifecycle__*_tmp
    model, a view of the input table), read at compile time so staging parses typed columns without text.
    Empty when the relation is not built (dbt only parsing, or a unit test's fixture, whose types are its
    own): staging then reads every column as text.
#}
{% macro lifecycle_input_types(relation) %}
    {%- set types = {} -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do types.update({column.name | lower: column.data_type}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(types) }}
{% endmacro %}
