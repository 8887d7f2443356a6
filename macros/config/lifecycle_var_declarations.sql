{# Generated from python/src/customer_lifecycle/vars.yml by `python -m customer_lifecycle.var_declarations`: edit that file. #}
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
        description: null = <target schema>_lifecycle (this repository, the root project, builds in the target schema)
  - title: where the input lives (default the sample shop seeds)
    vars:
      lifecycle_use_sample_shop:
        default: true
        rule: boolean
        description: "false: read the `lifecycle` source, i.e. the vars below"
      lifecycle_source_database:
        default: null
        rule: identifier_or_null
        description: null = target database
      lifecycle_source_schema:
        default: null
        rule: identifier_or_null
        description: null = target schema
      lifecycle_orders_table:
        default: raw_orders
        rule: identifier
        description: the orders table in the source schema
      lifecycle_customers_table:
        default: raw_customers
        rule: identifier
        description: the customers (sign-ups) table in the source schema
      lifecycle_events_table:
        default: raw_events
        rule: identifier
        description: the web events table in the source schema
  - title: optional inputs
    vars:
      lifecycle_has_customers:
        default: true
        rule: boolean
        description: "false: no customers table; a customer starts at the first order"
      lifecycle_has_events:
        default: true
        rule: boolean
        description: "false: no web events table; the engagement features are left out"
      lifecycle_orders_has_status:
        default: true
        rule: boolean
        description: "false: every order counts as completed"
  - title: time
    vars:
      as_of_date:
        default: null
        rule: date_or_null
        description: null = the day after the latest valid order
      lifecycle_load_time:
        default: null
        rule: timestamp_or_null
        description: null = when the dbt run started (UTC)
      lifecycle_earliest_valid_date:
        default: "1990-01-01"
        rule: date
        description: "orders/sign-ups/events before it: implausible_date"
  - title: amounts
    vars:
      lifecycle_max_order_amount:
        default: 1000000000
        rule: positive_number
        description: "|amount| above it: implausible_amount"
  - title: ids
    vars:
      lifecycle_extra_null_id_markers:
        default: []
        rule: text_list
        description: texts read as a missing id, besides NULL, \N, None, nan, N/A, null, - (Input contract)
  - title: lifecycle stages
    vars:
      lifecycle_churn_floor_days:
        default: 90
        rule: positive_integer
        description: "churned: no purchase for max(floor, multiplier * own mean gap) days"
      lifecycle_churn_gap_multiplier:
        default: 3
        rule: positive_number
        description: the multiplier of the customer's own mean gap between purchases in the churn rule
  - title: features and labels
    vars:
      lifecycle_snapshot_cadence:
        default: month
        rule: cadence
        description: how often a feature snapshot is taken
      lifecycle_snapshot_count:
        default: null
        rule: positive_integer_or_null
        description: null = every snapshot back to the first order
      lifecycle_label_horizon_days:
        default: 90
        rule: positive_integer
        description: the days after a snapshot its labels (churned, future value) look at
      lifecycle_training_sample_rows:
        default: null
        rule: positive_integer_or_null
        description: "lifecycle train: rows sampled in the warehouse; null = the measured default (Training at scale)"
      lifecycle_incremental:
        default: false
        rule: boolean
        description: "true: daily runs rebuild only reopened rows (Daily runs)"
      lifecycle_reopen_days:
        default: 7
        rule: positive_integer
        description: incremental runs rebuild what orders this many days late could change
  - title: scores and monitoring
    vars:
      lifecycle_risk_band_method:
        default: probability
        rule: risk_band_method
        description: "risk_band cuts the calibrated churn_probability; quantile: its percentile today"
      lifecycle_risk_high:
        default: 0.75
        rule: probability
        description: risk_band = high when churn_probability (or its percentile) >= this
      lifecycle_risk_medium:
        default: 0.5
        rule: probability
        description: "... medium when >= this (at most lifecycle_risk_high)"
      lifecycle_reason_excluded:
        default: [tenure_days, lt_t]
        rule: identifier_list
        description: "features never named as a churn reason (customer age: nothing a campaign can change)"
      lifecycle_psi_warn:
        default: 0.1
        rule: positive_number
        description: "score_drift: a test warns above this PSI"
      lifecycle_psi_error:
        default: 0.25
        rule: positive_number
        description: "... and fails (or warns, see lifecycle_drift_severity) above this"
      lifecycle_drift_reference:
        default: latest
        rule: drift_reference
        description: latest = newest training snapshot; all = every training snapshot
      lifecycle_drift_warn_only:
        default: [tenure_days, lt_t]
        rule: identifier_list
        description: "age-like features: they grow with the shop, so their drift only warns"
      lifecycle_drift_severity:
        default: warn
        rule: severity
        description: "PSI above lifecycle_psi_error warns (scores still build); error = fail the build"
{% endset %}
{{ return(fromyaml(declaration)) }}
{% endmacro %}
