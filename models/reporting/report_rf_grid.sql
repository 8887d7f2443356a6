-- Buyers per cell of the recency x frequency score grid, with their revenue (the report's RFM heat maps).
with

rfm as (

    select * from {{ ref('customer_lifecycle', 'customer_rfm') }}

),

final as (

    select
        r_score,
        f_score,
        count(*) as customers,
        sum(total_spend) as revenue
    from rfm
    group by
        r_score,
        f_score

)

select * from final
