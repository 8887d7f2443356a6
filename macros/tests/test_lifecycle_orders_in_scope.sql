{#
    Stops the build when no order is left to analyse (an empty orders table, every raw row quarantined,
    or dated after an explicit as_of_date), with one line pointing at orders_load_summary, which does not
    depend on this model and so is still built. A test that errors skips every mart downstream.
#}
{% test lifecycle_orders_in_scope(model) %}
    {%- set validated = ref('stg_lifecycle__orders_validated') -%}
    {%- if execute -%}
        {%- set in_scope = run_query('select count(*) from ' ~ model).columns[0].values()[0] -%}
        {%- if in_scope == 0 -%}
            {%- set raw_rows = run_query('select count(*) from ' ~ validated).columns[0].values()[0] -%}
            {%- if raw_rows == 0 -%}
                {{ exceptions.raise_compiler_error(
                    "customer_lifecycle: no order to analyse: the orders table "
                    ~ customer_lifecycle.lifecycle_raw_input('orders') ~ " is empty; load the orders into it, "
                    ~ "or point lifecycle_orders_table at the table that holds them"
                ) }}
            {%- endif -%}
            {{ exceptions.raise_compiler_error(
                "customer_lifecycle: no order to analyse: all " ~ raw_rows ~ " raw order rows were quarantined "
                ~ "or are dated after as_of_date; see orders_load_summary (and orders_quarantine) for the reasons"
            ) }}
        {%- endif -%}
    {%- endif -%}
    select 1 as no_failure where 1 = 0
{% endtest %}
