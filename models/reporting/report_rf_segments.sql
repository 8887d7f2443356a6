-- Buyers and revenue per named RF segment: the report's segment bars and the `lifecycle run` summary.
with

rfm as (

    select * from {{ ref('customer_lifecycle', 'customer_rfm') }}

),

final as (

    select
        rf_segment,
        count(*) as customers,
        sum(total_spend) as revenue
    from rfm
    group by rf_segment

)

select * from final
