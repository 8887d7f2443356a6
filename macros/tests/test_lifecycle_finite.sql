{# Fails on rows where any of `columns` is +-infinity or NaN (NaN compares greater than every number
   on DuckDB, PostgreSQL and Spark, so `abs(x) <= 1e308` is false for both). Nulls are left to not_null. #}
{% test lifecycle_finite(model, columns) %}
    select *
    from {{ model }}
    where
        {%- for column in columns %}
        ({{ adapter.quote(column) }} is not null
            and not (abs({{ adapter.quote(column) }}) <= cast('1e308' as {{ customer_lifecycle.lifecycle_type_double() }})))
        {%- if not loop.last %} or{% endif %}
        {%- endfor %}
{% endtest %}
