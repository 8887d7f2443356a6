{#
    Where customer_lifecycle's relations go. dbt calls a package's own generate_schema_name for that
    package's nodes, and the root project's for everything else.
    - Installed as a package: a schema of its own, so nothing clashes with the consumer's relations
      (e.g. a model of theirs named customer_features): var `lifecycle_schema`, default
      `<target schema>_lifecycle`.
    - In this repository (the package is the root project): dbt's default, the target schema.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if node.package_name == 'customer_lifecycle' and project_name != 'customer_lifecycle' -%}
        {{ customer_lifecycle.lifecycle_var('lifecycle_schema') or target.schema ~ '_lifecycle' }}
    {%- else -%}
        {{ default__generate_schema_name(custom_schema_name, node) }}
    {%- endif -%}
{%- endmacro %}
