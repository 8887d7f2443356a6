{#
    Incremental staging (docs/scale.md). An input with a load-time column (var
    lifecycle_<input>_loaded_at_column: _fivetran_synced, _airbyte_extracted_at, _dlt_load_id, a loaded_at of
    your own) is staged incrementally: a run parses and validates only the rows loaded after the latest load
    time already staged, and dedupes them together with the staged rows of the same ids (the staging model
    reads those back from itself), which it then replaces (delete+insert on the id). Without the var, or on
    an engine whose tables cannot delete rows, staging is a table rebuilt from every raw row, as before.
    Apply per input: materialized=lifecycle_staging_materialization(input), read the raw rows through
    lifecycle_rows_to_stage(input, relation) and keep lifecycle_loaded_at(input) as column `loaded_at`.
#}

{# The input's load-time column (var lifecycle_<input>_loaded_at_column), or none. Order lines and products
   are always staged whole: they have no such var. #}
{% macro lifecycle_loaded_at_column(input) -%}
    {%- if input not in ['orders', 'customers', 'events'] -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(customer_lifecycle.lifecycle_var('lifecycle_' ~ input ~ '_loaded_at_column')) }}
{%- endmacro %}


{% macro lifecycle_staging_materialization(input) -%}
    {%- set incremental = customer_lifecycle.lifecycle_loaded_at_column(input)
        and customer_lifecycle.lifecycle_deletes_rows() %}
    {{- return('incremental' if incremental else 'table') -}}
{%- endmacro %}


{# The load time kept on every staged row (NULL without the var), so the next run knows where to resume. #}
{% macro lifecycle_loaded_at(input) -%}
    {#- the var is a plain column name (lifecycle_var's rule), read like the contract's columns -#}
    {{ customer_lifecycle.lifecycle_loaded_at_column(input) or 'cast(null as timestamp)' }}
{%- endmacro %}


{#
    The raw rows a run stages: all of them on a full build; on an incremental run those loaded after the
    latest load time staged (a row without a load time is read by a full refresh only).
#}
{% macro lifecycle_rows_to_stage(input, relation) -%}
    {%- if customer_lifecycle.lifecycle_is_incremental() -%}
    {%- do customer_lifecycle.lifecycle_check_staged_load_times(input) -%}
    (
        select * from {{ relation }}
        where {{ customer_lifecycle.lifecycle_loaded_at(input) }} > (select max(loaded_at) from {{ this }})
    ) as loaded_since_last_build
    {%- else -%}
    {{ relation }}
    {%- endif -%}
{%- endmacro %}


{#
    A table staged before the var was set has rows and no load time: reading only rows loaded after its
    latest would read none. Stop with one line saying how to restage it.
#}
{% macro lifecycle_check_staged_load_times(input) -%}
    {%- if execute -%}
        {%- set counts = run_query('select count(*), count(loaded_at) from ' ~ this).rows[0] -%}
        {%- if counts[0] > 0 and counts[1] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "customer_lifecycle: " ~ this ~ " was staged without a load time, so lifecycle_" ~ input
                ~ "_loaded_at_column cannot tell which raw rows are new: rebuild it once with "
                ~ "`dbt build --full-refresh --select " ~ this.identifier ~ "+`"
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{# Whether the engine's tables can delete rows (incremental delete+insert); Spark's Parquet tables cannot. #}
{% macro lifecycle_deletes_rows() -%}
    {{ return(adapter.dispatch('lifecycle_deletes_rows', 'customer_lifecycle')()) }}
{%- endmacro %}

{% macro default__lifecycle_deletes_rows() %}{{ return(true) }}{% endmacro %}

{% macro spark__lifecycle_deletes_rows() %}{{ return(false) }}{% endmacro %}
