{{ config(enabled=lifecycle_var('lifecycle_has_order_lines')) }}
-- Raw order lines exactly as given: the sample shop seed, or your table (see lifecycle_raw_input).
select * from {{ lifecycle_checked_input('order_lines') }}
