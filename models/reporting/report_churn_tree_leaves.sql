-- Every leaf of the deployed churn tree that a snapshot ever reached (churn_tree_path), with how many of
-- today's customers sit in it: the report draws the tree from these paths.
with

scored as (

    select * from {{ ref('customer_lifecycle', 'scored_snapshots') }}

),

latest as (

    select max(snapshot_date) as snapshot_date from scored

),

final as (

    select
        scored.churn_tree_path,
        sum(case when scored.snapshot_date = latest.snapshot_date then 1 else 0 end) as customers_now
    from scored
    cross join latest
    group by scored.churn_tree_path

)

select * from final
