{#
    The raw input relation of `table_name` (see lifecycle_raw_input), after checking it has every column
    the input contract requires: a missing or misspelled one stops the build with one line naming the
    table, the column, the contract and the flag that makes it optional.
#}
{% macro lifecycle_checked_input(table_name) %}
    {%- set relation = customer_lifecycle.lifecycle_raw_input(table_name) -%}
    {%- if execute -%}
        {%- set contract = {
            'orders': ['order_id', 'customer_id', 'ordered_at', 'amount']
                + (['status'] if customer_lifecycle.lifecycle_var('lifecycle_orders_has_status') else []),
            'customers': ['customer_id', 'signed_up_at', 'acquisition_channel', 'referred_by_customer_id'],
            'events': ['event_id', 'customer_id', 'visitor_id', 'event_type', 'occurred_at'],
            'order_lines': ['order_id', 'product_id', 'quantity', 'line_amount'],
            'products': ['product_id', 'product_name', 'category'],
        }[table_name] -%}
        {#- the load-time column named by lifecycle_<input>_loaded_at_column, when set -#}
        {%- set contract = contract + ([customer_lifecycle.lifecycle_loaded_at_column(table_name) | lower]
            if customer_lifecycle.lifecycle_loaded_at_column(table_name) else []) -%}
        {%- set optional_by = {
            'orders': "the status column is optional with lifecycle_orders_has_status: false",
            'customers': "set lifecycle_has_customers: false to build without sign-ups",
            'events': "set lifecycle_has_events: false to build without events",
            'order_lines': "set lifecycle_has_order_lines: false to build without order lines",
            'products': "set lifecycle_has_products: false to build without product names",
        }[table_name] -%}
        {%- if adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
            {{ exceptions.raise_compiler_error(
                "customer_lifecycle: input table " ~ relation ~ " (" ~ table_name ~ ") does not exist: "
                ~ "check lifecycle_source_schema and lifecycle_" ~ table_name ~ "_table; " ~ optional_by
            ) }}
        {%- endif -%}
        {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- for column in contract if column not in present -%}
            {{ exceptions.raise_compiler_error(
                "customer_lifecycle: input table " ~ relation ~ " has no column " ~ column
                ~ ", which the input contract requires (" ~ table_name ~ ": " ~ contract | join(', ')
                ~ "; docs/input_contract.md); " ~ optional_by
            ) }}
        {%- endfor -%}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}
