{#
    Pre-hook of the sample shop seeds: never load over a table that is not a previous load of the same seed.
    A previous load has exactly the seed file's columns and row count; anything else (e.g. your own
    raw_orders in the same schema) stops the build with a message. `--full-refresh` replaces it anyway.
#}
{% macro lifecycle_refuse_foreign_table() %}
    {%- if execute and not should_full_refresh() -%}
        {%- set existing = adapter.get_relation(
            database=this.database, schema=this.schema, identifier=this.identifier
        ) -%}
        {%- if existing is not none -%}
            {%- set seed = load_agate_table() -%}
            {%- set columns = adapter.get_columns_in_relation(existing)
                | map(attribute='name') | map('lower') | list -%}
            {%- set rows = run_query('select count(*) from ' ~ existing).columns[0].values()[0] -%}
            {%- if columns != seed.column_names | map('lower') | list or rows != seed.rows | length -%}
                {{ exceptions.raise_compiler_error(
                    existing ~ " exists and is not the sample shop's " ~ this.identifier ~ " (columns " ~ columns
                    ~ ", " ~ rows ~ " rows): refusing to load the sample shop over it. To read your own tables set "
                    ~ "lifecycle_use_sample_shop: false; to replace it, drop it or run with --full-refresh.") }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
