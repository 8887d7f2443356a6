{#
    The one contract between dbt and Python: customer_features' features and labels, as its columns' meta
    `customer_lifecycle` declares them (models/marts/customer_features.yml), and the deployed models, as
    scored_snapshots' columns' meta declares them (models/scoring/scoring.yml); Python reads the same meta from
    the manifest (contract.py). Returns {'numeric': [...], 'categorical': [...], 'features': numeric +
    categorical, 'churn': label column, 'value': label column, 'directions': {feature: 1 (increases_churn) or
    -1 (decreases_churn)} for the features that declare one, 'deployed': [{'model', 'target', 'score',
    'version'}, ...]}, columns in the yml's order ('version' is none when no column records it). `graph` is
    filled only when dbt executes; at parse time the lists are empty.
#}
{% macro lifecycle_contract() %}
    {%- set declared = {'numeric': [], 'categorical': [], 'churn': [], 'value': []} -%}
    {%- set deployed = [] -%}
    {%- set directions = {} -%}
    {%- if execute -%}
        {%- set model = graph.nodes['model.customer_lifecycle.customer_features'] -%}
        {%- for column in model.columns.values() if column.meta.customer_lifecycle is defined -%}
            {%- do declared[column.meta.customer_lifecycle.kind].append(column.name) -%}
            {%- set direction = column.meta.customer_lifecycle.direction -%}
            {%- if direction is defined -%}
                {%- do directions.update({column.name: {'increases_churn': 1, 'decreases_churn': -1}[direction]}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for label in ['churn', 'value'] if declared[label] | length != 1 -%}
            {{ exceptions.raise_compiler_error("customer_lifecycle: customer_features declares "
                ~ declared[label] | length ~ " " ~ label ~ " labels " ~ declared[label]
                ~ " (column meta customer_lifecycle: {role: label, kind: " ~ label ~ "}); exactly one is needed") }}
        {%- endfor -%}
        {%- set scored = graph.nodes['model.customer_lifecycle.scored_snapshots'].columns.values()
                         | selectattr('meta.customer_lifecycle', 'defined') | list -%}
        {%- set versions = {} -%}
        {%- for column in scored if column.meta.customer_lifecycle.role == 'version' -%}
            {%- do versions.update({column.meta.customer_lifecycle.model: column.name}) -%}
        {%- endfor -%}
        {%- for column in scored if column.meta.customer_lifecycle.role == 'score' -%}
            {%- set entry = column.meta.customer_lifecycle -%}
            {%- do deployed.append({'model': entry.model, 'target': entry.target, 'score': column.name,
                                    'version': versions.get(entry.model)}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return({'numeric': declared.numeric, 'categorical': declared.categorical,
               'features': declared.numeric + declared.categorical,
               'churn': (declared.churn + [none])[0], 'value': (declared.value + [none])[0],
               'directions': directions, 'deployed': deployed}) }}
{% endmacro %}
