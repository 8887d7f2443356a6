{# Generated from python/src/customer_lifecycle/vars.yml
   by `python -m customer_lifecycle.var_declarations`: edit that file. #}
{% macro lifecycle_var_declarations() %}
{{ return({
    "vars": {
        "lifecycle_schema": "identifier_or_null",
        "lifecycle_use_sample_shop": "boolean",
        "lifecycle_source_database": "identifier_or_null",
        "lifecycle_source_schema": "identifier_or_null",
        "lifecycle_orders_table": "identifier",
        "lifecycle_customers_table": "identifier",
        "lifecycle_events_table": "identifier",
        "lifecycle_order_lines_table": "identifier",
        "lifecycle_products_table": "identifier",
        "lifecycle_has_customers": "boolean",
        "lifecycle_has_events": "boolean",
        "lifecycle_orders_has_status": "boolean",
        "lifecycle_has_order_lines": "boolean_or_sample_shop",
        "lifecycle_has_products": "boolean_or_sample_shop",
        "as_of_date": "date_or_null",
        "lifecycle_load_time": "timestamp_or_null",
        "lifecycle_earliest_valid_date": "date",
        "lifecycle_max_order_amount": "positive_number",
        "lifecycle_extra_null_id_markers": "text_list",
        "lifecycle_churn_floor_days": "positive_integer",
        "lifecycle_churn_gap_multiplier": "positive_number",
        "lifecycle_snapshot_cadence": "cadence",
        "lifecycle_snapshot_count": "positive_integer_or_null",
        "lifecycle_label_horizon_days": "positive_integer",
        "lifecycle_training_sample_rows": "positive_integer_or_null",
        "lifecycle_incremental": "boolean",
        "lifecycle_reopen_days": "positive_integer",
        "lifecycle_risk_band_method": "risk_band_method",
        "lifecycle_risk_high": "probability",
        "lifecycle_risk_medium": "probability",
        "lifecycle_reason_excluded": "identifier_list",
        "lifecycle_psi_warn": "positive_number",
        "lifecycle_psi_error": "positive_number",
        "lifecycle_drift_reference": "drift_reference",
        "lifecycle_drift_warn_only": "identifier_list",
        "lifecycle_drift_severity": "severity",
        "lifecycle_orders_loaded_at_column": "identifier_or_null",
        "lifecycle_customers_loaded_at_column": "identifier_or_null",
        "lifecycle_events_loaded_at_column": "identifier_or_null",
        "lifecycle_recommendations_buy_again": "positive_integer",
        "lifecycle_recommendations_discover": "positive_integer",
        "lifecycle_recommendations_popular_days": "positive_integer"
    },
    "rules": {
        "identifier_or_null": {
            "help": "null or a plain name (letters, digits, underscores; not starting with a digit)",
            "choices": []
        },
        "boolean": {
            "help": "true or false",
            "choices": []
        },
        "identifier": {
            "help": "a plain table or schema name (letters, digits, underscores; not starting with a digit)",
            "choices": []
        },
        "boolean_or_sample_shop": {
            "help": "true, false or null (null: true on this repository's sample shop, false otherwise)",
            "choices": []
        },
        "date_or_null": {
            "help": "null or a calendar date YYYY-MM-DD",
            "choices": []
        },
        "timestamp_or_null": {
            "help": "null or a UTC timestamp YYYY-MM-DD[ HH:MM:SS]",
            "choices": []
        },
        "date": {
            "help": "a calendar date YYYY-MM-DD",
            "choices": []
        },
        "positive_number": {
            "help": "a number > 0",
            "choices": []
        },
        "text_list": {
            "help": "a list of texts of 1 to 40 characters",
            "choices": []
        },
        "positive_integer": {
            "help": "a whole number >= 1",
            "choices": []
        },
        "cadence": {
            "help": "one of day, week, month, quarter",
            "choices": [
                "day",
                "week",
                "month",
                "quarter"
            ]
        },
        "positive_integer_or_null": {
            "help": "null or a whole number >= 1",
            "choices": []
        },
        "risk_band_method": {
            "help": "one of probability, quantile",
            "choices": [
                "probability",
                "quantile"
            ]
        },
        "probability": {
            "help": "a number between 0 and 1",
            "choices": []
        },
        "identifier_list": {
            "help": "a list of plain column names",
            "choices": []
        },
        "drift_reference": {
            "help": "one of latest, all",
            "choices": [
                "latest",
                "all"
            ]
        },
        "severity": {
            "help": "one of warn, error",
            "choices": [
                "warn",
                "error"
            ]
        }
    }
}) }}
{% endmacro %}
