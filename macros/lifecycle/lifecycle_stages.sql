{#
    The lifecycle stages in funnel order, declared once: lifecycle_stage_order() numbers them, the marts' tests
    accept them, and the report (python/src/customer_lifecycle/report/figures.py, STAGES, checked by
    python/tests/test_stage_names.py) draws them in this order.
#}
{% macro lifecycle_stages() %}
    {{ return(['acquired', 'attracted', 'registered', 'engaged', 'retained', 'advocate', 'churned']) }}
{% endmacro %}
