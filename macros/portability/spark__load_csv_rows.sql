{#
    Seeds on Spark with values written as escaped literals instead of bindings.

    dbt-spark's session method substitutes bindings as '{value}' without escaping, so a seed value with an
    apostrophe (ml_model_registry: "last 90 days' spend") breaks the INSERT, and a '%' breaks Python's
    formatting. Every value goes in as a string literal (backslash-escaped, Spark's default) cast to the
    column's type, which parses numbers and dates exactly as the bound values were.
    Overrides dbt-spark's macro of the same name (the root project's implementation wins the dispatch).
#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    {%- if value is none -%} cast(null as {{ types[loop.index0] }})
                    {%- else -%} cast('{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ types[loop.index0] }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) if loop.first -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
