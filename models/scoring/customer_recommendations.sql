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
-- Speed (docs/recommendations.md, "Speed"): only people with a product history are ranked one by one; everyone
-- else gets their channel's ranked fallback list as it is, and a "bought with" reason is looked up for the
-- listed products only.
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

neighbour_scores as (

    -- tier 1: what the products each customer kept add to each of their neighbours, summed
    select
        history.customer_id,
        similarity.neighbour_id as product_id,
        {{ lifecycle_round("sum(similarity.weight)", 6) }} as score
    from history
    inner join similarity on history.product_id = similarity.product_id
    group by history.customer_id, similarity.neighbour_id

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

buyers as (

    -- customers with a product history: only their discover lists need ranking person by person
    select distinct customer_id from bought

),

person_channels as (

    select
        persons.person_id,
        persons.person_type,
        persons.customer_id,
        persons.lifecycle_stage,
        channels.acquisition_channel,
        buyers.customer_id is not null as has_bought
    from persons
    left join channels on persons.customer_id = channels.customer_id
    left join buyers on persons.customer_id = buyers.customer_id

),

fallbacks as (

    -- tiers 2 and 3 for a person of each known channel, then tier 3 alone for a person of none (channel null);
    -- a product keeps its best tier
    select
        acquisition_channel,
        product_id,
        2 as tier,
        score
    from channel_popular

    union all

    select
        known_channels.acquisition_channel,
        overall_popular.product_id,
        3 as tier,
        overall_popular.score
    from (select distinct acquisition_channel from channels) as known_channels
    cross join overall_popular
    left join channel_popular
        on known_channels.acquisition_channel = channel_popular.acquisition_channel
        and overall_popular.product_id = channel_popular.product_id
    where channel_popular.product_id is null

    union all

    select
        cast(null as {{ text }}) as acquisition_channel,
        product_id,
        3 as tier,
        score
    from overall_popular

),

ranked_fallbacks as (

    -- the list of a person with nothing to exclude: the same for everyone of a channel
    select
        fallbacks.*,
        row_number() over (
            partition by acquisition_channel
            order by tier asc, score desc, product_id asc
        ) as fallback_rank
    from fallbacks

),

person_fallbacks as (

    -- a buyer's whole fallback list (their purchases may strike any of it), everyone else's first places;
    -- people of no known channel take the list whose channel is null
    select
        person_channels.*,
        ranked_fallbacks.product_id,
        ranked_fallbacks.tier,
        ranked_fallbacks.score,
        ranked_fallbacks.fallback_rank
    from person_channels
    inner join ranked_fallbacks
        on (person_channels.acquisition_channel is null) = (ranked_fallbacks.acquisition_channel is null)
        and coalesce(person_channels.acquisition_channel, '') = coalesce(ranked_fallbacks.acquisition_channel, '')
    where person_channels.has_bought or ranked_fallbacks.fallback_rank <= {{ discover_n }}

),

buyer_candidates as (

    select
        person_channels.*,
        neighbour_scores.product_id,
        1 as tier,
        neighbour_scores.score
    from person_channels
    inner join neighbour_scores on person_channels.customer_id = neighbour_scores.customer_id
    where neighbour_scores.score > 0

    union all

    -- a fallback the neighbour weights already list keeps tier 1
    select
        person_fallbacks.person_id,
        person_fallbacks.person_type,
        person_fallbacks.customer_id,
        person_fallbacks.lifecycle_stage,
        person_fallbacks.acquisition_channel,
        person_fallbacks.has_bought,
        person_fallbacks.product_id,
        person_fallbacks.tier,
        person_fallbacks.score
    from person_fallbacks
    left join neighbour_scores
        on person_fallbacks.customer_id = neighbour_scores.customer_id
        and person_fallbacks.product_id = neighbour_scores.product_id
        and neighbour_scores.score > 0
    where person_fallbacks.has_bought and neighbour_scores.product_id is null

),

buyer_ranked as (

    select
        buyer_candidates.*,
        row_number() over (
            partition by buyer_candidates.person_type, buyer_candidates.person_id
            order by buyer_candidates.tier asc, buyer_candidates.score desc, buyer_candidates.product_id asc
        ) as list_rank
    from buyer_candidates
    left join bought
        on buyer_candidates.customer_id = bought.customer_id
        and buyer_candidates.product_id = bought.product_id
    where bought.product_id is null

),

discover_listed as (

    select * from buyer_ranked
    where list_rank <= {{ discover_n }}

    union all

    -- everyone else: their channel's list as it is
    select
        person_id,
        person_type,
        customer_id,
        lifecycle_stage,
        acquisition_channel,
        has_bought,
        product_id,
        tier,
        score,
        fallback_rank as list_rank
    from person_fallbacks
    where not has_bought and fallback_rank <= {{ discover_n }}

),

strongest_reasons as (

    -- for each listed tier-1 product, the kept product that adds the most to it (the smaller id on ties)
    select
        discover_listed.customer_id,
        discover_listed.product_id,
        history.product_id as because_of,
        row_number() over (
            partition by discover_listed.customer_id, discover_listed.product_id
            order by similarity.weight desc, history.product_id asc
        ) as reason_number
    from discover_listed
    inner join history on discover_listed.customer_id = history.customer_id
    inner join similarity
        on history.product_id = similarity.product_id
        and discover_listed.product_id = similarity.neighbour_id
    where discover_listed.tier = 1

),

buy_again_ranked as (

    select
        persons.person_id,
        persons.person_type,
        persons.customer_id,
        persons.lifecycle_stage,
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
        customer_id,
        lifecycle_stage,
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
        discover_listed.person_id,
        discover_listed.person_type,
        discover_listed.customer_id,
        discover_listed.lifecycle_stage,
        'discover' as list,  -- noqa: RF04
        discover_listed.list_rank,
        discover_listed.product_id,
        discover_listed.score,
        {%- set because_of = "coalesce(names.product_name, strongest_reasons.because_of)" %}
        {%- set channel = "discover_listed.acquisition_channel" %}
        case discover_listed.tier
            when 1 then {{ dbt.concat(["'bought with '", because_of]) }}
            when 2 then {{ dbt.concat(["'popular with customers like you ('", channel, "')'"]) }}
            else 'popular now'
        end as reason
    from discover_listed
    left join strongest_reasons
        on discover_listed.customer_id = strongest_reasons.customer_id
        and discover_listed.product_id = strongest_reasons.product_id
        and strongest_reasons.reason_number = 1
    left join names on strongest_reasons.because_of = names.product_id

),

final as (

    select
        listed.person_id,
        listed.person_type,
        listed.customer_id,
        listed.lifecycle_stage,
        listed.list,
        cast(listed.list_rank as integer) as rank,
        listed.product_id,
        names.product_name,
        cast(listed.score as {{ lifecycle_type_double() }}) as score,
        listed.reason,
        model_version.model_version
    from listed
    left join names on listed.product_id = names.product_id
    cross join model_version

)

select * from final
