{#
    True when the deployed models (deployment(), dispatched: a consumer's own training wins) learned from
    this project's data: trained in this dbt project, on the same input (sample shop or not). Otherwise the
    shipped default models score, and nothing in this warehouse is their training data: score_backtest
    marks no snapshot in_training and score_drift has no reference population.
#}
{% macro lifecycle_trained_here() %}
    {%- set window = deployment() -%}
    {{ return(window.get('trained_in_project') == project_name
              and window.get('trained_on_sample_shop') == customer_lifecycle.lifecycle_var('lifecycle_use_sample_shop')) }}
{% endmacro %}
