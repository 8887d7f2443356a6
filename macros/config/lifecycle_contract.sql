{#
    The one contract between dbt and Python: customer_features' features and labels, as its columns' meta
    `customer_lifecycle` declares them (models/marts/customer_features.yml; Python reads the same meta from the
    manifest). Returns {'numeric': [...], 'categorical': [...], 'features': numeric + categorical,
    'churn': label column, 'value': label column}, columns in the yml's order. `graph` is filled only when
    dbt executes; at parse time the lists are empty.
#}
{% macro lifecycle_contract() %}
    {%- set declared = {'numeric': [], 'categorical': [], 'churn': [], 'value': []} -%}
    {%- if execute -%}
        {%- set model = graph.nodes['model.customer_lifecycle.customer_features'] -%}
        {%- for column in model.columns.values() if column.meta.customer_lifecycle is defined -%}
            {%- do declared[column.meta.customer_lifecycle.kind].append(column.name) -%}
        {%- endfor -%}
        {%- for label in ['churn', 'value'] if declared[label] | length != 1 -%}
            {{ exceptions.raise_compiler_error("customer_lifecycle: customer_features declares "
                ~ declared[label] | length ~ " " ~ label ~ " labels " ~ declared[label]
                ~ " (column meta customer_lifecycle: {role: label, kind: " ~ label ~ "}); exactly one is needed") }}
        {%- endfor -%}
    {%- endif -%}
    {{ return({'numeric': declared.numeric, 'categorical': declared.categorical,
               'features': declared.numeric + declared.categorical,
               'churn': (declared.churn + [none])[0], 'value': (declared.value + [none])[0]}) }}
{% endmacro %}
