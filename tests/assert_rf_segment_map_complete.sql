-- The RF segment map covers all 25 (R, F) cells with one of exactly 10 named segments.
with

scores as (

    select n as score from ({{ lifecycle_integers(1) }}) as digits
    where n between 1 and 5

),

cells as (

    select
        r.score as r_score,
        f.score as f_score,
        {{ lifecycle_rf_segment('r.score', 'f.score') }} as rf_segment
    from scores as r
    cross join scores as f

),

checks as (

    select
        count(*) as cells,
        sum(case when rf_segment is null then 1 else 0 end) as unmapped_cells,
        count(distinct rf_segment) as segments
    from cells

)

select * from checks
where cells <> 25 or unmapped_cells <> 0 or segments <> 10
