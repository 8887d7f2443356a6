-- The catalogue: one row per canonical product id (the first name and category in id order win), plus
-- every row that cannot be used (quarantine_reason). Empty but typed when lifecycle_has_products is off.
with

{% if lifecycle_var('lifecycle_has_order_lines') and lifecycle_var('lifecycle_has_products') %}

parsed as (

    {%- set types = customer_lifecycle.lifecycle_input_types(
        ref('customer_lifecycle', 'stg_lifecycle__products_tmp')
    ) %}
    select
        {{ lifecycle_clean_id('product_id', types.get('product_id')) }} as product_id,
        {{ lifecycle_clean_text('product_name') }} as product_name,
        lower({{ lifecycle_clean_text('category') }}) as category
    from {{ ref('customer_lifecycle', 'stg_lifecycle__products_tmp') }}

),

numbered as (

    select
        *,
        row_number() over (
            partition by product_id
            order by product_name nulls last, category nulls last
        ) as version_number
    from parsed

),

final as (

    select
        product_id,
        product_name,
        category,
        case
            when product_id is null then 'null_product_id'
            when version_number > 1 then 'duplicate_product_id'
        end as quarantine_reason
    from numbered

)

{% else %}

final as (

    select
        cast(null as {{ dbt.type_string() }}) as product_id,
        cast(null as {{ dbt.type_string() }}) as product_name,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as quarantine_reason
    where 1 = 0

)

{% endif %}

select * from final
