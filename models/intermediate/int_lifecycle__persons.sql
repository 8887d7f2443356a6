-- Every person known on or before the as-of date, with the first date of each signal the
-- lifecycle stages need. A person is a customer id (signed up, bought or identified on the
-- site) or, for visitors never identified by the as-of date, their visitor id.
with

as_of as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__as_of_date') }}

),

customers as (

    select customers.*
    from {{ ref('customer_lifecycle', 'stg_lifecycle__customers') }} as customers
    cross join as_of
    where customers.signed_up_date <= as_of.as_of_date

),

events as (

    select events.*
    from {{ ref('customer_lifecycle', 'stg_lifecycle__events') }} as events
    cross join as_of
    where events.event_date <= as_of.as_of_date

),

orders as (

    select * from {{ ref('customer_lifecycle', 'int_lifecycle__orders') }}

),

visitor_identities as (

    -- a visitor id keeps browsing after sign-up: its first identified event names the person
    select
        visitor_id,
        customer_id,
        row_number() over (
            partition by visitor_id
            order by occurred_at nulls last, event_id nulls last
        ) as identity_number
    from events
    where customer_id is not null

),

resolved_events as (

    select
        coalesce(events.customer_id, visitor_identities.customer_id, events.visitor_id) as person_id,
        coalesce(events.customer_id, visitor_identities.customer_id) as customer_id,
        events.visitor_id,
        events.event_type,
        events.event_date
    from events
    left join visitor_identities
        on visitor_identities.visitor_id = events.visitor_id
        and visitor_identities.identity_number = 1

),

signals as (

    select
        customer_id as person_id,
        customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        signed_up_date as seen_date,
        signed_up_date,
        cast(null as date) as engaged_date,
        cast(null as date) as review_date,
        cast(null as date) as referral_date
    from customers

    union all

    select
        person_id,
        customer_id,
        visitor_id,
        event_date as seen_date,
        cast(null as date) as signed_up_date,
        case when event_type in ('product_view', 'add_to_cart') then event_date end as engaged_date,
        case when event_type = 'review' then event_date end as review_date,
        case when event_type = 'referral_sent' then event_date end as referral_date
    from resolved_events

    union all

    -- any order, even cancelled or returned, is engagement
    select
        customer_id as person_id,
        customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        order_date as seen_date,
        cast(null as date) as signed_up_date,
        order_date as engaged_date,
        cast(null as date) as review_date,
        cast(null as date) as referral_date
    from orders

    union all

    -- a referred friend signing up counts as a referral by the referrer
    select
        referred_by_customer_id as person_id,
        referred_by_customer_id as customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        cast(null as date) as seen_date,
        cast(null as date) as signed_up_date,
        cast(null as date) as engaged_date,
        cast(null as date) as review_date,
        signed_up_date as referral_date
    from customers
    where referred_by_customer_id is not null

),

final as (

    select
        person_id,
        max(customer_id) as customer_id,
        min(visitor_id) as visitor_id,
        case when max(customer_id) is null then 'anonymous_visitor' else 'customer' end as person_type,
        min(seen_date) as first_seen_date,
        min(signed_up_date) as signed_up_date,
        min(engaged_date) as first_engaged_date,
        min(review_date) as first_review_date,
        min(referral_date) as first_referral_date
    from signals
    group by person_id

)

-- a referrer must have been seen in their own right
select * from final
where first_seen_date is not null
