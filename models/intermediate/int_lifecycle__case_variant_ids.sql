-- Person ids that differ from another id of their id space only in case (`C7` and `c7`), one row per
-- input the id is used in. They stay different people, as the ids say; the load summaries count them
-- as a warning so a user whose ids are case-insensitive can fix them upstream.
-- Id spaces: customer ids (orders, sign-ups, referrers, events) and visitor ids (events).
{%- set id_columns = [
    ('orders', 'customer', 'stg_lifecycle__orders_validated', 'customer_id'),
    ('customers', 'customer', 'stg_lifecycle__customers', 'customer_id'),
    ('customers', 'customer', 'stg_lifecycle__customers', 'referred_by_customer_id'),
    ('events', 'customer', 'stg_lifecycle__events', 'customer_id'),
    ('events', 'visitor', 'stg_lifecycle__events', 'visitor_id'),
] %}
with

person_ids as (

    -- the ids of accepted rows: the people the marts are built from
    {%- for input, id_space, model, column in id_columns %}
    select
        '{{ input }}' as input,
        '{{ id_space }}' as id_space,
        {{ column }} as id
    from {{ ref('customer_lifecycle', model) }}
    where quarantine_reason is null
    {{ 'union all' if not loop.last }}
    {%- endfor %}

),

used_ids as (

    select distinct
        input,
        id_space,
        id
    from person_ids
    where id is not null

),

folded_ids as (

    -- case folds shared by several distinct ids of one id space
    select
        id_space,
        lower(id) as folded_id
    from (
        select distinct
            id_space,
            id
        from used_ids
    ) as distinct_ids
    group by id_space, lower(id)
    having count(*) > 1

),

final as (

    select
        used_ids.input,
        used_ids.id_space,
        used_ids.id
    from used_ids
    inner join folded_ids
        on used_ids.id_space = folded_ids.id_space
        and lower(used_ids.id) = folded_ids.folded_id

)

select * from final
