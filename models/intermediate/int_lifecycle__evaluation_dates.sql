-- Every date some mart needs customer metrics at: the as-of date (customer_rfm,
-- customer_lifecycle), feature snapshots and month ends of the lifecycle history.
with

dates as (

    select as_of_date as evaluation_date from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}
    union
    select snapshot_date from {{ ref('customer_lifecycle', 'int_lifecycle__snapshot_dates') }}
    union
    select evaluated_at from {{ ref('customer_lifecycle', 'int_lifecycle__history_months') }}

)

select evaluation_date from dates
