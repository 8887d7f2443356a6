{{ config(enabled=lifecycle_var('lifecycle_has_customers')) }}
-- Raw customers exactly as given: the sample shop seed, or your table (see lifecycle_raw_input).
-- One model for both cases, so staging, its unit tests and the source checks have a single parent.
select * from {{ lifecycle_checked_input('customers') }}
