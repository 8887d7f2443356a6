{# Fails on a value that is not a lifecycle stage (lifecycle_stages()) nor one of `also`: accepted_values over the one
   declaration of the stages, which a yml file cannot call at parse time. #}
{% test lifecycle_accepted_stage(model, column_name, also=[]) %}
    {%- set accepted = also + customer_lifecycle.lifecycle_stages() -%}
    {{ return(adapter.dispatch('test_accepted_values', 'dbt')(model, column_name, accepted)) }}
{% endtest %}
