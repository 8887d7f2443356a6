-- RFM per customer with a completed order, as of the as-of date, in both conventions:
--   lt_*   lifetimes.utils.summary_data_from_transaction_data (daily periods)
--   the marketer's view: days since last order, orders, total / average spend (net of
--   returns), quintile scores (5 = best) and the named RF segment.
with

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

metrics as (

    select metrics.*
    from {{ ref('customer_lifecycle', 'int_lifecycle__customer_order_metrics') }} as metrics
    inner join as_of
        on metrics.evaluation_date = as_of.as_of_date

),

scored as (

    -- customer_id breaks ties, so equal values can land in adjacent quintiles, but the
    -- result is identical on every engine and every run
    select
        *,
        ntile(5) over (order by recency_days desc nulls last, customer_id asc) as r_score,
        ntile(5) over (order by orders_count asc nulls last, customer_id asc) as f_score,
        ntile(5) over (order by total_spend asc nulls last, customer_id asc) as m_score
    from metrics

),

final as (

    select
        customer_id,
        evaluation_date as as_of_date,
        lt_frequency,
        lt_recency,
        lt_t,
        lt_monetary,
        first_purchase_date,
        last_purchase_date,
        recency_days,
        orders_count,
        total_spend,
        avg_order_value,
        cast(r_score as integer) as r_score,
        cast(f_score as integer) as f_score,
        cast(m_score as integer) as m_score,
        {{ dbt.concat([
            'cast(r_score as ' ~ dbt.type_string() ~ ')',
            'cast(f_score as ' ~ dbt.type_string() ~ ')',
            'cast(m_score as ' ~ dbt.type_string() ~ ')'
        ]) }} as rfm_cell,
        {{ lifecycle_rf_segment('r_score', 'f_score') }} as rf_segment
    from scored

)

select * from final
