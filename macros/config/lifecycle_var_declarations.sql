{# Generated from python/src/customer_lifecycle/vars.yml
   by `python -m customer_lifecycle.var_declarations`: edit that file. #}
{% macro lifecycle_var_declarations() %}
{% set declaration %}
# The one declaration of customer_lifecycle's dbt vars: name, default, rule and what each means.
# Everything else derives from this file (python -m customer_lifecycle.var_declarations rewrites the derived
# files; python/tests/test_var_declarations.py fails when one is stale):
#   - the `vars:` defaults at the end of dbt_project.yml,
#   - macros/config/lifecycle_var_declarations.sql, which dbt's lifecycle_var() and on-run-start hook read,
#   - customer_lifecycle.var_rules, which the CLI applies before it hands vars to dbt,
#   - the vars reference in the docs.
# Rules: a value breaking its var's rule stops the build with one line naming the var, the value and the
# rule's `help`. A rule with `choices` accepts those words in any case (its help: one of them).

rules:
  boolean: {help: true or false}
  identifier: {help: "a plain table or schema name (letters, digits, underscores; not starting with a digit)"}
  identifier_or_null: {help: "null or a plain name (letters, digits, underscores; not starting with a digit)"}
  identifier_list: {help: a list of plain column names}
  text_list: {help: a list of texts of 1 to 40 characters}
  date: {help: a calendar date YYYY-MM-DD}
  date_or_null: {help: null or a calendar date YYYY-MM-DD}
  timestamp_or_null: {help: "null or a UTC timestamp YYYY-MM-DD[ HH:MM:SS]"}
  positive_integer: {help: a whole number >= 1}
  positive_integer_or_null: {help: null or a whole number >= 1}
  positive_number: {help: a number > 0}
  probability: {help: a number between 0 and 1}
  cadence: {choices: [day, week, month, quarter]}
  drift_reference: {choices: [latest, all]}
  risk_band_method: {choices: [probability, quantile]}
  severity: {choices: [warn, error]}

sections:
  - title: where the package builds when installed in another dbt project
    vars:
      lifecycle_schema:
        default: null
        rule: identifier_or_null
        description: "the schema of all the package's relations; null = <target schema>_lifecycle (in this repository: the target schema)"
  - title: where the input lives (default the sample shop seeds)
    vars:
      lifecycle_use_sample_shop:
        default: true
        rule: boolean
        description: "read the sample shop seeds; false: read your tables, named by the vars below"
      lifecycle_source_database:
        default: null
        rule: identifier_or_null
        description: "database of your raw tables; null = target database"
      lifecycle_source_schema:
        default: null
        rule: identifier_or_null
        description: "schema of your raw tables; null = target schema"
      lifecycle_orders_table:
        default: raw_orders
        rule: identifier
        description: "your orders table (the one required input)"
      lifecycle_customers_table:
        default: raw_customers
        rule: identifier
        description: "your sign-ups table"
      lifecycle_events_table:
        default: raw_events
        rule: identifier
        description: "your site events table"
      lifecycle_order_lines_table:
        default: raw_order_lines
        rule: identifier
        description: "your order lines table (docs/recommendations.md)"
      lifecycle_products_table:
        default: raw_products
        rule: identifier
        description: "your product catalogue table"
  - title: optional inputs
    vars:
      lifecycle_has_customers:
        default: true
        rule: boolean
        description: "false: there is no sign-ups table (nobody is registered, channels are unknown)"
      lifecycle_has_events:
        default: true
        rule: boolean
        description: "false: there is no events table (nobody is acquired or attracted)"
      lifecycle_orders_has_status:
        default: true
        rule: boolean
        description: "false: orders have no status column, every order counts as completed"
      lifecycle_has_order_lines:
        default: false
        rule: boolean
        description: "true: read order lines, train product_similarity, build customer_recommendations (docs/recommendations.md)"
      lifecycle_has_products:
        default: false
        rule: boolean
        description: "true (with order lines): product names and categories from the products table"
  - title: time
    vars:
      as_of_date:
        default: null
        rule: date_or_null
        description: "evaluation date YYYY-MM-DD, inclusive: nothing after it is read; null = the day after the latest valid order (a later date labels only windows the data covers, and warns)"
      lifecycle_load_time:
        default: null
        rule: timestamp_or_null
        description: "order, sign-up and event timestamps after it are future_timestamp; null = when the dbt run started (UTC)"
      lifecycle_earliest_valid_date:
        default: "1990-01-01"
        rule: date
        description: "orders, sign-ups and events before it are implausible_date"
  - title: amounts
    vars:
      lifecycle_max_order_amount:
        default: 1000000000
        rule: positive_number
        description: "orders with a larger absolute amount are implausible_amount"
  - title: ids
    vars:
      lifecycle_extra_null_id_markers:
        default: []
        rule: text_list
        description: "more texts read as a missing id, besides NULL, \\N, None, nan, N/A, null, - (docs/input_contract.md)"
  - title: lifecycle stages
    vars:
      lifecycle_churn_floor_days:
        default: 90
        rule: positive_integer
        description: "churned: no purchase for more than max(floor, multiplier x own mean gap between purchase days) days"
      lifecycle_churn_gap_multiplier:
        default: 3
        rule: positive_number
        description: "the multiplier of that rule"
  - title: features and labels
    vars:
      lifecycle_snapshot_cadence:
        default: month
        rule: cadence
        description: "feature snapshots at the period ends of day, week (Sundays), month or quarter, plus the as-of date (docs/daily_runs.md)"
      lifecycle_snapshot_count:
        default: null
        rule: positive_integer_or_null
        description: "number of snapshots, the as-of date included; null = every snapshot back to the first order"
      lifecycle_label_horizon_days:
        default: 90
        rule: positive_integer
        description: "label window H: labels look at (t, t + H]"
      lifecycle_training_sample_rows:
        default: null
        rule: positive_integer_or_null
        description: "lifecycle train: labelled rows sampled in the warehouse to tune and refit on; null = the measured default, 100,000 (docs/training.md)"
      lifecycle_incremental:
        default: false
        rule: boolean
        description: "true: the date-keyed models build incrementally on DuckDB and PostgreSQL, daily runs rebuild only reopened rows (docs/daily_runs.md)"
      lifecycle_reopen_days:
        default: 7
        rule: positive_integer
        description: "incremental runs rebuild the rows that orders up to this many days late could change"
  - title: scores and monitoring
    vars:
      lifecycle_risk_band_method:
        default: probability
        rule: risk_band_method
        description: "risk_band cuts the calibrated churn_probability; quantile: its percentile among today's customers"
      lifecycle_risk_high:
        default: 0.75
        rule: probability
        description: "risk_band = high when churn_probability (or its percentile) >= this"
      lifecycle_risk_medium:
        default: 0.5
        rule: probability
        description: "... medium when >= this (and <= lifecycle_risk_high)"
      lifecycle_reason_excluded:
        default: [tenure_days, lt_t]
        rule: identifier_list
        description: "features never named as a churn reason: customer age is not a reason a marketer can act on"
      lifecycle_psi_warn:
        default: 0.1
        rule: positive_number
        description: "score_drift: a score or feature drifts (moderate) above this PSI; its test warns"
      lifecycle_psi_error:
        default: 0.25
        rule: positive_number
        description: "... significantly above this; its test fails when lifecycle_drift_severity is error"
      lifecycle_drift_reference:
        default: latest
        rule: drift_reference
        description: "drift against the newest training snapshot; all: every training snapshot pooled"
      lifecycle_drift_warn_only:
        default: [tenure_days, lt_t]
        rule: identifier_list
        description: "age-like features that grow with the shop: their drift only ever warns"
      lifecycle_drift_severity:
        default: warn
        rule: severity
        description: "PSI above lifecycle_psi_error warns and the scores still build; error: fail the build"
  - title: incremental staging (docs/scale.md)
    vars:
      lifecycle_orders_loaded_at_column:
        default: null
        rule: identifier_or_null
        description: "a load-time column of your orders table (e.g. _fivetran_synced, _airbyte_extracted_at, _dlt_load_id): stage only the rows loaded since the last build; null = restage every row"
      lifecycle_customers_loaded_at_column:
        default: null
        rule: identifier_or_null
        description: "a load-time column of your customers table: stage only the rows loaded since the last build; null = restage every row"
      lifecycle_events_loaded_at_column:
        default: null
        rule: identifier_or_null
        description: "a load-time column of your events table: stage only the rows loaded since the last build; null = restage every row"
  - title: recommendations (lifecycle_has_order_lines)
    vars:
      lifecycle_recommendations_buy_again:
        default: 5
        rule: positive_integer
        description: "products per person in the buy_again list"
      lifecycle_recommendations_discover:
        default: 10
        rule: positive_integer
        description: "products per person in the discover list"
      lifecycle_recommendations_popular_days:
        default: 90
        rule: positive_integer
        description: "the window of the popular-products fallback"
{% endset %}
{{ return(fromyaml(declaration)) }}
{% endmacro %}
