-- Every person known on or before the as-of date, with the first date of each signal the
-- lifecycle stages need. A person is a customer id (signed up, bought or identified on the
-- site) or, for visitors never identified by the as-of date, their visitor id. The two id spaces
-- stay apart (person_type is part of the key): visitor 7 becomes customer 7 only through an event
-- that carries both ids, never because the texts are equal.
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

event_signals as (

    -- the events of one customer id and visitor id resolve to one person: one row for them
    -- (a person's signals are first dates, so grouping first changes none of them)
    select
        customer_id,
        visitor_id,
        min(event_date) as seen_date,
        min(case when event_type in ('product_view', 'add_to_cart') then event_date end) as engaged_date,
        min(case when event_type = 'review' then event_date end) as review_date,
        min(case when event_type = 'referral_sent' then event_date end) as referral_date
    from events
    group by customer_id, visitor_id

),

visitor_customers as (

    select
        visitor_id,
        min(customer_id) as customer_id,
        count(*) as customers
    from event_signals
    where customer_id is not null and visitor_id is not null
    group by visitor_id

),

contested_identities as (

    -- a visitor identified as several customers: their events ranked (the rest need no ranking).
    -- Read from staging, not from `events`: a second reader would make DuckDB materialize it.
    select
        events.visitor_id,
        events.customer_id,
        row_number() over (
            partition by events.visitor_id
            order by events.occurred_at nulls last, events.event_id nulls last
        ) as identity_number
    from {{ ref('customer_lifecycle', 'stg_lifecycle__events') }} as events
    cross join as_of
    where events.event_date <= as_of.as_of_date
        and events.customer_id is not null
        and events.visitor_id in (
            select contested.visitor_id from visitor_customers as contested
            where contested.customers > 1
        )

),

visitor_identities as (

    -- a visitor id keeps browsing after sign-up: its first identified event names the person
    select
        visitor_id,
        customer_id
    from visitor_customers
    where customers = 1
    union all
    select
        visitor_id,
        customer_id
    from contested_identities
    where identity_number = 1

),

resolved_events as (

    select
        coalesce(event_signals.customer_id, visitor_identities.customer_id, event_signals.visitor_id) as person_id,
        case
            when coalesce(event_signals.customer_id, visitor_identities.customer_id) is null then 'anonymous_visitor'
            else 'customer'
        end as person_type,
        coalesce(event_signals.customer_id, visitor_identities.customer_id) as customer_id,
        event_signals.visitor_id,
        event_signals.seen_date,
        event_signals.engaged_date,
        event_signals.review_date,
        event_signals.referral_date
    from event_signals
    left join visitor_identities
        on visitor_identities.visitor_id = event_signals.visitor_id

),

order_signals as (

    -- any order, even cancelled or returned, is engagement
    select
        customer_id,
        min(order_date) as first_order_date
    from orders
    group by customer_id

),

signals as (

    select
        customer_id as person_id,
        'customer' as person_type,
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
        person_type,
        customer_id,
        visitor_id,
        seen_date,
        cast(null as date) as signed_up_date,
        engaged_date,
        review_date,
        referral_date
    from resolved_events

    union all

    select
        customer_id as person_id,
        'customer' as person_type,
        customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        first_order_date as seen_date,
        cast(null as date) as signed_up_date,
        first_order_date as engaged_date,
        cast(null as date) as review_date,
        cast(null as date) as referral_date
    from order_signals

    union all

    -- a referred friend signing up counts as a referral by the referrer
    select
        referred_by_customer_id as person_id,
        'customer' as person_type,
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
        person_type,
        min(seen_date) as first_seen_date,
        min(signed_up_date) as signed_up_date,
        min(engaged_date) as first_engaged_date,
        min(review_date) as first_review_date,
        min(referral_date) as first_referral_date
    from signals
    group by person_type, person_id

)

-- a referrer must have been seen in their own right
select * from final
where first_seen_date is not null
