{{ config(materialized='table', enabled=lifecycle_var('lifecycle_has_order_lines')) }}
-- Up to N products per person and list (docs/recommendations.md), scored from the product_similarity seed
-- that `lifecycle train` learned. Grain: person (person_type, person_id) x list x rank.
-- buy_again: products the person bought and kept, by the number of orders they bought it in; ties go to the
--   product more customers bought in the popular window, then to the one more of its buyers buy again (its
--   repeat rate).
-- discover: products the person never bought. Tier 1: the neighbour weights of the products the person bought
--   and kept, summed (each counts once: the binary history product_similarity learned from); tier 2: popular
--   in the last lifecycle_recommendations_popular_days days
--   with customers of the person's acquisition channel; tier 3: popular in that window with everyone.
--   Lower tiers fill the places the tier above leaves, so a person with no purchase still gets a list.
-- Products the person returned are never recommended. Scores are rounded to 6 decimals and ties go to the
-- smaller product id, so every engine ranks alike.
{%- set buy_again_n = lifecycle_var('lifecycle_recommendations_buy_again') %}
{%- set discover_n = lifecycle_var('lifecycle_recommendations_discover') %}
{%- set popular_days = lifecycle_var('lifecycle_recommendations_popular_days') %}
{%- set text = dbt.type_string() %}
with

as_of as (

    select as_of_date from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

persons as (

    select
        person_id,
        person_type,
        customer_id,
        lifecycle_stage
    from {{ ref('customer_lifecycle', 'customer_lifecycle') }}

),

product_orders as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__product_orders') }}

),

bought as (

    -- every product the person ever put in an order, whatever became of it: never in `discover`
    select distinct
        customer_id,
        product_id
    from {{ ref('customer_lifecycle', 'int_lifecycle__product_purchases') }}

),

popular_products as (

    select
        product_id,
        buyers,
        score,
        popularity_rank
    from {{ ref('customer_lifecycle', 'int_lifecycle__popular_products') }}

),

names as (

    select
        product_id,
        product_name
    from {{ ref('customer_lifecycle', 'stg_lifecycle__products') }}
    where quarantine_reason is null

),

similarity as (

    select
        product_id,
        neighbour_id,
        weight,
        model_version
    from {{ ref('product_similarity') }}

),

model_version as (

    select max(model_version) as model_version from similarity

),

history as (

    select
        customer_id,
        product_id,
        count(*) as order_count,
        max(order_date) as last_order_date
    from product_orders
    group by customer_id, product_id

),

repeat_rates as (

    -- the share of a product's buyers who bought it in two or more orders
    select
        product_id,
        {%- set bought_again = "case when order_count > 1 then 1 else 0 end" %}
        {{ lifecycle_round("avg(cast(" ~ bought_again ~ " as " ~ lifecycle_type_double() ~ "))", 6) }} as repeat_rate
    from history
    group by product_id

),

buy_again as (

    select
        history.customer_id,
        history.product_id,
        history.order_count as score,
        coalesce(popular_products.buyers, 0) as recent_buyers,
        repeat_rates.repeat_rate,
        case
            when history.order_count = 1
                then {{ dbt.concat(["'you bought it on '", "cast(history.last_order_date as " ~ text ~ ")"]) }}
            else {{ dbt.concat(["'you bought it '", "cast(history.order_count as " ~ text ~ ")",
                                "' times, last on '", "cast(history.last_order_date as " ~ text ~ ")"]) }}
        end as reason
    from history
    inner join repeat_rates on history.product_id = repeat_rates.product_id
    left join popular_products on history.product_id = popular_products.product_id

),

contributions as (

    -- what each product the person kept adds to each of its neighbours
    select
        history.customer_id,
        similarity.neighbour_id as product_id,
        history.product_id as because_of,
        similarity.weight as contribution
    from history
    inner join similarity on history.product_id = similarity.product_id

),

strongest_reasons as (

    select
        customer_id,
        product_id,
        because_of,
        row_number() over (
            partition by customer_id, product_id
            order by contribution desc, because_of asc
        ) as reason_number
    from contributions

),

neighbour_scores as (

    select
        contributions.customer_id,
        contributions.product_id,
        {{ lifecycle_round("sum(contributions.contribution)", 6) }} as score
    from contributions
    group by contributions.customer_id, contributions.product_id

),

recent_buyers as (

    select distinct
        product_orders.customer_id,
        product_orders.product_id
    from product_orders
    cross join as_of
    where product_orders.order_date > {{ lifecycle_add_days(-popular_days, 'as_of.as_of_date') }}

),

channels as (

    {%- if lifecycle_var('lifecycle_has_customers') %}
    select
        customer_id,
        acquisition_channel
    from {{ ref('customer_lifecycle', 'stg_lifecycle__customers') }}
    where quarantine_reason is null and acquisition_channel is not null
    {%- else %}
    select
        cast(null as {{ text }}) as customer_id,
        cast(null as {{ text }}) as acquisition_channel
    where 1 = 0
    {%- endif %}

),

channel_buyers as (

    select
        channels.acquisition_channel,
        count(distinct recent_buyers.customer_id) as buyers
    from recent_buyers
    inner join channels on recent_buyers.customer_id = channels.customer_id
    group by channels.acquisition_channel

),

channel_popular as (

    -- the share of the channel's recent buyers who bought the product; only the top few are ever needed
    select
        acquisition_channel,
        product_id,
        score
    from (
        select
            channels.acquisition_channel,
            recent_buyers.product_id,
            {{ lifecycle_round("cast(count(*) as " ~ lifecycle_type_double() ~ ") / max(channel_buyers.buyers)", 6) }}
                as score,
            row_number() over (
                partition by channels.acquisition_channel
                order by count(*) desc, recent_buyers.product_id
            ) as popularity_rank
        from recent_buyers
        inner join channels on recent_buyers.customer_id = channels.customer_id
        inner join channel_buyers on channels.acquisition_channel = channel_buyers.acquisition_channel
        group by channels.acquisition_channel, recent_buyers.product_id
    ) as ranked
    where popularity_rank <= {{ 3 * discover_n }}

),

overall_popular as (

    select
        product_id,
        score
    from popular_products
    where popularity_rank <= {{ 3 * discover_n }}

),

discover_candidates as (

    select
        persons.person_id,
        persons.person_type,
        neighbour_scores.product_id,
        1 as tier,
        neighbour_scores.score,
        {{ dbt.concat(["'bought with '", "coalesce(names.product_name, strongest_reasons.because_of)"]) }} as reason
    from persons
    inner join neighbour_scores on persons.customer_id = neighbour_scores.customer_id
    inner join strongest_reasons
        on neighbour_scores.customer_id = strongest_reasons.customer_id
        and neighbour_scores.product_id = strongest_reasons.product_id
        and strongest_reasons.reason_number = 1
    left join names on strongest_reasons.because_of = names.product_id
    where neighbour_scores.score > 0

    union all

    select
        persons.person_id,
        persons.person_type,
        channel_popular.product_id,
        2 as tier,
        channel_popular.score,
        {{ dbt.concat(["'popular with customers like you ('", "channels.acquisition_channel", "')'"]) }} as reason
    from persons
    inner join channels on persons.customer_id = channels.customer_id
    inner join channel_popular on channels.acquisition_channel = channel_popular.acquisition_channel

    union all

    select
        persons.person_id,
        persons.person_type,
        overall_popular.product_id,
        3 as tier,
        overall_popular.score,
        'popular now' as reason
    from persons
    cross join overall_popular

),

discover_ranked as (

    select
        discover_candidates.*,
        row_number() over (
            partition by discover_candidates.person_type, discover_candidates.person_id
            order by discover_candidates.tier asc, discover_candidates.score desc, discover_candidates.product_id asc
        ) as list_rank
    from (
        -- a product keeps its best tier only
        select
            discover_candidates.*,
            row_number() over (
                partition by person_type, person_id, product_id
                order by tier
            ) as tier_number
        from discover_candidates
    ) as discover_candidates
    left join persons
        on discover_candidates.person_type = persons.person_type
        and discover_candidates.person_id = persons.person_id
    left join bought
        on persons.customer_id = bought.customer_id
        and discover_candidates.product_id = bought.product_id
    where discover_candidates.tier_number = 1
        and bought.product_id is null

),

buy_again_ranked as (

    select
        persons.person_id,
        persons.person_type,
        buy_again.product_id,
        buy_again.score,
        buy_again.reason,
        row_number() over (
            partition by persons.person_type, persons.person_id
            order by
                buy_again.score desc,
                buy_again.recent_buyers desc,
                buy_again.repeat_rate desc,
                buy_again.product_id asc
        ) as list_rank
    from persons
    inner join buy_again on persons.customer_id = buy_again.customer_id

),

listed as (

    select
        person_id,
        person_type,
        -- `list` is a keyword, and the published column's name
        'buy_again' as list,  -- noqa: RF04
        list_rank,
        product_id,
        score,
        reason
    from buy_again_ranked
    where list_rank <= {{ buy_again_n }}

    union all

    select
        person_id,
        person_type,
        'discover' as list,  -- noqa: RF04
        list_rank,
        product_id,
        score,
        reason
    from discover_ranked
    where list_rank <= {{ discover_n }}

),

final as (

    select
        listed.person_id,
        listed.person_type,
        persons.customer_id,
        persons.lifecycle_stage,
        listed.list,
        cast(listed.list_rank as integer) as rank,
        listed.product_id,
        names.product_name,
        cast(listed.score as {{ lifecycle_type_double() }}) as score,
        listed.reason,
        model_version.model_version
    from listed
    inner join persons
        on listed.person_type = persons.person_type
        and listed.person_id = persons.person_id
    left join names on listed.product_id = names.product_id
    cross join model_version

)

select * from final
