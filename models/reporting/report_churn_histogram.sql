-- Today's customers per churn probability bin (20 bins of 0.05) and stage: the report's stacked histogram.
-- A probability of exactly 1 falls in the last bin.
{%- set bins = 20 %}
{%- set double = lifecycle_type_double() %}
with

scores as (

    select * from {{ ref('customer_lifecycle', 'customer_scores') }}

),

binned as (

    select
        lifecycle_stage,
        cast(least(floor(churn_probability * {{ bins }}), {{ bins - 1 }}) as int) as probability_bin
    from scores

),

final as (

    select
        lifecycle_stage,
        probability_bin,
        cast(probability_bin as {{ double }}) / {{ bins }} as bin_start,
        cast(probability_bin + 1 as {{ double }}) / {{ bins }} as bin_end,
        count(*) as customers
    from binned
    group by
        lifecycle_stage,
        probability_bin

)

select * from final
