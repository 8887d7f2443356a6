-- Every raw order row ends up in exactly one place: accepted (in scope), out of scope, or
-- quarantined. Returns a row (= failure) when the counts do not add up to the raw count.
with

raw_rows as (

    select count(*) as n from {{ ref('customer_lifecycle', 'stg_lifecycle__orders_tmp') }}

),

accepted as (

    select count(*) as n from {{ ref('customer_lifecycle', 'int_lifecycle__orders') }}

),

out_of_scope as (

    select count(*) as n from {{ ref('customer_lifecycle', 'orders_out_of_scope') }}

),

quarantined as (

    select count(*) as n from {{ ref('customer_lifecycle', 'orders_quarantine') }}

),

summary as (

    -- warning rows count rows already counted
    select sum(row_count) as n from {{ ref('customer_lifecycle', 'orders_load_summary') }}
    where outcome <> 'warning'

)

select
    raw_rows.n as raw_rows,
    accepted.n as accepted_rows,
    out_of_scope.n as out_of_scope_rows,
    quarantined.n as quarantined_rows,
    summary.n as summary_rows
from raw_rows
cross join accepted
cross join out_of_scope
cross join quarantined
cross join summary
where
    raw_rows.n <> accepted.n + out_of_scope.n + quarantined.n
    or raw_rows.n <> summary.n
